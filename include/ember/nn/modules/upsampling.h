#pragma once
// Upsample (libtorch's torch/nn/modules/upsampling.h): functional::interpolate with the
// module's options.
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/upsampling.h"

namespace ember::nn {

class UpsampleImpl : public Cloneable<UpsampleImpl> {
 public:
  explicit UpsampleImpl(const UpsampleOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
  UpsampleOptions options;
};
EMBER_MODULE(Upsample);

}  // namespace ember::nn
