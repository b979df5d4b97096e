// Registers the CUDA backend with the core when libember_cuda.so is loaded (see
// src/core/backend_loader.h): its allocator and its kernel table. Every slot starts as the CPU
// kernel on host copies (src/cuda/fallback.h); the kernels with GPU code replace theirs.
#include "cuda/fallback.h"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

kernels::KernelTable make_table() {
  kernels::KernelTable t;
#define EMBER_UNPAREN(...) __VA_ARGS__
#define EMBER_CUDA_HOST_SLOT(name, ret, params, args, device)                   \
  t.name = [] params -> ret {                                                   \
    return OnHost<&kernels::KernelTable::name>::run(#name, EMBER_UNPAREN args); \
  };
  EMBER_KERNELS(EMBER_CUDA_HOST_SLOT)
#undef EMBER_CUDA_HOST_SLOT
#undef EMBER_UNPAREN
#define EMBER_CUDA_GPU_SLOT(name) t.name = &cuda_backend::name;
  // Copies, element-wise, reductions, softmax, gather/scatter, matrix products.
  EMBER_CUDA_GPU_SLOT(copy_kernel)
  EMBER_CUDA_GPU_SLOT(fill_kernel)
  EMBER_CUDA_GPU_SLOT(add_kernel)
  EMBER_CUDA_GPU_SLOT(mul_kernel)
  EMBER_CUDA_GPU_SLOT(div_true_kernel)
  EMBER_CUDA_GPU_SLOT(div_trunc_kernel)
  EMBER_CUDA_GPU_SLOT(div_floor_kernel)
  EMBER_CUDA_GPU_SLOT(remainder_kernel)
  EMBER_CUDA_GPU_SLOT(fmod_kernel)
  EMBER_CUDA_GPU_SLOT(pow_kernel)
  EMBER_CUDA_GPU_SLOT(pow_scalar_kernel)
  EMBER_CUDA_GPU_SLOT(maximum_kernel)
  EMBER_CUDA_GPU_SLOT(minimum_kernel)
  EMBER_CUDA_GPU_SLOT(atan2_kernel)
  EMBER_CUDA_GPU_SLOT(binary_math_kernel)
  EMBER_CUDA_GPU_SLOT(threshold_backward_kernel)
  EMBER_CUDA_GPU_SLOT(compare_kernel)
  EMBER_CUDA_GPU_SLOT(logical_kernel)
  EMBER_CUDA_GPU_SLOT(bitwise_kernel)
  EMBER_CUDA_GPU_SLOT(where_kernel)
  EMBER_CUDA_GPU_SLOT(clamp_kernel)
  EMBER_CUDA_GPU_SLOT(clamp_scalar_kernel)
  EMBER_CUDA_GPU_SLOT(lerp_kernel)
  EMBER_CUDA_GPU_SLOT(lerp_scalar_kernel)
  EMBER_CUDA_GPU_SLOT(unary_kernel)
  EMBER_CUDA_GPU_SLOT(predicate_kernel)
  EMBER_CUDA_GPU_SLOT(nan_to_num_kernel)
  EMBER_CUDA_GPU_SLOT(softmax_kernel)
  EMBER_CUDA_GPU_SLOT(sum_kernel)
  EMBER_CUDA_GPU_SLOT(prod_kernel)
  EMBER_CUDA_GPU_SLOT(mean_kernel)
  EMBER_CUDA_GPU_SLOT(max_kernel)
  EMBER_CUDA_GPU_SLOT(min_kernel)
  EMBER_CUDA_GPU_SLOT(all_kernel)
  EMBER_CUDA_GPU_SLOT(any_kernel)
  EMBER_CUDA_GPU_SLOT(gather_kernel)
  EMBER_CUDA_GPU_SLOT(scatter_kernel)
  EMBER_CUDA_GPU_SLOT(gemm_kernel)
#undef EMBER_CUDA_GPU_SLOT
  t.gemm_supports = &gemm_supports;
  t.copy_between_devices = &copy_between_devices;
  t.synchronize = &synchronize;
  return t;
}

const kernels::KernelTable kTable = make_table();

// Runs while the library loads.
const bool kRegistered = [] {
  register_device_allocator(DeviceType::CUDA, &device_allocator());
  kernels::register_backend(DeviceType::CUDA, &kTable);
  return true;
}();

}  // namespace

}  // namespace ember::cuda_backend
