#pragma once
// Element-wise math as libtorch spells it: free functions (torch::add, torch::where, ...) and the
// operators, with C++ numbers on either side. Operands broadcast and promote as in PyTorch; a
// C++ number takes part in type promotion as a Python number does (bool, int64 or the default
// float dtype, by category only). The methods are declared on Tensor (ember/core/Tensor.h).
#include <optional>
#include <string_view>
#include <utility>

#include "ember/core/Tensor.h"
#include "ember/generated/functions.h"  // the ops of src/ops/*.yaml

namespace ember {

// ---- binary -------------------------------------------------------------------------------------
inline Tensor add(const Tensor& self, const Tensor& other, const Scalar& alpha = 1) {
  return self.add(other, alpha);
}
inline Tensor add(const Tensor& self, const Scalar& other, const Scalar& alpha = 1) {
  return self.add(other, alpha);
}
inline Tensor sub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1) {
  return self.sub(other, alpha);
}
inline Tensor sub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1) {
  return self.sub(other, alpha);
}
// other - alpha * self (PyTorch's torch.rsub; Python's `2 - t` is rsub(t, 2): RsubBackward1).
Tensor rsub(const Tensor& self, const Tensor& other, const Scalar& alpha = 1);
Tensor rsub(const Tensor& self, const Scalar& other, const Scalar& alpha = 1);
inline Tensor subtract(const Tensor& self, const Tensor& other, const Scalar& alpha = 1) {
  return self.sub(other, alpha);
}
inline Tensor mul(const Tensor& self, const Tensor& other) { return self.mul(other); }
inline Tensor mul(const Tensor& self, const Scalar& other) { return self.mul(other); }
inline Tensor multiply(const Tensor& self, const Tensor& other) { return self.mul(other); }
inline Tensor div(const Tensor& self, const Tensor& other,
                  std::optional<std::string_view> rounding_mode = std::nullopt) {
  return self.div(other, rounding_mode);
}
inline Tensor div(const Tensor& self, const Scalar& other,
                  std::optional<std::string_view> rounding_mode = std::nullopt) {
  return self.div(other, rounding_mode);
}
inline Tensor divide(const Tensor& self, const Tensor& other,
                     std::optional<std::string_view> rounding_mode = std::nullopt) {
  return self.div(other, rounding_mode);
}
inline Tensor true_divide(const Tensor& self, const Tensor& other) { return self.div(other); }
inline Tensor floor_divide(const Tensor& self, const Tensor& other) {
  return self.div(other, "floor");
}
inline Tensor floor_divide(const Tensor& self, const Scalar& other) {
  return self.div(other, "floor");
}
inline Tensor remainder(const Tensor& self, const Tensor& other) { return self.remainder(other); }
inline Tensor remainder(const Tensor& self, const Scalar& other) { return self.remainder(other); }
Tensor remainder(const Scalar& self, const Tensor& other);
inline Tensor fmod(const Tensor& self, const Tensor& other) { return self.fmod(other); }
inline Tensor fmod(const Tensor& self, const Scalar& other) { return self.fmod(other); }
inline Tensor pow(const Tensor& self, const Tensor& exponent) { return self.pow(exponent); }
inline Tensor pow(const Tensor& self, const Scalar& exponent) { return self.pow(exponent); }
Tensor pow(const Scalar& self, const Tensor& exponent);
inline Tensor square(const Tensor& self) { return self.square(); }
inline Tensor maximum(const Tensor& self, const Tensor& other) { return self.maximum(other); }
inline Tensor minimum(const Tensor& self, const Tensor& other) { return self.minimum(other); }
inline Tensor atan2(const Tensor& self, const Tensor& other) { return self.atan2(other); }

inline Tensor eq(const Tensor& self, const Tensor& other) { return self.eq(other); }
inline Tensor eq(const Tensor& self, const Scalar& other) { return self.eq(other); }
inline Tensor ne(const Tensor& self, const Tensor& other) { return self.ne(other); }
inline Tensor ne(const Tensor& self, const Scalar& other) { return self.ne(other); }
inline Tensor lt(const Tensor& self, const Tensor& other) { return self.lt(other); }
inline Tensor lt(const Tensor& self, const Scalar& other) { return self.lt(other); }
inline Tensor le(const Tensor& self, const Tensor& other) { return self.le(other); }
inline Tensor le(const Tensor& self, const Scalar& other) { return self.le(other); }
inline Tensor gt(const Tensor& self, const Tensor& other) { return self.gt(other); }
inline Tensor gt(const Tensor& self, const Scalar& other) { return self.gt(other); }
inline Tensor ge(const Tensor& self, const Tensor& other) { return self.ge(other); }
inline Tensor ge(const Tensor& self, const Scalar& other) { return self.ge(other); }
inline Tensor logical_and(const Tensor& self, const Tensor& other) {
  return self.logical_and(other);
}
inline Tensor logical_or(const Tensor& self, const Tensor& other) { return self.logical_or(other); }
inline Tensor logical_xor(const Tensor& self, const Tensor& other) {
  return self.logical_xor(other);
}
inline Tensor logical_not(const Tensor& self) { return self.logical_not(); }
inline Tensor bitwise_and(const Tensor& self, const Tensor& other) {
  return self.bitwise_and(other);
}
inline Tensor bitwise_and(const Tensor& self, const Scalar& other) {
  return self.bitwise_and(other);
}
inline Tensor bitwise_or(const Tensor& self, const Tensor& other) { return self.bitwise_or(other); }
inline Tensor bitwise_or(const Tensor& self, const Scalar& other) { return self.bitwise_or(other); }
inline Tensor bitwise_xor(const Tensor& self, const Tensor& other) {
  return self.bitwise_xor(other);
}
inline Tensor bitwise_xor(const Tensor& self, const Scalar& other) {
  return self.bitwise_xor(other);
}
inline Tensor bitwise_not(const Tensor& self) { return self.bitwise_not(); }

