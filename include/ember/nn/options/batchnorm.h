#pragma once
// Options of BatchNorm1d/2d/3d and functional::batch_norm (libtorch's
// torch/nn/options/batchnorm.h). momentum std::nullopt: cumulative moving average.
#include <cstdint>
#include <optional>

#include "ember/core/Tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn {

struct BatchNormOptions {
  BatchNormOptions(int64_t num_features) : num_features_(num_features) {}  // NOLINT: implicit
  EMBER_ARG(int64_t, num_features);
  EMBER_ARG(double, eps) = 1e-5;
  EMBER_ARG(std::optional<double>, momentum) = 0.1;
  // Learnable weight and bias.
  EMBER_ARG(bool, affine) = true;
  // Running mean and variance (used in eval mode); without them batch statistics are always used.
  EMBER_ARG(bool, track_running_stats) = true;
};
using BatchNorm1dOptions = BatchNormOptions;
using BatchNorm2dOptions = BatchNormOptions;
using BatchNorm3dOptions = BatchNormOptions;

namespace functional {
struct BatchNormFuncOptions {
  EMBER_ARG(Tensor, weight) = Tensor();
  EMBER_ARG(Tensor, bias) = Tensor();
  EMBER_ARG(bool, training) = false;
  EMBER_ARG(std::optional<double>, momentum) = 0.1;
  EMBER_ARG(double, eps) = 1e-5;
};
}  // namespace functional

}  // namespace ember::nn
