#pragma once
// nn::functional: libtorch's torch::nn::functional (usually `namespace F =
// torch::nn::functional;`), each function taking its libtorch options struct:
//
//   F::relu(x);  F::softmax(x, F::SoftmaxFuncOptions(1));
//   F::cross_entropy(logits, target, F::CrossEntropyFuncOptions().label_smoothing(0.1));
//   F::dropout(x, F::DropoutFuncOptions().p(0.2).training(is_training()));
//
// and, in namespace ember (torch::), the ATen-level functions libtorch exposes beside them, with
// plain arguments: torch::linear, torch::bilinear, torch::dropout (and alpha_dropout, feature_*),
// torch::batch_norm, torch::layer_norm, torch::group_norm, torch::instance_norm, torch::embedding,
// torch::one_hot, torch::constant_pad_nd, the activations without kernels of their own
// (torch::leaky_relu, torch::elu, torch::rrelu, ...), torch::conv1d, torch::conv3d,
// torch::conv_transpose1d/2d/3d, the 1-d, 3-d and adaptive pools, torch::max_unpool2d,
// torch::im2col / col2im, torch::upsample_*, and the losses (torch::nll_loss,
// torch::cross_entropy_loss, torch::multi_margin_loss, ... with reduction =
// torch::Reduction::Mean & co.).
//
// Everything is differentiable. Most of these are compositions of ember's differentiable ops, so
// their grad_fn names are those ops' (PyTorch has one fused node each); values and gradients are
// PyTorch's within float rounding.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ember/core/Tensor.h"
#include "ember/generated/functions.h"  // the ops of src/ops/*.yaml (smooth_l1_loss...)
#include "ember/nn/options/activation.h"
#include "ember/nn/options/batchnorm.h"
#include "ember/nn/options/conv.h"
#include "ember/nn/options/distance.h"
#include "ember/nn/options/dropout.h"
#include "ember/nn/options/embedding.h"
#include "ember/nn/options/fold.h"
#include "ember/nn/options/instancenorm.h"
#include "ember/nn/options/linear.h"
#include "ember/nn/options/loss.h"
#include "ember/nn/options/normalization.h"
#include "ember/nn/options/padding.h"
#include "ember/nn/options/pixelshuffle.h"
#include "ember/nn/options/pooling.h"
#include "ember/nn/options/upsampling.h"

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

// 1-d convolutions and transposed convolutions of (N, C, ...) or unbatched (C, ...) inputs,
// composed of conv2d (src/nn/conv.cpp). Transposed: weight (C_in, C_out / groups, k...), output
// size per dim (in - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1.
Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
// padding "valid" or "same".
Tensor conv1d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation = 1,
              int64_t groups = 1);
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias = {}, IntArrayRef stride = 1,
                        IntArrayRef padding = 0, IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias = {}, IntArrayRef stride = 1,
                        IntArrayRef padding = 0, IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);

// Pooling over the last dim of (N, C, L) or (C, L), through the 2-d pools (src/nn/pooling.cpp).
Tensor max_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
Tensor avg_pool1d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true);
Tensor adaptive_avg_pool1d(const Tensor& self, IntArrayRef output_size);
// The maximum over the windows that split the last dim into output_size, and its index.
std::tuple<Tensor, Tensor> adaptive_max_pool1d(const Tensor& self, IntArrayRef output_size);
// The maximum over windows that split the last two dims of (N, C, H, W) or (C, H, W) into
// output_size, and its flat index h * W + w in the plane (the first in row-major order on ties).
std::tuple<Tensor, Tensor> adaptive_max_pool2d(const Tensor& self, IntArrayRef output_size);

// Activations without a kernel of their own, composed of differentiable ops
// (src/nn/activation.cpp); the in-place forms give self the result's history.
Tensor leaky_relu(const Tensor& self, const Scalar& negative_slope = 0.01);
Tensor& leaky_relu_(Tensor& self, const Scalar& negative_slope = 0.01);
// scale * (self > 0 ? self : alpha * (exp(self * input_scale) - 1)).
Tensor elu(const Tensor& self, const Scalar& alpha = 1, const Scalar& scale = 1,
           const Scalar& input_scale = 1);
Tensor& elu_(Tensor& self, const Scalar& alpha = 1, const Scalar& scale = 1,
             const Scalar& input_scale = 1);
