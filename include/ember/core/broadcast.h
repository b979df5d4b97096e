#pragma once
// Broadcasting and result dtypes: the two rules every element-wise op shares.
#include "ember/core/ArrayRef.h"
#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"

namespace ember {

// The broadcast shape of a and b, or PyTorch's error ("The size of tensor a (2) must match the
// size of tensor b (3) at non-singleton dimension 1").
DimVector infer_size(IntArrayRef a, IntArrayRef b);
DimVector broadcast_shapes(IntArrayRef a, IntArrayRef b);

// Strides that view a tensor of `sizes`/`strides` as `target` (zero strides where it broadcasts).
// `target` must be a broadcast of `sizes`.
DimVector broadcast_strides(IntArrayRef sizes, IntArrayRef strides, IntArrayRef target);

// torch.result_type: operands take part by priority: tensors with dimensions, then 0-d tensors,
// then C++ scalars (bool -> bool, integer -> int64, floating -> default dtype). A lower-priority
// operand changes the result only when it is of a higher category (bool < integer < floating).
class ResultTypeState {
 public:
  void update(const Tensor& t);
  void update(const Scalar& s);
  ScalarType result() const;

 private:
  ScalarType dim_ = ScalarType::Undefined;
  ScalarType zero_ = ScalarType::Undefined;
  ScalarType wrapped_ = ScalarType::Undefined;
};

ScalarType result_type(const Tensor& a, const Tensor& b);
ScalarType result_type(const Tensor& a, const Scalar& b);
ScalarType result_type(const Scalar& a, const Tensor& b);
ScalarType result_type(const Scalar& a, const Scalar& b);

// torch.can_cast: whether an in-place op may write a `from` result into a `to` tensor (no casting
// to a lower category: float into integer, integer into bool).
bool can_cast(ScalarType from, ScalarType to);

}  // namespace ember
