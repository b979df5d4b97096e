#pragma once
// nn::utils::parameters_to_vector / vector_to_parameters (libtorch's
// torch/nn/utils/convert_parameters.h).
#include <vector>

#include "ember/core/Tensor.h"

namespace ember::nn::utils {

// All parameters flattened and concatenated into one 1-D tensor.
Tensor parameters_to_vector(const std::vector<Tensor>& parameters);
// Copies consecutive slices of vec into the parameters (their data, without history).
void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters);

}  // namespace ember::nn::utils
