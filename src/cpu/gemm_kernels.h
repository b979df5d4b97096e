#pragma once
// CPU kernels of the matrix products: nothing above this layer knows how they loop or block.
#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"

namespace ember::cpu {

// Whether gemm_kernel computes products in dtype t (the integers, bfloat16, float32, float64).
bool gemm_supports(ScalarType t);

// out = beta * out + alpha * (a @ b) for each batch: out (..., m, n), a (..., m, k), b (..., k, n),
// all of out's dtype and with the same leading (batch) sizes; any strides, zero strides included.
// With beta == 0, out is not read. float32/float64 run ember's packed AVX-512/AVX2 GEMM
// (src/cpu/gemm_float.h), the other dtypes its cache-blocked kernel (integers wrap around as in
// PyTorch; bfloat16 accumulates in float).
void gemm_kernel(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                 const Scalar& alpha);

// out[i][j] = a[i] * b[j] computed in out's dtype (a and b are converted to it first).
void outer_kernel(const Tensor& out, const Tensor& a, const Tensor& b);

// out *= beta in out's dtype (the empty-sum case of addmm: beta * self).
void scale_kernel(const Tensor& out, const Scalar& beta);

}  // namespace ember::cpu
