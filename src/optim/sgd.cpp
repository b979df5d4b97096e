#include "ember/optim/sgd.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"
#include "optim/common.h"
#include "optim/pointwise.h"

namespace ember::optim {

SGDOptions::SGDOptions(double lr) : lr_(lr) {}

bool operator==(const SGDOptions& lhs, const SGDOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.momentum() == rhs.momentum() &&
         lhs.dampening() == rhs.dampening() && lhs.weight_decay() == rhs.weight_decay() &&
         lhs.nesterov() == rhs.nesterov();
}

double SGDOptions::get_lr() const { return lr(); }
void SGDOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const SGDParamState& lhs, const SGDParamState& rhs) {
  return detail::equal_if_defined(lhs.momentum_buffer(), rhs.momentum_buffer());
}

SGD::SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<SGDOptions>(defaults)) {
  EMBER_CHECK(defaults.lr() >= 0, "Invalid learning rate: ", defaults.lr());
  EMBER_CHECK(defaults.momentum() >= 0, "Invalid momentum value: ", defaults.momentum());
  EMBER_CHECK(defaults.weight_decay() >= 0,
              "Invalid weight_decay value: ", defaults.weight_decay());
  EMBER_CHECK(!defaults.nesterov() || (defaults.momentum() > 0 && defaults.dampening() == 0),
              "Nesterov momentum requires a momentum and zero dampening");
}

Tensor SGD::step(LossClosure closure) {
  return detail::for_each_param<SGDOptions>(
      param_groups_, closure, "SGD", [&](const SGDOptions& options, Tensor& p) {
        const double momentum = options.momentum();
        Tensor d_p = p.grad();
        if (options.weight_decay() != 0) d_p = detail::add_scaled(d_p, p, options.weight_decay());
        if (momentum != 0) {
          auto it = state_.find(param_key(p));
          Tensor buf;
          if (it == state_.end()) {
            // The first step's buffer is the (decayed) gradient itself, without dampening.
            buf = d_p.clone().detach();
            auto state = std::make_unique<SGDParamState>();
            state->momentum_buffer(buf);
            state_[param_key(p)] = std::move(state);
          } else {
            buf = static_cast<SGDParamState&>(*it->second).momentum_buffer();
            buf.mul_(momentum);
            detail::add_scaled_(buf, d_p, 1 - options.dampening());
          }
          d_p = options.nesterov() ? detail::add_scaled(d_p, buf, momentum) : buf;
        }
        detail::add_scaled_(p, d_p, -options.lr());
      });
}

}  // namespace ember::optim
