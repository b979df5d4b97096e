// Card 12 -- matrix multiplication written out symbolically.
//   M1 = [[a, b, c], [d, e, f]] (2 x 3),  M2 = [[g, h], [i, j], [k, l]] (3 x 2)
//   M1 @ M2 = [[a*g + b*i + c*k, a*h + b*j + c*l],
//              [d*g + e*i + f*k, d*h + e*j + f*l]]
// Entry [r][c] is the sum of products of row r of M1 with column c of M2. The letters get numbers
// here, each entry is expanded and summed by hand, and the sums are checked against matmul.
// Corrections to the card's answer: it asks for `M1 @ M1` where it means `M1 @ M2` (M1 @ M1 is
// (2 x 3) @ (2 x 3), which cannot be multiplied: shown at the end), and its last entry reads
// "(dh)+(ej)+(cfl)" where it means "(dh)+(ej)+(fl)".
#include <ember/ember.h>
#include <ember/ops/linalg.h>

#include <cstdint>
#include <iostream>
#include <string>

namespace torch = ember;

int main() {
  const int64_t a = 2, b = 3, c = 5, d = 7, e = 11, f = 13;
  const int64_t g = 17, h = 19, i = 23, j = 29, k = 31, l = 37;
  torch::Tensor M1 = torch::tensor({{a, b, c}, {d, e, f}});
  torch::Tensor M2 = torch::tensor({{g, h}, {i, j}, {k, l}});
  const char* names1[2][3] = {{"a", "b", "c"}, {"d", "e", "f"}};
  const char* names2[3][2] = {{"g", "h"}, {"i", "j"}, {"k", "l"}};
  std::cout << "M1 = " << M1.repr() << "\n";
  std::cout << "M2 = " << M2.repr() << "\n";

  int64_t sums[2][2];
  for (int r = 0; r < 2; ++r) {
    for (int col = 0; col < 2; ++col) {
      std::string symbolic, numbers;
      int64_t value = 0;
      for (int t = 0; t < 3; ++t) {
        const int64_t x = M1[r][t].item<int64_t>(), y = M2[t][col].item<int64_t>();
        const std::string sep = t == 0 ? "" : " + ";
        symbolic += sep + names1[r][t] + "*" + names2[t][col];
        numbers += sep + std::to_string(x) + "*" + std::to_string(y);
        value += x * y;
      }
      std::cout << "[" << r << "][" << col << "] = " << symbolic << " = " << numbers << " = "
                << value << "\n";
      sums[r][col] = value;
    }
  }

  torch::Tensor product = torch::matmul(M1, M2);  // Python: M1 @ M2
  std::cout << "M1 @ M2 = " << product.repr() << "\n";
  bool matches = true;
  for (int r = 0; r < 2; ++r) {
    for (int col = 0; col < 2; ++col) {
      matches = matches && product[r][col].item<int64_t>() == sums[r][col];
    }
  }
  std::cout << "every entry matches ember.matmul: " << (matches ? "True" : "False") << "\n";

  // What the card literally wrote:
  try {
    torch::matmul(M1, M1);
  } catch (const torch::Error& err) {
    std::cout << "M1 @ M1 -> RuntimeError: " << err.what() << "\n";
  }
}
