// The padding modules (libtorch's src/nn/modules/padding.cpp).
#include "ember/nn/modules/padding.h"

#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

namespace {
template <size_t N>
std::vector<int64_t> amounts(const ExpandingArray<N>& padding) {
  return std::vector<int64_t>(padding->begin(), padding->end());
}
}  // namespace

template <size_t D, typename Derived>
void ReflectionPadImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ReflectionPad" << D
         << "d(padding=" << options.padding() << ")";
}

template <size_t D, typename Derived>
Tensor ReflectionPadImpl<D, Derived>::forward(const Tensor& input) {
  return functional::pad(
      input, functional::PadFuncOptions(amounts(options.padding())).mode(ember::kReflect));
}

template <size_t D, typename Derived>
void ReplicationPadImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ReplicationPad" << D
         << "d(padding=" << options.padding() << ")";
}

template <size_t D, typename Derived>
Tensor ReplicationPadImpl<D, Derived>::forward(const Tensor& input) {
  return functional::pad(
      input, functional::PadFuncOptions(amounts(options.padding())).mode(ember::kReplicate));
}

template <size_t D, typename Derived>
void ConstantPadImpl<D, Derived>::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ConstantPad" << D
         << "d(padding=" << options.padding() << ", value=" << options.value() << ")";
}

template <size_t D, typename Derived>
Tensor ConstantPadImpl<D, Derived>::forward(const Tensor& input) {
  return functional::pad(
      input, functional::PadFuncOptions(amounts(options.padding())).value(options.value()));
}

template class ReflectionPadImpl<1, ReflectionPad1dImpl>;
template class ReflectionPadImpl<2, ReflectionPad2dImpl>;
template class ReflectionPadImpl<3, ReflectionPad3dImpl>;
template class ReplicationPadImpl<1, ReplicationPad1dImpl>;
template class ReplicationPadImpl<2, ReplicationPad2dImpl>;
template class ReplicationPadImpl<3, ReplicationPad3dImpl>;
template class ConstantPadImpl<1, ConstantPad1dImpl>;
template class ConstantPadImpl<2, ConstantPad2dImpl>;
template class ConstantPadImpl<3, ConstantPad3dImpl>;

void ZeroPad2dImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::ZeroPad2d(padding=" << options.padding()
         << ")";
}

Tensor ZeroPad2dImpl::forward(const Tensor& input) {
  return functional::pad(input, functional::PadFuncOptions(amounts(options.padding())));
}

}  // namespace ember::nn
