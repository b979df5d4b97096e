#pragma once
// libtorch's `_out` variants: torch::add_out(out, a, b) computes add(a, b) into out and returns
// out. As in libtorch, out is resized to the result's shape (with PyTorch's deprecation warning
// when it had elements), the result must be castable to out's dtype, and out= refuses autograd
// ("add(): functions with out=... arguments don't support automatic differentiation, ...").
// The element-wise ops of the op tables get theirs generated (ember/generated/out_functions.h,
// e.g. exp_out, hypot_out); the others are below.
#include <optional>

#include "ember/core/Tensor.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember {

namespace detail {
// Writes result into out as libtorch's out= does (name: the op's, for the autograd message).
Tensor& write_out(Tensor& out, const Tensor& result, const char* name);
}  // namespace detail

// Element-wise binary.
inline Tensor& add_out(Tensor& out, const Tensor& self, const Tensor& other,
                       const Scalar& alpha = 1) {
  return detail::write_out(out, self.add(other, alpha), "add");
}
inline Tensor& sub_out(Tensor& out, const Tensor& self, const Tensor& other,
                       const Scalar& alpha = 1) {
  return detail::write_out(out, self.sub(other, alpha), "sub");
}
inline Tensor& mul_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.mul(other), "mul");
}
inline Tensor& div_out(Tensor& out, const Tensor& self, const Tensor& other,
                       std::optional<std::string_view> rounding_mode = std::nullopt) {
  return detail::write_out(out, self.div(other, rounding_mode), "div");
}
inline Tensor& pow_out(Tensor& out, const Tensor& self, const Tensor& exponent) {
  return detail::write_out(out, self.pow(exponent), "pow");
}
inline Tensor& pow_out(Tensor& out, const Tensor& self, const Scalar& exponent) {
  return detail::write_out(out, self.pow(exponent), "pow");
}
inline Tensor& remainder_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.remainder(other), "remainder");
}
inline Tensor& fmod_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.fmod(other), "fmod");
}
inline Tensor& atan2_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.atan2(other), "atan2");
}
inline Tensor& maximum_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.maximum(other), "maximum");
}
inline Tensor& minimum_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.minimum(other), "minimum");
}
inline Tensor& clamp_out(Tensor& out, const Tensor& self, const std::optional<Scalar>& min,
                         const std::optional<Scalar>& max = std::nullopt) {
  return detail::write_out(out, self.clamp(min, max), "clamp");
}
inline Tensor& where_out(Tensor& out, const Tensor& condition, const Tensor& self,
                         const Tensor& other) {
  return detail::write_out(out, where(condition, self, other), "where");
}

// Matrix products.
inline Tensor& matmul_out(Tensor& out, const Tensor& self, const Tensor& other) {
  return detail::write_out(out, self.matmul(other), "matmul");
}
inline Tensor& mm_out(Tensor& out, const Tensor& self, const Tensor& mat2) {
  return detail::write_out(out, self.mm(mat2), "mm");
}
inline Tensor& bmm_out(Tensor& out, const Tensor& self, const Tensor& mat2) {
  return detail::write_out(out, self.bmm(mat2), "bmm");
}
inline Tensor& mv_out(Tensor& out, const Tensor& self, const Tensor& vec) {
  return detail::write_out(out, self.mv(vec), "mv");
}
inline Tensor& addmm_out(Tensor& out, const Tensor& self, const Tensor& mat1, const Tensor& mat2,
                         const Scalar& beta = 1, const Scalar& alpha = 1) {
  return detail::write_out(out, self.addmm(mat1, mat2, beta, alpha), "addmm");
}

// Reductions and joins.
inline Tensor& sum_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim = false,
                       std::optional<ScalarType> dtype = std::nullopt) {
  return detail::write_out(out, self.sum(dim, keepdim, dtype), "sum");
}
inline Tensor& mean_out(Tensor& out, const Tensor& self, IntArrayRef dim, bool keepdim = false,
                        std::optional<ScalarType> dtype = std::nullopt) {
  return detail::write_out(out, self.mean(dim, keepdim, dtype), "mean");
}
inline Tensor& prod_out(Tensor& out, const Tensor& self, int64_t dim, bool keepdim = false,
                        std::optional<ScalarType> dtype = std::nullopt) {
  return detail::write_out(out, self.prod(dim, keepdim, dtype), "prod");
}
inline Tensor& cumsum_out(Tensor& out, const Tensor& self, int64_t dim,
                          std::optional<ScalarType> dtype = std::nullopt) {
  return detail::write_out(out, self.cumsum(dim, dtype), "cumsum");
}
inline Tensor& cat_out(Tensor& out, TensorList tensors, int64_t dim = 0) {
  return detail::write_out(out, cat(tensors, dim), "cat");
}
inline Tensor& stack_out(Tensor& out, TensorList tensors, int64_t dim = 0) {
  return detail::write_out(out, stack(tensors, dim), "stack");
}

}  // namespace ember

#include "ember/generated/out_functions.h"
