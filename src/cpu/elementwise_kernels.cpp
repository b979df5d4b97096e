// Binary and ternary element-wise kernels: each is its dtype set, its name in PyTorch's
// "not implemented" message, and its scalar function.
#include <cmath>
#include <limits>
#include <type_traits>

#include "cpu/elementwise_loop.h"
#include "cpu/elementwise_math.h"
#include "cpu/fma_loops.h"

namespace ember::cpu {

using namespace ember::cpu::math;

void add_kernel(const ElementwiseArgs& args, const Scalar& alpha) {
  dispatch<kAllTypes>(args.dtype, "add_cpu/sub_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_same_v<T, bool>) {
      const bool a = alpha.to<bool>();
      binary_loop<T>(args, [a](bool x, bool y) { return x || (a && y); });
    } else {
      const C a = alpha.to<C>();
      if (a == C(1)) {
        binary_loop<T>(args, [](C x, C y) { return wrap_add(x, y); });
      } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
        // PyTorch's add is x + alpha * y in one rounding (vec::fmadd; its build contracts the
        // scalar tail alike).
        if (args.flat) {
          auto* out = reinterpret_cast<T*>(args.out);
          const auto* x = reinterpret_cast<const T*>(args.in[0]);
          const auto* y = reinterpret_cast<const T*>(args.in[1]);
          const int64_t sx = args.in[0] == args.scalar[0].data() ? 0 : 1;
          const int64_t sy = args.in[1] == args.scalar[1].data() ? 0 : 1;
          internal::parallel_for(0, args.numel, kElementwiseGrain, [&](int64_t b, int64_t e) {
            fma_add_run<T>(out, x, sx, y, sy, a, b, e);
          });
        } else {
          binary_loop<T>(args, [a](C x, C y) { return std::fma(a, y, x); });
        }
      } else {
        binary_loop<T>(args, [a](C x, C y) { return wrap_add(x, wrap_mul(a, y)); });
      }
    }
  });
}

void mul_kernel(const ElementwiseArgs& args) {
  dispatch<kAllTypes>(args.dtype, "mul_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_same_v<T, bool>) {
      binary_loop<T>(args, [](bool x, bool y) { return x && y; });
    } else {
      binary_loop<T>(args, [](C x, C y) { return wrap_mul(x, y); });
    }
  });
}

void div_true_kernel(const ElementwiseArgs& args) {
  dispatch<kFloatTypes>(args.dtype, "div_true_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    binary_loop<T>(args, [](C x, C y) { return x / y; });
  });
}

void div_trunc_kernel(const ElementwiseArgs& args) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "div_trunc_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      binary_loop<T>(args, [](C x, C y) { return int_div_trunc(x, y); });
    } else {
      binary_loop<T>(args, [](C x, C y) { return std::trunc(round_to<T>(x / y)); });
    }
  });
}

void div_floor_kernel(const ElementwiseArgs& args) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "div_floor_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      binary_loop<T>(args, [](C x, C y) { return int_div_floor(x, y); });
    } else {
      binary_loop<T>(args, [](C x, C y) { return float_div_floor<T>(x, y); });
    }
  });
}

void remainder_kernel(const ElementwiseArgs& args) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "remainder_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      binary_loop<T>(args, [](C x, C y) {
        C m = int_fmod(x, y);
        if (m != 0 && ((y < 0) != (m < 0))) m = wrap_add(m, y);
        return m;
      });
    } else {
      binary_loop<T>(args, [](C x, C y) {
        C m = std::fmod(x, y);
        if (m != 0 && ((y < 0) != (m < 0))) m += y;
        return m;
      });
    }
  });
}

void fmod_kernel(const ElementwiseArgs& args) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "fmod_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      binary_loop<T>(args, [](C x, C y) { return int_fmod(x, y); });
    } else {
      binary_loop<T>(args, [](C x, C y) { return std::fmod(x, y); });
    }
  });
}

