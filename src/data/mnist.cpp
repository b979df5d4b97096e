// MNIST and Fashion-MNIST (include/ember/data/datasets.h).
#include <filesystem>

#include "ember/core/Error.h"
#include "ember/data/datasets.h"
#include "ember/data/idx.h"

namespace ember::data::datasets {

namespace {

// root/name, or root/name.gz when only that exists.
std::string find_file(const std::string& root, const std::string& name, const char* what) {
  const std::filesystem::path plain = std::filesystem::path(root) / name;
  std::error_code ec;
  if (std::filesystem::exists(plain, ec)) return plain.string();
  std::filesystem::path gz = plain;
  gz += ".gz";
  if (std::filesystem::exists(gz, ec)) return gz.string();
  detail::fail<>("Error opening ", what, " file at ", plain.string(), " (nor ",
                 gz.filename().string(), " there)");
}

// libtorch's check: the magic number (element type and dims) read from the file.
void expect_magic(const Tensor& t, uint32_t expected, const std::string& path) {
  const uint32_t found = (t.dtype() == kByte ? 0x0800u : 0u) | static_cast<uint32_t>(t.dim());
  EMBER_CHECK(found == expected, "'", path, "': Expected to read number ", expected, " but found ",
              found, " instead");
}

}  // namespace

MNIST::MNIST(const std::string& root, Mode mode) : train_(mode == Mode::kTrain) {
  const std::string prefix = train_ ? "train" : "t10k";
  const std::string images_path = find_file(root, prefix + "-images-idx3-ubyte", "images");
  const std::string targets_path = find_file(root, prefix + "-labels-idx1-ubyte", "targets");
  Tensor images = read_idx(images_path);
  expect_magic(images, 2051, images_path);
  EMBER_CHECK(images.size(1) == 28 && images.size(2) == 28, "'", images_path,
              "': expected 28x28 images, found ", images.size(1), "x", images.size(2));
  Tensor targets = read_idx(targets_path);
  expect_magic(targets, 2049, targets_path);
  EMBER_CHECK(images.size(0) == targets.size(0), "MNIST: ", images.size(0), " images in '",
              images_path, "' but ", targets.size(0), " labels in '", targets_path, "'");
  // As libtorch: float32 in [0, 1], targets int64.
  images_ = images.unsqueeze(1).to(kFloat32).div_(255);
  targets_ = targets.to(kInt64);
}

Example<> MNIST::get(size_t index) {
  return {images_[static_cast<int64_t>(index)], targets_[static_cast<int64_t>(index)]};
}

std::optional<size_t> MNIST::size() const { return static_cast<size_t>(images_.size(0)); }

}  // namespace ember::data::datasets
