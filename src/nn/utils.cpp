// nn::utils: gradient clipping and parameter/vector conversion, as libtorch's inline versions.
#include "ember//nn/utils.h"

#include <cmath>
#include <limits>
#include <optional>

#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember::nn::utils {

double clip_grad_norm_(std::vector<Tensor> parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  std::vector<Tensor> params_with_grad;
  for (const auto& param : parameters) {
    if (param.grad().defined()) params_with_grad.push_back(param);
  }
  if (params_with_grad.empty()) return 0.0;

  Tensor total_norm_tensor;
  if (norm_type == std::numeric_limits<double>::infinity()) {
    std::vector<Tensor> norms;
    for (const auto& param : params_with_grad) norms.push_back(param.grad().data().abs().max());
    total_norm_tensor = norms.size() == 1 ? norms[0] : max(stack(norms));
  } else if (norm_type == 0) {
    total_norm_tensor = full({}, static_cast<double>(params_with_grad.size()));
  } else {
    std::vector<Tensor> norms;
    for (const auto& param : params_with_grad) norms.push_back(param.grad().data().norm(norm_type));
    total_norm_tensor = norms.size() == 1 ? norms[0] : stack(norms).norm(norm_type);
  }

  std::optional<double> total_norm;
  if (error_if_nonfinite) {
    total_norm = total_norm_tensor.item<double>();
    EMBER_CHECK(std::isfinite(*total_norm), "The total norm of order ", norm_type,
                " for gradients from `parameters` is non-finite, so it cannot be clipped. To "
                "disable this error and scale the gradients with the non-finite norm anyway, set "
                "`error_if_nonfinite=false`");
  }
  const Tensor clip_coef = max_norm / (total_norm_tensor + 1e-6);
  const Tensor clip_coef_clamped = clip_coef.clamp(std::nullopt, 1.0);
  for (auto& param : params_with_grad) param.grad().data().mul_(clip_coef_clamped);
  if (!total_norm) total_norm = total_norm_tensor.item<double>();
  return *total_norm;
}

double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>(parameters), max_norm, norm_type, error_if_nonfinite);
}

double clip_grad_norm_(Tensor parameter, double max_norm, double norm_type,
                       bool error_if_nonfinite) {
  return clip_grad_norm_(std::vector<Tensor>{std::move(parameter)}, max_norm, norm_type,
                         error_if_nonfinite);
}

void clip_grad_value_(std::vector<Tensor> parameters, double clip_value) {
  for (const auto& param : parameters) {
    if (param.grad().defined()) param.grad().data().clamp_(-clip_value, clip_value);
  }
}

void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value) {
  clip_grad_value_(std::vector<Tensor>(parameters), clip_value);
}

void clip_grad_value_(Tensor parameter, double clip_value) {
  clip_grad_value_(std::vector<Tensor>{std::move(parameter)}, clip_value);
}

Tensor parameters_to_vector(const std::vector<Tensor>& parameters) {
  std::vector<Tensor> flat;
  for (const auto& p : parameters) flat.push_back(p.view({-1}));
  return cat(flat);
}

void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters) {
  int64_t pointer = 0;
  for (const auto& param : parameters) {
    const int64_t n = param.numel();
    param.data().copy_(vec.slice(0, pointer, pointer + n).view(param.sizes()).data());
    pointer += n;
  }
}

}  // namespace ember::nn::utils
