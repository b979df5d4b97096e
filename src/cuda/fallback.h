#pragma once
// The kernels the CUDA backend has no GPU code for run the CPU kernel on host copies: each
// distinct storage an operand uses is copied to the host whole (so views, zero strides and
// aliasing stay as they are), the CPU kernel runs on host tensors with the same sizes, strides and
// offsets, and every staged storage is copied back. Same results as on the CPU, at the cost of
// the transfers. src/cuda/backend.cpp starts every slot of the table here and replaces the ones
// with GPU code.
#include <vector>

#include "cuda/kernels.h"
#include "ember/autograd/grad_mode.h"

namespace ember::cuda_backend {

class HostStaging {
 public:
  HostStaging() = default;
  HostStaging(const HostStaging&) = delete;
  HostStaging& operator=(const HostStaging&) = delete;
  // Copies the staged storages back (the kernel may have written any of them).
  ~HostStaging() noexcept(false);

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
    Tensor device_bytes, host_bytes;
  };
  std::vector<Staged> staged_;
};

// (kernels::cpu_backend.*Slot)(args on the host).
template <auto Slot>
struct OnHost {
  template <class... A>
  static auto run(const A&... args) {
    NoGradGuard no_grad;
    HostStaging staging;
    return (kernels::cpu_backend.*Slot)(staging.arg(args)...);
  }
};

}  // namespace ember::cuda_backend
