#include <algorithm>
#include <cmath>
#include <numbers>

#include "ember/core/Error.h"
#include "ember/optim/schedulers/cosine_annealing_lr.h"
#include "ember/optim/schedulers/lr_scheduler.h"
#include "ember/optim/schedulers/step_lr.h"

namespace ember::optim {

// ---- LRScheduler (libtorch's) ------------------------------------------------------------------
LRScheduler::LRScheduler(Optimizer& optimizer) : optimizer_(optimizer) {}

void LRScheduler::step() {
  std::vector<double> learning_rates = get_lrs();
  set_optimizer_lrs(learning_rates);
  step_count_++;
}

void LRScheduler::set_optimizer_lrs(const std::vector<double>& learning_rates) {
  auto& groups = optimizer_.param_groups();
  EMBER_CHECK(learning_rates.size() == groups.size(),
              "Number of learning rates not equal to the number of param groups\n",
              "Number of learning rates given: ", learning_rates.size(),
              "\nNumber of param groups: ", groups.size());
  for (size_t i = 0; i < groups.size(); ++i) groups[i].options().set_lr(learning_rates[i]);
}

std::vector<double> LRScheduler::get_current_lrs() const {
  const auto& groups = optimizer_.param_groups();
  std::vector<double> learning_rates(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) learning_rates[i] = groups[i].options().get_lr();
  return learning_rates;
}

// ---- StepLR (libtorch's) -----------------------------------------------------------------------
StepLR::StepLR(Optimizer& optimizer, const unsigned step_size, const double gamma)
    : LRScheduler(optimizer), step_size_(step_size), gamma_(gamma) {}

std::vector<double> StepLR::get_lrs() {
  std::vector<double> lrs = get_current_lrs();
  if (step_count_ == 0) return lrs;
  // libtorch would divide by zero here; Python raises ZeroDivisionError.
  EMBER_CHECK(step_size_ != 0, "integer division or modulo by zero");
  if (step_count_ % step_size_ != 0) return lrs;
  std::transform(lrs.begin(), lrs.end(), lrs.begin(), [this](double v) { return gamma_ * v; });
  return lrs;
}

// ---- CosineAnnealingLR (Python's) --------------------------------------------------------------
namespace {
// Python's a % b (the result takes the divisor's sign); b != 0.
int64_t python_mod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}
}  // namespace

CosineAnnealingLR::CosineAnnealingLR(Optimizer& optimizer, int64_t T_max, double eta_min)
    : LRScheduler(optimizer), T_max_(T_max), eta_min_(eta_min) {
  base_lrs_ = get_current_lrs();
  last_lrs_ = base_lrs_;
}

std::vector<double> CosineAnnealingLR::get_lrs() {
  constexpr double pi = std::numbers::pi;  // == math.pi
  // Python's last_epoch after this step (its constructor's own step made it 0).
  const int64_t epoch = static_cast<int64_t>(step_count_) + 1;
  std::vector<double> lrs = get_current_lrs();
  EMBER_CHECK(lrs.size() == base_lrs_.size(), "CosineAnnealingLR: the optimizer has ", lrs.size(),
              " param groups but had ", base_lrs_.size(), " when the scheduler was created");
  EMBER_CHECK(T_max_ != 0, "integer division or modulo by zero");
  const double T_max = static_cast<double>(T_max_);
  if (python_mod(epoch - 1 - T_max_, 2 * T_max_) == 0) {
    // The step just after a minimum: the recursive formula below would divide by zero there.
    for (size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * (1 - std::cos(pi / T_max)) / 2;
    }
  } else {
    const double ratio = (1 + std::cos(pi * static_cast<double>(epoch) / T_max)) /
                         (1 + std::cos(pi * static_cast<double>(epoch - 1) / T_max));
    for (double& lr : lrs) lr = ratio * (lr - eta_min_) + eta_min_;
  }
  last_lrs_ = lrs;
  return lrs;
}

}  // namespace ember::optim
