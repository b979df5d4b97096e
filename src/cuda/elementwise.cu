// Element-wise kernels on CUDA: one launch helper (flat operands: several elements per thread;
// others: strided offsets in a grid-stride loop) and, per op, a functor with PyTorch's scalar
// semantics. Half and bfloat16 compute in float; integers wrap around.
#include <cmath>
#include <optional>

#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

using kernels::ElementwiseArgs;

// The launch parameters of one element-wise call (copied to the device with the launch).
struct EwParams {
  char* out = nullptr;
  const char* in[3] = {};
  bool by_value[3] = {};
  alignas(8) char value[3][8] = {};
  Offsets offsets;
  bool flat = false;
  int ninputs = 0;
};

template <class T>
__device__ inline T load(const EwParams& p, int k, int64_t off) {
  if (p.by_value[k]) return *reinterpret_cast<const T*>(p.value[k]);
  return reinterpret_cast<const T*>(p.in[k])[off];
}

// out[i] = f(in0[i], ...) with each input loaded as its storage type and passed as its math type.
template <class Out, class In0, class In1, class In2, int N, class F>
__device__ inline void ew_one(const EwParams& p, const F& f, const int64_t* o) {
  Out* out = reinterpret_cast<Out*>(p.out) + o[0];
  if constexpr (N == 1) {
    *out = cast<Out>(f(cast<math_t<In0>>(load<In0>(p, 0, o[1]))));
  } else if constexpr (N == 2) {
    *out = cast<Out>(
        f(cast<math_t<In0>>(load<In0>(p, 0, o[1])), cast<math_t<In1>>(load<In1>(p, 1, o[2]))));
  } else {
    *out = cast<Out>(f(cast<math_t<In0>>(load<In0>(p, 0, o[1])),
                       cast<math_t<In1>>(load<In1>(p, 1, o[2])),
                       cast<math_t<In2>>(load<In2>(p, 2, o[3]))));
  }
}

// Flat operands: each thread takes kPerThread elements a block's width apart, so that several
// loads are in flight per thread (what memory bandwidth needs).
constexpr int kPerThread = 4;
template <class Out, class In0, class In1, class In2, int N, class F>
__global__ void ew_flat_kernel(int64_t n, EwParams p, F f) {
  const int64_t base = blockIdx.x * int64_t(blockDim.x) * kPerThread + threadIdx.x;
#pragma unroll
  for (int j = 0; j < kPerThread; ++j) {
    const int64_t i = base + j * int64_t(blockDim.x);
    if (i < n) {
      const int64_t o[4] = {i, i, i, i};
      ew_one<Out, In0, In1, In2, N>(p, f, o);
    }
  }
}

template <class Out, class In0, class In1, class In2, int N, class F>
__global__ void ew_strided_kernel(int64_t n, EwParams p, F f) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x) {
    int64_t o[4];
    p.offsets.of(i, o, N + 1);
    ew_one<Out, In0, In1, In2, N>(p, f, o);
  }
}

EwParams params_of(const ElementwiseArgs& a) {
  EwParams p;
  p.out = a.out;
  p.ninputs = a.ninputs;
  p.flat = a.flat;
  const auto nd = static_cast<int64_t>(a.shape.size());
  check_dims(nd);
  p.offsets.ndim = static_cast<int>(nd);
  for (int64_t d = 0; d < nd; ++d) {
    p.offsets.sizes[d] = a.shape[d];
    p.offsets.strides[0][d] = a.out_strides[d];
  }
  for (int k = 0; k < a.ninputs; ++k) {
    // A one-element input the op layer read on the host arrives by value.
    p.by_value[k] = a.in[k] == a.scalar[k].data();
    if (p.by_value[k]) {
      for (int b = 0; b < 8; ++b) p.value[k][b] = a.scalar[k][b];
    } else {
      p.in[k] = a.in[k];
    }
    for (int64_t d = 0; d < nd; ++d) p.offsets.strides[k + 1][d] = a.in_strides[k][d];
  }
  return p;
}

