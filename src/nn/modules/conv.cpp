// Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d (libtorch's torch/nn/modules/conv.h and
// src/nn/modules/conv.cpp).
#include "ember/nn/modules/conv.h"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"

namespace ember::nn {

namespace {

// F::pad's amounts for a non-zeros padding_mode: last dim first, each twice (left, right). For
// 'same' (stride 1), dilation * (k - 1) split with the extra one on the right, in dim order as
// libtorch's.
template <size_t D>
std::vector<int64_t> reversed_padding_repeated_twice(const ConvOptions<D>& options) {
  std::vector<int64_t> result(2 * D, 0);
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kSame>(padding)) {
    for (size_t i = 0; i < D; ++i) {
      EMBER_CHECK((*options.stride())[i] == 1,
                  "padding='same' is not supported for strided convolutions");
    }
    for (size_t i = 0; i < D; ++i) {
      const int64_t total = (*options.dilation())[i] * ((*options.kernel_size())[i] - 1);
      result[2 * i] = total / 2;
      result[2 * i + 1] = total - total / 2;
    }
  } else if (const auto* pad = std::get_if<ExpandingArray<D>>(&padding)) {
    for (size_t i = 0; i < D; ++i) {
      result[2 * i] = (**pad)[D - 1 - i];
      result[2 * i + 1] = (**pad)[D - 1 - i];
    }
  }
  return result;
}

void check_groups(int64_t in_channels, int64_t out_channels, int64_t groups) {
  EMBER_CHECK(in_channels % groups == 0, "in_channels must be divisible by groups");
  EMBER_CHECK(out_channels % groups == 0, "out_channels must be divisible by groups");
}

// Registers weight (channels..., kernel_size...) and bias (out_channels, or undefined).
template <size_t D>
void register_conv_parameters(Module& module, Tensor& weight, Tensor& bias,
                              std::vector<int64_t> weight_sizes,
                              const ExpandingArray<D>& kernel_size, int64_t out_channels,
                              bool with_bias) {
  weight_sizes.insert(weight_sizes.end(), kernel_size->begin(), kernel_size->end());
  weight = module.register_parameter("weight", ember::empty(weight_sizes));
  if (with_bias) {
    bias = module.register_parameter("bias", empty({out_channels}));
  } else {
    bias = module.register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
}

// PyTorch's initialisation: kaiming_uniform_(a = sqrt(5)), bias in +-1/sqrt(fan_in).
void reset_conv_parameters(Tensor& weight, Tensor& bias) {
  init::kaiming_uniform_(weight, std::sqrt(5));
  if (bias.defined()) {
    const auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    const double bound = 1 / std::sqrt(static_cast<double>(fan_in));
    init::uniform_(bias, -bound, bound);
  }
}

template <size_t D>
void print_conv(std::ostream& stream, const ConvOptions<D>& options) {
  stream << ::ember::detail::printed_namespace() << "::nn::Conv" << D << "d("
         << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kValid>(padding)) {
    stream << ", padding='valid'";
  } else if (std::holds_alternative<enumtype::kSame>(padding)) {
    stream << ", padding='same'";
  } else {
    const auto& pad = std::get<ExpandingArray<D>>(padding);
    if (*pad != *ExpandingArray<D>(0)) stream << ", padding=" << pad;
  }
  if (*options.dilation() != *ExpandingArray<D>(1)) {
    stream << ", dilation=" << options.dilation();
  }
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=" << std::boolalpha << false;
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  }
  stream << ")";
}

// F::pad's mode for a non-zeros padding_mode.
functional::PadFuncOptions::mode_t pad_mode(const detail::conv_padding_mode_t& mode) {
  if (std::holds_alternative<enumtype::kReflect>(mode)) return ember::kReflect;
  if (std::holds_alternative<enumtype::kReplicate>(mode)) return ember::kReplicate;
  return ember::kCircular;
}

// Vector values separated by spaces, as c10 prints a std::vector in messages.
std::string spaced(const std::vector<int64_t>& values) {
  std::ostringstream os;
  for (size_t i = 0; i < values.size(); ++i) os << (i ? " " : "") << values[i];
  return os.str();
}

}  // namespace

// ---- Conv1d -----------------------------------------------------------------------------------

Conv1dImpl::Conv1dImpl(Conv1dOptions options_) : options(std::move(options_)) { reset(); }

void Conv1dImpl::reset() {
  check_groups(options.in_channels(), options.out_channels(), options.groups());
  _reversed_padding_repeated_twice = reversed_padding_repeated_twice(options);
  register_conv_parameters<1>(*this, weight, bias,
                              {options.out_channels(), options.in_channels() / options.groups()},
                              options.kernel_size(), options.out_channels(), options.bias());
  reset_parameters();
}

void Conv1dImpl::reset_parameters() { reset_conv_parameters(weight, bias); }

void Conv1dImpl::refresh_tensor_members() {
  weight = registered_parameter("weight");
  bias = registered_parameter("bias");
}

void Conv1dImpl::pretty_print(std::ostream& stream) const { print_conv(stream, options); }

