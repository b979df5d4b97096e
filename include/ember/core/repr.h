#pragma once
// Printing tensors exactly as PyTorch's Python repr does (torch/_tensor_str.py), with "ember."
// where Python writes "torch.".
#include <optional>
#include <ostream>
#include <string>

#include "ember/core/Tensor.h"

namespace ember {

std::string repr(const Tensor& t);

// torch.set_printoptions: unset fields keep their value.
struct PrintOptions {
  int precision = 4;
  int64_t threshold = 1000;
  int64_t edgeitems = 3;
  int64_t linewidth = 80;
  std::optional<bool> sci_mode;  // nullopt: PyTorch's automatic choice
};
void set_printoptions(const PrintOptions& options);
PrintOptions get_printoptions();

}  // namespace ember
