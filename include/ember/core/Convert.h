#pragma once
// Value conversion between dtypes with PyTorch's rules, and without undefined behaviour where C++
// casts would have it (out-of-range or NaN floats to integers give what x86 gives PyTorch).
#include <cmath>
#include <cstdint>
#include <type_traits>

#include "ember/core/Half.h"

namespace ember {

namespace detail {
template <class I>
inline I float_to_int(double v) {
  // x86's cvttsd2si yields the "integer indefinite" value (the minimum) for NaN and out of range;
  // 8- and 16-bit targets go through the 32-bit conversion and wrap, as compiled C++ does there.
  if constexpr (sizeof(I) == 8) {
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) return INT64_MIN;
    return static_cast<int64_t>(v);
  } else {
    int32_t r = (v >= -2147483648.0 && v < 2147483648.0) ? static_cast<int32_t>(v) : INT32_MIN;
    return static_cast<I>(static_cast<std::make_unsigned_t<I>>(static_cast<uint32_t>(r)));
  }
}
}  // namespace detail

template <class To, class From>
inline To convert(From v) {
  if constexpr (std::is_same_v<To, From>) {
    return v;
  } else if constexpr (std::is_same_v<To, bool>) {
    if constexpr (std::is_same_v<From, Half> || std::is_same_v<From, BFloat16>) {
      return static_cast<float>(v) != 0.0f;
    } else {
      return v != From(0);
    }
  } else if constexpr (std::is_same_v<From, Half> || std::is_same_v<From, BFloat16>) {
    return convert<To>(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, Half> || std::is_same_v<To, BFloat16>) {
    return To(static_cast<float>(v));  // doubles round through float, as c10 does
  } else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>) {
    if constexpr (std::is_same_v<To, uint8_t>) {
      // c10 casts floats to uint8 through int64 for consistency across platforms.
      return static_cast<uint8_t>(static_cast<uint64_t>(detail::float_to_int<int64_t>(v)));
    } else if constexpr (std::is_signed_v<To>) {
      return detail::float_to_int<To>(static_cast<double>(v));
    }
  } else if constexpr (std::is_integral_v<From> && std::is_integral_v<To> && std::is_signed_v<To> &&
                       sizeof(To) < sizeof(From)) {
    // Narrowing integer conversion: modular, written without implementation-defined casts.
    return static_cast<To>(static_cast<std::make_unsigned_t<To>>(v));
  } else {
    return static_cast<To>(v);
  }
}

}  // namespace ember
