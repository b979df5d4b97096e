#pragma once
// Scalar functions shared by the element-wise kernels, with PyTorch's semantics and without C++'s
// undefined behaviour: integer arithmetic wraps around (as it does in PyTorch's compiled code),
// integer division by zero throws "ZeroDivisionError", INT_MIN / -1 wraps.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "ember/core/Error.h"
#include "ember/core/ScalarType.h"

namespace ember::cpu::math {

template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

// Unsigned arithmetic of at least 32 bits: no promotion to (signed) int, no overflow.
template <class T>
using wide_unsigned_t = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;

template <class T>
inline T wrap_add(T a, T b) {
  if constexpr (is_int_v<T>) {
    using U = wide_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}

template <class T>
inline T wrap_mul(T a, T b) {
  if constexpr (is_int_v<T>) {
    using U = wide_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}

template <class T>
inline T wrap_neg(T a) {
  if constexpr (is_int_v<T>) {
    using U = wide_unsigned_t<T>;
    return static_cast<T>(U(0) - static_cast<U>(a));
  } else {
    return -a;
  }
}

template <class T>
inline void check_divisor(T b) {
  if (__builtin_expect(b == 0, 0)) throw Error("ZeroDivisionError");
}

template <class T>
inline T int_div_trunc(T a, T b) {
  check_divisor(b);
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return wrap_neg(a);
  }
  return static_cast<T>(a / b);
}

template <class T>
inline T int_div_floor(T a, T b) {
  check_divisor(b);
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return wrap_neg(a);
    const T q = static_cast<T>(a / b), r = static_cast<T>(a % b);
    return (r != 0 && ((r < 0) != (b < 0))) ? static_cast<T>(q - 1) : q;
  } else {
    return static_cast<T>(a / b);
  }
}

template <class T>
inline T int_fmod(T a, T b) {
  check_divisor(b);
  if constexpr (std::is_signed_v<T>) {
    if (b == -1) return 0;
  }
  return static_cast<T>(a % b);
}

// Integer power by squaring; negative exponents give 0 except for bases 1 and -1 (PyTorch's powi).
template <class T>
inline T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) {
      if (base == 1) return 1;
      if (base == -1) return (exp % 2) != 0 ? T(-1) : T(1);
      return 0;
    }
  }
  T result = 1;
  while (exp) {
    if (exp & 1) result = wrap_mul(result, base);
    exp = static_cast<T>(exp / 2);
    base = wrap_mul(base, base);
  }
  return result;
}

// v rounded to storage type T: PyTorch computes the 16-bit floats one operation at a time.
template <class T, class C>
inline C round_to(C v) {
  if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>) {
    return static_cast<C>(T(v));
  } else {
    return v;
  }
}

// Python's floor division on floats, as PyTorch computes it.
template <class T, class C>
inline C float_div_floor(C a, C b) {
  if (b == 0) return a / b;
  const C mod = std::fmod(a, b);
  C div = round_to<T>(round_to<T>(a - mod) / b);
  if (mod != 0 && ((b < 0) != (mod < 0))) div = round_to<T>(div - C(1));
  C floordiv;
  if (div != 0) {
    floordiv = std::floor(div);
    if (round_to<T>(div - floordiv) > C(0.5)) floordiv = round_to<T>(floordiv + C(1));
  } else {
    floordiv = std::copysign(C(0), a / b);
  }
  return floordiv;
}

// Maximum and minimum that propagate NaN.
template <class T>
inline T nan_max(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
    if (b != b) return b;
  }
  return a < b ? b : a;
}
template <class T>
inline T nan_min(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a != a) return a;
    if (b != b) return b;
  }
  return b < a ? b : a;
}

// PyTorch's lerp: exact at both ends.
template <class C>
inline C lerp_value(C start, C end, C weight) {
  return std::abs(weight) < C(0.5) ? start + weight * (end - start)
                                   : end - (end - start) * (C(1) - weight);
}

}  // namespace ember::cpu::math
