#pragma once
// torch::optim::StepLR: multiplies every group's learning rate by gamma every step_size steps.
//
// As in libtorch 1.13 (and unlike Python's StepLR), the decay is applied by the step() call made
// when step_size, 2 * step_size, ... earlier calls have happened: with step_size 3 the learning
// rate changes on the 4th, 7th, ... call; Python's changes on the 3rd, 6th, ... call.
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class StepLR : public LRScheduler {
 public:
  // step_size 0 makes step() throw once a decay would be due (Python: ZeroDivisionError).
  StepLR(Optimizer& optimizer, const unsigned step_size, const double gamma = 0.1);

 private:
  std::vector<double> get_lrs() override;

  const unsigned step_size_;
  const double gamma_;
};

}  // namespace ember::optim
