// Unary element-wise kernels and softmax: each op's dtype set, its name in PyTorch's
// "not implemented" message, and its scalar function.
#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <vector>

#include "cpu/elementwise_loop.h"
#include "cpu/elementwise_math.h"

namespace ember::cpu {

using namespace ember::cpu::math;

namespace {

template <uint32_t Allowed, class F>
void run(const ElementwiseArgs& args, std::string_view name, F f) {
  dispatch<Allowed>(args.dtype, name, [&]<class T>() { unary_loop<T>(args, f); });
}

template <class C>
C sigmoid(C x) {
  return C(1) / (C(1) + std::exp(-x));
}

}  // namespace

void unary_kernel(const ElementwiseArgs& args, UnaryOp op) {
  constexpr uint32_t kNoBool = kIntegralTypes | kFloatTypes;
  switch (op) {
    case UnaryOp::Neg:
      return run<kNoBool>(args, "neg_cpu", [](auto x) { return wrap_neg(x); });
    case UnaryOp::Abs:
      return run<kNoBool>(args, "abs_cpu", [](auto x) {
        if constexpr (std::is_unsigned_v<decltype(x)>) {
          return x;
        } else {
          if constexpr (std::is_floating_point_v<decltype(x)>) {
            return std::abs(x);
          } else {
            return x < 0 ? wrap_neg(x) : x;
          }
        }
      });
    case UnaryOp::Sign:
      return run<kAllTypes>(args, "sign_cpu", [](auto x) {
        using C = decltype(x);
        if constexpr (std::is_same_v<C, bool>) {
          return x;
        } else {
          return static_cast<C>((C(0) < x) - (x < C(0)));
        }
      });
    case UnaryOp::Exp:
      return run<kMathTypes>(args, "exp_vml_cpu", [](auto x) { return std::exp(x); });
    case UnaryOp::Exp2:
      return run<kFloatTypes>(args, "exp2_cpu", [](auto x) { return std::exp2(x); });
    case UnaryOp::Expm1:
      return run<kMathTypes>(args, "expm1_vml_cpu", [](auto x) { return std::expm1(x); });
    case UnaryOp::Log:
      return run<kMathTypes>(args, "log_vml_cpu", [](auto x) { return std::log(x); });
    case UnaryOp::Log2:
      return run<kMathTypes>(args, "log2_vml_cpu", [](auto x) { return std::log2(x); });
    case UnaryOp::Log10:
      return run<kMathTypes>(args, "log10_vml_cpu", [](auto x) { return std::log10(x); });
    case UnaryOp::Log1p:
      return run<kMathTypes>(args, "log1p_vml_cpu", [](auto x) { return std::log1p(x); });
    case UnaryOp::Sqrt:
      return run<kMathTypes>(args, "sqrt_vml_cpu", [](auto x) { return std::sqrt(x); });
    case UnaryOp::Rsqrt:
      return run<kMathTypes>(args, "rsqrt_cpu",
                             [](auto x) { return decltype(x)(1) / std::sqrt(x); });
    case UnaryOp::Sin:
      return run<kMathTypes>(args, "sin_vml_cpu", [](auto x) { return std::sin(x); });
    case UnaryOp::Cos:
      return run<kMathTypes>(args, "cos_vml_cpu", [](auto x) { return std::cos(x); });
    case UnaryOp::Tan:
      return run<kMathTypes>(args, "tan_vml_cpu", [](auto x) { return std::tan(x); });
    case UnaryOp::Asin:
      return run<kMathTypes>(args, "asin_vml_cpu", [](auto x) { return std::asin(x); });
    case UnaryOp::Acos:
      return run<kMathTypes>(args, "acos_vml_cpu", [](auto x) { return std::acos(x); });
    case UnaryOp::Atan:
      return run<kMathTypes>(args, "atan_vml_cpu", [](auto x) { return std::atan(x); });
    case UnaryOp::Sinh:
      return run<kMathTypes>(args, "sinh_cpu", [](auto x) { return std::sinh(x); });
    case UnaryOp::Cosh:
      return run<kMathTypes>(args, "cosh_cpu", [](auto x) { return std::cosh(x); });
    case UnaryOp::Tanh:
      return run<kMathTypes>(args, "tanh_vml_cpu", [](auto x) { return std::tanh(x); });
    case UnaryOp::Sigmoid:
      return run<kMathTypes>(args, "sigmoid_cpu", [](auto x) { return sigmoid(x); });
    case UnaryOp::Gelu:
      return run<kMathTypes>(args, "GeluKernelImpl", [](auto x) {
        using C = decltype(x);
        return x * C(0.5) * (C(1) + std::erf(x * C(M_SQRT1_2)));
      });
    case UnaryOp::GeluTanh:
      return run<kMathTypes>(args, "GeluKernelImpl", [](auto x) {
        using C = decltype(x);
        const C k = C(M_SQRT2 * M_2_SQRTPI * 0.5), c = C(0.044715);
        return C(0.5) * x * (C(1) + std::tanh(k * (x + c * x * x * x)));
      });
    case UnaryOp::Silu:
      return run<kMathTypes>(args, "silu_cpu",
                             [](auto x) { return x / (decltype(x)(1) + std::exp(-x)); });
    case UnaryOp::Erf:
      return run<kMathTypes>(args, "erf_vml_cpu", [](auto x) { return std::erf(x); });
    case UnaryOp::Floor:
      return run<kMathTypes>(args, "floor_vml_cpu", [](auto x) { return std::floor(x); });
    case UnaryOp::Ceil:
      return run<kMathTypes>(args, "ceil_vml_cpu", [](auto x) { return std::ceil(x); });
    case UnaryOp::Round:
      return run<kMathTypes>(args, "round_vml_cpu", [](auto x) { return std::nearbyint(x); });
    case UnaryOp::Trunc:
      return run<kMathTypes>(args, "trunc_vml_cpu", [](auto x) { return std::trunc(x); });
    case UnaryOp::Frac:
      return run<kFloatTypes>(args, "frac_cpu", [](auto x) { return x - std::trunc(x); });
    case UnaryOp::Reciprocal:
      return run<kFloatTypes>(args, "reciprocal_cpu", [](auto x) { return decltype(x)(1) / x; });
    case UnaryOp::BitwiseNot:
      return run<kIntegralTypes | dtype_bit(kBool)>(args, "bitwise_not_cpu", [](auto x) {
        if constexpr (std::is_same_v<decltype(x), bool>) {
          return !x;
        } else {
          return static_cast<decltype(x)>(~x);
        }
      });
  }
}

void predicate_kernel(const ElementwiseArgs& args, PredicateOp op) {
  visit_dtype(args.dtype, [&]<class T>() {
    using C = opmath_t<T>;
    auto loop = [&](auto f) { elementwise_loop<bool, T>(args, f); };
    switch (op) {
      case PredicateOp::IsNan:
        return loop([](C x) { return x != x; });
      case PredicateOp::IsInf:
        return loop([](C x) {
          if constexpr (std::is_floating_point_v<C>) {
            return std::isinf(x);
          } else {
            return false;
          }
        });
      case PredicateOp::IsFinite:
        return loop([](C x) {
          if constexpr (std::is_floating_point_v<C>) {
            return std::isfinite(x);
          } else {
            return true;
          }
        });
      case PredicateOp::LogicalNot:
        return loop([](C x) { return !(x != C(0)); });
    }
  });
}

void nan_to_num_kernel(const ElementwiseArgs& args, std::optional<double> nan,
                       std::optional<double> posinf, std::optional<double> neginf) {
  dispatch<kFloatTypes>(args.dtype, "nan_to_num", [&]<class T>() {
    using C = opmath_t<T>;
    // Replacements converted to T; infinities default to T's largest finite values.
    auto as_t = [](double v) { return static_cast<C>(convert<T>(v)); };
    C n = nan ? as_t(*nan) : C(0);
    C p, m;
    if constexpr (std::is_same_v<T, Half>) {
      p = posinf ? as_t(*posinf) : C(65504.0f);
      m = neginf ? as_t(*neginf) : C(-65504.0f);
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      p = posinf ? as_t(*posinf) : C(BFloat16::from_bits(0x7F7F));
      m = neginf ? as_t(*neginf) : C(BFloat16::from_bits(0xFF7F));
    } else {
      p = posinf ? as_t(*posinf) : std::numeric_limits<C>::max();
      m = neginf ? as_t(*neginf) : std::numeric_limits<C>::lowest();
    }
    unary_loop<T>(args, [n, p, m](C x) {
      if (x != x) return n;
      if (x == std::numeric_limits<C>::infinity()) return p;
      if (x == -std::numeric_limits<C>::infinity()) return m;
      return x;
    });
  });
}

void softmax_kernel(const Tensor& out, const Tensor& in, int64_t outer, int64_t dim_size,
                    int64_t inner, bool log, bool last_dim) {
  const ScalarType dtype = in.scalar_type();
  // (PyTorch names both kernels over an inner dimension "softmax_kernel_impl".)
  const char* name = !last_dim ? "softmax_kernel_impl"
                     : log     ? "log_softmax_lastdim_kernel_impl"
                               : "softmax_lastdim_kernel_impl";
  dispatch<kMathTypes>(dtype, name, [&]<class T>() {
    using C = opmath_t<T>;
    const T* x = static_cast<const T*>(in.data_ptr());
    T* y = static_cast<T*>(out.data_ptr());
    std::vector<C> buf(static_cast<size_t>(dim_size));
    for (int64_t o = 0; o < outer; ++o) {
      for (int64_t i = 0; i < inner; ++i) {
        const T* xs = x + o * dim_size * inner + i;
        T* ys = y + o * dim_size * inner + i;
        C mx = -std::numeric_limits<C>::infinity();
        for (int64_t d = 0; d < dim_size; ++d) {
          buf[d] = static_cast<C>(xs[d * inner]);
          mx = nan_max(mx, buf[d]);
        }
        C sum = 0;
        for (int64_t d = 0; d < dim_size; ++d) sum += std::exp(buf[d] - mx);
        if (log) {
          const C lse = std::log(sum);
          for (int64_t d = 0; d < dim_size; ++d) ys[d * inner] = static_cast<T>(buf[d] - mx - lse);
        } else {
          for (int64_t d = 0; d < dim_size; ++d) {
            ys[d * inner] = static_cast<T>(std::exp(buf[d] - mx) / sum);
          }
        }
      }
    }
  });
}

}  // namespace ember::cpu