template <class Out, class In0, class In1 = In0, class In2 = In0, int N, class F>
void launch_n(const ElementwiseArgs& a, F f) {
  if (a.numel == 0) return;
  DeviceGuard guard(a.device.has_index() ? a.device.index() : 0);
  const EwParams p = params_of(a);
  if (a.flat) {
    const int64_t per_block = int64_t{kThreads} * kPerThread;
    const auto blocks = static_cast<unsigned>((a.numel + per_block - 1) / per_block);
    ew_flat_kernel<Out, In0, In1, In2, N><<<blocks, kThreads>>>(a.numel, p, f);
  } else {
    ew_strided_kernel<Out, In0, In1, In2, N><<<blocks_for(a.numel), kThreads>>>(a.numel, p, f);
  }
  EMBER_CUDA_LAUNCHED();
}
template <class T, class F>
void unary(const ElementwiseArgs& a, F f) {
  launch_n<T, T, T, T, 1>(a, f);
}
template <class T, class F>
void binary(const ElementwiseArgs& a, F f) {
  launch_n<T, T, T, T, 2>(a, f);
}
template <class T, class F>
void predicate2(const ElementwiseArgs& a, F f) {
  launch_n<bool, T, T, T, 2>(a, f);
}

// ---- integer arithmetic without overflow (it wraps, as in PyTorch) ------------------------------
template <class T>
inline constexpr bool is_int_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;
template <class T>
using wide_unsigned_t = std::conditional_t<sizeof(T) <= 4, uint32_t, uint64_t>;
template <class T>
__device__ inline T wadd(T a, T b) {
  if constexpr (is_int_v<T>) {
    return static_cast<T>(static_cast<wide_unsigned_t<T>>(a) + static_cast<wide_unsigned_t<T>>(b));
  } else {
    return a + b;
  }
}
template <class T>
__device__ inline T wmul(T a, T b) {
  if constexpr (is_int_v<T>) {
    return static_cast<T>(static_cast<wide_unsigned_t<T>>(a) * static_cast<wide_unsigned_t<T>>(b));
  } else {
    return a * b;
  }
}
template <class T>
__device__ inline T wneg(T a) {
  if constexpr (is_int_v<T>) {
    return static_cast<T>(wide_unsigned_t<T>(0) - static_cast<wide_unsigned_t<T>>(a));
  } else {
    return -a;
  }
}
// Integer division: by zero gives -1 (PyTorch's CUDA kernels do not trap either); MIN / -1 wraps.
template <class T>
__device__ inline T idiv_trunc(T a, T b) {
  if (b == 0) return T(-1);
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return wneg(a);
  }
  return static_cast<T>(a / b);
}
template <class T>
__device__ inline T imod(T a, T b) {
  if (b == 0) return T(-1);
  if constexpr (std::is_signed_v<T>) {
    if (b == T(-1)) return T(0);
  }
  return static_cast<T>(a % b);
}
template <class T>
__device__ inline T idiv_floor(T a, T b) {
  const T q = idiv_trunc(a, b);
  if constexpr (std::is_signed_v<T>) {
    if (b != 0 && b != T(-1) && (a % b != 0) && ((a < 0) != (b < 0))) return static_cast<T>(q - 1);
  }
  return q;
}
template <class T>
__device__ inline T ipow(T base, T exp) {
  if constexpr (std::is_signed_v<T>) {
    if (exp < 0) {
      if (base == 1) return 1;
      if (base == -1) return (exp & 1) ? T(-1) : T(1);
      return 0;
    }
  }
  T r = 1;
  while (exp) {
    if (exp & 1) r = wmul(r, base);
    exp = static_cast<T>(exp >> 1);
    base = wmul(base, base);
  }
  return r;
}
template <class C>
__device__ inline C nan_max(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (a != a || b != b) return a != a ? a : b;
  }
  return a > b ? a : b;
}
template <class C>
__device__ inline C nan_min(C a, C b) {
  if constexpr (std::is_floating_point_v<C>) {
    if (a != a || b != b) return a != a ? a : b;
  }
  return a < b ? a : b;
}
template <class C>
__device__ inline C float_floor_div(C a, C b) {
  if (b == C(0)) return a / b;
  C mod = fmod(a, b);
  C div = (a - mod) / b;
  if (mod != C(0) && ((b < C(0)) != (mod < C(0)))) div -= C(1);
  if (div == C(0)) return copysign(C(0), a / b);
  C fl = floor(div);
  if (div - fl > C(0.5)) fl += C(1);
  return fl;
}

