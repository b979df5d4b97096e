#pragma once
// Samplers, as libtorch's torch::data::samplers: they hand the data loader the indices of each
// batch. RandomSampler draws a fresh permutation at every reset (each epoch).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ember/core/Tensor.h"
#include "ember/core/Generator.h"

namespace ember::data::samplers {

template <class BatchRequest = std::vector<size_t>>
class Sampler {
 public:
  using BatchRequestType = BatchRequest;
  virtual ~Sampler() = default;
  // Starts over (with a new dataset size when given).
  virtual void reset(std::optional<size_t> new_size) = 0;
  // The next batch of at most batch_size indices; nullopt once the epoch is done.
  virtual std::optional<BatchRequest> next(size_t batch_size) = 0;
};

// Indices in a random order. As libtorch, the permutation is torch::randperm(size) drawn from the
// global generator, at construction and again at each reset: after ember::manual_seed(s) the
// order is the one libtorch gives after torch::manual_seed(s).
// ember's addition: with a Generator, permutations come from it instead (seeded shuffling that
// other random calls do not disturb: make_generator(seed)).
class RandomSampler : public Sampler<> {
 public:
  explicit RandomSampler(int64_t size, ScalarType index_dtype = kInt64);
  RandomSampler(int64_t size, Generator generator);

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  // How many indices this epoch has handed out.
  size_t index() const noexcept { return static_cast<size_t>(index_); }

 private:
  Tensor permutation(int64_t size);

  std::optional<Generator> generator_;
  ScalarType index_dtype_;
  Tensor indices_;
  int64_t index_ = 0;
};

// 0, 1, ..., size - 1.
class SequentialSampler : public Sampler<> {
 public:
  explicit SequentialSampler(size_t size) : size_(size) {}

  void reset(std::optional<size_t> new_size = std::nullopt) override;
  std::optional<std::vector<size_t>> next(size_t batch_size) override;
  size_t index() const noexcept { return index_; }

 private:
  size_t size_;
  size_t index_ = 0;
};

}  // namespace ember::data::samplers
