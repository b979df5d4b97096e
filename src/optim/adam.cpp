#include "ember/optim/adam.h"

#include "optim/adam_update.h"

namespace ember::optim {

AdamOptions::AdamOptions(double lr) : lr_(lr) {}

bool operator==(const AdamOptions& lhs, const AdamOptions& rhs) {
  return detail::adam_options_equal(lhs, rhs);
}

double AdamOptions::get_lr() const { return lr(); }
void AdamOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdamParamState& lhs, const AdamParamState& rhs) {
  return detail::adam_states_equal(lhs, rhs);
}

Adam::Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamOptions>(defaults)) {
  detail::check_adam_options(defaults.lr(), defaults.eps(), defaults.betas(),
                             defaults.weight_decay());
}

Tensor Adam::step(LossClosure closure) {
  return detail::for_each_param<AdamOptions>(
      param_groups_, closure, "Adam", [&](const AdamOptions& options, Tensor& p) {
        detail::adam_step<AdamParamState>(state_, options, p, /*decoupled=*/false);
      });
}

}  // namespace ember::optim
