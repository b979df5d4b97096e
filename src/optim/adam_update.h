#pragma once
// The update Adam and AdamW share (internal to src/optim): torch.optim's _single_tensor_adam(w)
// after the weight decay, operation for operation.
#include <cstdint>
#include <tuple>

#include "ember/core/Tensor.h"
#include "ember/ops/creation.h"
#include "optim/common.h"
#include "optim/pointwise.h"

namespace ember::optim::detail {

// Throws PyTorch's messages for invalid Adam / AdamW options, in PyTorch's order.
void check_adam_options(double lr, double eps, const std::tuple<double, double>& betas,
                        double weight_decay);

// step: the step count including this step. max_exp_avg_sq is used (and created when undefined)
// only with amsgrad.
void adam_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                 Tensor& max_exp_avg_sq, int64_t step, double lr,
                 const std::tuple<double, double>& betas, double eps, bool amsgrad);

// One step of p: Adam's, or AdamW's when decoupled (the weight decay shrinks the parameter
// instead of being added to the gradient).
template <class State, class Options>
void adam_step(Optimizer::StateMap& states, const Options& options, Tensor& p, bool decoupled) {
  auto& state = state_of<State>(states, p, [&](State& s) {
    s.step(0);
    s.exp_avg(zeros_like(p));
    s.exp_avg_sq(zeros_like(p));
    if (options.amsgrad()) s.max_exp_avg_sq(zeros_like(p));
  });
  state.step(state.step() + 1);
  Tensor grad = p.grad();
  if (decoupled) {
    p.mul_(1 - options.lr() * options.weight_decay());
  } else if (options.weight_decay() != 0) {
    grad = add_scaled(grad, p, options.weight_decay());
  }
  adam_update(p, grad, state.exp_avg(), state.exp_avg_sq(), state.max_exp_avg_sq(), state.step(),
              options.lr(), options.betas(), options.eps(), options.amsgrad());
}

template <class Options>
bool adam_options_equal(const Options& lhs, const Options& rhs) {
  return lhs.lr() == rhs.lr() && lhs.betas() == rhs.betas() && lhs.eps() == rhs.eps() &&
         lhs.weight_decay() == rhs.weight_decay() && lhs.amsgrad() == rhs.amsgrad();
}

template <class State>
bool adam_states_equal(const State& lhs, const State& rhs) {
  return lhs.step() == rhs.step() && equal_if_defined(lhs.exp_avg(), rhs.exp_avg()) &&
         equal_if_defined(lhs.exp_avg_sq(), rhs.exp_avg_sq()) &&
         equal_if_defined(lhs.max_exp_avg_sq(), rhs.max_exp_avg_sq());
}

}  // namespace ember::optim::detail
