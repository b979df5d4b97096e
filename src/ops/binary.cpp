// Element-wise binary and ternary ops: each op's argument checks and dtype rule, then its kernel.
#include "ops/binary.h"

#include <cmath>
#include <limits>

#include "autograd/function.h"
#include "core/parallel.h"
#include "cpu/fma_loops.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "kernels/table.h"
#include "ops/elementwise.h"

namespace ember {

using ops::Elementwise;
using ops::Operand;

namespace {

// How a binary op's result dtype follows from torch.result_type of its operands.
enum class Rule {
  Same,        // the result type
  IntToFloat,  // the result type, integers and bool giving the default float dtype
  Bool,        // computed in the result type, output bool
};

template <class Kernel>
Tensor binary_op(const Tensor* dest, const Operand& a, const Operand& b, Rule rule,
                 Kernel&& kernel) {
  if (dest == nullptr && rule != Rule::IntToFloat) {
    kernels::ElementwiseArgs args;
    Tensor out;
    if (ops::plain_binary(a, b, rule == Rule::Bool ? kBool : ScalarType::Undefined, args, out)) {
      kernel(args);
      return out;
    }
  }
  Elementwise it{a, b};
  if (dest) it.into(*dest);
  ScalarType dt = it.result_type();
  if (rule == Rule::IntToFloat && is_integral_type(dt, true)) dt = get_default_dtype();
  it.build(dt, rule == Rule::Bool ? kBool : dt);
  kernel(it.args());
  return it.finish();
}

void sub_check(const Operand& a, const Operand& b) {
  EMBER_CHECK(a.dtype() != kBool || b.dtype() != kBool,
              "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
              "or `logical_xor()` operator instead.");
  EMBER_CHECK(a.dtype() != kBool && b.dtype() != kBool,
              "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
              "trying to invert a mask, use the `~` or `logical_not()` operator instead.");
}

void alpha_check(ScalarType dt, const Scalar& alpha) {
  EMBER_CHECK(!alpha.isBoolean() || dt == kBool,
              "Boolean alpha only supported for Boolean results.");
  EMBER_CHECK(is_floating_type(dt) || alpha.isIntegral(true),
              "For integral input tensors, argument alpha must not be a floating point number.");
}

Scalar negated(const Scalar& s) {
  if (s.isFloatingPoint()) return Scalar(-s.toDouble());
  if (s.isBoolean()) return s;
  return Scalar(static_cast<int64_t>(0ull - static_cast<uint64_t>(s.toLong())));
}

Tensor add_op(const Tensor* dest, const Operand& a, const Operand& b, const Scalar& alpha) {
  if (dest == nullptr) {
    kernels::ElementwiseArgs args;
    Tensor out;
    if (ops::plain_binary(a, b, ScalarType::Undefined, args, out)) {
      alpha_check(args.dtype, alpha);
      check_convertible(alpha, args.dtype);  // the kernel's alpha is a value of the dtype
      kernels::add_kernel(args, alpha);
      return out;
    }
  }
  Elementwise it{a, b};
  if (dest) it.into(*dest);
  const ScalarType dt = it.result_type();
  it.build(dt);
  alpha_check(dt, alpha);
  check_convertible(alpha, dt);
  kernels::add_kernel(it.args(), alpha);
  return it.finish();
}

Tensor sub_op(const Tensor* dest, const Operand& a, const Operand& b, const Scalar& alpha) {
  sub_check(a, b);
  Elementwise it{a, b};
  if (dest) it.into(*dest);
  const ScalarType dt = it.result_type();
  it.build(dt);
  alpha_check(dt, alpha);
  const Scalar minus_alpha = negated(alpha);  // PyTorch adds -alpha (wrapping for integers)
  check_convertible(minus_alpha, dt);
  kernels::add_kernel(it.args(), minus_alpha);
  return it.finish();
}

Tensor div_op(const Tensor* dest, const Operand& a, const Operand& b,
              std::optional<std::string_view> mode) {
  if (!mode) return binary_op(dest, a, b, Rule::IntToFloat, kernels::div_true_kernel);
  if (*mode == "trunc") return binary_op(dest, a, b, Rule::Same, kernels::div_trunc_kernel);
  if (*mode == "floor") return binary_op(dest, a, b, Rule::Same, kernels::div_floor_kernel);
  detail::fail("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '",
               *mode, "'");
}

Tensor pow_scalar_op(const Tensor* dest, const Tensor& base, const Scalar& exp) {
  EMBER_CHECK(
      !(is_integral_type(base.scalar_type(), true) && exp.isIntegral(true) && exp.toLong() < 0),
      "Integers to negative integer powers are not allowed.");
  const ScalarType dt = ember::result_type(base, exp);
  EMBER_CHECK(dest == nullptr || dest->scalar_type() == dt, "Found dtype ",
              to_string(dest ? dest->scalar_type() : dt), " but expected ", to_string(dt));
  Elementwise it{base};
  if (dest) it.into(*dest);
  it.build(dt);
  const bool is_number = !exp.isBoolean();
  if (is_number && (exp.toDouble() == 0.0 || exp.toDouble() == 1.0)) {
    // As PyTorch: ones, or a copy of the base. Plumbing (the op records its own node); an
    // in-place form writes its destination once (one version bump).
    NoGradGuard no_grad;
    Tensor out = dest ? *dest : it.finish();
    if (exp.toDouble() == 0.0) {
      out.fill_(1);
    } else {
      out.copy_(base);
    }
    return out;
  }
  // PyTorch's kernel takes the exponent as a double for float and double, and as a value of the
  // dtype otherwise.
  if (dt != kFloat && dt != kDouble) check_convertible(exp, dt);
  kernels::pow_scalar_kernel(it.args(), exp);
  return it.finish();
}

Tensor compare(const Tensor& a, const Operand& b, kernels::CompareOp op) {
  return binary_op(nullptr, a, b, Rule::Bool, [op](const kernels::ElementwiseArgs& args) {
    kernels::compare_kernel(args, op);
  });
}

Tensor logical(const Tensor& a, const Tensor& b, kernels::LogicalOp op) {
  return binary_op(nullptr, a, b, Rule::Bool, [op](const kernels::ElementwiseArgs& args) {
    kernels::logical_kernel(args, op);
  });
}

Tensor bitwise(const Tensor* dest, const Operand& a, const Operand& b, kernels::BitwiseOp op) {
  return binary_op(dest, a, b, Rule::Same, [op](const kernels::ElementwiseArgs& args) {
    kernels::bitwise_kernel(args, op);
  });
}

bool is_nan(const Scalar& s) { return s.isFloatingPoint() && std::isnan(s.toDouble()); }

// clamp with scalar bounds (clamp, clamp_min, clamp_max): PyTorch promotes an integer tensor with
// the bounds, but an in-place clamp must keep the tensor's dtype. A NaN bound makes the result NaN
// for clamp with both bounds and for clamp_min / clamp_max (`nan_fills`); clamp with one NaN bound
// runs the kernel, whose max(x, NaN) is x (PyTorch 1.13).
Tensor clamp_scalar_op(const Tensor* dest, const Tensor& self, const std::optional<Scalar>& min,
                       const std::optional<Scalar>& max, bool nan_fills) {
  EMBER_CHECK(min || max, "torch.clamp: At least one of 'min' or 'max' must not be None");
  ScalarType dt = self.scalar_type();
  if (!is_floating_type(dt)) {
    ResultTypeState state;
    state.update(self);
    if (min) state.update(*min);
    if (max) state.update(*max);
    dt = state.result();
    EMBER_CHECK(dt == self.scalar_type() || dest == nullptr, "result type ", to_string(dt),
                " can't be cast to the desired output type ", type_meta_name(self.scalar_type()));
  }
  Elementwise it{self};
  if (dest) it.into(*dest);
  it.build(dt);
  if (nan_fills && ((min && is_nan(*min)) || (max && is_nan(*max)))) {
    NoGradGuard no_grad;                      // plumbing: the op records its own node
    Tensor out = dest ? *dest : it.finish();  // fill_ is the in-place write (one version bump)
    out.fill_(std::numeric_limits<double>::quiet_NaN());
    return out;
  }
  // The kernel's bounds are values of the dtype.
  if (min) check_convertible(*min, dt);
  if (max) check_convertible(*max, dt);
  kernels::clamp_scalar_kernel(it.args(), min, max);
  return it.finish();
}

void check_same_dtype(const Tensor& self, const Tensor& other, const char* what) {
  EMBER_CHECK(self.scalar_type() == other.scalar_type(), "expected dtype ",
              type_meta_name(self.scalar_type()), " for `", what, "` but got dtype ",
              type_meta_name(other.scalar_type()));
}

Tensor where_op(const Tensor& cond, const Operand& a, const Operand& b, ScalarType dt) {
  EMBER_CHECK(cond.scalar_type() == kBool || cond.scalar_type() == kByte,
              "where expected condition to be a boolean tensor, but got a tensor with dtype ",
              to_string(cond.scalar_type()));
  // A number operand becomes a tensor of the result dtype (c10's checked conversion).
  if (!a.is_tensor()) check_convertible(a.scalar(), dt);
  if (!b.is_tensor()) check_convertible(b.scalar(), dt);
  Elementwise it{cond, a, b};
  it.input_dtype(0, kBool);
  it.build(dt);
  kernels::where_kernel(it.args());
  return it.finish();
}

}  // namespace

// ---- arithmetic ---------------------------------------------------------------------------------
// Each op's derivative is the lambda it records (see src/autograd/function.h). In-place forms with
// history run their out-of-place form through ops::record_inplace, so each formula is written
// once.
using autograd::Grads;
using autograd::save_if;
using autograd::tensor_list;

Tensor Tensor::add(const Tensor& other, const Scalar& alpha) const {
  Tensor out = add_op(nullptr, *this, other, alpha);
  if (autograd::should_record(*this, other)) {
    autograd::record("AddBackward0", out, {*this, other}, [alpha](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0] : Tensor(),
                         g.needs(1) ? (alpha.toDouble() == 1.0 ? g[0] : g[0] * alpha) : Tensor()};
    });
  }
  return out;
}
Tensor Tensor::add(const Scalar& other, const Scalar& alpha) const {
  Tensor out = add_op(nullptr, *this, other, alpha);
  if (autograd::should_record(*this)) {
    autograd::record("AddBackward1", out, {*this}, [](const Grads& g) { return g[0]; });
  }
  return out;
}
Tensor& Tensor::add_(const Tensor& other, const Scalar& alpha) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, other)) {
    return ops::record_inplace(self, {other},
                               [&](const Tensor& s) { return s.add(other, alpha); });
  }
  add_op(&self, self, other, alpha);
  return self;
}
Tensor& Tensor::add_(const Scalar& other, const Scalar& alpha) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.add(other, alpha); });
  }
  add_op(&self, self, other, alpha);
  return self;
}

