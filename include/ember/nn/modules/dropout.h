#pragma once
// Dropout (libtorch's torch/nn/modules/dropout.h): in training mode zeroes elements with
// probability p (PyTorch's random stream) and scales the rest by 1 / (1 - p); identity in eval.
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/dropout.h"

namespace ember::nn {

class DropoutImpl : public Cloneable<DropoutImpl> {
 public:
  explicit DropoutImpl(double p) : DropoutImpl(DropoutOptions().p(p)) {}
  explicit DropoutImpl(const DropoutOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  DropoutOptions options;
};
EMBER_MODULE(Dropout);

}  // namespace ember::nn
