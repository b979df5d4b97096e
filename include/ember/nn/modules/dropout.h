#pragma once
// Dropout, Dropout2d, Dropout3d, AlphaDropout, FeatureAlphaDropout (libtorch's
// torch/nn/modules/dropout.h): in training mode zero elements (Dropout) or whole channels
// (Dropout2d, Dropout3d) with probability p (PyTorch's random stream) and scale the rest by 1 / (1
// - p); identity in eval.
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

class Dropout2dImpl : public Cloneable<Dropout2dImpl> {
 public:
  Dropout2dImpl(double p) : Dropout2dImpl(Dropout2dOptions().p(p)) {}  // NOLINT: implicit
  explicit Dropout2dImpl(const Dropout2dOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  Dropout2dOptions options;
};
EMBER_MODULE(Dropout2d);

class Dropout3dImpl : public Cloneable<Dropout3dImpl> {
 public:
  Dropout3dImpl(double p) : Dropout3dImpl(Dropout3dOptions().p(p)) {}  // NOLINT: implicit
  explicit Dropout3dImpl(const Dropout3dOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(Tensor input);

  Dropout3dOptions options;
};
EMBER_MODULE(Dropout3d);

// Dropout for SELU networks: keeps the input's mean and variance (dropped elements take SELU's
// negative saturation value, then all are scaled and shifted). FeatureAlphaDropout drops whole
// channels.
class AlphaDropoutImpl : public Cloneable<AlphaDropoutImpl> {
 public:
  explicit AlphaDropoutImpl(double p) : AlphaDropoutImpl(AlphaDropoutOptions().p(p)) {}
  explicit AlphaDropoutImpl(const AlphaDropoutOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  AlphaDropoutOptions options;
};
EMBER_MODULE(AlphaDropout);

class FeatureAlphaDropoutImpl : public Cloneable<FeatureAlphaDropoutImpl> {
 public:
  explicit FeatureAlphaDropoutImpl(double p)
      : FeatureAlphaDropoutImpl(FeatureAlphaDropoutOptions().p(p)) {}
  explicit FeatureAlphaDropoutImpl(const FeatureAlphaDropoutOptions& options_ = {});
  void reset() override;
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FeatureAlphaDropoutOptions options;
};
EMBER_MODULE(FeatureAlphaDropout);

}  // namespace ember::nn
