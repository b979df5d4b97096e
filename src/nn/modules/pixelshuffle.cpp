// PixelShuffle and PixelUnshuffle (libtorch's src/nn/modules/pixelshuffle.cpp).
#include "ember/nn/modules/pixelshuffle.h"

#include "ember/core/demangle.h"
#include "ember/nn/functional.h"

namespace ember::nn {

void PixelShuffleImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::PixelShuffle(upscale_factor=" << options.upscale_factor() << ")";
}
Tensor PixelShuffleImpl::forward(const Tensor& input) {
  return functional::pixel_shuffle(input, options);
}

void PixelUnshuffleImpl::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace()
         << "::nn::PixelUnshuffle(downscale_factor=" << options.downscale_factor() << ")";
}
Tensor PixelUnshuffleImpl::forward(const Tensor& input) {
  return functional::pixel_unshuffle(input, options);
}

}  // namespace ember::nn
