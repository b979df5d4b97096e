#pragma once
// The learning-rate scheduler base class as libtorch 1.13 spells it
// (torch/optim/schedulers/lr_scheduler.h): step() asks the subclass for one learning rate per
// param group (get_lrs), writes them into the optimizer's groups, then counts the step.
#include <vector>

#include "ember/optim/optimizer.h"

namespace ember::optim {

class LRScheduler {
 public:
  // Keeps a reference: the optimizer must outlive the scheduler.
  LRScheduler(Optimizer& optimizer);

  virtual ~LRScheduler() = default;

  void step();

 protected:
  // One learning rate per param group, for this step. step_count_ is the number of earlier
  // step() calls.
  virtual std::vector<double> get_lrs() = 0;

  // The optimizer's current learning rates, one per param group.
  std::vector<double> get_current_lrs() const;

  unsigned step_count_ = 0;

 private:
  void set_optimizer_lrs(const std::vector<double>& learning_rates);

  Optimizer& optimizer_;
};

}  // namespace ember::optim
