// torch::max_pool3d, avg_pool3d, adaptive_avg_pool3d and adaptive_max_pool3d with ATen's checks
// and messages, composed of the 2-d pools over each depth slice's (H, W) plane followed by a
// reduction over the depth windows. Boxes are separable: the maximum (or sum) over a box is the
// maximum (sum) over its depth window of the planes' maxima (sums), and the first maximum of the
// first such plane is the first in (d, h, w) order, as PyTorch's kernels pick it.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

// A one- or three-value pooling argument as three values; `message` when it has another count.
std::array<int64_t, 3> three(IntArrayRef values, IntArrayRef fallback, const char* message) {
  if (values.empty()) values = fallback;
  EMBER_CHECK(values.size() == 1 || values.size() == 3, message);
  if (values.size() == 1) return {values[0], values[0], values[0]};
  return {values[0], values[1], values[2]};
}

void check_pool3d_input(const Tensor& self) {
  EMBER_CHECK(self.dim() == 4 || self.dim() == 5,
              "non-empty 4D or 5D (batch mode) tensor expected for input");
}

// ATen's pooling_output_shape: floor (or ceil) of the window count, the last window starting
// inside the input or its left padding.
int64_t pooling_output_size(int64_t in, int64_t k, int64_t pad, int64_t stride, int64_t dilation,
                            bool ceil_mode) {
  EMBER_CHECK(stride != 0, "stride should not be zero");
  EMBER_CHECK(pad >= 0, "pad must be non-negative, but got pad: ", pad);
  EMBER_CHECK(pad <= k / 2, "pad should be at most half of kernel size, but got pad=", pad,
              " and kernel_size=", k);
  const int64_t numerator = in + 2 * pad - dilation * (k - 1) - 1 + (ceil_mode ? stride - 1 : 0);
  int64_t out = (numerator >= 0 ? numerator / stride : -((-numerator + stride - 1) / stride)) + 1;
  if (ceil_mode && (out - 1) * stride >= in + pad) --out;
  return out;
}

void check_output_size(const Tensor& x, const std::array<int64_t, 3>& out) {
  EMBER_CHECK(out[0] >= 1 && out[1] >= 1 && out[2] >= 1, "Given input size: (", x.size(1), "x",
              x.size(2), "x", x.size(3), "x", x.size(4), "). Calculated output size: (", x.size(1),
              "x", out[0], "x", out[1], "x", out[2], "). Output size is too small");
}

// The kernel_size windows of dim 2 (depth) of x, padded by `pad` on the left with `fill` (and on
// the right as far as the last window reaches), as a new last dim of size k.
Tensor depth_windows(const Tensor& x, int64_t k, int64_t stride, int64_t pad, int64_t dilation,
                     int64_t out, double fill) {
  const int64_t needed = (out - 1) * stride + dilation * (k - 1) + 1;
  const std::vector<int64_t> amounts = {0, 0, 0, 0, pad, needed - x.size(2) - pad};
  const Tensor padded = constant_pad_nd(x, amounts, fill);
  std::vector<Tensor> windows;
  for (int64_t i = 0; i < k; ++i) {
    windows.push_back(padded.slice(2, i * dilation, i * dilation + (out - 1) * stride + 1, stride));
  }
  return stack(windows, -1);
}

// (N, C, D, H, W) as (N, C * D, H, W) for the 2-d pools, and back.
Tensor planes(const Tensor& x) {
  return x.reshape({x.size(0), x.size(1) * x.size(2), x.size(3), x.size(4)});
}
Tensor volumes(const Tensor& y, const Tensor& x) {
  return y.reshape({x.size(0), x.size(1), x.size(2), y.size(-2), y.size(-1)});
}

// The window [floor(i * in / out), ceil((i + 1) * in / out)) of adaptive pooling.
std::tuple<int64_t, int64_t> adaptive_window(int64_t i, int64_t in, int64_t out) {
  const int64_t start = i * in / out;
  const int64_t end = ((i + 1) * in + out - 1) / out;
  return {start, end - start};
}

void check_adaptive_input(const Tensor& self, IntArrayRef output_size, const char* op) {
  EMBER_CHECK(output_size.size() == 3, op, ": output_size must be 3");
  EMBER_CHECK(self.dim() == 4 || self.dim() == 5, op, "(): Expected 4D or 5D tensor, but got ",
              self.sizes());
  for (int64_t i = 1; i < self.dim(); ++i) {
    EMBER_CHECK(self.size(i) > 0, op,
                "(): Expected input to have non-zero size for non-batch dimensions, but input has "
                "sizes ",
                self.sizes(), " with dimension ", i, " being empty");
  }
}

}  // namespace

