#include "cpu/gemm_float.h"

#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

#include "core/parallel.h"

namespace ember::cpu {

namespace {

// ---- micro-kernels ------------------------------------------------------------------------------
// A micro-kernel multiplies a packed MR x kc panel of A (a[p * MR + i] = A(i, p)) by a packed
// kc x NR panel of B (b[p * NR + j] = B(p, j)), summing each entry in the order of p, then writes
// the MR x NR tile c (rows ldc apart, unit column stride): c = alpha * acc + beta * c, and with
// beta == 0, c = alpha * acc without reading c. The update uses separate multiplies and adds so
// that the scalar edge path (merge_tile) rounds exactly the same way.

template <class T>
using KernelFn = void (*)(int64_t kc, const T* a, const T* b, T* c, int64_t ldc, T alpha, T beta);

// Plain C++: the compiler's vectorizer does what it can with the baseline instruction set.
template <class T, int MR, int NR>
void kernel_generic(int64_t kc, const T* __restrict a, const T* __restrict b, T* __restrict c,
                    int64_t ldc, T alpha, T beta) {
  T acc[MR][NR] = {};
  for (int64_t p = 0; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) {
      const T ai = a[i];
      for (int j = 0; j < NR; ++j) acc[i][j] += ai * b[j];
    }
    a += MR;
    b += NR;
  }
  for (int i = 0; i < MR; ++i) {
    T* ci = c + i * ldc;
    for (int j = 0; j < NR; ++j) {
      const T v = alpha * acc[i][j];
      ci[j] = beta == T(0) ? v : v + beta * ci[j];
    }
  }
}

// AVX-512: 14 x 32 floats (or 14 x 16 doubles) in 28 zmm accumulators; each step loads two vectors
// of B and broadcasts 14 entries of A into fused multiply-adds.
#define EMBER_AVX512 __attribute__((target("avx512f")))

EMBER_AVX512 void kernel_avx512_f32(int64_t kc, const float* __restrict a,
                                    const float* __restrict b, float* __restrict c, int64_t ldc,
                                    float alpha, float beta) {
  constexpr int MR = 14;
  __m512 acc[MR][2];
#pragma GCC unroll 14
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 31), _MM_HINT_T0);
    acc[i][0] = _mm512_setzero_ps();
    acc[i][1] = _mm512_setzero_ps();
  }
  for (int64_t p = 0; p < kc; ++p) {
    const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * 32), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * 32 + 16), _MM_HINT_T0);
#pragma GCC unroll 14
    for (int i = 0; i < MR; ++i) {
      const __m512 ai = _mm512_set1_ps(a[i]);
      acc[i][0] = _mm512_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += 32;
  }
  const __m512 va = _mm512_set1_ps(alpha), vb = _mm512_set1_ps(beta);
#pragma GCC unroll 14
  for (int i = 0; i < MR; ++i) {
    float* ci = c + i * ldc;
    __m512 v0 = _mm512_mul_ps(va, acc[i][0]), v1 = _mm512_mul_ps(va, acc[i][1]);
    if (beta != 0.0f) {
      v0 = _mm512_add_ps(v0, _mm512_mul_ps(vb, _mm512_loadu_ps(ci)));
      v1 = _mm512_add_ps(v1, _mm512_mul_ps(vb, _mm512_loadu_ps(ci + 16)));
    }
    _mm512_storeu_ps(ci, v0);
    _mm512_storeu_ps(ci + 16, v1);
  }
}

EMBER_AVX512 void kernel_avx512_f64(int64_t kc, const double* __restrict a,
                                    const double* __restrict b, double* __restrict c, int64_t ldc,
                                    double alpha, double beta) {
  constexpr int MR = 14;
  __m512d acc[MR][2];
#pragma GCC unroll 14
  for (int i = 0; i < MR; ++i) {
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(c + i * ldc + 15), _MM_HINT_T0);
    acc[i][0] = _mm512_setzero_pd();
    acc[i][1] = _mm512_setzero_pd();
  }
  for (int64_t p = 0; p < kc; ++p) {
    const __m512d b0 = _mm512_load_pd(b), b1 = _mm512_load_pd(b + 8);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * 16), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char*>(b + 8 * 16 + 8), _MM_HINT_T0);
