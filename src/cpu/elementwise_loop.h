#pragma once
// The loop under every element-wise kernel (internal to src/cpu): dtype dispatch restricted to the
// dtypes a kernel supports, and elementwise_loop, which runs a scalar function over an
// ElementwiseArgs. Contiguous runs (with single-value inputs hoisted out of the loop) are plain
// loops over typed pointers that the compiler vectorizes; other runs step by byte strides.
//
// On x86-64 the contiguous float32/float64 loops are also compiled for AVX2 and AVX-512 and picked
// at run time by what the CPU supports. The library is built with -ffp-contract=off, so the wider
// code computes exactly what the SSE2 code does (no multiply-adds are fused). Operations on all-
// contiguous operands split their elements across the intra-op thread pool (core/parallel.h).
#include <cstring>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "core/parallel.h"
#include "cpu/Loops.h"
#include "cpu/elementwise_kernels.h"

namespace ember::cpu {

template <class T>
using opmath_t = compute_type_t<T>;

using kernels::dtype_bit;  // the dtype sets of kernels/types.h
using kernels::kAllTypes;
using kernels::kFloatTypes;
using kernels::kIntegralTypes;
using kernels::kMathTypes;

// Calls f.template operator()<T>() for t's C++ type T when t is in Allowed (a set of dtype_bit),
// else throws PyTorch's "\"<name>\" not implemented for '<Type>'". Only allowed types are
// instantiated.
template <uint32_t Allowed, class F>
void dispatch(ScalarType t, std::string_view name, F&& f) {
  visit_dtype(t, [&]<class T>() {
    if constexpr ((Allowed & dtype_bit(scalar_type_of<T>)) != 0) {
      f.template operator()<T>();
    } else {
      throw_not_implemented(name, t);
    }
  });
}

namespace loop_detail {

template <class T>
inline opmath_t<T> load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return static_cast<opmath_t<T>>(v);
}

template <class T, class V>
inline void store(char* p, V v) {
  T t = static_cast<T>(v);
  std::memcpy(p, &t, sizeof(T));
}

template <unsigned Mask, size_t I>
inline constexpr bool is_single = ((Mask >> I) & 1u) != 0;

// n contiguous outputs; input I is contiguous, or a single value when bit I of Mask is set.
template <unsigned Mask, class Out, class... In, class F, size_t... I>
inline void contiguous_loop(char* out, const std::array<const char*, sizeof...(In)>& in, int64_t n,
                            F& f, std::index_sequence<I...>) {
  Out* o = reinterpret_cast<Out*>(out);
  const std::tuple<const In*...> p{reinterpret_cast<const In*>(in[I])...};
  const std::tuple<opmath_t<In>...> single{
      (is_single<Mask, I> ? load<In>(in[I]) : opmath_t<In>{})...};
  for (int64_t i = 0; i < n; ++i) {
    o[i] =
        static_cast<Out>(f((is_single<Mask, I> ? std::get<I>(single)
                                               : static_cast<opmath_t<In>>(std::get<I>(p)[i]))...));
  }
}

// ---- SIMD variants of the contiguous loop
// --------------------------------------------------------
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define EMBER_SIMD_DISPATCH 1
enum class SimdLevel { Default, Avx2, Avx512 };

inline SimdLevel detect_simd_level() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq")) {
    return SimdLevel::Avx512;
  }
  if (__builtin_cpu_supports("avx2")) return SimdLevel::Avx2;
  return SimdLevel::Default;
}

inline SimdLevel simd_level() {
  static const SimdLevel level = detect_simd_level();
  return level;
}

template <unsigned Mask, class Out, class... In, class F, size_t... I>
__attribute__((target("avx2"))) __attribute__((noinline)) void contiguous_loop_avx2(
    char* out, const std::array<const char*, sizeof...(In)>& in, int64_t n, F& f,
    std::index_sequence<I...> seq) {
  contiguous_loop<Mask, Out, In...>(out, in, n, f, seq);
}

template <unsigned Mask, class Out, class... In, class F, size_t... I>
__attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,prefer-vector-width=512")))
__attribute__((noinline)) void
contiguous_loop_avx512(char* out, const std::array<const char*, sizeof...(In)>& in, int64_t n, F& f,
                       std::index_sequence<I...> seq) {
  contiguous_loop<Mask, Out, In...>(out, in, n, f, seq);
}
#endif

// The loops worth the wider code: float32 and float64 throughout.
template <class T>
inline constexpr bool is_simd_type = std::is_same_v<T, float> || std::is_same_v<T, double>;

