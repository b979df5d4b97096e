// nn::functional's activations, linear, dropout, one_hot, padding, convolution and pooling, and
// the ATen-level functions behind them (torch::linear, torch::dropout, ...), as PyTorch 1.13's
// aten/src/ATen/native (Linear.cpp, Dropout.cpp, Onehot.cpp, PadNd.cpp) compose them.
#include "ember/nn/functional.h"

#include <algorithm>
#include <sstream>
#include <variant>
#include <vector>

#include "core/wrapping.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/linalg.h"
#include "ember/ops/reduce.h"
#include "ember/ops/shape.h"

namespace ember {

// ---- linear -----------------------------------------------------------------------------------

Tensor linear(const Tensor& input, const Tensor& weight, const std::optional<Tensor>& bias_opt) {
  const bool has_bias = bias_opt && bias_opt->defined();
  if (input.dim() == 2 && has_bias) return addmm(*bias_opt, input, weight.t());
  if (has_bias && input.is_contiguous() && input.dim() >= 3 && bias_opt->dim() == 1) {
    // PyTorch flattens contiguous N-d inputs onto one addmm.
    DimVector sizes(input.sizes());
    const int64_t last = sizes.back();
    int64_t rows = 1;
    for (size_t i = 0; i + 1 < sizes.size(); ++i) rows = wrapping::mul(rows, sizes[i]);
    Tensor result = addmm(*bias_opt, input.reshape({rows, last}), weight.t());
    sizes[sizes.size() - 1] = result.size(1);
    return result.view(sizes);
  }
  Tensor output = matmul(input, weight.t());
  if (has_bias) output.add_(*bias_opt);
  return output;
}

// ---- dropout ----------------------------------------------------------------------------------

namespace {
// PyTorch's _dropout_impl for CPU: a Bernoulli(1 - p) mask scaled by 1 / (1 - p).
Tensor dropout_noise(const Tensor& input, double p) {
  Tensor noise = empty(input.sizes(), input.options());
  noise.bernoulli_(1 - p);
  noise.div_(1 - p);
  return noise;
}
void check_dropout_p(double p) {
  EMBER_CHECK(p >= 0 && p <= 1, "dropout probability has to be between 0 and 1, but got ", p);
}
}  // namespace

Tensor dropout(const Tensor& input, double p, bool train) {
  check_dropout_p(p);
  if (p == 0 || !train || input.numel() == 0) return input;
  if (p == 1) return input.mul(zeros({}, input.options()));
  return input.mul(dropout_noise(input, p));
}

Tensor& dropout_(Tensor& self, double p, bool train) {
  check_dropout_p(p);
  if (p == 0 || !train || self.numel() == 0) return self;
  if (p == 1) return self.mul_(zeros({}, self.options()));
  return self.mul_(dropout_noise(self, p));
}

// ---- one_hot ----------------------------------------------------------------------------------

Tensor one_hot(const Tensor& self, int64_t num_classes) {
  EMBER_CHECK(self.dtype() == kLong, "one_hot is only applicable to index tensor.");
  DimVector shape(self.sizes());
  if (self.numel() == 0) {
    EMBER_CHECK(num_classes > 0, "Can not infer total number of classes from empty tensor.");
    shape.push_back(num_classes);
    return empty(shape, self.options());
  }
  EMBER_CHECK(self.min().item<int64_t>() >= 0, "Class values must be non-negative.");
  if (num_classes == -1) {
    // Wraps for the largest int64, as PyTorch's (the negative size is then refused).
    num_classes = wrapping::add(self.max().item<int64_t>(), 1);
  } else {
    EMBER_CHECK(num_classes > self.max().item<int64_t>(),
                "Class values must be smaller than num_classes.");
  }
  shape.push_back(num_classes);
  Tensor result = zeros(shape, self.options());
  result.scatter_(-1, self.unsqueeze(-1), 1);
  return result;
}

// ---- padding ----------------------------------------------------------------------------------

Tensor constant_pad_nd(const Tensor& self, IntArrayRef pad, const Scalar& value) {
  EMBER_CHECK(pad.size() % 2 == 0, "Length of pad must be even but instead it equals ", pad.size());
  const int64_t l_inp = self.dim();
  const auto l_pad = static_cast<int64_t>(pad.size() / 2);
  const int64_t l_diff = l_inp - l_pad;
  EMBER_CHECK(l_inp >= l_pad,
              "Length of pad should be no more than twice the number of dimensions of the input. "
              "Pad length is ",
              pad.size(), "while the input has ", l_inp, "dimensions.");
  // Crops first (narrow), as PyTorch 1.13, then pads with constant blocks (cat): differentiable.
  Tensor out = self;
  bool all_pads_non_positive = true;
  for (int64_t dim = l_diff; dim < l_inp; ++dim) {
    const size_t pad_idx = static_cast<size_t>(2 * (l_inp - dim - 1));
    if (pad[pad_idx] < 0) {
      out = out.narrow(dim, wrapping::sub(0, pad[pad_idx]), out.size(dim) + pad[pad_idx]);
    } else if (pad[pad_idx] != 0) {
      all_pads_non_positive = false;
    }
    if (pad[pad_idx + 1] < 0) {
      out = out.narrow(dim, 0, out.size(dim) + pad[pad_idx + 1]);
    } else if (pad[pad_idx + 1] != 0) {
      all_pads_non_positive = false;
    }
  }
  if (all_pads_non_positive) return out.clone();
  DimVector new_shape(self.sizes());
  for (int64_t i = 0; i < l_pad; ++i) {
    const size_t pad_idx = pad.size() - static_cast<size_t>((i + 1) * 2);
    const int64_t size = self.size(l_diff + i);
    // PyTorch adds in int64 and reports a wrapped sum too; one that wraps to a positive size is
    // an error here as well.
    const int64_t new_dim = wrapping::add(wrapping::add(size, pad[pad_idx]), pad[pad_idx + 1]);
    EMBER_CHECK(new_dim > 0, "The input size ", size, ", plus negative padding ", pad[pad_idx],
                " and ", pad[pad_idx + 1],
                " resulted in a negative output size, which is invalid. Check dimension ",
                l_diff + i, " of your input.");
    EMBER_CHECK(static_cast<__int128>(size) + pad[pad_idx] + pad[pad_idx + 1] == new_dim,
                "The input size ", size, ", plus padding ", pad[pad_idx], " and ", pad[pad_idx + 1],
                " overflows int64. Check dimension ", l_diff + i, " of your input.");
    new_shape[static_cast<size_t>(l_diff + i)] = new_dim;
  }
  // The result's size, checked before any block is made (PyTorch makes the result first).
  (void)storage_nbytes(new_shape, static_cast<size_t>(self.element_size()));
  for (int64_t dim = l_diff; dim < l_inp; ++dim) {
    const size_t pad_idx = static_cast<size_t>(2 * (l_inp - dim - 1));
    const int64_t left = std::max<int64_t>(pad[pad_idx], 0);
    const int64_t right = std::max<int64_t>(pad[pad_idx + 1], 0);
    if (left == 0 && right == 0) continue;
    auto block = [&](int64_t n) {
      DimVector s(out.sizes());
      s[static_cast<size_t>(dim)] = n;
      return full(s, value, out.options());
    };
    std::vector<Tensor> parts;
    if (left > 0) parts.push_back(block(left));
    parts.push_back(out);
    if (right > 0) parts.push_back(block(right));
    out = cat(parts, dim);
  }
  return out;
}

namespace nn::functional {

namespace {
// The input positions feeding each output position of one dim padded by (left, right) in a
// non-constant mode.
// `n` is the padded size, size + left + right (checked by the caller).
Tensor pad_indices(int64_t size, int64_t left, int64_t n, const PadFuncOptions::mode_t& mode) {
  Tensor result = ember::detail::make_tensor({n}, kLong, Device(kCPU));
  auto* idx = static_cast<int64_t*>(result.data_ptr());
  for (int64_t k = 0; k < n; ++k) {
    const int64_t o = wrapping::sub(k, left);  // mapped into [0, size) below, whatever it is
    int64_t i = o;
    if (std::holds_alternative<enumtype::kReflect>(mode)) {
      const int64_t period = 2 * (size - 1);
      i = period == 0 ? 0 : ((i % period) + period) % period;
      if (i >= size) i = period - i;
    } else if (std::holds_alternative<enumtype::kReplicate>(mode)) {
      i = std::min(std::max(i, int64_t{0}), size - 1);
    } else {  // circular
      i = ((i % size) + size) % size;
    }
    idx[k] = i;
  }
  return result;
}
}  // namespace

Tensor pad(const Tensor& input, const PadFuncOptions& options) {
  const std::vector<int64_t>& p = options.pad();
  EMBER_CHECK(p.size() % 2 == 0, "Padding length must be divisible by 2");
  EMBER_CHECK(static_cast<int64_t>(p.size() / 2) <= input.dim(), "Padding length too large");
  if (std::holds_alternative<enumtype::kConstant>(options.mode())) {
    return constant_pad_nd(input, p, options.value());
  }
  const char* mode_name = std::holds_alternative<enumtype::kReflect>(options.mode()) ? "reflect"
                          : std::holds_alternative<enumtype::kReplicate>(options.mode())
                              ? "replicate"
                              : "circular";
  EMBER_CHECK(options.value() == 0, "Padding mode \"", mode_name,
              "\" doesn't take in value argument");
  const size_t n = p.size();
  EMBER_CHECK((n == 2 && (input.dim() == 2 || input.dim() == 3)) ||
                  (n == 4 && (input.dim() == 3 || input.dim() == 4)) ||
                  (n == 6 && (input.dim() == 4 || input.dim() == 5)),
              "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now");
  Tensor out = input;
  for (size_t k = 0; k < n / 2; ++k) {
    const int64_t dim = input.dim() - 1 - static_cast<int64_t>(k);
    const int64_t left = p[2 * k], right = p[2 * k + 1];
    const int64_t size = out.size(dim);
    if (std::holds_alternative<enumtype::kReflect>(options.mode())) {
      // PyTorch's reflection_pad2d names the input by its rank, 1d and 3d by its sizes.
      std::ostringstream described;
      if (p.size() == 4) {
        described << input.dim();
      } else {
        described << input.sizes();
      }
      EMBER_CHECK(left < size && right < size, "Argument #", 4 + 2 * k,
                  ": Padding size should be less than the corresponding input dimension, but "
                  "got: padding (",
                  left, ", ", right, ") at dimension ", dim, " of input ", described.str());
    } else if (std::holds_alternative<enumtype::kCircular>(options.mode())) {
      EMBER_CHECK(left <= size && right <= size,
                  "Padding value causes wrapping around more than once.");
    }
    int64_t n;
    const bool overflow =
        __builtin_add_overflow(size, left, &n) || __builtin_add_overflow(n, right, &n);
    EMBER_CHECK(overflow || n > 0, "input (", input.sizes(), ") is too small for the padding ",
                IntArrayRef(p));
    EMBER_CHECK(!overflow, "input (", input.sizes(), ") padded by ", IntArrayRef(p),
                " overflows int64 in dimension ", dim);
    DimVector padded(out.sizes());
    padded[static_cast<size_t>(dim)] = n;
    (void)storage_nbytes(padded, static_cast<size_t>(out.element_size()));  // before the indices
    out = out.index_select(dim, pad_indices(size, left, n, options.mode()));
  }
  return out;
}

// ---- activations ------------------------------------------------------------------------------

Tensor relu(Tensor input, const ReLUFuncOptions& options) {
  if (options.inplace()) return input.relu_();
  return input.relu();
}

Tensor gelu(const Tensor& input, const GELUFuncOptions& options) {
  return ember::gelu(input, options.approximate());
}

Tensor softmax(const Tensor& input, const SoftmaxFuncOptions& options) {
  return input.softmax(options.dim(), options.dtype());
}

Tensor log_softmax(const Tensor& input, const LogSoftmaxFuncOptions& options) {
  return input.log_softmax(options.dim(), options.dtype());
}

Tensor softmin(const Tensor& input, const SoftminFuncOptions& options) {
  return input.neg().softmax(options.dim(), options.dtype());
}

Tensor leaky_relu(Tensor input, const LeakyReLUFuncOptions& options) {
  if (options.inplace()) return ember::leaky_relu_(input, options.negative_slope());
  return ember::leaky_relu(input, options.negative_slope());
}

Tensor elu(Tensor input, const ELUFuncOptions& options) {
  if (options.inplace()) return ember::elu_(input, options.alpha());
  return ember::elu(input, options.alpha());
}

Tensor selu(Tensor input, const SELUFuncOptions& options) {
  if (options.inplace()) return ember::selu_(input);
  return ember::selu(input);
}

Tensor silu(const Tensor& input) { return ember::silu(input); }

Tensor softplus(const Tensor& input, const SoftplusFuncOptions& options) {
  return ember::softplus(input, options.beta(), options.threshold());
}

Tensor hardtanh(Tensor input, const HardtanhFuncOptions& options) {
  if (options.inplace()) return ember::hardtanh_(input, options.min_val(), options.max_val());
  return ember::hardtanh(input, options.min_val(), options.max_val());
}

Tensor relu6(Tensor input, const ReLU6FuncOptions& options) {
  if (options.inplace()) return ember::relu6_(input);
  return ember::relu6(input);
}

Tensor prelu(const Tensor& input, const Tensor& weight) { return ember::prelu(input, weight); }

// -softplus(-x): PyTorch's gradient (sigmoid(-x)) also at 0.
Tensor logsigmoid(const Tensor& input) { return ember::softplus(input.neg()).neg(); }

Tensor softsign(const Tensor& input) { return input / (input.abs() + 1); }

Tensor tanhshrink(const Tensor& input) { return input - input.tanh(); }

Tensor hardshrink(const Tensor& input, const HardshrinkFuncOptions& options) {
  return ember::hardshrink(input, options.lambda());
}

Tensor softshrink(const Tensor& input, const SoftshrinkFuncOptions& options) {
  return ember::softshrink(input, options.lambda());
}

Tensor threshold(Tensor input, const ThresholdFuncOptions& options) {
  if (options.inplace()) return ember::threshold_(input, options.threshold(), options.value());
  return ember::threshold(input, options.threshold(), options.value());
}

Tensor glu(const Tensor& input, const GLUFuncOptions& options) {
  EMBER_CHECK(input.dim() != 0, "glu does not suppport scalars because halving size must be even");
  return ember::glu(input, options.dim());
}

Tensor mish(const Tensor& input) { return ember::mish(input); }

Tensor celu(Tensor input, const CELUFuncOptions& options) {
  if (options.inplace()) return ember::celu_(input, options.alpha());
  return ember::celu(input, options.alpha());
}

// ---- linear, dropout, one_hot -----------------------------------------------------------------

Tensor linear(const Tensor& input, const Tensor& weight, const Tensor& bias) {
  return ember::linear(input, weight, bias.defined() ? std::optional<Tensor>(bias) : std::nullopt);
}

Tensor dropout(Tensor input, const DropoutFuncOptions& options) {
  check_dropout_p(options.p());
  if (options.inplace()) return ember::dropout_(input, options.p(), options.training());
  return ember::dropout(input, options.p(), options.training());
}

namespace {
// libtorch's _dropoutNd_helper: an input of other than batched_dim dims is one sample.
Tensor feature_dropout_nd(Tensor input, const DropoutFuncOptions& options, int64_t batched_dim) {
  check_dropout_p(options.p());
  const bool batched = input.dim() == batched_dim;
  if (!batched) input = input.unsqueeze(0);  // a view: in place still writes the caller's tensor
  Tensor result = options.inplace()
                      ? ember::feature_dropout_(input, options.p(), options.training())
                      : ember::feature_dropout(input, options.p(), options.training());
  return batched ? result : result.squeeze(0);
}
}  // namespace

Tensor dropout2d(Tensor input, const Dropout2dFuncOptions& options) {
  return feature_dropout_nd(std::move(input), options, 4);
}

Tensor dropout3d(Tensor input, const Dropout3dFuncOptions& options) {
  return feature_dropout_nd(std::move(input), options, 5);
}

Tensor one_hot(const Tensor& tensor, int64_t num_classes) {
  return ember::one_hot(tensor, num_classes);
}

// ---- convolution and pooling ------------------------------------------------------------------

Tensor conv2d(const Tensor& input, const Tensor& weight, const Conv2dFuncOptions& options) {
  const std::optional<Tensor> bias =
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt;
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kValid>(padding)) {
    return ember::conv2d(input, weight, bias, options.stride(), "valid", options.dilation(),
                         options.groups());
  }
  if (std::holds_alternative<enumtype::kSame>(padding)) {
    return ember::conv2d(input, weight, bias, options.stride(), "same", options.dilation(),
                         options.groups());
  }
  return ember::conv2d(input, weight, bias, options.stride(),
                       IntArrayRef(std::get<ExpandingArray<2>>(padding)), options.dilation(),
                       options.groups());
}

Tensor conv1d(const Tensor& input, const Tensor& weight, const Conv1dFuncOptions& options) {
  const std::optional<Tensor> bias =
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt;
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kValid>(padding)) {
    return ember::conv1d(input, weight, bias, options.stride(), "valid", options.dilation(),
                         options.groups());
  }
  if (std::holds_alternative<enumtype::kSame>(padding)) {
    return ember::conv1d(input, weight, bias, options.stride(), "same", options.dilation(),
                         options.groups());
  }
  return ember::conv1d(input, weight, bias, options.stride(),
                       IntArrayRef(std::get<ExpandingArray<1>>(padding)), options.dilation(),
                       options.groups());
}

