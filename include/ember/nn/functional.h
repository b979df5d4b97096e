#pragma once
// nn::functional: libtorch's torch::nn::functional (usually `namespace F =
// torch::nn::functional;`), each function taking its libtorch options struct:
//
//   F::relu(x);  F::softmax(x, F::SoftmaxFuncOptions(1));
//   F::cross_entropy(logits, target, F::CrossEntropyFuncOptions().label_smoothing(0.1));
//   F::dropout(x, F::DropoutFuncOptions().p(0.2).training(is_training()));
//
// and, in namespace ember (torch::), the ATen-level functions libtorch exposes beside them, with
// plain arguments: torch::linear, torch::dropout, torch::batch_norm, torch::layer_norm,
// torch::embedding, torch::one_hot, torch::constant_pad_nd and the losses (torch::nll_loss,
// torch::cross_entropy_loss, ... with reduction = torch::Reduction::Mean & co.).
//
// Everything is differentiable. Losses, normalizations and embedding are compositions of ember's
// differentiable ops, so their grad_fn names are those ops' (PyTorch has one fused node each);
// values and gradients are PyTorch's within float rounding.
#include <cstdint>
#include <optional>
#include <tuple>

#include "ember/core/Tensor.h"
#include "ember/generated/functions.h"  // the ops of src/ops/*.yaml (smooth_l1_loss...)
#include "ember/nn/options/activation.h"
#include "ember/nn/options/batchnorm.h"
#include "ember/nn/options/conv.h"
#include "ember/nn/options/dropout.h"
#include "ember/nn/options/embedding.h"
#include "ember/nn/options/linear.h"
#include "ember/nn/options/loss.h"
#include "ember/nn/options/normalization.h"
#include "ember/nn/options/padding.h"
#include "ember/nn/options/pooling.h"

namespace ember {

// ATen's reduction codes (at::Reduction::Reduction).
namespace Reduction {
enum Reduction { None = 0, Mean = 1, Sum = 2, END = 3 };
}  // namespace Reduction

// input @ weight.T + bias. input (*, in_features), weight (out_features, in_features).
Tensor linear(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = {});

// Zeroes each element with probability p and scales the others by 1 / (1 - p) when train;
// returns input itself otherwise. Draws from the global generator as PyTorch's CPU dropout does.
Tensor dropout(const Tensor& input, double p, bool train);
Tensor& dropout_(Tensor& self, double p, bool train);

// Normalizes over all dims but 1 (batch statistics when training, updating the running ones in
// place with `momentum`; else the running statistics).
Tensor batch_norm(const Tensor& input, const std::optional<Tensor>& weight,
                  const std::optional<Tensor>& bias, const std::optional<Tensor>& running_mean,
                  const std::optional<Tensor>& running_var, bool training, double momentum,
                  double eps, bool cudnn_enabled = true);

// Normalizes over the trailing dims given by normalized_shape.
Tensor layer_norm(const Tensor& input, IntArrayRef normalized_shape,
                  const std::optional<Tensor>& weight = {}, const std::optional<Tensor>& bias = {},
                  double eps = 1e-05, bool cudnn_enable = true);

// Rows of weight picked by the integer indices (shape indices.shape + [embedding_dim]).
// padding_idx (-1: none) gets no gradient; scale_grad_by_freq divides each row's gradient by the
// count of its index in the batch.
Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx = -1,
                 bool scale_grad_by_freq = false, bool sparse = false);
// Rescales, in place, the rows of self named in indices whose norm exceeds max_norm.
Tensor& embedding_renorm_(Tensor& self, const Tensor& indices, double max_norm, double norm_type);

// int64 one-hot encoding with a trailing dim of num_classes (-1: max + 1).
Tensor one_hot(const Tensor& self, int64_t num_classes = -1);

// Pads (or, with negative amounts, crops) the trailing dims with value; pad as F::pad's.
Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value = 0);

// Losses; reduction is a Reduction::Reduction code.
Tensor nll_loss(const Tensor& self, const Tensor& target, const std::optional<Tensor>& weight = {},
                int64_t reduction = Reduction::Mean, int64_t ignore_index = -100);
Tensor nll_loss_nd(const Tensor& self, const Tensor& target,
                   const std::optional<Tensor>& weight = {}, int64_t reduction = Reduction::Mean,
                   int64_t ignore_index = -100);
Tensor cross_entropy_loss(const Tensor& self, const Tensor& target,
                          const std::optional<Tensor>& weight = {},
                          int64_t reduction = Reduction::Mean, int64_t ignore_index = -100,
                          double label_smoothing = 0.0);
Tensor mse_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor l1_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean);
Tensor binary_cross_entropy(const Tensor& self, const Tensor& target,
                            const std::optional<Tensor>& weight = {},
                            int64_t reduction = Reduction::Mean);
// smooth_l1_loss and binary_cross_entropy_with_logits: declared by src/ops/nn.yaml.

namespace nn::functional {

// The Reduction code of a reduction option (kNone, kMean, kSum).
int64_t reduction_code(const loss_reduction_t& reduction);

// ---- activations ------------------------------------------------------------------------------
Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
Tensor gelu(const Tensor& input, const GELUFuncOptions& options = {});
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);

// ---- linear, dropout, embedding, one_hot --------------------------------------------------------
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});
Tensor dropout(Tensor input, const DropoutFuncOptions& options = {});
Tensor embedding(const Tensor& input, Tensor weight, const EmbeddingFuncOptions& options = {});
Tensor one_hot(const Tensor& tensor, int64_t num_classes = -1);

// ---- convolution, pooling, padding -------------------------------------------------------------
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& options);
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);
Tensor pad(const Tensor& input, const PadFuncOptions& options);

// ---- normalization ----------------------------------------------------------------------------
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});
Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options);

// ---- losses -----------------------------------------------------------------------------------
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const CrossEntropyFuncOptions& options = {});
Tensor nll_loss(const Tensor& input, const Tensor& target, const NLLLossFuncOptions& options = {});
Tensor mse_loss(const Tensor& input, const Tensor& target, const MSELossFuncOptions& options = {});
Tensor l1_loss(const Tensor& input, const Tensor& target, const L1LossFuncOptions& options = {});
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const BinaryCrossEntropyFuncOptions& options = {});
Tensor binary_cross_entropy_with_logits(
    const Tensor& input, const Tensor& target,
    const BinaryCrossEntropyWithLogitsFuncOptions& options = {});

}  // namespace nn::functional

}  // namespace ember
