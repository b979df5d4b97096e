#pragma once
// The CUDA backend's kernels, each with the signature of its entry in EMBER_KERNELS
// (src/kernels/table.h). Element-wise, copies, reductions, softmax, gather/scatter and matrix
// products run on the GPU (src/cuda/*.cu); the rest run the CPU kernel on a host copy of the
// operands (src/cuda/fallback.cpp), which gives the same results and costs two transfers.
#include "kernels/table.h"

namespace ember::cuda_backend {

using kernels::BitwiseOp;
using kernels::CompareOp;
using kernels::Conv2dGeometry;
using kernels::ElementwiseArgs;
using kernels::IndexErrorStyle;
using kernels::LogicalOp;
using kernels::Pool2dGeometry;
using kernels::PredicateOp;
using kernels::UnaryOp;

// The kernels with GPU code (the others run on the host: src/cuda/fallback.h).
void copy_kernel(const Tensor& dst, const Tensor& src);
void fill_kernel(const Tensor& dst, const Scalar& v);
void add_kernel(const ElementwiseArgs& a, const Scalar& alpha);
void mul_kernel(const ElementwiseArgs& a);
void div_true_kernel(const ElementwiseArgs& a);
void div_trunc_kernel(const ElementwiseArgs& a);
void div_floor_kernel(const ElementwiseArgs& a);
void remainder_kernel(const ElementwiseArgs& a);
void fmod_kernel(const ElementwiseArgs& a);
void pow_kernel(const ElementwiseArgs& a);
void pow_scalar_kernel(const ElementwiseArgs& a, const Scalar& e);
void maximum_kernel(const ElementwiseArgs& a);
void minimum_kernel(const ElementwiseArgs& a);
void atan2_kernel(const ElementwiseArgs& a);
void threshold_backward_kernel(const ElementwiseArgs& a, const Scalar& t);
void compare_kernel(const ElementwiseArgs& a, CompareOp op);
void logical_kernel(const ElementwiseArgs& a, LogicalOp op);
void bitwise_kernel(const ElementwiseArgs& a, BitwiseOp op);
void where_kernel(const ElementwiseArgs& a);
void clamp_kernel(const ElementwiseArgs& a);
void clamp_scalar_kernel(const ElementwiseArgs& a, const std::optional<Scalar>& lo,
                         const std::optional<Scalar>& hi);
void lerp_kernel(const ElementwiseArgs& a);
void lerp_scalar_kernel(const ElementwiseArgs& a, const Scalar& w);
void unary_kernel(const ElementwiseArgs& a, UnaryOp op);
void predicate_kernel(const ElementwiseArgs& a, PredicateOp op);
void nan_to_num_kernel(const ElementwiseArgs& a, std::optional<double> nan,
                       std::optional<double> posinf, std::optional<double> neginf);
void softmax_kernel(const Tensor& out, const Tensor& in, int64_t outer, int64_t dim_size,
                    int64_t inner, bool log, bool last_dim);
void sum_kernel(const Tensor& out, const Tensor& in);
void prod_kernel(const Tensor& out, const Tensor& in);
void mean_kernel(const Tensor& out, const Tensor& in);
void max_kernel(const Tensor& out, const Tensor& in);
void min_kernel(const Tensor& out, const Tensor& in);
void all_kernel(const Tensor& out, const Tensor& in);
void any_kernel(const Tensor& out, const Tensor& in);
void gather_kernel(const Tensor& dst, const Tensor& src_view, const Tensor& index, int64_t stride,
                   int64_t size, int64_t dim, IndexErrorStyle style);
void scatter_kernel(const Tensor& dst_view, const Tensor& src, const Tensor& index, int64_t stride,
                    int64_t size, int64_t dim, IndexErrorStyle style);
void gemm_kernel(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                 const Scalar& alpha);

bool gemm_supports(ScalarType t);
void copy_between_devices(const Tensor& dst, const Tensor& src);
void synchronize(int8_t index);

// The memory functions registered with the core (src/cuda/allocator.cu).
const DeviceAllocator& device_allocator();
int64_t device_count() noexcept;

}  // namespace ember::cuda_backend