namespace {
Tensor record_sub(Tensor out, const Tensor& self, const Tensor& other, const Scalar& alpha) {
  if (autograd::should_record(self, other)) {
    autograd::record("SubBackward0", out, {self, other}, [alpha](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0] : Tensor(),
                         g.needs(1) ? g[0] * negated(alpha) : Tensor()};
    });
  }
  return out;
}
}  // namespace

Tensor Tensor::sub(const Tensor& other, const Scalar& alpha) const {
  return record_sub(sub_op(nullptr, *this, other, alpha), *this, other, alpha);
}
Tensor Tensor::sub(const Scalar& other, const Scalar& alpha) const {
  Tensor out = sub_op(nullptr, *this, other, alpha);
  if (autograd::should_record(*this)) {
    autograd::record("SubBackward1", out, {*this}, [](const Grads& g) { return g[0]; });
  }
  return out;
}
// libtorch wraps the number in a tensor: SubBackward0 with no edge for it.
Tensor operator-(const Scalar& self, const Tensor& other) {
  return record_sub(sub_op(nullptr, self, other, 1), Tensor(), other, 1);
}
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha) {
  Tensor out = sub_op(nullptr, other, self, alpha);
  if (autograd::should_record(self, other)) {
    autograd::record("RsubBackward0", out, {self, other}, [alpha](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0] * negated(alpha) : Tensor(),
                         g.needs(1) ? g[0] : Tensor()};
    });
  }
  return out;
}
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha) {
  Tensor out = sub_op(nullptr, other, self, alpha);
  if (autograd::should_record(self)) {
    autograd::record("RsubBackward1", out, {self},
                     [alpha](const Grads& g) { return g[0] * negated(alpha); });
  }
  return out;
}
Tensor& Tensor::sub_(const Tensor& other, const Scalar& alpha) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, other)) {
    return ops::record_inplace(self, {other},
                               [&](const Tensor& s) { return s.sub(other, alpha); });
  }
  sub_op(&self, self, other, alpha);
  return self;
}
Tensor& Tensor::sub_(const Scalar& other, const Scalar& alpha) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.sub(other, alpha); });
  }
  sub_op(&self, self, other, alpha);
  return self;
}
Tensor Tensor::mul(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::mul_kernel);
  if (autograd::should_record(*this, other)) {
    autograd::record(
        "MulBackward0", out, {*this, other},
        [](const Grads& g, const Tensor& self, const Tensor& other) {
          return tensor_list{g.needs(0) ? g[0] * other : Tensor(),
                             g.needs(1) ? g[0] * self : Tensor()};
        },
        save_if(other.requires_grad(), *this), save_if(requires_grad(), other));
  }
  return out;
}
Tensor Tensor::mul(const Scalar& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::mul_kernel);
  if (autograd::should_record(*this)) {
    autograd::record("MulBackward1", out, {*this},
                     [other](const Grads& g) { return g[0] * other; });
  }
  return out;
}
Tensor& Tensor::mul_(const Tensor& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, other)) {
    return ops::record_inplace(self, {other}, [&](const Tensor& s) { return s.mul(other); });
  }
  binary_op(&self, self, other, Rule::Same, kernels::mul_kernel);
  return self;
}
Tensor& Tensor::mul_(const Scalar& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.mul(other); });
  }
  binary_op(&self, self, other, Rule::Same, kernels::mul_kernel);
  return self;
}
Tensor Tensor::div(const Tensor& other, std::optional<std::string_view> mode) const {
  Tensor out = div_op(nullptr, *this, other, mode);
  if (autograd::should_record(*this, other)) {
    if (mode) {  // rounding: piecewise constant, zero gradient
      autograd::record("DivBackward2", out, {*this, other}, [](const Grads& g) {
        return tensor_list{g.needs(0) ? zeros_like(g[0]) : Tensor(),
                           g.needs(1) ? zeros_like(g[0]) : Tensor()};
      });
    } else {
      autograd::record(
          "DivBackward0", out, {*this, other},
          [](const Grads& g, const Tensor& self, const Tensor& other) {
            return tensor_list{g.needs(0) ? g[0] / other : Tensor(),
                               g.needs(1) ? -g[0] * ((self / other) / other) : Tensor()};
          },
          save_if(other.requires_grad(), *this), autograd::save(other));
    }
  }
  return out;
}
Tensor Tensor::div(const Scalar& other, std::optional<std::string_view> mode) const {
  Tensor out = div_op(nullptr, *this, other, mode);
  if (autograd::should_record(*this)) {
    if (mode) {
      autograd::record("DivBackward3", out, {*this},
                       [](const Grads& g) { return zeros_like(g[0]); });
    } else {
      autograd::record("DivBackward1", out, {*this},
                       [other](const Grads& g) { return g[0] / other; });
    }
  }
  return out;
}
Tensor& Tensor::div_(const Tensor& other, std::optional<std::string_view> mode) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, other)) {
    return ops::record_inplace(self, {other}, [&](const Tensor& s) { return s.div(other, mode); });
  }
  div_op(&self, self, other, mode);
  return self;
}
Tensor& Tensor::div_(const Scalar& other, std::optional<std::string_view> mode) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.div(other, mode); });
  }
  div_op(&self, self, other, mode);
  return self;
}
// libtorch's `2 / t` is a filled tensor's div_(t): DivBackward0 with no edge for the number. Its
// value is Python's (reciprocal(t) * 2).
Tensor operator/(const Scalar& self, const Tensor& other) {
  Tensor out;
  {
    NoGradGuard no_grad;  // the composite records one node, below
    out = other.reciprocal().mul(self);
  }
  if (autograd::should_record(other)) {
    const Tensor number;  // no edge
    autograd::record(
        "DivBackward0", out, {number, other},
        [self](const Grads& g, const Tensor& other) {
          const Tensor number = full(IntArrayRef{}, self, other.options());
          return tensor_list{Tensor(), -g[0] * ((number / other) / other)};
        },
        autograd::save(other));
  }
  return out;
}

