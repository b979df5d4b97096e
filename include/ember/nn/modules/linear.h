#pragma once
// Identity, Linear, Bilinear, Flatten and Unflatten (libtorch's torch/nn/modules/linear.h).
#include <cstdint>
#include <ostream>
#include <vector>

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

// Expands dim into sizes (one of them may be -1).
class UnflattenImpl : public Cloneable<UnflattenImpl> {
 public:
  UnflattenImpl(int64_t dim, std::vector<int64_t> sizes)
      : UnflattenImpl(UnflattenOptions(dim, std::move(sizes))) {}
  explicit UnflattenImpl(UnflattenOptions options_) : options(std::move(options_)) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UnflattenOptions options;
};
EMBER_MODULE(Unflatten);

// y_o = x1^T W_o x2 + b_o, W (out_features, in1_features, in2_features). After manual_seed(s), W
// and b hold PyTorch's initial values: uniform in +-1/sqrt(in1_features).
class BilinearImpl : public Cloneable<BilinearImpl> {
 public:
  BilinearImpl(int64_t in1_features, int64_t in2_features, int64_t out_features)
      : BilinearImpl(BilinearOptions(in1_features, in2_features, out_features)) {}
  explicit BilinearImpl(const BilinearOptions& options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input1, const Tensor& input2);

  BilinearOptions options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
};
EMBER_MODULE(Bilinear);

}  // namespace ember::nn
