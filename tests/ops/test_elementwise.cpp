// Element-wise ops against PyTorch: every case of tests/reference/elementwise.json (written by
// gen_elementwise.py) is rebuilt here (operands, views, scalars, keyword arguments) and run through
// ember's methods, free functions and operators; results, dtypes, shapes and error messages must
// match.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ember/ops/elementwise.h"
#include "reference.h"

using namespace ember;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using json = nlohmann::json;

namespace {

struct Arg {
  bool is_tensor = false;
  Tensor t;
  Scalar s;
};

Scalar scalar_from(const json& j) {
  const std::string type = j.at("type");
  if (type == "bool") return Scalar(j.at("s").get<bool>());
  if (type == "int") return Scalar(j.at("s").get<int64_t>());
  return Scalar(std::strtod(j.at("s").get<std::string>().c_str(), nullptr));
}

Arg arg_from(const json& j) {
  Arg a;
  if (j.contains("t")) {
    a.is_tensor = true;
    a.t = tensor_from_reference(j.at("t"));
    if (j.contains("view")) {
      const auto& v = j.at("view");
      a.t = a.t.as_strided(v[0].get<std::vector<int64_t>>(), v[1].get<std::vector<int64_t>>(),
                           v[2].get<int64_t>());
    }
  } else {
    a.s = scalar_from(j);
  }
  return a;
}

std::optional<Arg> kw_arg(const json& kw, const char* name) {
  if (!kw.contains(name) || kw.at(name).is_null()) return std::nullopt;
  return arg_from(kw.at(name));
}
Scalar kw_scalar(const json& kw, const char* name, Scalar dflt) {
  auto a = kw_arg(kw, name);
  return a ? a->s : dflt;
}
std::optional<double> kw_double(const json& kw, const char* name) {
  auto a = kw_arg(kw, name);
  if (!a) return std::nullopt;
  return a->s.toDouble();
}

using Args = std::vector<Arg>;
using OpFn = std::function<Tensor(Args&, const json&)>;

[[noreturn]] Tensor unsupported() { throw std::logic_error("operand kinds not supported"); }

// A binary op from three expressions: tensor-tensor, tensor-scalar, scalar-tensor (a, b bound).
#define BIN(tt, ts, st)                     \
  [](Args& v, const json& kw) -> Tensor {   \
    (void)kw;                               \
    if (v[0].is_tensor && v[1].is_tensor) { \
      Tensor& a = v[0].t;                   \
      const Tensor& b = v[1].t;             \
      (void)a;                              \
      (void)b;                              \
      return tt;                            \
    }                                       \
    if (v[0].is_tensor) {                   \
      Tensor& a = v[0].t;                   \
      const Scalar& b = v[1].s;             \
      (void)a;                              \
      (void)b;                              \
      return ts;                            \
    }                                       \
    const Scalar& a = v[0].s;               \
    const Tensor& b = v[1].t;               \
    (void)a;                                \
    (void)b;                                \
    return st;                              \
  }
#define UN(expr)                          \
  [](Args& v, const json& kw) -> Tensor { \
    (void)kw;                             \
    Tensor& a = v[0].t;                   \
    return expr;                          \
  }
#define NONE unsupported()

std::optional<std::string_view> rounding(const json& kw) {
  if (!kw.contains("rounding_mode") || kw.at("rounding_mode").is_null()) return std::nullopt;
  static thread_local std::string mode;
  mode = kw.at("rounding_mode").get<std::string>();
  return mode;
}

std::optional<ScalarType> kw_dtype(const json& kw) {
  if (!kw.contains("dtype") || kw.at("dtype").is_null()) return std::nullopt;
  return ember_test::dtype_from_name(kw.at("dtype").get<std::string>());
}

const std::map<std::string, OpFn>& ops() {
  static const std::map<std::string, OpFn> table = {
      {"add", BIN(ember::add(a, b, kw_scalar(kw, "alpha", 1)), ember::add(a, b, kw_scalar(kw, "alpha", 1)), NONE)},
      {"sub", BIN(ember::sub(a, b, kw_scalar(kw, "alpha", 1)), ember::sub(a, b, kw_scalar(kw, "alpha", 1)), NONE)},
      {"mul", BIN(ember::mul(a, b), ember::mul(a, b), NONE)},
      {"div", BIN(ember::div(a, b, rounding(kw)), ember::div(a, b, rounding(kw)), NONE)},
      {"remainder", BIN(ember::remainder(a, b), ember::remainder(a, b), NONE)},
      {"fmod", BIN(ember::fmod(a, b), ember::fmod(a, b), NONE)},
      {"pow", BIN(ember::pow(a, b), ember::pow(a, b), ember::pow(a, b))},
      {"maximum", BIN(ember::maximum(a, b), NONE, NONE)},
      {"minimum", BIN(ember::minimum(a, b), NONE, NONE)},
      {"atan2", BIN(ember::atan2(a, b), NONE, NONE)},
      {"eq", BIN(ember::eq(a, b), ember::eq(a, b), NONE)},
      {"ne", BIN(ember::ne(a, b), ember::ne(a, b), NONE)},
      {"lt", BIN(ember::lt(a, b), ember::lt(a, b), NONE)},
      {"le", BIN(ember::le(a, b), ember::le(a, b), NONE)},
      {"gt", BIN(ember::gt(a, b), ember::gt(a, b), NONE)},
      {"ge", BIN(ember::ge(a, b), ember::ge(a, b), NONE)},
      {"logical_and", BIN(ember::logical_and(a, b), NONE, NONE)},
      {"logical_or", BIN(ember::logical_or(a, b), NONE, NONE)},
      {"logical_xor", BIN(ember::logical_xor(a, b), NONE, NONE)},
      {"bitwise_and", BIN(ember::bitwise_and(a, b), ember::bitwise_and(a, b), NONE)},
      {"bitwise_or", BIN(ember::bitwise_or(a, b), ember::bitwise_or(a, b), NONE)},
      {"bitwise_xor", BIN(ember::bitwise_xor(a, b), ember::bitwise_xor(a, b), NONE)},
      {"op+", BIN(a + b, a + b, a + b)},
      {"op-", BIN(a - b, a - b, a - b)},
      {"op*", BIN(a * b, a * b, a * b)},
      {"op/", BIN(a / b, a / b, a / b)},
      {"op%", BIN(a % b, a % b, a % b)},
      {"op==", BIN(a == b, a == b, a == b)},
      {"op!=", BIN(a != b, a != b, a != b)},
      {"op<", BIN(a < b, a < b, a < b)},
      {"op<=", BIN(a <= b, a <= b, a <= b)},
      {"op>", BIN(a > b, a > b, a > b)},
      {"op>=", BIN(a >= b, a >= b, a >= b)},
      {"op&", BIN(a & b, a & b, a & b)},
      {"op|", BIN(a | b, a | b, a | b)},
      {"op^", BIN(a ^ b, a ^ b, a ^ b)},
      {"op+=", BIN(a += b, a += b, NONE)},
      {"op-=", BIN(a -= b, a -= b, NONE)},
      {"op*=", BIN(a *= b, a *= b, NONE)},
      {"op/=", BIN(a /= b, a /= b, NONE)},
      {"op&=", BIN(a &= b, a &= b, NONE)},
      {"op|=", BIN(a |= b, a |= b, NONE)},
      {"op^=", BIN(a ^= b, a ^= b, NONE)},
      {"add_", BIN(a.add_(b, kw_scalar(kw, "alpha", 1)), a.add_(b, kw_scalar(kw, "alpha", 1)), NONE)},
      {"sub_", BIN(a.sub_(b, kw_scalar(kw, "alpha", 1)), a.sub_(b, kw_scalar(kw, "alpha", 1)), NONE)},
      {"mul_", BIN(a.mul_(b), a.mul_(b), NONE)},
      {"div_", BIN(a.div_(b, rounding(kw)), a.div_(b, rounding(kw)), NONE)},
      {"pow_", BIN(a.pow_(b), a.pow_(b), NONE)},
      {"clamp_min", BIN(NONE, ember::clamp_min(a, b), NONE)},
      {"clamp_max", BIN(NONE, ember::clamp_max(a, b), NONE)},
      {"where",
       [](Args& v, const json&) -> Tensor {
         const Tensor& c = v[0].t;
         if (v[1].is_tensor && v[2].is_tensor) return ember::where(c, v[1].t, v[2].t);
         if (v[1].is_tensor) return ember::where(c, v[1].t, v[2].s);
         if (v[2].is_tensor) return ember::where(c, v[1].s, v[2].t);
         return ember::where(c, v[1].s, v[2].s);
       }},
      {"clamp",
       [](Args& v, const json& kw) -> Tensor {
         auto lo = kw_arg(kw, "min"), hi = kw_arg(kw, "max");
         if ((lo && lo->is_tensor) || (hi && hi->is_tensor)) {
           std::optional<Tensor> l, h;
           if (lo) l = lo->t;
           if (hi) h = hi->t;
           return ember::clamp(v[0].t, l, h);
         }
         std::optional<Scalar> l, h;
         if (lo) l = lo->s;
         if (hi) h = hi->s;
         return ember::clamp(v[0].t, l, h);
       }},
      {"clamp_",
       [](Args& v, const json& kw) -> Tensor {
         auto lo = kw_arg(kw, "min"), hi = kw_arg(kw, "max");
         std::optional<Scalar> l, h;
         if (lo) l = lo->s;
         if (hi) h = hi->s;
         return v[0].t.clamp_(l, h);
       }},
      {"lerp",
       [](Args& v, const json&) -> Tensor {
         if (v[2].is_tensor) return ember::lerp(v[0].t, v[1].t, v[2].t);
         return ember::lerp(v[0].t, v[1].t, v[2].s);
       }},
      {"nan_to_num", UN(ember::nan_to_num(a, kw_double(kw, "nan"), kw_double(kw, "posinf"),
                                          kw_double(kw, "neginf")))},
      {"softmax", UN(ember::softmax(a, kw.at("dim").get<int64_t>(), kw_dtype(kw)))},
      {"log_softmax", UN(ember::log_softmax(a, kw.at("dim").get<int64_t>(), kw_dtype(kw)))},
      {"gelu", UN(ember::gelu(a, kw.contains("approximate")
                                    ? kw.at("approximate").get<std::string>()
                                    : std::string("none")))},
      {"silu", UN(ember::silu(a))},
      {"neg_", UN(a.neg_())},
      {"abs_", UN(a.abs_())},
      {"exp_", UN(a.exp_())},
      {"log_", UN(a.log_())},
      {"sqrt_", UN(a.sqrt_())},
      {"tanh_", UN(a.tanh_())},
      {"sigmoid_", UN(a.sigmoid_())},
      {"relu_", UN(ember::relu_(a))},
      {"op-unary", UN(-a)},
      {"op~", UN(~a)},
      {"neg", UN(ember::neg(a))},
      {"abs", UN(ember::abs(a))},
      {"sign", UN(ember::sign(a))},
      {"exp", UN(ember::exp(a))},
      {"exp2", UN(ember::exp2(a))},
      {"expm1", UN(ember::expm1(a))},
      {"log", UN(ember::log(a))},
      {"log2", UN(ember::log2(a))},
      {"log10", UN(ember::log10(a))},
      {"log1p", UN(ember::log1p(a))},
      {"sqrt", UN(ember::sqrt(a))},
      {"rsqrt", UN(ember::rsqrt(a))},
      {"sin", UN(ember::sin(a))},
      {"cos", UN(ember::cos(a))},
      {"tan", UN(ember::tan(a))},
      {"asin", UN(ember::asin(a))},
      {"acos", UN(ember::acos(a))},
      {"atan", UN(ember::atan(a))},
      {"sinh", UN(ember::sinh(a))},
      {"cosh", UN(ember::cosh(a))},
      {"tanh", UN(ember::tanh(a))},
      {"sigmoid", UN(ember::sigmoid(a))},
      {"relu", UN(ember::relu(a))},
      {"erf", UN(ember::erf(a))},
      {"floor", UN(ember::floor(a))},
      {"ceil", UN(ember::ceil(a))},
      {"round", UN(ember::round(a))},
      {"trunc", UN(ember::trunc(a))},
      {"frac", UN(ember::frac(a))},
      {"reciprocal", UN(ember::reciprocal(a))},
      {"square", UN(ember::square(a))},
      {"isnan", UN(ember::isnan(a))},
      {"isinf", UN(ember::isinf(a))},
      {"isfinite", UN(ember::isfinite(a))},
      {"logical_not", UN(ember::logical_not(a))},
      {"bitwise_not", UN(ember::bitwise_not(a))},
  };
  return table;
}

// Results of vectorized math libraries differ from the C library's in the last bits.
::testing::AssertionResult close_tensor(const Tensor& actual, const Tensor& expected) {
  if (actual.dtype() != expected.dtype())
    return ::testing::AssertionFailure()
           << "dtype " << actual.dtype() << " vs " << expected.dtype();
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure()
           << "sizes " << actual.sizes() << " vs " << expected.sizes();
  if (!actual.is_floating_point()) return same_tensor(actual, expected);
  double tol = 0;
  switch (actual.scalar_type()) {
    case kHalf:
      tol = 2e-3;
      break;
    case kBFloat16:
      tol = 1.6e-2;
      break;
    case kFloat:
      tol = 4e-6;
      break;
    default:
      tol = 1e-12;
  }
  Tensor a = actual.to(kDouble).contiguous(), e = expected.to(kDouble).contiguous();
  const double* pa = a.data_ptr<double>();
  const double* pe = e.data_ptr<double>();
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double x = pa[i], y = pe[i];
    if (std::isnan(x) && std::isnan(y)) continue;
    if (x == y) continue;
    if (std::abs(x - y) <= tol * std::max(1.0, std::abs(y))) continue;
    return ::testing::AssertionFailure() << "element " << i << ": " << x << " vs " << y;
  }
  return ::testing::AssertionSuccess();
}

