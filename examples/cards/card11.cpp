// Card 11 -- matrix multiplication in PyTorch.
//   Q1: the symbol for matrix multiplication is `@` in Python; C++ has no `@`: libtorch (and
//       ember) spell it torch::matmul(a, b) or a.matmul(b).
//   Q2: the rule: the number of columns of the first matrix must equal the number of rows of the
//       second; an (n x m) matrix times an (m x p) matrix gives an (n x p) matrix.
#include <ember/ember.h>
#include <ember/ops/linalg.h>

#include <iostream>

namespace torch = ember;

int main() {
  // Shape (2, 3): 2 rows, 3 columns.
  torch::Tensor m1 = torch::tensor({{1, 2, 3}, {4, 5, 6}});
  // Shape (3, 2): 3 rows, 2 columns.
  torch::Tensor m2 = torch::tensor({{7, 8}, {9, 10}, {11, 12}});
  std::cout << "m1 = " << m1.repr() << "\n";
  std::cout << "m1.shape = " << m1.shape() << "\n";
  std::cout << "m2 = " << m2.repr() << "\n";
  std::cout << "m2.shape = " << m2.shape() << "\n";

  // Columns of m1 (3) = rows of m2 (3): the product has m1's rows and m2's columns, (2, 2).
  torch::Tensor product = m1.matmul(m2);  // Python: m1 @ m2
  std::cout << "m1 @ m2 = " << product.repr() << "\n";
  std::cout << "(m1 @ m2).shape = " << product.shape() << "\n";
  std::cout << "ember.matmul(m1, m2) = " << torch::matmul(m1, m2).repr() << "\n";

  // The order matters: (3, 2) @ (2, 3) is a (3, 3) matrix.
  std::cout << "(m2 @ m1).shape = " << m2.matmul(m1).shape() << "\n";

  // Columns of m1 (3) != rows of m1 (2): the rule is broken.
  try {
    m1.matmul(m1);
  } catch (const torch::Error& e) {
    std::cout << "m1 @ m1 -> RuntimeError: " << e.what() << "\n";
  }
}
