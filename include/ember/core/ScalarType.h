#pragma once
// The dtype lattice: every scalar type ember stores, with PyTorch's names and sizes, and the one
// mechanism (visit_dtype) through which code is specialised per dtype.
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>

#include "ember/core/Error.h"
#include "ember/core/Half.h"

namespace ember {

// X-macro over (C++ type, enum name). The order is the order of the enum below.
#define EMBER_FORALL_SCALAR_TYPES(_) \
  _(bool, Bool)                      \
  _(uint8_t, Byte)                   \
  _(int8_t, Char)                    \
  _(int16_t, Short)                  \
  _(int32_t, Int)                    \
  _(int64_t, Long)                   \
  _(::ember::Half, Half)             \
  _(::ember::BFloat16, BFloat16)     \
  _(float, Float)                    \
  _(double, Double)

enum class ScalarType : int8_t {
#define EMBER_ENUM_ENTRY(T, Name) Name,
  EMBER_FORALL_SCALAR_TYPES(EMBER_ENUM_ENTRY)
#undef EMBER_ENUM_ENTRY
      Undefined,
};
inline constexpr int kNumScalarTypes = static_cast<int>(ScalarType::Undefined);

// libtorch's constants.
inline constexpr ScalarType kBool = ScalarType::Bool;
inline constexpr ScalarType kByte = ScalarType::Byte;
inline constexpr ScalarType kChar = ScalarType::Char;
inline constexpr ScalarType kShort = ScalarType::Short;
inline constexpr ScalarType kInt = ScalarType::Int;
inline constexpr ScalarType kLong = ScalarType::Long;
inline constexpr ScalarType kHalf = ScalarType::Half;
inline constexpr ScalarType kBFloat16 = ScalarType::BFloat16;
inline constexpr ScalarType kFloat = ScalarType::Float;
inline constexpr ScalarType kDouble = ScalarType::Double;
inline constexpr ScalarType kUInt8 = kByte;
inline constexpr ScalarType kInt8 = kChar;
inline constexpr ScalarType kInt16 = kShort;
inline constexpr ScalarType kInt32 = kInt;
inline constexpr ScalarType kInt64 = kLong;
inline constexpr ScalarType kFloat16 = kHalf;
inline constexpr ScalarType kFloat32 = kFloat;
inline constexpr ScalarType kFloat64 = kDouble;

// The C++ type <-> ScalarType maps.
template <class T>
struct CppTypeToScalarType;
#define EMBER_CPP_TO_ST(T, Name)                          \
  template <>                                             \
  struct CppTypeToScalarType<T> {                         \
    static constexpr ScalarType value = ScalarType::Name; \
  };
EMBER_FORALL_SCALAR_TYPES(EMBER_CPP_TO_ST)
#undef EMBER_CPP_TO_ST
template <class T>
inline constexpr ScalarType scalar_type_of = CppTypeToScalarType<std::remove_cv_t<T>>::value;

template <class T>
inline constexpr bool is_scalar_type_v = requires {
  CppTypeToScalarType<std::remove_cv_t<T>>::value;
};

inline constexpr int64_t element_size(ScalarType t) {
  switch (t) {
#define EMBER_SIZE_CASE(T, Name) \
  case ScalarType::Name:         \
    return sizeof(T);
    EMBER_FORALL_SCALAR_TYPES(EMBER_SIZE_CASE)
#undef EMBER_SIZE_CASE
    default:
      return 0;
  }
}

inline constexpr bool is_floating_type(ScalarType t) {
  return t == kHalf || t == kBFloat16 || t == kFloat || t == kDouble;
}
inline constexpr bool is_integral_type(ScalarType t, bool include_bool) {
  return (t >= kByte && t <= kLong) || (include_bool && t == kBool);
}
inline constexpr bool isFloatingType(ScalarType t) { return is_floating_type(t); }
inline constexpr bool isIntegralType(ScalarType t, bool include_bool) {
  return is_integral_type(t, include_bool);
}

// "Float", "Long", ...: the name PyTorch's kernels use in "... not implemented for 'Long'".
std::string_view to_string(ScalarType t);
// Python's legacy tensor type name used in some messages: "torch.FloatTensor".
std::string legacy_type_name(ScalarType t);
// "float32", "int64", ...: the name after "torch." in Python.
std::string_view python_name(ScalarType t);
// Prints "Float", "Long", ... as libtorch's operator<< (Python's torch.float32 is
// "ember." + python_name(t)).
std::ostream& operator<<(std::ostream& os, ScalarType t);

[[noreturn]] void throw_not_implemented(std::string_view op, ScalarType t);

// visit_dtype(t, f) calls f.template operator()<T>() with T the C++ type of t.
// Use with a templated lambda: visit_dtype(t, [&]<class T>() { ... }).
template <class F>
decltype(auto) visit_dtype(ScalarType t, F&& f) {
  switch (t) {
#define EMBER_VISIT_CASE(T, Name) \
  case ScalarType::Name:          \
    return f.template operator()<T>();
    EMBER_FORALL_SCALAR_TYPES(EMBER_VISIT_CASE)
#undef EMBER_VISIT_CASE
    default:
      throw Error("visit_dtype: undefined scalar type");
  }
}

// Same, restricted to the floating types; any other dtype throws PyTorch's
// "\"<op>\" not implemented for '<Type>'".
template <class F>
decltype(auto) visit_floating(ScalarType t, std::string_view op, F&& f) {
  switch (t) {
    case kHalf:
      return f.template operator()<Half>();
    case kBFloat16:
      return f.template operator()<BFloat16>();
    case kFloat:
      return f.template operator()<float>();
    case kDouble:
      return f.template operator()<double>();
    default:
      throw_not_implemented(op, t);
  }
}

// The dtype used for arithmetic on T: float for the 16-bit floats, T otherwise.
template <class T>
using compute_type_t =
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

// Default dtype for floating values (float32 unless changed).
ScalarType get_default_dtype();
// Accepts the floating types only, as PyTorch ("only floating-point types are supported as the
// default type").
void set_default_dtype(ScalarType t);

}  // namespace ember
