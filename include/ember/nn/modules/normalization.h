#pragma once
// LayerNorm, GroupNorm and LocalResponseNorm (libtorch's torch/nn/modules/normalization.h):
// LayerNorm normalizes over the trailing normalized_shape dims, GroupNorm over groups of channels;
// weight ones and bias zeros when affine.
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

class GroupNormImpl : public Cloneable<GroupNormImpl> {
 public:
  GroupNormImpl(int64_t num_groups, int64_t num_channels)
      : GroupNormImpl(GroupNormOptions(num_groups, num_channels)) {}
  explicit GroupNormImpl(const GroupNormOptions& options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  GroupNormOptions options;
  Tensor weight;  // undefined unless affine
  Tensor bias;

 protected:
  void refresh_tensor_members() override;
};
EMBER_MODULE(GroupNorm);

// Divides each element by (k + alpha * mean of x^2 over `size` channels around it) ^ beta.
class LocalResponseNormImpl : public Cloneable<LocalResponseNormImpl> {
 public:
  LocalResponseNormImpl(int64_t size) : LocalResponseNormImpl(LocalResponseNormOptions(size)) {}
  explicit LocalResponseNormImpl(const LocalResponseNormOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LocalResponseNormOptions options;
};
EMBER_MODULE(LocalResponseNorm);

}  // namespace ember::nn
