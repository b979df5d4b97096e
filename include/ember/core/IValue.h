#pragma once
// IValue: one value of a few kinds (libtorch's c10::IValue, kept to what C++ code stores in it:
// AutogradContext::saved_data, module arguments). Asking for the wrong kind throws ember::Error
// with libtorch's message ("Expected Double but got Int").
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "ember/core/ArrayRef.h"
#include "ember/core/Tensor.h"

namespace ember {

class IValue {
  using Value = std::variant<std::monostate, Tensor, double, int64_t, bool, std::string,
                             std::vector<int64_t>, std::vector<double>, std::vector<Tensor>>;

 public:
  IValue() = default;
  IValue(Tensor t) : value_(std::move(t)) {}  // NOLINT: implicit, as libtorch
  IValue(double d) : value_(d) {}             // NOLINT
  IValue(bool b) : value_(b) {}               // NOLINT
  // Every integer type is an Int (int64_t), as in libtorch.
  template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
  IValue(I i) : value_(static_cast<int64_t>(i)) {}                                   // NOLINT
  IValue(std::string s) : value_(std::move(s)) {}                                    // NOLINT
  IValue(const char* s) : value_(std::string(s)) {}                                  // NOLINT
  IValue(std::vector<int64_t> v) : value_(std::move(v)) {}                           // NOLINT
  IValue(ArrayRef<int64_t> v) : value_(std::vector<int64_t>(v.begin(), v.end())) {}  // NOLINT
  IValue(std::vector<double> v) : value_(std::move(v)) {}                            // NOLINT
  IValue(std::vector<Tensor> v) : value_(std::move(v)) {}                            // NOLINT

  bool isNone() const { return value_.index() == kNone; }
  bool isTensor() const { return value_.index() == kTensor; }
  bool isDouble() const { return value_.index() == kDouble; }
  bool isInt() const { return value_.index() == kInt; }
  bool isBool() const { return value_.index() == kBool; }
  bool isString() const { return value_.index() == kString; }
  bool isIntList() const { return value_.index() == kIntList; }
  bool isDoubleList() const { return value_.index() == kDoubleList; }
  bool isTensorList() const { return value_.index() == kTensorList; }

  const Tensor& toTensor() const { return get<kTensor>("Tensor"); }
  double toDouble() const { return get<kDouble>("Double"); }
  int64_t toInt() const { return get<kInt>("Int"); }
  bool toBool() const { return get<kBool>("Bool"); }
  const std::string& toStringRef() const { return get<kString>("String"); }
  std::vector<int64_t> toIntVector() const { return get<kIntList>("IntList"); }
  std::vector<double> toDoubleVector() const { return get<kDoubleList>("DoubleList"); }
  std::vector<Tensor> toTensorVector() const { return get<kTensorList>("TensorList"); }

  // The kind's name in libtorch's words: "None", "Tensor", "Double", "Int", ...
  std::string tagKind() const;

 private:
  enum Kind : size_t {
    kNone,
    kTensor,
    kDouble,
    kInt,
    kBool,
    kString,
    kIntList,
    kDoubleList,
    kTensorList
  };
  template <size_t K>
  const std::variant_alternative_t<K, Value>& get(const char* expected) const {
    if (value_.index() != K) fail_kind(expected);
    return std::get<K>(value_);
  }
  [[noreturn]] void fail_kind(const char* expected) const;

  Value value_;
};

}  // namespace ember
