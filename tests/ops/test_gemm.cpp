// ember's own float32/float64/int64 GEMM (src/cpu/gemm_float): every micro-kernel the CPU can run
// (AVX-512, AVX2 + FMA, plain C++) against a naive double-precision product, on odd sizes that
// leave partial micro-panels and cache blocks, transposed and strided operands (leading dimension
// larger than the columns), a transposed C, and alpha/beta variants; then the same through the
// public matmul/addmm/mv/dot, and results identical run to run and for any thread count.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../../src/cpu/gemm_float.h"
#include "ember/core/parallel.h"
#include "ember/ember.h"

using namespace ember;

namespace {

struct Case {
  int64_t m, n, k;
  bool ta, tb, tc;  // operand stored transposed
  double alpha, beta;
};

// A rows x cols matrix in a buffer with leading dimension ld (> the contiguous extent), stored
// row-major or transposed. Element (i, j) at data[i * rs + j * cs].
template <class T>
struct Strided {
  std::vector<T> data;
  int64_t rs, cs;
  Strided(int64_t rows, int64_t cols, bool trans, std::mt19937& gen, T fill = T(0),
          bool random = true) {
    const int64_t inner = trans ? rows : cols, outer = trans ? cols : rows;
    const int64_t ld = inner + 3;
    rs = trans ? 1 : ld;
    cs = trans ? ld : 1;
    data.assign(static_cast<size_t>(std::max<int64_t>(outer * ld, 1)), fill);
    std::uniform_real_distribution<double> dist(-1.0, 1.0);
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) {
        data[i * rs + j * cs] = random ? static_cast<T>(dist(gen)) : fill;
      }
    }
  }
  T at(int64_t i, int64_t j) const { return data[i * rs + j * cs]; }
};

template <class T>
void gemm(int64_t m, int64_t n, int64_t k, T alpha, const Strided<T>& a, const Strided<T>& b,
          T beta, Strided<T>& c) {
  if constexpr (std::is_same_v<T, float>) {
    cpu::gemm_f32(m, n, k, alpha, a.data.data(), a.rs, a.cs, b.data.data(), b.rs, b.cs, beta,
                  c.data.data(), c.rs, c.cs);
  } else {
    cpu::gemm_f64(m, n, k, alpha, a.data.data(), a.rs, a.cs, b.data.data(), b.rs, b.cs, beta,
                  c.data.data(), c.rs, c.cs);
  }
}

// Checks one case against the double reference: |got - ref| <= (k + 4) * eps * the sum of the
// magnitudes of the terms (the classical bound for a sum of k products, with room for alpha/beta).
template <class T>
void check_case(const Case& cs, uint32_t seed) {
  std::mt19937 gen(seed);
  const T alpha = static_cast<T>(cs.alpha), beta = static_cast<T>(cs.beta);
  Strided<T> a(cs.m, cs.k, cs.ta, gen), b(cs.k, cs.n, cs.tb, gen);
  // beta == 0: C starts as NaN, which must not leak into the result.
  Strided<T> c(cs.m, cs.n, cs.tc, gen, std::numeric_limits<T>::quiet_NaN(), cs.beta != 0.0);
  const Strided<T> c0 = c;
  gemm<T>(cs.m, cs.n, cs.k, alpha, a, b, beta, c);
  const double eps = std::numeric_limits<T>::epsilon();
  int64_t bad = 0;
  for (int64_t i = 0; i < cs.m; ++i) {
    for (int64_t j = 0; j < cs.n; ++j) {
      double sum = 0, mag = 0;
      for (int64_t p = 0; p < cs.k; ++p) {
        const double t = static_cast<double>(a.at(i, p)) * static_cast<double>(b.at(p, j));
        sum += t;
        mag += std::fabs(t);
      }
      double ref = static_cast<double>(alpha) * sum;
      mag *= std::fabs(static_cast<double>(alpha));
      if (cs.beta != 0.0) {
        ref += static_cast<double>(beta) * static_cast<double>(c0.at(i, j));
        mag += std::fabs(static_cast<double>(beta) * static_cast<double>(c0.at(i, j)));
      }
      const double got = static_cast<double>(c.at(i, j));
      const double tol = static_cast<double>(cs.k + 4) * eps * mag + 1e-30;
      if (!(std::fabs(got - ref) <= tol) && bad++ < 5) {
        ADD_FAILURE() << "(" << i << ", " << j << "): got " << got << ", expected " << ref
                      << " (tol " << tol << ")";
      }
    }
  }
  // Only the matrix's own entries are written: the padding past each row keeps its value.
  for (size_t q = 0; q < c.data.size(); ++q) {
    const bool both_nan = std::isnan(c.data[q]) && std::isnan(c0.data[q]);
    const int64_t outer = q / static_cast<size_t>(cs.tc ? c.cs : c.rs);
    const int64_t inner = q % static_cast<size_t>(cs.tc ? c.cs : c.rs);
    if (inner >= (cs.tc ? cs.m : cs.n) || outer >= (cs.tc ? cs.n : cs.m)) {
      EXPECT_TRUE(both_nan || c.data[q] == c0.data[q]) << "padding written at " << q;
    }
  }
  EXPECT_EQ(bad, 0) << "m=" << cs.m << " n=" << cs.n << " k=" << cs.k << " ta=" << cs.ta
                    << " tb=" << cs.tb << " tc=" << cs.tc << " alpha=" << cs.alpha
                    << " beta=" << cs.beta;
}

