#pragma once
// RMSprop, optionally centered and with momentum and weight decay (torch::optim::RMSprop; the
// update is torch.optim.RMSprop's, operation for operation).
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct RMSpropOptions : public OptimizerCloneableOptions<RMSpropOptions> {
  RMSpropOptions(double lr = 1e-2);
  EMBER_OPTIM_ARG(double, lr) = 1e-2;
  EMBER_OPTIM_ARG(double, alpha) = 0.99;
  EMBER_OPTIM_ARG(double, eps) = 1e-8;
  EMBER_OPTIM_ARG(double, weight_decay) = 0;
  EMBER_OPTIM_ARG(double, momentum) = 0;
  EMBER_OPTIM_ARG(bool, centered) = false;

 public:
  friend bool operator==(const RMSpropOptions& lhs, const RMSpropOptions& rhs);
  ~RMSpropOptions() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct RMSpropParamState : public OptimizerCloneableParamState<RMSpropParamState> {
  EMBER_OPTIM_ARG(int64_t, step) = 0;
  EMBER_OPTIM_ARG(Tensor, square_avg);
  EMBER_OPTIM_ARG(Tensor, momentum_buffer) = {};
  EMBER_OPTIM_ARG(Tensor, grad_avg) = {};

 public:
  friend bool operator==(const RMSpropParamState& lhs, const RMSpropParamState& rhs);
  ~RMSpropParamState() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
};

class RMSprop : public Optimizer {
 public:
  // Throws PyTorch's messages for a negative lr, eps, momentum, weight_decay or alpha.
  explicit RMSprop(std::vector<OptimizerParamGroup> param_groups, RMSpropOptions defaults = {});
  explicit RMSprop(std::vector<Tensor> params, RMSpropOptions defaults = {})
      : RMSprop(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
                std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
