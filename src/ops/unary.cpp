// Element-wise unary ops and softmax: each op's argument checks and dtype rule, then its kernel.
#include <string_view>

#include "cpu/elementwise_kernels.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ops/elementwise.h"

namespace ember {

using cpu::UnaryOp;
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
  cpu::unary_kernel(it.args(), op);
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

Tensor predicate(const Tensor& self, cpu::PredicateOp op) {
  Elementwise it{self};
  it.build(self.scalar_type(), kBool);
  cpu::predicate_kernel(it.args(), op);
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
  if (input.numel() == 0) {
    cpu::softmax_kernel(nullptr, nullptr, input.scalar_type(), 0, 0, 0, log, last_dim);
    return out;
  }
  cpu::softmax_kernel(out.data_ptr(), input.data_ptr(), input.scalar_type(), outer, size, inner,
                      log, last_dim);
  return out;
}

}  // namespace

Tensor Tensor::neg() const {
  neg_check(*this);
  return unary_op(nullptr, *this, Rule::Same, UnaryOp::Neg);
}
Tensor& Tensor::neg_() {
  neg_check(*this);
  unary_op(this, *this, Rule::Same, UnaryOp::Neg);
  return *this;
}
Tensor Tensor::abs() const { return unary_op(nullptr, *this, Rule::Same, UnaryOp::Abs); }
Tensor& Tensor::abs_() {
  unary_op(this, *this, Rule::Same, UnaryOp::Abs);
  return *this;
}
Tensor Tensor::sign() const { return unary_op(nullptr, *this, Rule::Same, UnaryOp::Sign); }
Tensor Tensor::exp() const { return math_op(*this, UnaryOp::Exp); }
Tensor& Tensor::exp_() { return math_op_(*this, UnaryOp::Exp); }
Tensor Tensor::exp2() const { return math_op(*this, UnaryOp::Exp2); }
Tensor Tensor::expm1() const { return math_op(*this, UnaryOp::Expm1); }
Tensor Tensor::log() const { return math_op(*this, UnaryOp::Log); }
Tensor& Tensor::log_() { return math_op_(*this, UnaryOp::Log); }
Tensor Tensor::log2() const { return math_op(*this, UnaryOp::Log2); }
Tensor Tensor::log10() const { return math_op(*this, UnaryOp::Log10); }
Tensor Tensor::log1p() const { return math_op(*this, UnaryOp::Log1p); }
Tensor Tensor::sqrt() const { return math_op(*this, UnaryOp::Sqrt); }
Tensor& Tensor::sqrt_() { return math_op_(*this, UnaryOp::Sqrt); }
Tensor Tensor::rsqrt() const { return math_op(*this, UnaryOp::Rsqrt); }
Tensor Tensor::sin() const { return math_op(*this, UnaryOp::Sin); }
Tensor Tensor::cos() const { return math_op(*this, UnaryOp::Cos); }
Tensor Tensor::tan() const { return math_op(*this, UnaryOp::Tan); }
Tensor Tensor::asin() const { return math_op(*this, UnaryOp::Asin); }
Tensor Tensor::acos() const { return math_op(*this, UnaryOp::Acos); }
Tensor Tensor::atan() const { return math_op(*this, UnaryOp::Atan); }
Tensor Tensor::sinh() const { return math_op(*this, UnaryOp::Sinh); }
Tensor Tensor::cosh() const { return math_op(*this, UnaryOp::Cosh); }
Tensor Tensor::tanh() const { return math_op(*this, UnaryOp::Tanh); }
Tensor& Tensor::tanh_() { return math_op_(*this, UnaryOp::Tanh); }
Tensor Tensor::sigmoid() const { return math_op(*this, UnaryOp::Sigmoid); }
Tensor& Tensor::sigmoid_() { return math_op_(*this, UnaryOp::Sigmoid); }
Tensor Tensor::relu() const {
  relu_check(*this);
  return clamp_min(0);
}
Tensor& Tensor::relu_() {
  relu_check(*this);
  return clamp_(0, std::nullopt);
}
Tensor Tensor::erf() const { return math_op(*this, UnaryOp::Erf); }
Tensor Tensor::floor() const { return rounding_op(*this, UnaryOp::Floor); }
Tensor Tensor::ceil() const { return rounding_op(*this, UnaryOp::Ceil); }
Tensor Tensor::round() const { return rounding_op(*this, UnaryOp::Round); }
Tensor Tensor::trunc() const { return rounding_op(*this, UnaryOp::Trunc); }
Tensor Tensor::frac() const { return unary_op(nullptr, *this, Rule::Same, UnaryOp::Frac); }
Tensor Tensor::reciprocal() const { return math_op(*this, UnaryOp::Reciprocal); }
Tensor Tensor::square() const { return pow(2); }
Tensor Tensor::isnan() const { return predicate(*this, cpu::PredicateOp::IsNan); }
Tensor Tensor::isinf() const { return predicate(*this, cpu::PredicateOp::IsInf); }
Tensor Tensor::isfinite() const { return predicate(*this, cpu::PredicateOp::IsFinite); }
Tensor Tensor::logical_not() const { return predicate(*this, cpu::PredicateOp::LogicalNot); }
Tensor Tensor::bitwise_not() const {
  return unary_op(nullptr, *this, Rule::Same, UnaryOp::BitwiseNot);
}

Tensor Tensor::nan_to_num(std::optional<double> nan, std::optional<double> posinf,
                          std::optional<double> neginf) const {
  if (!is_floating_point()) return clone();
  Elementwise it{*this};
  it.build(scalar_type());
  cpu::nan_to_num_kernel(it.args(), nan, posinf, neginf);
  return it.finish();
}

Tensor Tensor::softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return softmax_op(*this, dim, dtype, false);
}
Tensor Tensor::log_softmax(int64_t dim, std::optional<ScalarType> dtype) const {
  return softmax_op(*this, dim, dtype, true);
}

Tensor gelu(const Tensor& self, std::string_view approximate) {
  EMBER_CHECK(approximate == "none" || approximate == "tanh",
              "approximate argument must be either none or tanh.");
  return unary_op(nullptr, self, Rule::Same,
                  approximate == "tanh" ? UnaryOp::GeluTanh : UnaryOp::Gelu);
}

Tensor silu(const Tensor& self) { return unary_op(nullptr, self, Rule::Same, UnaryOp::Silu); }

}  // namespace ember
