#pragma once
// The data loader, as libtorch's torch::data::make_data_loader: batches of a dataset in the
// order a sampler gives (RandomSampler by default: shuffled, reshuffled each epoch).
//
//   auto loader = ember::data::make_data_loader(
//       std::move(dataset),                                   // e.g. MNIST(...).map(Stack<>())
//       ember::data::DataLoaderOptions().batch_size(64).drop_last(true));
//   for (auto& batch : *loader) { batch.data ...; batch.target ...; }
//
// Each `for` over the loader is one epoch (begin() resets the sampler). Batches are made on the
// calling thread when the iterator advances: `workers` is accepted for libtorch compatibility
// and ignored.
#include <chrono>
#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "ember/core/Error.h"
#include "ember/data/samplers.h"

namespace ember::data {

// Setters return *this (chainable); getters take no argument, as libtorch's TORCH_ARG.
#define EMBER_DATA_ARG(T, name)                      \
 public:                                             \
  auto& name(const T& new_##name) noexcept {         \
    this->name##_ = new_##name;                      \
    return *this;                                    \
  }                                                  \
  const T& name() const noexcept { return name##_; } \
  T& name() noexcept { return name##_; }             \
                                                     \
 private:                                            \
  T name##_

struct DataLoaderOptions {
  DataLoaderOptions() = default;
  DataLoaderOptions(size_t batch_size) : batch_size_(batch_size) {}  // NOLINT: implicit

  EMBER_DATA_ARG(size_t, batch_size) = 1;
  EMBER_DATA_ARG(size_t, workers) = 0;  // ignored: batches are made on the calling thread
  EMBER_DATA_ARG(std::optional<size_t>, max_jobs);
  EMBER_DATA_ARG(std::optional<std::chrono::milliseconds>, timeout);
  EMBER_DATA_ARG(bool, enforce_ordering) = true;
  // Skip the last batch of an epoch when it is smaller than batch_size.
  EMBER_DATA_ARG(bool, drop_last) = false;
};
#undef EMBER_DATA_ARG

template <class Dataset, class Sampler>
class StatelessDataLoader {
 public:
  using BatchType = typename Dataset::BatchType;
  using BatchRequestType = typename Sampler::BatchRequestType;

  // An input iterator over one epoch's batches.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = BatchType;
    using difference_type = std::ptrdiff_t;
    using pointer = BatchType*;
    using reference = BatchType&;

    Iterator() = default;
    BatchType& operator*() {
      EMBER_CHECK(batch_, "Attempted to dereference iterator that was past the end");
      return *batch_;
    }
    BatchType* operator->() { return &**this; }
    Iterator& operator++() {
      EMBER_CHECK(batch_, "Attempted to increment iterator past the end");
      batch_ = loader_->next();
      return *this;
    }
    // Only an exhausted iterator equals end().
    bool operator==(const Iterator& other) const { return !batch_ && !other.batch_; }
    bool operator!=(const Iterator& other) const { return !(*this == other); }

   private:
    friend class StatelessDataLoader;
    explicit Iterator(StatelessDataLoader* loader) : loader_(loader), batch_(loader->next()) {}
    StatelessDataLoader* loader_ = nullptr;
    std::optional<BatchType> batch_;
  };

  StatelessDataLoader(Dataset dataset, Sampler sampler, DataLoaderOptions options)
      : dataset_(std::move(dataset)), sampler_(std::move(sampler)), options_(std::move(options)) {
    EMBER_CHECK(options_.batch_size() > 0, "batch_size must be positive");
  }

  // Starts an epoch.
  Iterator begin() {
    sampler_.reset(std::nullopt);
    return Iterator(this);
  }
  Iterator end() { return Iterator(); }

  const DataLoaderOptions& options() const noexcept { return options_; }
  Dataset& dataset() noexcept { return dataset_; }
  Sampler& sampler() noexcept { return sampler_; }

 private:
  std::optional<BatchType> next() {
    auto indices = sampler_.next(options_.batch_size());
    if (!indices || (indices->size() < options_.batch_size() && options_.drop_last()) ||
        indices->empty()) {
      return std::nullopt;
    }
    return dataset_.get_batch(std::move(*indices));
  }

  Dataset dataset_;
  Sampler sampler_;
  DataLoaderOptions options_;
};

template <class Dataset, class Sampler>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset,
                                                                        Sampler sampler,
                                                                        DataLoaderOptions options) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(
      std::move(dataset), std::move(sampler), std::move(options));
}

// The sampler is built from the dataset's size: Sampler(size).
template <class Sampler = samplers::RandomSampler, class Dataset>
requires std::is_constructible_v<Sampler, size_t>
    std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(
        Dataset dataset, DataLoaderOptions options = DataLoaderOptions()) {
  const std::optional<size_t> size = dataset.size();
  EMBER_CHECK(size.has_value(),
              "Expected the dataset to be sized in order to construct the Sampler");
  return make_data_loader(std::move(dataset), Sampler(*size), std::move(options));
}

}  // namespace ember::data
