#pragma once
// Printing tensors exactly as PyTorch's Python repr does (torch/_tensor_str.py), with "ember."
// where Python writes "torch.": Tensor::repr() is repr(). (operator<< prints libtorch's C++ format:
// ember/core/print.h.)
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "ember/core/Tensor.h"

namespace ember {

// e.g. "tensor([1.0000, 2.5000])", "tensor([1, 2], dtype=ember.int32)",
// "tensor([], size=(0, 3))", "tensor(3., requires_grad=True)".
std::string repr(const Tensor& t);
// Python's repr of a dtype: "ember.float32" (operator<< prints libtorch's "Float").
std::string repr(ScalarType t);

// torch.set_printoptions.
struct PrintOptions {
  int precision = 4;             // digits after the point ("{:.4f}", "{:.4e}")
  int64_t threshold = 1000;      // more elements than this: summarize with "..."
  int64_t edgeitems = 3;         // items shown at each end of a summarized dimension
  int64_t linewidth = 80;        // characters per line before wrapping
  std::optional<bool> sci_mode;  // nullopt: PyTorch's automatic choice
};
// Replaces every option with those of `options` (a default-constructed PrintOptions restores
// PyTorch's defaults). As in Python, sci_mode is always replaced, so nullopt returns to the
// automatic choice. To change one option only, start from get_printoptions():
//   auto o = ember::get_printoptions(); o.precision = 2; ember::set_printoptions(o);
// Throws for a negative precision, threshold or edgeitems.
void set_printoptions(const PrintOptions& options);
PrintOptions get_printoptions();
// torch.set_printoptions(profile=...): "default", "short" (precision 2, edgeitems 2) or "full"
// (never summarize); sci_mode returns to automatic. Other names throw.
void set_printoptions_profile(std::string_view profile);

// Hook for the autograd layer: returns the name repr shows as "grad_fn=<Name>" for a tensor with
// a gradient function, or nullopt for none (then "requires_grad=True" is shown if the tensor
// requires grad). Unset (nullptr, the default) means no tensor has a grad_fn.
using GradFnNameHook = std::optional<std::string> (*)(const Tensor& t);
void set_grad_fn_name_hook(GradFnNameHook hook);

}  // namespace ember