namespace {
// RemainderBackward1. `number`: self was a number (libtorch fills a tensor with it).
Tensor record_remainder(Tensor out, const Tensor& self, const Tensor& other,
                        const std::optional<Scalar>& number = std::nullopt) {
  if (autograd::should_record(self, other)) {
    autograd::record(
        "RemainderBackward1", out, {self, other},
        [number](const Grads& g, const Tensor& self, const Tensor& other) {
          const Tensor s = number ? full(IntArrayRef{}, *number, other.options()) : self;
          return tensor_list{g.needs(0) ? g[0] : Tensor(),
                             g.needs(1) ? -g[0] * s.div(other, "floor") : Tensor()};
        },
        save_if(other.requires_grad(), self), save_if(other.requires_grad(), other));
  }
  return out;
}
}  // namespace

Tensor Tensor::remainder(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::remainder_kernel);
  return record_remainder(std::move(out), *this, other);
}
Tensor Tensor::remainder(const Scalar& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::remainder_kernel);
  if (autograd::should_record(*this)) {
    autograd::record("RemainderBackward0", out, {*this}, [](const Grads& g) { return g[0]; });
  }
  return out;
}
Tensor ops::binary_math(const Tensor& self, const Tensor& other, kernels::BinaryOp op) {
  return binary_op(nullptr, self, other, Rule::Same, [op](const kernels::ElementwiseArgs& args) {
    kernels::binary_math_kernel(args, op);
  });
}
void ops::binary_math_(Tensor& self, const Tensor& other, kernels::BinaryOp op) {
  binary_op(&self, self, other, Rule::Same,
            [op](const kernels::ElementwiseArgs& args) { kernels::binary_math_kernel(args, op); });
}
Tensor threshold_backward(const Tensor& grad_output, const Tensor& self, const Scalar& threshold) {
  Tensor out = binary_op(nullptr, grad_output, self, Rule::Same,
                         [&threshold](const kernels::ElementwiseArgs& args) {
                           kernels::threshold_backward_kernel(args, threshold);
                         });
  if (autograd::should_record(grad_output, self)) {
    autograd::record(
        "ThresholdBackwardBackward0", out, {grad_output, self},
        [threshold](const Grads& g, const Tensor& self) {
          return tensor_list{g.needs(0) ? threshold_backward(g[0], self, threshold) : Tensor(),
                             g.needs(1) ? zeros_like(g[0]) : Tensor()};
        },
        autograd::save(self));
  }
  return out;
}

