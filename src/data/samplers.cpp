#include "ember/data/samplers.h"

#include <algorithm>

#include "ember/core/Error.h"
#include "ember/ops/creation.h"

namespace ember::data::samplers {

RandomSampler::RandomSampler(int64_t size, ScalarType index_dtype) : index_dtype_(index_dtype) {
  indices_ = permutation(size);  // drawn now as well, as libtorch does
}

RandomSampler::RandomSampler(int64_t size, Generator generator)
    : generator_(std::move(generator)), index_dtype_(kInt64) {
  indices_ = permutation(size);
}

Tensor RandomSampler::permutation(int64_t size) {
  return randperm(size, generator_, TensorOptions().dtype(index_dtype_));
}

void RandomSampler::reset(std::optional<size_t> new_size) {
  const int64_t size = new_size ? static_cast<int64_t>(*new_size) : indices_.numel();
  indices_ = permutation(size);
  index_ = 0;
}

std::optional<std::vector<size_t>> RandomSampler::next(size_t batch_size) {
  const int64_t remaining = indices_.numel() - index_;
  if (remaining == 0) return std::nullopt;
  const auto n = std::min<int64_t>(static_cast<int64_t>(batch_size), remaining);
  Tensor slice = indices_.slice(0, index_, index_ + n).to(kInt64).contiguous();
  const auto* p = slice.data_ptr<int64_t>();
  std::vector<size_t> out(p, p + n);
  index_ += n;
  return out;
}

void SequentialSampler::reset(std::optional<size_t> new_size) {
  if (new_size) size_ = *new_size;
  index_ = 0;
}

std::optional<std::vector<size_t>> SequentialSampler::next(size_t batch_size) {
  const size_t n = std::min(batch_size, size_ - index_);
  if (n == 0) return std::nullopt;
  std::vector<size_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = index_ + i;
  index_ += n;
  return out;
}

}  // namespace ember::data::samplers