template <unsigned Mask, class Out, class... In, class F, size_t... I>
inline void contiguous_run(char* out, const std::array<const char*, sizeof...(In)>& in, int64_t n,
                           F& f, std::index_sequence<I...> seq) {
#ifdef EMBER_SIMD_DISPATCH
  if constexpr (is_simd_type<Out> && (is_simd_type<In> && ...)) {
    switch (simd_level()) {
      case SimdLevel::Avx512:
        return contiguous_loop_avx512<Mask, Out, In...>(out, in, n, f, seq);
      case SimdLevel::Avx2:
        return contiguous_loop_avx2<Mask, Out, In...>(out, in, n, f, seq);
      case SimdLevel::Default:
        break;
    }
  }
#endif
  contiguous_loop<Mask, Out, In...>(out, in, n, f, seq);
}

template <class Out, class... In, class F, size_t... I>
inline void strided_run(char* out, int64_t out_stride,
                        const std::array<const char*, sizeof...(In)>& in, const int64_t* strides,
                        int64_t n, F& f, std::index_sequence<I...>) {
  for (int64_t i = 0; i < n; ++i) {
    store<Out>(out + i * out_stride, f(load<In>(in[I] + i * strides[I])...));
  }
}

template <class Out, class... In, class F, size_t... I>
__attribute__((noinline)) void dispatch_run(char* const* p, const int64_t* s, int64_t n, F& f,
                                            std::index_sequence<I...> seq) {
  constexpr size_t N = sizeof...(In);
  const std::array<const char*, N> in{p[I + 1]...};
  unsigned mask = 0;
  bool contiguous = s[0] == static_cast<int64_t>(sizeof(Out));
  ((s[I + 1] == 0 ? (mask |= 1u << I)
                  : (contiguous = contiguous && s[I + 1] == static_cast<int64_t>(sizeof(In)))),
   ...);
  if (contiguous) {
    // Every single-value pattern for one and two inputs; three inputs only when all are arrays.
    if constexpr (N <= 2) {
      switch (mask) {
        case 0:
          return contiguous_run<0, Out, In...>(p[0], in, n, f, seq);
        case 1:
          return contiguous_run<1, Out, In...>(p[0], in, n, f, seq);
        case 2:
          return contiguous_run<2, Out, In...>(p[0], in, n, f, seq);
        default:
          return contiguous_run<3, Out, In...>(p[0], in, n, f, seq);
      }
    } else {
      if (mask == 0) return contiguous_run<0, Out, In...>(p[0], in, n, f, seq);
    }
  }
  strided_run<Out, In...>(p[0], s[0], in, s + 1, n, f, seq);
}

}  // namespace loop_detail

// Elements below which an element-wise op runs on the calling thread alone.
inline constexpr int64_t kElementwiseGrain = 32768;

// Runs out[i] = f(in0[i], ...) over args, where the inputs have C++ types In... and f takes their
// opmath types (float for the 16-bit floats) and returns a value converted to Out.
template <class Out, class... In, class F>
void elementwise_loop(const ElementwiseArgs& args, F&& f) {
  constexpr int N = sizeof...(In);
  using Seq = std::make_index_sequence<N>;
  if (args.numel == 0) return;
  if (args.flat) {
    std::array<char*, N + 1> p{};
    std::array<int64_t, N + 1> s{};
    constexpr std::array<int64_t, N> sizes{static_cast<int64_t>(sizeof(In))...};
    p[0] = args.out;
    s[0] = sizeof(Out);
    for (int k = 0; k < N; ++k) {  // a single input value has stride 0, arrays are contiguous
      p[k + 1] = const_cast<char*>(args.in[k]);
      s[k + 1] = args.in[k] == args.scalar[k].data() ? 0 : sizes[k];
    }
    // Contiguous chunks of the flat range across the intra-op threads (inline below the grain).
    internal::parallel_for(0, args.numel, kElementwiseGrain, [&](int64_t begin, int64_t end) {
      std::array<char*, N + 1> q = p;
      for (int k = 0; k <= N; ++k) q[k] += begin * s[k];
      loop_detail::dispatch_run<Out, In...>(q.data(), s.data(), end - begin, f, Seq{});
    });
    return;
  }
  StridedOperands<N + 1> ops;
  ops.ptrs[0] = args.out;
  ops.strides[0] = args.out_strides;
  ops.elem_size[0] = sizeof(Out);
  constexpr std::array<int64_t, N> sizes{static_cast<int64_t>(sizeof(In))...};
  for (int k = 0; k < N; ++k) {
    ops.ptrs[k + 1] = const_cast<char*>(args.in[k]);
    ops.strides[k + 1] = args.in_strides[k];
    ops.elem_size[k + 1] = sizes[k];
  }
  for_each_run<N + 1>(args.shape, ops, [&](char* const* p, const int64_t* s, int64_t n) {
    loop_detail::dispatch_run<Out, In...>(p, s, n, f, Seq{});
  });
}

// The common shapes: all inputs of one type T, output T or bool.
template <class T, class F>
void unary_loop(const ElementwiseArgs& args, F&& f) {
  elementwise_loop<T, T>(args, f);
}
template <class T, class F>
void binary_loop(const ElementwiseArgs& args, F&& f) {
  elementwise_loop<T, T, T>(args, f);
}

}  // namespace ember::cpu
