// Element-wise unary ops and softmax: each op's argument checks and dtype rule, then its kernel.
#include <cmath>
#include <numbers>
#include <string_view>

#include "autograd/function.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "kernels/table.h"
#include "ops/elementwise.h"

namespace ember {

using kernels::UnaryOp;
using ops::Elementwise;

namespace {

// Math functions compute integer and bool inputs in the default float dtype; the others keep
// the input's dtype.
enum class Rule { Same, IntToFloat };

Tensor unary_op(const Tensor* dest, const Tensor& self, Rule rule, UnaryOp op) {
  Elementwise it{self};
  if (dest) it.into(*dest);
  ScalarType dt = self.scalar_type();
  if (rule == Rule::IntToFloat && is_integral_type(dt, true)) dt = get_default_dtype();
  it.build(dt);
  kernels::unary_kernel(it.args(), op);
  return it.finish();
}

Tensor math_op(const Tensor& self, UnaryOp op) {
  return unary_op(nullptr, self, Rule::IntToFloat, op);
}

Tensor& math_op_(Tensor& self, UnaryOp op) {
  unary_op(&self, self, Rule::IntToFloat, op);
  return self;
}

// floor, ceil, round, trunc: integers are already whole.
Tensor rounding_op(const Tensor& self, UnaryOp op) {
  if (is_integral_type(self.scalar_type(), false)) return self.clone();
  return unary_op(nullptr, self, Rule::Same, op);
}

Tensor predicate(const Tensor& self, kernels::PredicateOp op) {
  Elementwise it{self};
  it.build(self.scalar_type(), kBool);
  kernels::predicate_kernel(it.args(), op);
  return it.finish();
}

void neg_check(const Tensor& self) {
  EMBER_CHECK(self.scalar_type() != kBool,
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
              "to invert a mask, use the `~` or `logical_not()` operator instead.");
}

void relu_check(const Tensor& self) {
  EMBER_CHECK(self.scalar_type() != kBool, "Boolean inputs not supported for relu");
}

Tensor softmax_op(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool log) {
  const Tensor input = (dtype ? self.to(*dtype) : self).contiguous();
  const int64_t nd = input.dim();
  dim = maybe_wrap_dim(dim, nd);
  Tensor out = detail::make_tensor(input.sizes(), input.scalar_type(), input.device());
  int64_t outer = 1, inner = 1, size = nd == 0 ? 1 : input.sizes()[dim];
  for (int64_t d = 0; d < dim; ++d) outer *= input.sizes()[d];
  for (int64_t d = dim + 1; d < nd; ++d) inner *= input.sizes()[d];
  const bool last_dim = nd == 0 || dim == nd - 1;
  if (input.numel() == 0) return out;  // as PyTorch: any dtype, even one with no kernel
  kernels::softmax_kernel(out, input, outer, size, inner, log, last_dim);
  return out;
}

}  // namespace

// ---- derivatives --------------------------------------------------------------------------------
// Each op records its derivative as a lambda (src/autograd/function.h), PyTorch's formula from
// derivatives.yaml, using the saved input (`self`) or the saved result. In-place forms with history
// run their out-of-place form through ops::record_inplace (one formula, PyTorch's node name).
using autograd::Grads;
using autograd::save;
using autograd::save_output;

namespace {
// The zero gradient of piecewise-constant ops (sign, floor, ...).
Tensor record_zero_grad(Tensor out, const Tensor& self, const char* name) {
  if (autograd::should_record(self)) {
    autograd::record(name, out, {self}, [](const Grads& g) { return zeros_like(g[0]); });
  }
  return out;
}
// Records out = op(self), whose derivative `f(grad, self)` reads the saved input.
template <class F>
Tensor record_self(Tensor out, const Tensor& self, const char* name, F f) {
  if (autograd::should_record(self)) {
    autograd::record(
        name, out, {self}, [f](const Grads& g, const Tensor& input) { return f(g[0], input); },
        save(self));
  }
  return out;
}
// Records out = op(self), whose derivative `f(grad, result)` reads the saved result.
template <class F>
Tensor record_result(Tensor out, const Tensor& self, const char* name, F f) {
  if (autograd::should_record(self)) {
    autograd::record(
        name, out, {self}, [f](const Grads& g, const Tensor& result) { return f(g[0], result); },
        save_output(out));
  }
  return out;
}
}  // namespace

Tensor Tensor::positive() const {
  EMBER_CHECK(scalar_type() != kBool, "The `+` operator, on a bool tensor is not supported.");
  return *this;
}

Tensor Tensor::neg() const {
  neg_check(*this);
  Tensor out = unary_op(nullptr, *this, Rule::Same, UnaryOp::Neg);
  if (autograd::should_record(*this)) {
    autograd::record("NegBackward0", out, {*this}, [](const Grads& g) { return g[0].neg(); });
  }
  return out;
}
Tensor& Tensor::neg_() {
  neg_check(*this);
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.neg(); });
  }
  unary_op(this, *this, Rule::Same, UnaryOp::Neg);
  return *this;
}
Tensor Tensor::abs() const {
  return record_self(unary_op(nullptr, *this, Rule::Same, UnaryOp::Abs), *this, "AbsBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * self.sign(); });
}
Tensor& Tensor::abs_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.abs(); });
  }
  unary_op(this, *this, Rule::Same, UnaryOp::Abs);
  return *this;
}
Tensor Tensor::sign() const {
  return record_zero_grad(unary_op(nullptr, *this, Rule::Same, UnaryOp::Sign), *this,
                          "SignBackward0");
}
Tensor Tensor::exp() const {
  return record_result(math_op(*this, UnaryOp::Exp), *this, "ExpBackward0",
                       [](const Tensor& grad, const Tensor& result) { return grad * result; });
}
Tensor& Tensor::exp_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.exp(); });
  }
  return math_op_(*this, UnaryOp::Exp);
}
Tensor Tensor::exp2() const {
  return record_result(
      math_op(*this, UnaryOp::Exp2), *this, "Exp2Backward0",
      [](const Tensor& grad, const Tensor& result) { return grad * result * std::numbers::ln2; });
}
Tensor Tensor::expm1() const {
  return record_result(
      math_op(*this, UnaryOp::Expm1), *this, "Expm1Backward0",
      [](const Tensor& grad, const Tensor& result) { return grad * (result + 1); });
}
Tensor Tensor::log() const {
  return record_self(math_op(*this, UnaryOp::Log), *this, "LogBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad.div(self); });
}
Tensor& Tensor::log_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.log(); });
  }
  return math_op_(*this, UnaryOp::Log);
}
Tensor Tensor::log2() const {
  return record_self(
      math_op(*this, UnaryOp::Log2), *this, "Log2Backward0",
      [](const Tensor& grad, const Tensor& self) { return grad / (self * 0.6931471805599453); });
}
Tensor Tensor::log10() const {
  return record_self(
      math_op(*this, UnaryOp::Log10), *this, "Log10Backward0",
      [](const Tensor& grad, const Tensor& self) { return grad / (self * 2.3025850929940456); });
}
Tensor Tensor::log1p() const {
  return record_self(math_op(*this, UnaryOp::Log1p), *this, "Log1PBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad / (self + 1); });
}
Tensor Tensor::sqrt() const {
  return record_result(
      math_op(*this, UnaryOp::Sqrt), *this, "SqrtBackward0",
      [](const Tensor& grad, const Tensor& result) { return grad / (2 * result); });
}
Tensor& Tensor::sqrt_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.sqrt(); });
  }
  return math_op_(*this, UnaryOp::Sqrt);
}
Tensor Tensor::rsqrt() const {
  return record_result(
      math_op(*this, UnaryOp::Rsqrt), *this, "RsqrtBackward0",
      [](const Tensor& grad, const Tensor& result) { return -0.5 * grad * result.pow(3); });
}
Tensor Tensor::sin() const {
  return record_self(math_op(*this, UnaryOp::Sin), *this, "SinBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * self.cos(); });
}
Tensor Tensor::cos() const {
  return record_self(math_op(*this, UnaryOp::Cos), *this, "CosBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * -self.sin(); });
}
Tensor Tensor::tan() const {
  return record_result(
      math_op(*this, UnaryOp::Tan), *this, "TanBackward0",
      [](const Tensor& grad, const Tensor& result) { return grad * (1 + result.pow(2)); });
}
Tensor Tensor::asin() const {
  return record_self(
      math_op(*this, UnaryOp::Asin), *this, "AsinBackward0",
      [](const Tensor& grad, const Tensor& self) { return grad * (-self * self + 1).rsqrt(); });
}
Tensor Tensor::acos() const {
  return record_self(
      math_op(*this, UnaryOp::Acos), *this, "AcosBackward0",
      [](const Tensor& grad, const Tensor& self) { return grad * -((-self * self + 1).rsqrt()); });
}
Tensor Tensor::atan() const {
  return record_self(
      math_op(*this, UnaryOp::Atan), *this, "AtanBackward0",
      [](const Tensor& grad, const Tensor& self) { return grad / (self * self + 1); });
}
Tensor Tensor::sinh() const {
  return record_self(math_op(*this, UnaryOp::Sinh), *this, "SinhBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * self.cosh(); });
}
Tensor Tensor::cosh() const {
  return record_self(math_op(*this, UnaryOp::Cosh), *this, "CoshBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * self.sinh(); });
}
// tanh_backward and sigmoid_backward, from the saved result.
Tensor Tensor::tanh() const {
  return record_result(
      math_op(*this, UnaryOp::Tanh), *this, "TanhBackward0",
      [](const Tensor& grad, const Tensor& result) { return grad * (1 - result * result); });
}
Tensor& Tensor::tanh_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.tanh(); });
  }
  return math_op_(*this, UnaryOp::Tanh);
}
Tensor Tensor::sigmoid() const {
  return record_result(
      math_op(*this, UnaryOp::Sigmoid), *this, "SigmoidBackward0",
      [](const Tensor& grad, const Tensor& result) { return grad * (1 - result) * result; });
}
Tensor& Tensor::sigmoid_() {
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.sigmoid(); });
  }
  return math_op_(*this, UnaryOp::Sigmoid);
}
// threshold_backward(grad, result, 0): no gradient where the result is <= 0.
Tensor Tensor::relu() const {
  relu_check(*this);
  Tensor out;
  {
    NoGradGuard no_grad;  // relu records its own node, not clamp_min's
    out = clamp_min(0);
  }
  return record_result(
      std::move(out), *this, "ReluBackward0",
      [](const Tensor& grad, const Tensor& result) { return threshold_backward(grad, result, 0); });
}
Tensor& Tensor::relu_() {
  relu_check(*this);
  if (autograd::should_record(*this)) {
    return ops::record_inplace(*this, {}, [](const Tensor& s) { return s.relu(); });
  }
  return clamp_(0, std::nullopt);
}
Tensor Tensor::erf() const {
  return record_self(math_op(*this, UnaryOp::Erf), *this, "ErfBackward0",
                     [](const Tensor& grad, const Tensor& self) {
                       return 2.0 / std::sqrt(std::numbers::pi) * self.pow(2).neg().exp() * grad;
                     });
}
Tensor Tensor::floor() const {
  return record_zero_grad(rounding_op(*this, UnaryOp::Floor), *this, "FloorBackward0");
}
Tensor Tensor::ceil() const {
  return record_zero_grad(rounding_op(*this, UnaryOp::Ceil), *this, "CeilBackward0");
}
Tensor Tensor::round() const {
  return record_zero_grad(rounding_op(*this, UnaryOp::Round), *this, "RoundBackward0");
}
Tensor Tensor::trunc() const {
  return record_zero_grad(rounding_op(*this, UnaryOp::Trunc), *this, "TruncBackward0");
}
Tensor Tensor::frac() const {
  Tensor out = unary_op(nullptr, *this, Rule::Same, UnaryOp::Frac);
  if (autograd::should_record(*this)) {
    autograd::record("FracBackward0", out, {*this}, [](const Grads& g) { return g[0]; });
  }
  return out;
}
Tensor Tensor::reciprocal() const {
  return record_result(
      math_op(*this, UnaryOp::Reciprocal), *this, "ReciprocalBackward0",
      [](const Tensor& grad, const Tensor& result) { return -grad * (result * result); });
}
Tensor Tensor::square() const { return pow(2); }  // PowBackward0, as PyTorch
Tensor Tensor::isnan() const { return predicate(*this, kernels::PredicateOp::IsNan); }
Tensor Tensor::isinf() const { return predicate(*this, kernels::PredicateOp::IsInf); }
Tensor Tensor::isfinite() const { return predicate(*this, kernels::PredicateOp::IsFinite); }
Tensor Tensor::logical_not() const { return predicate(*this, kernels::PredicateOp::LogicalNot); }
Tensor Tensor::bitwise_not() const {
  return unary_op(nullptr, *this, Rule::Same, UnaryOp::BitwiseNot);
}

Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) const {
  if (!is_floating_point()) return clone();
  Elementwise it{*this};
  it.build(scalar_type());
  kernels::nan_to_num_kernel(it.args(), nan, posinf, neginf);
  return record_self(it.finish(), *this, "NanToNumBackward0",
                     [](const Tensor& grad, const Tensor& self) { return grad * self.isfinite(); });
}

