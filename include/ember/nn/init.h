#pragma once
// nn::init: libtorch's parameter initializers. Each fills its tensor in place without recording
// history (NoGradGuard) and returns it; the random ones draw PyTorch's streams, so after
// torch::manual_seed(s) they give PyTorch's values.
#include <cstdint>
#include <tuple>
#include <variant>

#include "ember/core/Tensor.h"
#include "ember/nn/enum.h"

namespace ember::nn::init {

using NonlinearityType =
    std::variant<enumtype::kLinear, enumtype::kConv1D, enumtype::kConv2D, enumtype::kConv3D,
                 enumtype::kConvTranspose1D, enumtype::kConvTranspose2D, enumtype::kConvTranspose3D,
                 enumtype::kSigmoid, enumtype::kTanh, enumtype::kReLU, enumtype::kLeakyReLU>;
using FanModeType = std::variant<enumtype::kFanIn, enumtype::kFanOut>;

// The recommended gain for a nonlinearity (param: LeakyReLU's negative slope): 5/3 for tanh,
// sqrt(2) for ReLU, sqrt(2 / (1 + param^2)) for LeakyReLU, 1 otherwise.
double calculate_gain(NonlinearityType nonlinearity, double param = 0.01);

Tensor constant_(Tensor tensor, Scalar value);
Tensor ones_(Tensor tensor);
Tensor zeros_(Tensor tensor);
// The identity matrix (2-D tensors).
Tensor eye_(Tensor matrix);
Tensor normal_(Tensor tensor, double mean = 0, double std = 1);
Tensor uniform_(Tensor tensor, double low = 0, double high = 1);

// He initialization: uniform in [-b, b] with b = gain * sqrt(3 / fan) (kaiming_uniform_), or
// normal with std gain / sqrt(fan) (kaiming_normal_); a is LeakyReLU's negative slope.
Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanModeType mode = ember::kFanIn,
                        NonlinearityType nonlinearity = ember::kLeakyReLU);
Tensor kaiming_normal_(Tensor tensor, double a = 0, FanModeType mode = ember::kFanIn,
                       NonlinearityType nonlinearity = ember::kLeakyReLU);
// Glorot initialization: std = gain * sqrt(2 / (fan_in + fan_out)).
Tensor xavier_uniform_(Tensor tensor, double gain = 1.0);
Tensor xavier_normal_(Tensor tensor, double gain = 1.0);

// (fan_in, fan_out): dims 1 and 0 times the receptive field size (the product of dims 2..).
std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor);

}  // namespace ember::nn::init
