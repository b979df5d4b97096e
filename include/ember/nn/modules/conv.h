#pragma once
// Conv1d/2d/3d and ConvTranspose1d/2d/3d (libtorch's torch/nn/modules/conv.h).
// Weight (out, in / groups, k...) or, transposed, (in, out / groups, k...), and bias start as
// PyTorch's: kaiming_uniform_(a = sqrt(5)), bias uniform in +-1/sqrt(fan_in).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <vector>

#include "ember/nn/cloneable.h"
#include "ember/nn/modules/container/any.h"
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

class Conv1dImpl : public Cloneable<Conv1dImpl> {
 public:
  Conv1dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<1> kernel_size)
      : Conv1dImpl(Conv1dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv1dImpl(Conv1dOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // input (N, C_in, L) or unbatched (C_in, L).
  Tensor forward(const Tensor& input);

  Conv1dOptions options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
  std::vector<int64_t> _reversed_padding_repeated_twice;
};
EMBER_MODULE(Conv1d);

class Conv3dImpl : public Cloneable<Conv3dImpl> {
 public:
  Conv3dImpl(int64_t input_channels, int64_t output_channels, ExpandingArray<3> kernel_size)
      : Conv3dImpl(Conv3dOptions(input_channels, output_channels, kernel_size)) {}
  explicit Conv3dImpl(Conv3dOptions options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;
  // input (N, C_in, D, H, W) or unbatched (C_in, D, H, W).
  Tensor forward(const Tensor& input);

  Conv3dOptions options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
  std::vector<int64_t> _reversed_padding_repeated_twice;
};
EMBER_MODULE(Conv3d);

// What ConvTranspose1d/2d/3d share (defined for D = 1, 2, 3).
template <size_t D, typename Derived>
class ConvTransposeNdImpl : public Cloneable<Derived> {
 public:
  explicit ConvTransposeNdImpl(ConvTransposeOptions<D> options_);
  void reset() override;
  void reset_parameters();
  void pretty_print(std::ostream& stream) const override;

  ConvTransposeOptions<D> options;
  Tensor weight;
  Tensor bias;  // undefined without bias

 protected:
  void refresh_tensor_members() override;
  // The output padding that gives output_size (N, C optional), else options.output_padding().
  std::vector<int64_t> _output_padding(const Tensor& input,
                                       const std::optional<IntArrayRef>& output_size,
                                       const ExpandingArray<D>& stride,
                                       const ExpandingArray<D>& padding,
                                       const ExpandingArray<D>& kernel_size);
};

class ConvTranspose1dImpl : public ConvTransposeNdImpl<1, ConvTranspose1dImpl> {
 public:
  ConvTranspose1dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<1> kernel_size)
      : ConvTranspose1dImpl(ConvTranspose1dOptions(input_channels, output_channels, kernel_size)) {}
  explicit ConvTranspose1dImpl(ConvTranspose1dOptions options_);
  // input (N, C_in, L) or unbatched (C_in, L).
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

 protected:
  FORWARD_HAS_DEFAULT_ARGS({1, AnyValue(std::optional<IntArrayRef>())})
};
EMBER_MODULE(ConvTranspose1d);

class ConvTranspose2dImpl : public ConvTransposeNdImpl<2, ConvTranspose2dImpl> {
 public:
  ConvTranspose2dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<2> kernel_size)
      : ConvTranspose2dImpl(ConvTranspose2dOptions(input_channels, output_channels, kernel_size)) {}
  explicit ConvTranspose2dImpl(ConvTranspose2dOptions options_);
  // input (N, C_in, H, W) or unbatched (C_in, H, W).
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

 protected:
  FORWARD_HAS_DEFAULT_ARGS({1, AnyValue(std::optional<IntArrayRef>())})
};
EMBER_MODULE(ConvTranspose2d);

class ConvTranspose3dImpl : public ConvTransposeNdImpl<3, ConvTranspose3dImpl> {
 public:
  ConvTranspose3dImpl(int64_t input_channels, int64_t output_channels,
                      ExpandingArray<3> kernel_size)
      : ConvTranspose3dImpl(ConvTranspose3dOptions(input_channels, output_channels, kernel_size)) {}
  explicit ConvTranspose3dImpl(ConvTranspose3dOptions options_);
  // input (N, C_in, D, H, W) or unbatched (C_in, D, H, W).
  Tensor forward(const Tensor& input, const std::optional<IntArrayRef>& output_size = std::nullopt);

 protected:
  FORWARD_HAS_DEFAULT_ARGS({1, AnyValue(std::optional<IntArrayRef>())})
};
EMBER_MODULE(ConvTranspose3d);

}  // namespace ember::nn
