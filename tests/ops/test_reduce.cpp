// Reductions, scans and sorting against PyTorch (tests/reference/gen_reduce.py): every dtype, on
// contiguous, transposed, strided and expanded inputs, with PyTorch's errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <variant>

#include "ember/core/parallel.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"
#include "reference.h"

using namespace ember;
using ember_test::dtype_from_name;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using json = nlohmann::json;

namespace {

// ---- Rebuilding a case's input -----------------------------------------------------------------

// The generator's rule for large inputs: ((i * mul) mod m) * scale + offset, in float64.
Tensor generated(const json& rule) {
  const int64_t n = rule.at("n");
  const double mul = rule.at("mul"), mod = rule.at("mod"), scale = rule.at("scale"),
               offset = rule.at("offset");
  Tensor t = empty({n}, kDouble);
  double* p = t.data_ptr<double>();
  for (int64_t i = 0; i < n; ++i) {
    double v = std::fmod(static_cast<double>(i) * mul, mod);
    v = v * scale;
    p[i] = v + offset;
  }
  std::vector<int64_t> shape = rule.at("shape");
  return t.as_strided(shape, contiguous_strides(shape), 0).to(dtype_from_name(rule.at("dtype")));
}

Tensor tensor_at(const json& ref) {
  if (ref.is_object()) return generated(ref.at("gen"));
  return tensor_from_reference(reference("reduce").at("inputs").at(ref.get<size_t>()));
}

// The same values laid out as the generator's layout() lays them out.
Tensor laid_out(const Tensor& x, const std::string& layout, const json& args) {
  if (layout == "contiguous") return x;
  if (layout == "transposed") {
    const int64_t last = x.dim() - 1;
    return x.transpose(0, last).contiguous().transpose(0, last);
  }
  if (layout == "strided") {
    DimVector buf_shape(x.sizes());
    buf_shape[x.dim() - 1] *= 2;
    Tensor buf = zeros(buf_shape, x.dtype());
    DimVector strides(buf.strides());
    strides[x.dim() - 1] *= 2;
    Tensor view = buf.as_strided(x.sizes(), strides);
    view.copy_(x);
    return view;
  }
  if (layout == "expanded") {
    std::vector<int64_t> target = args.at("expand");
    DimVector strides(x.strides());
    for (int64_t d = 0; d < x.dim(); ++d) {
      if (x.sizes()[d] == 1 && target[d] != 1) strides[d] = 0;
    }
    return x.as_strided(target, strides);
  }
  throw std::runtime_error("unknown layout " + layout);
}

// ---- Calling the op as the generator's call() does ---------------------------------------------

using Result = std::variant<Tensor, std::vector<Tensor>, bool>;

std::optional<ScalarType> dtype_arg(const json& a) {
  if (!a.contains("dtype") || a.at("dtype").is_null()) return std::nullopt;
  return dtype_from_name(a.at("dtype"));
}
bool flag(const json& a, const char* name, bool fallback) {
  return a.contains(name) && !a.at(name).is_null() ? a.at(name).get<bool>() : fallback;
}
bool has(const json& a, const char* name) { return a.contains(name) && !a.at(name).is_null(); }
std::vector<int64_t> dims_of(const json& a) { return a.at("dim").get<std::vector<int64_t>>(); }
std::vector<Tensor> pair(const std::tuple<Tensor, Tensor>& t) {
  return {std::get<0>(t), std::get<1>(t)};
}
double p_of(const json& a) {
  const json& p = a.at("p");
  if (p.is_string()) {
    return p.get<std::string>() == "inf" ? INFINITY : -INFINITY;
  }
  return p.get<double>();
}

Result call(const std::string& op, const Tensor& t, const json& a, const json& c) {
  const bool keepdim = flag(a, "keepdim", false);
  if (op == "sum") {
    if (!has(a, "dim")) return t.sum(dtype_arg(a));
    return t.sum(dims_of(a), keepdim, dtype_arg(a));
  }
  if (op == "mean") {
    if (!has(a, "dim")) return mean(t, dtype_arg(a));
    return mean(t, dims_of(a), keepdim, dtype_arg(a));
  }
  if (op == "prod") {
    if (!has(a, "dim")) return t.prod(dtype_arg(a));
    return prod(t, a.at("dim").get<int64_t>(), keepdim, dtype_arg(a));
  }
  if (op == "max" || op == "min") {
    const bool is_max = op == "max";
    if (!has(a, "dim")) return is_max ? t.max() : min(t);
    const int64_t d = a.at("dim");
    return pair(is_max ? max(t, d, keepdim) : t.min(d, keepdim));
  }
  if (op == "amax") return t.amax(dims_of(a), keepdim);
  if (op == "amin") return amin(t, dims_of(a), keepdim);
  if (op == "argmax" || op == "argmin") {
    std::optional<int64_t> d;
    if (has(a, "dim")) d = a.at("dim").get<int64_t>();
    return op == "argmax" ? t.argmax(d, keepdim) : argmin(t, d, keepdim);
  }
  if (op == "std" || op == "var" || op == "std_mean" || op == "var_mean") {
    std::vector<int64_t> dims;
    if (has(a, "dim")) dims = dims_of(a);
    if (a.contains("correction")) {
      std::optional<IntArrayRef> d;
      if (has(a, "dim")) d = IntArrayRef(dims);
      std::optional<int64_t> corr;
      if (has(a, "correction")) corr = a.at("correction").get<int64_t>();
      if (op == "std") return t.std(d, corr, keepdim);
      if (op == "var") return var(t, d, corr, keepdim);
      return pair(op == "std_mean" ? std_mean(t, d, corr, keepdim) : var_mean(t, d, corr, keepdim));
    }
    const bool unbiased = flag(a, "unbiased", true);
    if (!has(a, "dim")) {
      if (op == "std") return t.std(unbiased);
      if (op == "var") return var(t, unbiased);
      return pair(op == "std_mean" ? std_mean(t, unbiased) : var_mean(t, unbiased));
    }
    if (op == "std") return ember::std(t, dims, unbiased, keepdim);
    if (op == "var") return t.var(dims, unbiased, keepdim);
    return pair(op == "std_mean" ? std_mean(t, dims, unbiased, keepdim)
                                 : var_mean(t, dims, unbiased, keepdim));
  }
  if (op == "norm") {
    if (!a.contains("dim")) return has(a, "p") ? t.norm(p_of(a)) : norm(t);
    std::optional<Scalar> p;
    if (has(a, "p")) {
      p = a.at("p").is_number_integer() ? Scalar(a.at("p").get<int64_t>()) : Scalar(p_of(a));
    }
    return norm(t, p, dims_of(a), keepdim);
  }
  if (op == "logsumexp") return t.logsumexp(dims_of(a), keepdim);
  if (op == "cumsum") return t.cumsum(a.at("dim").get<int64_t>(), dtype_arg(a));
  if (op == "cumprod") return cumprod(t, a.at("dim").get<int64_t>(), dtype_arg(a));
  if (op == "all" || op == "any") {
    const bool is_all = op == "all";
    if (!has(a, "dim")) return is_all ? t.all() : any(t);
    const int64_t d = a.at("dim");
    return is_all ? all(t, d, keepdim) : t.any(d, keepdim);
  }
  if (op == "sort") {
    const int64_t d = a.contains("dim") ? a.at("dim").get<int64_t>() : -1;
    const bool desc = flag(a, "descending", false);
    if (flag(a, "stable", false)) return pair(sort(t, true, d, desc));
    return pair(t.sort(d, desc));
  }
  if (op == "topk") {
    const int64_t d = a.contains("dim") ? a.at("dim").get<int64_t>() : -1;
    return pair(t.topk(a.at("k"), d, flag(a, "largest", true), flag(a, "sorted", true)));
  }
  if (op == "allclose") {
    Tensor other = tensor_at(c.at("other"));
    return allclose(t, other, a.value("rtol", 1e-05), a.value("atol", 1e-08),
                    flag(a, "equal_nan", false));
  }
  if (op == "equal") return t.equal(tensor_at(c.at("other")));
  throw std::runtime_error("unknown op " + op);
}

// ---- Comparing ---------------------------------------------------------------------------------

// Ops whose floating results come from a different summation order or math library than
// PyTorch's: compared within about one unit in the last place of the result dtype.
bool approximate(const std::string& op) {
  static const std::set<std::string> ops = {"sum",  "mean",      "prod",     "std",     "var",
                                            "norm", "logsumexp", "std_mean", "var_mean"};
  return ops.count(op) != 0;
}

// `loose`: PyTorch accumulates in an order far from ours (16-bit norms accumulate in 16 bits; the
// float32 2-norm of a long row runs in 8 sequential lanes), so only a few units in the last place
// agree.
::testing::AssertionResult close_tensor(const Tensor& a, const Tensor& b, bool loose) {
  if (a.dtype() != b.dtype() || a.sizes() != b.sizes() || !is_floating_type(a.dtype())) {
    return same_tensor(a, b);
  }
  double rtol = loose ? 3e-5 : 2e-6, atol = 1e-6;
  if (a.dtype() == kDouble) rtol = atol = 1e-12;
  if (a.dtype() == kHalf) rtol = atol = loose ? 1e-2 : 1e-3;
  if (a.dtype() == kBFloat16) rtol = atol = loose ? 3e-2 : 8e-3;
  Tensor ca = a.to(kDouble).contiguous(), cb = b.to(kDouble).contiguous();
  const double* pa = ca.data_ptr<double>();
  const double* pb = cb.data_ptr<double>();
  for (int64_t i = 0; i < ca.numel(); ++i) {
    const double x = pa[i], y = pb[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (x == y) continue;
    if (std::isfinite(x) && std::isfinite(y) && std::abs(x - y) <= atol + rtol * std::abs(y)) {
      continue;
    }
    return ::testing::AssertionFailure() << "element " << i << ": " << x << " vs " << y;
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult matches(const std::string& op, const std::string& name,
                                   const Tensor& got, const json& want) {
  Tensor expected = tensor_from_reference(want);
  const bool loose = op == "norm" && (got.dtype() == kHalf || got.dtype() == kBFloat16 ||
                                      name.find("large") != std::string::npos);
  return approximate(op) ? close_tensor(got, expected, loose) : same_tensor(got, expected);
}

void check_case(const json& c) {
  const std::string op = c.at("op"), name = c.at("name");
  SCOPED_TRACE(name);
  const json& a = c.at("args");
  Tensor t = laid_out(tensor_at(c.at("input")), c.at("layout"), a);
  if (c.contains("error")) {
    const json& e = c.at("error");
    try {
      call(op, t, a, c);
      ADD_FAILURE() << "expected error: " << e.at("message").get<std::string>();
    } catch (const ember::Error& err) {
      EXPECT_EQ(std::string(err.what()), e.at("message").get<std::string>());
      const std::string type = e.at("type");
      if (type == "IndexError") {
        EXPECT_NE(dynamic_cast<const IndexError*>(&err), nullptr);
      }
      if (type == "TypeError") {
        EXPECT_NE(dynamic_cast<const TypeError*>(&err), nullptr);
      }
      if (type == "RuntimeError") {
        EXPECT_EQ(dynamic_cast<const IndexError*>(&err), nullptr);
        EXPECT_EQ(dynamic_cast<const TypeError*>(&err), nullptr);
      }
    }
    return;
  }
  Result r;
  try {
    r = call(op, t, a, c);
  } catch (const std::exception& err) {
    ADD_FAILURE() << "unexpected error: " << err.what();
    return;
  }
  const json& want = c.at("result");
  if (want.contains("bool")) {
    ASSERT_TRUE(std::holds_alternative<bool>(r));
    EXPECT_EQ(std::get<bool>(r), want.at("bool").get<bool>());
  } else if (want.contains("tuple")) {
    ASSERT_TRUE(std::holds_alternative<std::vector<Tensor>>(r));
    const auto& got = std::get<std::vector<Tensor>>(r);
    ASSERT_EQ(got.size(), want.at("tuple").size());
    for (size_t i = 0; i < got.size(); ++i)
      EXPECT_TRUE(matches(op, name, got[i], want.at("tuple")[i]));
  } else {
    ASSERT_TRUE(std::holds_alternative<Tensor>(r));
    EXPECT_TRUE(matches(op, name, std::get<Tensor>(r), want.at("tensor")));
  }
}

// Runs every reference case of one op; returns how many there were.
size_t check_op(const std::string& op) {
  size_t n = 0;
  for (const json& c : reference("reduce").at("cases")) {
    if (c.at("op") != op) continue;
    check_case(c);
    ++n;
  }
  EXPECT_GT(n, 0u);
  return n;
}

}  // namespace

// ---- Against PyTorch, one op at a time ---------------------------------------------------------

TEST(ReduceReference, Sum) { check_op("sum"); }
TEST(ReduceReference, Mean) { check_op("mean"); }
TEST(ReduceReference, Prod) { check_op("prod"); }
TEST(ReduceReference, Max) { check_op("max"); }
TEST(ReduceReference, Min) { check_op("min"); }
TEST(ReduceReference, Amax) { check_op("amax"); }
TEST(ReduceReference, Amin) { check_op("amin"); }
TEST(ReduceReference, Argmax) { check_op("argmax"); }
TEST(ReduceReference, Argmin) { check_op("argmin"); }
TEST(ReduceReference, Std) { check_op("std"); }
TEST(ReduceReference, Var) { check_op("var"); }
TEST(ReduceReference, StdMean) { check_op("std_mean"); }
TEST(ReduceReference, VarMean) { check_op("var_mean"); }
TEST(ReduceReference, Norm) { check_op("norm"); }
TEST(ReduceReference, Logsumexp) { check_op("logsumexp"); }
TEST(ReduceReference, Cumsum) { check_op("cumsum"); }
TEST(ReduceReference, Cumprod) { check_op("cumprod"); }
TEST(ReduceReference, All) { check_op("all"); }
TEST(ReduceReference, Any) { check_op("any"); }
TEST(ReduceReference, Sort) { check_op("sort"); }
TEST(ReduceReference, Topk) { check_op("topk"); }
TEST(ReduceReference, Allclose) { check_op("allclose"); }
TEST(ReduceReference, Equal) { check_op("equal"); }

// ---- Behaviours beyond the reference table -----------------------------------------------------

TEST(Reduce, FloatSumOfTenMillionIsAccurate) {
  // 0.1 is not exact in float: a naive float loop drifts by whole units here.
  const int64_t n = 10'000'000;
  Tensor t = full({n}, 0.1f, kFloat);
  const double exact = static_cast<double>(0.1f) * static_cast<double>(n);
  EXPECT_NEAR(t.sum().item<double>(), exact, exact * 1e-6);
  EXPECT_NEAR(t.mean().item<double>(), static_cast<double>(0.1f), 1e-7);
  // Along an outer dim, through the column path.
  Tensor cols = t.as_strided({n / 4, 4}, {4, 1});
  Tensor s = cols.sum({0});
  for (int64_t j = 0; j < 4; ++j) EXPECT_NEAR(s[j].item<double>(), exact / 4, exact / 4 * 1e-6);
}

TEST(Reduce, SumOfIntegersPromotesToInt64) {
  Tensor t = tensor({100, 100, 100}, kChar);
  Tensor s = t.sum();
  EXPECT_EQ(s.dtype(), kLong);
  EXPECT_EQ(s.item<int64_t>(), 300);
  EXPECT_EQ(sum(t, kChar).item<int64_t>(), 44);  // wraps in int8 as PyTorch does
}

TEST(Reduce, KeepdimKeepsSizeOneDims) {
  Tensor t = ones({2, 3, 4});
  EXPECT_EQ(t.sum({0, 2}, true).sizes(), IntArrayRef({1, 3, 1}));
  EXPECT_EQ(t.sum({1}).sizes(), IntArrayRef({2, 4}));
  EXPECT_EQ(std::get<1>(t.max(1, true)).sizes(), IntArrayRef({2, 1, 4}));
}

TEST(Reduce, DuplicateDimIsAnError) {
  Tensor t = ones({2, 3});
  EXPECT_THROW(
      {
        try {
          t.sum({0, -2});
        } catch (const Error& e) {
          EXPECT_STREQ(e.what(), "dim 0 appears multiple times in the list of dims");
          throw;
        }
      },
      Error);
}

TEST(Reduce, StableSortKeepsInputOrderOfTies) {
  Tensor t = tensor({2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1});
  // sort(t, true) would pick the (dim, descending) overload, as in libtorch.
  auto [values, indices] = sort(t, std::optional<bool>(true), 0);
  const int64_t* idx = indices.data_ptr<int64_t>();
  for (int64_t i = 0; i < 10; ++i) EXPECT_EQ(idx[i], 2 * i + 1);
  for (int64_t i = 10; i < 20; ++i) EXPECT_EQ(idx[i], 2 * (i - 10));
}

TEST(Reduce, ResultsAreFreshTensors) {
  Tensor t = ones({3});
  Tensor s = t.sum({0}, true);
  s.fill_(5);
  EXPECT_EQ(t.sum().item<double>(), 3.0);
}

// ---- The contiguous fast path (explicit SIMD lanes, chunks over the thread pool) ---------------

namespace {

// Lengths around the vector step (64 floats), the lane block, the chunk (16384) and the
// threading grain, so that every tail and partial chunk is exercised.
const int64_t kRunLengths[] = {1, 3, 63, 64, 65, 1023, 1025, 16383, 16384, 16385, 65537, 1'000'003};

template <class T>
Tensor random_run(int64_t n, uint32_t seed) {
  Tensor t = empty({n}, scalar_type_of<T>);
  T* p = t.data_ptr<T>();
  uint64_t state = seed;
  for (int64_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    p[i] = static_cast<T>(static_cast<double>(state >> 40) / static_cast<double>(1 << 24) - 0.3);
  }
  return t;
}

// Restores the intra-op thread count after a test.
struct ThreadsGuard {
  int saved = get_num_threads();
  ~ThreadsGuard() { set_num_threads(saved); }
};

template <class T>
void check_contiguous_sum() {
  for (int64_t n : kRunLengths) {
    const Tensor t = random_run<T>(n, static_cast<uint32_t>(n));
    const T* p = t.data_ptr<T>();
    // The reference in long double: a plain double loop is itself off by n roundings.
    long double exact = 0, mag = 0;
    for (int64_t i = 0; i < n; ++i) {
      exact += static_cast<long double>(p[i]);
      mag += std::fabs(static_cast<long double>(p[i]));
    }
    // A pairwise bound: a few dozen roundings of the magnitudes, not n of them.
    const double tol = 64 * std::numeric_limits<T>::epsilon() * static_cast<double>(mag);
    EXPECT_NEAR(t.sum().item<double>(), static_cast<double>(exact), tol) << "n=" << n;
    // The inner dim of a contiguous matrix, one run per row.
    if (n >= 3 && n <= 65537) {
      const Tensor rows = t.as_strided({3, n / 3}, {n / 3, 1});
      const Tensor s = rows.sum({1});
      for (int64_t r = 0; r < 3; ++r) {
        long double row = 0;
        for (int64_t i = 0; i < n / 3; ++i) row += static_cast<long double>(p[r * (n / 3) + i]);
        EXPECT_NEAR(s[r].item<double>(), static_cast<double>(row), tol)
            << "n=" << n << " row " << r;
      }
    }
  }
}

}  // namespace

TEST(Reduce, ContiguousFloatSumMatchesExactReference) { check_contiguous_sum<float>(); }
TEST(Reduce, ContiguousDoubleSumMatchesExactReference) { check_contiguous_sum<double>(); }

TEST(Reduce, ContiguousSumIgnoresThreadCount) {
  ThreadsGuard guard;
  const Tensor t = random_run<float>(3'000'017, 5);
  set_num_threads(1);
  const Tensor one = t.sum();
  set_num_threads(2);
  EXPECT_TRUE(equal(t.sum(), one));
}

TEST(Reduce, ContiguousMaxMinPropagateNaNAnywhere) {
  for (int64_t n : kRunLengths) {
    Tensor t = random_run<float>(n, 11);
    float* p = t.data_ptr<float>();
    const float* hi = std::max_element(p, p + n);
    const float* lo = std::min_element(p, p + n);
    EXPECT_EQ(t.max().item<float>(), *hi) << "n=" << n;
    EXPECT_EQ(t.min().item<float>(), *lo) << "n=" << n;
    // First, middle, at a chunk boundary, last (in the scalar tail for most lengths).
    for (int64_t at : {int64_t{0}, n / 2, std::min<int64_t>(n - 1, 16384), n - 1}) {
      const float saved = p[at];
      p[at] = std::numeric_limits<float>::quiet_NaN();
      EXPECT_TRUE(std::isnan(t.max().item<float>())) << "n=" << n << " NaN at " << at;
      EXPECT_TRUE(std::isnan(t.min().item<float>())) << "n=" << n << " NaN at " << at;
      EXPECT_TRUE(std::isnan(t.to(kDouble).max().item<double>())) << "n=" << n << " at " << at;
      p[at] = saved;
    }
  }
  // Infinities are ordinary values; all -inf stays -inf (the identity is not leaked as NaN).
  const float inf = std::numeric_limits<float>::infinity();
  const Tensor ninf = full({100}, -inf, kFloat);
  EXPECT_EQ(ninf.max().item<float>(), -inf);
  Tensor mixed = random_run<float>(1000, 3);
  mixed.data_ptr<float>()[999] = inf;
  EXPECT_EQ(mixed.max().item<float>(), inf);
  // Along the inner dim: only the row with the NaN gives NaN.
  Tensor rows = random_run<float>(4 * 3001, 9).view({4, 3001});
  rows.data_ptr<float>()[2 * 3001 + 3000] = std::numeric_limits<float>::quiet_NaN();
  const Tensor m = amax(rows, {1});
  for (int64_t r = 0; r < 4; ++r) EXPECT_EQ(std::isnan(m[r].item<float>()), r == 2) << r;
}

TEST(Reduce, ContiguousIntegerMaxMin) {
  for (int64_t n : kRunLengths) {
    Tensor t = empty({n}, kLong);
    int64_t* p = t.data_ptr<int64_t>();
    for (int64_t i = 0; i < n; ++i) p[i] = (i * 7919) % 100'003 - 50'000;
    p[n / 3] = std::numeric_limits<int64_t>::min();
    p[n - 1] = std::numeric_limits<int64_t>::max() - (n == 1 ? 0 : 1);
    EXPECT_EQ(t.max().item<int64_t>(), *std::max_element(p, p + n)) << "n=" << n;
    EXPECT_EQ(t.min().item<int64_t>(), *std::min_element(p, p + n)) << "n=" << n;
    const Tensor i32 = t.remainder(1000).to(kInt), u8 = t.remainder(256).to(kByte);
    const int32_t* q = i32.data_ptr<int32_t>();
    const uint8_t* u = u8.data_ptr<uint8_t>();
    EXPECT_EQ(i32.max().item<int64_t>(), *std::max_element(q, q + n)) << "n=" << n;
    EXPECT_EQ(i32.min().item<int64_t>(), *std::min_element(q, q + n)) << "n=" << n;
    EXPECT_EQ(u8.max().item<int64_t>(), *std::max_element(u, u + n)) << "n=" << n;
    EXPECT_EQ(u8.min().item<int64_t>(), *std::min_element(u, u + n)) << "n=" << n;
  }
}
