#pragma once
// Datasets, as libtorch's torch::data::datasets: a Dataset returns one Example per index; its
// get_batch(indices) returns a std::vector of them, which a transform such as transforms::Stack
// turns into one batched Example (dataset.map(transform) gives a MapDataset).
//
//   auto train = ember::data::datasets::FashionMNIST(FashionMNIST::Mode::kTrain)
//                    .map(ember::data::transforms::Stack<>());
//
// MNIST / FashionMNIST read the four IDX files of a folder, plain or gzip-compressed:
// {train,t10k}-images-idx3-ubyte and {train,t10k}-labels-idx1-ubyte (each name, or the name with
// .gz). Images are float32 [1, 28, 28] scaled to [0, 1] (pixel / 255), targets int64 scalars.
// Unlike libtorch, which insists on 60,000 / 10,000 images, any count is accepted as long as the
// two files agree.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ember/core/ArrayRef.h"
#include "ember/core/Tensor.h"
#include "ember/data/example.h"

namespace ember::data::datasets {

template <class Source, class Transform>
class MapDataset;
template <class D, class T>
MapDataset<D, T> map(D dataset, T transform);

// A dataset answering batch requests (a list of indices by default).
template <class Self, class Batch = std::vector<Example<>>, class BatchRequest = ArrayRef<size_t>>
class BatchDataset {
 public:
  using SelfType = Self;
  using BatchType = Batch;
  using BatchRequestType = BatchRequest;
  static constexpr bool is_stateful = false;

  virtual ~BatchDataset() = default;
  virtual Batch get_batch(BatchRequest request) = 0;
  // The number of examples (nullopt: unknown).
  virtual std::optional<size_t> size() const = 0;

  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) & {
    return datasets::map(static_cast<Self&>(*this), std::move(transform));
  }
  template <class TransformType>
  MapDataset<Self, TransformType> map(TransformType transform) && {
    return datasets::map(std::move(static_cast<Self&>(*this)), std::move(transform));
  }
};

// A dataset of single examples: implement get(index) and size().
template <class Self, class SingleExample = Example<>>
class Dataset : public BatchDataset<Self, std::vector<SingleExample>> {
 public:
  using ExampleType = SingleExample;

  virtual ExampleType get(size_t index) = 0;

  std::vector<ExampleType> get_batch(ArrayRef<size_t> indices) override {
    std::vector<ExampleType> batch;
    batch.reserve(indices.size());
    for (size_t i : indices) batch.push_back(get(i));
    return batch;
  }
};

// A dataset whose batches go through a transform (its apply_batch).
template <class Source, class Transform>
class MapDataset
    : public BatchDataset<MapDataset<Source, Transform>, typename Transform::OutputBatchType,
                          typename Source::BatchRequestType> {
 public:
  using DatasetType = Source;
  using TransformType = Transform;
  using BatchRequestType = typename Source::BatchRequestType;
  using OutputBatchType = typename Transform::OutputBatchType;

  MapDataset(Source dataset, Transform transform)
      : dataset_(std::move(dataset)), transform_(std::move(transform)) {}

  OutputBatchType get_batch(BatchRequestType request) override {
    return transform_.apply_batch(dataset_.get_batch(std::move(request)));
  }
  std::optional<size_t> size() const override { return dataset_.size(); }

  const Source& dataset() noexcept { return dataset_; }
  const Transform& transform() noexcept { return transform_; }

 private:
  Source dataset_;
  Transform transform_;
};

template <class D, class T>
MapDataset<D, T> map(D dataset, T transform) {
  return MapDataset<D, T>(std::move(dataset), std::move(transform));
}

class MNIST : public Dataset<MNIST> {
 public:
  enum class Mode { kTrain, kTest };

  // root: the folder holding the IDX files.
  explicit MNIST(const std::string& root, Mode mode = Mode::kTrain);

  // {images()[index], targets()[index]}: float32 [1, 28, 28] and an int64 scalar.
  Example<> get(size_t index) override;
  std::optional<size_t> size() const override;
  bool is_train() const noexcept { return train_; }
  // All images, float32 [N, 1, 28, 28]; all targets, int64 [N].
  const Tensor& images() const { return images_; }
  const Tensor& targets() const { return targets_; }

 private:
  Tensor images_, targets_;
  bool train_;
};

// Fashion-MNIST (Zalando's clothes, the MNIST format and file names).
class FashionMNIST : public MNIST {
 public:
  // Where Debian's dataset-fashion-mnist package installs the files.
  static constexpr const char* kDebianRoot = "/usr/share/datasets/fashion-mnist";

  using MNIST::MNIST;
  explicit FashionMNIST(Mode mode = Mode::kTrain) : MNIST(kDebianRoot, mode) {}

  // The names of the ten classes, by label.
  static constexpr std::array<const char*, 10> kClasses = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
};

}  // namespace ember::data::datasets
