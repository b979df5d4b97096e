// torch::conv1d, torch::conv_transpose1d and torch::conv_transpose2d, composed of ember's conv2d
// (a 1-d convolution is a 2-d one of height 1) so that they are differentiable without kernels of
// their own. A transposed convolution is the convolution of the input spread out by the stride
// (stride - 1 zeros between elements), padded by dilation * (k - 1) - padding on each side
// (output_padding more after), with the kernel flipped and its channel dims swapped per group.
#include "ember/ops/conv.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

// A one- or D-value argument as D values.
template <size_t D>
std::array<int64_t, D> expand_param(IntArrayRef values, const char* name) {
  EMBER_CHECK(values.size() == 1 || values.size() == D, "expected ", name,
              " to be a single integer value or a list of ", D,
              " values to match the convolution dimensions, but got ", name, "=", values);
  std::array<int64_t, D> result{};
  for (size_t i = 0; i < D; ++i) result[i] = values.size() == 1 ? values[0] : values[i];
  return result;
}

// input (N, C, ...) or unbatched (C, ...): checks the rank, returns it batched.
Tensor batched_input(const Tensor& input, int64_t dims, const char* op, bool& batched) {
  EMBER_CHECK(input.dim() == dims + 1 || input.dim() == dims + 2, "Expected ", dims + 1,
              "D (unbatched) or ", dims + 2, "D (batched) input to ", op,
              ", but got input of size: ", input.sizes());
  batched = input.dim() == dims + 2;
  return batched ? input : input.unsqueeze(0);
}

// x with stride - 1 zeros between consecutive elements along dim.
Tensor spread(const Tensor& x, int64_t dim, int64_t stride) {
  const int64_t size = x.size(dim);
  if (stride == 1 || size == 0) return x;
  std::vector<int64_t> zeros_shape(x.sizes().begin(), x.sizes().end());
  zeros_shape.insert(zeros_shape.begin() + dim + 1, stride - 1);
  const Tensor interleaved = cat({x.unsqueeze(dim + 1), zeros(zeros_shape, x.options())}, dim + 1);
  DimVector merged(x.sizes());
  merged[static_cast<size_t>(dim)] = size * stride;
  return interleaved.reshape(merged).narrow(dim, 0, (size - 1) * stride + 1);
}

// libtorch's check of a transposed convolution's weight against its (batched) input.
void check_conv_transpose_channels(const Tensor& x, const Tensor& weight, int64_t groups) {
  EMBER_CHECK(groups > 0, "non-positive groups is not supported");
  EMBER_CHECK(weight.dim() == x.dim(), "Expected ", weight.dim(), "-dimensional input for ",
              weight.dim(), "-dimensional weight ", weight.sizes(), ", but got ", x.dim(),
              "-dimensional input of size ", x.sizes(), " instead");
  EMBER_CHECK(x.size(1) == weight.size(0), "Given transposed=1, weight of size ", weight.sizes(),
              ", expected input", x.sizes(), " to have ", weight.size(0), " channels, but got ",
              x.size(1), " channels instead");
}