// PyTorch's Python binding refuses ~ on floating tensors itself, with a message libtorch does not
// have; ember (like libtorch) reports the kernel's "not implemented" instead.
bool python_only_error(const json& c) {
  return c.at("op") == "op~" && c.contains("error") &&
         c.at("error").at("type").get<std::string>() == "TypeError";
}

std::string describe_case(const json& c) {
  std::string s = c.at("op").get<std::string>() + "(";
  for (const auto& a : c.at("args")) {
    if (a.contains("t")) {
      s += a.at("t").at("dtype").get<std::string>() + a.at("t").at("shape").dump();
      if (a.contains("view")) s += " view" + a.at("view").dump();
    } else {
      s += a.at("s").dump();
    }
    s += ", ";
  }
  return s + c.at("kw").dump() + ")";
}

TEST(Elementwise, MatchesPyTorchReference) {
  const auto& cases = reference("elementwise").at("cases");
  ASSERT_GT(cases.size(), 1000u);
  int checked = 0;
  for (const auto& c : cases) {
    if (python_only_error(c)) continue;
    SCOPED_TRACE(describe_case(c));
    auto it = ops().find(c.at("op").get<std::string>());
    ASSERT_NE(it, ops().end()) << "no C++ mapping for op " << c.at("op");
    Args args;
    for (const auto& a : c.at("args")) args.push_back(arg_from(a));
    if (c.contains("error")) {
      const std::string type = c.at("error").at("type");
      const std::string message = c.at("error").at("message");
      try {
        Tensor r = it->second(args, c.at("kw"));
        ADD_FAILURE() << "expected " << type << ": " << message << "\n got " << r;
      } catch (const ember::Error& e) {
        EXPECT_EQ(std::string(e.what()), message);
        if (type == "IndexError") {
          EXPECT_NE(dynamic_cast<const IndexError*>(&e), nullptr);
        } else if (type == "TypeError") {
          EXPECT_NE(dynamic_cast<const TypeError*>(&e), nullptr);
        } else if (type == "ValueError") {
          EXPECT_NE(dynamic_cast<const ValueError*>(&e), nullptr);
        }
      } catch (const std::logic_error& e) {
        ADD_FAILURE() << e.what();
      }
    } else {
      Tensor expected = tensor_from_reference(c.at("result"));
      try {
        Tensor r = it->second(args, c.at("kw"));
        if (c.at("exact").get<bool>()) {
          EXPECT_TRUE(same_tensor(r, expected));
        } else {
          EXPECT_TRUE(close_tensor(r, expected));
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << "unexpected error: " << e.what();
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 1000);
}

// ---- behaviours the reference cases cannot show -------------------------------------------------

TEST(Elementwise, InPlaceOpsWriteThroughViews) {
  Tensor base = zeros({2, 3});
  Tensor row = base.select(0, 1);
  row += 5;
  row.mul_(tensor({1.0, 2.0, 3.0}));
  EXPECT_TRUE(same_tensor(base, tensor({{0.0, 0.0, 0.0}, {5.0, 10.0, 15.0}})));
  base.select(0, 0) -= 1;  // on a temporary view, as in libtorch
  EXPECT_TRUE(same_tensor(base, tensor({{-1.0, -1.0, -1.0}, {5.0, 10.0, 15.0}})));
}

TEST(Elementwise, InPlaceResultIsTheSameTensor) {
  Tensor a = ones({3});
  Tensor& r = a.add_(1);
  EXPECT_EQ(&r, &a);
  Tensor b = a;
  b *= 2;
  EXPECT_TRUE(a.is_same(b));
  EXPECT_TRUE(same_tensor(a, tensor({4.0f, 4.0f, 4.0f})));
}

TEST(Elementwise, InPlaceRefusesPromotionAndBroadcast) {
  Tensor a = zeros({3}, kLong);
  try {
    a += zeros({3});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "result type Float can't be cast to the desired output type Long");
  }
  try {
    a += zeros({2, 3}, kLong);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "output with shape [3] doesn't match the broadcast shape [2, 3]");
  }
}

TEST(Elementwise, ScalarsOnEitherSide) {
  Tensor t = tensor({1, 2, 4});
  EXPECT_TRUE(same_tensor(2 * t, tensor({2, 4, 8})));
  EXPECT_TRUE(same_tensor(t * 2, tensor({2, 4, 8})));
  EXPECT_TRUE(same_tensor(t / 2.0, tensor({0.5f, 1.0f, 2.0f})));
  EXPECT_TRUE(same_tensor(1 - t, tensor({0, -1, -3})));
  EXPECT_TRUE(same_tensor(t + 0.5f, tensor({1.5f, 2.5f, 4.5f})));
  EXPECT_TRUE(same_tensor(2 < t, tensor({false, false, true})));
}

TEST(Elementwise, LargeContiguousAndStridedAgree) {
  // Long runs go through the vectorizable path; the transposed copy through the strided one.
  Tensor a = arange(0, 4096, kFloat).reshape({64, 64});
  Tensor b = a.t().contiguous();
  Tensor r1 = a.t() * 3 + b;
  Tensor r2 = b * 3 + b;
  EXPECT_TRUE(same_tensor(r1, r2));
}

}  // namespace