// softmax and log_softmax with a dtype convert first (ToCopyBackward0, as libtorch's composite);
// their backward is PyTorch's _softmax_backward_data / _log_softmax_backward_data written with
// tensor ops, so that it is differentiable again.
namespace {
Tensor softmax_recorded(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype,
                        bool log) {
  const Tensor input = dtype ? self.to(*dtype) : self;
  Tensor out;
  {
    NoGradGuard no_grad;  // plumbing: the op records its own node
    out = softmax_op(input, dim, std::nullopt, log);
  }
  if (autograd::should_record(input)) {
    const int64_t d = maybe_wrap_dim(dim, input.dim());
    if (log) {
      autograd::record(
          "LogSoftmaxBackward0", out, {input},
          [d](const Grads& g, const Tensor& result) {
            return g[0] - result.exp() * g[0].sum({d}, true);
          },
          save_output(out));
    } else {
      autograd::record(
          "SoftmaxBackward0", out, {input},
          [d](const Grads& g, const Tensor& result) {
            return result * (g[0] - (g[0] * result).sum({d}, true));
          },
          save_output(out));
    }
  }
  return out;
}
}  // namespace

Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return softmax_recorded(*this, dim, dtype, false);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return softmax_recorded(*this, dim, dtype, true);
}

// gelu_backward for both approximations, as PyTorch's CPU kernel computes it (its constants:
// M_2_SQRTPI and M_SQRT1_2).
constexpr double kTwoOverSqrtPi = 2 * std::numbers::inv_sqrtpi;
constexpr double kSqrtHalf = std::numbers::sqrt2 / 2;
Tensor gelu(const Tensor& self, std::string_view approximate) {
  EMBER_CHECK(approximate == "none" || approximate == "tanh",
              "approximate argument must be either none or tanh.");
  const bool tanh = approximate == "tanh";
  Tensor out = unary_op(nullptr, self, Rule::Same, tanh ? UnaryOp::GeluTanh : UnaryOp::Gelu);
  return record_self(
      std::move(out), self, "GeluBackward0", [tanh](const Tensor& grad, const Tensor& x) {
        if (tanh) {
          constexpr double kBeta = std::numbers::sqrt2 * kTwoOverSqrtPi * 0.5;
          constexpr double kKappa = 0.044715;
          const Tensor x_sq = x * x;
          const Tensor inner = kBeta * (x + kKappa * (x_sq * x));
          const Tensor tanh_inner = inner.tanh();
          const Tensor left_derivative = 0.5 * (1 + tanh_inner);
          const Tensor right_derivative = 1 - tanh_inner * tanh_inner;
          const Tensor inner_derivative = kBeta * (1 + 3 * kKappa * x_sq);
          return grad * (left_derivative + 0.5 * x * right_derivative * inner_derivative);
        }
        constexpr double kBeta = kTwoOverSqrtPi * kSqrtHalf * 0.5;
        const Tensor cdf = 0.5 * (1 + (x * kSqrtHalf).erf());
        const Tensor pdf = (-0.5 * x * x).exp() * kBeta;
        return grad * (cdf + x * pdf);
      });
}

// PyTorch's infinitely_differentiable_silu_backward.
Tensor silu(const Tensor& self) {
  return record_self(unary_op(nullptr, self, Rule::Same, UnaryOp::Silu), self, "SiluBackward0",
                     [](const Tensor& grad, const Tensor& x) {
                       const Tensor sigmoid = x.sigmoid();
                       return grad * sigmoid * (1.0 + x * (1.0 - sigmoid));
                     });
}

}  // namespace ember
