#include "ember/optim/adamw.h"

#include "ember/autograd/grad_mode.h"
#include "ember/ops/creation.h"
#include "optim/adam_update.h"
#include "optim/common.h"
#include "optim/pointwise.h"

namespace ember::optim {

AdamWOptions::AdamWOptions(double lr) : lr_(lr) {}

bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.betas() == rhs.betas() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.amsgrad() == rhs.amsgrad();
}

double AdamWOptions::get_lr() const { return lr(); }
void AdamWOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const AdamWParamState& lhs, const AdamWParamState& rhs) {
  return lhs.step() == rhs.step() && detail::equal_if_defined(lhs.exp_avg(), rhs.exp_avg()) &&
         detail::equal_if_defined(lhs.exp_avg_sq(), rhs.exp_avg_sq()) &&
         detail::equal_if_defined(lhs.max_exp_avg_sq(), rhs.max_exp_avg_sq());
}

AdamW::AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<AdamWOptions>(defaults)) {
  detail::check_adam_options(defaults.lr(), defaults.eps(), defaults.betas(),
                             defaults.weight_decay());
}

Tensor AdamW::step(LossClosure closure) {
  NoGradGuard no_grad;
  Tensor loss;
  if (closure != nullptr) {
    AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : param_groups_) {
    const auto& options = detail::options_of<AdamWOptions>(group, "AdamW");
    for (auto& p : group.params()) {
      if (!p.grad().defined()) continue;
      auto& state = detail::state_of<AdamWParamState>(state_, p, [&](AdamWParamState& s) {
        s.step(0);
        s.exp_avg(zeros_like(p));
        s.exp_avg_sq(zeros_like(p));
        if (options.amsgrad()) s.max_exp_avg_sq(zeros_like(p));
      });
      state.step(state.step() + 1);
      // Decoupled weight decay: the parameter shrinks, the gradient is left alone.
      p.mul_(1 - options.lr() * options.weight_decay());
      detail::adam_update(p, p.grad(), state.exp_avg(), state.exp_avg_sq(), state.max_exp_avg_sq(),
                          state.step(), options.lr(), options.betas(), options.eps(),
                          options.amsgrad());
    }
  }
  return loss;
}

}  // namespace ember::optim
