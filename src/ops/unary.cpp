// Element-wise unary ops: the helpers the generated ones call (src/ops/unary.yaml), and those
// written by hand (relu, round, the predicates, nan_to_num, softmax, gelu, silu).
#include "ops/unary.h"

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

// ---- what the generated ops call (src/ops/unary.h)
// ------------------------------------------------

namespace ops {

namespace {
Tensor unary_into(const Tensor* dest, const Tensor& self, UnaryRule rule, UnaryOp op) {
  Elementwise it{self};
  if (dest) it.into(*dest);
  ScalarType dt = self.scalar_type();
  if (rule == UnaryRule::IntToFloat && is_integral_type(dt, true)) dt = get_default_dtype();
  it.build(dt);
  kernels::unary_kernel(it.args(), op);
  return it.finish();
}
}  // namespace

Tensor unary(const Tensor& self, UnaryRule rule, UnaryOp op) {
  if (rule == UnaryRule::Rounding && is_integral_type(self.scalar_type(), false)) {
    return self.clone();
  }
  return unary_into(nullptr, self, rule, op);
}

void unary_(Tensor& self, UnaryRule rule, UnaryOp op) {
  if (rule == UnaryRule::Rounding && is_integral_type(self.scalar_type(), false)) {
    self.impl()->storage()->bump_version();  // unchanged, but written as far as autograd knows
    return;
  }
  unary_into(&self, self, rule, op);
}

void check_neg(const Tensor& self) {
  EMBER_CHECK(self.scalar_type() != kBool,
              "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
              "to invert a mask, use the `~` or `logical_not()` operator instead.");
}

}  // namespace ops

// ---- the ops written by hand
// ----------------------------------------------------------------------

namespace {

Tensor predicate(const Tensor& self, kernels::PredicateOp op) {
  Elementwise it{self};
  it.build(self.scalar_type(), kBool);
  kernels::predicate_kernel(it.args(), op);
  return it.finish();
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

// Each op records its derivative as a lambda (src/autograd/function.h), PyTorch's formula from
// derivatives.yaml, using the saved input (`self`) or the saved result. In-place forms with history
// run their out-of-place form through ops::record_inplace (one formula, PyTorch's node name).
using autograd::Grads;
using autograd::save;
using autograd::save_output;

namespace {
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
Tensor& Tensor::relu_() const {
  Tensor& self = const_cast<Tensor&>(*this);
  relu_check(self);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [](const Tensor& s) { return s.relu(); });
  }
  return clamp_(0, std::nullopt);
}
Tensor Tensor::round() const {
  Tensor out = ops::unary(*this, ops::UnaryRule::Rounding, UnaryOp::Round);
  if (autograd::should_record(*this)) {
    autograd::record("RoundBackward0", out, {*this},
                     [](const Grads& g) { return zeros_like(g[0]); });
  }
  return out;
}
Tensor Tensor::round(int64_t decimals) const {
  EMBER_CHECK(decimals == 0, "round(decimals=...) is not supported by ember");
  return round();
}
Tensor Tensor::square() const { return pow(2); }  // PowBackward0, as PyTorch
Tensor Tensor::isnan() const { return predicate(*this, kernels::PredicateOp::IsNan); }
Tensor Tensor::isinf() const { return predicate(*this, kernels::PredicateOp::IsInf); }
Tensor Tensor::isfinite() const { return predicate(*this, kernels::PredicateOp::IsFinite); }
Tensor Tensor::logical_not() const { return predicate(*this, kernels::PredicateOp::LogicalNot); }
Tensor Tensor::bitwise_not() const {
  return ops::unary(*this, ops::UnaryRule::Same, UnaryOp::BitwiseNot);
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
  Tensor out = ops::unary(self, ops::UnaryRule::Same, tanh ? UnaryOp::GeluTanh : UnaryOp::Gelu);
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
  return record_self(ops::unary(self, ops::UnaryRule::Same, UnaryOp::Silu), self, "SiluBackward0",
                     [](const Tensor& grad, const Tensor& x) {
                       const Tensor sigmoid = x.sigmoid();
                       return grad * sigmoid * (1.0 + x * (1.0 - sigmoid));
                     });
}

}  // namespace ember