std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  const auto k = three(kernel_size, {},
                       "max_pool3d: kernel_size must either be a single int, or a tuple of three "
                       "ints");
  const auto s = three(stride, kernel_size,
                       "max_pool3d: stride must either be omitted, a single int, or a tuple of "
                       "three ints");
  const auto p = three(padding, {},
                       "max_pool3d: padding must either be a single int, or a tuple of three ints");
  const auto d = three(
      dilation, {}, "max_pool3d: dilation must be either a single int, or a tuple of three ints");
  check_pool3d_input(self);
  const bool batched = self.dim() == 5;
  const Tensor x = batched ? self : self.unsqueeze(0);
  std::array<int64_t, 3> out{};
  for (size_t i = 0; i < 3; ++i) {
    out[i] =
        pooling_output_size(x.size(static_cast<int64_t>(i) + 2), k[i], p[i], s[i], d[i], ceil_mode);
  }
  check_output_size(x, out);

  auto [plane_max, plane_index] = max_pool2d_with_indices(planes(x), {k[1], k[2]}, {s[1], s[2]},
                                                          {p[1], p[2]}, {d[1], d[2]}, ceil_mode);
  const double lowest = -std::numeric_limits<double>::infinity();
  const Tensor windows =
      depth_windows(volumes(plane_max, x), k[0], s[0], p[0], d[0], out[0], lowest);
  const Tensor window_index =
      depth_windows(volumes(plane_index, x), k[0], s[0], p[0], d[0], out[0], 0);
  auto [values, which] = windows.max(-1);
  // The depth of the chosen plane: od * stride - pad + which * dilation.
  DimVector depth_shape(5, 1);
  depth_shape[2] = out[0];
  const Tensor depth =
      arange(out[0], x.options().dtype(kLong)).mul(s[0]).sub(p[0]).view(depth_shape);
  const Tensor chosen_depth = which.mul(d[0]).add(depth);
  const Tensor indices = chosen_depth.mul(x.size(3) * x.size(4))
                             .add(window_index.gather(-1, which.unsqueeze(-1)).squeeze(-1));
  if (!batched) return {values.squeeze(0), indices.squeeze(0)};
  return {values, indices};
}

Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool3d_with_indices(self, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  const auto k = three(kernel_size, {},
                       "avg_pool3d: kernel_size must be a single int, or a tuple of three ints");
  const auto s =
      three(stride, kernel_size,
            "avg_pool3d: stride must be omitted, a single int, or a tuple of three ints");
  const auto p =
      three(padding, {}, "avg_pool3d: padding must be a single int, or a tuple of three ints");
  check_pool3d_input(self);
  EMBER_CHECK(!divisor_override || *divisor_override != 0, "divisor must be not zero");
  const bool batched = self.dim() == 5;
  const Tensor x = batched ? self : self.unsqueeze(0);
  std::array<int64_t, 3> out{};
  for (size_t i = 0; i < 3; ++i) {
    out[i] =
        pooling_output_size(x.size(static_cast<int64_t>(i) + 2), k[i], p[i], s[i], 1, ceil_mode);
  }
  EMBER_CHECK(x.size(2) >= k[0] && x.size(3) >= k[1] && x.size(4) >= k[2],
              "input image (T: ", x.size(2), " H: ", x.size(3), " W: ", x.size(4),
              ") smaller than kernel size (kT: ", k[0], " kH: ", k[1], " kW: ", k[2], ")");
  check_output_size(x, out);

  // Window sums: the planes' sums (a divisor of 1), then summed over the depth windows.
  const Tensor plane_sums =
      avg_pool2d(planes(x), {k[1], k[2]}, {s[1], s[2]}, {p[1], p[2]}, ceil_mode, true, 1);
  const Tensor sums = depth_windows(volumes(plane_sums, x), k[0], s[0], p[0], 1, out[0], 0).sum(-1);

  // The divisor of each output: the override, or the product over dims of the window's length
  // (clipped to the padded input, or to the input without count_include_pad).
  if (divisor_override) {
    const Tensor result = sums.div(static_cast<double>(*divisor_override));
    return batched ? result : result.squeeze(0);
  }
  std::vector<double> divisor(static_cast<size_t>(out[0] * out[1] * out[2]), 1.0);
  std::array<std::vector<double>, 3> lengths;
  for (size_t i = 0; i < 3; ++i) {
    const int64_t in = x.size(static_cast<int64_t>(i) + 2);
    for (int64_t o = 0; o < out[i]; ++o) {
      const int64_t start = o * s[i] - p[i];
      const int64_t end = std::min(start + k[i], in + p[i]);
      const int64_t inside = std::min(end, in) - std::max<int64_t>(start, 0);
      lengths[i].push_back(static_cast<double>(count_include_pad ? end - start : inside));
    }
  }
  size_t at = 0;
  for (double a : lengths[0]) {
    for (double b : lengths[1]) {
      for (double c : lengths[2]) divisor[at++] = a * b * c;
    }
  }
  const Tensor divisors =
      tensor(ArrayRef<double>(divisor)).view({out[0], out[1], out[2]}).to(x.dtype());
  const Tensor result = sums.div(divisors.to(x.device()));
  return batched ? result : result.squeeze(0);
}

Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size) {
  check_adaptive_input(self, output_size, "adaptive_avg_pool3d");
  const bool batched = self.dim() == 5;
  const Tensor x = batched ? self : self.unsqueeze(0);
  const Tensor plane_means =
      volumes(adaptive_avg_pool2d(planes(x), {output_size[1], output_size[2]}), x);
  std::vector<Tensor> means;
  for (int64_t o = 0; o < output_size[0]; ++o) {
    const auto [start, length] = adaptive_window(o, x.size(2), output_size[0]);
    means.push_back(plane_means.narrow(2, start, length).mean({2}, /*keepdim=*/true));
  }
  const Tensor result = cat(means, 2);
  return batched ? result : result.squeeze(0);
}