#pragma GCC unroll 14
    for (int i = 0; i < MR; ++i) {
      const __m512d ai = _mm512_set1_pd(a[i]);
      acc[i][0] = _mm512_fmadd_pd(ai, b0, acc[i][0]);
      acc[i][1] = _mm512_fmadd_pd(ai, b1, acc[i][1]);
    }
    a += MR;
    b += 16;
  }
  const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
#pragma GCC unroll 14
  for (int i = 0; i < MR; ++i) {
    double* ci = c + i * ldc;
    __m512d v0 = _mm512_mul_pd(va, acc[i][0]), v1 = _mm512_mul_pd(va, acc[i][1]);
    if (beta != 0.0) {
      v0 = _mm512_add_pd(v0, _mm512_mul_pd(vb, _mm512_loadu_pd(ci)));
      v1 = _mm512_add_pd(v1, _mm512_mul_pd(vb, _mm512_loadu_pd(ci + 8)));
    }
    _mm512_storeu_pd(ci, v0);
    _mm512_storeu_pd(ci + 8, v1);
  }
}

// AVX2 + FMA: 6 x 16 floats (or 6 x 8 doubles) in 12 ymm accumulators.
#define EMBER_AVX2 __attribute__((target("avx2,fma")))

EMBER_AVX2 void kernel_avx2_f32(int64_t kc, const float* __restrict a, const float* __restrict b,
                                float* __restrict c, int64_t ldc, float alpha, float beta) {
  constexpr int MR = 6;
  __m256 acc[MR][2];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = _mm256_setzero_ps();
    acc[i][1] = _mm256_setzero_ps();
  }
  for (int64_t p = 0; p < kc; ++p) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      const __m256 ai = _mm256_broadcast_ss(a + i);
      acc[i][0] = _mm256_fmadd_ps(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_ps(ai, b1, acc[i][1]);
    }
    a += MR;
    b += 16;
  }
  const __m256 va = _mm256_set1_ps(alpha), vb = _mm256_set1_ps(beta);
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    float* ci = c + i * ldc;
    __m256 v0 = _mm256_mul_ps(va, acc[i][0]), v1 = _mm256_mul_ps(va, acc[i][1]);
    if (beta != 0.0f) {
      v0 = _mm256_add_ps(v0, _mm256_mul_ps(vb, _mm256_loadu_ps(ci)));
      v1 = _mm256_add_ps(v1, _mm256_mul_ps(vb, _mm256_loadu_ps(ci + 8)));
    }
    _mm256_storeu_ps(ci, v0);
    _mm256_storeu_ps(ci + 8, v1);
  }
}

EMBER_AVX2 void kernel_avx2_f64(int64_t kc, const double* __restrict a, const double* __restrict b,
                                double* __restrict c, int64_t ldc, double alpha, double beta) {
  constexpr int MR = 6;
  __m256d acc[MR][2];
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = _mm256_setzero_pd();
    acc[i][1] = _mm256_setzero_pd();
  }
  for (int64_t p = 0; p < kc; ++p) {
    const __m256d b0 = _mm256_load_pd(b), b1 = _mm256_load_pd(b + 4);
#pragma GCC unroll 6
    for (int i = 0; i < MR; ++i) {
      const __m256d ai = _mm256_broadcast_sd(a + i);
      acc[i][0] = _mm256_fmadd_pd(ai, b0, acc[i][0]);
      acc[i][1] = _mm256_fmadd_pd(ai, b1, acc[i][1]);
    }
    a += MR;
    b += 8;
  }
  const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
#pragma GCC unroll 6
  for (int i = 0; i < MR; ++i) {
    double* ci = c + i * ldc;
    __m256d v0 = _mm256_mul_pd(va, acc[i][0]), v1 = _mm256_mul_pd(va, acc[i][1]);
    if (beta != 0.0) {
      v0 = _mm256_add_pd(v0, _mm256_mul_pd(vb, _mm256_loadu_pd(ci)));
      v1 = _mm256_add_pd(v1, _mm256_mul_pd(vb, _mm256_loadu_pd(ci + 4)));
    }
    _mm256_storeu_pd(ci, v0);
    _mm256_storeu_pd(ci + 4, v1);
  }
}

// Integers modulo 2^64 (int64 as PyTorch wraps it), AVX-512 with DQ's 64-bit multiply (vpmullq):
// 12 x 16 in 24 zmm accumulators; the products are not fused, so a register is left for them.
#define EMBER_AVX512DQ __attribute__((target("avx512f,avx512dq")))

