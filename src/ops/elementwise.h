#pragma once
// The element-wise driver shared by src/ops/binary.cpp and unary.cpp. An op names its inputs
// (tensors or scalars), decides its compute and output dtypes from result_type(), and calls
// build(): the inputs broadcast (PyTorch's message when they do not), an in-place destination is
// checked (memory overlap, shape and can_cast, PyTorch's messages) or the result is allocated,
// inputs of another dtype are converted, and single-element inputs are passed by value. The op then
// runs its CPU kernel on args() and returns finish().
#include <array>
#include <functional>
#include <string_view>

#include "ember/core/Tensor.h"
#include "kernels/table.h"

namespace ember::ops {

// An element-wise operand: a tensor or a scalar (a C++ number, which takes part in type
// promotion as a Python number does).
class Operand {
 public:
  Operand(const Tensor& t) : tensor_(&t) {}  // NOLINT: implicit by design
  Operand(const Scalar& s) : scalar_(s) {}   // NOLINT
  bool is_tensor() const { return tensor_ != nullptr; }
  const Tensor& tensor() const { return *tensor_; }
  const Scalar& scalar() const { return scalar_; }
  // The dtype the operand has in PyTorch (a wrapped scalar: bool, int64 or float64).
  ScalarType dtype() const;

 private:
  const Tensor* tensor_ = nullptr;
  Scalar scalar_;
};

class Elementwise {
 public:
  Elementwise() = default;
  Elementwise(std::initializer_list<Operand> inputs) {
    for (const Operand& op : inputs) input(op);
  }
  Elementwise& input(const Operand& op);
  // Writes into `dest` (an in-place op) instead of allocating the result.
  Elementwise& into(const Tensor& dest) {
    dest_ = &dest;
    return *this;
  }
  // torch.result_type of the inputs.
  ScalarType result_type() const;
  // Input k is converted to `dtype` instead of the compute dtype (where's condition).
  Elementwise& input_dtype(int k, ScalarType dtype) {
    input_dtype_[k] = dtype;
    return *this;
  }

  // Prepares the kernel's arguments: inputs converted to compute_dtype, output of out_dtype.
  const kernels::ElementwiseArgs& build(ScalarType compute_dtype, ScalarType out_dtype);
  const kernels::ElementwiseArgs& build(ScalarType dtype) { return build(dtype, dtype); }
  const kernels::ElementwiseArgs& args() const { return args_; }
  const DimVector& shape() const { return args_.shape; }
  // The result (the destination for an in-place op).
  Tensor finish();

 private:
  // The device every operand is on (PyTorch's message when they differ).
  Device common_device() const;
  // Every input a contiguous tensor of compute_dtype with the first input's sizes and device.
  bool plain_inputs(ScalarType compute_dtype) const;
  std::array<Operand, kernels::ElementwiseArgs::kMaxInputs> inputs_{Scalar(), Scalar(), Scalar()};
  std::array<ScalarType, kernels::ElementwiseArgs::kMaxInputs> input_dtype_{
      ScalarType::Undefined, ScalarType::Undefined, ScalarType::Undefined};
  std::array<Tensor, kernels::ElementwiseArgs::kMaxInputs> converted_;
  int n_ = 0;
  const Tensor* dest_ = nullptr;
  Tensor out_;  // what the kernel writes: the result, the destination, or a temporary for it
  kernels::ElementwiseArgs args_;
};

// The common binary case without the driver: a and b contiguous tensors of one dtype and one shape
// (so the result type is their dtype, nothing broadcasts and nothing converts). Then allocates the
// result (out_dtype, or their dtype when Undefined) into `out`, fills `args` for a flat run and
// returns true; otherwise returns false and the op goes through Elementwise.
bool plain_binary(const Operand& a, const Operand& b, ScalarType out_dtype,
                  kernels::ElementwiseArgs& args, Tensor& out);

// TensorIterator's memory checks for an op writing `dest`: no two of dest's elements share an
// address, and no tensor input overlaps part of dest (the same memory is fine). Elementwise::build
// applies them.
void check_write_overlap(const Tensor& dest, ArrayRef<Operand> inputs);

// An element-wise in-place op on a tensor with history: check_write_overlap(self, inputs), then
// its out-of-place form `f` through autograd::record_inplace.
Tensor& record_inplace(Tensor& self, ArrayRef<Operand> inputs,
                       const std::function<Tensor(const Tensor&)>& f);

// The C++ type name PyTorch prints for a dtype in some messages ("long int", "float", ...).

// "result type Float can't be cast to the desired output type Long" unless can_cast(from, to).
void check_can_cast(ScalarType from, ScalarType to);

}  // namespace ember::ops
