// torch::bilinear and F::bilinear, composed of matmul: x1 (B, in1) @ W viewed as (in1, out * in2)
// gives, per output o, x1^T W_o as (B, out, in2), then a dot product with x2.
#include <cstdint>

#include "ember/nn/functional.h"
#include "ember/ops/linalg.h"

namespace ember {

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const std::optional<Tensor>& bias) {
  EMBER_CHECK(input1.dim() == input2.dim(), "bilinear(): input dimensions do not match: got ",
              input1.dim(), " and ", input2.dim());
  for (int64_t i = 0; i < input1.dim() - 1; ++i) {
    EMBER_CHECK(input1.size(i) == input2.size(i),
                "bilinear(): input batch dimensions do not match at dim ", i, ": got ",
                input1.size(i), " and ", input2.size(i));
  }
  EMBER_CHECK(input1.size(-1) == weight.size(1),
              "bilinear(): input1 size does not match weight size: got ", input1.size(-1),
              " but expected ", weight.size(1));
  EMBER_CHECK(input2.size(-1) == weight.size(2),
              "bilinear(): input2 size does not match weight size: got ", input2.size(-1),
              " but expected ", weight.size(2));
  const bool with_bias = bias && bias->defined();
  EMBER_CHECK(!with_bias || bias->size(0) == weight.size(0),
              "bilinear(): bias size does not match weight size: got ", bias->size(0),
              " but expected ", weight.size(0));
  const int64_t out = weight.size(0), in1 = weight.size(1), in2 = weight.size(2);
  const Tensor x1 = input1.reshape({-1, in1}), x2 = input2.reshape({-1, in2});
  const Tensor projected =
      x1.matmul(weight.permute({1, 0, 2}).reshape({in1, out * in2})).view({-1, out, in2});
  Tensor y = projected.mul(x2.unsqueeze(1)).sum({-1});
  if (with_bias) y = y.add(*bias);
  DimVector shape(input1.sizes());
  shape[shape.size() - 1] = out;
  return y.view(shape);
}

namespace nn::functional {

Tensor bilinear(const Tensor& input1, const Tensor& input2, const Tensor& weight,
                const Tensor& bias) {
  return ember::bilinear(input1, input2, weight,
                         bias.defined() ? std::optional<Tensor>(bias) : std::nullopt);
}

}  // namespace nn::functional

}  // namespace ember
