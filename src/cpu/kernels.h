#pragma once
// CPU kernels used by the core: nothing above this layer knows how they loop.
#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"

namespace ember::cpu {

// dst[i] = convert(src[i]); src has dst's shape (possibly with zero strides for broadcasting).
void copy_kernel(const Tensor& dst, const Tensor& src);
// dst[i] = value converted to dst's dtype.
void fill_kernel(const Tensor& dst, const Scalar& value);

}  // namespace ember::cpu