// ---- functors
// ------------------------------------------------------------------------------------
template <class C>
struct AddAlpha {
  C alpha;
  __device__ C operator()(C x, C y) const { return wadd(x, wmul(alpha, y)); }
};
struct BoolAdd {
  bool alpha;
  __device__ bool operator()(bool x, bool y) const { return x || (alpha && y); }
};
#define EMBER_BINARY_FUNCTOR(Name, expr)      \
  struct Name {                               \
    template <class C>                        \
    __device__ C operator()(C x, C y) const { \
      return expr;                            \
    }                                         \
  };
EMBER_BINARY_FUNCTOR(Mul, wmul(x, y))
EMBER_BINARY_FUNCTOR(BoolMul, x&& y)
EMBER_BINARY_FUNCTOR(Div, x / y)
EMBER_BINARY_FUNCTOR(FloatDivTrunc, trunc(x / y))
EMBER_BINARY_FUNCTOR(IntDivTrunc, idiv_trunc(x, y))
EMBER_BINARY_FUNCTOR(FloatDivFloor, float_floor_div(x, y))
EMBER_BINARY_FUNCTOR(IntDivFloor, idiv_floor(x, y))
EMBER_BINARY_FUNCTOR(IntFmod, imod(x, y))
EMBER_BINARY_FUNCTOR(FloatFmod, fmod(x, y))
EMBER_BINARY_FUNCTOR(IntPow, ipow(x, y))
EMBER_BINARY_FUNCTOR(FloatPow, pow(x, y))
EMBER_BINARY_FUNCTOR(Maximum, nan_max(x, y))
EMBER_BINARY_FUNCTOR(Minimum, nan_min(x, y))
EMBER_BINARY_FUNCTOR(Atan2, atan2(x, y))
EMBER_BINARY_FUNCTOR(BitAnd, static_cast<C>(x& y))
EMBER_BINARY_FUNCTOR(BitOr, static_cast<C>(x | y))
EMBER_BINARY_FUNCTOR(BitXor, static_cast<C>(x ^ y))
#undef EMBER_BINARY_FUNCTOR
struct IntRemainder {
  template <class C>
  __device__ C operator()(C x, C y) const {
    C m = imod(x, y);
    if constexpr (std::is_signed_v<C>) {
      if (y != 0 && m != 0 && ((y < 0) != (m < 0))) m = wadd(m, y);
    }
    return m;
  }
};
struct FloatRemainder {
  template <class C>
  __device__ C operator()(C x, C y) const {
    C m = fmod(x, y);
    if (m != C(0) && ((y < C(0)) != (m < C(0)))) m += y;
    return m;
  }
};
template <class C>
struct PowScalar {
  C e;
  __device__ C operator()(C x) const {
    if constexpr (is_int_v<C>) {
      return ipow(x, e);
    } else {
      return pow(x, e);
    }
  }
};
template <class C>
struct ThresholdBackward {
  C threshold;
  __device__ C operator()(C grad, C x) const { return x <= threshold ? C(0) : grad; }
};
struct Compare {
  kernels::CompareOp op;
  template <class C>
  __device__ bool operator()(C x, C y) const {
    switch (op) {
      case kernels::CompareOp::Eq:
        return x == y;
      case kernels::CompareOp::Ne:
        return x != y;
      case kernels::CompareOp::Lt:
        return x < y;
      case kernels::CompareOp::Le:
        return x <= y;
      case kernels::CompareOp::Gt:
        return x > y;
      default:
        return x >= y;
    }
  }
};
struct Logical {
  kernels::LogicalOp op;
  template <class C>
  __device__ bool operator()(C x, C y) const {
    const bool a = x != C(0), b = y != C(0);
    switch (op) {
      case kernels::LogicalOp::And:
        return a && b;
      case kernels::LogicalOp::Or:
        return a || b;
      default:
        return a != b;
    }
  }
};
struct Where {
  template <class S>
  __device__ S operator()(bool c, S x, S y) const {
    return c ? x : y;
  }
};
struct Clamp {
  template <class C>
  __device__ C operator()(C x, C lo, C hi) const {
    if constexpr (std::is_floating_point_v<C>) {
      if (lo != lo || hi != hi) return lo != lo ? lo : hi;
    }
    return nan_min(nan_max(x, lo), hi);
  }
};
template <class C>
struct ClampScalar {
  C lo, hi;
  bool has_lo, has_hi;
  __device__ C operator()(C x) const {
    if (has_lo) x = nan_max(x, lo);
    if (has_hi) x = nan_min(x, hi);
    return x;
  }
};
template <class C>
__device__ inline C lerp_value(C a, C b, C w) {
  const C d = b - a;
  return (w < C(0.5) && w > C(-0.5)) ? a + w * d : b - d * (C(1) - w);
}
struct Lerp {
  template <class C>
  __device__ C operator()(C a, C b, C w) const {
    return lerp_value(a, b, w);
  }
};
template <class C>
struct LerpScalar {
  C w;
  __device__ C operator()(C a, C b) const { return lerp_value(a, b, w); }
};
struct Unary {
  kernels::UnaryOp op;
  template <class C>
  __device__ C operator()(C x) const {
    using U = kernels::UnaryOp;
    if constexpr (std::is_same_v<C, bool>) {
      if (op == U::BitwiseNot) return !x;
      return x;  // sign, abs of bool
    } else if constexpr (is_int_v<C>) {
      switch (op) {
        case U::Neg:
          return wneg(x);
        case U::Abs:
          return (std::is_signed_v<C> && x < 0) ? wneg(x) : x;
        case U::Sign:
          if constexpr (std::is_signed_v<C>) return static_cast<C>((C(0) < x) - (x < C(0)));
          return static_cast<C>(x != 0);
        case U::BitwiseNot:
          return static_cast<C>(~x);
        default:
          return x;  // floor, ceil, round, trunc of an integer
      }
    } else {
      switch (op) {
        case U::Neg:
          return -x;
        case U::Abs:
          return fabs(x);
        case U::Sign:
          return static_cast<C>((C(0) < x) - (x < C(0)));
        case U::Exp:
          return exp(x);
        case U::Exp2:
          return exp2(x);
        case U::Expm1:
          return expm1(x);
        case U::Log:
          return log(x);
        case U::Log2:
          return log2(x);
        case U::Log10:
          return log10(x);
        case U::Log1p:
          return log1p(x);
        case U::Sqrt:
          return sqrt(x);
        case U::Rsqrt:
          return C(1) / sqrt(x);
        case U::Sin:
          return sin(x);
        case U::Cos:
          return cos(x);
        case U::Tan:
          return tan(x);
        case U::Asin:
          return asin(x);
        case U::Acos:
          return acos(x);
        case U::Atan:
          return atan(x);
        case U::Sinh:
          return sinh(x);
        case U::Cosh:
          return cosh(x);
        case U::Tanh:
          return tanh(x);
        case U::Sigmoid:
          return C(1) / (C(1) + exp(-x));
        case U::Gelu:
          return x * C(0.5) * (C(1) + erf(x * C(M_SQRT1_2)));
        case U::GeluTanh: {
          const C k = C(M_SQRT2 * M_2_SQRTPI * 0.5), c = C(0.044715);
          return C(0.5) * x * (C(1) + tanh(k * (x + c * x * x * x)));
        }
        case U::Silu:
          return x / (C(1) + exp(-x));
        case U::Erf:
          return erf(x);
        case U::Floor:
          return floor(x);
        case U::Ceil:
          return ceil(x);
        case U::Round:
          return nearbyint(x);
        case U::Trunc:
          return trunc(x);
        case U::Frac:
          return x - trunc(x);
        case U::Reciprocal:
          return C(1) / x;
        default:
          return x;
      }
    }
  }
};
struct Predicate {
  kernels::PredicateOp op;
  template <class C>
  __device__ bool operator()(C x) const {
    switch (op) {
      case kernels::PredicateOp::IsNan:
        return x != x;
      case kernels::PredicateOp::IsInf:
        if constexpr (std::is_floating_point_v<C>) return isinf(x);
        return false;
      case kernels::PredicateOp::IsFinite:
        if constexpr (std::is_floating_point_v<C>) return isfinite(x);
        return true;
      default:
        return !(x != C(0));
    }
  }
};
template <class C>
struct NanToNum {
  C nan, posinf, neginf;
  __device__ C operator()(C x) const {
    if (x != x) return nan;
    if (x == C(INFINITY)) return posinf;
    if (x == C(-INFINITY)) return neginf;
    return x;
  }
};