void pow_kernel(const ElementwiseArgs& args) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "pow", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      binary_loop<T>(args, [](C x, C y) { return int_pow(x, y); });
    } else {
      binary_loop<T>(args, [](C x, C y) { return std::pow(x, y); });
    }
  });
}

void pow_scalar_kernel(const ElementwiseArgs& args, const Scalar& exponent) {
  dispatch<kIntegralTypes | kFloatTypes>(args.dtype, "pow", [&]<class T>() {
    using C = opmath_t<T>;
    if constexpr (std::is_integral_v<T>) {
      const T e = exponent.to<T>();
      unary_loop<T>(args, [e](C x) { return int_pow(x, e); });
    } else if constexpr (std::is_same_v<T, Half>) {
      const C e = static_cast<C>(exponent.to<Half>());
      unary_loop<T>(args, [e](C x) { return std::pow(x, e); });
    } else {
      // PyTorch's shortcuts for the common exponents (bit-for-bit what they compute).
      const double e = exponent.toDouble();
      if (e == 0.5) return unary_loop<T>(args, [](C x) { return std::sqrt(x); });
      if (e == -0.5) return unary_loop<T>(args, [](C x) { return C(1) / std::sqrt(x); });
      if (e == -1.0) return unary_loop<T>(args, [](C x) { return C(1) / x; });
      if (e == 2.0) return unary_loop<T>(args, [](C x) { return x * x; });
      if (e == 3.0) {
        return unary_loop<T>(args, [](C x) { return round_to<T>(x * x) * x; });
      }
      if (e == -2.0) return unary_loop<T>(args, [](C x) { return C(1) / round_to<T>(x * x); });
      if constexpr (std::is_same_v<T, BFloat16>) {
        const C eb = static_cast<C>(exponent.to<BFloat16>());
        unary_loop<T>(args, [eb](C x) { return std::pow(x, eb); });
      } else {
        unary_loop<T>(args, [e](C x) { return static_cast<C>(std::pow(x, e)); });
      }
    }
  });
}

void maximum_kernel(const ElementwiseArgs& args) {
  dispatch<kAllTypes>(args.dtype, "maximum_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    binary_loop<T>(args, [](C x, C y) { return nan_max(x, y); });
  });
}

void threshold_backward_kernel(const ElementwiseArgs& args, const Scalar& threshold) {
  dispatch<kAllTypes & ~dtype_bit(kBool)>(args.dtype, "threshold_backward_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    const C t = threshold.to<C>();
    binary_loop<T>(args, [t](C grad, C x) { return x <= t ? C(0) : grad; });
  });
}

void minimum_kernel(const ElementwiseArgs& args) {
  dispatch<kAllTypes>(args.dtype, "minimum_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    binary_loop<T>(args, [](C x, C y) { return nan_min(x, y); });
  });
}

void atan2_kernel(const ElementwiseArgs& args) {
  dispatch<kFloatTypes & ~dtype_bit(kHalf)>(args.dtype, "atan2_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    binary_loop<T>(args, [](C x, C y) { return std::atan2(x, y); });
  });
}

// The ops of kernels/binary_math.h: each functor's dtypes and name.
void binary_math_kernel(const ElementwiseArgs& args, BinaryOp op) {
  auto run = [&]<class F>(F f) {
    dispatch<F::cpu_dtypes>(args.dtype, F::cpu_name, [&]<class T>() { binary_loop<T>(args, f); });
  };
  kernels::visit_binary_math(op, run);
}

void compare_kernel(const ElementwiseArgs& args, CompareOp op) {
  dispatch<kAllTypes>(args.dtype, "comparison_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    switch (op) {
      case CompareOp::Eq:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x == y; });
      case CompareOp::Ne:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x != y; });
      case CompareOp::Lt:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x < y; });
      case CompareOp::Le:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x <= y; });
      case CompareOp::Gt:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x > y; });
      case CompareOp::Ge:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x >= y; });
    }
  });
}

