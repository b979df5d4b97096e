#pragma once
// What the generated binary ops (src/ops/binary.yaml, `kernel: binary NAME`) call: the kernel of
// kernels/binary_math.h on the broadcast operands, in their promoted dtype (the functor's dtype
// set refuses the others, with PyTorch's message).
#include "ember/core/Tensor.h"
#include "kernels/table.h"

namespace ember::ops {

// op(self, other), a new tensor.
Tensor binary_math(const Tensor& self, const Tensor& other, kernels::BinaryOp op);
// self = op(self, other).
void binary_math_(Tensor& self, const Tensor& other, kernels::BinaryOp op);

}  // namespace ember::ops