Tensor selu(const Tensor& self);
Tensor& selu_(Tensor& self);
// log(1 + exp(beta * self)) / beta, or self where beta * self > threshold.
Tensor softplus(const Tensor& self, const Scalar& beta = 1, const Scalar& threshold = 20);
Tensor hardtanh(const Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
Tensor& hardtanh_(Tensor& self, const Scalar& min_val = -1, const Scalar& max_val = 1);
Tensor relu6(const Tensor& self);
Tensor& relu6_(Tensor& self);
// self > 0 ? self : weight * self, weight one value or one per channel (dim 1).
Tensor prelu(const Tensor& self, const Tensor& weight);
// 0 where |self| <= lambd, else self (hardshrink) or self moved lambd towards 0 (softshrink).
Tensor hardshrink(const Tensor& self, const Scalar& lambd = 0.5);
Tensor softshrink(const Tensor& self, const Scalar& lambd = 0.5);
// self > threshold ? self : value.
Tensor threshold(const Tensor& self, const Scalar& threshold, const Scalar& value);
Tensor& threshold_(Tensor& self, const Scalar& threshold, const Scalar& value);
// a * sigmoid(b) for the halves a, b of dim.
Tensor glu(const Tensor& self, int64_t dim = -1);
// self * tanh(softplus(self)).
Tensor mish(const Tensor& self);
// elu(self, alpha, 1, 1 / alpha).
Tensor celu(const Tensor& self, const Scalar& alpha = 1.0);
Tensor& celu_(Tensor& self, const Scalar& alpha = 1.0);

// dropout with one draw per (sample, channel) of an (N, C, ...) input.
Tensor feature_dropout(const Tensor& input, double p, bool train);
Tensor& feature_dropout_(Tensor& self, double p, bool train);

// Normalizes each of num_groups groups of channels (dim 1) of each sample, then scales and
// shifts each channel by weight and bias (src/nn/group_norm.cpp).
Tensor group_norm(const Tensor& input, int64_t num_groups, const std::optional<Tensor>& weight = {},
                  const std::optional<Tensor>& bias = {}, double eps = 1e-05,
                  bool cudnn_enabled = true);

// Normalizes each (sample, channel) of (N, C, ...) over its other dims: batch_norm of the input
// seen as (1, N * C, ...). The running statistics (when given) are updated with the mean over
// the batch of the per-sample ones; !use_input_stats normalizes with them instead.
Tensor instance_norm(const Tensor& input, const std::optional<Tensor>& weight,
                     const std::optional<Tensor>& bias, const std::optional<Tensor>& running_mean,
                     const std::optional<Tensor>& running_var, bool use_input_stats,
                     double momentum, double eps, bool cudnn_enabled = true);

// x1^T A_o x2 + b_o for each output feature o: weight (out, in1, in2), inputs (*, in1), (*, in2).
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const std::optional<Tensor>& bias = {});

// Dropout that keeps SELU's mean and variance: dropped elements become -alpha' (1.7581 * scale)
// and all are then scaled and shifted (src/nn/random_layers.cpp). The feature form drops whole
// channels of (N, C, ...). Draws as PyTorch's CPU kernels.
Tensor alpha_dropout(const Tensor& input, double p, bool train);
Tensor& alpha_dropout_(Tensor& self, double p, bool train);
Tensor feature_alpha_dropout(const Tensor& input, double p, bool train);
Tensor& feature_alpha_dropout_(Tensor& self, double p, bool train);

// Randomized leaky ReLU: in training each input <= 0 is multiplied by a slope drawn uniformly in
// [lower, upper] (one draw per such element, in memory order, as PyTorch's CPU kernel); otherwise
// by (lower + upper) / 2.
Tensor rrelu(const Tensor& self, const Scalar& lower = 1.0 / 8.0, const Scalar& upper = 1.0 / 3.0,
             bool training = false, std::optional<Generator> generator = std::nullopt);
Tensor& rrelu_(Tensor& self, const Scalar& lower = 1.0 / 8.0, const Scalar& upper = 1.0 / 3.0,
               bool training = false, std::optional<Generator> generator = std::nullopt);

// 3-d convolution of (N, C, D, H, W) or unbatched (C, D, H, W), weight (C_out, C_in / groups, kD,
// kH, kW): a sum over kD of 2-d convolutions of depth slices (src/nn/conv3d.cpp).
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias = {},
              IntArrayRef stride = 1, IntArrayRef padding = 0, IntArrayRef dilation = 1,
              int64_t groups = 1);
// padding "valid" or "same".
Tensor conv3d(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation = 1,
              int64_t groups = 1);

// Pooling over the last three dims of (N, C, D, H, W) or (C, D, H, W), composed of the 2-d pools
// over (H, W) and a reduction over depth windows (src/nn/pooling3d.cpp). max_pool3d's index is
// d * H * W + h * W + w within the channel, the first maximum in (d, h, w) order.
Tensor max_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, IntArrayRef dilation = 1, bool ceil_mode = false);
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride = {}, IntArrayRef padding = 0,
                                                   IntArrayRef dilation = 1,
                                                   bool ceil_mode = false);
