// Card 5 -- the default dtype is float32.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

int main() {
  std::cout << "Default dtype: " << torch::repr(torch::get_default_dtype()) << "\n";

  // Floating values become the default dtype...
  torch::Tensor weights = torch::tensor({0.5, -1.25, 2.0});
  std::cout << "weights: " << weights.repr() << "\n";
  std::cout << "weights.dtype: " << torch::repr(weights.dtype()) << "\n";
  // ...and so do tensors created from a shape.
  std::cout << "zeros(2, 3).dtype: " << torch::repr(torch::zeros({2, 3}).dtype()) << "\n";
  // Integers, by contrast, become int64.
  torch::Tensor counts = torch::tensor({1, 2, 3});
  std::cout << "counts.dtype: " << torch::repr(counts.dtype()) << "\n";

  std::cout << "Why float32: training makes tiny, continuous adjustments to the weights\n";
  std::cout << "along their gradients. Integers cannot move by 0.001; float32 is precise\n";
  std::cout << "enough for that, at half the memory and bandwidth of float64.\n";
}
