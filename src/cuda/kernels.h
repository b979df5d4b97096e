#pragma once
// The CUDA backend's kernels, each with the signature of its entry in EMBER_KERNELS
// (src/kernels/table.h). Element-wise, copies, reductions, softmax, gather/scatter and matrix
// products run on the GPU (src/cuda/*.cu); the rest run the CPU kernel on a host copy of the
// operands (src/cuda/fallback.h), which gives the same results and costs two transfers.
#include "kernels/table.h"

namespace ember::cuda_backend {

using kernels::BinaryOp;
using kernels::BitwiseOp;
using kernels::CompareOp;
using kernels::Conv2dGeometry;
using kernels::ElementwiseArgs;
using kernels::IndexErrorStyle;
using kernels::LogicalOp;
using kernels::Pool2dGeometry;
using kernels::PredicateOp;
using kernels::UnaryOp;

// Every kernel of the list, declared with its table signature; only those with GPU code are
// defined (src/cuda/*.cu) and installed by src/cuda/backend.cpp, the others run on the host.
#define EMBER_CUDA_DECLARE(name, ret, params, args, device) ret name params;
EMBER_KERNELS(EMBER_CUDA_DECLARE)
#undef EMBER_CUDA_DECLARE

bool gemm_supports(ScalarType t);
void copy_between_devices(const Tensor& dst, const Tensor& src);
void synchronize(int8_t index);

// The memory functions registered with the core (src/cuda/allocator.cu).
const DeviceAllocator& device_allocator();
int64_t device_count() noexcept;

}  // namespace ember::cuda_backend
