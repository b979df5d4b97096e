// F::embedding_bag with libtorch 1.13's checks and messages, composed of differentiable ops: the
// rows are looked up with embedding (so padding_idx and scale_grad_by_freq behave as there), then
// summed into their bags with index_add (mean divides by the bag's size) or reduced with max.
// Entries equal to padding_idx are left out of their bag; an empty bag gives zeros.
#include <algorithm>
#include <cstdint>
#include <variant>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/nn/functional.h"
#include "ember/ops/creation.h"
#include "ember/ops/shape.h"

namespace ember::nn::functional {

Tensor embedding_bag(const Tensor& input, const Tensor& weight,
                     const EmbeddingBagFuncOptions& options) {
  Tensor indices = input, offsets = options.offsets(),
         sample_weights = options.per_sample_weights();
  EMBER_CHECK(!sample_weights.defined() || indices.sizes() == sample_weights.sizes(),
              "embedding_bag: If per_sample_weights (", sample_weights.sizes(),
              ") is not null, then it must have the same shape as the input (", indices.sizes(),
              ")");
  if (indices.dim() == 2) {
    EMBER_CHECK(!offsets.defined(),
                "If input is 2D, then offsets has to be null, as input is treated is a mini-batch "
                "of fixed length sequences. However, found offsets of type Tensor");
    offsets = arange(0, indices.numel(), indices.size(1), TensorOptions().dtype(kLong));
    indices = indices.reshape({-1});
    if (sample_weights.defined()) sample_weights = sample_weights.reshape({-1});
  } else if (indices.dim() == 1) {
    EMBER_CHECK(offsets.defined(), "offsets has to be a 1D Tensor but got null");
    EMBER_CHECK(offsets.dim() == 1, "offsets has to be a 1D Tensor");
    const int64_t first = offsets[0].item<int64_t>();
    EMBER_CHECK(first == 0,
                "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
                "from position 0. However, got ",
                first);
    const int64_t last = offsets[-1].item<int64_t>();
    EMBER_CHECK(last <= indices.size(0), "offsets[-1] can not be greater than input's length({",
                indices.size(0), "}), but got offsets[-1] of {", last, "}");
  } else {
    EMBER_CHECK(false, "input has to be 1D or 2D Tensor, but got Tensor of dimension ",
                indices.dim());
  }
  const auto& mode = options.mode();
  if (std::holds_alternative<enumtype::kMax>(mode)) {
    EMBER_CHECK(!options.scale_grad_by_freq(),
                "max mode does not support scaling the gradient by the frequency");
    EMBER_CHECK(!options.sparse(), "max mode does not support sparse weights");
  }
  if (options.max_norm()) {
    NoGradGuard no_grad;
    Tensor table = weight;
    embedding_renorm_(table, indices, *options.max_norm(), options.norm_type());
  }
  EMBER_CHECK(!sample_weights.defined() || std::holds_alternative<enumtype::kSum>(mode),
              "embedding_bag: per_sample_weights was not null. per_sample_weights is only "
              "supported for mode='kSum' (got mode='",
              enumtype::get_enum_name(mode), "').Please open a feature request on GitHub.");
  int64_t padding_idx = -1;
  if (options.padding_idx()) {
    const int64_t rows = weight.size(0);
    padding_idx = *options.padding_idx();
    EMBER_CHECK(padding_idx >= -rows && padding_idx < rows,
                "padding_idx must be within the number of embeddings, -", rows, " through ",
                rows - 1, ", but got ", padding_idx);
    if (padding_idx < 0) padding_idx += rows;
  }

  // The bag of each kept entry (in a bag, not padding), on the CPU.
  const Tensor index = indices.to(kLong).cpu().contiguous();
  const Tensor offset = offsets.to(kLong).cpu().contiguous();
  const int64_t n = index.numel();
  const int64_t bags =
      options.include_last_offset() ? std::max<int64_t>(offset.numel() - 1, 0) : offset.numel();
  const int64_t* idx = index.data_ptr<int64_t>();
  const int64_t* off = offset.data_ptr<int64_t>();
  std::vector<int64_t> kept, bag_of;
  std::vector<std::vector<int64_t>> members(static_cast<size_t>(bags));
  for (int64_t b = 0; b < bags; ++b) {
    const int64_t end = b + 1 < offset.numel() ? std::min(off[b + 1], n) : n;
    for (int64_t i = off[b]; i < end; ++i) {
      if (idx[i] == padding_idx) continue;
      members[static_cast<size_t>(b)].push_back(static_cast<int64_t>(kept.size()));
      kept.push_back(i);
      bag_of.push_back(b);
    }
  }
  const int64_t dim = weight.size(1);
  const auto device = weight.device();
  const Tensor positions = tensor(ArrayRef<int64_t>(kept), kLong).to(device);
  const Tensor rows = ember::embedding(weight, indices.to(kLong).index_select(0, positions),
                                       padding_idx, options.scale_grad_by_freq());
  if (std::holds_alternative<enumtype::kMax>(mode)) {
    std::vector<Tensor> maxima;
    for (const auto& member : members) {
      if (member.empty()) {
        maxima.push_back(zeros({dim}, weight.options()));
      } else {
        const Tensor at = tensor(ArrayRef<int64_t>(member), kLong).to(device);
        maxima.push_back(std::get<0>(rows.index_select(0, at).max(0)));
      }
    }
    return bags == 0 ? zeros({0, dim}, weight.options()) : stack(maxima, 0);
  }
  Tensor contributions = rows;
  if (sample_weights.defined()) {
    contributions = rows.mul(sample_weights.index_select(0, positions).unsqueeze(1));
  }
  const Tensor bag_index = tensor(ArrayRef<int64_t>(bag_of), kLong).to(device);
  Tensor sums = zeros({bags, dim}, weight.options()).index_add(0, bag_index, contributions);
  if (std::holds_alternative<enumtype::kMean>(mode)) {
    std::vector<double> sizes;
    for (const auto& member : members) {
      sizes.push_back(static_cast<double>(std::max<size_t>(member.size(), 1)));
    }
    sums = sums.div(tensor(ArrayRef<double>(sizes)).to(weight.dtype()).to(device).unsqueeze(1));
  }
  return sums;
}

}  // namespace ember::nn::functional