void logical_kernel(const ElementwiseArgs& args, LogicalOp op) {
  dispatch<kAllTypes>(args.dtype, "logical_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    switch (op) {
      case LogicalOp::And:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x != C(0) && y != C(0); });
      case LogicalOp::Or:
        return elementwise_loop<bool, T, T>(args, [](C x, C y) { return x != C(0) || y != C(0); });
      case LogicalOp::Xor:
        return elementwise_loop<bool, T, T>(args,
                                            [](C x, C y) { return (x != C(0)) != (y != C(0)); });
    }
  });
}

void bitwise_kernel(const ElementwiseArgs& args, BitwiseOp op) {
  static constexpr std::string_view names[] = {"bitwise_and_cpu", "bitwise_or_cpu",
                                               "bitwise_xor_cpu"};
  dispatch<kIntegralTypes | dtype_bit(kBool)>(
      args.dtype, names[static_cast<int>(op)], [&]<class T>() {
        switch (op) {
          case BitwiseOp::And:
            return binary_loop<T>(args, [](T x, T y) { return static_cast<T>(x & y); });
          case BitwiseOp::Or:
            return binary_loop<T>(args, [](T x, T y) { return static_cast<T>(x | y); });
          case BitwiseOp::Xor:
            return binary_loop<T>(args, [](T x, T y) { return static_cast<T>(x ^ y); });
        }
      });
}

void where_kernel(const ElementwiseArgs& args) {
  // Selection moves values without arithmetic: 16-bit floats travel as their bits.
  visit_dtype(args.dtype, [&]<class T>() {
    using S =
        std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, uint16_t, T>;
    elementwise_loop<S, bool, S, S>(args, [](bool c, S x, S y) { return c ? x : y; });
  });
}

namespace {
constexpr uint32_t kClampTypes = kIntegralTypes | (kFloatTypes & ~dtype_bit(kHalf));
}

void clamp_kernel(const ElementwiseArgs& args) {
  dispatch<kClampTypes>(args.dtype, "clamp_cpu", [&]<class T>() {
    using C = opmath_t<T>;
    elementwise_loop<T, T, T, T>(args, [](C x, C lo, C hi) {
      if (lo != lo || hi != hi) return std::numeric_limits<C>::quiet_NaN();
      return std::min(std::max(x, lo), hi);
    });
  });
}

void clamp_scalar_kernel(const ElementwiseArgs& args, const std::optional<Scalar>& min,
                         const std::optional<Scalar>& max) {
  const char* name = min && max ? "clamp_scalar_cpu"
                     : min      ? "clamp_min_cpu"
                                : "clamp_max_scalar_cpu";
  dispatch<kClampTypes>(args.dtype, name, [&]<class T>() {
    using C = opmath_t<T>;
    if (min && max) {
      const C lo = min->to<C>(), hi = max->to<C>();
      unary_loop<T>(args, [lo, hi](C x) { return std::min(std::max(x, lo), hi); });
    } else if (min) {
      const C lo = min->to<C>();
      unary_loop<T>(args, [lo](C x) { return std::max(x, lo); });
    } else {
      const C hi = max->to<C>();
      unary_loop<T>(args, [hi](C x) { return std::min(x, hi); });
    }
  });
}

namespace {
constexpr uint32_t kLerpTypes = kMathTypes;
}

void lerp_kernel(const ElementwiseArgs& args) {
  dispatch<kLerpTypes>(args.dtype, "lerp_kernel_tensor", [&]<class T>() {
    using C = opmath_t<T>;
    elementwise_loop<T, T, T, T>(args, [](C a, C b, C w) { return lerp_value(a, b, w); });
  });
}

void lerp_scalar_kernel(const ElementwiseArgs& args, const Scalar& weight) {
  dispatch<kLerpTypes>(args.dtype, "lerp_kernel_scalar", [&]<class T>() {
    using C = opmath_t<T>;
    const C w = weight.to<C>();
    binary_loop<T>(args, [w](C a, C b) { return lerp_value(a, b, w); });
  });
}

}  // namespace ember::cpu