std::vector<std::string> isas() {
  std::vector<std::string> out;
  for (const char* name : {"avx512", "avx2", "generic"}) {
    if (cpu::gemm_float_set_isa(name)) out.emplace_back(name);
  }
  return out;
}

// Restores the best micro-kernel and the thread count after a test.
struct IsaGuard {
  std::string saved = cpu::gemm_float_isa();
  int threads = get_num_threads();
  ~IsaGuard() {
    cpu::gemm_float_set_isa(saved.c_str());
    set_num_threads(threads);
  }
};

std::vector<Case> odd_cases() {
  std::vector<Case> cases;
  const int64_t sizes[] = {1, 7, 13, 31, 33, 65, 127, 257};
  uint32_t flags = 0;
  for (int64_t m : sizes) {
    for (int64_t n : sizes) {
      for (int64_t k : {int64_t{1}, int64_t{13}, int64_t{65}, int64_t{257}, int64_t{300}}) {
        if (m * n * k > 4'000'000) continue;
        ++flags;
        const double betas[] = {0.0, 1.0, 0.25};
        cases.push_back({m, n, k, (flags & 1) != 0, (flags & 2) != 0, (flags % 7) == 3,
                         (flags & 4) ? -0.5 : 1.0, betas[flags % 3]});
      }
    }
  }
  return cases;
}

template <class T>
void run_odd_sizes() {
  IsaGuard guard;
  for (const std::string& isa : isas()) {
    SCOPED_TRACE(isa);
    ASSERT_TRUE(cpu::gemm_float_set_isa(isa.c_str()));
    uint32_t seed = 1;
    for (const Case& c : odd_cases()) check_case<T>(c, seed++);
  }
}

TEST(Gemm, OddSizesFloat) { run_odd_sizes<float>(); }
TEST(Gemm, OddSizesDouble) { run_odd_sizes<double>(); }

// Sizes past the cache blocks (KC = 256, NC = 1024 floats / 512 doubles, MC = 336 / 168 rows),
// partial last blocks, threaded.
template <class T>
void run_large() {
  IsaGuard guard;
  set_num_threads(2);
  const std::vector<Case> cases = {
      {1031, 1043, 300, false, false, false, 1.0, 0.0},
      {347, 1100, 515, false, true, false, 1.0, 1.0},
      {1001, 29, 777, true, false, true, -0.5, 0.25},
      {45, 1200, 263, true, true, false, 2.0, 0.0},
      {2, 3000, 130, false, false, false, 1.0, 0.0},
  };
  for (const std::string& isa : isas()) {
    SCOPED_TRACE(isa);
    ASSERT_TRUE(cpu::gemm_float_set_isa(isa.c_str()));
    uint32_t seed = 100;
    for (const Case& c : cases) check_case<T>(c, seed++);
  }
}

TEST(Gemm, LargeFloat) { run_large<float>(); }
TEST(Gemm, LargeDouble) { run_large<double>(); }

// Matrix-vector, vector-matrix and dot shapes (their own paths), strided and transposed.
TEST(Gemm, VectorShapes) {
  IsaGuard guard;
  set_num_threads(2);
  uint32_t seed = 500;
  for (int64_t len : {1, 5, 17, 100, 1000, 2500}) {
    for (int64_t k : {1, 3, 16, 33, 700, 1500}) {
      for (int t = 0; t < 4; ++t) {
        const bool ta = t & 1, tb = t & 2;
        check_case<float>({len, 1, k, ta, tb, false, 1.0, t == 3 ? 0.5 : 0.0}, seed++);
        check_case<float>({1, len, k, ta, tb, t == 2, -1.0, 0.0}, seed++);
        check_case<double>({len, 1, k, ta, tb, t == 1, 1.0, 1.0}, seed++);
      }
    }
  }
}

