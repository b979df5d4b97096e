// libtorch's out= semantics for the `_out` variants (include/ember/ops/out.h).
#include "ember/ops/out.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"
#include "ember/core/Warning.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"

namespace ember::detail {

Tensor& write_out(Tensor& out, const Tensor& result, const char* name) {
  EMBER_CHECK(out.defined(), name, "(): out is an undefined tensor");
  EMBER_CHECK(
      !(autograd::GradMode::is_enabled() && (result.requires_grad() || out.requires_grad())), name,
      "(): functions with out=... arguments don't support automatic differentiation, but "
      "one of the arguments requires grad.");
  EMBER_CHECK(can_cast(result.scalar_type(), out.scalar_type()), "result type ",
              to_string(result.scalar_type()), " can't be cast to the desired output type ",
              to_string(out.scalar_type()));
  if (out.sizes() != result.sizes()) {
    if (out.numel() != 0) {
      warn(str_cat("An output with one or more elements was resized since it had shape ",
                   out.sizes(), ", which does not match the required output shape ", result.sizes(),
                   ". This behavior is deprecated, and in a future PyTorch release outputs will "
                   "not be resized unless they have zero elements. You can explicitly reuse an "
                   "out tensor t by resizing it, inplace, to zero elements with t.resize_(0)."));
    }
    // New storage of the result's size (views of the old out keep the old one).
    out.set_data(empty(result.sizes(), out.options()));
  }
  out.copy_(result);
  return out;
}

}  // namespace ember::detail
