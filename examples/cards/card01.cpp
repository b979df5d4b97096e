// Card 1 -- direct creation from data.
// torch::tensor copies a (nested) braced list into a new tensor. The dtype is inferred from the
// values as in Python: integers give int64 (ember.int64), floating values the default dtype.
// Python: my_tensor = torch.tensor(python_list); print(my_tensor)
#include <ember/ember.h>

#include <iostream>

namespace torch = ember;

int main() {
  // python_list = [[1, 2, 3], [4, 5, 6]]
  torch::Tensor my_tensor = torch::tensor({{1, 2, 3}, {4, 5, 6}});
  std::cout << my_tensor.repr() << "\n";
}
