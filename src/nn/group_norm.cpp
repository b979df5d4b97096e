// torch::group_norm and nn::functional::group_norm: the channels split into groups, each sample's
// group normalized by its own mean and biased variance, then the per-channel affine map.
#include <vector>

#include "ember/nn/functional.h"
#include "ember/ops/elementwise.h"

namespace ember {

Tensor group_norm(const Tensor& input, int64_t num_groups, const std::optional<Tensor>& weight,
                  const std::optional<Tensor>& bias, double eps, bool /*cudnn_enabled*/) {
  EMBER_CHECK(input.dim() >= 2, "Expected at least 2 dimensions for input tensor but received ",
              input.dim());
  const int64_t n = input.size(0), c = input.size(1);
  EMBER_CHECK(num_groups > 0 && c % num_groups == 0,
              "Expected number of channels in input to be divisible by num_groups, but got input "
              "of shape ",
              input.sizes(), " and num_groups=", num_groups);
  const bool has_weight = weight && weight->defined(), has_bias = bias && bias->defined();
  EMBER_CHECK(!has_weight || (weight->dim() == 1 && weight->numel() == c),
              "Expected weight to be a vector of size equal to the number of channels in input, "
              "but got weight of shape ",
              weight->sizes(), " and input of shape ", input.sizes());
  EMBER_CHECK(!has_bias || (bias->dim() == 1 && bias->numel() == c),
              "Expected bias to be a vector of size equal to the number of channels in input, but "
              "got bias of shape ",
              bias->sizes(), " and input of shape ", input.sizes());
  const Tensor groups = input.reshape({n, num_groups, -1});
  const int64_t last[] = {-1};
  const Tensor mean = groups.mean(last, /*keepdim=*/true);
  const Tensor var = groups.var(last, /*unbiased=*/false, /*keepdim=*/true);
  Tensor out = ((groups - mean) * (var + eps).rsqrt()).reshape(input.sizes());
  // The affine map along dim 1.
  std::vector<int64_t> channel_shape(static_cast<size_t>(input.dim()), 1);
  channel_shape[1] = c;
  if (has_weight) out = out * weight->reshape(channel_shape);
  if (has_bias) out = out + bias->reshape(channel_shape);
  return out;
}

namespace nn::functional {

Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options) {
  const auto opt = [](const Tensor& t) {
    return t.defined() ? std::optional<Tensor>(t) : std::nullopt;
  };
  return ember::group_norm(input, options.num_groups(), opt(options.weight()), opt(options.bias()),
                           options.eps());
}

}  // namespace nn::functional

}  // namespace ember
