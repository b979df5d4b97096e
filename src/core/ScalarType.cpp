#include "ember/core/ScalarType.h"

#include <atomic>
#include <cmath>
#include <limits>

#include "ember/core/Scalar.h"

namespace ember {

std::string_view to_string(ScalarType t) {
  switch (t) {
#define EMBER_NAME_CASE(T, Name) \
  case ScalarType::Name:         \
    return #Name;
    EMBER_FORALL_SCALAR_TYPES(EMBER_NAME_CASE)
#undef EMBER_NAME_CASE
    default:
      return "Undefined";
  }
}

namespace {
// One name per dtype, in enum order.
using NameTable = std::string_view[kNumScalarTypes];
std::string_view name_in(const NameTable& names, ScalarType t) {
  auto i = static_cast<int>(t);
  return i >= 0 && i < kNumScalarTypes ? names[i] : "undefined";
}
}  // namespace

std::string_view python_name(ScalarType t) {
  static constexpr NameTable names = {"bool",  "uint8",   "int8",     "int16",   "int32",
                                      "int64", "float16", "bfloat16", "float32", "float64"};
  return name_in(names, t);
}

std::ostream& operator<<(std::ostream& os, ScalarType t) {
  return os << to_string(t);
}

void throw_not_implemented(std::string_view op, ScalarType t) {
  detail::fail("\"", op, "\" not implemented for '", to_string(t), "'");
}

namespace {
std::atomic<ScalarType> g_default_dtype{kFloat};
}

ScalarType get_default_dtype() { return g_default_dtype.load(std::memory_order_relaxed); }

void set_default_dtype(ScalarType t) {
  EMBER_CHECK_T(TypeError, is_floating_type(t),
                "only floating-point types are supported as the default type");
  g_default_dtype.store(t, std::memory_order_relaxed);
}

ScalarType Scalar::type() const {
  switch (kind_) {
    case Kind::Bool:
      return kBool;
    case Kind::Int:
      return kLong;
    case Kind::Double:
    default:
      return kDouble;
  }
}

std::ostream& operator<<(std::ostream& os, const Scalar& s) {
  switch (s.kind()) {
    case Scalar::Kind::Bool:
      return os << (s.toBool() ? "true" : "false");
    case Scalar::Kind::Int:
      return os << s.toLong();
    case Scalar::Kind::Double:
    default:
      return os << s.toDouble();
  }
}

namespace {
template <class T>
constexpr double lowest_of() {
  if constexpr (std::is_same_v<T, Half>) {
    return -65504.0;
  } else if constexpr (std::is_same_v<T, BFloat16>) {
    return -3.3895313892515355e38;
  } else {
    return static_cast<double>(std::numeric_limits<T>::lowest());
  }
}
// Floating types are symmetric.
template <class T>
constexpr double max_of() {
  return -lowest_of<T>();
}

template <class T>
bool overflows_as(const Scalar& s) {
  if constexpr (std::is_same_v<T, bool>) {
    return false;
  } else {
    if (s.isBoolean()) return false;
    if (s.isIntegral(false)) {
      const int64_t v = s.toLong();
      if constexpr (std::is_integral_v<T>) {
        if constexpr (std::is_unsigned_v<T>) {  // negative values may wrap around
          return v > static_cast<int64_t>(std::numeric_limits<T>::max()) ||
                 (v < 0 && -static_cast<uint64_t>(v) > std::numeric_limits<T>::max());
        } else {
          return v < static_cast<int64_t>(std::numeric_limits<T>::lowest()) ||
                 v > static_cast<int64_t>(std::numeric_limits<T>::max());
        }
      } else {
        return static_cast<double>(v) < lowest_of<T>() || static_cast<double>(v) > max_of<T>();
      }
    }
    const double d = s.toDouble();
    constexpr bool has_inf = !std::is_integral_v<T>;
    if (has_inf && std::isinf(d)) return false;
    if (!has_inf && std::isnan(d)) return true;
    if constexpr (std::is_integral_v<T>) {
      return d < static_cast<double>(std::numeric_limits<T>::lowest()) ||
             d > static_cast<double>(std::numeric_limits<T>::max());
    } else {
      return d < lowest_of<T>() || d > max_of<T>();
    }
  }
}
}  // namespace

bool overflows(const Scalar& s, ScalarType t) {
  return visit_dtype(t, [&]<class T>() { return overflows_as<T>(s); });
}

void check_convertible_slow(const Scalar& s, ScalarType t) {
  EMBER_CHECK(!overflows(s, t), "value cannot be converted to type ", checked_convert_name(t),
              " without overflow");
}

std::string_view checked_convert_name(ScalarType t) {
  static constexpr NameTable names = {"bool",    "uint8_t",  "int8_t",       "int16_t", "int",
                                      "int64_t", "at::Half", "at::BFloat16", "float",   "double"};
  return name_in(names, t);
}

std::string_view type_meta_name(ScalarType t) {
  static constexpr NameTable names = {"bool",  "unsigned char", "signed char", "short int",
                                      "int",   "long int",      "c10::Half",   "c10::BFloat16",
                                      "float", "double"};
  return name_in(names, t);
}

std::string legacy_type_name(ScalarType t) {
  if (t == kBool || t == kBFloat16) return detail::str_cat("CPU", to_string(t), "Type");
  return detail::str_cat("torch.", to_string(t), "Tensor");
}

}  // namespace ember
