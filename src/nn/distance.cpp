// torch::cosine_similarity and torch::pairwise_distance, and their nn::functional forms, as
// PyTorch 1.13's aten/src/ATen/native/Distance.cpp computes them.
#include <algorithm>

#include "ember/autograd/grad_mode.h"
#include "ember/core/broadcast.h"
#include "ember/nn/functional.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"

namespace ember {

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, int64_t dim, double eps) {
  const DimVector shape = infer_size(x1.sizes(), x2.sizes());
  const Tensor a = x1.expand(shape), b = x2.expand(shape);
  // Each divided by its norm first (clamped to eps outside autograd), then the dot product.
  const int64_t dims[] = {dim};
  Tensor a_norm = a.norm(2, dims, /*keepdim=*/true).clone();
  Tensor b_norm = b.norm(2, dims, /*keepdim=*/true).clone();
  {
    NoGradGuard no_grad;
    a_norm.clamp_(eps);
    b_norm.clamp_(eps);
  }
  return ((a / a_norm) * (b / b_norm)).sum(dim);
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2, double p, double eps, bool keepdim) {
  // The norm over the last dim of the broadcast difference (plus eps).
  const int64_t last = std::max(x1.dim(), x2.dim()) - 1;
  const int64_t dims[] = {last};
  return (x1 - x2 + eps).norm(p, dims, keepdim);
}

namespace nn::functional {

Tensor cosine_similarity(const Tensor& x1, const Tensor& x2,
                         const CosineSimilarityFuncOptions& options) {
  return ember::cosine_similarity(x1, x2, options.dim(), options.eps());
}

Tensor pairwise_distance(const Tensor& x1, const Tensor& x2,
                         const PairwiseDistanceFuncOptions& options) {
  return ember::pairwise_distance(x1, x2, options.p(), options.eps(), options.keepdim());
}

}  // namespace nn::functional

}  // namespace ember
