// Card 7 -- how do you tell PyTorch a tensor is a learnable parameter, and what does that do?
//   Set requires_grad. From then on autograd records every operation on the tensor (each result
//   remembers the operation that made it, its grad_fn), so backward() can compute the gradient of
//   a result with respect to the parameter.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

static const char* py(bool b) { return b ? "True" : "False"; }

int main() {
  torch::Tensor w = torch::tensor({1.0, 2.0, 3.0}, torch::requires_grad());  // a parameter
  torch::Tensor x = torch::tensor({4.0, 5.0, 6.0});  // data: no gradient needed
  std::cout << w.repr() << "\n";
  std::cout << "w.requires_grad=" << py(w.requires_grad()) << ", w.is_leaf=" << py(w.is_leaf())
            << ", w.grad_fn=" << (w.grad_fn() ? w.grad_fn()->name() : "None") << "\n";

  // Every operation on w is tracked: the results carry the operation that produced them.
  torch::Tensor y = w * x;
  torch::Tensor loss = y.sum();
  std::cout << y.repr() << "\n" << loss.repr() << "\n";
  std::cout << "y.requires_grad=" << py(y.requires_grad()) << ", y.is_leaf=" << py(y.is_leaf())
            << ", y.grad_fn=" << y.grad_fn()->name() << "\n";

  // ...which is what lets autograd compute d(loss)/dw.
  loss.backward();
  std::cout << "w.grad=" << w.grad().repr() << "\n";

  // Without requires_grad nothing is tracked; under NoGradGuard tracking is switched off.
  std::cout << "(x * x).requires_grad=" << py((x * x).requires_grad()) << "\n";
  torch::Tensor z;
  {
    torch::NoGradGuard no_grad;
    z = w * x;
  }
  std::cout << "under no_grad: z.requires_grad=" << py(z.requires_grad())
            << ", z.grad_fn=" << (z.grad_fn() ? z.grad_fn()->name() : "None") << "\n";
}
