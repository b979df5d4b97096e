// Card 4 -- the three critical attributes of a tensor.
//   shape:  the size of each dimension; the first thing to check when an operation fails.
//   dtype:  the type of the numbers (float32 unless asked otherwise).
//   device: where the tensor lives (cpu, or cuda for a GPU).
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

int main() {
  torch::manual_seed(0);

  torch::Tensor tensor = torch::randn({2, 3});
  std::cout << "Shape: " << tensor.shape() << "\n";                  // ember.Size([2, 3])
  std::cout << "Datatype: " << torch::repr(tensor.dtype()) << "\n";  // ember.float32
  std::cout << "Device: " << tensor.device() << "\n";                // cpu
}