EMBER_AVX512DQ void kernel_avx512_u64(int64_t kc, const uint64_t* __restrict a,
                                      const uint64_t* __restrict b, uint64_t* __restrict c,
                                      int64_t ldc, uint64_t alpha, uint64_t beta) {
  constexpr int MR = 12;
  __m512i acc[MR][2];
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    acc[i][0] = _mm512_setzero_si512();
    acc[i][1] = _mm512_setzero_si512();
  }
  for (int64_t p = 0; p < kc; ++p) {
    const __m512i b0 = _mm512_load_si512(b), b1 = _mm512_load_si512(b + 8);
#pragma GCC unroll 12
    for (int i = 0; i < MR; ++i) {
      const __m512i ai = _mm512_set1_epi64(static_cast<long long>(a[i]));
      acc[i][0] = _mm512_add_epi64(acc[i][0], _mm512_mullo_epi64(ai, b0));
      acc[i][1] = _mm512_add_epi64(acc[i][1], _mm512_mullo_epi64(ai, b1));
    }
    a += MR;
    b += 16;
  }
  const __m512i va = _mm512_set1_epi64(static_cast<long long>(alpha));
  const __m512i vb = _mm512_set1_epi64(static_cast<long long>(beta));
#pragma GCC unroll 12
  for (int i = 0; i < MR; ++i) {
    uint64_t* ci = c + i * ldc;
    __m512i v0 = _mm512_mullo_epi64(va, acc[i][0]), v1 = _mm512_mullo_epi64(va, acc[i][1]);
    if (beta != 0) {
      v0 = _mm512_add_epi64(v0, _mm512_mullo_epi64(vb, _mm512_loadu_si512(ci)));
      v1 = _mm512_add_epi64(v1, _mm512_mullo_epi64(vb, _mm512_loadu_si512(ci + 8)));
    }
    _mm512_storeu_si512(ci, v0);
    _mm512_storeu_si512(ci + 8, v1);
  }
}

// ---- blocking -----------------------------------------------------------------------------------

// One instruction set's kernel and block sizes. One packed micro-panel of A (MR x KC) stays in L1
// while the packed B block (KC x NC, about 1 MiB: the L2 cache) streams past it, one micro-panel
// of B at a time (prefetched a few steps ahead); the packed A block (MC x KC) lives in L2/L3.
// (Measured on a 2-core Xeon with AVX-512: this order beat B-panel-in-L1 by ~6% at n = 1024.)
template <class T>
struct Config {
  KernelFn<T> kernel;
  int mr, nr;
  int64_t kc, mc, nc;
};

constexpr int kMaxTile = 14 * 32;  // the largest MR * NR, in elements

enum class Isa { kAvx512, kAvx2, kGeneric };

Isa detect_isa() {
  if (const char* env = std::getenv("EMBER_GEMM_ISA")) {
    if (std::strcmp(env, "generic") == 0) return Isa::kGeneric;
    if (std::strcmp(env, "avx2") == 0 && __builtin_cpu_supports("avx2") &&
        __builtin_cpu_supports("fma")) {
      return Isa::kAvx2;
    }
  }
  if (__builtin_cpu_supports("avx512f")) return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::kAvx2;
  return Isa::kGeneric;
}

std::atomic<Isa>& current_isa() {
  static std::atomic<Isa> isa{detect_isa()};
  return isa;
}

bool use_avx512_packing() { return current_isa().load(std::memory_order_relaxed) == Isa::kAvx512; }

template <class T>
Config<T> config() {
  const Isa isa = current_isa().load(std::memory_order_relaxed);
  if constexpr (std::is_same_v<T, float>) {
    switch (isa) {
      case Isa::kAvx512:
        return {kernel_avx512_f32, 14, 32, 256, 14 * 24, 1024};
      case Isa::kAvx2:
        return {kernel_avx2_f32, 6, 16, 256, 6 * 24, 512};
      case Isa::kGeneric:
        break;
    }
    return {kernel_generic<float, 4, 16>, 4, 16, 256, 4 * 32, 256};
  } else if constexpr (std::is_same_v<T, double>) {
    switch (isa) {
      case Isa::kAvx512:
        return {kernel_avx512_f64, 14, 16, 256, 14 * 12, 512};
      case Isa::kAvx2:
        return {kernel_avx2_f64, 6, 8, 256, 6 * 12, 256};
      case Isa::kGeneric:
        break;
    }
    return {kernel_generic<double, 4, 8>, 4, 8, 256, 4 * 16, 128};
  } else {
    // AVX2 has no 64-bit multiply: the plain kernel's scalar multiplies are as fast as emulating
    // it.
    if (isa == Isa::kAvx512 && __builtin_cpu_supports("avx512dq")) {
      return {kernel_avx512_u64, 12, 16, 256, 12 * 16, 512};
    }
    return {kernel_generic<uint64_t, 4, 8>, 4, 8, 256, 4 * 16, 128};
  }
}

