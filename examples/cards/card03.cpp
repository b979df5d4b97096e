// Card 3 -- creation by mimicking another tensor. The *_like functions take the shape (and, unless
// told otherwise, the dtype and device) of an existing tensor.
// Correction: the card writes `same_tensor_rand_num = same_tensor_rand_num =
// torch.randint_like(...)`, which overwrites the float tensor; the random ints get their own name
// here.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

int main() {
  torch::manual_seed(0);  // so the random tensors are the same on every run

  torch::Tensor current_tensor = torch::tensor({{1, 2}, {3, 4}});

  // Same shape, but float: randn_like needs a floating dtype (current_tensor is int64).
  torch::Tensor same_tensor_rand_num = torch::randn_like(current_tensor, torch::kFloat);

  // Random ints in [0, 10): same shape AND same dtype (int64) as current_tensor.
  torch::Tensor same_tensor_rand_int = torch::randint_like(current_tensor, /*high=*/10);

  std::cout << current_tensor.repr() << "\n";
  std::cout << same_tensor_rand_num.repr() << "\n";
  std::cout << same_tensor_rand_int.repr() << "\n";
  std::cout << "dtypes: " << torch::repr(current_tensor.dtype()) << ", "
            << torch::repr(same_tensor_rand_num.dtype()) << ", "
            << torch::repr(same_tensor_rand_int.dtype()) << "\n";
}
