#pragma once
// TypeMeta: what Tensor::dtype() and TensorOptions::dtype() return, as libtorch's
// caffe2::TypeMeta. It is a ScalarType that prints as libtorch prints a dtype (`float`,
// `long int`, `c10::Half`) where a ScalarType prints `Float`; it converts to ScalarType
// implicitly, so code written against either reads the same.
#include <cstdint>
#include <ostream>
#include <string_view>

#include "ember/core/ScalarType.h"

namespace ember {

class TypeMeta {
 public:
  // libtorch's default TypeMeta names no type.
  constexpr TypeMeta() noexcept = default;
  static constexpr TypeMeta fromScalarType(ScalarType t) noexcept { return TypeMeta(t); }
  template <class T>
  static constexpr TypeMeta Make() noexcept {
    return TypeMeta(scalar_type_of<T>);
  }

  constexpr ScalarType toScalarType() const noexcept { return type_; }
  constexpr operator ScalarType() const noexcept { return type_; }  // NOLINT: implicit
  constexpr bool isScalarType() const noexcept { return type_ != ScalarType::Undefined; }
  constexpr bool isScalarType(ScalarType t) const noexcept { return type_ == t; }
  template <class T>
  constexpr bool Match() const noexcept {
    return type_ == scalar_type_of<T>;
  }
  constexpr int64_t itemsize() const noexcept { return element_size(type_); }
  // The C++ type's name as GCC spells it, which is what libtorch prints.
  constexpr std::string_view name() const noexcept {
    switch (type_) {
      case ScalarType::Bool:
        return "bool";
      case ScalarType::Byte:
        return "unsigned char";
      case ScalarType::Char:
        return "signed char";
      case ScalarType::Short:
        return "short int";
      case ScalarType::Int:
        return "int";
      case ScalarType::Long:
        return "long int";
      case ScalarType::Half:
        return "c10::Half";
      case ScalarType::BFloat16:
        return "c10::BFloat16";
      case ScalarType::Float:
        return "float";
      case ScalarType::Double:
        return "double";
      default:
        return "nullptr (uninitialized)";
    }
  }

  friend constexpr bool operator==(TypeMeta a, TypeMeta b) noexcept { return a.type_ == b.type_; }
  friend constexpr bool operator==(TypeMeta a, ScalarType b) noexcept { return a.type_ == b; }
  friend std::ostream& operator<<(std::ostream& os, TypeMeta m) { return os << m.name(); }

 private:
  constexpr explicit TypeMeta(ScalarType t) noexcept : type_(t) {}
  ScalarType type_ = ScalarType::Undefined;
};

inline constexpr TypeMeta scalarTypeToTypeMeta(ScalarType t) noexcept {
  return TypeMeta::fromScalarType(t);
}
inline constexpr ScalarType typeMetaToScalarType(TypeMeta m) noexcept { return m.toScalarType(); }

}  // namespace ember
