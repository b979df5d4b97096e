#pragma once
// Options of functional::pad (libtorch's torch/nn/options/padding.h). pad lists (left, right)
// amounts from the last dimension backwards: {1, 1, 2, 2} pads the last dim by 1 on each side and
// the one before by 2.
#include <cstdint>
#include <variant>
#include <vector>

#include "ember/nn/arg.h"
#include "ember/nn/enum.h"

namespace ember::nn::functional {

struct PadFuncOptions {
  using mode_t = std::variant<enumtype::kConstant, enumtype::kReflect, enumtype::kReplicate,
                              enumtype::kCircular>;
  PadFuncOptions(std::vector<int64_t> pad) : pad_(std::move(pad)) {}  // NOLINT: implicit
  EMBER_ARG(std::vector<int64_t>, pad);
  EMBER_ARG(mode_t, mode) = ember::kConstant;
  EMBER_ARG(double, value) = 0;
};

}  // namespace ember::nn::functional
