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

void SGDOptions::save(OptimizerArchive& a, const std::string& prefix) const {
  a.numbers[prefix + "lr"] = lr();
  a.numbers[prefix + "momentum"] = momentum();
  a.numbers[prefix + "dampening"] = dampening();
  a.numbers[prefix + "weight_decay"] = weight_decay();
  a.numbers[prefix + "nesterov"] = nesterov();
}
void SGDOptions::load(const OptimizerArchive& a, const std::string& prefix) {
  lr(a.number(prefix + "lr"));
  momentum(a.number(prefix + "momentum"));
  dampening(a.number(prefix + "dampening"));
  weight_decay(a.number(prefix + "weight_decay"));
  nesterov(a.number(prefix + "nesterov") != 0);
}
void SGDParamState::save(OptimizerArchive& a, const std::string& prefix) const {
  if (momentum_buffer().defined()) a.tensors[prefix + "momentum_buffer"] = momentum_buffer();
}
void SGDParamState::load(const OptimizerArchive& a, const std::string& prefix) {
  momentum_buffer(a.optional_tensor(prefix + "momentum_buffer"));
}
std::unique_ptr<OptimizerParamState> SGD::make_param_state() const {
  return std::make_unique<SGDParamState>();
}

}  // namespace ember::optim
