#pragma once
// Options of Dropout and functional::dropout (libtorch's torch/nn/options/dropout.h).
#include "ember/nn/arg.h"

namespace ember::nn {

struct DropoutOptions {
  DropoutOptions(double p = 0.5) : p_(p) {}  // NOLINT: implicit, as libtorch
  // Probability of an element to be zeroed.
  EMBER_ARG(double, p) = 0.5;
  EMBER_ARG(bool, inplace) = false;
};

namespace functional {
struct DropoutFuncOptions {
  EMBER_ARG(double, p) = 0.5;
  EMBER_ARG(bool, training) = true;
  EMBER_ARG(bool, inplace) = false;
};
}  // namespace functional

}  // namespace ember::nn
