#include "cuda/common.cuh"

namespace ember::cuda_backend {

void throw_cuda_error(cudaError_t err, const char* what) {
  cudaGetLastError();  // clears a sticky launch error so that the next call starts clean
  detail::fail<>("CUDA error: ", cudaGetErrorString(err), " (", what, ")");
}

DeviceGuard::DeviceGuard(int index) {
  EMBER_CUDA_CHECK(cudaGetDevice(&previous_));
  if (previous_ != index) {
    EMBER_CUDA_CHECK(cudaSetDevice(index));
    changed_ = true;
  }
}
DeviceGuard::~DeviceGuard() {
  if (changed_) cudaSetDevice(previous_);
}

void check_dims(int64_t ndim) {
  EMBER_CHECK(ndim <= kMaxDims, "CUDA kernels take tensors of at most ", kMaxDims,
              " dimensions, got ", ndim);
}

}  // namespace ember::cuda_backend
