#pragma once
// What every CUDA kernel file shares: error checks, the device's scalar types and their
// conversions, dtype dispatch, strided offsets and launch sizes. Kernels run on the device's
// default stream, so they are ordered with each other and with the synchronous copies.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "ember/core/Error.h"
#include "ember/core/ScalarType.h"
#include "ember/core/Tensor.h"
#include "ember/core/TensorOptions.h"
#include "ember/ops/creation.h"

namespace ember::cuda_backend {

// Throws ember::Error with CUDA's own words for a failed runtime call.
void throw_cuda_error(cudaError_t err, const char* what);
#define EMBER_CUDA_CHECK(expr)                                          \
  do {                                                                  \
    const cudaError_t ember_err_ = (expr);                              \
    if (ember_err_ != cudaSuccess) throw_cuda_error(ember_err_, #expr); \
  } while (0)
// After a launch: a bad configuration shows up here, a fault in the kernel at the next sync.
#define EMBER_CUDA_LAUNCHED() EMBER_CUDA_CHECK(cudaGetLastError())

// Makes `index` the calling thread's current device for a scope.
class DeviceGuard {
 public:
  explicit DeviceGuard(int index);
  ~DeviceGuard();
  DeviceGuard(const DeviceGuard&) = delete;
  DeviceGuard& operator=(const DeviceGuard&) = delete;

 private:
  int previous_ = 0;
  bool changed_ = false;
};
inline int device_index(const Tensor& t) { return t.device().has_index() ? t.device().index() : 0; }

// ---- scalar types on the device
// ------------------------------------------------------------------ Half and bfloat16 are stored
// as their bits and computed in float, as PyTorch's kernels do.
template <class T>
struct Math {
  using type = T;
};
template <>
struct Math<__half> {
  using type = float;
};
template <>
struct Math<__nv_bfloat16> {
  using type = float;
};
template <class T>
using math_t = typename Math<T>::type;

template <class To, class From>
__host__ __device__ inline To cast(From v) {
  if constexpr (std::is_same_v<From, __half> || std::is_same_v<From, __nv_bfloat16>) {
    return cast<To>(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, __half>) {
    return __float2half_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, __nv_bfloat16>) {
    return __float2bfloat16_rn(static_cast<float>(v));
  } else if constexpr (std::is_same_v<To, bool>) {
    return v != From(0);
  } else {
    return static_cast<To>(v);
  }
}

// Calls f.template operator()<T>() with the device type of dtype; `name` is for the error.
template <class F>
void visit_device_dtype(ScalarType dtype, const char* name, F&& f) {
  switch (dtype) {
    case ScalarType::Bool:
      return f.template operator()<bool>();
    case ScalarType::Byte:
      return f.template operator()<uint8_t>();
    case ScalarType::Char:
      return f.template operator()<int8_t>();
    case ScalarType::Short:
      return f.template operator()<int16_t>();
    case ScalarType::Int:
      return f.template operator()<int32_t>();
    case ScalarType::Long:
      return f.template operator()<int64_t>();
    case ScalarType::Half:
      return f.template operator()<__half>();
    case ScalarType::BFloat16:
      return f.template operator()<__nv_bfloat16>();
    case ScalarType::Float:
      return f.template operator()<float>();
    case ScalarType::Double:
      return f.template operator()<double>();
    default:
      detail::fail<>("\"", name, "\" not implemented for '", to_string(dtype), "'");
  }
}

template <class T>
inline constexpr bool is_floating_v =
    std::is_floating_point_v<T> || std::is_same_v<T, __half> || std::is_same_v<T, __nv_bfloat16>;

// ---- strided offsets
// -----------------------------------------------------------------------------
inline constexpr int kMaxDims = 16;
inline constexpr int kMaxOperands = 4;

// Element offsets of up to kMaxOperands operands that share one shape, from a linear index in
// row-major order. Passed to kernels by value.
struct Offsets {
  int ndim = 0;
  int64_t sizes[kMaxDims] = {};
  int64_t strides[kMaxOperands][kMaxDims] = {};

  __device__ void of(int64_t linear, int64_t* out, int n) const {
    for (int k = 0; k < n; ++k) out[k] = 0;
    for (int d = ndim - 1; d >= 0; --d) {
      const int64_t i = linear % sizes[d];
      linear /= sizes[d];
      for (int k = 0; k < n; ++k) out[k] += i * strides[k][d];
    }
  }
};
// Throws when a shape has more dims than kernels take.
void check_dims(int64_t ndim);

inline constexpr int kThreads = 256;
inline unsigned blocks_for(int64_t n) {
  const int64_t b = (n + kThreads - 1) / kThreads;
  return static_cast<unsigned>(b < 1 ? 1 : (b > 65535 * 32 ? 65535 * 32 : b));
}

template <class T>
T* data_of(const Tensor& t) {
  return static_cast<T*>(t.data_ptr());
}

}  // namespace ember::cuda_backend
