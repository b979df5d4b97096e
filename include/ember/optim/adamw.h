#pragma once
// AdamW: Adam with decoupled weight decay (p *= 1 - lr * weight_decay before the Adam update), and
// its AMSGrad variant (torch::optim::AdamW; the update is torch.optim.AdamW's, operation for
// operation).
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdamWOptions : public OptimizerCloneableOptions<AdamWOptions> {
  AdamWOptions(double lr = 1e-3);
  EMBER_OPTIM_ARG(double, lr) = 1e-3;
  typedef std::tuple<double, double> betas_t;
  EMBER_OPTIM_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_OPTIM_ARG(double, eps) = 1e-8;
  EMBER_OPTIM_ARG(double, weight_decay) = 1e-2;
  EMBER_OPTIM_ARG(bool, amsgrad) = false;

 public:
  friend bool operator==(const AdamWOptions& lhs, const AdamWOptions& rhs);
  ~AdamWOptions() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct AdamWParamState : public OptimizerCloneableParamState<AdamWParamState> {
  EMBER_OPTIM_ARG(int64_t, step) = 0;
  EMBER_OPTIM_ARG(Tensor, exp_avg);
  EMBER_OPTIM_ARG(Tensor, exp_avg_sq);
  EMBER_OPTIM_ARG(Tensor, max_exp_avg_sq) = {};

 public:
  friend bool operator==(const AdamWParamState& lhs, const AdamWParamState& rhs);
  ~AdamWParamState() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
};

class AdamW : public Optimizer {
 public:
  // Throws PyTorch's messages for a negative lr, eps or weight_decay and betas outside [0, 1).
  explicit AdamW(std::vector<OptimizerParamGroup> param_groups, AdamWOptions defaults = {});
  explicit AdamW(std::vector<Tensor> params, AdamWOptions defaults = {})
      : AdamW(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
              std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
