#pragma once
// Options of CosineSimilarity and PairwiseDistance (libtorch's torch/nn/options/distance.h).
#include <cstdint>

#include "ember/nn/arg.h"

namespace ember::nn {

struct CosineSimilarityOptions {
  EMBER_ARG(int64_t, dim) = 1;
  // The lower bound of the product of the squared norms is eps * eps.
  EMBER_ARG(double, eps) = 1e-8;
};

struct PairwiseDistanceOptions {
  // The order of the norm.
  EMBER_ARG(double, p) = 2.0;
  // Added to the difference (avoids a zero norm's undefined gradient).
  EMBER_ARG(double, eps) = 1e-6;
  EMBER_ARG(bool, keepdim) = false;
};

namespace functional {
using CosineSimilarityFuncOptions = CosineSimilarityOptions;
using PairwiseDistanceFuncOptions = PairwiseDistanceOptions;
}  // namespace functional

}  // namespace ember::nn