TEST(Gemm, EmptyAndAlphaZero) {
  std::mt19937 gen(7);
  Strided<float> a(4, 0, false, gen), b(0, 5, false, gen), c(4, 5, false, gen);
  const Strided<float> c0 = c;
  gemm<float>(4, 5, 0, 1.0f, a, b, 0.5f, c);
  for (int64_t i = 0; i < 4; ++i) {
    for (int64_t j = 0; j < 5; ++j) EXPECT_EQ(c.at(i, j), 0.5f * c0.at(i, j));
  }
  Strided<float> a2(4, 3, false, gen), b2(3, 5, false, gen);
  Strided<float> c2(4, 5, false, gen, std::numeric_limits<float>::quiet_NaN(), false);
  gemm<float>(4, 5, 3, 0.0f, a2, b2, 0.0f, c2);
  for (int64_t i = 0; i < 4; ++i) {
    for (int64_t j = 0; j < 5; ++j) EXPECT_EQ(c2.at(i, j), 0.0f);
  }
}

// The same bits run to run and whatever the thread count (every entry is summed in one order).
TEST(Gemm, Deterministic) {
  IsaGuard guard;
  manual_seed(0);
  const Tensor a = randn({517, 1029}), b = randn({1029, 771});
  set_num_threads(2);
  const Tensor r1 = matmul(a, b), r2 = matmul(a, b);
  set_num_threads(1);
  const Tensor r3 = matmul(a, b);
  EXPECT_TRUE(equal(r1, r2));
  EXPECT_TRUE(equal(r1, r3));
}

// ---- int64: the same engine, products and sums wrapping modulo 2^64
// -------------------------------

// Checks one int64 case bit for bit against a naive product in uint64_t (wrapping by definition).
// The entries are full 64-bit values, so nearly every product overflows.
void check_case_i64(const Case& cs, uint32_t seed) {
  std::mt19937_64 gen(seed);
  auto fill = [&](Strided<int64_t>& x, int64_t rows, int64_t cols) {
    for (int64_t i = 0; i < rows; ++i) {
      for (int64_t j = 0; j < cols; ++j) x.data[i * x.rs + j * x.cs] = static_cast<int64_t>(gen());
    }
  };
  std::mt19937 unused(0);
  Strided<int64_t> a(cs.m, cs.k, cs.ta, unused, 0, false), b(cs.k, cs.n, cs.tb, unused, 0, false);
  Strided<int64_t> c(cs.m, cs.n, cs.tc, unused, 0, false);
  fill(a, cs.m, cs.k);
  fill(b, cs.k, cs.n);
  fill(c, cs.m, cs.n);
  const Strided<int64_t> c0 = c;
  const int64_t alpha = static_cast<int64_t>(cs.alpha * 3),
                beta = static_cast<int64_t>(cs.beta * 4);
  cpu::gemm_i64(cs.m, cs.n, cs.k, alpha, a.data.data(), a.rs, a.cs, b.data.data(), b.rs, b.cs, beta,
                c.data.data(), c.rs, c.cs);
  int64_t bad = 0;
  for (int64_t i = 0; i < cs.m; ++i) {
    for (int64_t j = 0; j < cs.n; ++j) {
      uint64_t sum = 0;
      for (int64_t p = 0; p < cs.k; ++p) {
        sum += static_cast<uint64_t>(a.at(i, p)) * static_cast<uint64_t>(b.at(p, j));
      }
      uint64_t ref = static_cast<uint64_t>(alpha) * sum;
      if (beta != 0) ref += static_cast<uint64_t>(beta) * static_cast<uint64_t>(c0.at(i, j));
      if (c.at(i, j) != static_cast<int64_t>(ref) && bad++ < 5) {
        ADD_FAILURE() << "(" << i << ", " << j << "): got " << c.at(i, j) << ", expected "
                      << static_cast<int64_t>(ref);
      }
    }
  }
  for (size_t q = 0; q < c.data.size(); ++q) {
    const int64_t outer = q / static_cast<size_t>(cs.tc ? c.cs : c.rs);
    const int64_t inner = q % static_cast<size_t>(cs.tc ? c.cs : c.rs);
    if (inner >= (cs.tc ? cs.m : cs.n) || outer >= (cs.tc ? cs.n : cs.m)) {
      EXPECT_EQ(c.data[q], c0.data[q]) << "padding written at " << q;
    }
  }
  EXPECT_EQ(bad, 0) << "m=" << cs.m << " n=" << cs.n << " k=" << cs.k << " ta=" << cs.ta
                    << " tb=" << cs.tb << " tc=" << cs.tc << " alpha=" << alpha << " beta=" << beta;
}

TEST(Gemm, OddSizesInt64) {
  IsaGuard guard;
  for (const std::string& isa : isas()) {
    SCOPED_TRACE(isa);
    ASSERT_TRUE(cpu::gemm_float_set_isa(isa.c_str()));
    uint32_t seed = 1;
    for (const Case& c : odd_cases()) {
      if (c.m * c.n * c.k <= 65 * 65 * 300) check_case_i64(c, seed);
      ++seed;
    }
  }
}

