#pragma once
// Helpers the optimizers' step() functions share (internal to src/optim).
#include <memory>
#include <string>
#include <typeinfo>

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"
#include "ember/optim/optimizer.h"

namespace ember::optim::detail {

// The group's options as the optimizer's own options type. libtorch static_casts (undefined
// behaviour for a group given another optimizer's options); ember checks.
template <class Options>
Options& options_of(OptimizerParamGroup& group, const char* optimizer) {
  auto* options = dynamic_cast<Options*>(&group.options());
  EMBER_CHECK(options != nullptr, optimizer, ": a param group's options are not ", optimizer,
              "Options");
  return *options;
}

// p's state, created by init() on first use.
template <class State, class Init>
State& state_of(Optimizer::StateMap& states, const Tensor& p, Init init) {
  std::unique_ptr<OptimizerParamState>& slot = states[Optimizer::param_key(p)];
  if (!slot) {
    auto state = std::make_unique<State>();
    init(*state);
    slot = std::move(state);
  }
  return static_cast<State&>(*slot);
}

// What every step() does around its update: the closure first (with gradients on), then, without
// recording, update(options, p) for each parameter that has a gradient, group by group.
template <class Options, class Update>
Tensor for_each_param(std::vector<OptimizerParamGroup>& groups,
                      const Optimizer::LossClosure& closure, const char* optimizer, Update update) {
  NoGradGuard no_grad;
  Tensor loss;
  if (closure != nullptr) {
    AutoGradMode enable_grad(true);
    loss = closure();
  }
  for (auto& group : groups) {
    const Options& options = options_of<Options>(group, optimizer);
    for (auto& p : group.params()) {
      if (p.grad().defined()) update(options, p);
    }
  }
  return loss;
}

}  // namespace ember::optim::detail