Tensor& Tensor::remainder_(const Tensor& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, other)) {
    return ops::record_inplace(self, {other}, [&](const Tensor& s) { return s.remainder(other); });
  }
  binary_op(&self, self, other, Rule::Same, kernels::remainder_kernel);
  return self;
}
Tensor& Tensor::remainder_(const Scalar& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.remainder(other); });
  }
  binary_op(&self, self, other, Rule::Same, kernels::remainder_kernel);
  return self;
}
// libtorch's at::remainder(Scalar, Tensor) has no derivative: its node refuses backward.
Tensor remainder(const Scalar& self, const Tensor& other) {
  Tensor out = binary_op(nullptr, self, other, Rule::Same, kernels::remainder_kernel);
  if (autograd::should_record(other)) {
    autograd::record("torch::autograd::NotImplemented", out, {other}, [](const Grads&) -> Tensor {
      detail::fail("derivative for aten::remainder is not implemented");
    });
  }
  return out;
}
// libtorch's `2 % t` is a filled tensor's remainder_(t): RemainderBackward1 with no edge for the
// number.
Tensor operator%(const Scalar& self, const Tensor& other) {
  Tensor out = binary_op(nullptr, self, other, Rule::Same, kernels::remainder_kernel);
  return record_remainder(std::move(out), Tensor(), other, self);
}
Tensor Tensor::fmod(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::fmod_kernel);
  if (autograd::should_record(*this, other)) {
    autograd::record(
        "FmodBackward1", out, {*this, other},
        [](const Grads& g, const Tensor& self, const Tensor& other) {
          return tensor_list{g.needs(0) ? g[0] : Tensor(),
                             g.needs(1) ? -g[0] * self.div(other, "trunc") : Tensor()};
        },
        save_if(other.requires_grad(), *this), save_if(other.requires_grad(), other));
  }
  return out;
}
Tensor Tensor::fmod(const Scalar& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::fmod_kernel);
  if (autograd::should_record(*this)) {
    autograd::record("FmodBackward0", out, {*this}, [](const Grads& g) { return g[0]; });
  }
  return out;
}

