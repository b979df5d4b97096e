#pragma once
// The update Adam and AdamW share (internal to src/optim): torch.optim's _single_tensor_adam(w)
// after the weight decay, operation for operation.
#include <cstdint>
#include <tuple>

#include "ember/core/Tensor.h"

namespace ember::optim::detail {

// Throws PyTorch's messages for invalid Adam / AdamW options, in PyTorch's order.
void check_adam_options(double lr, double eps, const std::tuple<double, double>& betas,
                        double weight_decay);

// step: the step count including this step. max_exp_avg_sq is used (and created when undefined)
// only with amsgrad.
void adam_update(Tensor& param, const Tensor& grad, Tensor& exp_avg, Tensor& exp_avg_sq,
                 Tensor& max_exp_avg_sq, int64_t step, double lr,
                 const std::tuple<double, double>& betas, double eps, bool amsgrad);

}  // namespace ember::optim::detail