// A 64-byte aligned scratch buffer that only grows; one per thread for each operand, so that the
// packing never allocates once warm.
class Scratch {
 public:
  Scratch() = default;
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() { std::free(data_); }
  template <class T>
  T* get(int64_t count) {
    const size_t bytes = (static_cast<size_t>(count) * sizeof(T) + 63) / 64 * 64;
    if (bytes > size_) {
      std::free(data_);
      data_ = nullptr;
      size_ = 0;
      data_ = std::aligned_alloc(64, bytes);
      if (data_ == nullptr) throw std::bad_alloc();
      size_ = bytes;
    }
    return static_cast<T*>(data_);
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

thread_local Scratch scratch_a, scratch_b;

// dst[p * w + r] = src[r * ld + p] for r < rows, p < kc, and zeros for rows <= r < w (w <= 32):
// the packing of a row-major panel of A, or of a column-major panel of B. 16 x 16 blocks are
// transposed in registers (four rounds of shuffles), so that every load and store is a vector.
EMBER_AVX512 void pack_transposed_avx512_f32(const float* src, int64_t ld, int64_t rows, int64_t kc,
                                             float* dst, int w) {
  for (int r0 = 0; r0 < w; r0 += 16) {
    const int64_t valid = std::clamp<int64_t>(rows - r0, 0, 16);
    const int lanes = std::min(16, w - r0);
    const __mmask16 kAll = 0xFFFF;  // maskz forms: GCC 12 warns inside the plain ones
    const __mmask16 mask = static_cast<__mmask16>((1u << lanes) - 1);
    const float* s = src + r0 * ld;
    float* d = dst + r0;
    int64_t p = 0;
    for (; p + 16 <= kc; p += 16) {
      __m512 v[16], t[16];
#pragma GCC unroll 16
      for (int r = 0; r < 16; ++r) {
        v[r] = r < valid ? _mm512_loadu_ps(s + r * ld + p) : _mm512_setzero_ps();
      }
#pragma GCC unroll 8
      for (int r = 0; r < 16; r += 2) {
        t[r] = _mm512_maskz_unpacklo_ps(kAll, v[r], v[r + 1]);
        t[r + 1] = _mm512_maskz_unpackhi_ps(kAll, v[r], v[r + 1]);
      }
      // v[4g + j]: column 4l + j of rows 4g..4g+3 in each 128-bit lane l.
#pragma GCC unroll 4
      for (int g = 0; g < 16; g += 4) {
        v[g] = _mm512_maskz_shuffle_ps(kAll, t[g], t[g + 2], 0x44);
        v[g + 1] = _mm512_maskz_shuffle_ps(kAll, t[g], t[g + 2], 0xEE);
        v[g + 2] = _mm512_maskz_shuffle_ps(kAll, t[g + 1], t[g + 3], 0x44);
        v[g + 3] = _mm512_maskz_shuffle_ps(kAll, t[g + 1], t[g + 3], 0xEE);
      }
#pragma GCC unroll 4
      for (int j = 0; j < 4; ++j) {
        t[j] = _mm512_maskz_shuffle_f32x4(kAll, v[j], v[4 + j], 0x88);
        t[4 + j] = _mm512_maskz_shuffle_f32x4(kAll, v[j], v[4 + j], 0xDD);
        t[8 + j] = _mm512_maskz_shuffle_f32x4(kAll, v[8 + j], v[12 + j], 0x88);
        t[12 + j] = _mm512_maskz_shuffle_f32x4(kAll, v[8 + j], v[12 + j], 0xDD);
      }
#pragma GCC unroll 4
      for (int j = 0; j < 4; ++j) {
        v[j] = _mm512_maskz_shuffle_f32x4(kAll, t[j], t[8 + j], 0x88);
        v[8 + j] = _mm512_maskz_shuffle_f32x4(kAll, t[j], t[8 + j], 0xDD);
        v[4 + j] = _mm512_maskz_shuffle_f32x4(kAll, t[4 + j], t[12 + j], 0x88);
        v[12 + j] = _mm512_maskz_shuffle_f32x4(kAll, t[4 + j], t[12 + j], 0xDD);
      }
#pragma GCC unroll 16
      for (int q = 0; q < 16; ++q) _mm512_mask_storeu_ps(d + (p + q) * w, mask, v[q]);
    }
    for (; p < kc; ++p) {
      for (int r = 0; r < lanes; ++r) d[p * w + r] = r < valid ? s[r * ld + p] : 0.0f;
    }
  }
}

bool use_avx512_packing();

// Packs the mc x kc block of A (element (i, p) at a[i * rs + p * cs]) as micro-panels of mr rows:
// panel ir holds dst[ir * kc + p * mr + i]; rows past mc are zeros.
template <class T>
void pack_a(int mr, int64_t mc, int64_t kc, const T* a, int64_t rs, int64_t cs, T* dst) {
  for (int64_t ir = 0; ir < mc; ir += mr) {
    const int64_t rows = std::min<int64_t>(mr, mc - ir);
    T* d = dst + ir * kc;
    const T* s = a + ir * rs;
    if constexpr (std::is_same_v<T, float>) {
      if (cs == 1 && mr <= 32 && use_avx512_packing()) {
        pack_transposed_avx512_f32(s, rs, rows, kc, d, mr);
        continue;
      }
    }
    if (cs == 1) {
      // Rows read side by side (mr streams), so that the stores are contiguous.
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t i = 0; i < rows; ++i) d[p * mr + i] = s[i * rs + p];
      }
    } else if (rs == 1) {
      for (int64_t p = 0; p < kc; ++p) {
        const T* col = s + p * cs;
        for (int64_t i = 0; i < rows; ++i) d[p * mr + i] = col[i];
      }
    } else {
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t i = 0; i < rows; ++i) d[p * mr + i] = s[i * rs + p * cs];
      }
    }
    if (rows < mr) {
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t i = rows; i < mr; ++i) d[p * mr + i] = T(0);
      }
    }
  }
}

