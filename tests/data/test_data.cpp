// Data: the IDX reader (plain and gzip) against the files gen_serialize.py wrote with PyTorch, the
// MNIST dataset class, samplers (the permutations PyTorch's randperm gives, in libtorch's order),
// the data loader, transforms, and Debian's Fashion-MNIST when installed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "ember/data/data.h"
#include "error_of.h"
#include "reference.h"

namespace {

using ember::Tensor;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
namespace data = ember::data;
namespace datasets = ember::data::datasets;
namespace samplers = ember::data::samplers;
namespace transforms = ember::data::transforms;
using Bytes = std::vector<uint8_t>;

const nlohmann::json& ref() { return reference("serialize"); }
std::string ref_path(const std::string& file) {
  return std::string(EMBER_REFERENCE_DIR) + "/" + file;
}

Bytes read_raw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

bool is_gz(const std::string& name) {
  return name.size() > 3 && name.substr(name.size() - 3) == ".gz";
}

#define SKIP_WITHOUT_ZLIB() \
  if (!data::gzip_supported()) GTEST_SKIP() << "ember built without zlib (EMBER_HAVE_ZLIB)"

using ember_test::error_of;

#define EXPECT_ERROR_CONTAINS(stmt, substring)                                               \
  do {                                                                                       \
    const std::string msg_ = error_of([&] { stmt; });                                        \
    EXPECT_NE(msg_.find(substring), std::string::npos)                                       \
        << "expected an error containing \"" << (substring) << "\", got \"" << msg_ << "\""; \
  } while (0)

// ---- IDX ----------------------------------------------------------------------------------------

TEST(Idx, ReadsEveryElementType) {
  for (const auto& [name, t] : ref().at("idx").items()) {
    SCOPED_TRACE(name);
    if (is_gz(name) && !data::gzip_supported()) continue;
    Tensor got = data::read_idx(ref_path(name));
    EXPECT_TRUE(same_tensor(got, tensor_from_reference(t)));
    EXPECT_TRUE(got.is_contiguous());
  }
}

TEST(Idx, RejectsMalformedFiles) {
  const Bytes good = read_raw(ref_path("serialize_idx_int32.idx"));  // 2x2x2 int32
  auto decode = [](const Bytes& b) { data::decode_idx(b.data(), b.size()); };
  EXPECT_ERROR_CONTAINS(decode(Bytes{0, 0, 8}), "3 bytes is too short for the magic number");
  EXPECT_ERROR_CONTAINS(decode(Bytes{1, 0, 8, 1}), "bad magic number 0x1000801");
  EXPECT_ERROR_CONTAINS(decode(Bytes{0, 0, 0x0A, 1, 0, 0, 0, 0}), "unknown element type 0xa");
  EXPECT_ERROR_CONTAINS(decode(Bytes{0, 0, 8, 2, 0, 0, 0, 1}), "too short for 2 dimension sizes");
  Bytes truncated(good.begin(), good.end() - 1);
  EXPECT_ERROR_CONTAINS(
      decode(truncated),
      "the sizes call for 32 bytes of data but 31 follow the header (truncated?)");
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_ERROR_CONTAINS(decode(trailing), "32 bytes of data but 33 follow");
  // 0 x (2^32-1)^3 elements: no data, but strides would overflow int64.
  const Bytes huge{0,    0,    8,    4,    0,    0,    0,    0,    0xff, 0xff,
                   0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  EXPECT_ERROR_CONTAINS(decode(huge), "the sizes overflow");
  // Every prefix of a valid file is rejected; nothing reads past the end (sanitizer build).
  for (size_t n = 0; n < good.size(); ++n) {
    Bytes prefix(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_THROW(decode(prefix), ember::Error) << n;
  }
  EXPECT_ERROR_CONTAINS(data::read_idx(ref_path("no-such-file.idx")), "cannot open");
  EXPECT_ERROR_CONTAINS(data::read_idx(EMBER_REFERENCE_DIR), "is a directory");
}

TEST(Idx, Gzip) {
  SKIP_WITHOUT_ZLIB();
  const Bytes gz = read_raw(ref_path("serialize_idx_float32.idx.gz"));
  const Bytes plain = data::gunzip(gz.data(), gz.size());
  EXPECT_EQ(plain.size(), 4u + 2 * 4 + 5 * 2 * 4);
  // Concatenated members decompress to the concatenation.
  Bytes twice(2 * gz.size());
  std::copy(gz.begin(), gz.end(), twice.begin());
  std::copy(gz.begin(), gz.end(), twice.begin() + static_cast<std::ptrdiff_t>(gz.size()));
  Bytes both = data::gunzip(twice.data(), twice.size());
  EXPECT_EQ(both.size(), 2 * plain.size());
  EXPECT_TRUE(std::equal(plain.begin(), plain.end(),
                         both.begin() + static_cast<std::ptrdiff_t>(plain.size())));
  // Truncated, corrupt, trailing garbage, not gzip.
  for (size_t n = 2; n < gz.size(); ++n) {
    EXPECT_THROW(data::gunzip(gz.data(), n), ember::Error) << n;
  }
  Bytes corrupt = gz;
  corrupt[gz.size() - 6] ^= 0xff;  // the CRC
  EXPECT_ERROR_CONTAINS(data::gunzip(corrupt.data(), corrupt.size()), "corrupt gzip data");
  Bytes garbage = gz;
  garbage.push_back('x');
  EXPECT_ERROR_CONTAINS(data::gunzip(garbage.data(), garbage.size()), "trailing garbage");
  EXPECT_ERROR_CONTAINS(data::gunzip(plain.data(), plain.size()), "not gzip data");
}

// ---- MNIST --------------------------------------------------------------------------------------

TEST(Mnist, ReadsPlainAndGzipFolders) {
  const std::string root = ref_path("serialize_mnist");
  const auto& want = ref().at("mnist_folder");
  for (auto [mode, split] : {std::pair{datasets::MNIST::Mode::kTrain, "train"},
                             std::pair{datasets::MNIST::Mode::kTest, "t10k"}}) {
    SCOPED_TRACE(split);
    if (std::string(split) == "train" && !data::gzip_supported()) continue;  // gzip files
    datasets::MNIST ds(root, mode);
    EXPECT_EQ(ds.is_train(), mode == datasets::MNIST::Mode::kTrain);
    Tensor images = tensor_from_reference(want.at(split).at("images"));
    Tensor targets = tensor_from_reference(want.at(split).at("targets"));
    EXPECT_TRUE(same_tensor(ds.images(), images));
    EXPECT_TRUE(same_tensor(ds.targets(), targets));
    ASSERT_EQ(ds.size(), static_cast<size_t>(images.size(0)));
    auto e = ds.get(1);
    EXPECT_TRUE(same_tensor(e.data, images[1]));
    EXPECT_TRUE(same_tensor(e.target, targets[1]));
    EXPECT_THROW(ds.get(*ds.size()), ember::Error);
  }
}

TEST(Mnist, ReportsMissingAndMismatchedFiles) {
  EXPECT_ERROR_CONTAINS(datasets::MNIST("/nonexistent"),
                        "Error opening images file at /nonexistent/train-images-idx3-ubyte");
  // A folder whose image file holds labels.
  const auto dir =
      std::filesystem::temp_directory_path() / ("ember_mnist_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(ref_path("serialize_mnist/t10k-labels-idx1-ubyte"),
                             dir / "t10k-images-idx3-ubyte",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(ref_path("serialize_mnist/t10k-labels-idx1-ubyte"),
                             dir / "t10k-labels-idx1-ubyte",
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_ERROR_CONTAINS(datasets::MNIST(dir.string(), datasets::MNIST::Mode::kTest),
                        "Expected to read number 2051 but found 2049 instead");
  std::filesystem::remove_all(dir);
}

TEST(Mnist, StackedBatches) {
  auto ds = datasets::MNIST(ref_path("serialize_mnist"), datasets::MNIST::Mode::kTest)
                .map(transforms::Stack<>());
  std::vector<size_t> idx{3, 0};
  auto batch = ds.get_batch(idx);
  EXPECT_EQ(batch.data.sizes(), ember::IntArrayRef({2, 1, 28, 28}));
  EXPECT_EQ(batch.target.sizes(), ember::IntArrayRef({2}));
  EXPECT_EQ(batch.target.dtype(), ember::kLong);
  const auto& want = ref().at("mnist_folder").at("t10k");
  Tensor images = tensor_from_reference(want.at("images"));
  EXPECT_TRUE(same_tensor(batch.data[0], images[3]));
  EXPECT_TRUE(same_tensor(batch.data[1], images[0]));
  EXPECT_EQ(ds.size(), 4u);
}

// ---- Samplers -----------------------------------------------------------------------------------

std::vector<size_t> drain(samplers::Sampler<>& s, size_t batch) {
  std::vector<size_t> all;
  while (auto b = s.next(batch)) {
    EXPECT_LE(b->size(), batch);
    all.insert(all.end(), b->begin(), b->end());
  }
  return all;
}

TEST(Samplers, RandomSamplerDrawsPyTorchsPermutations) {
  for (const auto& c : ref().at("randperm_global")) {
    const auto perms = c.at("perms").get<std::vector<std::vector<size_t>>>();
    ember::manual_seed(c.at("seed").get<uint64_t>());
    samplers::RandomSampler s(c.at("n").get<int64_t>());
    EXPECT_EQ(drain(s, 7), perms[0]);  // drawn by the constructor, as libtorch
    EXPECT_FALSE(s.next(7).has_value());
    s.reset();
    EXPECT_EQ(s.index(), 0u);
    EXPECT_EQ(drain(s, 64), perms[1]);
  }
  const auto& g = ref().at("randperm_generator");
  const auto epochs = g.at("epochs").get<std::vector<std::vector<size_t>>>();
  samplers::RandomSampler s(g.at("n").get<int64_t>(),
                            ember::make_generator(g.at("seed").get<uint64_t>()));
  ember::manual_seed(123);  // the global generator plays no part
  for (const auto& epoch : epochs) {
    EXPECT_EQ(drain(s, 3), epoch);
    s.reset();
  }
  s.reset(5);
  std::vector<size_t> five = drain(s, 2);
  EXPECT_EQ(std::set<size_t>(five.begin(), five.end()), (std::set<size_t>{0, 1, 2, 3, 4}));
}

TEST(Samplers, SequentialSampler) {
  samplers::SequentialSampler s(5);
  EXPECT_EQ(s.next(2), (std::vector<size_t>{0, 1}));
  EXPECT_EQ(s.next(2), (std::vector<size_t>{2, 3}));
  EXPECT_EQ(s.next(2), (std::vector<size_t>{4}));
  EXPECT_FALSE(s.next(2).has_value());
  s.reset(3);
  EXPECT_EQ(drain(s, 10), (std::vector<size_t>{0, 1, 2}));
}

// ---- Data loader --------------------------------------------------------------------------------

// Example i: data [i, 10 i] (float), target i (int64).
class Numbers : public datasets::Dataset<Numbers> {
 public:
  explicit Numbers(size_t n) : n_(n) {}
  data::Example<> get(size_t i) override {
    const auto x = static_cast<double>(i);
    return {ember::tensor({x, 10 * x}), ember::tensor(static_cast<int64_t>(i))};
  }
  std::optional<size_t> size() const override { return n_; }

 private:
  size_t n_;
};

template <class Loader>
std::vector<std::vector<int64_t>> epoch_targets(Loader& loader) {
  std::vector<std::vector<int64_t>> out;
  for (auto& batch : loader) {
    EXPECT_EQ(batch.data.size(0), batch.target.size(0));
    EXPECT_TRUE(same_tensor(batch.data.select(1, 1), batch.data.select(1, 0).mul(10)));
    std::vector<int64_t> t;
    for (int64_t i = 0; i < batch.target.numel(); ++i)
      t.push_back(batch.target[i].template item<int64_t>());
    out.push_back(t);
  }
  return out;
}

TEST(DataLoader, SequentialBatchesAndDropLast) {
  auto loader = data::make_data_loader<samplers::SequentialSampler>(
      Numbers(10).map(transforms::Stack<>()), data::DataLoaderOptions().batch_size(4));
  using V = std::vector<std::vector<int64_t>>;
  EXPECT_EQ(epoch_targets(*loader), (V{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));
  EXPECT_EQ(epoch_targets(*loader), (V{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));  // a second epoch
  auto dropping = data::make_data_loader<samplers::SequentialSampler>(
      Numbers(10).map(transforms::Stack<>()), data::DataLoaderOptions(4).drop_last(true));
  EXPECT_EQ(epoch_targets(*dropping), (V{{0, 1, 2, 3}, {4, 5, 6, 7}}));
  auto exact = data::make_data_loader<samplers::SequentialSampler>(
      Numbers(8).map(transforms::Stack<>()), data::DataLoaderOptions(4).drop_last(true));
  EXPECT_EQ(epoch_targets(*exact), (V{{0, 1, 2, 3}, {4, 5, 6, 7}}));
  // Unstacked, a batch is the vector of examples.
  auto raw = data::make_data_loader<samplers::SequentialSampler>(Numbers(3), 2);
  std::vector<size_t> sizes;
  for (auto& batch : *raw) sizes.push_back(batch.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{2, 1}));
}

TEST(DataLoader, ShufflesAsLibtorch) {
  // libtorch 1.13.1, after torch::manual_seed(0), make_data_loader(dataset of 10, batch_size 4)
  // yields perms[1] then perms[2] of torch.manual_seed(0); randperm(10) x 3.
  const auto& c = ref().at("randperm_global")[0];
  ASSERT_EQ(c.at("n"), 10);
  const auto perms = c.at("perms").get<std::vector<std::vector<int64_t>>>();
  ember::manual_seed(0);
  auto loader =
      data::make_data_loader(Numbers(10).map(transforms::Stack<>()), data::DataLoaderOptions(4));
  for (int epoch = 1; epoch <= 2; ++epoch) {
    std::vector<int64_t> order;
    for (const auto& b : epoch_targets(*loader)) order.insert(order.end(), b.begin(), b.end());
    EXPECT_EQ(order, perms[epoch]) << "epoch " << epoch;
  }
  // Seeded shuffling with a generator: the same seed, the same epochs.
  auto seeded = [] {
    return data::make_data_loader(Numbers(50).map(transforms::Stack<>()),
                                  samplers::RandomSampler(50, ember::make_generator(11)),
                                  data::DataLoaderOptions(8));
  };
  auto a = seeded(), b = seeded();
  const auto a1 = epoch_targets(*a), a2 = epoch_targets(*a);
  EXPECT_EQ(a1, epoch_targets(*b));
  EXPECT_EQ(a2, epoch_targets(*b));
  EXPECT_NE(a1, a2);
  std::set<int64_t> seen;
  for (const auto& batch : a1) seen.insert(batch.begin(), batch.end());
  EXPECT_EQ(seen.size(), 50u);
}

TEST(DataLoader, Misuse) {
  EXPECT_ERROR_CONTAINS(data::make_data_loader(Numbers(3), data::DataLoaderOptions(0)),
                        "batch_size must be positive");
  auto loader = data::make_data_loader<samplers::SequentialSampler>(Numbers(3), 5);
  auto it = loader->begin();
  ASSERT_NE(it, loader->end());
  ++it;
  EXPECT_EQ(it, loader->end());
  EXPECT_ERROR_CONTAINS(*it, "Attempted to dereference iterator that was past the end");
  EXPECT_ERROR_CONTAINS(++it, "Attempted to increment iterator past the end");
}

TEST(Transforms, NormalizeAndLambda) {
  transforms::Normalize<> norm(0.5, 0.25);
  EXPECT_EQ(norm.mean.sizes(), ember::IntArrayRef({1, 1, 1}));  // as libtorch
  Tensor x = ember::tensor({0.0, 0.5, 1.0}, ember::kFloat).reshape({1, 1, 3});
  EXPECT_TRUE(
      same_tensor(norm(x), ember::tensor({-2.0, 0.0, 2.0}, ember::kFloat).reshape({1, 1, 3})));
  transforms::Normalize<> per_channel({0.0, 1.0}, {1.0, 2.0});
  Tensor y = ember::ones({2, 1, 2});
  EXPECT_TRUE(same_tensor(per_channel(y),
                          ember::tensor({1.0, 1.0, 0.0, 0.0}, ember::kFloat).reshape({2, 1, 2})));
  auto ds = Numbers(4)
                .map(transforms::TensorLambda<>([](Tensor t) { return t.neg(); }))
                .map(transforms::Stack<>());
  std::vector<size_t> idx{2};
  auto batch = ds.get_batch(idx);
  EXPECT_TRUE(same_tensor(batch.data, ember::tensor({-2.0, -20.0}, ember::kFloat).reshape({1, 2})));
}

// ---- Debian's Fashion-MNIST ---------------------------------------------------------------------

TEST(FashionMnist, DebianPackage) {
  const auto& want = ref().at("fashion_mnist");
  if (want.is_null() || !std::filesystem::exists(datasets::FashionMNIST::kDebianRoot))
    GTEST_SKIP() << "dataset-fashion-mnist not installed";
  SKIP_WITHOUT_ZLIB();
  for (auto [mode, split] : {std::pair{datasets::MNIST::Mode::kTrain, "train"},
                             std::pair{datasets::MNIST::Mode::kTest, "t10k"}}) {
    SCOPED_TRACE(split);
    const auto& w = want.at(split);
    datasets::FashionMNIST ds(mode);
    const auto n = w.at("count").get<int64_t>();
    ASSERT_EQ(ds.size(), static_cast<size_t>(n));
    EXPECT_EQ(ds.images().sizes(), ember::IntArrayRef({n, 1, 28, 28}));
    EXPECT_EQ(ds.images().dtype(), ember::kFloat);
    // Pixels come back exactly: x / 255 * 255 rounds to x.
    Tensor pixels = ds.images().mul(255).round().to(ember::kLong);
    EXPECT_EQ(pixels.sum().item<int64_t>(), w.at("pixel_sum").get<int64_t>());
    EXPECT_EQ(pixels[0].sum().item<int64_t>(), w.at("image0_pixel_sum").get<int64_t>());
    EXPECT_EQ(pixels[n - 1].sum().item<int64_t>(), w.at("last_image_pixel_sum").get<int64_t>());
    EXPECT_LE(ds.images().max().item<float>(), 1.0f);
    const auto first = w.at("first_labels").get<std::vector<int64_t>>();
    for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(ds.get(i).target.item<int64_t>(), first[i]);
    const auto counts = w.at("label_counts").get<std::vector<int64_t>>();
    for (int64_t label = 0; label < 10; ++label)
      EXPECT_EQ(ds.targets().eq(label).sum().item<int64_t>(), counts[label]) << label;
  }
  EXPECT_STREQ(datasets::FashionMNIST::kClasses[9], "Ankle boot");
}

}  // namespace
