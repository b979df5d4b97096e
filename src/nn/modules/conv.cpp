// Conv2d (libtorch's torch/nn/modules/conv.h ConvNdImpl and src/nn/modules/conv.cpp).
#include "ember/nn/modules/conv.h"

#include <cmath>

#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"

namespace ember::nn {

Conv2dImpl::Conv2dImpl(Conv2dOptions options_) : options(std::move(options_)) { reset(); }

void Conv2dImpl::reset() {
  EMBER_CHECK(options.in_channels() % options.groups() == 0,
              "in_channels must be divisible by groups");
  EMBER_CHECK(options.out_channels() % options.groups() == 0,
              "out_channels must be divisible by groups");
  constexpr size_t D = 2;
  const auto& padding = options.padding();
  _reversed_padding_repeated_twice.assign(2 * D, 0);
  if (std::holds_alternative<enumtype::kSame>(padding)) {
    for (size_t i = 0; i < D; ++i) {
      EMBER_CHECK((*options.stride())[i] == 1,
                  "padding='same' is not supported for strided convolutions");
    }
    for (size_t i = 0; i < D; ++i) {
      const int64_t total = (*options.dilation())[i] * ((*options.kernel_size())[i] - 1);
      const int64_t left = total / 2;
      _reversed_padding_repeated_twice[2 * i] = left;
      _reversed_padding_repeated_twice[2 * i + 1] = total - left;
    }
  } else if (const auto* pad = std::get_if<ExpandingArray<D>>(&padding)) {
    // Last dim first, each amount twice (left, right).
    for (size_t i = 0; i < D; ++i) {
      _reversed_padding_repeated_twice[2 * i] = (**pad)[D - 1 - i];
      _reversed_padding_repeated_twice[2 * i + 1] = (**pad)[D - 1 - i];
    }
  }
  std::vector<int64_t> weight_sizes = {options.out_channels(),
                                       options.in_channels() / options.groups()};
  weight_sizes.insert(weight_sizes.end(), options.kernel_size()->begin(),
                      options.kernel_size()->end());
  weight = register_parameter("weight", ember::empty(weight_sizes));
  if (options.bias()) {
    bias = register_parameter("bias", empty({options.out_channels()}));
  } else {
    bias = register_parameter("bias", Tensor(), /*requires_grad=*/false);
  }
  reset_parameters();
}

void Conv2dImpl::reset_parameters() {
  init::kaiming_uniform_(weight, std::sqrt(5));
  if (bias.defined()) {
    const auto [fan_in, fan_out] = init::_calculate_fan_in_and_fan_out(weight);
    const double bound = 1 / std::sqrt(static_cast<double>(fan_in));
    init::uniform_(bias, -bound, bound);
  }
}

void Conv2dImpl::refresh_tensor_members() {
  weight = registered_parameter("weight");
  bias = registered_parameter("bias");
}

void Conv2dImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Conv2d(" << options.in_channels() << ", " << options.out_channels()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride();
  const auto& padding = options.padding();
  if (std::holds_alternative<enumtype::kValid>(padding)) {
    stream << ", padding='valid'";
  } else if (std::holds_alternative<enumtype::kSame>(padding)) {
    stream << ", padding='same'";
  } else {
    const auto& pad = std::get<ExpandingArray<2>>(padding);
    if (*pad != *ExpandingArray<2>(0)) stream << ", padding=" << pad;
  }
  if (*options.dilation() != *ExpandingArray<2>(1)) {
    stream << ", dilation=" << options.dilation();
  }
  if (options.groups() != 1) stream << ", groups=" << options.groups();
  if (!options.bias()) stream << ", bias=" << std::boolalpha << false;
  if (!std::holds_alternative<enumtype::kZeros>(options.padding_mode())) {
    stream << ", padding_mode=" << enumtype::get_enum_name(options.padding_mode());
  }
  stream << ")";
}

Tensor Conv2dImpl::_conv_forward(const Tensor& input, const Tensor& w) {
  const auto& mode = options.padding_mode();
  if (!std::holds_alternative<enumtype::kZeros>(mode)) {
    functional::PadFuncOptions::mode_t pad_mode = ember::kCircular;
    if (std::holds_alternative<enumtype::kReflect>(mode)) pad_mode = ember::kReflect;
    if (std::holds_alternative<enumtype::kReplicate>(mode)) pad_mode = ember::kReplicate;
    const Tensor padded = functional::pad(
        input, functional::PadFuncOptions(_reversed_padding_repeated_twice).mode(pad_mode));
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

}  // namespace ember::nn
