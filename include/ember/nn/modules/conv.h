#pragma once
// Conv2d (libtorch's torch/nn/modules/conv.h). Weight (out, in / groups, kH, kW) and bias start
// as PyTorch's: kaiming_uniform_(a = sqrt(5)), bias uniform in +-1/sqrt(fan_in).
#include <cstdint>
#include <ostream>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/options/conv.h"

namespace ember::nn {

class Conv2dImpl : public Cloneable<Conv2dImpl> {
 public:
  Conv2dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<2> kernel_size)
      : Conv2dImpl(Conv2dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv2dImpl(Conv2dOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  Tensor forward(const Tensor& input);

  Conv2dOptions options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
  Tensor _conv_forward(const Tensor& input, const Tensor& weight);
  // F::pad's amounts for a non-zeros padding_mode (last dim first).
  std::vector<int64_t> _reversed_padding_repeated_twice;
};
EMBER_MODULE(Conv2d);

}  // namespace ember::nn
