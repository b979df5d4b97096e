#pragma once
// The math of the element-wise binary ops that an op table defines with a kernel
// (src/ops/binary.yaml, `kernel: binary NAME`): one functor per op, compiled into the CPU kernel
// and the CUDA kernel alike, with the dtypes each device accepts (PyTorch's: its "not
// implemented for 'Half'" on the CPU) and the name its message gives. C is the compute type
// (float for bfloat16 and half).
#include <cmath>
#include <cstdint>

#include "kernels/types.h"

#if defined(__CUDACC__)
#define EMBER_HOST_DEVICE __host__ __device__
#else
#define EMBER_HOST_DEVICE
#endif

namespace ember::kernels {

// The functors, in the order of BinaryOp: a new op is added here and in its table.
#define EMBER_BINARY_MATH_OPS(X) X(Hypot) X(Logaddexp) X(Logaddexp2)

enum class BinaryOp {
#define EMBER_BINARY_MATH_ENUM(Name) Name,
  EMBER_BINARY_MATH_OPS(EMBER_BINARY_MATH_ENUM)
#undef EMBER_BINARY_MATH_ENUM
};

struct Hypot {
  static constexpr const char* cpu_name = "hypot_cpu";
  static constexpr const char* cuda_name = "hypot_cuda";
  static constexpr uint32_t cpu_dtypes = kMathTypes;
  static constexpr uint32_t cuda_dtypes = kFloatTypes;
  template <class C>
  EMBER_HOST_DEVICE C operator()(C x, C y) const {
    using std::hypot;
    return hypot(x, y);
  }
};

// log(exp(a) + exp(b)) without overflow: max(a, b) + log(1 + exp(-|a - b|)), as PyTorch writes
// it (log of 1 + ..., not log1p); equal infinities give themselves.
struct Logaddexp {
  static constexpr const char* cpu_name = "logaddexp_cpu";
  static constexpr const char* cuda_name = "logaddexp_cuda";
  static constexpr uint32_t cpu_dtypes = kMathTypes;
  static constexpr uint32_t cuda_dtypes = kFloatTypes;
  template <class C>
  EMBER_HOST_DEVICE C operator()(C a, C b) const {
    using std::abs, std::exp, std::isinf, std::log;
    if (isinf(a) && a == b) return a;
    const C m = a < b ? b : a;
    return m + log(C(1) + exp(-abs(a - b)));
  }
};

// log2(2^a + 2^b): max(a, b) + log2(1 + 2^-|a - b|).
struct Logaddexp2 {
  static constexpr const char* cpu_name = "logaddexp2_cpu";
  static constexpr const char* cuda_name = "logaddexp2_cuda";
  static constexpr uint32_t cpu_dtypes = kMathTypes;
  static constexpr uint32_t cuda_dtypes = kFloatTypes;
  template <class C>
  EMBER_HOST_DEVICE C operator()(C a, C b) const {
    using std::abs, std::isinf, std::log2, std::pow;
    if (isinf(a) && a == b) return a;
    const C m = a < b ? b : a;
    return m + log2(C(1) + pow(C(2), -abs(a - b)));
  }
};

// Calls run(F{}) with the functor F of op: each device's binary_math_kernel.
template <class Run>
void visit_binary_math(BinaryOp op, Run&& run) {
  switch (op) {
#define EMBER_BINARY_MATH_CASE(Name) \
  case BinaryOp::Name:               \
    return run(Name{});
    EMBER_BINARY_MATH_OPS(EMBER_BINARY_MATH_CASE)
#undef EMBER_BINARY_MATH_CASE
  }
}

}  // namespace ember::kernels
