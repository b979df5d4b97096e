#pragma once
// nn::utils::clip_grad_norm_ / clip_grad_value_ (libtorch's torch/nn/utils/clip_grad.h).
#include <initializer_list>
#include <vector>

#include "ember/core/Tensor.h"

namespace ember::nn::utils {

// Scales the gradients of `parameters` (those that have one) so that their total norm of order
// norm_type (all gradients seen as one vector; inf: the largest magnitude) is at most max_norm:
// each is multiplied by min(1, max_norm / (total_norm + 1e-6)). Returns the total norm before
// clipping; with error_if_nonfinite, throws when it is inf or nan.
double clip_grad_norm_(std::vector<Tensor> parameters, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);
double clip_grad_norm_(std::initializer_list<Tensor> parameters, double max_norm,
                       double norm_type = 2.0, bool error_if_nonfinite = false);
double clip_grad_norm_(Tensor parameter, double max_norm, double norm_type = 2.0,
                       bool error_if_nonfinite = false);

// Clamps every gradient into [-clip_value, clip_value].
void clip_grad_value_(std::vector<Tensor> parameters, double clip_value);
void clip_grad_value_(std::initializer_list<Tensor> parameters, double clip_value);
void clip_grad_value_(Tensor parameter, double clip_value);

}  // namespace ember::nn::utils
