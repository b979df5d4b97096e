#pragma once
// What the generated unary ops (src/ops/unary.yaml, tools/opgen.py) call: the kernel under a
// dtype rule, and the checks some ops make first.
#include "ember/core/Tensor.h"
#include "kernels/table.h"

namespace ember::ops {

enum class UnaryRule {
  Same,        // the result has the input's dtype
  IntToFloat,  // integer and bool inputs give the default float dtype (math functions)
  Rounding,    // as Same; integer inputs are already whole (floor, ceil, trunc)
};

// op(self), a new tensor.
Tensor unary(const Tensor& self, UnaryRule rule, kernels::UnaryOp op);
// self = op(self) (PyTorch's messages when self's dtype cannot hold the result).
void unary_(Tensor& self, UnaryRule rule, kernels::UnaryOp op);

// neg and `-`: refuse bool tensors, with PyTorch's message.
void check_neg(const Tensor& self);

}  // namespace ember::ops