// Packs the kc x nc block of B (element (p, j) at b[p * rs + j * cs]) as micro-panels of nr
// columns: panel jr holds dst[jr * kc + p * nr + j]; columns past nc are zeros.
template <class T>
void pack_b(int nr, int64_t kc, int64_t nc, const T* b, int64_t rs, int64_t cs, T* dst) {
  for (int64_t jr = 0; jr < nc; jr += nr) {
    const int64_t cols = std::min<int64_t>(nr, nc - jr);
    T* d = dst + jr * kc;
    const T* s = b + jr * cs;
    if constexpr (std::is_same_v<T, float>) {
      if (rs == 1 && cs != 1 && nr <= 32 && use_avx512_packing()) {
        pack_transposed_avx512_f32(s, cs, cols, kc, d, nr);
        continue;
      }
    }
    if (cs == 1) {
      for (int64_t p = 0; p < kc; ++p) {
        const T* row = s + p * rs;
        T* out = d + p * nr;
        for (int64_t j = 0; j < cols; ++j) out[j] = row[j];
      }
    } else if (rs == 1) {
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t j = 0; j < cols; ++j) d[p * nr + j] = s[j * cs + p];
      }
    } else {
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t j = 0; j < cols; ++j) d[p * nr + j] = s[p * rs + j * cs];
      }
    }
    if (cols < nr) {
      for (int64_t p = 0; p < kc; ++p) {
        for (int64_t j = cols; j < nr; ++j) d[p * nr + j] = T(0);
      }
    }
  }
}

// c = alpha * t + beta * c over an rows x cols tile (beta == 0: c not read), rounding as the
// micro-kernels' update does.
template <class T>
void merge_tile(const T* t, int nr, int64_t rows, int64_t cols, T* c, int64_t rs, int64_t cs,
                T alpha, T beta) {
  for (int64_t i = 0; i < rows; ++i) {
    for (int64_t j = 0; j < cols; ++j) {
      T& dst = c[i * rs + j * cs];
      const T v = alpha * t[i * nr + j];
      dst = beta == T(0) ? v : v + beta * dst;
    }
  }
}