Tensor avg_pool3d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride = {},
                  IntArrayRef padding = 0, bool ceil_mode = false, bool count_include_pad = true,
                  std::optional<int64_t> divisor_override = std::nullopt);
Tensor adaptive_avg_pool3d(const Tensor& self, IntArrayRef output_size);
std::tuple<Tensor, Tensor> adaptive_max_pool3d(const Tensor& self, IntArrayRef output_size);

// weight (C_in, C_out / groups, kD, kH, kW): the 3-d convolution of the input spread out by the
// stride (src/nn/conv3d.cpp), as conv_transpose2d.
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const std::optional<Tensor>& bias = {}, IntArrayRef stride = 1,
                        IntArrayRef padding = 0, IntArrayRef output_padding = 0, int64_t groups = 1,
                        IntArrayRef dilation = 1);

// The sliding (kH, kW) blocks of (N, C, H, W) or (C, H, W) as columns: (N, C * kH * kW, L), and
// back, summing overlaps into (N, C, output_size) (src/nn/fold.cpp).
Tensor im2col(const Tensor& self, IntArrayRef kernel_size, IntArrayRef dilation,
              IntArrayRef padding, IntArrayRef stride);
Tensor col2im(const Tensor& self, IntArrayRef output_size, IntArrayRef kernel_size,
              IntArrayRef dilation, IntArrayRef padding, IntArrayRef stride);

// Places each value of (N, C, h, w) or (C, h, w) at its flat index (h * W + w, as max_pool2d's)
// in a zero (N, C, output_size) tensor.
Tensor max_unpool2d(const Tensor& self, const Tensor& indices, IntArrayRef output_size);

// Rearranges (*, C * r * r, H, W) into (*, C, H * r, W * r), and back.
Tensor pixel_shuffle(const Tensor& self, int64_t upscale_factor);
Tensor pixel_unshuffle(const Tensor& self, int64_t downscale_factor);

// sum(x1 * x2) / sqrt(max(sum(x1^2) * sum(x2^2), eps^2)) along dim, x1 and x2 broadcast.
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim = 1, double eps = 1e-08);
// The p-norm of x1 - x2 + eps along the last dim.
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p = 2, double eps = 1e-06,
                         bool keepdim = false);

// Resampling of (N, C, L) or (N, C, H, W) to output_size (src/nn/upsampling.cpp); scales are the
// factors the output size came from, when given.
Tensor upsample_nearest1d(const Tensor& self, IntArrayRef output_size,
                          std::optional<double> scales = std::nullopt);
Tensor upsample_nearest2d(const Tensor& self, IntArrayRef output_size,
                          std::optional<double> scales_h = std::nullopt,
                          std::optional<double> scales_w = std::nullopt);
Tensor upsample_linear1d(const Tensor& self, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales = std::nullopt);
Tensor upsample_bilinear2d(const Tensor& self, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h = std::nullopt,
                           std::optional<double> scales_w = std::nullopt);

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
// |d| < delta ? d^2 / 2 : delta * (|d| - delta / 2) for d = self - target.
Tensor huber_loss(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
                  double delta = 1.0);
// target * (log(target) - self) (0 where target is 0), or with log_target
// exp(target) * (target - self).
Tensor kl_div(const Tensor& self, const Tensor& target, int64_t reduction = Reduction::Mean,
              bool log_target = false);
// log(1 + exp(-target * self)); not differentiable in target.
Tensor soft_margin_loss(const Tensor& self, const Tensor& target,
                        int64_t reduction = Reduction::Mean);
// max(0, -target * (self - other) + margin).
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           double margin = 0.0, int64_t reduction = Reduction::Mean);
// self where target is 1, max(0, margin - self) where it is -1.
Tensor hinge_embedding_loss(const Tensor& self, const Tensor& target, double margin = 1.0,
                            int64_t reduction = Reduction::Mean);
// 1 - cos(input1, input2) where target is 1, max(0, cos - margin) where it is -1.
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             double margin = 0.0, int64_t reduction = Reduction::Mean);
// Per sample, the sum over classes i != y of max(0, margin - x[y] + x[i]) ^ p (times weight[y]),
// divided by the class count.
Tensor multi_margin_loss(const Tensor& self, const Tensor& target, const Scalar& p = 1,
                         const Scalar& margin = 1, const std::optional<Tensor>& weight = {},
                         int64_t reduction = Reduction::Mean);