// "name" not implemented for 'dtype'.
[[noreturn]] void not_implemented(const char* name, ScalarType t) {
  detail::fail<>("\"", name, "\" not implemented for '", to_string(t), "'");
}

// Visits the dtypes an op accepts: floating only, integral (incl. bool unless excluded), all.
enum Accept : unsigned { kFloats = 1, kInts = 2, kBool = 4, kAll = 7 };
template <unsigned Accepted, class F>
void visit(const ElementwiseArgs& a, const char* name, F&& f) {
  visit_device_dtype(a.dtype, name, [&]<class T>() {
    constexpr unsigned kind = std::is_same_v<T, bool> ? kBool : is_floating_v<T> ? kFloats : kInts;
    if constexpr ((Accepted & kind) != 0) {
      f.template operator()<T>();
    } else {
      not_implemented(name, a.dtype);
    }
  });
}

}  // namespace

void add_kernel(const ElementwiseArgs& a, const Scalar& alpha) {
  visit<kAll>(a, "add_cuda", [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      binary<T>(a, BoolAdd{alpha.to<bool>()});
    } else {
      binary<T>(a, AddAlpha<math_t<T>>{alpha.to<math_t<T>>()});
    }
  });
}
void mul_kernel(const ElementwiseArgs& a) {
  visit<kAll>(a, "mul_cuda", [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      binary<T>(a, BoolMul{});
    } else {
      binary<T>(a, Mul{});
    }
  });
}
void div_true_kernel(const ElementwiseArgs& a) {
  visit<kFloats>(a, "div_true_cuda", [&]<class T>() { binary<T>(a, Div{}); });
}
void div_trunc_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "div_trunc_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      binary<T>(a, FloatDivTrunc{});
    } else {
      binary<T>(a, IntDivTrunc{});
    }
  });
}
void div_floor_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "div_floor_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      binary<T>(a, FloatDivFloor{});
    } else {
      binary<T>(a, IntDivFloor{});
    }
  });
}
void remainder_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "remainder_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      binary<T>(a, FloatRemainder{});
    } else {
      binary<T>(a, IntRemainder{});
    }
  });
}
void fmod_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "fmod_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      binary<T>(a, FloatFmod{});
    } else {
      binary<T>(a, IntFmod{});
    }
  });
}
void pow_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "pow_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) {
      binary<T>(a, FloatPow{});
    } else {
      binary<T>(a, IntPow{});
    }
  });
}
void pow_scalar_kernel(const ElementwiseArgs& a, const Scalar& e) {
  visit<kFloats | kInts>(a, "pow_cuda",
                         [&]<class T>() { unary<T>(a, PowScalar<math_t<T>>{e.to<math_t<T>>()}); });
}
void maximum_kernel(const ElementwiseArgs& a) {
  visit<kAll>(a, "maximum_cuda", [&]<class T>() { binary<T>(a, Maximum{}); });
}
void minimum_kernel(const ElementwiseArgs& a) {
  visit<kAll>(a, "minimum_cuda", [&]<class T>() { binary<T>(a, Minimum{}); });
}
void atan2_kernel(const ElementwiseArgs& a) {
  visit<kFloats>(a, "atan2_cuda", [&]<class T>() { binary<T>(a, Atan2{}); });
}

