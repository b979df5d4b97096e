#pragma once
// Creating tensors: from data, from a shape, and by mimicking another tensor (libtorch's names and
// signatures).
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <type_traits>
#include <vector>

#include "ember/core/Tensor.h"
#include "ember/core/Generator.h"

namespace ember {

namespace detail {
// An uninitialised contiguous tensor. Throws PyTorch's messages for a negative size, sizes whose
// bytes overflow and memory that is not there.
Tensor make_tensor(IntArrayRef sizes, ScalarType dtype, Device device);
// The same with self's sizes, for ops that PyTorch allocates with empty_like (clone, to, the
// *_like functions): their size check names the strides too; check_size_like is that check.
Tensor make_tensor_like(const Tensor& self, ScalarType dtype, Device device);
void check_size_like(const Tensor& self, ScalarType dtype);
// Applies options.requires_grad() (with PyTorch's check) and returns t.
Tensor finish_creation(Tensor t, const TensorOptions& options);
// A 0-d tensor holding a number (float64, int64 or bool, as Python's number types) marked as a
// wrapped number: ops promote it as the number, not as a tensor (Python's `a * 2`).
Tensor wrapped_scalar_tensor(const Scalar& s);
// Writes into a tensor that nobody has seen yet (a fresh result): no autograd recording and no
// version bump, unlike the public fill_ / copy_ (src broadcasts and converts as in copy_). fill_raw
// refuses a value the dtype cannot hold, as fill_ does ("value cannot be converted to type uint8_t
// without overflow").
void fill_raw(const Tensor& self, const Scalar& value);
void copy_raw(const Tensor& self, const Tensor& src);
// A view of self's storage with this geometry; records nothing in the autograd graph (the view
// ops record their own node; kernels use it for plumbing).
Tensor alias(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
}  // namespace detail

// ---- From data -------------------------------------------------------------------------------

// A scalar, a (nested) braced list, or a std::vector: the argument of tensor().
class TensorDataContainer {
 public:
  enum class Kind : uint8_t { Scalar, List, Tensor };

  TensorDataContainer(bool v) : kind_(Kind::Scalar), scalar_(v), type_(kBool) {}  // NOLINT
  template <class T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) TensorDataContainer(T v)
      : kind_(Kind::Scalar), scalar_(v), type_(literal_type<T>()) {}                      // NOLINT
  TensorDataContainer(Half v) : kind_(Kind::Scalar), scalar_(v), type_(kHalf) {}          // NOLINT
  TensorDataContainer(BFloat16 v) : kind_(Kind::Scalar), scalar_(v), type_(kBFloat16) {}  // NOLINT
  TensorDataContainer(std::initializer_list<TensorDataContainer> list)                    // NOLINT
      : kind_(Kind::List), list_(list) {}
  template <class T>
  requires is_scalar_type_v<T> TensorDataContainer(ArrayRef<T> values)  // NOLINT
      : kind_(Kind::Tensor),
        tensor_(from_values(values.data(), values.size())),
        type_(literal_type<T>()) {}
  template <class T>
  requires is_scalar_type_v<T> TensorDataContainer(const std::vector<T>& values)  // NOLINT
      : TensorDataContainer(ArrayRef<T>(values.data(), values.size())) {}
  TensorDataContainer(const std::vector<bool>& values);  // NOLINT

  Kind kind() const { return kind_; }
  const Scalar& scalar() const { return scalar_; }
  std::initializer_list<TensorDataContainer> list() const { return list_; }
  const Tensor& values() const { return tensor_; }
  // The dtype this leaf asks for: integers int64, doubles the default dtype, others their own.
  ScalarType leaf_type() const { return type_ == kDouble ? get_default_dtype() : type_; }

 private:
  template <class T>
  static constexpr ScalarType literal_type() {
    if constexpr (std::is_floating_point_v<T>) {
      return std::is_same_v<T, float> ? kFloat : kDouble;
    } else if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16> ||
                         std::is_same_v<T, uint8_t> || std::is_same_v<T, int8_t> ||
                         std::is_same_v<T, int16_t>) {
      return scalar_type_of<T>;
    } else {
      return kLong;  // int, long, ...: int64 as in libtorch and Python
    }
  }
  template <class T>
  static Tensor from_values(const T* data, size_t n);

  Kind kind_;
  Scalar scalar_;
  std::initializer_list<TensorDataContainer> list_;
  Tensor tensor_;
  ScalarType type_ = kLong;
};

