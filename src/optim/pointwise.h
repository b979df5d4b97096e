#pragma once
// The element-wise updates the optimizers share (internal to src/optim): ember's add(alpha=),
// addcmul and addcdiv, which round as PyTorch's CPU kernels round them, so that ember's
// parameters follow PyTorch's bit for bit:
//   add_scaled_   self + alpha * other     PyTorch's add(other, alpha=...): one fused multiply-add
//   addcmul_      self + value * t1 * t2   fused: fma(value * t1, t2, self)
//   addcdiv_      self + value * t1 / t2   not fused: (value * t1) / t2, then the add
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
