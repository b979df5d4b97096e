#include "cpu/gemm_kernels.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

#include "cpu/Loops.h"
#include "cpu/gemm_float.h"
#include "ember/core/Convert.h"

namespace ember::cpu {

namespace {

// One matrix of a batch: element (i, j) at data[i * rs + j * cs].
template <class T>
struct Mat {
  T* data;
  int64_t rows, cols, rs, cs;
  T& at(int64_t i, int64_t j) const { return data[i * rs + j * cs]; }
};

// The type products are summed in. Integers wrap around modulo 2^bits as PyTorch's do: the sums are
// formed in an unsigned type at least as wide (modular arithmetic, no overflow), then truncated.
template <class T>
struct AccumulateType {
  using type = T;
};
template <>
struct AccumulateType<BFloat16> {
  using type = float;
};
template <class T>
requires std::is_integral_v<T>
struct AccumulateType<T> {
  using type = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
};
template <class T>
using acc_t = typename AccumulateType<T>::type;

template <class T>
inline constexpr bool kGemmType =
    (std::is_integral_v<T> && !std::is_same_v<T, bool>) || std::is_same_v<T, BFloat16> ||
    std::is_same_v<T, float> || std::is_same_v<T, double>;

template <class Acc, class T>
inline Acc to_acc(T v) {
  if constexpr (std::is_same_v<T, BFloat16>) {
    return static_cast<float>(v);
  } else {
    return static_cast<Acc>(v);  // integers: sign-extended, then modular
  }
}

template <class T, class Acc>
inline T from_acc(Acc v) {
  if constexpr (std::is_same_v<T, BFloat16>) {
    return convert<BFloat16>(v);
  } else {
    return static_cast<T>(v);  // integers: truncated modulo 2^bits
  }
}

// ---- ember's own kernel: blocked for the caches, packed operands, any strides -----------------

constexpr int64_t kBlockM = 64;
constexpr int64_t kBlockK = 256;
constexpr int64_t kBlockN = 256;

// c[mc x nc] += a[mc x kc] @ b[kc x nc], all packed row-major. Four rows at a time share each
// loaded row of b; the inner loop over j vectorizes.
// Compiled for AVX2 too, picked at load time where the CPU has it (wider vectors).
template <class Acc>
__attribute__((target_clones("default", "avx2"))) void micro_kernel(const Acc* __restrict a,
                                                                    const Acc* __restrict b,
                                                                    Acc* __restrict c, int64_t mc,
                                                                    int64_t kc, int64_t nc) {
  int64_t i = 0;
  for (; i + 4 <= mc; i += 4) {
    Acc* __restrict c0 = c + i * nc;
    Acc* __restrict c1 = c0 + nc;
    Acc* __restrict c2 = c1 + nc;
    Acc* __restrict c3 = c2 + nc;
    for (int64_t p = 0; p < kc; ++p) {
      const Acc a0 = a[i * kc + p], a1 = a[(i + 1) * kc + p], a2 = a[(i + 2) * kc + p],
                a3 = a[(i + 3) * kc + p];
      const Acc* __restrict bp = b + p * nc;
      for (int64_t j = 0; j < nc; ++j) {
        const Acc bv = bp[j];
        c0[j] += a0 * bv;
        c1[j] += a1 * bv;
        c2[j] += a2 * bv;
        c3[j] += a3 * bv;
      }
    }
  }
  for (; i < mc; ++i) {
    Acc* __restrict ci = c + i * nc;
    for (int64_t p = 0; p < kc; ++p) {
      const Acc av = a[i * kc + p];
      const Acc* __restrict bp = b + p * nc;
      for (int64_t j = 0; j < nc; ++j) ci[j] += av * bp[j];
    }
  }
}

// C = beta * C + alpha * A @ B, summing each entry in Acc in the order of k; C is not read when
// read_c is false.
template <class T>
void gemm_blocked(const Mat<const T>& A, const Mat<const T>& B, const Mat<T>& C, acc_t<T> alpha,
                  acc_t<T> beta, bool read_c) {
  using Acc = acc_t<T>;
  const int64_t m = C.rows, n = C.cols, k = A.cols;
  std::vector<Acc> apack(static_cast<size_t>(std::min(m, kBlockM) * std::min(k, kBlockK)));
  std::vector<Acc> bpack(static_cast<size_t>(std::min(k, kBlockK) * std::min(n, kBlockN)));
  std::vector<Acc> cacc(static_cast<size_t>(std::min(m, kBlockM) * std::min(n, kBlockN)));
  for (int64_t jc = 0; jc < n; jc += kBlockN) {
    const int64_t nc = std::min(kBlockN, n - jc);
    for (int64_t ic = 0; ic < m; ic += kBlockM) {
      const int64_t mc = std::min(kBlockM, m - ic);
      std::fill_n(cacc.data(), mc * nc, Acc(0));
      for (int64_t pc = 0; pc < k; pc += kBlockK) {
        const int64_t kc = std::min(kBlockK, k - pc);
        for (int64_t i = 0; i < mc; ++i) {
          for (int64_t p = 0; p < kc; ++p) apack[i * kc + p] = to_acc<Acc>(A.at(ic + i, pc + p));
        }
        for (int64_t p = 0; p < kc; ++p) {
          for (int64_t j = 0; j < nc; ++j) bpack[p * nc + j] = to_acc<Acc>(B.at(pc + p, jc + j));
        }
        micro_kernel(apack.data(), bpack.data(), cacc.data(), mc, kc, nc);
      }
      for (int64_t i = 0; i < mc; ++i) {
        for (int64_t j = 0; j < nc; ++j) {
          T& c = C.at(ic + i, jc + j);
          Acc v = alpha * cacc[i * nc + j];
          if (read_c) v = beta * to_acc<Acc>(c) + v;
          c = from_acc<T>(v);
        }
      }
    }
  }
}

// ---- float32/float64/int64: ember's own packed GEMM (cpu/gemm_float) ---------------------------

template <class T>
inline constexpr bool kPackedGemmType =
    std::is_same_v<T, float> || std::is_same_v<T, double> || std::is_same_v<T, int64_t>;

template <class T>
void gemm_packed(const Mat<const T>& A, const Mat<const T>& B, const Mat<T>& C, acc_t<T> alpha,
                 acc_t<T> beta, bool read_c) {
  const T a = static_cast<T>(alpha), b = read_c ? static_cast<T>(beta) : T(0);
  if constexpr (std::is_same_v<T, float>) {
    gemm_f32(C.rows, C.cols, A.cols, a, A.data, A.rs, A.cs, B.data, B.rs, B.cs, b, C.data, C.rs,
             C.cs);
  } else if constexpr (std::is_same_v<T, double>) {
    gemm_f64(C.rows, C.cols, A.cols, a, A.data, A.rs, A.cs, B.data, B.rs, B.cs, b, C.data, C.rs,
             C.cs);
  } else {
    gemm_i64(C.rows, C.cols, A.cols, a, A.data, A.rs, A.cs, B.data, B.rs, B.cs, b, C.data, C.rs,
             C.cs);
  }
}

// Multiplication in T with PyTorch's results: integers wrap around, 16-bit floats compute in
// float and round once, bool is logical and.
template <class T>
inline T multiply(T x, T y) {
  if constexpr (std::is_same_v<T, bool>) {
    return x && y;
  } else if constexpr (std::is_integral_v<T>) {
    using U = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
    return static_cast<T>(static_cast<U>(x) * static_cast<U>(y));
  } else if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>) {
    return T(static_cast<float>(x) * static_cast<float>(y));
  } else {
    return x * y;
  }
}

}  // namespace

