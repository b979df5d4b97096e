// torch::im2col, torch::col2im and F::unfold, F::fold with ATen's checks and messages, composed of
// strided slices (im2col: block offset (i, j) of every window is one slice of the padded input)
// and of their adjoint (col2im: each offset's values spread back by the stride and padded into
// place, then summed), so that both are differentiable.
#include <array>
#include <cstdint>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

std::array<int64_t, 2> two(IntArrayRef values) {
  if (values.size() == 1) return {values[0], values[0]};
  EMBER_CHECK(values.size() == 2, "It is expected to have 2 elements, but got ", values.size());
  return {values[0], values[1]};
}

void check_block_arguments(const std::array<int64_t, 2>& k, const std::array<int64_t, 2>& d,
                           const std::array<int64_t, 2>& p, const std::array<int64_t, 2>& s) {
  EMBER_CHECK(k[1] > 0 && k[0] > 0,
              "kernel size should be greater than zero, but got kernel_height: ", k[0],
              " kernel_width: ", k[1]);
  EMBER_CHECK(s[1] > 0 && s[0] > 0,
              "stride should be greater than zero, but got stride_height: ", s[0],
              " stride_width: ", s[1]);
  EMBER_CHECK(d[1] > 0 && d[0] > 0,
              "dilation should be greater than zero, but got dilation_height: ", d[0],
              " dilation_width: ", d[1]);
  EMBER_CHECK(p[1] >= 0 && p[0] >= 0, "padding should be non-negative, but got pad_height: ", p[0],
              " pad_width: ", p[1]);
}

// The number of windows along a dim of `size`.
int64_t block_count(int64_t size, int64_t k, int64_t d, int64_t p, int64_t s) {
  return (size + 2 * p - (d * (k - 1) + 1)) / s + 1;
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

Tensor im2col(const Tensor& self, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride) {
  const auto k = two(kernel_size), d = two(dilation), p = two(padding), s = two(stride);
  check_block_arguments(k, d, p, s);
  EMBER_CHECK((self.dim() == 3 || self.dim() == 4) && self.numel() > 0,
              "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
              "but got:",
              self.sizes());
  const bool batched = self.dim() == 4;
  const Tensor x = batched ? self : self.unsqueeze(0);
  const int64_t height = x.size(2), width = x.size(3);
  const int64_t out_h = block_count(height, k[0], d[0], p[0], s[0]);
  const int64_t out_w = block_count(width, k[1], d[1], p[1], s[1]);
  // ATen prints the input's height twice.
  EMBER_CHECK(out_h >= 1 && out_w >= 1, "Given input with spatial size (", height, ", ", height,
              "), kernel_size=(", k[0], ", ", k[1], "), dilation=(", d[0], ", ", d[1],
              "), padding=(", p[0], ", ", p[1],
              "), calculated shape of the array of sliding blocks as (", out_h, ", ", out_w,
              "), but its components must be at least one.");
  const std::vector<int64_t> pad = {p[1], p[1], p[0], p[0]};
  const Tensor padded = constant_pad_nd(x, pad, 0);
  std::vector<Tensor> blocks;
  for (int64_t i = 0; i < k[0]; ++i) {
    for (int64_t j = 0; j < k[1]; ++j) {
      blocks.push_back(padded.slice(2, i * d[0], i * d[0] + (out_h - 1) * s[0] + 1, s[0])
                           .slice(3, j * d[1], j * d[1] + (out_w - 1) * s[1] + 1, s[1]));
    }
  }
  const Tensor columns =
      stack(blocks, 2).reshape({x.size(0), x.size(1) * k[0] * k[1], out_h * out_w});
  return batched ? columns : columns.squeeze(0);
}

Tensor col2im(const Tensor& self, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride) {
  const auto out = two(output_size);
  const auto k = two(kernel_size), d = two(dilation), p = two(padding), s = two(stride);
  check_block_arguments(k, d, p, s);
  EMBER_CHECK((self.dim() == 2 || self.dim() == 3) && self.numel() > 0,
              "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
              "non-zero dimensions for input, but got: ",
              self.sizes());
  const bool batched = self.dim() == 3;
  const Tensor x = batched ? self : self.unsqueeze(0);
  const int64_t planes = x.size(1), length = x.size(2);
  EMBER_CHECK(planes % (k[0] * k[1]) == 0,
              "Expected size of input's dimension 1 to be divisible by the product of "
              "kernel_size, but got input.size(1)=",
              planes, " and kernel_size=(", k[0], ", ", k[1], ").");
  const int64_t blocks_h = block_count(out[0], k[0], d[0], p[0], s[0]);
  const int64_t blocks_w = block_count(out[1], k[1], d[1], p[1], s[1]);
  EMBER_CHECK(length == blocks_h * blocks_w, "Given output_size=(", out[0], ", ", out[1],
              "), kernel_size=(", k[0], ", ", k[1], "), dilation=(", d[0], ", ", d[1],
              "), padding=(", p[0], ", ", p[1], "), stride=(", s[0], ", ", s[1],
              "), expected size of input's dimension 2 to match the calculated number of sliding "
              "blocks ",
              blocks_h, " * ", blocks_w, " = ", blocks_h * blocks_w,
              ", but got input.size(2)=", length, ".");
  EMBER_CHECK(blocks_h >= 1 && blocks_w >= 1, "Given output_size=(", out[0], ", ", out[1],
              "), kernel_size=(", k[0], ", ", k[1], "), dilation=(", d[0], ", ", d[1],
              "), padding=(", p[0], ", ", p[1], "), stride=(", s[0], ", ", s[1],
              "), calculated shape of the array of sliding blocks as (", blocks_h, ", ", blocks_w,
              "), which is too small (non-positive).");
  const int64_t channels = planes / (k[0] * k[1]);
  const Tensor columns = x.reshape({x.size(0), channels, k[0] * k[1], blocks_h, blocks_w});
  const int64_t padded_h = out[0] + 2 * p[0], padded_w = out[1] + 2 * p[1];
  const int64_t span_h = (blocks_h - 1) * s[0] + 1, span_w = (blocks_w - 1) * s[1] + 1;
  Tensor sum;
  for (int64_t i = 0; i < k[0]; ++i) {
    for (int64_t j = 0; j < k[1]; ++j) {
      const Tensor block = spread(spread(columns.select(2, i * k[1] + j), 2, s[0]), 3, s[1]);
      const std::vector<int64_t> place = {j * d[1], padded_w - j * d[1] - span_w, i * d[0],
                                          padded_h - i * d[0] - span_h};
      const Tensor placed = constant_pad_nd(block, place, 0);
      sum = sum.defined() ? sum.add(placed) : placed;
    }
  }
  const Tensor result = sum.narrow(2, p[0], out[0]).narrow(3, p[1], out[1]);
  return batched ? result : result.squeeze(0);
}

namespace nn::functional {

Tensor fold(const Tensor& input, const FoldFuncOptions& options) {
  EMBER_CHECK(input.dim() == 3 || input.dim() == 2,
              "Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ",
              input.dim(), "D)");
  return ember::col2im(input, options.output_size(), options.kernel_size(), options.dilation(),
                       options.padding(), options.stride());
}

Tensor unfold(const Tensor& input, const UnfoldFuncOptions& options) {
  EMBER_CHECK(input.dim() == 4, "Input Error: Only 4D input Tensors are supported (got ",
              input.dim(), "D)");
  return ember::im2col(input, options.kernel_size(), options.dilation(), options.padding(),
                       options.stride());
}

}  // namespace nn::functional

}  // namespace ember
