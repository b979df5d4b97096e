#pragma once
// CPU kernels of 2-D convolution (im2col + GEMM) and pooling (direct loops). The ops layer
// (src/ops/conv.cpp) checks arguments and computes shapes; these only loop. Every tensor here is
// contiguous, float32 or float64, and results are fresh tensors of the right shape.
#include <cstdint>
#include <optional>

#include "ember/core/Tensor.h"
#include "kernels/types.h"

namespace ember::cpu {

using kernels::Conv2dGeometry;
using kernels::Pool2dGeometry;

// out = conv(input, weight) + bias (bias may be undefined).
void conv2d_forward_kernel(const Tensor& out, const Tensor& input, const Tensor& weight,
                           const Tensor& bias, const Conv2dGeometry& g);

// The gradients of conv2d for grad_output: each of grad_input, grad_weight, grad_bias that is
// defined is computed (overwritten). input is read only for grad_weight, weight only for
// grad_input.
void conv2d_backward_kernel(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                            const Tensor& grad_input, const Tensor& grad_weight,
                            const Tensor& grad_bias, const Conv2dGeometry& g);

// out holds each window's maximum, indices (int64) its flat position ih * in_w + iw in the plane.
// As PyTorch: a later element wins only when strictly greater, or when it is NaN.
void max_pool2d_kernel(const Tensor& out, const Tensor& indices, const Tensor& input,
                       const Pool2dGeometry& g);
// grad_input = 0, then grad_input[index] += grad_output for each output element.
void max_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                const Tensor& indices, const Pool2dGeometry& g);

void avg_pool2d_kernel(const Tensor& out, const Tensor& input, const Pool2dGeometry& g,
                       bool count_include_pad, std::optional<int64_t> divisor_override);
void avg_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                const Pool2dGeometry& g, bool count_include_pad,
                                std::optional<int64_t> divisor_override);

// Adaptive average pooling: window i of n over a size s spans [floor(i*s/n), ceil((i+1)*s/n)).
// Only planes, in_* and out_* of g are used.
void adaptive_avg_pool2d_kernel(const Tensor& out, const Tensor& input, const Pool2dGeometry& g);
void adaptive_avg_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                         const Pool2dGeometry& g);

}  // namespace ember::cpu
