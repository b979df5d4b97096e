#pragma once
// Scalar: a single number of category bool, integer or floating, as libtorch's c10::Scalar.
#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <type_traits>

#include "ember/core/Convert.h"
#include "ember/core/ScalarType.h"

namespace ember {

class Scalar {
 public:
  enum class Kind : uint8_t { Bool, Int, Double };

  Scalar() : Scalar(int64_t(0)) {}
  Scalar(bool v) : kind_(Kind::Bool) { v_.i = v; }  // NOLINT: implicit, as libtorch
  template <class T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) Scalar(T v)
      : kind_(Kind::Int) {  // NOLINT
    v_.i = static_cast<int64_t>(v);
  }
  template <class T>
  requires(std::is_floating_point_v<T>) Scalar(T v) : kind_(Kind::Double) {  // NOLINT
    v_.d = static_cast<double>(v);
  }
  Scalar(Half v) : Scalar(static_cast<double>(static_cast<float>(v))) {}      // NOLINT
  Scalar(BFloat16 v) : Scalar(static_cast<double>(static_cast<float>(v))) {}  // NOLINT

  bool isBoolean() const { return kind_ == Kind::Bool; }
  bool isIntegral(bool include_bool) const {
    return kind_ == Kind::Int || (include_bool && kind_ == Kind::Bool);
  }
  bool isFloatingPoint() const { return kind_ == Kind::Double; }
  Kind kind() const { return kind_; }

  template <class T>
  T to() const {
    switch (kind_) {
      case Kind::Bool:
        return convert<T>(v_.i != 0);
      case Kind::Int:
        return convert<T>(v_.i);
      case Kind::Double:
      default:
        return convert<T>(v_.d);
    }
  }
  double toDouble() const { return to<double>(); }
  float toFloat() const { return to<float>(); }
  int64_t toLong() const { return to<int64_t>(); }
  int toInt() const { return to<int32_t>(); }
  bool toBool() const { return to<bool>(); }

  // The dtype PyTorch infers for this value alone: bool, int64 or the default float dtype.
  ScalarType type() const;

 private:
  Kind kind_;
  union {
    double d;
    int64_t i;
  } v_;
};

std::ostream& operator<<(std::ostream& os, const Scalar& s);

// c10::checked_convert's rule: whether s cannot be stored in dtype t (integers out of range, with
// negative values allowed to wrap into unsigned types; NaN into integers; finite floats out of
// range; infinities fit floating types).
bool overflows(const Scalar& s, ScalarType t);
// Throws PyTorch's "value cannot be converted to type int8_t without overflow" when s overflows t.
void check_convertible_slow(const Scalar& s, ScalarType t);
inline void check_convertible(const Scalar& s, ScalarType t) {
  // The common cases inline: bools and integers in int8's range fit every dtype (alpha = 1,
  // fill_(0)), every number fits double, and a double fits float unless finite beyond its range.
  if (s.isBoolean() || t == ScalarType::Double) return;
  if (s.isIntegral(false) && s.toLong() >= -128 && s.toLong() <= 127) return;
  if (t == ScalarType::Float && s.isFloatingPoint() &&
      !(std::abs(s.toDouble()) > std::numeric_limits<float>::max() &&
        std::abs(s.toDouble()) != std::numeric_limits<double>::infinity())) {
    return;
  }
  check_convertible_slow(s, t);
}
// The C++ type name c10 prints in that message ("uint8_t", "int", "at::Half", ...).
std::string_view checked_convert_name(ScalarType t);
// The caffe2::TypeMeta name PyTorch prints in some messages ("unsigned char", "c10::Half", ...).
std::string_view type_meta_name(ScalarType t);

}  // namespace ember
