#include "optim/pointwise.h"

#include "ember/ops/elementwise.h"

namespace ember::optim::detail {

// ember's add(alpha=), addcmul and addcdiv round as PyTorch's CPU kernels do (src/ops/binary.cpp);
// these name the steps the optimizers share.
Tensor& add_scaled_(Tensor& self, const Tensor& other, double alpha) {
  return self.add_(other, alpha);
}

Tensor add_scaled(const Tensor& self, const Tensor& other, double alpha) {
  return self.add(other, alpha);
}

Tensor& addcmul_(Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  return self.addcmul_(t1, t2, value);
}

Tensor addcmul(const Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  return self.addcmul(t1, t2, value);
}

Tensor& addcdiv_(Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  return self.addcdiv_(t1, t2, value);
}

bool equal_if_defined(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) return a.defined() == b.defined();
  return a.equal(b);
}

}  // namespace ember::optim::detail
