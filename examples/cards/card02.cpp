// Card 2 -- creation from a desired shape: ones, zeros and random numbers of shape (2, 3).
// All three are float32, the default dtype. randn draws from the standard normal distribution.
// Correction: the card's answer prints `ones` under all three labels; each label prints its own
// tensor here.
#include <ember/ember.h>

#include <cstdint>
#include <iostream>
#include <vector>

namespace torch = ember;

int main() {
  torch::manual_seed(0);  // so the random tensor is the same on every run

  const std::vector<int64_t> shape = {2, 3};
  torch::Tensor ones = torch::ones(shape);
  torch::Tensor zeros = torch::zeros(shape);
  torch::Tensor random = torch::randn(shape);

  std::cout << "ones Tensor: \n" << ones.repr() << "\n";
  std::cout << "ZerosTensor: \n" << zeros.repr() << "\n";
  std::cout << "Random Tensor: \n" << random.repr() << "\n";
}
