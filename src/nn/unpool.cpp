// torch::max_unpool2d and F::max_unpool1d/2d, F::lp_pool1d/2d. Unpooling scatters each value to
// its index in a zero output (so its gradient gathers from there); the LP pools are libtorch's
// composition of avg_pool over x^p.
#include <cstdint>
#include <optional>
#include <sstream>
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"

namespace ember {

Tensor max_unpool2d(const Tensor& self, const Tensor& indices, IntArrayRef output_size) {
  EMBER_CHECK(indices.scalar_type() == kLong,
              "elements in indices should be type int64 but got: ", indices.scalar_type());
  EMBER_CHECK(output_size.size() == 2,
              "There should be exactly two elements (height, width) in output_size, but got ",
              output_size.size(), " elements.");
  EMBER_CHECK(self.dim() == 3 || self.dim() == 4,
              "Input to max_unpooling2d should be a 3d or 4d Tensor, but got a tensor with ",
              self.dim(), " dimensions.");
  EMBER_CHECK(self.sizes() == indices.sizes(),
              "Expected shape of indices to be same as that of the input tensor (", self.sizes(),
              ") but got indices tensor with shape: ", indices.sizes());
  for (int64_t i = 1; i < self.dim(); ++i) {
    EMBER_CHECK(self.size(i) > 0,
                "max_unpooling2d_forward_out_cpu(): Expected input to have non-zero size for "
                "non-batch dimensions, but got ",
                self.sizes(), " with dimension ", i, " being empty.");
  }
  const int64_t plane = output_size[0] * output_size[1];
  if (indices.numel() > 0) {
    const Tensor out_of_range = indices.lt(0).logical_or(indices.ge(plane));
    if (out_of_range.any().item<bool>()) {
      // ATen's kernel reports the last invalid index it meets, with its message (which lacks
      // the closing parenthesis).
      const int64_t bad = indices.masked_select(out_of_range).flatten()[-1].item<int64_t>();
      EMBER_CHECK(false, "Found an invalid max index: ", bad, " (output volumes are of size ",
                  output_size[0], "x", output_size[1]);
    }
  }
  const bool batched = self.dim() == 4;
  const Tensor x = batched ? self : self.unsqueeze(0);
  const Tensor index = batched ? indices : indices.unsqueeze(0);
  const Tensor flat =
      zeros({x.size(0), x.size(1), plane}, x.options()).scatter(2, index.flatten(2), x.flatten(2));
  const Tensor result = flat.view({x.size(0), x.size(1), output_size[0], output_size[1]});
  return batched ? result : result.squeeze(0);
}

namespace nn::functional {

namespace {

// libtorch 1.13's _unpool_output_size: the max pool's input size, or output_size's trailing dims
// (read only when it also holds (N, C)) within a stride of it.
std::vector<int64_t> unpool_output_size(const Tensor& input, IntArrayRef kernel_size,
                                        IntArrayRef stride, IntArrayRef padding,
                                        const std::optional<std::vector<int64_t>>& output_size) {
  const size_t dims = kernel_size.size();
  std::vector<int64_t> default_size;
  for (size_t d = 0; d < dims; ++d) {
    default_size.push_back((input.size(static_cast<int64_t>(d) + 2) - 1) * stride[d] +
                           kernel_size[d] - 2 * padding[d]);
  }
  if (!output_size) return default_size;
  std::vector<int64_t> size;
  if (output_size->size() == dims + 2) size.assign(output_size->begin() + 2, output_size->end());
  EMBER_CHECK(size.size() == dims, "output_size should be a sequence containing ", dims, " or ",
              dims + 2, " elements, but it has a length of '", size.size(), "'");
  for (size_t d = 0; d < dims; ++d) {
    const int64_t min_size = default_size[d] - stride[d];
    const int64_t max_size = default_size[d] + stride[d];
    if (!(min_size <= size[d] && size[d] <= max_size)) {
      std::ostringstream sizes;
      for (size_t i = 0; i < size.size(); ++i) sizes << (i ? " " : "") << size[i];
      EMBER_CHECK(false, "invalid output_size ", sizes.str(), " (dim ", d, " must be between ",
                  min_size, " and ", max_size, ")");
    }
  }
  return size;
}

// libtorch's LP pool: (sign(s) * relu(|s|) * window) ^ (1 / p) for s the window's mean of x^p.
Tensor lp_root(const Tensor& mean, double norm_type, int64_t window) {
  return mean.sign().mul(mean.abs().relu()).mul(window).pow(1. / norm_type);
}

}  // namespace

Tensor max_unpool1d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool1dFuncOptions& options) {
  std::vector<int64_t> size = unpool_output_size(input, options.kernel_size(), options.stride(),
                                                 options.padding(), options.output_size());
  size.push_back(1);
  return ember::max_unpool2d(input.unsqueeze(3), indices.unsqueeze(3), size).squeeze(3);
}

Tensor max_unpool2d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool2dFuncOptions& options) {
  return ember::max_unpool2d(input, indices,
                             unpool_output_size(input, options.kernel_size(), options.stride(),
                                                options.padding(), options.output_size()));
}

Tensor lp_pool1d(const Tensor& input, const LPPool1dFuncOptions& options) {
  const int64_t zero = 0;
  const Tensor mean = ember::avg_pool1d(input.pow(options.norm_type()), options.kernel_size(),
                                        options.stride(), IntArrayRef(zero), options.ceil_mode(),
                                        /*count_include_pad=*/true);
  return lp_root(mean, options.norm_type(), (*options.kernel_size())[0]);
}

Tensor lp_pool2d(const Tensor& input, const LPPool2dFuncOptions& options) {
  const int64_t zero = 0;
  const Tensor mean = ember::avg_pool2d(input.pow(options.norm_type()), options.kernel_size(),
                                        options.stride(), IntArrayRef(zero), options.ceil_mode(),
                                        /*count_include_pad=*/true);
  const auto& k = *options.kernel_size();
  return lp_root(mean, options.norm_type(), k[0] * k[1]);
}

}  // namespace nn::functional

}  // namespace ember
