// torch::conv3d, conv_transpose3d and their F:: forms, composed of ember's conv2d so that they are
// differentiable without a kernel of their own: output depth slice od is the sum over the kernel's
// depth kd of the 2-d convolution of input depth slice od * stride + kd * dilation (of the
// depth-padded input) with weight[:, :, kd]. A transposed convolution is the convolution of the
// input spread out by the stride (stride - 1 zeros between elements), padded by
// dilation * (k - 1) - padding on each side (output_padding more after), with the kernel flipped
// and its channel dims swapped per group.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

std::array<int64_t, 3> expand3(IntArrayRef values, const char* name) {
  EMBER_CHECK(values.size() == 1 || values.size() == 3, "expected ", name,
              " to be a single integer value or a list of 3 values to match the convolution "
              "dimensions, but got ",
              name, "=", values);
  if (values.size() == 1) return {values[0], values[0], values[0]};
  return {values[0], values[1], values[2]};
}

// ATen's checks of a batched input against the weight, with its messages.
void check_conv3d_shapes(const Tensor& x, const Tensor& weight, std::array<int64_t, 3> padding,
                         std::array<int64_t, 3> dilation, int64_t groups) {
  EMBER_CHECK(groups > 0, "non-positive groups is not supported");
  EMBER_CHECK(weight.dim() == 5, "Expected 5-dimensional input for 5-dimensional weight ",
              weight.sizes(), ", but got ", x.dim(), "-dimensional input of size ", x.sizes(),
              " instead");
  EMBER_CHECK(x.size(1) == weight.size(1) * groups, "Given groups=", groups, ", weight of size ",
              weight.sizes(), ", expected input", x.sizes(), " to have ", weight.size(1) * groups,
              " channels, but got ", x.size(1), " channels instead");
  EMBER_CHECK(weight.size(0) % groups == 0, "Given groups=", groups,
              ", expected weight to be divisible by ", groups,
              " at dimension 0, but got weight of size ", weight.sizes(), " instead");
  std::array<int64_t, 3> padded{}, kernel{};
  bool fits = true;
  for (size_t i = 0; i < 3; ++i) {
    padded[i] = x.size(static_cast<int64_t>(i) + 2) + 2 * padding[i];
    kernel[i] = dilation[i] * (weight.size(static_cast<int64_t>(i) + 2) - 1) + 1;
    fits = fits && padded[i] >= kernel[i];
  }
  EMBER_CHECK(fits, "Calculated padded input size per channel: (", padded[0], " x ", padded[1],
              " x ", padded[2], "). Kernel size: (", kernel[0], " x ", kernel[1], " x ", kernel[2],
              "). Kernel size can't be greater than actual input size");
}

// The convolution of a batched, checked input.
Tensor conv3d_batched(const Tensor& x, const Tensor& weight, const std::optional<Tensor>& bias,
                      std::array<int64_t, 3> stride, std::array<int64_t, 3> padding,
                      std::array<int64_t, 3> dilation, int64_t groups) {
  const int64_t n = x.size(0), c = x.size(1), kd = weight.size(2);
  const std::vector<int64_t> depth_pad = {0, 0, 0, 0, padding[0], padding[0]};
  const Tensor padded = constant_pad_nd(x, depth_pad, 0);
  const int64_t out_d = (padded.size(2) - dilation[0] * (kd - 1) - 1) / stride[0] + 1;
  Tensor sum;
  for (int64_t i = 0; i < kd; ++i) {
    const int64_t first = i * dilation[0];
    const Tensor slices = padded.slice(2, first, first + (out_d - 1) * stride[0] + 1, stride[0])
                              .transpose(1, 2)
                              .reshape({n * out_d, c, x.size(3), x.size(4)});
    const Tensor y = conv2d(slices, weight.select(2, i), std::nullopt, {stride[1], stride[2]},
                            {padding[1], padding[2]}, {dilation[1], dilation[2]}, groups);
    sum = sum.defined() ? sum.add(y) : y;
  }
  Tensor out = sum.reshape({n, out_d, sum.size(1), sum.size(2), sum.size(3)}).transpose(1, 2);
  if (bias && bias->defined()) out = out.add(bias->view({1, -1, 1, 1, 1}));
  return out.contiguous();
}

