// Card 10 -- element-wise multiplication.
//   Q1: the symbol for element-wise multiplication is `*` (torch::mul).
//   Q2: the card says element-wise operations "will not work with different size tensors".
//   Correction: the shapes need not be equal, they must *broadcast*: compared from the last
//   dimension, each pair of sizes is equal or one of them is 1 (a missing dimension counts as 1),
//   and the size-1 operand is repeated along that dimension. Only shapes that do not broadcast
//   fail.
#include <ember/ember.h>
#include <ember/ops/elementwise.h>

#include <iostream>

namespace torch = ember;

int main() {
  torch::Tensor a = torch::tensor({{1, 2}, {3, 4}});
  torch::Tensor b = torch::tensor({{10, 20}, {30, 40}});

  // Same shape: each element multiplies the element at the same position.
  torch::Tensor element_wise_product = a * b;
  std::cout << element_wise_product.repr() << "\n";

  // Different sizes that broadcast: the row [10, 100] multiplies every row of a,
  // the column [[2], [3]] every column, and a plain number every element.
  torch::Tensor row = torch::tensor({10, 100});
  torch::Tensor col = torch::tensor({{2}, {3}});
  std::cout << "a * row: " << (a * row).repr() << "\n";
  std::cout << "a * col: " << (a * col).repr() << "\n";
  std::cout << "a * 3: " << (a * 3).repr() << "\n";

  // Different sizes that do not broadcast: 2 and 3 differ and neither is 1.
  torch::Tensor c = torch::tensor({1, 2, 3});
  try {
    a* c;
  } catch (const torch::Error& e) {
    std::cout << "a * c -> RuntimeError: " << e.what() << "\n";
  }
}
