// torch::alpha_dropout, feature_alpha_dropout and rrelu with their F:: forms. The noise is drawn
// as PyTorch's CPU kernels draw it (a Bernoulli(1 - p) mask of the input's or of an (N, C, 1, ...)
// shape; one uniform double per input <= 0, in memory order), then applied with differentiable
// ops, so gradients are the noise.
#include <cmath>
#include <cstdint>
#include <mutex>
#include <tuple>

#include "ember/core/Generator.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"

namespace ember {

namespace {

void check_probability(double p) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
}

// SELU's negative saturation, -scale * alpha.
constexpr double kAlpha = 1.7580993408473766;

// (multiplier, shift) such that input * multiplier + shift is alpha dropout's output.
std::tuple<Tensor, Tensor> alpha_dropout_noise(const Tensor& input, double p, bool feature) {
  Tensor noise;
  if (feature) {
    EMBER_CHECK(input.dim() >= 2, "Feature dropout requires at least 2 dimensions in the input");
    DimVector sizes(static_cast<size_t>(input.dim()), 1);
    sizes[0] = input.size(0);
    sizes[1] = input.size(1);
    noise = empty(sizes, input.options());
  } else {
    noise = empty(input.sizes(), input.options());
  }
  noise.bernoulli_(1 - p);
  const double a = 1. / std::sqrt((kAlpha * kAlpha * p + 1) * (1 - p));
  Tensor shift = noise.add(-1).mul_(kAlpha * a).add_(kAlpha * a * p);
  noise.mul_(a);
  return {noise, shift};
}

Tensor alpha_dropout_impl(const Tensor& input, double p, bool train, bool feature) {
  check_probability(p);
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input.mul(zeros({}, input.options()));
  auto [multiplier, shift] = alpha_dropout_noise(input, p, feature);
  return input.mul(multiplier).add(shift);
}

Tensor& alpha_dropout_impl_(Tensor& self, double p, bool train, bool feature) {
  check_probability(p);
  if (p == 0 || !train || self.numel() == 0) return self;
  if (p == 1) return self.mul_(zeros({}, self.options()));
  auto [multiplier, shift] = alpha_dropout_noise(self, p, feature);
  return self.mul_(multiplier).add_(shift);
}

// The slopes of rrelu in training: 1 for inputs > 0, else uniform in [lower, upper] (the bounds
// first rounded to the input's dtype, as PyTorch's kernel).
template <typename scalar_t>
void draw_rrelu_noise(const Tensor& input, const Tensor& noise, double lower, double upper,
                      CPUGeneratorImpl* gen) {
  const auto low = static_cast<double>(static_cast<scalar_t>(lower));
  const auto high = static_cast<double>(static_cast<scalar_t>(upper));
  const scalar_t* in = input.data_ptr<scalar_t>();
  scalar_t* out = noise.data_ptr<scalar_t>();
  std::lock_guard<std::mutex> lock(gen->mutex);
  for (int64_t i = 0; i < input.numel(); ++i) {
    if (in[i] <= 0) {
      const double u = static_cast<double>(gen->random64() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
      out[i] = static_cast<scalar_t>(u * (high - low) + low);
    } else {
      out[i] = 1;
    }
  }
}

Tensor rrelu_noise(const Tensor& self, double lower, double upper,
                   const std::optional<Generator>& generator) {
  const Tensor input = self.detach().cpu().contiguous();
  Tensor noise = empty(input.sizes(), input.options());
  CPUGeneratorImpl* gen = generator ? generator->impl() : detail::getDefaultCPUGenerator().impl();
  if (input.dtype() == kFloat) {
    draw_rrelu_noise<float>(input, noise, lower, upper, gen);
  } else if (input.dtype() == kDouble) {
    draw_rrelu_noise<double>(input, noise, lower, upper, gen);
  } else {
    EMBER_CHECK(false, "\"rrelu_with_noise_out_cpu\" not implemented for '", input.scalar_type(), "'");
  }
  return noise.to(self.device());
}

void check_rrelu_bounds(double lower, double upper) {
  EMBER_CHECK(lower <= upper, "Lower bound should be less than or equal to the upper bound");
}

}  // namespace

Tensor alpha_dropout(const Tensor& input, double p, bool train) {
  return alpha_dropout_impl(input, p, train, /*feature=*/false);
}
Tensor& alpha_dropout_(Tensor& self, double p, bool train) {
  return alpha_dropout_impl_(self, p, train, /*feature=*/false);
}
Tensor feature_alpha_dropout(const Tensor& input, double p, bool train) {
  return alpha_dropout_impl(input, p, train, /*feature=*/true);
}
Tensor& feature_alpha_dropout_(Tensor& self, double p, bool train) {
  return alpha_dropout_impl_(self, p, train, /*feature=*/true);
}

Tensor rrelu(const Tensor& self, const Scalar& lower, const Scalar& upper, bool training,
             std::optional<Generator> generator) {
  const double low = lower.to<double>(), high = upper.to<double>();
  check_rrelu_bounds(low, high);
  if (!training) return leaky_relu(self, (low + high) / 2);
  return self.mul(rrelu_noise(self, low, high, generator));
}

Tensor& rrelu_(Tensor& self, const Scalar& lower, const Scalar& upper, bool training,
               std::optional<Generator> generator) {
  const double low = lower.to<double>(), high = upper.to<double>();
  check_rrelu_bounds(low, high);
  if (!training) return leaky_relu_(self, (low + high) / 2);
  return self.mul_(rrelu_noise(self, low, high, generator));
}

namespace nn::functional {

Tensor alpha_dropout(Tensor input, const AlphaDropoutFuncOptions& options) {
  check_probability(options.p());
  if (options.inplace()) return ember::alpha_dropout_(input, options.p(), options.training());
  return ember::alpha_dropout(input, options.p(), options.training());
}

Tensor feature_alpha_dropout(Tensor input, const FeatureAlphaDropoutFuncOptions& options) {
  check_probability(options.p());
  if (options.inplace()) {
    return ember::feature_alpha_dropout_(input, options.p(), options.training());
  }
  return ember::feature_alpha_dropout(input, options.p(), options.training());
}

Tensor rrelu(Tensor input, const RReLUFuncOptions& options) {
  if (options.inplace()) {
    return ember::rrelu_(input, options.lower(), options.upper(), options.training());
  }
  return ember::rrelu(input, options.lower(), options.upper(), options.training());
}

}  // namespace nn::functional

}  // namespace ember
