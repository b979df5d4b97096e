#pragma once
// Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay
// (torch::optim::SGD; the update is torch.optim.SGD's, operation for operation).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct SGDOptions : public OptimizerCloneableOptions<SGDOptions> {
  SGDOptions(double lr);
  EMBER_OPTIM_ARG(double, lr);
  EMBER_OPTIM_ARG(double, momentum) = 0;
  EMBER_OPTIM_ARG(double, dampening) = 0;
  EMBER_OPTIM_ARG(double, weight_decay) = 0;
  EMBER_OPTIM_ARG(bool, nesterov) = false;

 public:
  friend bool operator==(const SGDOptions& lhs, const SGDOptions& rhs);
  ~SGDOptions() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct SGDParamState : public OptimizerCloneableParamState<SGDParamState> {
  EMBER_OPTIM_ARG(Tensor, momentum_buffer);

 public:
  friend bool operator==(const SGDParamState& lhs, const SGDParamState& rhs);
  ~SGDParamState() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
};

class SGD : public Optimizer {
 public:
  // Throws PyTorch's messages for a negative lr, momentum or weight_decay, and for nesterov
  // without momentum or with dampening.
  explicit SGD(std::vector<OptimizerParamGroup> param_groups, SGDOptions defaults);
  explicit SGD(std::vector<Tensor> params, SGDOptions defaults)
      : SGD(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
            std::move(defaults)) {}

  // d_p = grad (+ weight_decay * p); with momentum, buf = d_p on the first step and
  // momentum * buf + (1 - dampening) * d_p after; d_p = d_p + momentum * buf (nesterov) or buf;
  // p -= lr * d_p.
  Tensor step(LossClosure closure = nullptr) override;
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
