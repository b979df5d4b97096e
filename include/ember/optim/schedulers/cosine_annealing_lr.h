#pragma once
// ember::optim::CosineAnnealingLR: cosine annealing of every group's learning rate from its value
// at construction (eta_max) down to eta_min over T_max steps, then back up, and so on.
//
// libtorch 1.13's C++ API has no CosineAnnealingLR; this is an ember extension with Python's
// torch.optim.lr_scheduler.CosineAnnealingLR semantics (last_epoch = -1): after k calls to step()
// the learning rates are those Python's scheduler sets after k calls, computed by Python's
// recursive ("chainable") formula in the same order of operations, so they agree bit for bit:
//   epoch e = k; if (e - 1 - T_max) % (2 T_max) == 0:
//     lr += (eta_max - eta_min) * (1 - cos(pi / T_max)) / 2
//   else:
//     lr = (1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max)) * (lr - eta_min) + eta_min
// Like Python's, the schedule reads the current learning rates, so changes made to them between
// steps carry through. (Unlike StepLR, there is no off-by-one with respect to Python.)
#include <cstdint>
#include <vector>

#include "ember/optim/schedulers/lr_scheduler.h"

namespace ember::optim {

class CosineAnnealingLR : public LRScheduler {
 public:
  // T_max 0 makes step() throw (Python: ZeroDivisionError).
  CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min = 0.0);

  // The learning rates set by the last step() (at first, those the optimizer had): Python's
  // get_last_lr().
  std::vector<double> get_last_lr() const { return last_lrs_; }

 private:
  std::vector<double> get_lrs() override;

  const int64_t T_max_;
  const double eta_min_;
  std::vector<double> base_lrs_;  // Python's base_lrs: each group's lr at construction
  std::vector<double> last_lrs_;
};

}  // namespace ember::optim