bool gemm_supports(ScalarType t) {
  return visit_dtype(t, [&]<class T>() { return kGemmType<T>; });
}

void gemm_kernel(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                 const Scalar& alpha) {
  const int64_t nd = out.dim();
  EMBER_CHECK(nd >= 2 && a.dim() == nd && b.dim() == nd, "gemm_kernel: operands of mixed rank");
  EMBER_CHECK(a.dtype() == out.dtype() && b.dtype() == out.dtype(),
              "gemm_kernel: operands of mixed dtype");
  const int64_t m = out.sizes()[nd - 2], n = out.sizes()[nd - 1], k = a.sizes()[nd - 1];
  if (out.numel() == 0) return;
  const int64_t nb = nd - 2;
  IntArrayRef batch = out.sizes().slice(0, nb);
  visit_dtype(out.scalar_type(), [&]<class T>() {
    if constexpr (!kGemmType<T>) {
      throw_not_implemented("gemm", out.scalar_type());
    } else {
      using Acc = acc_t<T>;
      Acc alpha_acc, beta_acc;
      if constexpr (std::is_integral_v<T>) {
        alpha_acc = static_cast<Acc>(alpha.to<T>());
        beta_acc = static_cast<Acc>(beta.to<T>());
      } else {
        alpha_acc = alpha.to<Acc>();
        beta_acc = beta.to<Acc>();
      }
      const bool read_c = beta_acc != Acc(0);
      T* po = static_cast<T*>(out.data_ptr());
      const T* pa = static_cast<const T*>(a.data_ptr());
      const T* pb = static_cast<const T*>(b.data_ptr());
      IntArrayRef so = out.strides(), sa = a.strides(), sb = b.strides();
      DimVector counter(nb, 0);
      int64_t oo = 0, oa = 0, ob = 0;
      while (true) {
        Mat<const T> A{pa + oa, m, k, sa[nb], sa[nb + 1]};
        Mat<const T> B{pb + ob, k, n, sb[nb], sb[nb + 1]};
        Mat<T> C{po + oo, m, n, so[nb], so[nb + 1]};
        if (k == 0) {
          for (int64_t i = 0; i < m; ++i) {
            for (int64_t j = 0; j < n; ++j) {
              C.at(i, j) = read_c ? from_acc<T>(beta_acc * to_acc<Acc>(C.at(i, j))) : T(0);
            }
          }
        } else if constexpr (kPackedGemmType<T>) {
          gemm_packed<T>(A, B, C, alpha_acc, beta_acc, read_c);
        } else {
          gemm_blocked<T>(A, B, C, alpha_acc, beta_acc, read_c);
        }
        // Next batch index (row-major), moving the three offsets along.
        int64_t d = nb - 1;
        for (; d >= 0; --d) {
          oo += so[d];
          oa += sa[d];
          ob += sb[d];
          if (++counter[d] < batch[d]) break;
          oo -= so[d] * batch[d];
          oa -= sa[d] * batch[d];
          ob -= sb[d] * batch[d];
          counter[d] = 0;
        }
        if (d < 0) break;
      }
    }
  });
}

