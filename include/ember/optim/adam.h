#pragma once
// Adam, with L2 weight decay added to the gradient and the AMSGrad variant (torch::optim::Adam;
// the update is torch.optim.Adam's single-tensor path, operation for operation).
#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

struct AdamOptions : public OptimizerCloneableOptions<AdamOptions> {
  AdamOptions(double lr = 1e-3);
  EMBER_OPTIM_ARG(double, lr) = 1e-3;
  typedef std::tuple<double, double> betas_t;
  EMBER_OPTIM_ARG(betas_t, betas) = std::make_tuple(0.9, 0.999);
  EMBER_OPTIM_ARG(double, eps) = 1e-8;
  EMBER_OPTIM_ARG(double, weight_decay) = 0;
  EMBER_OPTIM_ARG(bool, amsgrad) = false;

 public:
  friend bool operator==(const AdamOptions& lhs, const AdamOptions& rhs);
  ~AdamOptions() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
  double get_lr() const override;
  void set_lr(const double lr) override;
};

struct AdamParamState : public OptimizerCloneableParamState<AdamParamState> {
  EMBER_OPTIM_ARG(int64_t, step) = 0;
  EMBER_OPTIM_ARG(Tensor, exp_avg);
  EMBER_OPTIM_ARG(Tensor, exp_avg_sq);
  EMBER_OPTIM_ARG(Tensor, max_exp_avg_sq) = {};

 public:
  friend bool operator==(const AdamParamState& lhs, const AdamParamState& rhs);
  ~AdamParamState() override = default;
  void save(OptimizerArchive& archive, const std::string& prefix) const override;
  void load(const OptimizerArchive& archive, const std::string& prefix) override;
};

class Adam : public Optimizer {
 public:
  // Throws PyTorch's messages for a negative lr, eps or weight_decay and betas outside [0, 1).
  explicit Adam(std::vector<OptimizerParamGroup> param_groups, AdamOptions defaults = {});
  explicit Adam(std::vector<Tensor> params, AdamOptions defaults = {})
      : Adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(std::move(params))},
             std::move(defaults)) {}

  Tensor step(LossClosure closure = nullptr) override;
  std::unique_ptr<OptimizerParamState> make_param_state() const override;
};

}  // namespace ember::optim
