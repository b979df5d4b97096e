#pragma once
// Indexing: libtorch's torch::indexing (TensorIndex, Slice, None, Ellipsis) for Tensor::index and
// Tensor::index_put_, and the free functions gather, scatter, index_select, masked_fill,
// masked_select and nonzero.
//
//   using namespace ember::indexing;
//   t.index({Slice(), 0});  t.index({"...", None});  t.index({mask});  t.index({idx});
//   t.index_put_({Slice(1, None, 2)}, 0);
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>

#include "ember/core/Tensor.h"

namespace ember {
namespace indexing {

inline constexpr int64_t INDEX_MIN = std::numeric_limits<int64_t>::min();
inline constexpr int64_t INDEX_MAX = std::numeric_limits<int64_t>::max();

enum class TensorIndexType { None, Ellipsis, Integer, Boolean, Slice, Tensor };

// Python's None (a new dim of size 1).
inline constexpr std::nullopt_t None = std::nullopt;

// Python's ... (as many full slices as needed).
struct EllipsisIndexType {
  EllipsisIndexType() = default;
};
inline constexpr EllipsisIndexType Ellipsis{};

// Python's start:stop:step. A zero step throws ValueError("slice step cannot be zero").
class Slice {
 public:
  Slice(std::optional<int64_t> start_index = std::nullopt,
        std::optional<int64_t> stop_index = std::nullopt,
        std::optional<int64_t> step_index = std::nullopt);
  int64_t start() const { return start_; }
  int64_t stop() const { return stop_; }
  int64_t step() const { return step_; }

 private:
  int64_t start_;
  int64_t stop_;
  int64_t step_;
};
std::ostream& operator<<(std::ostream& os, const Slice& s);

// One item of an index: None, Ellipsis ("..."), an integer, a bool, a Slice or a Tensor (integer
// indices or a bool/uint8 mask).
class TensorIndex {
 public:
  TensorIndex(std::nullopt_t) : type_(TensorIndexType::None) {}                         // NOLINT
  TensorIndex(EllipsisIndexType) : type_(TensorIndexType::Ellipsis) {}                  // NOLINT
  TensorIndex(const char* str);                                                         // NOLINT
  TensorIndex(int64_t integer) : integer_(integer), type_(TensorIndexType::Integer) {}  // NOLINT
  TensorIndex(int integer) : TensorIndex(static_cast<int64_t>(integer)) {}              // NOLINT
  template <class T>
  requires std::is_same_v<T, bool> TensorIndex(T boolean)  // NOLINT
      : boolean_(boolean), type_(TensorIndexType::Boolean) {}
  TensorIndex(Slice slice) : slice_(slice), type_(TensorIndexType::Slice) {}  // NOLINT
  TensorIndex(Tensor tensor)
      : tensor_(std::move(tensor)), type_(TensorIndexType::Tensor) {}  // NOLINT

  TensorIndexType type() const { return type_; }
  bool is_none() const { return type_ == TensorIndexType::None; }
  bool is_ellipsis() const { return type_ == TensorIndexType::Ellipsis; }
  bool is_integer() const { return type_ == TensorIndexType::Integer; }
  int64_t integer() const { return integer_; }
  bool is_boolean() const { return type_ == TensorIndexType::Boolean; }
  bool boolean() const { return boolean_; }
  bool is_slice() const { return type_ == TensorIndexType::Slice; }
  const Slice& slice() const { return slice_; }
  bool is_tensor() const { return type_ == TensorIndexType::Tensor; }
  const Tensor& tensor() const { return tensor_; }

 private:
  int64_t integer_ = 0;
  bool boolean_ = false;
  Slice slice_;
  Tensor tensor_;
  TensorIndexType type_;
};
std::ostream& operator<<(std::ostream& os, const TensorIndex& index);

}  // namespace indexing

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool sparse_grad = false);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src);
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value);
Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value);
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value);
Tensor masked_select(const Tensor& self, const Tensor& mask);
Tensor nonzero(const Tensor& self);

}  // namespace ember