// Per sample, the sum over its target classes y (up to the first -1) and the other classes i of
// max(0, 1 - x[y] + x[i]), divided by the class count.
Tensor multilabel_margin_loss(const Tensor& self, const Tensor& target,
                              int64_t reduction = Reduction::Mean);
// max(0, margin + d(anchor, positive) - d(anchor, negative)) with pairwise_distance d; with swap,
// d(positive, negative) replaces the second when smaller.
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           double margin = 1.0, double p = 2, double eps = 1e-06, bool swap = false,
                           int64_t reduction = Reduction::Mean);
// exp(self) - target * self (log_input) or self - target * log(self + eps); full adds Stirling's
// term for targets > 1.
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target, bool log_input, bool full,
                        double eps, int64_t reduction);
// smooth_l1_loss and binary_cross_entropy_with_logits: declared by src/ops/nn.yaml.

namespace nn::functional {

// The Reduction code of a reduction option (kNone, kMean, kSum).
int64_t reduction_code(const loss_reduction_t& reduction);

// ---- activations ------------------------------------------------------------------------------
Tensor relu(Tensor input, const ReLUFuncOptions& options = {});
Tensor gelu(const Tensor& input, const GELUFuncOptions& options = {});
Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options);
Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options);
Tensor softmin(const Tensor& input, const SoftminFuncOptions& options);
Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options = {});
Tensor elu(Tensor input, const ELUFuncOptions& options = {});
Tensor selu(Tensor input, const SELUFuncOptions& options = {});
Tensor silu(const Tensor& input);
Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options = {});
Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options = {});
Tensor relu6(Tensor input, const ReLU6FuncOptions& options = {});
Tensor prelu(const Tensor& input, const Tensor& weight);
Tensor logsigmoid(const Tensor& input);
Tensor softsign(const Tensor& input);
Tensor tanhshrink(const Tensor& input);
Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options = {});
Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options = {});
Tensor threshold(Tensor input, const ThresholdFuncOptions& options);
Tensor glu(const Tensor& input, const GLUFuncOptions& options = {});
Tensor mish(const Tensor& input);
Tensor celu(Tensor input, const CELUFuncOptions& options = {});
Tensor rrelu(Tensor input, const RReLUFuncOptions& options = {});

// ---- linear, dropout, embedding, one_hot --------------------------------------------------------
Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias = {});
Tensor dropout(Tensor input, const DropoutFuncOptions& options = {});
// Zero whole channels: inputs (N, C, H, W) and (N, C, D, H, W); one dim fewer is one unbatched
// sample (any other is taken as unbatched too, as libtorch 1.13).
Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options = {});
Tensor dropout3d(Tensor input, const Dropout3dFuncOptions& options = {});
Tensor alpha_dropout(Tensor input, const AlphaDropoutFuncOptions& options = {});
Tensor feature_alpha_dropout(Tensor input, const FeatureAlphaDropoutFuncOptions& options = {});
Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias = Tensor());
Tensor embedding(const Tensor& input, Tensor weight, const EmbeddingFuncOptions& options = {});
// The sum, mean or max of each bag's rows of weight: bags start at the offsets of a 1-d input, or
// are the rows of a 2-d one; an empty bag gives zeros (src/nn/embedding_bag.cpp).
Tensor embedding_bag(const Tensor& input, const Tensor& weight,
                     const EmbeddingBagFuncOptions& options = {});
Tensor one_hot(const Tensor& tensor, int64_t num_classes = -1);

// ---- convolution, pooling, padding -------------------------------------------------------------
Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options = {});
Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options = {});
Tensor conv3d(const Tensor& input, const Tensor& weight, const Conv3dFuncOptions& options = {});
Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& options = {});
Tensor conv_transpose3d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose3dFuncOptions& options = {});
Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options = {});
Tensor max_pool1d(const Tensor& input, const MaxPool1dFuncOptions& options);
std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input,
                                                   const MaxPool1dFuncOptions& options);
Tensor avg_pool1d(const Tensor& input, const AvgPool1dFuncOptions& options);
Tensor adaptive_avg_pool1d(const Tensor& input, const AdaptiveAvgPool1dFuncOptions& options);
Tensor adaptive_max_pool1d(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options);
std::tuple<Tensor, Tensor> adaptive_max_pool1d_with_indices(
    const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options);
Tensor adaptive_max_pool2d(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options);
std::tuple<Tensor, Tensor> adaptive_max_pool2d_with_indices(
    const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options);
Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options);
std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& options);
Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options);
Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options);
Tensor max_pool3d(const Tensor& input, const MaxPool3dFuncOptions& options);
std::tuple<Tensor, Tensor> max_pool3d_with_indices(const Tensor& input,
                                                   const MaxPool3dFuncOptions& options);
