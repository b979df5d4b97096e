// The pooling modules (libtorch's src/nn/modules/pooling.cpp).
#include "ember/nn/modules/pooling.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

void MaxPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::MaxPool2d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding()
         << ", dilation=" << options.dilation() << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor MaxPool2dImpl::forward(const Tensor& input) {
  return functional::max_pool2d(input, options);
}

std::tuple<Tensor, Tensor> MaxPool2dImpl::forward_with_indices(const Tensor& input) {
  return functional::max_pool2d_with_indices(input, options);
}

void AvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AvgPool2d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ")";
}

Tensor AvgPool2dImpl::forward(const Tensor& input) {
  return functional::avg_pool2d(input, options);
}

void AdaptiveAvgPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveAvgPool2d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveAvgPool2dImpl::forward(const Tensor& input) {
  return functional::adaptive_avg_pool2d(input, options);
}

void MaxPool1dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::MaxPool1d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding()
         << ", dilation=" << options.dilation() << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor MaxPool1dImpl::forward(const Tensor& input) {
  return functional::max_pool1d(input, options);
}

std::tuple<Tensor, Tensor> MaxPool1dImpl::forward_with_indices(const Tensor& input) {
  return functional::max_pool1d_with_indices(input, options);
}

void AvgPool1dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AvgPool1d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ")";
}

Tensor AvgPool1dImpl::forward(const Tensor& input) {
  return functional::avg_pool1d(input, options);
}

void AdaptiveAvgPool1dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveAvgPool1d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveAvgPool1dImpl::forward(const Tensor& input) {
  return functional::adaptive_avg_pool1d(input, options);
}

void AdaptiveMaxPool1dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveMaxPool1d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveMaxPool1dImpl::forward(const Tensor& input) {
  return functional::adaptive_max_pool1d(input, options);
}

std::tuple<Tensor, Tensor> AdaptiveMaxPool1dImpl::forward_with_indices(const Tensor& input) {
  return functional::adaptive_max_pool1d_with_indices(input, options);
}

void AdaptiveMaxPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveMaxPool2d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveMaxPool2dImpl::forward(const Tensor& input) {
  return functional::adaptive_max_pool2d(input, options);
}

std::tuple<Tensor, Tensor> AdaptiveMaxPool2dImpl::forward_with_indices(const Tensor& input) {
  return functional::adaptive_max_pool2d_with_indices(input, options);
}

void MaxPool3dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::MaxPool3d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding()
         << ", dilation=" << options.dilation() << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor MaxPool3dImpl::forward(const Tensor& input) {
  return functional::max_pool3d(input, options);
}

std::tuple<Tensor, Tensor> MaxPool3dImpl::forward_with_indices(const Tensor& input) {
  return functional::max_pool3d_with_indices(input, options);
}

void AvgPool3dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AvgPool3d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ")";
}

Tensor AvgPool3dImpl::forward(const Tensor& input) {
  return functional::avg_pool3d(input, options);
}

void AdaptiveAvgPool3dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveAvgPool3d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveAvgPool3dImpl::forward(const Tensor& input) {
  return functional::adaptive_avg_pool3d(input, options);
}

void AdaptiveMaxPool3dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::AdaptiveMaxPool3d(output_size=" << options.output_size() << ")";
}

Tensor AdaptiveMaxPool3dImpl::forward(const Tensor& input) {
  return functional::adaptive_max_pool3d(input, options);
}

std::tuple<Tensor, Tensor> AdaptiveMaxPool3dImpl::forward_with_indices(const Tensor& input) {
  return functional::adaptive_max_pool3d_with_indices(input, options);
}

// The 1-d pools print their sizes as numbers, as libtorch's.
void LPPool1dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::LPPool1d(norm_type=" << options.norm_type()
         << ", kernel_size=" << (*options.kernel_size())[0] << ", stride=" << (*options.stride())[0]
         << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor LPPool1dImpl::forward(const Tensor& input) { return functional::lp_pool1d(input, options); }

void LPPool2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::LPPool2d(norm_type=" << options.norm_type()
         << ", kernel_size=" << options.kernel_size() << ", stride=" << options.stride()
         << ", ceil_mode=" << options.ceil_mode() << ")";
}

Tensor LPPool2dImpl::forward(const Tensor& input) { return functional::lp_pool2d(input, options); }

void MaxUnpool1dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::MaxUnpool1d(kernel_size=" << (*options.kernel_size())[0]
         << ", stride=" << (*options.stride())[0] << ", padding=" << (*options.padding())[0] << ")";
}

Tensor MaxUnpool1dImpl::forward(const Tensor& input, const Tensor& indices,
                                const std::optional<std::vector<int64_t>>& output_size) {
  return functional::max_unpool1d(input, indices,
                                  functional::MaxUnpool1dFuncOptions(options.kernel_size())
                                      .stride(options.stride())
                                      .padding(options.padding())
                                      .output_size(output_size));
}

void MaxUnpool2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::MaxUnpool2d(kernel_size=" << options.kernel_size()
         << ", stride=" << options.stride() << ", padding=" << options.padding() << ")";
}

Tensor MaxUnpool2dImpl::forward(const Tensor& input, const Tensor& indices,
                                const std::optional<std::vector<int64_t>>& output_size) {
  return functional::max_unpool2d(input, indices,
                                  functional::MaxUnpool2dFuncOptions(options.kernel_size())
                                      .stride(options.stride())
                                      .padding(options.padding())
                                      .output_size(output_size));
}

}  // namespace ember::nn