// A matrix operand: element (i, j) at data[i * rs + j * cs].
template <class T>
struct Operand {
  T* data;
  int64_t rs, cs;
};

// The blocked product of one part of C on the calling thread: C[m x n] = alpha * A @ B + beta * C.
// The k blocks are the same for every part (they depend on k alone), so every entry is summed in
// the same order whatever the partition.
template <class T>
void gemm_blocked(const Config<T>& cfg, int64_t m, int64_t n, int64_t k, T alpha,
                  Operand<const T> A, Operand<const T> B, T beta, Operand<T> C) {
  const int mr = cfg.mr, nr = cfg.nr;
  // k in equal blocks of at most KC (a short last block wastes the kernel's loop overhead).
  const int64_t kblocks = (k + cfg.kc - 1) / cfg.kc;
  const int64_t kc_max = (k + kblocks - 1) / kblocks;
  const int64_t nc_max = std::min(cfg.nc, (n + nr - 1) / nr * nr);
  const int64_t mc_max = std::min(cfg.mc, (m + mr - 1) / mr * mr);
  T* bp = scratch_b.get<T>(kc_max * nc_max);
  T* ap = scratch_a.get<T>(mc_max * kc_max);
  alignas(64) T tile[kMaxTile];
  for (int64_t jc = 0; jc < n; jc += cfg.nc) {
    const int64_t nc = std::min(cfg.nc, n - jc);
    for (int64_t pc = 0; pc < k; pc += kc_max) {
      const int64_t kc = std::min(kc_max, k - pc);
      pack_b(nr, kc, nc, B.data + pc * B.rs + jc * B.cs, B.rs, B.cs, bp);
      const T beta_k = pc == 0 ? beta : T(1);
      for (int64_t ic = 0; ic < m; ic += cfg.mc) {
        const int64_t mc = std::min(cfg.mc, m - ic);
        pack_a(mr, mc, kc, A.data + ic * A.rs + pc * A.cs, A.rs, A.cs, ap);
        for (int64_t ir = 0; ir < mc; ir += mr) {
          const int64_t rows = std::min<int64_t>(mr, mc - ir);
          const T* apanel = ap + ir * kc;
          for (int64_t jr = 0; jr < nc; jr += nr) {
            const int64_t cols = std::min<int64_t>(nr, nc - jr);
            const T* bpanel = bp + jr * kc;
            T* c = C.data + (ic + ir) * C.rs + (jc + jr) * C.cs;
            if (rows == mr && cols == nr && C.cs == 1) {
              cfg.kernel(kc, apanel, bpanel, c, C.rs, alpha, beta_k);
            } else {
              cfg.kernel(kc, apanel, bpanel, tile, nr, T(1), T(0));
              merge_tile(tile, nr, rows, cols, c, C.rs, C.cs, alpha, beta_k);
            }
          }
        }
      }
    }
  }
}

// ---- small and skinny products ------------------------------------------------------------------

// Each row of C summed over k directly from the operands (no packing): for products too small for
// the packing to pay, and for matrix-vector products (m == 1) where B's rows are contiguous.
template <class T>
void gemm_rows(int64_t m, int64_t n, int64_t k, T alpha, Operand<const T> A, Operand<const T> B,
               T beta, Operand<T> C) {
  constexpr int64_t kChunk = 128;
  T acc[kChunk];
  for (int64_t i = 0; i < m; ++i) {
    const T* arow = A.data + i * A.rs;
    for (int64_t j0 = 0; j0 < n; j0 += kChunk) {
      const int64_t nj = std::min(kChunk, n - j0);
      std::fill_n(acc, nj, T(0));
      for (int64_t p = 0; p < k; ++p) {
        const T av = arow[p * A.cs];
        const T* brow = B.data + p * B.rs + j0 * B.cs;
        if (B.cs == 1) {
          for (int64_t j = 0; j < nj; ++j) acc[j] += av * brow[j];
        } else {
          for (int64_t j = 0; j < nj; ++j) acc[j] += av * brow[j * B.cs];
        }
      }
      T* crow = C.data + i * C.rs + j0 * C.cs;
      for (int64_t j = 0; j < nj; ++j) {
        T& dst = crow[j * C.cs];
        const T v = alpha * acc[j];
        dst = beta == T(0) ? v : v + beta * dst;
      }
    }
  }
}

