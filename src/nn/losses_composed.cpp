// torch::huber_loss, torch::kl_div and torch::soft_margin_loss, and their nn::functional forms,
// composed of differentiable ops with PyTorch 1.13's formulas (aten/src/ATen/native/Loss.cpp).
#include <sstream>
#include <variant>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/core/Warning.h"
#include "ember/core/broadcast.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"

namespace ember {

namespace {
Tensor reduce_loss(const Tensor& loss, int64_t reduction) {
  if (reduction == Reduction::Mean) return loss.mean();
  if (reduction == Reduction::Sum) return loss.sum();
  return loss;
}
}  // namespace

Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction, double delta) {
  EMBER_CHECK(delta > 0, "huber_loss does not support non-positive values for delta.");
  // |d| < delta ? d^2 / 2 : delta * (|d| - delta / 2); the gradient d or delta * sign(d).
  const Tensor d = self - target;
  const Tensor z = d.abs();
  return reduce_loss(where(z < delta, d.mul(d).mul(0.5), z.sub(0.5 * delta).mul(delta)), reduction);
}

Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction, bool log_target) {
  EMBER_CHECK(self.is_floating_point() && target.is_floating_point(),
              "kl_div: Integral inputs not supported.");
  Tensor loss;
  if (log_target) {
    loss = target.exp() * (target - self);
  } else {
    // xlogy(target, target): 0 where the target is 0 (its log taken of 1 there, so that the
    // branch not taken has a finite gradient).
    const Tensor zero = target == 0;
    const Tensor target_log_target =
        where(zero, zeros_like(target), target * where(zero, ones_like(target), target).log());
    loss = target_log_target - target * self;
  }
  return reduce_loss(loss, reduction);
}

Tensor soft_margin_loss(const Tensor& self, const Tensor& target, int64_t reduction) {
  // PyTorch has no derivative for the target.
  EMBER_CHECK(!(GradMode::is_enabled() && target.requires_grad()),
              "The function 'soft_margin_loss' is not differentiable with respect to argument "
              "'target'. This input cannot have requires_grad True.");
  return reduce_loss(self.neg().mul(target).exp().log1p(), reduction);
}

namespace nn::functional {

namespace {
// libtorch's warning when input and target differ in size (they are broadcast).
void warn_size_mismatch(const Tensor& input, const Tensor& target) {
  if (input.sizes() == target.sizes()) return;
  std::ostringstream message;
  message << "Using a target size (" << target.sizes() << ") that is different to the input size ("
          << input.sizes()
          << "). This will likely lead to incorrect results due to broadcasting. Please ensure "
             "they have the same size.";
  warn(message.str());
}
}  // namespace

Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options, double beta) {
  warn_size_mismatch(input, target);
  const DimVector shape = infer_size(input.sizes(), target.sizes());
  return ember::smooth_l1_loss(input.expand(shape), target.expand(shape),
                               reduction_code(options.reduction()), beta);
}

Tensor huber_loss(const Tensor& input, const Tensor& target, const HuberLossFuncOptions& options) {
  warn_size_mismatch(input, target);
  const DimVector shape = infer_size(input.sizes(), target.sizes());
  return ember::huber_loss(input.expand(shape), target.expand(shape),
                           reduction_code(options.reduction()), options.delta());
}

Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options) {
  const auto& reduction = options.reduction();
  if (std::holds_alternative<enumtype::kMean>(reduction)) {
    warn(
        "reduction: 'mean' divides the total loss by both the batch size and the support "
        "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
        "definition.'mean' will be changed to behave the same as 'batchmean' in the next major "
        "release.");
  }
  const bool batch_mean = std::holds_alternative<enumtype::kBatchMean>(reduction);
  const int64_t code = std::holds_alternative<enumtype::kNone>(reduction)   ? Reduction::None
                       : std::holds_alternative<enumtype::kMean>(reduction) ? Reduction::Mean
                                                                            : Reduction::Sum;
  Tensor reduced = ember::kl_div(input, target, code, options.log_target());
  if (batch_mean && input.dim() != 0) reduced = reduced / input.size(0);
  return reduced;
}

Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options) {
  return ember::soft_margin_loss(input, target, reduction_code(options.reduction()));
}

}  // namespace nn::functional

}  // namespace ember
