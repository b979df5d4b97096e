// torch::pixel_shuffle and torch::pixel_unshuffle (views and one permute, as PyTorch 1.13's
// aten/src/ATen/native/PixelShuffle.cpp), and their nn::functional forms.
#include <vector>

#include "ember/nn/functional.h"

namespace ember {

Tensor pixel_shuffle(const Tensor& self, int64_t upscale_factor) {
  EMBER_CHECK(self.dim() >= 3,
              "pixel_shuffle expects input to have at least 3 dimensions, but got input with ",
              self.dim(), " dimension(s)");
  EMBER_CHECK(upscale_factor > 0, "pixel_shuffle expects a positive upscale_factor, but got ",
              upscale_factor);
  const int64_t c = self.size(-3), h = self.size(-2), w = self.size(-1);
  const int64_t r = upscale_factor;
  EMBER_CHECK(c % (r * r) == 0,
              "pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
              "square of upscale_factor, but input.size(-3)=",
              c, " is not divisible by ", r * r);
  // (*, C, r, r, H, W) -> (*, C, H, r, W, r).
  std::vector<int64_t> batch(self.sizes().begin(), self.sizes().end() - 3);
  const auto n = static_cast<int64_t>(batch.size());
  std::vector<int64_t> split = batch;
  split.insert(split.end(), {c / (r * r), r, r, h, w});
  std::vector<int64_t> order;
  for (int64_t i = 0; i < n; ++i) order.push_back(i);
  order.insert(order.end(), {n, n + 3, n + 1, n + 4, n + 2});
  std::vector<int64_t> out = batch;
  out.insert(out.end(), {c / (r * r), h * r, w * r});
  return self.reshape(split).permute(order).reshape(out);
}

Tensor pixel_unshuffle(const Tensor& self, int64_t downscale_factor) {
  EMBER_CHECK(self.dim() >= 3,
              "pixel_unshuffle expects input to have at least 3 dimensions, but got input with ",
              self.dim(), " dimension(s)");
  EMBER_CHECK(downscale_factor > 0, "pixel_unshuffle expects a positive downscale_factor, but got ",
              downscale_factor);
  const int64_t c = self.size(-3), h = self.size(-2), w = self.size(-1);
  const int64_t r = downscale_factor;
  EMBER_CHECK(h % r == 0,
              "pixel_unshuffle expects height to be divisible by downscale_factor, but "
              "input.size(-2)=",
              h, " is not divisible by ", r);
  EMBER_CHECK(w % r == 0,
              "pixel_unshuffle expects width to be divisible by downscale_factor, but "
              "input.size(-1)=",
              w, " is not divisible by ", r);
  // (*, C, H, r, W, r) -> (*, C, r, r, H, W).
  std::vector<int64_t> batch(self.sizes().begin(), self.sizes().end() - 3);
  const auto n = static_cast<int64_t>(batch.size());
  std::vector<int64_t> split = batch;
  split.insert(split.end(), {c, h / r, r, w / r, r});
  std::vector<int64_t> order;
  for (int64_t i = 0; i < n; ++i) order.push_back(i);
  order.insert(order.end(), {n, n + 2, n + 4, n + 1, n + 3});
  std::vector<int64_t> out = batch;
  out.insert(out.end(), {c * r * r, h / r, w / r});
  return self.reshape(split).permute(order).reshape(out);
}

namespace nn::functional {

Tensor pixel_shuffle(const Tensor& input, const PixelShuffleFuncOptions& options) {
  return ember::pixel_shuffle(input, options.upscale_factor());
}

Tensor pixel_unshuffle(const Tensor& input, const PixelUnshuffleFuncOptions& options) {
  return ember::pixel_unshuffle(input, options.downscale_factor());
}

}  // namespace nn::functional

}  // namespace ember
