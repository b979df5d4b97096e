#include "optim/adam_update.h"

#include <cmath>

#include "ember/core/Error.h"
#include "ember/ops/creation.h"
#include "optim/pointwise.h"

namespace ember::optim::detail {

void check_adam_options(double lr, double eps, const std::tuple<double, double>& betas,
                        double weight_decay) {
  EMBER_CHECK(lr >= 0, "Invalid learning rate: ", lr);
  EMBER_CHECK(eps >= 0, "Invalid epsilon value: ", eps);
  const auto [beta1, beta2] = betas;
  EMBER_CHECK(0 <= beta1 && beta1 < 1.0, "Invalid beta parameter at index 0: ", beta1);
  EMBER_CHECK(0 <= beta2 && beta2 < 1.0, "Invalid beta parameter at index 1: ", beta2);
  EMBER_CHECK(weight_decay >= 0, "Invalid weight_decay value: ", weight_decay);
}

void adam_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                 Tensor& max_exp_avg_sq, int64_t step, double lr,
                 const std::tuple<double, double>& betas, double eps, bool amsgrad) {
  const auto [beta1, beta2] = betas;
  // Moving averages of the gradient and of its square.
  exp_avg.mul_(beta1);
  add_scaled_(exp_avg, grad, 1 - beta1);
  exp_avg_sq.mul_(beta2);
  addcmul_(exp_avg_sq, grad, grad, 1 - beta2);

  // Python computes these in double: beta ** step with a float step, math.sqrt.
  const double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
  const double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
  const double step_size = lr / bias_correction1;
  const double bias_correction2_sqrt = std::sqrt(bias_correction2);

  Tensor denom;
  if (amsgrad) {
    // The running maximum of the second moment normalises instead of the second moment.
    if (!max_exp_avg_sq.defined()) max_exp_avg_sq = zeros_like(param);
    max_exp_avg_sq.copy_(max_exp_avg_sq.maximum(exp_avg_sq));
    denom = max_exp_avg_sq.sqrt().div(bias_correction2_sqrt);
  } else {
    denom = exp_avg_sq.sqrt().div(bias_correction2_sqrt);
  }
  denom.add_(eps);
  addcdiv_(param, exp_avg, denom, -step_size);
}

}  // namespace ember::optim::detail
