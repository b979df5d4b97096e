#include "ember/optim/adamw.h"

#include "optim/adam_update.h"

namespace ember::optim {

AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}

bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs) {
  return detail::adam_options_equal(lhs, rhs);
}

double AdamWOptions::get_lr() const { return lr(); }
void AdamWOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdamWParamState& lhs, const AdamWParamState& rhs) {
  return detail::adam_states_equal(lhs, rhs);
}

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamWOptions>(defaults)) {
  detail::check_adam_options(defaults.lr(), defaults.eps(), defaults.betas(),
                             defaults.weight_decay());
}

Tensor AdamW::step(LossClosure closure) {
  return detail::for_each_param<AdamWOptions>(
      param_groups_, closure, "AdamW", [&](const AdamWOptions& options, Tensor& p) {
        detail::adam_step<AdamWParamState>(state_, options, p, /*decoupled=*/true);
      });
}

}  // namespace ember::optim
