#pragma once
// Fold and Unfold (libtorch's torch/nn/modules/fold.h): Unfold lays the sliding blocks of
// (N, C, H, W) out as columns (N, C * kH * kW, L); Fold sums such columns back into an image.
#include <ostream>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/fold.h"

namespace ember::nn {

class FoldImpl : public Cloneable<FoldImpl> {
 public:
  FoldImpl(ExpandingArray<2> output_size, ExpandingArray<2> kernel_size)
      : FoldImpl(FoldOptions(output_size, kernel_size)) {}
  explicit FoldImpl(const FoldOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  FoldOptions options;
};
EMBER_MODULE(Fold);

class UnfoldImpl : public Cloneable<UnfoldImpl> {
 public:
  UnfoldImpl(ExpandingArray<2> kernel_size) : UnfoldImpl(UnfoldOptions(kernel_size)) {}
  explicit UnfoldImpl(const UnfoldOptions& options_) : options(options_) {}
  void reset() override {}
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  UnfoldOptions options;
};
EMBER_MODULE(Unfold);

}  // namespace ember::nn
