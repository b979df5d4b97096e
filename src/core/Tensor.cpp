// Tensor's own members: attributes, dims, printing. The members that compute (to, clone, copy_,
// fill_, the views) are declared in Tensor.h with the rest of its API and defined in src/ops.
#include "ember/core/Tensor.h"

#include <iostream>
#include <limits>

namespace ember {

// libtorch's message, without the argument it names ("for argument #0 'self'").
void Tensor::throw_undefined() {
  throw Error("Expected a proper Tensor but got None (or an undefined Tensor in C++)");
}

int64_t maybe_wrap_dim(int64_t dim, int64_t ndim) {
  if (ndim <= 0) {
    EMBER_CHECK_T(IndexError, dim == 0 || dim == -1, "Dimension specified as ", dim,
                  " but tensor has no dimensions");
    return 0;
  }
  EMBER_CHECK_T(IndexError, dim >= -ndim && dim < ndim,
                "Dimension out of range (expected to be in range of [", -ndim, ", ", ndim - 1,
                "], but got ", dim, ")");
  return dim < 0 ? dim + ndim : dim;
}

int64_t Tensor::size(int64_t d) const {
  if (dim() == 0) {
    detail::fail<IndexError>("Dimension specified as ", d, " but tensor has no dimensions");
  }
  return sizes()[maybe_wrap_dim(d, dim())];
}

int64_t Tensor::stride(int64_t d) const {
  if (dim() == 0) {
    detail::fail<IndexError>("Dimension specified as ", d, " but tensor has no dimensions");
  }
  return strides()[maybe_wrap_dim(d, dim())];
}

void Tensor::check_data_ptr_type(ScalarType requested) const {
  EMBER_CHECK(requested == scalar_type(), "expected scalar type ", to_string(requested),
              " but found ", to_string(scalar_type()));
}

void Tensor::check_accessor_dims(size_t dims) const {
  EMBER_CHECK(dim() == static_cast<int64_t>(dims), "TensorAccessor expected ", dims,
              " dims but tensor has ", dim());
}

void Tensor::check_accessor_32bit() const {
  EMBER_CHECK(numel() <= std::numeric_limits<int32_t>::max(),
              "numel needs to be smaller than int32_t max; otherwise, please use packed_accessor64");
}

void Tensor::print() const {
  // libtorch's: the type and sizes, on standard error.
  if (defined()) {
    std::cerr << "[" << toString() << " " << sizes() << "]\n";
  } else {
    std::cerr << "[UndefinedTensorImpl]\n";
  }
}

}  // namespace ember