// pow's derivatives are PyTorch's pow_backward, pow_backward_self and pow_backward_exponent: a
// zero exponent (or a zero base with a non-negative exponent) gives a zero gradient where the
// general formula would give NaN.
Tensor Tensor::pow(const Tensor& exponent) const {
  Tensor out = binary_op(nullptr, *this, exponent, Rule::Same, kernels::pow_kernel);
  if (autograd::should_record(*this, exponent)) {
    autograd::record(
        "PowBackward1", out, {*this, exponent},
        [](const Grads& g, const Tensor& self, const Tensor& exponent, const Tensor& result) {
          tensor_list r{Tensor(), Tensor()};
          if (g.needs(0)) {
            r[0] = where(exponent == 0.0, 0, g[0] * (exponent * self.pow(exponent - 1)));
          }
          if (g.needs(1)) {
            const Tensor cond = (self == 0).logical_and(exponent >= 0);
            const Tensor base = self.to(ember::result_type(self, exponent));
            r[1] = g[0] * where(cond, 0, result * base.log());
          }
          return r;
        },
        autograd::save(*this), autograd::save(exponent),
        exponent.requires_grad() ? autograd::save_output(out) : autograd::SavedVariable());
  }
  return out;
}
Tensor Tensor::pow(const Scalar& exponent) const {
  Tensor out = pow_scalar_op(nullptr, *this, exponent);
  if (autograd::should_record(*this)) {
    autograd::record(
        "PowBackward0", out, {*this},
        [exponent](const Grads& g, const Tensor& self) {
          const double e = exponent.toDouble();
          if (e == 0.0) return zeros_like(self);
          return g[0] * (self.pow(e - 1) * e);
        },
        autograd::save(*this));
  }
  return out;
}
Tensor& Tensor::pow_(const Tensor& exponent) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self, exponent)) {
    return ops::record_inplace(self, {exponent}, [&](const Tensor& s) { return s.pow(exponent); });
  }
  binary_op(&self, self, exponent, Rule::Same, kernels::pow_kernel);
  return self;
}
Tensor& Tensor::pow_(const Scalar& exponent) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.pow(exponent); });
  }
  pow_scalar_op(&self, self, exponent);
  return self;
}
Tensor pow(const Scalar& self, const Tensor& exponent) {
  Tensor out;
  if (!self.isBoolean() && self.toDouble() == 1.0) {
    out = full(exponent.sizes(), 1, TensorOptions().dtype(result_type(self, exponent)));
  } else {
    out = binary_op(nullptr, self, exponent, Rule::Same, kernels::pow_kernel);
  }
  if (autograd::should_record(exponent)) {
    autograd::record(
        "PowBackward2", out, {exponent},
        [self](const Grads& g, const Tensor& exponent, const Tensor& result) {
          const double log_base = std::log(self.toDouble());
          if (self.toDouble() == 0.0) return g[0] * where(exponent >= 0, 0, result * log_base);
          return g[0] * (result * log_base);
        },
        autograd::save(exponent), autograd::save_output(out));
  }
  return out;
}

// maximum and minimum split the gradient evenly between tied operands (PyTorch's formula, with
// its masked_fill_ written as a where).
Tensor Tensor::maximum(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::maximum_kernel);
  if (autograd::should_record(*this, other)) {
    autograd::record(
        "MaximumBackward0", out, {*this, other},
        [](const Grads& g, const Tensor& self, const Tensor& other) {
          const Tensor shared = where(self == other, g[0] / 2, g[0]);
          return tensor_list{g.needs(0) ? where(self < other, 0, shared) : Tensor(),
                             g.needs(1) ? where(self > other, 0, shared) : Tensor()};
        },
        autograd::save(*this), autograd::save(other));
  }
  return out;
}
Tensor Tensor::minimum(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::Same, kernels::minimum_kernel);
  if (autograd::should_record(*this, other)) {
    autograd::record(
        "MinimumBackward0", out, {*this, other},
        [](const Grads& g, const Tensor& self, const Tensor& other) {
          const Tensor shared = where(self == other, g[0] / 2, g[0]);
          return tensor_list{g.needs(0) ? where(self > other, 0, shared) : Tensor(),
                             g.needs(1) ? where(self < other, 0, shared) : Tensor()};
        },
        autograd::save(*this), autograd::save(other));
  }
  return out;
}
Tensor Tensor::atan2(const Tensor& other) const {
  Tensor out = binary_op(nullptr, *this, other, Rule::IntToFloat, kernels::atan2_kernel);
  if (autograd::should_record(*this, other)) {
    autograd::record(
        "Atan2Backward0", out, {*this, other},
        [](const Grads& g, const Tensor& self, const Tensor& other) {
          const Tensor recip = (self * self + other * other).reciprocal();
          return tensor_list{g.needs(0) ? g[0] * other * recip : Tensor(),
                             g.needs(1) ? g[0] * -self * recip : Tensor()};
        },
        autograd::save(*this), autograd::save(other));
  }
  return out;
}

