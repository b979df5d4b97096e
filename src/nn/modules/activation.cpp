// ReLU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax (libtorch's src/nn/modules/activation.cpp).
#include "ember/nn/modules/activation.h"

#include "ember/nn/functional.h"

namespace ember::nn {

void ReLUImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::ReLU(";
  if (options.inplace()) stream << std::boolalpha << "inplace=" << options.inplace();
  stream << ")";
}
Tensor ReLUImpl::forward(Tensor input) { return functional::relu(std::move(input), options); }

// libtorch prints GELU() whatever the approximation.
void GELUImpl::pretty_print(std::ostream& stream) const { stream << "ember::nn::GELU()"; }
Tensor GELUImpl::forward(const Tensor& input) { return functional::gelu(input, options); }

void SigmoidImpl::pretty_print(std::ostream& stream) const { stream << "ember::nn::Sigmoid()"; }
Tensor SigmoidImpl::forward(const Tensor& input) { return input.sigmoid(); }

void TanhImpl::pretty_print(std::ostream& stream) const { stream << "ember::nn::Tanh()"; }
Tensor TanhImpl::forward(const Tensor& input) { return input.tanh(); }

void SoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::Softmax(dim=" << options.dim() << ")";
}
Tensor SoftmaxImpl::forward(const Tensor& input) { return input.softmax(options.dim()); }

void LogSoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << "ember::nn::LogSoftmax(dim=" << options.dim() << ")";
}
Tensor LogSoftmaxImpl::forward(const Tensor& input) { return input.log_softmax(options.dim()); }

}  // namespace ember::nn
