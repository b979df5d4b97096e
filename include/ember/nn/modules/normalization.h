#pragma once
// LayerNorm (libtorch's torch/nn/modules/normalization.h): normalizes over the trailing
// normalized_shape dims; weight ones and bias zeros when elementwise_affine.
#include <cstdint>
#include <ostream>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/normalization.h"

namespace ember::nn {

class LayerNormImpl : public Cloneable<LayerNormImpl> {
 public:
  LayerNormImpl(std::vector<int64_t> normalized_shape)
      : LayerNormImpl(LayerNormOptions(std::move(normalized_shape))) {}
  explicit LayerNormImpl(LayerNormOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LayerNormOptions options;
  Tensor weight;
  Tensor bias;

 protected:
  void refresh_tensor_members() override;
};
EMBER_MODULE(LayerNorm);

}  // namespace ember::nn