// torch::tensor: dtype inferred as PyTorch does (bools -> bool, integers -> int64, any floating
// value -> default dtype) unless options name one. Ragged lists throw.
Tensor tensor(const TensorDataContainer& data, const TensorOptions& options = {});

// A tensor of the given sizes holding a copy of values (values.size() must equal the numel).
template <class T>
requires(is_scalar_type_v<T> && !std::is_same_v<T, bool>) Tensor
    tensor(const std::vector<T>& values, IntArrayRef sizes, const TensorOptions& options = {});

// Wraps memory the caller owns (no copy). With a deleter, it runs when the last tensor using the
// memory is gone.
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options = {});
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const std::function<void(void*)>& deleter, const TensorOptions& options = {});

// ---- From a shape ----------------------------------------------------------------------------

Tensor empty(IntArrayRef size, const TensorOptions& options = {});
Tensor zeros(IntArrayRef size, const TensorOptions& options = {});
Tensor ones(IntArrayRef size, const TensorOptions& options = {});
// Without a dtype the fill value decides: bool -> bool, integer -> int64, floating -> default.
Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options = {});
Tensor arange(const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options = {});
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options = {});
Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options = {});
Tensor eye(int64_t n, const TensorOptions& options = {});
Tensor eye(int64_t n, int64_t m, const TensorOptions& options = {});

// Random (see ember/core/Generator.h): PyTorch's CPU streams for the same seed.
Tensor rand(IntArrayRef size, const TensorOptions& options = {});
Tensor rand(IntArrayRef size, std::optional<Generator> generator,
            const TensorOptions& options = {});
Tensor randn(IntArrayRef size, const TensorOptions& options = {});
Tensor randn(IntArrayRef size, std::optional<Generator> generator,
             const TensorOptions& options = {});
Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options = {});
Tensor randint(int64_t low, int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options = {});
Tensor randperm(int64_t n, const TensorOptions& options = {});
Tensor randperm(int64_t n, std::optional<Generator> generator, const TensorOptions& options = {});
Tensor normal(double mean, double std, IntArrayRef size,
              std::optional<Generator> generator = std::nullopt, const TensorOptions& options = {});
Tensor normal(const Tensor& mean, double std = 1,
              std::optional<Generator> generator = std::nullopt);
Tensor normal(double mean, const Tensor& std, std::optional<Generator> generator = std::nullopt);
Tensor normal(const Tensor& mean, const Tensor& std,
              std::optional<Generator> generator = std::nullopt);

// ---- By mimicking another tensor -------------------------------------------------------------
// Shape, dtype and device of `self` unless options say otherwise.

Tensor empty_like(const Tensor& self, const TensorOptions& options = {});
Tensor zeros_like(const Tensor& self, const TensorOptions& options = {});
Tensor ones_like(const Tensor& self, const TensorOptions& options = {});
Tensor full_like(const Tensor& self, const Scalar& fill_value, const TensorOptions& options = {});
Tensor rand_like(const Tensor& self, const TensorOptions& options = {});
Tensor randn_like(const Tensor& self, const TensorOptions& options = {});
Tensor randint_like(const Tensor& self, int64_t high, const TensorOptions& options = {});
Tensor randint_like(const Tensor& self, int64_t low, int64_t high,
                    const TensorOptions& options = {});

// ---- Templates -------------------------------------------------------------------------------

template <class T>
Tensor TensorDataContainer::from_values(const T* data, size_t n) {
  Tensor t = detail::make_tensor({static_cast<int64_t>(n)}, scalar_type_of<T>, Device(kCPU));
  if (n) std::copy(data, data + n, static_cast<T*>(t.data_ptr()));
  return t;
}

template <class T>
requires(is_scalar_type_v<T> && !std::is_same_v<T, bool>) Tensor
    tensor(const std::vector<T>& values, IntArrayRef sizes, const TensorOptions& options) {
  const int64_t n = checked_numel(sizes);
  EMBER_CHECK(n == static_cast<int64_t>(values.size()), "shape '", sizes,
              "' is invalid for input of size ", values.size());
  Tensor flat = tensor(TensorDataContainer(values), options.requires_grad(false));
  Tensor result = Tensor(make_intrusive<TensorImpl>(flat.impl()->storage(), flat.dtype(), sizes));
  return detail::finish_creation(result, options);
}

}  // namespace ember
