#pragma once
// 2-D convolution and pooling with libtorch's free-function names and defaults (at::conv2d,
// at::max_pool2d, ...). Inputs are 4-D (N, C, H, W) or 3-D unbatched (C, H, W), float32 or
// float64. A one-element IntArrayRef applies to both spatial dims, as PyTorch's int[2] arguments.
// Each op records libtorch's autograd node (ConvolutionBackward0, MaxPool2DWithIndicesBackward0,
// AvgPool2DBackward0, AdaptiveAvgPool2DBackward0); their backward formulas run raw kernels, so a
// second (double) backward through them throws ember::Error.
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>

#include "ember/core/ArrayRef.h"
#include "ember/core/Tensor.h"

namespace ember {

// weight is (C_out, C_in / groups, kH, kW); bias (C_out). Output spatial size per dim:
// (in + 2 * padding - dilation * (k - 1) - 1) / stride + 1.
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
// padding "valid" (no padding) or "same" (output size == input size; stride must be 1).
Tensor conv2d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation = 1,
              int64_t groups = 1);

// An empty stride means stride = kernel_size. Padding pads with -inf.
Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
// Also returns, per output element, the flat index h * W + w of the chosen input element within
// its (H, W) plane (int64); on ties the first maximum in window order wins, NaN always wins.
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);

// output_size is (oH, oW) (two values, as libtorch's C++ API: one value is an error there). A
// 1x1 output is self.mean({-1, -2}, true), as PyTorch computes it.
Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size);

}  // namespace ember
