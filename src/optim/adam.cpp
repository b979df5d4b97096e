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

void AdamOptions::save(OptimizerArchive& a, const std::string& prefix) const {
  detail::save_adam_options(*this, a, prefix);
}
void AdamOptions::load(const OptimizerArchive& a, const std::string& prefix) {
  detail::load_adam_options(*this, a, prefix);
}
void AdamParamState::save(OptimizerArchive& a, const std::string& prefix) const {
  detail::save_adam_state(*this, a, prefix);
}
void AdamParamState::load(const OptimizerArchive& a, const std::string& prefix) {
  detail::load_adam_state(*this, a, prefix);
}
std::unique_ptr<OptimizerParamState> Adam::make_param_state() const {
  return std::make_unique<AdamParamState>();
}

}  // namespace ember::optim