std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& self, IntArrayRef output_size) {
  check_adaptive_input(self, output_size, "adaptive_max_pool3d");
  const bool batched = self.dim() == 5;
  const Tensor x = batched ? self : self.unsqueeze(0);
  auto [plane_max, plane_index] = adaptive_max_pool2d(planes(x), {output_size[1], output_size[2]});
  const Tensor maxima = volumes(plane_max, x), index = volumes(plane_index, x);
  std::vector<Tensor> values, indices;
  for (int64_t o = 0; o < output_size[0]; ++o) {
    const auto [start, length] = adaptive_window(o, x.size(2), output_size[0]);
    auto [value, which] = maxima.narrow(2, start, length).max(2, /*keepdim=*/true);
    values.push_back(value);
    indices.push_back(which.add(start)
                          .mul(x.size(3) * x.size(4))
                          .add(index.narrow(2, start, length).gather(2, which)));
  }
  Tensor v = cat(values, 2), i = cat(indices, 2);
  if (!batched) return {v.squeeze(0), i.squeeze(0)};
  return {v, i};
}

namespace nn::functional {

namespace {
// The output size with unset sizes replaced by the input's (libtorch's _list_with_default).
std::vector<int64_t> list_with_default(const Tensor& input,
                                       const ExpandingArrayWithOptionalElem<3>& output_size) {
  const auto& out = *output_size;
  EMBER_CHECK(input.dim() > static_cast<int64_t>(out.size()), "Input dimension should be at least ",
              out.size() + 1);
  std::vector<int64_t> size;
  for (size_t i = 0; i < out.size(); ++i) {
    const int64_t d = input.dim() - static_cast<int64_t>(out.size()) + static_cast<int64_t>(i);
    size.push_back(out[i] ? *out[i] : input.size(d));
  }
  return size;
}
}  // namespace

Tensor max_pool3d(const Tensor& input, const MaxPool3dFuncOptions& options) {
  return ember::max_pool3d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.dilation(), options.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input,
                                                   const MaxPool3dFuncOptions& options) {
  return ember::max_pool3d_with_indices(input, options.kernel_size(), options.stride(),
                                        options.padding(), options.dilation(), options.ceil_mode());
}

Tensor avg_pool3d(const Tensor& input, const AvgPool3dFuncOptions& options) {
  return ember::avg_pool3d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.ceil_mode(), options.count_include_pad(),
                           options.divisor_override());
}

Tensor adaptive_avg_pool3d(const Tensor& input, const AdaptiveAvgPool3dFuncOptions& options) {
  return ember::adaptive_avg_pool3d(input, list_with_default(input, options.output_size()));
}

std::tuple<Tensor, Tensor> adaptive_max_pool3d_with_indices(
    const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options) {
  return ember::adaptive_max_pool3d(input, list_with_default(input, options.output_size()));
}

Tensor adaptive_max_pool3d(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool3d_with_indices(input, options));
}

}  // namespace nn::functional

}  // namespace ember