// The ops of kernels/binary_math.h, each with the dtypes its functor accepts on CUDA.
namespace {
template <class T>
constexpr ScalarType device_scalar_type() {
  if constexpr (std::is_same_v<T, __half>) {
    return ScalarType::Half;
  } else if constexpr (std::is_same_v<T, __nv_bfloat16>) {
    return ScalarType::BFloat16;
  } else {
    return scalar_type_of<T>;
  }
}
}  // namespace
void binary_math_kernel(const ElementwiseArgs& a, BinaryOp op) {
  auto run = [&]<class F>(F f) {
    visit_device_dtype(a.dtype, F::cuda_name, [&]<class T>() {
      if constexpr ((F::cuda_dtypes & kernels::dtype_bit(device_scalar_type<T>())) != 0) {
        binary<T>(a, f);
      } else {
        not_implemented(F::cuda_name, a.dtype);
      }
    });
  };
  kernels::visit_binary_math(op, run);
}
void threshold_backward_kernel(const ElementwiseArgs& a, const Scalar& t) {
  visit<kFloats | kInts>(a, "threshold_cuda", [&]<class T>() {
    binary<T>(a, ThresholdBackward<math_t<T>>{t.to<math_t<T>>()});
  });
}
void compare_kernel(const ElementwiseArgs& a, kernels::CompareOp op) {
  visit<kAll>(a, "compare_cuda", [&]<class T>() { predicate2<T>(a, Compare{op}); });
}
void logical_kernel(const ElementwiseArgs& a, kernels::LogicalOp op) {
  visit<kAll>(a, "logical_cuda", [&]<class T>() { predicate2<T>(a, Logical{op}); });
}
void bitwise_kernel(const ElementwiseArgs& a, kernels::BitwiseOp op) {
  static constexpr const char* names[] = {"bitwise_and_cuda", "bitwise_or_cuda",
                                          "bitwise_xor_cuda"};
  visit<kInts | kBool>(a, names[static_cast<int>(op)], [&]<class T>() {
    if constexpr (!is_floating_v<T>) {
      switch (op) {
        case kernels::BitwiseOp::And:
          return binary<T>(a, BitAnd{});
        case kernels::BitwiseOp::Or:
          return binary<T>(a, BitOr{});
        case kernels::BitwiseOp::Xor:
          return binary<T>(a, BitXor{});
      }
    }
  });
}
void where_kernel(const ElementwiseArgs& a) {
  visit_device_dtype(a.dtype, "where_cuda", [&]<class T>() {
    // Selection moves values: 16-bit floats travel as their bits.
    using S = std::conditional_t<sizeof(T) == 2 && is_floating_v<T>, uint16_t, T>;
    launch_n<S, bool, S, S, 3>(a, Where{});
  });
}
void clamp_kernel(const ElementwiseArgs& a) {
  visit<kFloats | kInts>(a, "clamp_cuda", [&]<class T>() { launch_n<T, T, T, T, 3>(a, Clamp{}); });
}
void clamp_scalar_kernel(const ElementwiseArgs& a, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi) {
  visit<kFloats | kInts>(a, "clamp_cuda", [&]<class T>() {
    using C = math_t<T>;
    unary<T>(a, ClampScalar<C>{lo ? lo->to<C>() : C(0), hi ? hi->to<C>() : C(0), lo.has_value(),
                               hi.has_value()});
  });
}
void lerp_kernel(const ElementwiseArgs& a) {
  visit<kFloats>(a, "lerp_cuda", [&]<class T>() { launch_n<T, T, T, T, 3>(a, Lerp{}); });
}
void lerp_scalar_kernel(const ElementwiseArgs& a, const Scalar& w) {
  visit<kFloats>(a, "lerp_cuda",
                 [&]<class T>() { binary<T>(a, LerpScalar<math_t<T>>{w.to<math_t<T>>()}); });
}
void unary_kernel(const ElementwiseArgs& a, kernels::UnaryOp op) {
  using U = kernels::UnaryOp;
  const bool float_only = !(op == U::Neg || op == U::Abs || op == U::Sign || op == U::BitwiseNot ||
                            op == U::Floor || op == U::Ceil || op == U::Round || op == U::Trunc);
  auto run = [&]<class T>() { unary<T>(a, Unary{op}); };
  if (float_only) return visit<kFloats>(a, "unary_cuda", run);
  if (op == U::BitwiseNot) return visit<kInts | kBool>(a, "bitwise_not_cuda", run);
  if (op == U::Sign) return visit<kAll>(a, "sign_cuda", run);
  visit<kFloats | kInts>(a, "unary_cuda", run);
}
void predicate_kernel(const ElementwiseArgs& a, kernels::PredicateOp op) {
  visit_device_dtype(a.dtype, "predicate_cuda",
                     [&]<class T>() { launch_n<bool, T, T, T, 1>(a, Predicate{op}); });
}
void nan_to_num_kernel(const ElementwiseArgs& a, std::optional<double> nan,
                       std::optional<double> posinf, std::optional<double> neginf) {
  visit<kFloats>(a, "nan_to_num_cuda", [&]<class T>() {
    using C = math_t<T>;
    double big = 0;
    if constexpr (std::is_same_v<T, __half>) {
      big = 65504.0;
    } else if constexpr (std::is_same_v<T, __nv_bfloat16>) {
      big = 3.3895313892515355e38;
    } else {
      big = static_cast<double>(std::numeric_limits<T>::max());
    }
    // Replacements rounded to T first, as the CPU kernel does.
    auto as_t = [](double v) {
      if constexpr (sizeof(T) == 2) return static_cast<C>(cast<float>(cast<T>(v)));
      return static_cast<C>(v);
    };
    unary<T>(a, NanToNum<C>{nan ? as_t(*nan) : C(0), posinf ? as_t(*posinf) : C(big),
                            neginf ? as_t(*neginf) : C(-big)});
  });
}

}  // namespace ember::cuda_backend
