// Card 6 -- what must be a float and what may be an integer.
//   Model parameters (weights, biases) MUST be floating point (float32 is the standard): gradients
//   only exist for floating point tensors.
//   Data that represents categories or counts (class labels, indices) can be integers.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

// Python's spelling of a bool.
static const char* py(bool b) { return b ? "True" : "False"; }

int main() {
  torch::manual_seed(0);

  // Parameters: float32, learnable.
  torch::Tensor weights = torch::randn({3, 2}, torch::requires_grad());
  torch::Tensor bias = torch::zeros({2}, torch::requires_grad());
  // Data: class labels are integers (int64).
  torch::Tensor labels = torch::tensor({0, 2, 1, 1});

  std::cout << "weights: " << weights.repr() << "\n";
  std::cout << "weights: dtype=" << torch::repr(weights.dtype())
            << ", is_floating_point=" << py(weights.is_floating_point())
            << ", requires_grad=" << py(weights.requires_grad()) << "\n";
  std::cout << "bias: dtype=" << torch::repr(bias.dtype())
            << ", is_floating_point=" << py(bias.is_floating_point())
            << ", requires_grad=" << py(bias.requires_grad()) << "\n";
  std::cout << "labels: " << labels.repr() << "\n";
  std::cout << "labels: dtype=" << torch::repr(labels.dtype())
            << ", is_floating_point=" << py(labels.is_floating_point())
            << ", requires_grad=" << py(labels.requires_grad()) << "\n";

  // An integer tensor cannot be a learnable parameter: ember::Error carries PyTorch's message.
  try {
    labels.requires_grad_();
  } catch (const torch::Error& e) {
    std::cout << "labels.requires_grad_() -> RuntimeError: " << e.what() << "\n";
  }
}
