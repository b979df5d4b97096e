#pragma once
// The update Adam and AdamW share (internal to src/optim): torch.optim's _single_tensor_adam(w)
// after the weight decay, operation for operation.
#include <cstdint>
#include <string>
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

// torch::save / torch::load of Adam and AdamW (ember/optim/serialize.h).
template <class Options>
void save_adam_options(const Options& o, OptimizerArchive& a, const std::string& prefix) {
  a.numbers[prefix + "lr"] = o.lr();
  a.numbers[prefix + "beta1"] = std::get<0>(o.betas());
  a.numbers[prefix + "beta2"] = std::get<1>(o.betas());
  a.numbers[prefix + "eps"] = o.eps();
  a.numbers[prefix + "weight_decay"] = o.weight_decay();
  a.numbers[prefix + "amsgrad"] = o.amsgrad();
}
template <class Options>
void load_adam_options(Options& o, const OptimizerArchive& a, const std::string& prefix) {
  o.lr(a.number(prefix + "lr"));
  o.betas(std::make_tuple(a.number(prefix + "beta1"), a.number(prefix + "beta2")));
  o.eps(a.number(prefix + "eps"));
  o.weight_decay(a.number(prefix + "weight_decay"));
  o.amsgrad(a.number(prefix + "amsgrad") != 0);
}
template <class State>
void save_adam_state(const State& st, OptimizerArchive& a, const std::string& prefix) {
  a.numbers[prefix + "step"] = static_cast<double>(st.step());
  a.tensors[prefix + "exp_avg"] = st.exp_avg();
  a.tensors[prefix + "exp_avg_sq"] = st.exp_avg_sq();
  if (st.max_exp_avg_sq().defined()) a.tensors[prefix + "max_exp_avg_sq"] = st.max_exp_avg_sq();
}
template <class State>
void load_adam_state(State& st, const OptimizerArchive& a, const std::string& prefix) {
  st.step(static_cast<int64_t>(a.number(prefix + "step")));
  st.exp_avg(a.tensor(prefix + "exp_avg"));
  st.exp_avg_sq(a.tensor(prefix + "exp_avg_sq"));
  st.max_exp_avg_sq(a.optional_tensor(prefix + "max_exp_avg_sq"));
}

}  // namespace ember::optim::detail