Tensor avg_pool3d(const Tensor& input, const AvgPool3dFuncOptions& options);
Tensor adaptive_avg_pool3d(const Tensor& input, const AdaptiveAvgPool3dFuncOptions& options);
Tensor adaptive_max_pool3d(const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options);
std::tuple<Tensor, Tensor> adaptive_max_pool3d_with_indices(
    const Tensor& input, const AdaptiveMaxPool3dFuncOptions& options);
Tensor pad(const Tensor& input, const PadFuncOptions& options);
// Batched (N, C * kH * kW, L) or unbatched (C * kH * kW, L) columns summed into (N, C, H, W).
Tensor fold(const Tensor& input, const FoldFuncOptions& options);
// 4-d inputs only, as libtorch 1.13.
Tensor unfold(const Tensor& input, const UnfoldFuncOptions& options);
// (avg_pool of x^p * window size) ^ (1 / p), negative window sums taken as 0.
Tensor lp_pool1d(const Tensor& input, const LPPool1dFuncOptions& options);
Tensor lp_pool2d(const Tensor& input, const LPPool2dFuncOptions& options);
Tensor max_unpool1d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool1dFuncOptions& options);
Tensor max_unpool2d(const Tensor& input, const Tensor& indices,
                    const MaxUnpool2dFuncOptions& options);
Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options);
Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options);
// Modes nearest, linear (3-d input), bilinear (4-d) and area.
Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options = {});
// "[2, 1.5]": scale factors as libtorch prints them (in messages and Upsample's printing).
std::string doubles(const std::vector<double>& values);

// ---- distances --------------------------------------------------------------------------------
Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options = {});
Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options = {});

// ---- normalization ----------------------------------------------------------------------------
Tensor batch_norm(const Tensor& input, const Tensor& running_mean, const Tensor& running_var,
                  const BatchNormFuncOptions& options = {});
Tensor layer_norm(const Tensor& input, const LayerNormFuncOptions& options);
Tensor group_norm(const Tensor& input, const GroupNormFuncOptions& options);
Tensor instance_norm(const Tensor& input, const InstanceNormFuncOptions& options = {});
Tensor local_response_norm(const Tensor& input, const LocalResponseNormFuncOptions& options);

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
// options.beta() is not read: beta is the argument, as libtorch 1.13's.
Tensor smooth_l1_loss(const Tensor& input, const Tensor& target,
                      const SmoothL1LossFuncOptions& options = {}, double beta = 1.);
Tensor huber_loss(const Tensor& input, const Tensor& target,
                  const HuberLossFuncOptions& options = {});
// reduction kBatchMean divides the sum by the batch size; kMean (the default, with libtorch's
// warning) by the element count.
Tensor kl_div(const Tensor& input, const Tensor& target, const KLDivFuncOptions& options = {});
Tensor soft_margin_loss(const Tensor& input, const Tensor& target,
                        const SoftMarginLossFuncOptions& options = {});
Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                           const MarginRankingLossFuncOptions& options = {});
Tensor hinge_embedding_loss(const Tensor& input, const Tensor& target,
                            const HingeEmbeddingLossFuncOptions& options = {});
Tensor cosine_embedding_loss(const Tensor& input1, const Tensor& input2, const Tensor& target,
                             const CosineEmbeddingLossFuncOptions& options = {});
Tensor multi_margin_loss(const Tensor& input, const Tensor& target,
                         const MultiMarginLossFuncOptions& options = {});
Tensor multilabel_margin_loss(const Tensor& input, const Tensor& target,
                              const MultilabelMarginLossFuncOptions& options = {});
// -(target * logsigmoid(x) + (1 - target) * logsigmoid(-x)) (times weight), averaged over the
// classes (the last dim).
Tensor multilabel_soft_margin_loss(const Tensor& input, const Tensor& target,
                                   const MultilabelSoftMarginLossFuncOptions& options = {});
Tensor triplet_margin_loss(const Tensor& anchor, const Tensor& positive, const Tensor& negative,
                           const TripletMarginLossFuncOptions& options = {});
Tensor triplet_margin_with_distance_loss(
    const Tensor& anchor, const Tensor& positive, const Tensor& negative,
    const TripletMarginWithDistanceLossFuncOptions& options = {});
Tensor poisson_nll_loss(const Tensor& input, const Tensor& target,
                        const PoissonNLLLossFuncOptions& options = {});

}  // namespace nn::functional

}  // namespace ember
