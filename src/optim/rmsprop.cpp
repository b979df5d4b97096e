#include "ember/optim/rmsprop.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"
#include "ember/ops/creation.h"
#include "optim/common.h"
#include "optim/pointwise.h"

namespace ember::optim {

RMSpropOptions::RMSpropOptions(double lr) : lr_(lr) {}

bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs) {
  return lhs.lr() == rhs.lr() && lhs.alpha() == rhs.alpha() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.momentum() == rhs.momentum() &&
         lhs.centered() == rhs.centered();
}

double RMSpropOptions::get_lr() const { return lr(); }
void RMSpropOptions::set_lr(const double lr) { this->lr(lr); }

bool operator==(const RMSpropParamState& lhs, const RMSpropParamState& rhs) {
  return lhs.step() == rhs.step() && detail::equal_if_defined(lhs.square_avg(), rhs.square_avg()) &&
         detail::equal_if_defined(lhs.momentum_buffer(), rhs.momentum_buffer()) &&
         detail::equal_if_defined(lhs.grad_avg(), rhs.grad_avg());
}

RMSprop::RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults)
    : Optimizer(std::move(param_groups), std::make_unique<RMSpropOptions>(defaults)) {
  EMBER_CHECK(defaults.lr() >= 0, "Invalid learning rate: ", defaults.lr());
  EMBER_CHECK(defaults.eps() >= 0, "Invalid epsilon value: ", defaults.eps());
  EMBER_CHECK(defaults.momentum() >= 0, "Invalid momentum value: ", defaults.momentum());
  EMBER_CHECK(defaults.weight_decay() >= 0,
              "Invalid weight_decay value: ", defaults.weight_decay());
  EMBER_CHECK(defaults.alpha() >= 0, "Invalid alpha value: ", defaults.alpha());
}

Tensor RMSprop::step(LossClosure closure) {
  return detail::for_each_param<RMSpropOptions>(
      param_groups_, closure, "RMSprop", [&](const RMSpropOptions& options, Tensor& p) {
        const double alpha = options.alpha();
        auto& state = detail::state_of<RMSpropParamState>(state_, p, [&](RMSpropParamState& s) {
          s.step(0);
          s.square_avg(zeros_like(p));
          if (options.momentum() > 0) s.momentum_buffer(zeros_like(p));
          if (options.centered()) s.grad_avg(zeros_like(p));
        });
        state.step(state.step() + 1);
        Tensor grad = p.grad();
        if (options.weight_decay() != 0) grad = detail::add_scaled(grad, p, options.weight_decay());

        Tensor& square_avg = state.square_avg();
        square_avg.mul_(alpha);
        detail::addcmul_(square_avg, grad, grad, 1 - alpha);
        Tensor avg;
        if (options.centered()) {
          // Normalise by the variance estimate E[g^2] - E[g]^2 rather than E[g^2].
          Tensor& grad_avg = state.grad_avg();
          if (!grad_avg.defined()) grad_avg = zeros_like(p);
          grad_avg.mul_(alpha);
          detail::add_scaled_(grad_avg, grad, 1 - alpha);
          avg = detail::addcmul(square_avg, grad_avg, grad_avg, -1);
          avg.sqrt_();
        } else {
          avg = square_avg.sqrt();
        }
        avg.add_(options.eps());

        if (options.momentum() > 0) {
          Tensor& buf = state.momentum_buffer();
          if (!buf.defined()) buf = zeros_like(p);
          buf.mul_(options.momentum());
          detail::addcdiv_(buf, grad, avg, 1);
          detail::add_scaled_(p, buf, -options.lr());
        } else {
          detail::addcdiv_(p, grad, avg, -options.lr());
        }
      });
}

void RMSpropOptions::save(OptimizerArchive& a, const std::string& prefix) const {
  a.numbers[prefix + "lr"] = lr();
  a.numbers[prefix + "alpha"] = alpha();
  a.numbers[prefix + "eps"] = eps();
  a.numbers[prefix + "weight_decay"] = weight_decay();
  a.numbers[prefix + "momentum"] = momentum();
  a.numbers[prefix + "centered"] = centered();
}
void RMSpropOptions::load(const OptimizerArchive& a, const std::string& prefix) {
  lr(a.number(prefix + "lr"));
  alpha(a.number(prefix + "alpha"));
  eps(a.number(prefix + "eps"));
  weight_decay(a.number(prefix + "weight_decay"));
  momentum(a.number(prefix + "momentum"));
  centered(a.number(prefix + "centered") != 0);
}
void RMSpropParamState::save(OptimizerArchive& a, const std::string& prefix) const {
  a.numbers[prefix + "step"] = static_cast<double>(step());
  a.tensors[prefix + "square_avg"] = square_avg();
  if (momentum_buffer().defined()) a.tensors[prefix + "momentum_buffer"] = momentum_buffer();
  if (grad_avg().defined()) a.tensors[prefix + "grad_avg"] = grad_avg();
}
void RMSpropParamState::load(const OptimizerArchive& a, const std::string& prefix) {
  step(static_cast<int64_t>(a.number(prefix + "step")));
  square_avg(a.tensor(prefix + "square_avg"));
  momentum_buffer(a.optional_tensor(prefix + "momentum_buffer"));
  grad_avg(a.optional_tensor(prefix + "grad_avg"));
}
std::unique_ptr<OptimizerParamState> RMSprop::make_param_state() const {
  return std::make_unique<RMSpropParamState>();
}

}  // namespace ember::optim