Tensor Conv1dImpl::forward(const Tensor& input) {
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    const Tensor padded =
        functional::pad(input, functional::PadFuncOptions(_reversed_padding_repeated_twice)
                                   .mode(pad_mode(options.padding_mode())));
    return functional::conv1d(padded, weight,
                              functional::Conv1dFuncOptions()
                                  .bias(bias)
                                  .stride(options.stride())
                                  .padding(0)
                                  .dilation(options.dilation())
                                  .groups(options.groups()));
  }
  return functional::conv1d(input, weight,
                            functional::Conv1dFuncOptions()
                                .bias(bias)
                                .stride(options.stride())
                                .padding(options.padding())
                                .dilation(options.dilation())
                                .groups(options.groups()));
}

// ---- Conv2d -----------------------------------------------------------------------------------

Conv2dImpl::Conv2dImpl(Conv2dOptions options_) : options(std::move(options_)) { reset(); }

void Conv2dImpl::reset() {
  check_groups(options.in_channels(), options.out_channels(), options.groups());
  _reversed_padding_repeated_twice = reversed_padding_repeated_twice(options);
  register_conv_parameters<2>(*this, weight, bias,
                              {options.out_channels(), options.in_channels() / options.groups()},
                              options.kernel_size(), options.out_channels(), options.bias());
  reset_parameters();
}

void Conv2dImpl::reset_parameters() { reset_conv_parameters(weight, bias); }

void Conv2dImpl::refresh_tensor_members() {
  weight = registered_parameter("weight");
  bias = registered_parameter("bias");
}

void Conv2dImpl::pretty_print(std::ostream& stream) const { print_conv(stream, options); }

Tensor Conv2dImpl::_conv_forward(const Tensor& input, const Tensor& w) {
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    const Tensor padded =
        functional::pad(input, functional::PadFuncOptions(_reversed_padding_repeated_twice)
                                   .mode(pad_mode(options.padding_mode())));
    return functional::conv2d(padded, w,
                              functional::Conv2dFuncOptions()
                                  .bias(bias)
                                  .stride(options.stride())
                                  .padding(0)
                                  .dilation(options.dilation())
                                  .groups(options.groups()));
  }
  return functional::conv2d(input, w,
                            functional::Conv2dFuncOptions()
                                .bias(bias)
                                .stride(options.stride())
                                .padding(options.padding())
                                .dilation(options.dilation())
                                .groups(options.groups()));
}

Tensor Conv2dImpl::forward(const Tensor& input) { return _conv_forward(input, weight); }

// ---- Conv3d -----------------------------------------------------------------------------------

Conv3dImpl::Conv3dImpl(Conv3dOptions options_) : options(std::move(options_)) { reset(); }

void Conv3dImpl::reset() {
  check_groups(options.in_channels(), options.out_channels(), options.groups());
  _reversed_padding_repeated_twice = reversed_padding_repeated_twice(options);
  register_conv_parameters<3>(*this, weight, bias,
                              {options.out_channels(), options.in_channels() / options.groups()},
                              options.kernel_size(), options.out_channels(), options.bias());
  reset_parameters();
}

void Conv3dImpl::reset_parameters() { reset_conv_parameters(weight, bias); }

void Conv3dImpl::refresh_tensor_members() {
  weight = registered_parameter("weight");
  bias = registered_parameter("bias");
}

void Conv3dImpl::pretty_print(std::ostream& stream) const { print_conv(stream, options); }

Tensor Conv3dImpl::forward(const Tensor& input) {
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    const Tensor padded =
        functional::pad(input, functional::PadFuncOptions(_reversed_padding_repeated_twice)
                                   .mode(pad_mode(options.padding_mode())));
    return functional::conv3d(padded, weight,
                              functional::Conv3dFuncOptions()
                                  .bias(bias)
                                  .stride(options.stride())
                                  .padding(0)
                                  .dilation(options.dilation())
                                  .groups(options.groups()));
  }
  return functional::conv3d(input, weight,
                            functional::Conv3dFuncOptions()
                                .bias(bias)
                                .stride(options.stride())
                                .padding(options.padding())
                                .dilation(options.dilation())
                                .groups(options.groups()));
}

// ---- ConvTranspose1d, ConvTranspose2d ---------------------------------------------------------

template <size_t D, typename Derived>
ConvTransposeNdImpl<D, Derived>::ConvTransposeNdImpl(ConvTransposeOptions<D> options_)
    : options(std::move(options_)) {
  reset();
}

template <size_t D, typename Derived>
void ConvTransposeNdImpl<D, Derived>::reset() {
  check_groups(options.in_channels(), options.out_channels(), options.groups());
  register_conv_parameters<D>(*this, weight, bias,
                              {options.in_channels(), options.out_channels() / options.groups()},
                              options.kernel_size(), options.out_channels(), options.bias());
  reset_parameters();
}

template <size_t D, typename Derived>
void ConvTransposeNdImpl<D, Derived>::reset_parameters() {
  reset_conv_parameters(weight, bias);
}

