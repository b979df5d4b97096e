// The smallest program using an installed ember, written as libtorch code would be.
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

int main() {
  torch::Tensor a = torch::tensor({{1, 2, 3}, {4, 5, 6}});
  torch::Tensor z = torch::zeros({2, 3});
  std::cout << a << "\n";
  std::cout << "sizes: " << a.sizes() << ", dtype: " << a.dtype() << "\n";
  std::cout << "zeros: " << z.shape() << " " << z.dtype() << ", numel " << z.numel() << "\n";
  try {
    torch::tensor({{1, 2}, {3}});  // ragged: PyTorch's ValueError
  } catch (const torch::Error& e) {
    std::cout << "error: " << e.what() << "\n";
  }
  return a.numel() == 6 && z.dim() == 2 ? 0 : 1;
}