// sum_p x[p] * y[p] over contiguous vectors, in 16 interleaved partial sums combined in a fixed
// order (the same result whichever instruction set the clone runs).
template <class T>
__attribute__((target_clones("default", "avx2", "avx512f"))) T dot_contiguous(
    int64_t k, const T* __restrict x, const T* __restrict y) {
  T s[16] = {};
  int64_t p = 0;
  for (; p + 16 <= k; p += 16) {
    for (int j = 0; j < 16; ++j) s[j] += x[p + j] * y[p + j];
  }
  for (int j = 0; p < k; ++p, ++j) s[j] += x[p] * y[p];
  for (int w = 8; w >= 1; w /= 2) {
    for (int j = 0; j < w; ++j) s[j] += s[j + w];
  }
  return s[0];
}

// Matrix-vector: C[m x 1] = alpha * A @ x + beta * C, A with unit column stride (rows contiguous).
template <class T>
void gemv_rows(int64_t m, int64_t k, T alpha, Operand<const T> A, const T* x, T beta,
               Operand<T> C) {
  for (int64_t i = 0; i < m; ++i) {
    T& dst = C.data[i * C.rs];
    const T v = alpha * dot_contiguous<T>(k, A.data + i * A.rs, x);
    dst = beta == T(0) ? v : v + beta * dst;
  }
}

// ---- the entry point ----------------------------------------------------------------------------

constexpr int64_t kSmallProduct = 32 * 32 * 32;     // below: no packing
constexpr int64_t kParallelProduct = 96 * 96 * 96;  // below: one thread

template <class T>
void gemm(int64_t m, int64_t n, int64_t k, T alpha, Operand<const T> A, Operand<const T> B, T beta,
          Operand<T> C) {
  if (m <= 0 || n <= 0) return;
  if (k <= 0 || alpha == T(0)) {
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        T& dst = C.data[i * C.rs + j * C.cs];
        dst = beta == T(0) ? T(0) : beta * dst;
      }
    }
    return;
  }
  // A row of C (m == 1), or a column (n == 1) as the row of the transposed product
  // C^T = B^T @ A^T: a vector-matrix product, memory-bound, not worth packing.
  if (n == 1 && m > 1) {
    std::swap(m, n);
    std::swap(A, B);
    std::swap(A.rs, A.cs);
    std::swap(B.rs, B.cs);
    std::swap(C.rs, C.cs);
  }
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const int threads = work < kParallelProduct ? 1 : get_num_threads();
  if (m == 1) {
    // B's columns contiguous: one dot product per entry of C; else rows of B scaled and added.
    const bool by_dot = k > 1 && B.rs == 1 && A.cs == 1;
    const int64_t grain =
        std::max<int64_t>(by_dot ? 64 : 128, kParallelProduct / std::max<int64_t>(k, 1));
    internal::parallel_for(0, n, threads > 1 ? grain : n, [&](int64_t j0, int64_t j1) {
      Operand<const T> Bj{B.data + j0 * B.cs, B.rs, B.cs};
      Operand<T> Cj{C.data + j0 * C.cs, C.rs, C.cs};
      if (by_dot) {
        // C^T = B^T @ a^T with B^T's rows contiguous.
        gemv_rows<T>(j1 - j0, k, alpha, {Bj.data, Bj.cs, 1}, A.data, beta, {Cj.data, Cj.cs, 0});
      } else {
        gemm_rows<T>(1, j1 - j0, k, alpha, A, Bj, beta, Cj);
      }
    });
    return;
  }
  if (work < kSmallProduct) {
    // Rows of C run along the operand whose rows are contiguous.
    if (B.cs != 1 && A.rs == 1) {
      gemm_rows<T>(n, m, k, alpha, {B.data, B.cs, B.rs}, {A.data, A.cs, A.rs}, beta,
                   {C.data, C.cs, C.rs});
    } else {
      gemm_rows<T>(m, n, k, alpha, A, B, beta, C);
    }
    return;
  }
  const Config<T> cfg = config<T>();
  // Few rows or columns: C^T = B^T @ A^T when that pads the micro-panels much less (the tiles of
  // C^T then go through merge_tile, C^T's rows not being contiguous).
  const auto padded = [&](int64_t rows, int64_t cols) {
    return (rows + cfg.mr - 1) / cfg.mr * cfg.mr * ((cols + cfg.nr - 1) / cfg.nr * cfg.nr);
  };
  if (10 * padded(n, m) < 7 * padded(m, n)) {
    std::swap(m, n);
    std::swap(A, B);
    std::swap(A.rs, A.cs);
    std::swap(B.rs, B.cs);
    std::swap(C.rs, C.cs);
  }
  if (threads <= 1) {
    gemm_blocked<T>(cfg, m, n, k, alpha, A, B, beta, C);
    return;
  }
  // Split C's rows or its columns (whole micro-panels each) over the threads, whichever wastes
  // less: padded micro-panels, and the packing every part repeats (all of B when the rows are
  // split, all of A when the columns are).
  const int64_t pm = (m + cfg.mr - 1) / cfg.mr, pn = (n + cfg.nr - 1) / cfg.nr;
  const int64_t kPackCost = 8;  // one packed element against one multiply-add, roughly
  const int64_t cost_m = ((pm + threads - 1) / threads) * cfg.mr * pn * cfg.nr * k +
                         kPackCost * (k * n + m / threads * k);
  const int64_t cost_n = pm * cfg.mr * ((pn + threads - 1) / threads) * cfg.nr * k +
                         kPackCost * (m * k + k * n / threads);
  const bool split_rows = cost_m <= cost_n;
  const int64_t panels = split_rows ? pm : pn;
  const int parts = static_cast<int>(std::min<int64_t>(threads, panels));
  internal::parallel_for(0, parts, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const int64_t b = panels * t / parts, e = panels * (t + 1) / parts;
      if (split_rows) {
        const int64_t i0 = b * cfg.mr, i1 = std::min(m, e * cfg.mr);
        gemm_blocked<T>(cfg, i1 - i0, n, k, alpha, {A.data + i0 * A.rs, A.rs, A.cs}, B, beta,
                        {C.data + i0 * C.rs, C.rs, C.cs});
      } else {
        const int64_t j0 = b * cfg.nr, j1 = std::min(n, e * cfg.nr);
        gemm_blocked<T>(cfg, m, j1 - j0, k, alpha, A, {B.data + j0 * B.cs, B.rs, B.cs}, beta,
                        {C.data + j0 * C.cs, C.rs, C.cs});
      }
    }
  });
}

}  // namespace