// ---- comparisons and logic ----------------------------------------------------------------------
Tensor Tensor::eq(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Eq);
}
Tensor Tensor::eq(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Eq);
}
Tensor Tensor::ne(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Ne);
}
Tensor Tensor::ne(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Ne);
}
Tensor Tensor::lt(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Lt);
}
Tensor Tensor::lt(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Lt);
}
Tensor Tensor::le(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Le);
}
Tensor Tensor::le(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Le);
}
Tensor Tensor::gt(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Gt);
}
Tensor Tensor::gt(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Gt);
}
Tensor Tensor::ge(const Tensor& other) const {
  return compare(*this, other, kernels::CompareOp::Ge);
}
Tensor Tensor::ge(const Scalar& other) const {
  return compare(*this, other, kernels::CompareOp::Ge);
}
Tensor Tensor::logical_and(const Tensor& other) const {
  return logical(*this, other, kernels::LogicalOp::And);
}
Tensor Tensor::logical_or(const Tensor& other) const {
  return logical(*this, other, kernels::LogicalOp::Or);
}
Tensor Tensor::logical_xor(const Tensor& other) const {
  return logical(*this, other, kernels::LogicalOp::Xor);
}
Tensor Tensor::bitwise_and(const Tensor& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::And);
}
Tensor Tensor::bitwise_and(const Scalar& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::And);
}
Tensor Tensor::bitwise_or(const Tensor& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::Or);
}
Tensor Tensor::bitwise_or(const Scalar& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::Or);
}
Tensor Tensor::bitwise_xor(const Tensor& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::Xor);
}
Tensor Tensor::bitwise_xor(const Scalar& other) const {
  return bitwise(nullptr, *this, other, kernels::BitwiseOp::Xor);
}
Tensor& Tensor::bitwise_and_(const Tensor& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::And);
  return self;
}
Tensor& Tensor::bitwise_and_(const Scalar& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::And);
  return self;
}
Tensor& Tensor::bitwise_or_(const Tensor& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::Or);
  return self;
}
Tensor& Tensor::bitwise_or_(const Scalar& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::Or);
  return self;
}
Tensor& Tensor::bitwise_xor_(const Tensor& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::Xor);
  return self;
}
Tensor& Tensor::bitwise_xor_(const Scalar& other) const {
  Tensor& self = const_cast<Tensor&>(*this);
  bitwise(&self, self, other, kernels::BitwiseOp::Xor);
  return self;
}

// ---- clamp, lerp, where -------------------------------------------------------------------------
// clamp's gradient passes where the input is within the bounds, ends included (PyTorch's
// clamp_backward and clamp_backward_min_max).
namespace {
Tensor clamp_scalar_backward(const Tensor& grad, const Tensor& self,
                             const std::optional<Scalar>& min, const std::optional<Scalar>& max) {
  if (min && max) return where((self >= *min).logical_and(self <= *max), grad, 0);
  if (min) return where(self >= *min, grad, 0);
  if (max) return where(self <= *max, grad, 0);
  return grad;
}
}  // namespace

Tensor Tensor::clamp(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  Tensor out = clamp_scalar_op(nullptr, *this, min, max, /*nan_fills=*/min && max);
  if (autograd::should_record(*this)) {
    autograd::record(
        "ClampBackward1", out, {*this},
        [min, max](const Grads& g, const Tensor& self) {
          return clamp_scalar_backward(g[0], self, min, max);
        },
        autograd::save(*this));
  }
  return out;
}
Tensor& Tensor::clamp_(const std::optional<Scalar>& min, const std::optional<Scalar>& max) const {
  Tensor& self = const_cast<Tensor&>(*this);
  if (autograd::should_record(self)) {
    return ops::record_inplace(self, {}, [&](const Tensor& s) { return s.clamp(min, max); });
  }
  clamp_scalar_op(&self, self, min, max, /*nan_fills=*/min && max);
  return self;
}
Tensor Tensor::clamp_min(const Scalar& min) const {
  Tensor out = clamp_scalar_op(nullptr, *this, min, std::nullopt, /*nan_fills=*/true);
  if (autograd::should_record(*this)) {
    autograd::record(
        "ClampMinBackward0", out, {*this},
        [min](const Grads& g, const Tensor& self) { return where(self >= min, g[0], 0); },
        autograd::save(*this));
  }
  return out;
}
Tensor Tensor::clamp_max(const Scalar& max) const {
  Tensor out = clamp_scalar_op(nullptr, *this, std::nullopt, max, /*nan_fills=*/true);
  if (autograd::should_record(*this)) {
    autograd::record(
        "ClampMaxBackward0", out, {*this},
        [max](const Grads& g, const Tensor& self) { return where(self <= max, g[0], 0); },
        autograd::save(*this));
  }
  return out;
}
Tensor Tensor::clamp(const std::optional<Tensor>& min_opt,
                     const std::optional<Tensor>& max_opt) const {
  // An undefined bound is no bound, as in libtorch.
  const auto bound = [](const std::optional<Tensor>& t) {
    return t && t->defined() ? t : std::nullopt;
  };
  const std::optional<Tensor> min = bound(min_opt), max = bound(max_opt);
  EMBER_CHECK(min || max, "torch.clamp: At least one of 'min' or 'max' must not be None");
  Tensor out;
  if (!max) {
    out = binary_op(nullptr, *this, *min, Rule::Same, kernels::maximum_kernel);
  } else if (!min) {
    out = binary_op(nullptr, *this, *max, Rule::Same, kernels::minimum_kernel);
  } else {
    Elementwise it{*this, *min, *max};
    it.build(it.result_type());
    kernels::clamp_kernel(it.args());
    out = it.finish();
  }
  const Tensor lo = min ? *min : Tensor(), hi = max ? *max : Tensor();
  if (autograd::should_record(*this, lo, hi)) {
    autograd::record(
        "ClampBackward0", out, {*this, lo, hi},
        [](const Grads& g, const Tensor& self, const Tensor& min, const Tensor& max) {
          tensor_list r{Tensor(), Tensor(), Tensor()};
          if (min.defined() && max.defined()) {
            if (g.needs(0)) r[0] = where((self >= min).logical_and(self <= max), g[0], 0);
            if (g.needs(1)) r[1] = where((self < min).logical_and(min < max), g[0], 0);
            if (g.needs(2)) r[2] = where((self > max).logical_or(max < min), g[0], 0);
          } else if (min.defined()) {
            if (g.needs(0)) r[0] = where(self >= min, g[0], 0);
            if (g.needs(1)) r[1] = where(self < min, g[0], 0);
          } else {
            if (g.needs(0)) r[0] = where(self <= max, g[0], 0);
            if (g.needs(2)) r[2] = where(self > max, g[0], 0);
          }
          return r;
        },
        autograd::save(*this), autograd::save(lo), autograd::save(hi));
  }
  return out;
}

