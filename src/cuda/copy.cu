// Copies (with dtype conversion and any strides), fills, transfers and synchronisation.
#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

template <class To, class From>
__global__ void copy_strided(int64_t n, Offsets off, To* dst, const From* src) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x) {
    int64_t o[2];
    off.of(i, o, 2);
    dst[o[0]] = cast<To>(src[o[1]]);
  }
}

template <class T>
__global__ void fill_strided(int64_t n, Offsets off, T* dst, T value) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x) {
    int64_t o[1];
    off.of(i, o, 1);
    dst[o[0]] = value;
  }
}

Offsets offsets_of(std::initializer_list<const Tensor*> ts, IntArrayRef shape) {
  Offsets off;
  check_dims(static_cast<int64_t>(shape.size()));
  off.ndim = static_cast<int>(shape.size());
  for (size_t d = 0; d < shape.size(); ++d) off.sizes[d] = shape[d];
  int k = 0;
  for (const Tensor* t : ts) {
    for (size_t d = 0; d < shape.size(); ++d) off.strides[k][d] = t->strides()[d];
    ++k;
  }
  return off;
}

}  // namespace

void copy_kernel(const Tensor& dst, const Tensor& src) {
  const int64_t n = dst.numel();
  if (n == 0) return;
  DeviceGuard guard(device_index(dst));
  if (dst.scalar_type() == src.scalar_type() && dst.is_contiguous() && src.is_contiguous()) {
    EMBER_CUDA_CHECK(cudaMemcpyAsync(dst.data_ptr(), src.data_ptr(),
                                     static_cast<size_t>(n) * dst.element_size(),
                                     cudaMemcpyDeviceToDevice, 0));
    return;
  }
  const Offsets off = offsets_of({&dst, &src}, dst.sizes());
  visit_device_dtype(dst.scalar_type(), "copy_", [&]<class To>() {
    visit_device_dtype(src.scalar_type(), "copy_", [&]<class From>() {
      copy_strided<<<blocks_for(n), kThreads>>>(n, off, data_of<To>(dst), data_of<const From>(src));
      EMBER_CUDA_LAUNCHED();
    });
  });
}

void fill_kernel(const Tensor& dst, const Scalar& v) {
  const int64_t n = dst.numel();
  if (n == 0) return;
  DeviceGuard guard(device_index(dst));
  const Offsets off = offsets_of({&dst}, dst.sizes());
  visit_device_dtype(dst.scalar_type(), "fill_", [&]<class T>() {
    T value;
    if constexpr (std::is_same_v<T, __half> || std::is_same_v<T, __nv_bfloat16>) {
      value = cast<T>(v.to<float>());
    } else {
      value = v.to<T>();
    }
    fill_strided<<<blocks_for(n), kThreads>>>(n, off, data_of<T>(dst), value);
    EMBER_CUDA_LAUNCHED();
  });
}

void copy_between_devices(const Tensor& dst, const Tensor& src) {
  const size_t nbytes = static_cast<size_t>(dst.numel()) * dst.element_size();
  if (nbytes == 0) return;
  // Unified addressing tells the direction; the copy waits for the kernels before it, and the
  // host waits for the copy (PyTorch's to() and item() are synchronous too).
  EMBER_CUDA_CHECK(cudaMemcpy(dst.data_ptr(), src.data_ptr(), nbytes, cudaMemcpyDefault));
}

void synchronize(int8_t index) {
  DeviceGuard guard(index < 0 ? 0 : index);
  EMBER_CUDA_CHECK(cudaDeviceSynchronize());
}

}  // namespace ember::cuda_backend
