#include "ember/core/ScalarType.h"

#include <atomic>

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

std::string_view python_name(ScalarType t) {
  static constexpr std::string_view names[] = {"bool",    "uint8",  "int8",    "int16",
                                               "int32",   "int64",  "float16", "bfloat16",
                                               "float32", "float64"};
  auto i = static_cast<int>(t);
  return i >= 0 && i < kNumScalarTypes ? names[i] : "undefined";
}

std::ostream& operator<<(std::ostream& os, ScalarType t) {
  return os << "ember." << python_name(t);
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

}  // namespace ember
