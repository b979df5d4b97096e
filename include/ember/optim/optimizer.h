#pragma once
// The optimizer base classes as libtorch 1.13 spells them (torch/optim/optimizer.h): options and
// per-parameter state with clone(), parameter groups each carrying their own options, and
// Optimizer, which owns the groups, the defaults and the state keyed by parameter.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ember/core/Tensor.h"

// EMBER_OPTIM_ARG(T, name): a field `name_` with libtorch's TORCH_ARG accessors: name() reads it,
// name(value) sets it and returns *this so that options chain (SGDOptions(0.1).momentum(0.9)).
#define EMBER_OPTIM_ARG(T, name)                                  \
 public:                                                          \
  inline auto name(const T& new_##name)->decltype(*this) {        \
    this->name##_ = new_##name;                                   \
    return *this;                                                 \
  }                                                               \
  inline auto name(T&& new_##name)->decltype(*this) {             \
    this->name##_ = std::move(new_##name);                        \
    return *this;                                                 \
  }                                                               \
  inline const T& name() const noexcept { return this->name##_; } \
  inline T& name() noexcept { return this->name##_; }             \
                                                                  \
 private:                                                         \
  T name##_

namespace ember::optim {

// What torch::save / torch::load of an optimizer write and read (ember/optim/serialize.h): the
// fields of its states and options, as named tensors and named numbers.
struct OptimizerArchive {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, double> numbers;
  // Throw, naming the entry, when it is missing.
  const Tensor& tensor(const std::string& name) const;
  double number(const std::string& name) const;
  // An undefined tensor when it is missing (for optional state).
  Tensor optional_tensor(const std::string& name) const;
};

// What an optimizer keeps per parameter (momentum buffers, moment estimates, ...).
class OptimizerParamState {
 public:
  virtual std::unique_ptr<OptimizerParamState> clone() const;
  // Writes / reads this state's fields under names starting with prefix. A state type of one's
  // own overrides them to be saved (the defaults throw).
  virtual void save(OptimizerArchive& archive, const std::string& prefix) const;
  virtual void load(const OptimizerArchive& archive, const std::string& prefix);
  virtual ~OptimizerParamState() = default;
};

template <typename Derived>
class OptimizerCloneableParamState : public OptimizerParamState {
  std::unique_ptr<OptimizerParamState> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// An optimizer's hyper-parameters; every concrete options type overrides get_lr / set_lr (the
// learning-rate schedulers go through them).
class OptimizerOptions {
 public:
  virtual std::unique_ptr<OptimizerOptions> clone() const;
  virtual ~OptimizerOptions() = default;
  virtual double get_lr() const;
  virtual void set_lr(const double lr);
  // As OptimizerParamState's.
  virtual void save(OptimizerArchive& archive, const std::string& prefix) const;
  virtual void load(const OptimizerArchive& archive, const std::string& prefix);
};

template <typename Derived>
class OptimizerCloneableOptions : public OptimizerOptions {
 private:
  std::unique_ptr<OptimizerOptions> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// Parameters optimized with one set of options. Without options, the optimizer gives the group a
// copy of its defaults when the group is added.
class OptimizerParamGroup {
 public:
  OptimizerParamGroup(const OptimizerParamGroup& param_group)
      : params_(param_group.params()),
        options_(param_group.has_options() ? param_group.options().clone() : nullptr) {}
  OptimizerParamGroup(OptimizerParamGroup&&) = default;
  OptimizerParamGroup& operator=(const OptimizerParamGroup& param_group) {
    if (this != &param_group) *this = OptimizerParamGroup(param_group);
    return *this;
  }
  OptimizerParamGroup& operator=(OptimizerParamGroup&&) = default;
  OptimizerParamGroup(std::vector<Tensor> params) : params_(std::move(params)) {}
  OptimizerParamGroup(std::vector<Tensor> params, std::unique_ptr<OptimizerOptions> options)
      : params_(std::move(params)), options_(std::move(options)) {}

  bool has_options() const { return options_ != nullptr; }
  // Throws when the group has no options.
  OptimizerOptions& options();
  const OptimizerOptions& options() const;
  void set_options(std::unique_ptr<OptimizerOptions> options) { options_ = std::move(options); }
  std::vector<Tensor>& params() { return params_; }
  const std::vector<Tensor>& params() const { return params_; }

 protected:
  std::vector<Tensor> params_;
  std::unique_ptr<OptimizerOptions> options_;
};

class Optimizer {
 public:
  // The per-parameter state, keyed as libtorch keys it: the parameter's TensorImpl address as
  // printed by an ostream ("0x55..."), i.e. param_key(p).
  using StateMap = std::unordered_map<std::string, std::unique_ptr<OptimizerParamState>>;

  // Copying is deleted (as in libtorch: an optimizer's state is not copied implicitly).
  Optimizer(const Optimizer& optimizer) = delete;
  Optimizer(Optimizer&& optimizer) = default;

  explicit Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults);
  // One group holding `parameters`, with the defaults as its options.
  explicit Optimizer(std::vector<Tensor> parameters, std::unique_ptr<OptimizerOptions> defaults)
      : Optimizer(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(parameters))},
                  std::move(defaults)) {}

  // Appends a group (a copy; the defaults fill in missing options). Throws "can't optimize a
  // non-leaf Tensor", and "some parameters appear in more than one parameter group" for a
  // parameter that already has state (libtorch's check: parameters without state are not
  // compared).
  void add_param_group(const OptimizerParamGroup& param_group);

  virtual ~Optimizer() = default;

  using LossClosure = std::function<Tensor()>;
  // Runs closure (with grad mode on) when given, then updates every parameter that has a
  // gradient, without recording autograd history. Returns the closure's loss (else undefined).
  virtual Tensor step(LossClosure closure = nullptr) = 0;

  // Appends parameters to the first group.
  void add_parameters(const std::vector<Tensor>& parameters);

  // libtorch 1.13's zero_grad: every defined .grad is detached and filled with zeros in place
  // (it stays defined and is the same tensor); undefined gradients stay undefined.
  void zero_grad();

  // The parameters of the first group (throws when there is no group; libtorch would terminate).
  const std::vector<Tensor>& parameters() const;
  std::vector<Tensor>& parameters();

  // The number of parameters over all groups.
  size_t size() const noexcept;

  OptimizerOptions& defaults() noexcept { return *defaults_; }
  const OptimizerOptions& defaults() const noexcept { return *defaults_; }

  std::vector<OptimizerParamGroup>& param_groups() noexcept { return param_groups_; }
  const std::vector<OptimizerParamGroup>& param_groups() const noexcept { return param_groups_; }

  StateMap& state() noexcept { return state_; }
  const StateMap& state() const noexcept { return state_; }

  // The key of p's entry in state().
  static std::string param_key(const Tensor& p);

  // A default state of this optimizer's type, for torch::load (the default throws: an optimizer
  // of one's own overrides it to be loaded).
  virtual std::unique_ptr<OptimizerParamState> make_param_state() const;

 protected:
  std::vector<OptimizerParamGroup> param_groups_;
  StateMap state_;
  std::unique_ptr<OptimizerOptions> defaults_;
};

}  // namespace ember::optim
