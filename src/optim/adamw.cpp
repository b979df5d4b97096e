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

void AdamWOptions::save(OptimizerArchive& a, const std::string& prefix) const {
  detail::save_adam_options(*this, a, prefix);
}
void AdamWOptions::load(const OptimizerArchive& a, const std::string& prefix) {
  detail::load_adam_options(*this, a, prefix);
}
void AdamWParamState::save(OptimizerArchive& a, const std::string& prefix) const {
  detail::save_adam_state(*this, a, prefix);
}
void AdamWParamState::load(const OptimizerArchive& a, const std::string& prefix) {
  detail::load_adam_state(*this, a, prefix);
}
std::unique_ptr<OptimizerParamState> AdamW::make_param_state() const {
  return std::make_unique<AdamWParamState>();
}

}  // namespace ember::optim
