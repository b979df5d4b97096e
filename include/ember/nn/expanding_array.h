#pragma once
// ember::ExpandingArray<D>: libtorch's ExpandingArray, D integers given either as one value (used
// for every dimension: kernel_size 3 means {3, 3} for a 2-D conv) or as exactly D values.
// ExpandingArrayWithOptionalElem<D> allows "None" elements (adaptive pooling's output_size).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "ember/core/ArrayRef.h"
#include "ember/core/Error.h"

namespace ember {

template <size_t D, typename T = int64_t>
class ExpandingArray {
 public:
  ExpandingArray(std::initializer_list<T> list)  // NOLINT: implicit, as libtorch
      : ExpandingArray(ArrayRef<T>(list)) {}
  ExpandingArray(std::vector<T> vec) : ExpandingArray(ArrayRef<T>(vec)) {}  // NOLINT
  ExpandingArray(ArrayRef<T> values) {                                      // NOLINT
    EMBER_CHECK(values.size() == D, "Expected ", D, " values, but instead got ", values.size());
    std::copy(values.begin(), values.end(), values_.begin());
  }
  ExpandingArray(T single_size) { values_.fill(single_size); }         // NOLINT
  ExpandingArray(const std::array<T, D>& values) : values_(values) {}  // NOLINT

  std::array<T, D>& operator*() { return values_; }
  const std::array<T, D>& operator*() const { return values_; }
  std::array<T, D>* operator->() { return &values_; }
  const std::array<T, D>* operator->() const { return &values_; }
  operator ArrayRef<T>() const { return ArrayRef<T>(values_); }  // NOLINT
  size_t size() const noexcept { return D; }

 protected:
  std::array<T, D> values_;
};

// Prints "[3, 3]" (or the single value for D == 1), as libtorch.
template <size_t D, typename T>
std::ostream& operator<<(std::ostream& os, const ExpandingArray<D, T>& a) {
  if (D == 1) return os << a->at(0);
  os << "[";
  for (size_t i = 0; i < D; ++i) os << (i ? ", " : "") << a->at(i);
  return os << "]";
}

template <size_t D, typename T = int64_t>
class ExpandingArrayWithOptionalElem : public ExpandingArray<D, std::optional<T>> {
  using Base = ExpandingArray<D, std::optional<T>>;

 public:
  using Base::Base;
  ExpandingArrayWithOptionalElem(std::initializer_list<T> list)  // NOLINT
      : ExpandingArrayWithOptionalElem(ArrayRef<T>(list)) {}
  ExpandingArrayWithOptionalElem(std::vector<T> vec)  // NOLINT
      : ExpandingArrayWithOptionalElem(ArrayRef<T>(vec)) {}
  ExpandingArrayWithOptionalElem(ArrayRef<T> values) : Base(std::optional<T>()) {  // NOLINT
    EMBER_CHECK(values.size() == D, "Expected ", D, " values, but instead got ", values.size());
    for (size_t i = 0; i < D; ++i) this->values_[i] = values[i];
  }
  ExpandingArrayWithOptionalElem(T single_size) : Base(std::optional<T>()) {  // NOLINT
    for (size_t i = 0; i < D; ++i) this->values_[i] = single_size;
  }
  ExpandingArrayWithOptionalElem(const std::array<T, D>& values)  // NOLINT
      : Base(std::optional<T>()) {
    for (size_t i = 0; i < D; ++i) this->values_[i] = values[i];
  }
};

// Prints "[3, None]", as libtorch.
template <size_t D, typename T>
std::ostream& operator<<(std::ostream& os, const ExpandingArrayWithOptionalElem<D, T>& a) {
  auto one = [&](const std::optional<T>& e) {
    if (e) {
      os << *e;
    } else {
      os << "None";
    }
  };
  if (D == 1) {
    one(a->at(0));
    return os;
  }
  os << "[";
  for (size_t i = 0; i < D; ++i) {
    if (i) os << ", ";
    one(a->at(i));
  }
  return os << "]";
}

}  // namespace ember