// condition ? self : other, element-wise (condition bool; uint8 accepted as PyTorch does).
Tensor where(const Tensor& condition, const Tensor& self, const Tensor& other);
// grad_output where self > threshold, else 0: relu's and threshold's gradient, one pass.
Tensor threshold_backward(const Tensor& grad_output, const Tensor& self, const Scalar& threshold);
Tensor where(const Tensor& condition, const Scalar& self, const Tensor& other);
Tensor where(const Tensor& condition, const Tensor& self, const Scalar& other);
Tensor where(const Tensor& condition, const Scalar& self, const Scalar& other);

inline Tensor clamp(const Tensor& self, const std::optional<Scalar>& min,
                    const std::optional<Scalar>& max = std::nullopt) {
  return self.clamp(min, max);
}
inline Tensor clamp(const Tensor& self, const std::optional<Tensor>& min,
                    const std::optional<Tensor>& max = std::nullopt) {
  return self.clamp(min, max);
}
inline Tensor clip(const Tensor& self, const std::optional<Scalar>& min,
                   const std::optional<Scalar>& max = std::nullopt) {
  return self.clamp(min, max);
}
inline Tensor clamp_min(const Tensor& self, const Scalar& min) { return self.clamp_min(min); }
inline Tensor clamp_max(const Tensor& self, const Scalar& max) { return self.clamp_max(max); }
inline Tensor lerp(const Tensor& self, const Tensor& end, const Scalar& weight) {
  return self.lerp(end, weight);
}
inline Tensor lerp(const Tensor& self, const Tensor& end, const Tensor& weight) {
  return self.lerp(end, weight);
}

// ---- unary --------------------------------------------------------------------------------------
#define EMBER_UNARY_FREE_FUNCTION(name) \
  inline Tensor name(const Tensor& self) { return self.name(); }
EMBER_UNARY_FREE_FUNCTION(relu)
EMBER_UNARY_FREE_FUNCTION(round)
EMBER_UNARY_FREE_FUNCTION(isnan)
EMBER_UNARY_FREE_FUNCTION(isinf)
EMBER_UNARY_FREE_FUNCTION(isfinite)
#undef EMBER_UNARY_FREE_FUNCTION
inline Tensor& relu_(Tensor& self) { return self.relu_(); }
inline Tensor nan_to_num(const Tensor& self, std::optional<double> nan = std::nullopt,
                         std::optional<double> posinf = std::nullopt,
                         std::optional<double> neginf = std::nullopt) {
  return self.nan_to_num(nan, posinf, neginf);
}
// approximate: "none" (the exact erf form) or "tanh".
Tensor gelu(const Tensor& self, std::string_view approximate = "none");
Tensor silu(const Tensor& self);
inline Tensor softmax(const Tensor& self, int64_t dim,
                      std::optional<ScalarType> dtype = std::nullopt) {
  return self.softmax(dim, dtype);
}
inline Tensor log_softmax(const Tensor& self, int64_t dim,
                          std::optional<ScalarType> dtype = std::nullopt) {
  return self.log_softmax(dim, dtype);
}

// ---- operators ----------------------------------------------------------------------------------
// As Python: `2 - t` subtracts with promotion, `2 / t` is reciprocal(t) * 2. Their autograd nodes
// are libtorch's (SubBackward0, DivBackward0, RemainderBackward1 with no edge for the number).
inline Tensor operator-(const Tensor& self) { return self.neg(); }
inline Tensor operator~(const Tensor& self) { return self.bitwise_not(); }

