// batch_norm and layer_norm (PyTorch 1.13's aten/src/ATen/native/Normalization.cpp and
// layer_norm.cpp checks), composed of differentiable ops. Like PyTorch's CPU kernels, the output
// is input * alpha + beta with per-channel alpha = invstd * weight, beta = bias - mean * alpha.
#include <cmath>
#include <sstream>

#include "ember/autograd/grad_mode.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"

namespace ember {

namespace {

Tensor defined_or_empty(const std::optional<Tensor>& t) {
  return t && t->defined() ? *t : Tensor();
}

void check_num_features(const char* name, int64_t expected, int64_t actual) {
  EMBER_CHECK(actual == expected, name, " should contain ", expected, " elements not ", actual);
}

}  // namespace

Tensor batch_norm(const Tensor& input, const std::optional<Tensor>& weight_opt,
                  const std::optional<Tensor>& bias_opt,
                  const std::optional<Tensor>& running_mean_opt,
                  const std::optional<Tensor>& running_var_opt, bool training, double momentum,
                  double eps, bool /*cudnn_enabled*/) {
  const Tensor weight = defined_or_empty(weight_opt), bias = defined_or_empty(bias_opt);
  Tensor running_mean = defined_or_empty(running_mean_opt);
  Tensor running_var = defined_or_empty(running_var_opt);
  EMBER_CHECK(input.dim() >= 2, "Expected at least 2 input dimensions, but got ", input.dim());
  const int64_t num_features = input.size(1);
  if (running_mean.defined()) {
    check_num_features("running_mean", num_features, running_mean.numel());
  } else {
    EMBER_CHECK(training, "running_mean must be defined in evaluation mode");
  }
  if (running_var.defined()) {
    check_num_features("running_var", num_features, running_var.numel());
  } else {
    EMBER_CHECK(training, "running_var must be defined in evaluation mode");
  }
  if (weight.defined()) check_num_features("weight", num_features, weight.numel());
  if (bias.defined()) check_num_features("bias", num_features, bias.numel());

  // Statistics over every dim but the channel dim; per-channel values broadcast as (1, C, 1, ..).
  DimVector reduce_dims{0};
  for (int64_t d = 2; d < input.dim(); ++d) reduce_dims.push_back(d);
  DimVector channel_shape(input.dim(), 1);
  channel_shape[1] = num_features;

  Tensor mean, invstd;
  if (training) {
    mean = input.mean(reduce_dims);
    const Tensor var = input.var(reduce_dims, /*unbiased=*/false);
    invstd = (var + eps).rsqrt();
    if (running_mean.defined() || running_var.defined()) {
      // running = momentum * batch + (1 - momentum) * running; the variance unbiased.
      NoGradGuard no_grad;
      if (running_mean.defined()) {
        running_mean.copy_(mean.detach() * momentum + running_mean * (1 - momentum));
      }
      if (running_var.defined()) {
        const Tensor unbiased = input.detach().var(reduce_dims, /*unbiased=*/true);
        running_var.copy_(unbiased * momentum + running_var * (1 - momentum));
      }
    }
  } else {
    mean = running_mean;
    invstd = (running_var + eps).rsqrt();
  }
  Tensor alpha = weight.defined() ? invstd * weight : invstd;
  Tensor beta = bias.defined() ? bias - mean * alpha : -(mean * alpha);
  return input * alpha.view(channel_shape) + beta.view(channel_shape);
}

Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape,
                  const std::optional<Tensor>& weight_opt, const std::optional<Tensor>& bias_opt,
                  double eps, bool /*cudnn_enable*/) {
  const Tensor weight = defined_or_empty(weight_opt), bias = defined_or_empty(bias_opt);
  const auto normalized_ndim = static_cast<int64_t>(normalized_shape.size());
  EMBER_CHECK(normalized_ndim >= 1,
              "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
              "one element, but got normalized_shape = ",
              normalized_shape);
  EMBER_CHECK(!weight.defined() || weight.sizes() == normalized_shape,
              "Expected weight to be of same shape as normalized_shape, but got weight of shape ",
              weight.sizes(), " and normalized_shape = ", normalized_shape);
  EMBER_CHECK(!bias.defined() || bias.sizes() == normalized_shape,
              "Expected bias to be of same shape as normalized_shape, but got bias of shape ",
              bias.sizes(), " and normalized_shape = ", normalized_shape);
  const int64_t input_ndim = input.dim();
  if (input_ndim < normalized_ndim ||
      input.sizes().slice(input_ndim - normalized_ndim, normalized_ndim) != normalized_shape) {
    std::ostringstream ss;
    ss << "Given normalized_shape=" << normalized_shape << ", expected input with shape [*";
    for (int64_t size : normalized_shape) ss << ", " << size;
    ss << "], but got input of size" << input.sizes();
    throw Error(ss.str());
  }
  DimVector dims;
  for (int64_t d = input_ndim - normalized_ndim; d < input_ndim; ++d) dims.push_back(d);
  const Tensor mean = input.mean(dims, /*keepdim=*/true);
  const Tensor rstd = (input.var(dims, /*unbiased=*/false, /*keepdim=*/true) + eps).rsqrt();
  Tensor out = (input - mean) * rstd;
  if (weight.defined()) out = out * weight;
  if (bias.defined()) out = out + bias;
  return out;
}

namespace nn::functional {

Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 2, "Expected at least 2 input dimensions, but got ", input.dim());
  if (options.training()) {
    // One value per channel has no variance.
    int64_t size_prods = input.size(0);
    for (int64_t d = 2; d < input.dim(); ++d) size_prods *= input.size(d);
    EMBER_CHECK(size_prods != 1,
                "Expected more than 1 value per channel when training, got input size ",
                input.sizes());
  }
  auto opt = [](const Tensor& t) { return t.defined() ? std::optional<Tensor>(t) : std::nullopt; };
  return ember::batch_norm(input, opt(options.weight()), opt(options.bias()), opt(running_mean),
                           opt(running_var), options.training(), options.momentum().value_or(0.0),
                           options.eps());
}

Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options) {
  auto opt = [](const Tensor& t) { return t.defined() ? std::optional<Tensor>(t) : std::nullopt; };
  return ember::layer_norm(input, options.normalized_shape(), opt(options.weight()),
                           opt(options.bias()), options.eps());
}

}  // namespace nn::functional

}  // namespace ember
