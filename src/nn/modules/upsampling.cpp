// Upsample (libtorch's src/nn/modules/upsampling.cpp).
#include "ember/nn/modules/upsampling.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

void UpsampleImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::Upsample(";
  if (options.scale_factor()) {
    stream << "scale_factor=" << functional::doubles(*options.scale_factor());
  } else if (options.size()) {
    stream << "size=" << IntArrayRef(*options.size());
  }
  stream << ", mode=" << enumtype::get_enum_name(options.mode()) << ")";
}

Tensor UpsampleImpl::forward(const Tensor& input) {
  functional::InterpolateFuncOptions::mode_t mode = ember::kNearest;
  std::visit([&](auto m) { mode = m; }, options.mode());
  return functional::interpolate(input, functional::InterpolateFuncOptions()
                                            .size(options.size())
                                            .scale_factor(options.scale_factor())
                                            .mode(mode)
                                            .align_corners(options.align_corners()));
}

}  // namespace ember::nn
