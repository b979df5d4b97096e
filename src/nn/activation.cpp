// The activations behind nn::functional that ember has no kernel for (torch::leaky_relu,
// torch::elu, torch::softplus, torch::hardtanh, torch::prelu, torch::glu, ...) and
// torch::feature_dropout,
// composed of differentiable ops so that their gradients are PyTorch's formulas: each branch not
// taken is clamped first, so that its unused value cannot turn the gradient into NaN.
#include <cstdint>

#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"

namespace ember {

namespace {
// A 0-d tensor of value in x's dtype and device.
Tensor scalar_like(const Tensor& x, double value) { return full({}, value, x.options()); }

// The in-place form of an out-of-place function: computed on a copy (whose saved values no later
// write touches), then written into self, which gets the result's history.
template <class Function>
Tensor& in_place(Tensor& self, Function&& function) {
  self.copy_(function(self.clone()));
  return self;
}

// One Bernoulli(1 - p) / (1 - p) factor per (sample, channel), drawn from the global generator
// as PyTorch's make_feature_noise.
Tensor feature_dropout_noise(const Tensor& input, double p) {
  EMBER_CHECK(input.dim() >= 2, "Feature dropout requires at least 2 dimensions in the input");
  DimVector sizes(static_cast<size_t>(input.dim()), 1);
  sizes[0] = input.size(0);
  sizes[1] = input.size(1);
  Tensor noise = empty(sizes, input.options());
  noise.bernoulli_(1 - p);
  noise.div_(1 - p);
  return noise;
}

// PyTorch's SELU constants.
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
}  // namespace

Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope) {
  // Gradient grad * (self > 0 ? 1 : negative_slope), as PyTorch's leaky_relu_backward.
  const Tensor factor =
      where(self > 0, scalar_like(self, 1), scalar_like(self, negative_slope.to<double>()));
  return self.mul(factor);
}

Tensor& leaky_relu_(Tensor& self, const Scalar& negative_slope) {
  return in_place(self, [&](const Tensor& x) { return leaky_relu(x, negative_slope); });
}

Tensor elu(const Tensor& self, const Scalar& alpha, const Scalar& scale,
           const Scalar& input_scale) {
  const double negative_coefficient = alpha.to<double>() * scale.to<double>();
  const Tensor negative =
      self.clamp_max(0).mul(input_scale).expm1().mul(scalar_like(self, negative_coefficient));
  return where(self > 0, self.mul(scale), negative);
}

Tensor& elu_(Tensor& self, const Scalar& alpha, const Scalar& scale, const Scalar& input_scale) {
  return in_place(self, [&](const Tensor& x) { return elu(x, alpha, scale, input_scale); });
}

Tensor selu(const Tensor& self) { return elu(self, kSeluAlpha, kSeluScale, 1); }

Tensor& selu_(Tensor& self) { return elu_(self, kSeluAlpha, kSeluScale, 1); }

Tensor softplus(const Tensor& self, const Scalar& beta, const Scalar& threshold) {
  const Tensor scaled = self.mul(beta);
  const Tensor soft = scaled.clamp_max(threshold).exp().log1p().div(beta);
  return where(scaled > threshold, self, soft);
}

Tensor hardtanh(const Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  // Gradient zero at and beyond the bounds, as PyTorch's hardtanh_backward (clamp's passes it
  // at the bounds); NaN passes through with its gradient.
  const Tensor outside = (self <= min_val).logical_or(self >= max_val);
  return where(outside, self.detach().clamp(min_val, max_val), self);
}

Tensor& hardtanh_(Tensor& self, const Scalar& min_val, const Scalar& max_val) {
  return in_place(self, [&](const Tensor& x) { return hardtanh(x, min_val, max_val); });
}

Tensor relu6(const Tensor& self) { return hardtanh(self, 0, 6); }

Tensor& relu6_(Tensor& self) { return hardtanh_(self, 0, 6); }

Tensor prelu(const Tensor& self, const Tensor& weight) {
  const int64_t weight_num = weight.numel();
  if (weight_num != 1) {
    EMBER_CHECK(self.dim() > 0, "Not allow zero-dim input tensor.");
    const int64_t channel_size = self.dim() > 1 ? self.size(1) : 1;
    EMBER_CHECK(channel_size == weight_num,
                "Mismatch of parameter numbers and input channel size. Found parameter numbers = ",
                weight_num, " and channel size = ", channel_size, ".");
  }
  EMBER_CHECK(
      weight.dim() <= 1,
      "prelu: Expected `weight` to be a scalar or 1D tensor, but got ndim = ", weight.dim());
  // The weight along dim 1, broadcast over the others.
  DimVector shape(static_cast<size_t>(self.dim()), 1);
  if (weight_num != 1) shape[1] = weight_num;
  const Tensor w = weight.reshape(shape);
  return where(self > 0, self, w.mul(self));
}

Tensor hardshrink(const Tensor& self, const Scalar& lambd) {
  const Tensor inside = (self >= -lambd.to<double>()).logical_and(self <= lambd);
  return where(inside, zeros_like(self), self);
}

Tensor softshrink(const Tensor& self, const Scalar& lambd) {
  const double l = lambd.to<double>();
  EMBER_CHECK(l >= 0, "lambda must be greater or equal to 0, but found to be ", l, ".");
  return where(self > l, self - l, where(self < -l, self + l, zeros_like(self)));
}

Tensor threshold(const Tensor& self, const Scalar& threshold, const Scalar& value) {
  return where(self > threshold, self, scalar_like(self, value.to<double>()));
}

Tensor& threshold_(Tensor& self, const Scalar& threshold, const Scalar& value) {
  return in_place(self, [&](const Tensor& x) { return ember::threshold(x, threshold, value); });
}

Tensor glu(const Tensor& self, int64_t dim) {
  const int64_t d = dim < 0 ? dim + self.dim() : dim;
  const int64_t size = self.size(d);
  EMBER_CHECK(size % 2 == 0, "Halving dimension must be even, but dimension ", d, " is size ",
              size);
  return self.narrow(d, 0, size / 2) * self.narrow(d, size / 2, size / 2).sigmoid();
}

Tensor mish(const Tensor& self) { return self * softplus(self, 1, 20).tanh(); }

Tensor celu(const Tensor& self, const Scalar& alpha) {
  const double a = alpha.to<double>();
  EMBER_CHECK(a != 0, "ZeroDivisionError: alpha cannot be 0 for CELU");
  return elu(self, alpha, 1.0, 1.0 / a);
}

Tensor& celu_(Tensor& self, const Scalar& alpha) {
  return in_place(self, [&](const Tensor& x) { return celu(x, alpha); });
}

Tensor feature_dropout(const Tensor& input, double p, bool train) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input.mul(zeros({}, input.options()));
  return input.mul(feature_dropout_noise(input, p));
}

Tensor& feature_dropout_(Tensor& self, double p, bool train) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
  if (p == 0 || !train || self.numel() == 0) return self;
  if (p == 1) return self.mul_(zeros({}, self.options()));
  return self.mul_(feature_dropout_noise(self, p));
}

}  // namespace ember
