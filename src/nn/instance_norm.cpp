// torch::instance_norm, F::instance_norm and F::local_response_norm, composed of batch_norm and
// differentiable ops.
#include <cstdint>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember {

Tensor instance_norm(const Tensor& input, const std::optional<Tensor>& weight,
                     const std::optional<Tensor>& bias, const std::optional<Tensor>& running_mean,
                     const std::optional<Tensor>& running_var, bool use_input_stats,
                     double momentum, double eps, bool cudnn_enabled) {
  auto defined = [](const std::optional<Tensor>& t) { return t && t->defined(); };
  EMBER_CHECK(use_input_stats || (defined(running_mean) && defined(running_var)),
              "Expected running_mean and running_var to be defined when use_input_stats is false");
  const int64_t batch = input.size(0), channels = input.size(1);
  // Each sample's channels become channels of one sample: per-channel values repeat per sample.
  auto repeated = [&](const std::optional<Tensor>& t) -> std::optional<Tensor> {
    if (!defined(t)) return std::nullopt;
    return t->repeat({batch});
  };
  std::optional<Tensor> mean_ = repeated(running_mean), var_ = repeated(running_var);
  DimVector shape(input.sizes());
  shape[0] = 1;
  shape[1] = batch * channels;
  const Tensor out = batch_norm(input.contiguous().view(shape), repeated(weight), repeated(bias),
                                mean_, var_, use_input_stats, momentum, eps, cudnn_enabled);
  {
    NoGradGuard no_grad;
    if (defined(running_mean)) running_mean->copy_(mean_->view({batch, channels}).mean({0}));
    if (defined(running_var)) running_var->copy_(var_->view({batch, channels}).mean({0}));
  }
  return out.view(input.sizes());
}

namespace nn::functional {

Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options) {
  auto opt = [](const Tensor& t) { return t.defined() ? std::optional<Tensor>(t) : std::nullopt; };
  return ember::instance_norm(input, opt(options.weight()), opt(options.bias()),
                              opt(options.running_mean()), opt(options.running_var()),
                              options.use_input_stats(), options.momentum(), options.eps());
}

Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options) {
  EMBER_CHECK(input.dim() >= 3, "Expected 3D or higher dimensionality input (got ", input.dim(),
              " dimensions)");
  const int64_t size = options.size();
  // The mean of the squares over channels c - size / 2 .. c + (size - 1) / 2, zeros outside.
  std::vector<int64_t> pad(static_cast<size_t>(2 * (input.dim() - 1)), 0);
  pad[pad.size() - 2] = size / 2;
  pad[pad.size() - 1] = (size - 1) / 2;
  const Tensor squares = constant_pad_nd(input.mul(input), pad, 0);
  Tensor sum = squares.narrow(1, 0, input.size(1));
  for (int64_t i = 1; i < size; ++i) sum = sum.add(squares.narrow(1, i, input.size(1)));
  const Tensor div =
      sum.div(static_cast<double>(size)).mul(options.alpha()).add(options.k()).pow(options.beta());
  return input.div(div);
}

}  // namespace nn::functional

}  // namespace ember