Tensor Tensor::lerp(const Tensor& end, const Scalar& weight) const {
  check_same_dtype(*this, end, "end");
  Elementwise it{*this, end};
  it.build(scalar_type());
  check_convertible(weight, scalar_type());  // the kernel's weight is a value of the dtype
  kernels::lerp_scalar_kernel(it.args(), weight);
  Tensor out = it.finish();
  if (autograd::should_record(*this, end)) {
    autograd::record("LerpBackward0", out, {*this, end}, [weight](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0] * (1 - weight.toDouble()) : Tensor(),
                         g.needs(1) ? g[0] * weight : Tensor()};
    });
  }
  return out;
}
Tensor Tensor::lerp(const Tensor& end, const Tensor& weight) const {
  check_same_dtype(*this, end, "end");
  check_same_dtype(*this, weight, "weight");
  Elementwise it{*this, end, weight};
  it.build(scalar_type());
  kernels::lerp_kernel(it.args());
  Tensor out = it.finish();
  if (autograd::should_record(*this, end, weight)) {
    const bool ends = requires_grad() || end.requires_grad();
    autograd::record(
        "LerpBackward1", out, {*this, end, weight},
        [](const Grads& g, const Tensor& self, const Tensor& end, const Tensor& weight) {
          return tensor_list{g.needs(0) ? g[0] * (1 - weight) : Tensor(),
                             g.needs(1) ? g[0] * weight : Tensor(),
                             g.needs(2) ? g[0] * (end - self) : Tensor()};
        },
        save_if(weight.requires_grad(), *this), save_if(weight.requires_grad(), end),
        save_if(ends, weight));
  }
  return out;
}

// lerp_: the out-of-place result (whose shape must be self's) copied into self; with history,
// self's old value is what the derivative reads (record_inplace).
namespace {
template <class Weight>
Tensor& lerp_into(Tensor& self, const Tensor& end, const Weight& weight) {
  const auto compute = [&](const Tensor& s) { return s.lerp(end, weight); };
  bool record = autograd::should_record(self, end);
  if constexpr (std::is_same_v<Weight, Tensor>) record = record || autograd::should_record(weight);
  if (record) return ops::record_inplace(self, {end, weight}, compute);
  ops::check_write_overlap(self, {end, weight});
  const Tensor out = compute(self);
  EMBER_CHECK(out.sizes() == self.sizes(), "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", out.sizes());
  return self.copy_(out);
}
}  // namespace

Tensor& lerp_(Tensor& self, const Tensor& end, const Scalar& weight) {
  return lerp_into(self, end, weight);
}
Tensor& lerp_(Tensor& self, const Tensor& end, const Tensor& weight) {
  return lerp_into(self, end, weight);
}