Tensor conv_transpose1d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose1dFuncOptions& options) {
  const std::optional<Tensor> bias =
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt;
  return ember::conv_transpose1d(input, weight, bias, options.stride(), options.padding(),
                                 options.output_padding(), options.groups(), options.dilation());
}

Tensor conv_transpose2d(const Tensor& input, const Tensor& weight,
                        const ConvTranspose2dFuncOptions& options) {
  const std::optional<Tensor> bias =
      options.bias().defined() ? std::optional<Tensor>(options.bias()) : std::nullopt;
  return ember::conv_transpose2d(input, weight, bias, options.stride(), options.padding(),
                                 options.output_padding(), options.groups(), options.dilation());
}

Tensor max_pool1d(const Tensor& input, const MaxPool1dFuncOptions& options) {
  return ember::max_pool1d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.dilation(), options.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool1d_with_indices(const Tensor& input,
                                                   const MaxPool1dFuncOptions& options) {
  return ember::max_pool1d_with_indices(input, options.kernel_size(), options.stride(),
                                        options.padding(), options.dilation(), options.ceil_mode());
}

Tensor avg_pool1d(const Tensor& input, const AvgPool1dFuncOptions& options) {
  return ember::avg_pool1d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.ceil_mode(), options.count_include_pad());
}

