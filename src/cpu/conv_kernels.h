#pragma once
// CPU kernels of 2-D convolution (im2col + GEMM) and pooling (direct loops). The ops layer
// (src/ops/conv.cpp) checks arguments and computes shapes; these only loop. Every tensor here is
// contiguous, float32 or float64, and results are fresh tensors of the right shape.
#include <cstdint>
#include <optional>

#include "ember/core/Tensor.h"

namespace ember::cpu {

// The sizes of one convolution: input (batch, in_channels, in_h, in_w), weight
// (out_channels, in_channels / groups, kernel_h, kernel_w), output (batch, out_channels, out_h,
// out_w).
struct Conv2dGeometry {
  int64_t batch = 0, in_channels = 0, in_h = 0, in_w = 0;
  int64_t out_channels = 0, kernel_h = 0, kernel_w = 0;
  int64_t out_h = 0, out_w = 0;
  int64_t stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0, dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
};

// out = conv(input, weight) + bias (bias may be undefined).
void conv2d_forward_kernel(const Tensor& out, const Tensor& input, const Tensor& weight,
                           const Tensor& bias, const Conv2dGeometry& g);

// The gradients of conv2d for grad_output: each of grad_input, grad_weight, grad_bias that is
// defined is computed (overwritten). input is read only for grad_weight, weight only for
// grad_input.
void conv2d_backward_kernel(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                            const Tensor& grad_input, const Tensor& grad_weight,
                            const Tensor& grad_bias, const Conv2dGeometry& g);

// The sizes of one pooling over `planes` independent (h, w) planes (batch * channels).
struct Pool2dGeometry {
  int64_t planes = 0, in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
};

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