// The transposed convolution of a batched 4-d input whose channels are checked; the rest is
// checked here with libtorch's 2-d messages (which conv_transpose1d gives too).
Tensor conv_transpose2d_batched(const Tensor& x, const Tensor& weight,
                                const std::optional<Tensor>& bias, std::array<int64_t, 2> stride,
                                std::array<int64_t, 2> padding,
                                std::array<int64_t, 2> output_padding, int64_t groups,
                                std::array<int64_t, 2> dilation) {
  const int64_t kh = weight.size(2), kw = weight.size(3);
  EMBER_CHECK(stride[0] > 0 && stride[1] > 0,
              "stride should be greater than zero, but got stride_height: ", stride[0],
              " stride_width: ", stride[1]);
  EMBER_CHECK(dilation[0] > 0 && dilation[1] > 0,
              "dilation should be greater than zero, but got dilation_height: ", dilation[0],
              ", dilation_width: ", dilation[1]);
  EMBER_CHECK((output_padding[1] < stride[1] || output_padding[1] < dilation[1]) &&
                  (output_padding[0] < stride[0] || output_padding[0] < dilation[0]),
              "output padding must be smaller than either stride or dilation, but got "
              "output_padding_height: ",
              output_padding[0], " output_padding_width: ", output_padding[1],
              " stride_height: ", stride[0], " stride_width: ", stride[1],
              " dilation_height: ", dilation[0], " dilation_width: ", dilation[1]);
  const int64_t in_h = x.size(2), in_w = x.size(3);
  const int64_t out_h =
      (in_h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + output_padding[0] + 1;
  const int64_t out_w =
      (in_w - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + output_padding[1] + 1;
  EMBER_CHECK(out_h >= 1 && out_w >= 1, "Given input size per channel: (", in_h, " x ", in_w,
              "). Calculated output size per channel: (", out_h, " x ", out_w,
              "). Output size is too small");

  Tensor padded = spread(spread(x, 2, stride[0]), 3, stride[1]);
  const int64_t top = dilation[0] * (kh - 1) - padding[0];
  const int64_t left = dilation[1] * (kw - 1) - padding[1];
  const std::vector<int64_t> pad = {left, left + output_padding[1], top, top + output_padding[0]};
  padded = constant_pad_nd(padded, pad, 0);
  const int64_t c_in = weight.size(0), c_out_group = weight.size(1);
  const Tensor kernel = weight.reshape({groups, c_in / groups, c_out_group, kh, kw})
                            .transpose(1, 2)
                            .reshape({groups * c_out_group, c_in / groups, kh, kw})
                            .flip({2, 3});
  const std::vector<int64_t> unit_stride = {1, 1}, no_padding = {0, 0};
  return conv2d(padded, kernel, bias, unit_stride, no_padding, IntArrayRef(dilation.data(), 2),
                groups);
}

}  // namespace

Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  bool batched = true;
  const Tensor x = batched_input(input, 1, "conv1d", batched);
  const auto s = expand_param<1>(stride, "stride");
  const auto p = expand_param<1>(padding, "padding");
  const auto d = expand_param<1>(dilation, "dilation");
  const std::vector<int64_t> stride2 = {1, s[0]}, padding2 = {0, p[0]}, dilation2 = {1, d[0]};
  const Tensor out = conv2d(x.unsqueeze(2), weight.dim() == 3 ? weight.unsqueeze(2) : weight, bias,
                            stride2, padding2, dilation2, groups)
                         .squeeze(2);
  return batched ? out : out.squeeze(0);
}

Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation, int64_t groups) {
  bool batched = true;
  const Tensor x = batched_input(input, 1, "conv1d", batched);
  const auto s = expand_param<1>(stride, "stride");
  const auto d = expand_param<1>(dilation, "dilation");
  const std::vector<int64_t> stride2 = {1, s[0]}, dilation2 = {1, d[0]};
  const Tensor out = conv2d(x.unsqueeze(2), weight.dim() == 3 ? weight.unsqueeze(2) : weight, bias,
                            stride2, padding, dilation2, groups)
                         .squeeze(2);
  return batched ? out : out.squeeze(0);
}

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias, IntArrayRef stride, IntArrayRef padding,
                        IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  bool batched = true;
  const Tensor x = batched_input(input, 1, "conv_transpose1d", batched);
  const auto s = expand_param<1>(stride, "stride");
  const auto p = expand_param<1>(padding, "padding");
  const auto op = expand_param<1>(output_padding, "output_padding");
  const auto d = expand_param<1>(dilation, "dilation");
  check_conv_transpose_channels(x, weight, groups);
  const Tensor out = conv_transpose2d_batched(x.unsqueeze(2), weight.unsqueeze(2), bias, {1, s[0]},
                                              {0, p[0]}, {0, op[0]}, groups, {1, d[0]})
                         .squeeze(2);
  return batched ? out : out.squeeze(0);
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias, IntArrayRef stride, IntArrayRef padding,
                        IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  bool batched = true;
  const Tensor x = batched_input(input, 2, "conv_transpose2d", batched);
  const auto s = expand_param<2>(stride, "stride");
  const auto p = expand_param<2>(padding, "padding");
  const auto op = expand_param<2>(output_padding, "output_padding");
  const auto d = expand_param<2>(dilation, "dilation");
  check_conv_transpose_channels(x, weight, groups);
  const Tensor out = conv_transpose2d_batched(x, weight, bias, s, p, op, groups, d);
  return batched ? out : out.squeeze(0);
}

}  // namespace ember