void gemm_f32(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t a_rs,
              int64_t a_cs, const float* b, int64_t b_rs, int64_t b_cs, float beta, float* c,
              int64_t c_rs, int64_t c_cs) {
  gemm<float>(m, n, k, alpha, {a, a_rs, a_cs}, {b, b_rs, b_cs}, beta, {c, c_rs, c_cs});
}

void gemm_f64(int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t a_rs,
              int64_t a_cs, const double* b, int64_t b_rs, int64_t b_cs, double beta, double* c,
              int64_t c_rs, int64_t c_cs) {
  gemm<double>(m, n, k, alpha, {a, a_rs, a_cs}, {b, b_rs, b_cs}, beta, {c, c_rs, c_cs});
}

void gemm_i64(int64_t m, int64_t n, int64_t k, int64_t alpha, const int64_t* a, int64_t a_rs,
              int64_t a_cs, const int64_t* b, int64_t b_rs, int64_t b_cs, int64_t beta, int64_t* c,
              int64_t c_rs, int64_t c_cs) {
  // In uint64_t, whose arithmetic wraps by definition; the bits are int64's two's complement.
  using U = uint64_t;
  gemm<U>(m, n, k, static_cast<U>(alpha), {reinterpret_cast<const U*>(a), a_rs, a_cs},
          {reinterpret_cast<const U*>(b), b_rs, b_cs}, static_cast<U>(beta),
          {reinterpret_cast<U*>(c), c_rs, c_cs});
}

const char* gemm_float_isa() {
  switch (current_isa().load(std::memory_order_relaxed)) {
    case Isa::kAvx512:
      return "avx512";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kGeneric:
      break;
  }
  return "generic";
}

bool gemm_float_set_isa(const char* name) {
  Isa isa;
  if (std::strcmp(name, "avx512") == 0 && __builtin_cpu_supports("avx512f")) {
    isa = Isa::kAvx512;
  } else if (std::strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2") &&
             __builtin_cpu_supports("fma")) {
    isa = Isa::kAvx2;
  } else if (std::strcmp(name, "generic") == 0) {
    isa = Isa::kGeneric;
  } else {
    return false;
  }
  current_isa().store(isa, std::memory_order_relaxed);
  return true;
}

}  // namespace ember::cpu