// ---- addcmul, addcdiv ---------------------------------------------------------------------------
// PyTorch's kernels compute self + value * tensor1 * tensor2 (or / tensor2) in the three tensors'
// common dtype, value converted to it first, left to right: the same steps here, each an
// element-wise op of that dtype (float/double addcmul: one fused kernel, below), so the bits are
// PyTorch's. (addcmul and addcdiv are declared by src/ops/binary.yaml.)
namespace {

Tensor addc_term(const char* name, const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
                 const Scalar& value, bool div) {
  if (div) {
    EMBER_CHECK(!(is_integral_type(tensor1.scalar_type(), true) &&
                  is_integral_type(tensor2.scalar_type(), true)),
                "Integer division with addcdiv is no longer supported, and in a future  release "
                "addcdiv will perform a true division of tensor1 and tensor2. The historic "
                "addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / "
                "tensor2)).to(input.dtype) for integer inputs and as (input + value * tensor1 / "
                "tensor2) for float inputs. The future addcdiv behavior is just the latter "
                "implementation: (input + value * tensor1 / tensor2), for all dtypes.");
  }
  ResultTypeState state;
  for (const Tensor* t : {&self, &tensor1, &tensor2}) state.update(*t);
  const ScalarType dtype = state.result();
  EMBER_CHECK(dtype != kBool, "\"", name, "_cpu_out\" not implemented for 'Bool'");
  // value as the kernel holds it: a number of the common dtype.
  const Scalar v = is_floating_type(dtype) ? value
                   : value.isBoolean()     ? Scalar(static_cast<int64_t>(value.toBool()))
                                           : Scalar(value.toLong());
  const autograd::NoGradGuard no_grad;
  Tensor term = tensor1.to(dtype).mul(v);
  return div ? term.div_(tensor2.to(dtype)) : term.mul_(tensor2.to(dtype));
}

// AddcmulBackward0 / AddcdivBackward0, PyTorch's formulas.
void record_addc(const Tensor& out, const Tensor& self, const Tensor& tensor1,
                 const Tensor& tensor2, const Scalar& value, bool div) {
  if (!autograd::should_record(self, tensor1, tensor2)) return;
  const bool t1 = tensor1.requires_grad(), t2 = tensor2.requires_grad();
  autograd::record(
      div ? "AddcdivBackward0" : "AddcmulBackward0", out, {self, tensor1, tensor2},
      [value, div](const Grads& g, const Tensor& tensor1, const Tensor& tensor2) {
        const Tensor& grad = g[0];
        tensor_list r{g.needs(0) ? grad : Tensor(), Tensor(), Tensor()};
        if (div) {
          if (g.needs(1)) r[1] = grad * (value / tensor2);
          if (g.needs(2)) r[2] = -grad * (value * tensor1 / (tensor2 * tensor2));
        } else {
          if (g.needs(1)) r[1] = grad * (tensor2 * value);
          if (g.needs(2)) r[2] = grad * (tensor1 * value);
        }
        return r;
      },
      save_if(t2, tensor1), save_if(t1 || t2, tensor2));
}

// PyTorch's float/double addcmul computes fma(value * t1, t2, self): its build contracts the
// kernel's self + value * t1 * t2 to one fused multiply-add, in the vector loop and the scalar
// tail alike. The three operands (all of that dtype, on the CPU) are broadcast; `dest` is the
// in-place destination (whose shape must be the broadcast one), else the result is new.
bool addcmul_fused_applies(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2) {
  const ScalarType dtype = self.scalar_type();
  if (dtype != kFloat && dtype != kDouble) return false;
  for (const Tensor* t : {&self, &tensor1, &tensor2}) {
    if (t->scalar_type() != dtype || !t->is_cpu()) return false;
  }
  return true;
}

Tensor addcmul_fused(Tensor* dest, const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
                     const Scalar& value) {
  const DimVector shape = infer_size(infer_size(self.sizes(), tensor1.sizes()), tensor2.sizes());
  if (dest) {
    EMBER_CHECK(dest->sizes() == IntArrayRef(shape), "output with shape ", dest->sizes(),
                " doesn't match the broadcast shape ", IntArrayRef(shape));
    ops::check_write_overlap(*dest, {tensor1, tensor2});
  }
  const Tensor a = self.expand(shape).contiguous(), b = tensor1.expand(shape).contiguous(),
               c = tensor2.expand(shape).contiguous();
  Tensor out = dest && dest->is_contiguous() ? *dest : empty(shape, self.options());
  visit_floating(self.scalar_type(), "addcmul_cpu_out", [&]<class T>() {
    if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
      const T v = value.to<T>();
      const T* pa = static_cast<const T*>(a.data_ptr());
      const T* pb = static_cast<const T*>(b.data_ptr());
      const T* pc = static_cast<const T*>(c.data_ptr());
      T* po = static_cast<T*>(out.data_ptr());
      internal::parallel_for(0, out.numel(), int64_t{1} << 15, [&](int64_t begin, int64_t end) {
        cpu::fma_addcmul_run<T>(po, pa, pb, pc, v, begin, end);
      });
    }
  });
  if (!dest) return out;
  if (out.is_same(*dest)) {
    dest->impl()->storage()->bump_version();
  } else {
    dest->copy_(out);
  }
  return *dest;
}

Tensor addc(const char* name, const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
            const Scalar& value, bool div) {
  Tensor out;
  if (!div && addcmul_fused_applies(self, tensor1, tensor2)) {
    out = addcmul_fused(nullptr, self, tensor1, tensor2, value);
  } else {
    const autograd::NoGradGuard no_grad;
    out = self.add(addc_term(name, self, tensor1, tensor2, value, div));
  }
  record_addc(out, self, tensor1, tensor2, value, div);
  return out;
}

Tensor& addc_(const char* name, Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
              const Scalar& value, bool div) {
  if (autograd::should_record(self, tensor1, tensor2)) {
    return ops::record_inplace(self, {tensor1, tensor2}, [&](const Tensor& s) {
      return addc(name, s, tensor1, tensor2, value, div);
    });
  }
  if (!div && addcmul_fused_applies(self, tensor1, tensor2)) {
    addcmul_fused(&self, self, tensor1, tensor2, value);
    return self;
  }
  return self.add_(addc_term(name, self, tensor1, tensor2, value, div));
}

}  // namespace

Tensor addcmul(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value) {
  return addc("addcmul", self, tensor1, tensor2, value, false);
}
Tensor& addcmul_(Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  return addc_("addcmul", self, tensor1, tensor2, value, false);
}
Tensor addcdiv(const Tensor& self, const Tensor& tensor1, const Tensor& tensor2,
               const Scalar& value) {
  return addc("addcdiv", self, tensor1, tensor2, value, true);
}
Tensor& addcdiv_(Tensor& self, const Tensor& tensor1, const Tensor& tensor2, const Scalar& value) {
  return addc_("addcdiv", self, tensor1, tensor2, value, true);
}

// where's gradient goes to the chosen operand; a number operand has no edge (as libtorch, which
// wraps it in a tensor).
namespace {
Tensor record_where(Tensor out, const Tensor& condition, const Tensor& self, const Tensor& other) {
  if (autograd::should_record(self, other)) {
    autograd::record(
        "WhereBackward0", out, {self, other},
        [](const Grads& g, const Tensor& condition) {
          return tensor_list{g.needs(0) ? where(condition, g[0], 0) : Tensor(),
                             g.needs(1) ? where(condition, 0, g[0]) : Tensor()};
        },
        autograd::save(condition));
  }
  return out;
}
}  // namespace

Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other) {
  return record_where(where_op(condition, self, other, result_type(self, other)), condition, self,
                      other);
}
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other) {
  return record_where(where_op(condition, self, other, result_type(other, self)), condition,
                      Tensor(), other);
}
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other) {
  return record_where(where_op(condition, self, other, result_type(self, other)), condition, self,
                      Tensor());
}
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other) {
  return where_op(condition, self, other, result_type(self, other));
}

}  // namespace ember
