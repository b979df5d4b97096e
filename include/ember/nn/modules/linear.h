#pragma once
// Identity, Linear and Flatten (libtorch's torch/nn/modules/linear.h).
#include <cstdint>
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/linear.h"

namespace ember::nn {

// Returns its input.
class IdentityImpl : public Cloneable<IdentityImpl> {
 public:
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);
};
EMBER_MODULE(Identity);

// y = x W^T + b, W (out_features, in_features). After manual_seed(s), W and b hold PyTorch's
// initial values: kaiming_uniform_(W, a = sqrt(5)), b uniform in +-1/sqrt(in_features).
class LinearImpl : public Cloneable<LinearImpl> {
 public:
  LinearImpl(int64_t in_features, int64_t out_features)
      : LinearImpl(LinearOptions(in_features, out_features)) {}
  explicit LinearImpl(const LinearOptions& options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  LinearOptions options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
};
EMBER_MODULE(Linear);

// Flattens dims start_dim..end_dim (default 1..-1) into one.
class FlattenImpl : public Cloneable<FlattenImpl> {
 public:
  explicit FlattenImpl(const FlattenOptions& options_ = {});
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FlattenOptions options;
};
EMBER_MODULE(Flatten);

}  // namespace ember::nn
