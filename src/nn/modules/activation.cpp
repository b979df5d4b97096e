// The activation modules (libtorch's src/nn/modules/activation.cpp).
#include "ember/nn/modules/activation.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"

namespace ember::nn {

void ReLUImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ReLU(";
  if (options.inplace()) stream << std::boolalpha << "inplace=" << options.inplace();
  stream << ")";
}
Tensor ReLUImpl::forward(Tensor input) { return functional::relu(std::move(input), options); }

// libtorch prints GELU() whatever the approximation.
void GELUImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::GELU()";
}
Tensor GELUImpl::forward(const Tensor& input) { return functional::gelu(input, options); }

void SigmoidImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Sigmoid()";
}
Tensor SigmoidImpl::forward(const Tensor& input) { return input.sigmoid(); }

void TanhImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Tanh()";
}
Tensor TanhImpl::forward(const Tensor& input) { return input.tanh(); }

void SoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softmax(dim=" << options.dim() << ")";
}
Tensor SoftmaxImpl::forward(const Tensor& input) { return input.softmax(options.dim()); }

void LogSoftmaxImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::LogSoftmax(dim=" << options.dim() << ")";
}
Tensor LogSoftmaxImpl::forward(const Tensor& input) { return input.log_softmax(options.dim()); }

void LeakyReLUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::LeakyReLU(negative_slope=" << options.negative_slope();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor LeakyReLUImpl::forward(Tensor input) {
  return functional::leaky_relu(std::move(input), options);
}

void ELUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::ELU(alpha=" << options.alpha();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor ELUImpl::forward(Tensor input) { return functional::elu(std::move(input), options); }

void SELUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace() << "::nn::SELU(";
  if (options.inplace()) stream << "inplace=" << options.inplace();
  stream << ")";
}
Tensor SELUImpl::forward(Tensor input) { return functional::selu(std::move(input), options); }

void SiLUImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::SiLU()";
}
Tensor SiLUImpl::forward(const Tensor& input) { return functional::silu(input); }

void SoftplusImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softplus(beta=" << options.beta()
         << ", threshold=" << options.threshold() << ")";
}
Tensor SoftplusImpl::forward(const Tensor& input) { return functional::softplus(input, options); }

HardtanhImpl::HardtanhImpl(const HardtanhOptions& options_) : options(options_) { reset(); }
void HardtanhImpl::reset() {
  EMBER_CHECK(options.max_val() > options.min_val(), "max_val must be greater than min_val");
}
void HardtanhImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::Hardtanh(min_val=" << options.min_val() << ", max_val=" << options.max_val();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor HardtanhImpl::forward(Tensor input) {
  return functional::hardtanh(std::move(input), options);
}

void ReLU6Impl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace() << "::nn::ReLU6(";
  if (options.inplace()) stream << "inplace=" << options.inplace();
  stream << ")";
}
Tensor ReLU6Impl::forward(Tensor input) { return functional::relu6(std::move(input), options); }

PReLUImpl::PReLUImpl(const PReLUOptions& options_) : options(options_) { reset(); }
void PReLUImpl::reset() {
  weight = register_parameter("weight", full({options.num_parameters()}, options.init()));
}
void PReLUImpl::refresh_tensor_members() { weight = registered_parameter("weight"); }
void PReLUImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::PReLU(num_parameters=" << options.num_parameters() << ")";
}
Tensor PReLUImpl::forward(const Tensor& input) { return functional::prelu(input, weight); }

void SoftminImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softmin(dim=" << options.dim() << ")";
}
Tensor SoftminImpl::forward(const Tensor& input) {
  return functional::softmin(input, options.dim());
}

void LogSigmoidImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::LogSigmoid()";
}
Tensor LogSigmoidImpl::forward(const Tensor& input) { return functional::logsigmoid(input); }

void SoftsignImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softsign()";
}
Tensor SoftsignImpl::forward(const Tensor& input) { return functional::softsign(input); }

void TanhshrinkImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Tanhshrink()";
}
Tensor TanhshrinkImpl::forward(const Tensor& input) { return functional::tanhshrink(input); }

void HardshrinkImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Hardshrink(" << options.lambda() << ")";
}
Tensor HardshrinkImpl::forward(const Tensor& input) {
  return functional::hardshrink(input, options);
}

void SoftshrinkImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softshrink(" << options.lambda() << ")";
}
Tensor SoftshrinkImpl::forward(const Tensor& input) {
  return functional::softshrink(input, options);
}

void ThresholdImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::Threshold(threshold=" << options.threshold() << ", value=" << options.value();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor ThresholdImpl::forward(Tensor input) {
  return functional::threshold(std::move(input), options);
}

void GLUImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::GLU(dim=" << options.dim() << ")";
}
Tensor GLUImpl::forward(const Tensor& input) { return functional::glu(input, options); }

void MishImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Mish()";
}
Tensor MishImpl::forward(const Tensor& input) { return functional::mish(input); }

void CELUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::CELU(alpha=" << options.alpha();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor CELUImpl::forward(Tensor input) { return functional::celu(std::move(input), options); }

// As libtorch 1.13, the bounds are checked by forward only.
RReLUImpl::RReLUImpl(const RReLUOptions& options_) : options(options_) {}
void RReLUImpl::reset() {}
void RReLUImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::RReLU(lower=" << options.lower() << ", upper=" << options.upper();
  if (options.inplace()) stream << ", inplace=" << options.inplace();
  stream << ")";
}
Tensor RReLUImpl::forward(Tensor input) {
  return functional::rrelu(std::move(input), functional::RReLUFuncOptions()
                                                 .lower(options.lower())
                                                 .upper(options.upper())
                                                 .training(is_training())
                                                 .inplace(options.inplace()));
}

void Softmax2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Softmax2d()";
}
Tensor Softmax2dImpl::forward(const Tensor& input) {
  EMBER_CHECK(input.dim() == 3 || input.dim() == 4,
              "Softmax2d requires a 3D or 4D tensor as input");
  return input.softmax(-3);
}

}  // namespace ember::nn
