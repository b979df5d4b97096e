#pragma once
// The kernels the CUDA backend has no GPU code for (those src/cuda/backend.cpp does not list) run
// the CPU kernel on host copies: each distinct storage an operand uses is copied to the host whole
// (so views, zero strides and aliasing stay as they are), the CPU kernel runs on host tensors with
// the same sizes, strides and offsets, and the storages whose bytes it changed (its outputs) are
// copied back. Same results as on the CPU, at the cost of the transfers; the first run of each
// such kernel warns (ember/core/Warning.h).
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

#include "cuda/kernels.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/Warning.h"

namespace ember::cuda_backend {

class HostStaging {
 public:
  HostStaging() = default;
  HostStaging(const HostStaging&) = delete;
  HostStaging& operator=(const HostStaging&) = delete;

  // After the kernel: copies back the staged storages whose bytes it changed. (A kernel that
  // throws leaves the device's memory as it was.)
  void finish();

  Tensor arg(const Tensor& t);
  std::vector<Tensor> arg(const std::vector<Tensor>& ts);
  // Element-wise arguments hold raw device pointers: those kernels all have GPU code.
  [[noreturn]] const kernels::ElementwiseArgs& arg(const kernels::ElementwiseArgs&);
  template <class T>
  const T& arg(const T& v) {
    return v;  // sizes, flags, geometry, scalars
  }

 private:
  struct Staged {
    const StorageImpl* storage;
    Storage host_storage;
    Tensor device_bytes, host_bytes, original;  // original: the bytes before the kernel
  };
  std::vector<Staged> staged_;
};

void warn_host_fallback(const char* kernel);

// (kernels::cpu_backend.*Slot)(args on the host).
template <auto Slot>
struct OnHost {
  template <class... A>
  static auto run(const char* kernel, const A&... args) {
    static std::once_flag warned;
    std::call_once(warned, warn_host_fallback, kernel);
    NoGradGuard no_grad;
    HostStaging staging;
    if constexpr (std::is_void_v<decltype((kernels::cpu_backend.*Slot)(staging.arg(args)...))>) {
      (kernels::cpu_backend.*Slot)(staging.arg(args)...);
      staging.finish();
    } else {
      auto result = (kernels::cpu_backend.*Slot)(staging.arg(args)...);
      staging.finish();
      return result;
    }
  }
};

}  // namespace ember::cuda_backend
