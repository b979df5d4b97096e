#pragma once
// Options of InstanceNorm1d/2d/3d and functional::instance_norm (libtorch's
// torch/nn/options/instancenorm.h). Unlike BatchNorm, affine and track_running_stats default to
// false.
#include <cstdint>

#include "ember/core/Tensor.h"
#include "ember/nn/arg.h"

namespace ember::nn {

struct InstanceNormOptions {
  InstanceNormOptions(int64_t num_features) : num_features_(num_features) {}  // NOLINT: implicit
  EMBER_ARG(int64_t, num_features);
  EMBER_ARG(double, eps) = 1e-5;
  EMBER_ARG(double, momentum) = 0.1;
  // Learnable per-channel weight (ones) and bias (zeros).
  EMBER_ARG(bool, affine) = false;
  // Running mean and variance, updated in training and used in eval mode.
  EMBER_ARG(bool, track_running_stats) = false;
};
using InstanceNorm1dOptions = InstanceNormOptions;
using InstanceNorm2dOptions = InstanceNormOptions;
using InstanceNorm3dOptions = InstanceNormOptions;

namespace functional {
struct InstanceNormFuncOptions {
  EMBER_ARG(Tensor, running_mean) = Tensor();
  EMBER_ARG(Tensor, running_var) = Tensor();
  EMBER_ARG(Tensor, weight) = Tensor();
  EMBER_ARG(Tensor, bias) = Tensor();
  // false: normalize with the running statistics.
  EMBER_ARG(bool, use_input_stats) = true;
  EMBER_ARG(double, momentum) = 0.1;
  EMBER_ARG(double, eps) = 1e-5;
};
}  // namespace functional

}  // namespace ember::nn