Tensor batched_input(const Tensor& input, bool& batched) {
  EMBER_CHECK(input.dim() == 4 || input.dim() == 5,
              "Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: ",
              input.sizes());
  batched = input.dim() == 5;
  return batched ? input : input.unsqueeze(0);
}

// x with stride - 1 zeros between consecutive elements along dim.
Tensor spread(const Tensor& x, int64_t dim, int64_t stride) {
  const int64_t size = x.size(dim);
  if (stride == 1 || size == 0) return x;
  DimVector zeros_shape;
  for (int64_t i = 0; i < x.dim(); ++i) {
    zeros_shape.push_back(x.size(i));
    if (i == dim) zeros_shape.push_back(stride - 1);
  }
  const Tensor interleaved = cat({x.unsqueeze(dim + 1), zeros(zeros_shape, x.options())}, dim + 1);
  DimVector merged(x.sizes());
  merged[static_cast<size_t>(dim)] = size * stride;
  return interleaved.reshape(merged).narrow(dim, 0, (size - 1) * stride + 1);
}

}  // namespace

Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  bool batched = true;
  const Tensor x = batched_input(input, batched);
  const auto s = expand3(stride, "stride");
  const auto p = expand3(padding, "padding");
  const auto d = expand3(dilation, "dilation");
  check_conv3d_shapes(x, weight, p, d, groups);
  const Tensor out = conv3d_batched(x, weight, bias, s, p, d, groups);
  return batched ? out : out.squeeze(0);
}

Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation, int64_t groups) {
  EMBER_CHECK(padding == "valid" || padding == "same", "Invalid padding string: '", padding, "'");
  if (padding == "valid") {
    const int64_t none = 0;
    return conv3d(input, weight, bias, stride, IntArrayRef(none), dilation, groups);
  }
  const auto s = expand3(stride, "stride");
  const auto d = expand3(dilation, "dilation");
  EMBER_CHECK(s[0] == 1 && s[1] == 1 && s[2] == 1,
              "padding='same' is not supported for strided convolutions");
  bool batched = true;
  const Tensor x = batched_input(input, batched);
  EMBER_CHECK(weight.dim() == 5, "Expected 5-dimensional input for 5-dimensional weight ",
              weight.sizes(), ", but got ", x.dim(), "-dimensional input of size ", x.sizes(),
              " instead");
  // dilation * (k - 1) split evenly; an odd total puts the extra one on the right (by padding
  // the input first), as PyTorch.
  std::array<int64_t, 3> symmetric{};
  std::vector<int64_t> extra(6, 0);
  bool asymmetric = false;
  for (size_t i = 0; i < 3; ++i) {
    const int64_t total = d[i] * (weight.size(static_cast<int64_t>(i) + 2) - 1);
    symmetric[i] = total / 2;
    if (total % 2 != 0) {
      extra[2 * (2 - i) + 1] = 1;
      asymmetric = true;
    }
  }
  const Tensor padded = asymmetric ? constant_pad_nd(x, extra, 0) : x;
  check_conv3d_shapes(padded, weight, symmetric, d, groups);
  const Tensor out = conv3d_batched(padded, weight, bias, s, symmetric, d, groups);
  return batched ? out : out.squeeze(0);
}

Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias, IntArrayRef stride, IntArrayRef padding,
                        IntArrayRef output_padding, int64_t groups, IntArrayRef dilation) {
  EMBER_CHECK(input.dim() == 4 || input.dim() == 5,
              "Expected 4D (unbatched) or 5D (batched) input to conv_transpose3d, but got input of "
              "size: ",
              input.sizes());
  const bool batched = input.dim() == 5;
  const Tensor x = batched ? input : input.unsqueeze(0);
  const auto s = expand3(stride, "stride");
  const auto p = expand3(padding, "padding");
  const auto op = expand3(output_padding, "output_padding");
  const auto d = expand3(dilation, "dilation");
  EMBER_CHECK(groups > 0, "non-positive groups is not supported");
  EMBER_CHECK(weight.dim() == 5, "Expected 5-dimensional input for 5-dimensional weight ",
              weight.sizes(), ", but got ", x.dim(), "-dimensional input of size ", x.sizes(),
              " instead");
  EMBER_CHECK(x.size(1) == weight.size(0), "Given transposed=1, weight of size ", weight.sizes(),
              ", expected input", x.sizes(), " to have ", weight.size(0), " channels, but got ",
              x.size(1), " channels instead");
  bool padding_ok = true;
  for (size_t i = 0; i < 3; ++i) padding_ok = padding_ok && (op[i] < s[i] || op[i] < d[i]);
  EMBER_CHECK(padding_ok,
              "output padding must be smaller than either stride or dilation, but got "
              "output_padding_depth: ",
              op[0], " output_padding_height: ", op[1], " output_padding_width: ", op[2],
              " stride_depth: ", s[0], " stride_height: ", s[1], " stride_width: ", s[2],
              " dilation_depth: ", d[0], " dilation_height: ", d[1], " dilation_width: ", d[2]);
  std::array<int64_t, 3> out{};
  for (size_t i = 0; i < 3; ++i) {
    const auto dim = static_cast<int64_t>(i) + 2;
    out[i] = (x.size(dim) - 1) * s[i] - 2 * p[i] + d[i] * (weight.size(dim) - 1) + op[i] + 1;
  }
  EMBER_CHECK(out[0] >= 1 && out[1] >= 1 && out[2] >= 1, "Given input size per channel: (",
              x.size(2), " x ", x.size(3), " x ", x.size(4),
              "). Calculated output size per channel: (", out[0], " x ", out[1], " x ", out[2],
              "). Output size is too small");

  Tensor padded = spread(spread(spread(x, 2, s[0]), 3, s[1]), 4, s[2]);
  std::vector<int64_t> pad(6);
  for (size_t i = 0; i < 3; ++i) {
    const int64_t before = d[i] * (weight.size(static_cast<int64_t>(i) + 2) - 1) - p[i];
    pad[2 * (2 - i)] = before;
    pad[2 * (2 - i) + 1] = before + op[i];
  }
  padded = constant_pad_nd(padded, pad, 0);
  const int64_t c_in = weight.size(0), c_out_group = weight.size(1);
  const Tensor kernel = weight
                            .reshape({groups, c_in / groups, c_out_group, weight.size(2),
                                      weight.size(3), weight.size(4)})
                            .transpose(1, 2)
                            .reshape({groups * c_out_group, c_in / groups, weight.size(2),
                                      weight.size(3), weight.size(4)})
                            .flip({2, 3, 4});
  const int64_t one = 1, none = 0;
  const Tensor result = conv3d(padded, kernel, bias, IntArrayRef(one), IntArrayRef(none),
                               IntArrayRef(d.data(), 3), groups);
  return batched ? result : result.squeeze(0);
}

namespace nn::functional {

Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& options) {
  return ember::conv_transpose3d(
      input, weight,
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt,
      options.stride(), options.padding(), options.output_padding(), options.groups(),
      options.dilation());
}

Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options) {
  const std::optional<Tensor> bias =
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt;
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kValid>(padding)) {
    return ember::conv3d(input, weight, bias, options.stride(), "valid", options.dilation(),
                         options.groups());
  }
  if (std::holds_alternative<enumtype::kSame>(padding)) {
    return ember::conv3d(input, weight, bias, options.stride(), "same", options.dilation(),
                         options.groups());
  }
  return ember::conv3d(input, weight, bias, options.stride(),
                       IntArrayRef(std::get<ExpandingArray<3>>(padding)), options.dilation(),
                       options.groups());
}

}  // namespace nn::functional

}  // namespace ember
