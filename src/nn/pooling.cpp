// torch::max_pool1d, torch::avg_pool1d, torch::adaptive_avg_pool1d, torch::adaptive_max_pool1d
// (the 2-d pools on a height of 1, as PyTorch computes them) and torch::adaptive_max_pool2d,
// composed of max reductions over the windows so that the gradient reaches each window's maximum
// alone.
#include <cstdint>
#include <tuple>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/conv.h"
#include "ember/ops/shape.h"

namespace ember {

namespace {

// A 1-d pooling argument (empty, or one value) with the height-1 value in front, for the 2-d op.
std::vector<int64_t> with_unit_height(IntArrayRef values, int64_t unit) {
  if (values.empty()) return {};
  std::vector<int64_t> result = {unit};
  result.insert(result.end(), values.begin(), values.end());
  return result;
}

void check_max_pool1d_input(const Tensor& self) {
  EMBER_CHECK(self.dim() == 2 || self.dim() == 3,
              "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
              "for input, but got:",
              self.sizes());
}

// ATen's checkDimRange(2, 3) message.
void check_1d_pool_input(const Tensor& self, const char* op) {
  EMBER_CHECK(self.dim() == 2 || self.dim() == 3, "Expected 2 to 3 dimensions, but got ",
              self.dim(),
              "-dimensional tensor for argument #1 'self' (while checking arguments for ", op, ")");
}

// The maxima over the adaptive windows of dim (the window of output i spans
// [floor(i * in / out), ceil((i + 1) * in / out))), with the index of each along dim.
std::tuple<Tensor, Tensor> adaptive_max_along(const Tensor& self, int64_t dim, int64_t out) {
  const int64_t in = self.size(dim);
  std::vector<Tensor> values, indices;
  for (int64_t i = 0; i < out; ++i) {
    const int64_t start = i * in / out;
    const int64_t end = ((i + 1) * in + out - 1) / out;
    auto [value, index] = self.narrow(dim, start, end - start).max(dim, /*keepdim=*/true);
    values.push_back(value);
    indices.push_back(index.add(start));
  }
  return {cat(values, dim), cat(indices, dim)};
}

}  // namespace

Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  check_max_pool1d_input(self);
  return max_pool2d(self.unsqueeze(-2), with_unit_height(kernel_size, 1),
                    with_unit_height(stride, 1), with_unit_height(padding, 0),
                    with_unit_height(dilation, 1), ceil_mode)
      .squeeze(-2);
}

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  check_max_pool1d_input(self);
  auto [values, indices] = max_pool2d_with_indices(
      self.unsqueeze(-2), with_unit_height(kernel_size, 1), with_unit_height(stride, 1),
      with_unit_height(padding, 0), with_unit_height(dilation, 1), ceil_mode);
  return {values.squeeze(-2), indices.squeeze(-2)};  // the row is 0: h * W + w is w
}

Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad) {
  check_1d_pool_input(self, "avg_pool1d");
  return avg_pool2d(self.unsqueeze(-2), with_unit_height(kernel_size, 1),
                    with_unit_height(stride, 1), with_unit_height(padding, 0), ceil_mode,
                    count_include_pad)
      .squeeze(-2);
}

Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size) {
  check_1d_pool_input(self, "adaptive_avg_pool1d");
  EMBER_CHECK(output_size.size() == 1, "adaptive_avg_pool1d: output_size must be 1");
  return adaptive_avg_pool2d(self.unsqueeze(-2), {1, output_size[0]}).squeeze(-2);
}

std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size) {
  check_1d_pool_input(self, "adaptive_max_pool1d");
  EMBER_CHECK(output_size.size() == 1, "adaptive_max_pool1d: output_size must be 1");
  auto [values, indices] = adaptive_max_pool2d(self.unsqueeze(-2), {1, output_size[0]});
  return {values.squeeze(-2), indices.squeeze(-2)};  // the row is 0: h * W + w is w
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size) {
  const int64_t ndim = self.dim();
  EMBER_CHECK(ndim == 3 || ndim == 4,
              "adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ", self.sizes());
  for (int64_t i = 1; i < ndim; ++i) {
    EMBER_CHECK(self.size(i) > 0,
                "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch "
                "dimensions, but input has sizes ",
                self.sizes(), " with dimension ", i, " being empty");
  }
  EMBER_CHECK(output_size.size() == 2,
              "adaptive_max_pool2d(): internal error: output_size.size() must be 2");
  // Columns first, then rows: the first maximum in row-major order wins, as PyTorch's kernel.
  auto [row_max, columns] = adaptive_max_along(self, -1, output_size[1]);
  auto [values, rows] = adaptive_max_along(row_max, -2, output_size[0]);
  const Tensor indices = rows.mul(self.size(-1)).add(columns.gather(-2, rows));
  return {values, indices};
}

}  // namespace ember
