#pragma once
// Helpers the optimizers' step() functions share (internal to src/optim).
#include <memory>
#include <string>
#include <typeinfo>

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

}  // namespace ember::optim::detail
