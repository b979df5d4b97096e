#pragma once
// Options of the losses (libtorch's torch/nn/options/loss.h). reduction: torch::kNone (one loss
// per element), torch::kMean (default) or torch::kSum.
#include <cstdint>
#include <functional>
#include <optional>
#include <variant>

#include "ember/core/Tensor.h"
#include "ember/nn/arg.h"
#include "ember/nn/enum.h"

namespace ember::nn {

using loss_reduction_t = std::variant<enumtype::kNone, enumtype::kMean, enumtype::kSum>;

// Options whose only field is the reduction, constructible from it (MSELossOptions(torch::kSum)).
#define EMBER_REDUCTION_ONLY_OPTIONS(Name)                                  \
  struct Name {                                                             \
    using reduction_t = loss_reduction_t;                                   \
    Name() {}                                                               \
    Name(enumtype::kNone reduction) : reduction_(reduction) {} /* NOLINT */ \
    Name(enumtype::kMean reduction) : reduction_(reduction) {} /* NOLINT */ \
    Name(enumtype::kSum reduction) : reduction_(reduction) {}  /* NOLINT */ \
    EMBER_ARG(reduction_t, reduction) = ember::kMean;                       \
  }

EMBER_REDUCTION_ONLY_OPTIONS(L1LossOptions);
EMBER_REDUCTION_ONLY_OPTIONS(MSELossOptions);
EMBER_REDUCTION_ONLY_OPTIONS(SoftMarginLossOptions);
// target: per sample, class indices up to the first -1.
EMBER_REDUCTION_ONLY_OPTIONS(MultiLabelMarginLossOptions);
#undef EMBER_REDUCTION_ONLY_OPTIONS

struct SmoothL1LossOptions {
  using reduction_t = loss_reduction_t;
  SmoothL1LossOptions() {}
  SmoothL1LossOptions(enumtype::kNone reduction) : reduction_(reduction) {}  // NOLINT
  SmoothL1LossOptions(enumtype::kMean reduction) : reduction_(reduction) {}  // NOLINT
  SmoothL1LossOptions(enumtype::kSum reduction) : reduction_(reduction) {}   // NOLINT
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
  // Where the loss turns from quadratic to linear. F::smooth_l1_loss ignores it and takes its
  // own argument, as libtorch 1.13.
  EMBER_ARG(double, beta) = 1.0;
};

struct HuberLossOptions {
  using reduction_t = loss_reduction_t;
  HuberLossOptions() {}
  HuberLossOptions(enumtype::kNone reduction) : reduction_(reduction) {}  // NOLINT
  HuberLossOptions(enumtype::kMean reduction) : reduction_(reduction) {}  // NOLINT
  HuberLossOptions(enumtype::kSum reduction) : reduction_(reduction) {}   // NOLINT
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
  // Where the loss turns from quadratic to linear (positive).
  EMBER_ARG(double, delta) = 1.0;
};

struct KLDivLossOptions {
  // kBatchMean divides the sum by the batch size; kMean (the default) by the element count.
  using reduction_t =
      std::variant<enumtype::kNone, enumtype::kBatchMean, enumtype::kSum, enumtype::kMean>;
  KLDivLossOptions() {}
  KLDivLossOptions(enumtype::kNone reduction) : reduction_(reduction) {}       // NOLINT
  KLDivLossOptions(enumtype::kBatchMean reduction) : reduction_(reduction) {}  // NOLINT
  KLDivLossOptions(enumtype::kSum reduction) : reduction_(reduction) {}        // NOLINT
  KLDivLossOptions(enumtype::kMean reduction) : reduction_(reduction) {}       // NOLINT
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
  // Whether the target is given as log-probabilities.
  EMBER_ARG(bool, log_target) = false;
};

struct BCELossOptions {
  using reduction_t = loss_reduction_t;
  // A rescaling weight for each element (broadcast to the input).
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct BCEWithLogitsLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
  // A weight of positive examples, broadcast along the class dimension.
  EMBER_ARG(Tensor, pos_weight) = {};
};

struct NLLLossOptions {
  using reduction_t = loss_reduction_t;
  // A weight for each class.
  EMBER_ARG(Tensor, weight) = {};
  // Targets equal to ignore_index contribute neither loss nor gradient.
  EMBER_ARG(int64_t, ignore_index) = -100;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct CrossEntropyLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(Tensor, weight) = {};
  EMBER_ARG(int64_t, ignore_index) = -100;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
  // In [0, 1]: the target mixes the labels with a uniform distribution.
  EMBER_ARG(double, label_smoothing) = 0.0;
};

struct MarginRankingLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(double, margin) = 0;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

// target: 1 or -1.
struct HingeEmbeddingLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(double, margin) = 1.0;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

// target: 1 (similar) or -1 (dissimilar).
struct CosineEmbeddingLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(double, margin) = 0.0;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct MultiMarginLossOptions {
  using reduction_t = loss_reduction_t;
  // 1 or 2: the hinge or its square.
  EMBER_ARG(int64_t, p) = 1;
  EMBER_ARG(double, margin) = 1.0;
  // A weight for each class (of the target).
  EMBER_ARG(Tensor, weight) = Tensor();
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct MultiLabelSoftMarginLossOptions {
  using reduction_t = loss_reduction_t;
  // A weight for each class.
  EMBER_ARG(Tensor, weight) = Tensor();
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct TripletMarginLossOptions {
  using reduction_t = loss_reduction_t;
  EMBER_ARG(double, margin) = 1.0;
  // The norm's order and the eps of pairwise_distance.
  EMBER_ARG(double, p) = 2.0;
  EMBER_ARG(double, eps) = 1e-6;
  // Whether the positive-negative distance replaces the anchor-negative one when smaller.
  EMBER_ARG(bool, swap) = false;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct TripletMarginWithDistanceLossOptions {
  using reduction_t = loss_reduction_t;
  using distance_function_t = std::function<Tensor(const Tensor&, const Tensor&)>;
  // Unset: pairwise_distance.
  EMBER_ARG(std::optional<distance_function_t>, distance_function) = std::nullopt;
  EMBER_ARG(double, margin) = 1.0;
  EMBER_ARG(bool, swap) = false;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

struct PoissonNLLLossOptions {
  using reduction_t = loss_reduction_t;
  // Whether the input is the log of the rate (exp(input) - target * input), or the rate itself
  // (input - target * log(input + eps)).
  EMBER_ARG(bool, log_input) = true;
  // Whether to add Stirling's approximation of log(target!) (for targets > 1).
  EMBER_ARG(bool, full) = false;
  EMBER_ARG(double, eps) = 1e-8;
  EMBER_ARG(reduction_t, reduction) = ember::kMean;
};

namespace functional {
using MarginRankingLossFuncOptions = MarginRankingLossOptions;
using HingeEmbeddingLossFuncOptions = HingeEmbeddingLossOptions;
using CosineEmbeddingLossFuncOptions = CosineEmbeddingLossOptions;
using MultiMarginLossFuncOptions = MultiMarginLossOptions;
using MultilabelMarginLossFuncOptions = MultiLabelMarginLossOptions;
using MultilabelSoftMarginLossFuncOptions = MultiLabelSoftMarginLossOptions;
using TripletMarginLossFuncOptions = TripletMarginLossOptions;
using TripletMarginWithDistanceLossFuncOptions = TripletMarginWithDistanceLossOptions;
using PoissonNLLLossFuncOptions = PoissonNLLLossOptions;
using L1LossFuncOptions = L1LossOptions;
using MSELossFuncOptions = MSELossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
using SmoothL1LossFuncOptions = SmoothL1LossOptions;
using HuberLossFuncOptions = HuberLossOptions;
using KLDivFuncOptions = KLDivLossOptions;
using SoftMarginLossFuncOptions = SoftMarginLossOptions;
}  // namespace functional

}  // namespace ember::nn
