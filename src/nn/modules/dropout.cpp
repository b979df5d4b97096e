// Dropout, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout (libtorch's
// src/nn/modules/dropout.cpp).
#include "ember/nn/modules/dropout.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

DropoutImpl::DropoutImpl(const DropoutOptions& options_) : options(options_) { reset(); }

namespace {
void check_probability(double p) {
  EMBER_CHECK(p >= 0. && p <= 1., "dropout probability has to be between 0 and 1, but got ", p);
}
functional::DropoutFuncOptions func_options(const DropoutOptions& options, bool training) {
  return functional::DropoutFuncOptions()
      .p(options.p())
      .training(training)
      .inplace(options.inplace());
}
}  // namespace

void DropoutImpl::reset() { check_probability(options.p()); }

void DropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::Dropout(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}

Tensor DropoutImpl::forward(Tensor input) {
  return functional::dropout(std::move(input), func_options(options, is_training()));
}

Dropout2dImpl::Dropout2dImpl(const Dropout2dOptions& options_) : options(options_) { reset(); }
void Dropout2dImpl::reset() { check_probability(options.p()); }
void Dropout2dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::Dropout2d(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}
Tensor Dropout2dImpl::forward(Tensor input) {
  return functional::dropout2d(std::move(input), func_options(options, is_training()));
}

Dropout3dImpl::Dropout3dImpl(const Dropout3dOptions& options_) : options(options_) { reset(); }
void Dropout3dImpl::reset() { check_probability(options.p()); }
void Dropout3dImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::Dropout3d(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}
Tensor Dropout3dImpl::forward(Tensor input) {
  return functional::dropout3d(std::move(input), func_options(options, is_training()));
}

AlphaDropoutImpl::AlphaDropoutImpl(const AlphaDropoutOptions& options_) : options(options_) {
  reset();
}
void AlphaDropoutImpl::reset() { check_probability(options.p()); }
void AlphaDropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::AlphaDropout(p=" << options.p() << ", inplace=" << options.inplace() << ")";
}
Tensor AlphaDropoutImpl::forward(const Tensor& input) {
  return functional::alpha_dropout(input, functional::AlphaDropoutFuncOptions()
                                              .p(options.p())
                                              .training(is_training())
                                              .inplace(options.inplace()));
}

FeatureAlphaDropoutImpl::FeatureAlphaDropoutImpl(const FeatureAlphaDropoutOptions& options_)
    : options(options_) {
  reset();
}
void FeatureAlphaDropoutImpl::reset() { check_probability(options.p()); }
void FeatureAlphaDropoutImpl::pretty_print(std::ostream& stream) const {
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::FeatureAlphaDropout(p=" << options.p() << ", inplace=" << options.inplace()
         << ")";
}
Tensor FeatureAlphaDropoutImpl::forward(const Tensor& input) {
  return functional::feature_alpha_dropout(input, functional::FeatureAlphaDropoutFuncOptions()
                                                      .p(options.p())
                                                      .training(is_training())
                                                      .inplace(options.inplace()));
}

}  // namespace ember::nn