template <size_t D, typename Derived>
void ConvTransposeNdImpl<D, Derived>::refresh_tensor_members() {
  weight = this->registered_parameter("weight");
  bias = this->registered_parameter("bias");
}

template <size_t D, typename Derived>
void ConvTransposeNdImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ConvTranspose" << D << "d("
         << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  if (*options.padding() != *ExpandingArray<D>(0)) stream << ", padding=" << options.padding();
  if (*options.dilation() != *ExpandingArray<D>(1)) {
    stream << ", dilation=" << options.dilation();
  }
  if (*options.output_padding() != *ExpandingArray<D>(0)) {
    stream << ", output_padding=" << options.output_padding();
  }
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=" << std::boolalpha << false;
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  }
  stream << ")";
}

// As libtorch 1.13, the valid range ignores the dilation and the spatial dims are taken to be
// input.dim() - 2.
template <size_t D, typename Derived>
std::vector<int64_t> ConvTransposeNdImpl<D, Derived>::_output_padding(
    const Tensor& input, const std::optional<IntArrayRef>& output_size,
    const ExpandingArray<D>& stride, const ExpandingArray<D>& padding,
    const ExpandingArray<D>& kernel_size) {
  if (!output_size) {
    return std::vector<int64_t>(options.output_padding()->begin(), options.output_padding()->end());
  }
  const int64_t k = input.dim() - 2;
  IntArrayRef size = *output_size;
  if (static_cast<int64_t>(size.size()) == k + 2) size = size.slice(2, size.size() - 2);
  EMBER_CHECK(static_cast<int64_t>(size.size()) == k, "output_size must have ", k, " or ", k + 2,
              " elements (got ", size.size(), ")");
  std::vector<int64_t> min_sizes, max_sizes;
  for (int64_t d = 0; d < k; ++d) {
    const auto i = static_cast<size_t>(d);
    min_sizes.push_back((input.size(d + 2) - 1) * stride->at(i) - 2 * padding->at(i) +
                        kernel_size->at(i));
    max_sizes.push_back(min_sizes[i] + stride->at(i) - 1);
  }
  for (size_t i = 0; i < size.size(); ++i) {
    EMBER_CHECK(size[i] >= min_sizes[i] && size[i] <= max_sizes[i], "requested an output size of ",
                size, ", but valid sizes range from ", spaced(min_sizes), " to ", spaced(max_sizes),
                " (for an input of ", input.sizes().slice(2, input.sizes().size() - 2), ")");
  }
  std::vector<int64_t> result;
  for (size_t i = 0; i < size.size(); ++i) result.push_back(size[i] - min_sizes[i]);
  return result;
}

template class ConvTransposeNdImpl<1, ConvTranspose1dImpl>;
template class ConvTransposeNdImpl<2, ConvTranspose2dImpl>;
template class ConvTransposeNdImpl<3, ConvTranspose3dImpl>;

ConvTranspose1dImpl::ConvTranspose1dImpl(ConvTranspose1dOptions options_)
    : ConvTransposeNdImpl(std::move(options_)) {}

Tensor ConvTranspose1dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  EMBER_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
              "Only `zeros` padding mode is supported for ConvTranspose1d");
  const std::vector<int64_t> output_padding = _output_padding(
      input, output_size, options.stride(), options.padding(), options.kernel_size());
  return ember::conv_transpose1d(
      input, weight, bias.defined() ? std::optional<Tensor>(bias) : std::nullopt, options.stride(),
      options.padding(), output_padding, options.groups(), options.dilation());
}

ConvTranspose2dImpl::ConvTranspose2dImpl(ConvTranspose2dOptions options_)
    : ConvTransposeNdImpl(std::move(options_)) {}

Tensor ConvTranspose2dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  EMBER_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
              "Only `zeros` padding mode is supported for ConvTranspose2d");
  const std::vector<int64_t> output_padding = _output_padding(
      input, output_size, options.stride(), options.padding(), options.kernel_size());
  return ember::conv_transpose2d(
      input, weight, bias.defined() ? std::optional<Tensor>(bias) : std::nullopt, options.stride(),
      options.padding(), output_padding, options.groups(), options.dilation());
}

ConvTranspose3dImpl::ConvTranspose3dImpl(ConvTranspose3dOptions options_)
    : ConvTransposeNdImpl(std::move(options_)) {}

Tensor ConvTranspose3dImpl::forward(const Tensor& input,
                                    const std::optional<IntArrayRef>& output_size) {
  EMBER_CHECK(std::holds_alternative<enumtype::kZeros>(options.padding_mode()),
              "Only `zeros` padding mode is supported for ConvTranspose3d");
  const std::vector<int64_t> output_padding = _output_padding(
      input, output_size, options.stride(), options.padding(), options.kernel_size());
  return ember::conv_transpose3d(
      input, weight, bias.defined() ? std::optional<Tensor>(bias) : std::nullopt, options.stride(),
      options.padding(), output_padding, options.groups(), options.dilation());
}

}  // namespace ember::nn