void outer_kernel(const Tensor& out, const Tensor& a, const Tensor& b) {
  EMBER_CHECK(a.dtype() == out.dtype() && b.dtype() == out.dtype(),
              "outer_kernel: operands of mixed dtype");
  const int64_t n = a.numel(), m = b.numel();
  if (out.numel() == 0) return;
  visit_dtype(out.scalar_type(), [&]<class T>() {
    T* po = static_cast<T*>(out.data_ptr());
    const T* pa = static_cast<const T*>(a.data_ptr());
    const T* pb = static_cast<const T*>(b.data_ptr());
    const int64_t sa = a.strides()[0], sb = b.strides()[0];
    const int64_t ro = out.strides()[0], co = out.strides()[1];
    for (int64_t i = 0; i < n; ++i) {
      const T x = pa[i * sa];
      T* row = po + i * ro;
      if (co == 1 && sb == 1) {
        for (int64_t j = 0; j < m; ++j) row[j] = multiply<T>(x, pb[j]);
      } else {
        for (int64_t j = 0; j < m; ++j) row[j * co] = multiply<T>(x, pb[j * sb]);
      }
    }
  });
}

void scale_kernel(const Tensor& out, const Scalar& beta) {
  visit_dtype(out.scalar_type(), [&]<class T>() {
    using C = compute_type_t<T>;
    const C s = beta.to<C>();
    StridedOperands<1> ops{{static_cast<char*>(out.data_ptr())}, {out.strides()}, {sizeof(T)}};
    for_each_run<1>(out.sizes(), ops, [&](char* const* p, const int64_t* st, int64_t len) {
      for (int64_t i = 0; i < len; ++i) {
        T v;
        std::memcpy(&v, p[0] + i * st[0], sizeof(T));
        if constexpr (std::is_same_v<C, T>) {
          v = multiply<T>(v, s);
        } else {
          v = convert<T>(static_cast<C>(v) * s);
        }
        std::memcpy(p[0] + i * st[0], &v, sizeof(T));
      }
    });
  });
}

}  // namespace ember::cpu