inline Tensor operator+(const Tensor& a, const Tensor& b) { return a.add(b); }
inline Tensor operator+(const Tensor& a, const Scalar& b) { return a.add(b); }
inline Tensor operator+(const Scalar& a, const Tensor& b) { return b.add(a); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return a.sub(b); }
inline Tensor operator-(const Tensor& a, const Scalar& b) { return a.sub(b); }
Tensor operator-(const Scalar& a, const Tensor& b);
inline Tensor operator*(const Tensor& a, const Tensor& b) { return a.mul(b); }
inline Tensor operator*(const Tensor& a, const Scalar& b) { return a.mul(b); }
inline Tensor operator*(const Scalar& a, const Tensor& b) { return b.mul(a); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return a.div(b); }
inline Tensor operator/(const Tensor& a, const Scalar& b) { return a.div(b); }
Tensor operator/(const Scalar& a, const Tensor& b);
inline Tensor operator%(const Tensor& a, const Tensor& b) { return a.remainder(b); }
inline Tensor operator%(const Tensor& a, const Scalar& b) { return a.remainder(b); }
Tensor operator%(const Scalar& a, const Tensor& b);

inline Tensor operator&(const Tensor& a, const Tensor& b) { return a.bitwise_and(b); }
inline Tensor operator&(const Tensor& a, const Scalar& b) { return a.bitwise_and(b); }
inline Tensor operator&(const Scalar& a, const Tensor& b) { return b.bitwise_and(a); }
inline Tensor operator|(const Tensor& a, const Tensor& b) { return a.bitwise_or(b); }
inline Tensor operator|(const Tensor& a, const Scalar& b) { return a.bitwise_or(b); }
inline Tensor operator|(const Scalar& a, const Tensor& b) { return b.bitwise_or(a); }
inline Tensor operator^(const Tensor& a, const Tensor& b) { return a.bitwise_xor(b); }
inline Tensor operator^(const Tensor& a, const Scalar& b) { return a.bitwise_xor(b); }
inline Tensor operator^(const Scalar& a, const Tensor& b) { return b.bitwise_xor(a); }

inline Tensor operator==(const Tensor& a, const Tensor& b) { return a.eq(b); }
inline Tensor operator==(const Tensor& a, const Scalar& b) { return a.eq(b); }
inline Tensor operator==(const Scalar& a, const Tensor& b) { return b.eq(a); }
inline Tensor operator!=(const Tensor& a, const Tensor& b) { return a.ne(b); }
inline Tensor operator!=(const Tensor& a, const Scalar& b) { return a.ne(b); }
inline Tensor operator!=(const Scalar& a, const Tensor& b) { return b.ne(a); }
inline Tensor operator<(const Tensor& a, const Tensor& b) { return a.lt(b); }
inline Tensor operator<(const Tensor& a, const Scalar& b) { return a.lt(b); }
inline Tensor operator<(const Scalar& a, const Tensor& b) { return b.gt(a); }
inline Tensor operator<=(const Tensor& a, const Tensor& b) { return a.le(b); }
inline Tensor operator<=(const Tensor& a, const Scalar& b) { return a.le(b); }
inline Tensor operator<=(const Scalar& a, const Tensor& b) { return b.ge(a); }
inline Tensor operator>(const Tensor& a, const Tensor& b) { return a.gt(b); }
inline Tensor operator>(const Tensor& a, const Scalar& b) { return a.gt(b); }
inline Tensor operator>(const Scalar& a, const Tensor& b) { return b.lt(a); }
inline Tensor operator>=(const Tensor& a, const Tensor& b) { return a.ge(b); }
inline Tensor operator>=(const Tensor& a, const Scalar& b) { return a.ge(b); }
inline Tensor operator>=(const Scalar& a, const Tensor& b) { return b.le(a); }

// Compound assignment writes into the left operand (refusing, as PyTorch, a result dtype that
// cannot be cast into it and a broadcast shape other than its own). Also usable on views such as
// t[0] += 1.
#define EMBER_COMPOUND_ASSIGNMENT(op, method)                                               \
  inline Tensor& operator op(Tensor& a, const Tensor& b) { return a.method(b); }            \
  inline Tensor& operator op(Tensor& a, const Scalar& b) { return a.method(b); }            \
  inline Tensor operator op(Tensor&& a, const Tensor& b) { return std::move(a.method(b)); } \
  inline Tensor operator op(Tensor&& a, const Scalar& b) { return std::move(a.method(b)); }
EMBER_COMPOUND_ASSIGNMENT(+=, add_)
EMBER_COMPOUND_ASSIGNMENT(-=, sub_)
EMBER_COMPOUND_ASSIGNMENT(*=, mul_)
EMBER_COMPOUND_ASSIGNMENT(/=, div_)
EMBER_COMPOUND_ASSIGNMENT(&=, bitwise_and_)
EMBER_COMPOUND_ASSIGNMENT(|=, bitwise_or_)
EMBER_COMPOUND_ASSIGNMENT(^=, bitwise_xor_)
#undef EMBER_COMPOUND_ASSIGNMENT

}  // namespace ember