TEST(Gemm, LargeInt64) {
  IsaGuard guard;
  set_num_threads(2);
  const std::vector<Case> cases = {
      {256, 256, 256, false, false, false, 1.0, 0.0},
      {301, 530, 263, true, false, false, 1.0, 1.0},
      {197, 45, 600, false, true, true, -1.0, 0.25},
  };
  for (const std::string& isa : isas()) {
    SCOPED_TRACE(isa);
    ASSERT_TRUE(cpu::gemm_float_set_isa(isa.c_str()));
    uint32_t seed = 100;
    for (const Case& c : cases) check_case_i64(c, seed++);
  }
}

// int64 through matmul: batched, transposed, sliced and broadcast (zero-stride) operands, exact.
TEST(Gemm, PublicInt64) {
  IsaGuard guard;
  set_num_threads(2);
  manual_seed(3);
  const int64_t big = int64_t{1} << 61;  // products of such entries overflow
  const Tensor a = randint(-big, big, {2, 3, 37, 70});
  const Tensor b = randint(-big, big, {3, 90, 70}).transpose(1, 2);  // broadcast batch
  const Tensor c = matmul(a, b);
  ASSERT_EQ(c.sizes(), IntArrayRef({2, 3, 37, 90}));
  auto naive = [](const Tensor& x, const Tensor& y, int64_t i, int64_t j) {
    uint64_t s = 0;
    for (int64_t p = 0; p < x.sizes()[1]; ++p) {
      s += static_cast<uint64_t>(x[i][p].item<int64_t>()) *
           static_cast<uint64_t>(y[p][j].item<int64_t>());
    }
    return static_cast<int64_t>(s);
  };
  for (int64_t u = 0; u < 2; ++u) {
    for (int64_t v = 0; v < 3; ++v) {
      for (int64_t i : {0, 17, 36}) {
        for (int64_t j : {0, 45, 89}) {
          EXPECT_EQ(c[u][v][i][j].item<int64_t>(), naive(a[u][v], b[v], i, j));
        }
      }
    }
  }
  // A zero-stride (expanded) operand and a strided slice.
  const Tensor row = randint(-1000, 1000, {1, 130}).expand({120, 130});
  const Tensor col = randint(-1000, 1000, {260, 75}).slice(0, 0, 260, 2);
  const Tensor e = matmul(row, col);
  const Tensor want = matmul(row.contiguous().to(kDouble), col.contiguous().to(kDouble));
  EXPECT_TRUE(equal(e.to(kDouble), want));
}

// Through the public ops: transposed and sliced views, batches, addmm's alpha/beta, mv and dot,
// against the same products computed in float64 from the same values.
TEST(Gemm, PublicOps) {
  manual_seed(1);
  const Tensor base_a = randn({300, 260}), base_b = randn({270, 333});
  const Tensor a = base_a.t().as_strided({250, 129}, {1, 260}, 3);  // transposed, strided
  const Tensor b = base_b.as_strided({129, 301}, {333, 1}, 5);      // ld > cols
  const Tensor ref = matmul(a.to(kDouble), b.to(kDouble));
  EXPECT_TRUE(allclose(matmul(a, b).to(kDouble), ref, 1e-5, 1e-4));
  const Tensor self = randn({250, 301});
  const Tensor want = self.to(kDouble) * 0.5 + ref * -2.0;
  EXPECT_TRUE(allclose(addmm(self, a, b, 0.5, -2.0).to(kDouble), want, 1e-5, 1e-4));
  const Tensor ba = randn({3, 40, 70}), bb = randn({3, 70, 50}).transpose(1, 2).contiguous();
  const Tensor bt = bb.transpose(1, 2);
  EXPECT_TRUE(
      allclose(matmul(ba, bt).to(kDouble), matmul(ba.to(kDouble), bt.to(kDouble)), 1e-5, 1e-4));
  const Tensor v = randn({129});
  EXPECT_TRUE(allclose(mv(a, v).to(kDouble), mv(a.to(kDouble), v.to(kDouble)), 1e-5, 1e-4));
  const Tensor w = randn({2000});
  EXPECT_TRUE(allclose(dot(w, w).to(kDouble), dot(w.to(kDouble), w.to(kDouble)), 1e-5, 1e-4));
  const Tensor tiny = matmul(tensor({1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f}).view({2, 3}),
                             tensor({1.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f}).view({3, 2}));
  EXPECT_TRUE(equal(tiny, tensor({4.0f, 5.0f, 10.0f, 11.0f}).view({2, 2})));
}

}  // namespace
