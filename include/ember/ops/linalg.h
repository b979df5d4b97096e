#pragma once
// Matrix products (libtorch's free functions; the methods are declared on Tensor). C++ has no `@`:
// write torch::matmul(a, b) or a.matmul(b).
#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"

namespace ember {

// PyTorch's matmul: 1-D·1-D is a dot product (0-d result), 2-D·1-D a matrix-vector product,
// 1-D·2-D a vector-matrix product, 2-D·2-D a matrix product, and N-D operands multiply as
// batches of matrices whose batch dimensions broadcast (a 1-D operand is a row/column vector).
Tensor matmul(const Tensor& self, const Tensor& other);
// Matrix product of two 2-D tensors of the same dtype.
Tensor mm(const Tensor& self, const Tensor& mat2);
// Batched matrix product of two 3-D tensors (b, n, m) and (b, m, p).
Tensor bmm(const Tensor& self, const Tensor& mat2);
// Matrix-vector product.
Tensor mv(const Tensor& self, const Tensor& vec);
// Dot product of two 1-D tensors (a 0-d result).
Tensor dot(const Tensor& self, const Tensor& other);
// Outer product of two 1-D tensors; the dtypes promote as for `*`.
Tensor outer(const Tensor& self, const Tensor& vec2);
// beta * self + alpha * (mat1 @ mat2), self broadcast to the product's shape. With beta == 0
// self is not read (NaN and inf in it do not propagate).
Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
             const Scalar& alpha = 1);

}  // namespace ember
