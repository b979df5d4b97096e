#pragma once
// Example: one (data, target) pair of a dataset, and a batch of them once stacked
// (libtorch's torch::data::Example).
#include <utility>

#include "ember/core/Tensor.h"

namespace ember::data {

template <class Data = Tensor, class Target = Tensor>
struct Example {
  using DataType = Data;
  using TargetType = Target;

  Example() = default;
  Example(Data data, Target target) : data(std::move(data)), target(std::move(target)) {}

  Data data;
  Target target;
};

}  // namespace ember::data
