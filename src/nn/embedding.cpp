// embedding, embedding_renorm_ and functional::embedding, as PyTorch 1.13's
// aten/src/ATen/native/Embedding.cpp. The backward (EmbeddingBackward0) is PyTorch's CPU dense
// backward: each looked-up row's gradient added into its weight row in index order (the padding
// row skipped, rows scaled by 1 / frequency when asked). It runs as a raw kernel, so a second
// derivative through embedding is not available.
#include <algorithm>
#include <cmath>
#include <vector>

#include "autograd/function.h"
#include "ember//nn/functional.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/promote.h"
#include "ember/ops/creation.h"
#include "ember/ops/reduce.h"

namespace ember {

namespace {

void check_index_type(const Tensor& indices, const char* fn, int arg) {
  EMBER_CHECK(indices.dtype() == kLong || indices.dtype() == kInt, "Expected tensor for argument #",
              arg, " 'indices' to have one of the following scalar types: Long, Int; but got ",
              legacy_type_name(indices.dtype()), " instead (while checking arguments for ", fn,
              ")");
}

std::vector<int64_t> index_values(const Tensor& indices) {
  Tensor idx = indices.to(Device(kCPU), kLong).contiguous();
  const int64_t* p = idx.data_ptr<int64_t>();
  return std::vector<int64_t>(p, p + idx.numel());
}

Tensor embedding_dense_backward(const Tensor& grad_, const std::vector<int64_t>& indices,
                                int64_t num_weights, int64_t padding_idx, bool scale_grad_by_freq) {
  if (!grad_.is_cpu()) {  // accumulated on the CPU, where the indices are
    return embedding_dense_backward(grad_.cpu(), indices, num_weights, padding_idx,
                                    scale_grad_by_freq)
        .to(grad_.device());
  }
  const int64_t dim = grad_.size(-1);
  const auto numel = static_cast<int64_t>(indices.size());
  Tensor grad_weight = zeros({num_weights, dim}, grad_.options());
  Tensor grad = grad_.contiguous();
  std::vector<int64_t> counts;
  if (scale_grad_by_freq) {
    counts.assign(static_cast<size_t>(num_weights), 0);
    for (int64_t k : indices) ++counts[static_cast<size_t>(k)];
  }
  visit_floating(grad.dtype(), "embedding_dense_backward", [&]<class T>() {
    using C = compute_type_t<T>;
    T* gw = grad_weight.data_ptr<T>();
    const T* g = grad.data_ptr<T>();
    for (int64_t i = 0; i < numel; ++i) {
      const int64_t k = indices[static_cast<size_t>(i)];
      if (k == padding_idx) continue;
      T* row = gw + k * dim;
      const T* src = g + i * dim;
      if (scale_grad_by_freq) {
        const auto scale =
            static_cast<C>(1.0 / static_cast<double>(counts[static_cast<size_t>(k)]));
        for (int64_t j = 0; j < dim; ++j) {
          row[j] = convert<T>(std::fma(convert<C>(src[j]), scale, convert<C>(row[j])));
        }
      } else {
        for (int64_t j = 0; j < dim; ++j)
          row[j] = convert<T>(convert<C>(row[j]) + convert<C>(src[j]));
      }
    }
  });
  return grad_weight;
}

}  // namespace

Tensor embedding(const Tensor& weight, const Tensor& indices, int64_t padding_idx,
                 bool scale_grad_by_freq, bool sparse) {
  EMBER_CHECK(weight.dim() == 2, "'weight' must be 2-D");
  check_index_type(indices, "embedding", 1);
  EMBER_CHECK(!sparse,
              "embedding: sparse gradients are not supported (ember has no sparse "
              "tensors)");
  Tensor out;
  {
    NoGradGuard no_grad;
    Tensor rows = weight.detach().index_select(0, indices.reshape({-1}));
    DimVector size(indices.sizes());
    size.push_back(weight.size(1));
    // A fresh tensor (not a view) over the selected rows: the node below is its history.
    out = Tensor(make_intrusive<TensorImpl>(rows.impl()->storage(), rows.dtype(), size));
  }
  if (autograd::should_record(weight)) {
    autograd::record("EmbeddingBackward0", out, {weight},
                     [idx = index_values(indices), num_weights = weight.size(0), padding_idx,
                      scale_grad_by_freq](const autograd::Grads& g) {
                       return embedding_dense_backward(g[0], idx, num_weights, padding_idx,
                                                       scale_grad_by_freq);
                     });
  }
  return out;
}

Tensor& embedding_renorm_(Tensor& self, const Tensor& indices, double max_norm, double norm_type) {
  EMBER_CHECK(self.dim() == 2, "Expected 2-dimensional tensor, but got ", self.dim(),
              "-dimensional tensor for argument #1 'self' (while checking arguments for "
              "embedding_renorm_)");
  check_index_type(indices, "embedding_renorm_", 2);
  std::vector<int64_t> sorted = index_values(indices);
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0 && sorted[i] == sorted[i - 1]) continue;
    Tensor row = self.select(0, sorted[i]);
    const double norm = row.norm(norm_type).item<double>();
    if (norm > max_norm) row.mul_(max_norm / (norm + 1e-7));
  }
  return self;
}

namespace nn::functional {

Tensor embedding(const Tensor& input, Tensor weight, const EmbeddingFuncOptions& options) {
  std::optional<int64_t> padding_idx = options.padding_idx();
  if (padding_idx) {
    if (*padding_idx > 0) {
      EMBER_CHECK(*padding_idx < weight.size(0), "Padding_idx must be within num_embeddings");
    } else if (*padding_idx < 0) {
      EMBER_CHECK(*padding_idx >= -weight.size(0), "Padding_idx must be within num_embedding");
      padding_idx = weight.size(0) + *padding_idx;
    }
  } else {
    padding_idx = -1;
  }
  Tensor input_ = input;
  if (options.max_norm()) {
    input_ = input_.contiguous();
    NoGradGuard no_grad;
    embedding_renorm_(weight, input_, *options.max_norm(), options.norm_type());
  }
  return ember::embedding(weight, input_, *padding_idx, options.scale_grad_by_freq(),
                          options.sparse());
}

}  // namespace nn::functional

}  // namespace ember
