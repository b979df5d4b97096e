#pragma once
// The element-wise updates the optimizers share (internal to src/optim), rounded as PyTorch's CPU
// kernels round them, so that ember's parameters follow PyTorch's bit for bit:
//   add_scaled_   self + alpha * other     PyTorch's add(other, alpha=...): one fused multiply-add
//   addcmul_      self + value * t1 * t2   fused: fma(value * t1, t2, self)
//   addcdiv_      self + value * t1 / t2   not fused: (value * t1) / t2, then the add
// alpha / value are rounded to the tensors' dtype first, as PyTorch does. float32 and float64
// operands of self's shape take the exact path; anything else falls back to ember's own ops.
// The in-place forms count as one in-place modification of self (its version counter).
#include "ember/core/Tensor.h"

namespace ember::optim::detail {

Tensor& add_scaled_(Tensor& self, const Tensor& other, double alpha);
Tensor add_scaled(const Tensor& self, const Tensor& other, double alpha);
Tensor& addcmul_(Tensor& self, const Tensor& t1, const Tensor& t2, double value);
Tensor addcmul(const Tensor& self, const Tensor& t1, const Tensor& t2, double value);
Tensor& addcdiv_(Tensor& self, const Tensor& t1, const Tensor& t2, double value);

// Both undefined, or both defined and equal (libtorch's torch::equal_if_defined).
bool equal_if_defined(const Tensor& a, const Tensor& b);

}  // namespace ember::optim::detail
