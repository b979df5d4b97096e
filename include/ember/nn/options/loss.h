#pragma once
// Options of the losses (libtorch's torch/nn/options/loss.h). reduction: torch::kNone (one loss
// per element), torch::kMean (default) or torch::kSum.
#include <cstdint>
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
#undef EMBER_REDUCTION_ONLY_OPTIONS

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

namespace functional {
using L1LossFuncOptions = L1LossOptions;
using MSELossFuncOptions = MSELossOptions;
using BinaryCrossEntropyFuncOptions = BCELossOptions;
using BinaryCrossEntropyWithLogitsFuncOptions = BCEWithLogitsLossOptions;
using NLLLossFuncOptions = NLLLossOptions;
using CrossEntropyFuncOptions = CrossEntropyLossOptions;
}  // namespace functional

}  // namespace ember::nn
