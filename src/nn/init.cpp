// nn::init, as libtorch's torch/csrc/api/src/nn/init.cpp (same formulas as Python's
// torch.nn.init).
#include "ember/nn/init.h"

#include <cmath>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"

namespace ember::nn::init {

namespace {

struct Fan {
  explicit Fan(const Tensor& tensor) {
    const int64_t dims = tensor.dim();
    EMBER_CHECK(dims >= 2,
                "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
    if (dims == 2) {
      in = tensor.size(1);
      out = tensor.size(0);
    } else {
      const int64_t receptive = tensor[0][0].numel();
      in = tensor.size(1) * receptive;
      out = tensor.size(0) * receptive;
    }
  }
  int64_t in = 0;
  int64_t out = 0;
};

double calculate_kaiming_std(const Tensor& tensor, double a, const FanModeType& mode,
                             const NonlinearityType& nonlinearity) {
  const Fan fan(tensor);
  const double gain = calculate_gain(nonlinearity, a);
  const auto f = std::holds_alternative<enumtype::kFanIn>(mode) ? fan.in : fan.out;
  return gain / std::sqrt(static_cast<double>(f));
}

}  // namespace

double calculate_gain(NonlinearityType nonlinearity, double param) {
  if (std::holds_alternative<enumtype::kTanh>(nonlinearity)) return 5.0 / 3.0;
  if (std::holds_alternative<enumtype::kReLU>(nonlinearity)) return std::sqrt(2.0);
  if (std::holds_alternative<enumtype::kLeakyReLU>(nonlinearity)) {
    return std::sqrt(2.0 / (1 + std::pow(param, 2)));
  }
  return 1.0;
}

Tensor constant_(Tensor tensor, Scalar value) {
  NoGradGuard guard;
  return tensor.fill_(value);
}

Tensor ones_(Tensor tensor) {
  NoGradGuard guard;
  return tensor.fill_(1);
}

Tensor zeros_(Tensor tensor) {
  NoGradGuard guard;
  return tensor.zero_();
}

Tensor eye_(Tensor matrix) {
  NoGradGuard guard;
  EMBER_CHECK(matrix.dim() == 2, "Only tensors with 2 dimensions are supported");
  return matrix.copy_(eye(matrix.size(0), matrix.size(1), matrix.options()));
}

Tensor normal_(Tensor tensor, double mean, double std) {
  NoGradGuard guard;
  return tensor.normal_(mean, std);
}

Tensor uniform_(Tensor tensor, double low, double high) {
  NoGradGuard guard;
  return tensor.uniform_(low, high);
}

Tensor kaiming_uniform_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  NoGradGuard guard;
  const double std = calculate_kaiming_std(tensor, a, mode, nonlinearity);
  const double bound = std::sqrt(3.0) * std;
  return tensor.uniform_(-bound, bound);
}

Tensor kaiming_normal_(Tensor tensor, double a, FanModeType mode, NonlinearityType nonlinearity) {
  NoGradGuard guard;
  const double std = calculate_kaiming_std(tensor, a, mode, nonlinearity);
  return tensor.normal_(0, std);
}

Tensor xavier_uniform_(Tensor tensor, double gain) {
  NoGradGuard guard;
  const Fan fan(tensor);
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan.in + fan.out));
  const double a = std::sqrt(3.0) * std;
  return tensor.uniform_(-a, a);
}

Tensor xavier_normal_(Tensor tensor, double gain) {
  NoGradGuard guard;
  const Fan fan(tensor);
  const double std = gain * std::sqrt(2.0 / static_cast<double>(fan.in + fan.out));
  return tensor.normal_(0, std);
}

std::tuple<int64_t, int64_t> _calculate_fan_in_and_fan_out(const Tensor& tensor) {
  const Fan fan(tensor);
  return {fan.in, fan.out};
}

}  // namespace ember::nn::init