Tensor adaptive_avg_pool1d(const Tensor& input, const AdaptiveAvgPool1dFuncOptions& options) {
  return ember::adaptive_avg_pool1d(input, options.output_size());
}

Tensor max_pool2d(const Tensor& input, const MaxPool2dFuncOptions& options) {
  return ember::max_pool2d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.dilation(), options.ceil_mode());
}

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& input,
                                                   const MaxPool2dFuncOptions& options) {
  return ember::max_pool2d_with_indices(input, options.kernel_size(), options.stride(),
                                        options.padding(), options.dilation(), options.ceil_mode());
}

Tensor avg_pool2d(const Tensor& input, const AvgPool2dFuncOptions& options) {
  return ember::avg_pool2d(input, options.kernel_size(), options.stride(), options.padding(),
                           options.ceil_mode(), options.count_include_pad(),
                           options.divisor_override());
}

namespace {
// The output size with unset sizes replaced by the input's (libtorch's _list_with_default).
std::vector<int64_t> list_with_default(const Tensor& input,
                                       const ExpandingArrayWithOptionalElem<2>& output_size) {
  const auto& out = *output_size;
  EMBER_CHECK(input.dim() > static_cast<int64_t>(out.size()), "Input dimension should be at least ",
              out.size() + 1);
  std::vector<int64_t> size;
  for (size_t i = 0; i < out.size(); ++i) {
    const int64_t d = input.dim() - static_cast<int64_t>(out.size()) + static_cast<int64_t>(i);
    size.push_back(out[i] ? *out[i] : input.size(d));
  }
  return size;
}
}  // namespace

Tensor adaptive_avg_pool2d(const Tensor& input, const AdaptiveAvgPool2dFuncOptions& options) {
  return ember::adaptive_avg_pool2d(input, list_with_default(input, options.output_size()));
}

std::tuple<Tensor, Tensor> adaptive_max_pool1d_with_indices(
    const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options) {
  return ember::adaptive_max_pool1d(input, options.output_size());
}

Tensor adaptive_max_pool1d(const Tensor& input, const AdaptiveMaxPool1dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool1d_with_indices(input, options));
}

std::tuple<Tensor, Tensor> adaptive_max_pool2d_with_indices(
    const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options) {
  return ember::adaptive_max_pool2d(input, list_with_default(input, options.output_size()));
}

Tensor adaptive_max_pool2d(const Tensor& input, const AdaptiveMaxPool2dFuncOptions& options) {
  return std::get<0>(adaptive_max_pool2d_with_indices(input, options));
}

}  // namespace nn::functional

}  // namespace ember
