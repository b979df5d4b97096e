// Card 8 -- a DATA tensor and a PARAMETER tensor, and how to tell one from the other.
//   Data needs no gradient; a parameter is created with requires_grad (and must be floating
//   point). The requires_grad attribute tells them apart.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

static const char* py(bool b) { return b ? "True" : "False"; }

int main() {
  torch::Tensor data = torch::tensor({{1, 2}, {3, 4}});
  // This is a parameter, therefore we need gradients.
  torch::Tensor weights = torch::tensor({{1.0}, {2.0}}, torch::requires_grad());

  std::cout << py(data.requires_grad()) << "\n";
  std::cout << py(weights.requires_grad()) << "\n";
  std::cout << data.repr() << "\n" << weights.repr() << "\n";

  // Data flows through the parameters; the result is tracked because of the parameter.
  torch::Tensor out = torch::matmul(data.to(torch::kFloat), weights);
  std::cout << out.repr() << "\n";
  out.sum().backward();
  std::cout << "weights.grad=" << weights.grad().repr() << "\n";
  std::cout << "data.grad=" << (data.grad().defined() ? data.grad().repr() : "None") << "\n";
}
