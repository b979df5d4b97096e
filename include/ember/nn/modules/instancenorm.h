#pragma once
// InstanceNorm1d/2d/3d (libtorch's torch/nn/modules/instancenorm.h): each (sample, channel) is
// normalized over its own spatial dims. With affine, a per-channel weight (ones) and bias (zeros);
// with track_running_stats, running_mean / running_var (updated in training, used in eval) and
// num_batches_tracked. Inputs (N, C, ...) or unbatched (C, ...).
#include <cstddef>
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/instancenorm.h"

namespace ember::nn {

template <size_t D, typename Derived>
class InstanceNormImpl : public Cloneable<Derived> {
 public:
  InstanceNormImpl(int64_t num_features) : InstanceNormImpl(InstanceNormOptions(num_features)) {}
  explicit InstanceNormImpl(const InstanceNormOptions& options_) : options(options_) { reset(); }

  void reset() override;
  // Running mean 0, variance 1, no batches tracked.
  void reset_running_stats();
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  InstanceNormOptions options;
  Tensor weight;  // learnable (affine), else undefined
  Tensor bias;
  Tensor running_mean;  // buffers (track_running_stats), else undefined
  Tensor running_var;
  Tensor num_batches_tracked;

 protected:
  void refresh_tensor_members() override;
};

class InstanceNorm1dImpl : public InstanceNormImpl<1, InstanceNorm1dImpl> {
 public:
  using InstanceNormImpl<1, InstanceNorm1dImpl>::InstanceNormImpl;
};
EMBER_MODULE(InstanceNorm1d);

class InstanceNorm2dImpl : public InstanceNormImpl<2, InstanceNorm2dImpl> {
 public:
  using InstanceNormImpl<2, InstanceNorm2dImpl>::InstanceNormImpl;
};
EMBER_MODULE(InstanceNorm2d);

class InstanceNorm3dImpl : public InstanceNormImpl<3, InstanceNorm3dImpl> {
 public:
  using InstanceNormImpl<3, InstanceNorm3dImpl>::InstanceNormImpl;
};
EMBER_MODULE(InstanceNorm3d);

extern template class InstanceNormImpl<1, InstanceNorm1dImpl>;
extern template class InstanceNormImpl<2, InstanceNorm2dImpl>;
extern template class InstanceNormImpl<3, InstanceNorm3dImpl>;

}  // namespace ember::nn
