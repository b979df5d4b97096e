#pragma once
// Element-wise CPU kernels. The op layer (src/ops/elementwise.h) prepares an ElementwiseArgs: an
// output and up to three inputs, all viewed with the output's shape (zero strides where they
// broadcast) and already converted to the kernel's input dtype. A kernel picks the C++ type for
// that dtype (or throws PyTorch's "not implemented" message) and runs its scalar function over
// the elements; nothing above this layer knows how the loop runs.
#include <array>
#include <cstdint>
#include <optional>

#include "ember/core/ArrayRef.h"
#include "ember/core/Scalar.h"
#include "ember/core/ScalarType.h"
#include "ember/core/Tensor.h"
#include "kernels/binary_math.h"
#include "kernels/types.h"

namespace ember::cpu {

using kernels::BinaryOp;
using kernels::BitwiseOp;
using kernels::CompareOp;
using kernels::ElementwiseArgs;
using kernels::LogicalOp;
using kernels::PredicateOp;
using kernels::UnaryOp;

// ---- binary: out = f(in0, in1), out_dtype == dtype unless stated --------------------------------
void add_kernel(const ElementwiseArgs& args, const Scalar& alpha);  // in0 + alpha * in1
void mul_kernel(const ElementwiseArgs& args);
void div_true_kernel(const ElementwiseArgs& args);
void div_trunc_kernel(const ElementwiseArgs& args);
void div_floor_kernel(const ElementwiseArgs& args);
void remainder_kernel(const ElementwiseArgs& args);
void fmod_kernel(const ElementwiseArgs& args);
void pow_kernel(const ElementwiseArgs& args);
void pow_scalar_kernel(const ElementwiseArgs& args, const Scalar& exponent);  // unary in0 ** e
void maximum_kernel(const ElementwiseArgs& args);
// in1 <= threshold ? 0 : in0 (the gradient of relu and threshold).
void threshold_backward_kernel(const ElementwiseArgs& args, const Scalar& threshold);
void minimum_kernel(const ElementwiseArgs& args);
void atan2_kernel(const ElementwiseArgs& args);
void binary_math_kernel(const ElementwiseArgs& args, BinaryOp op);

void compare_kernel(const ElementwiseArgs& args, CompareOp op);  // bool output
void logical_kernel(const ElementwiseArgs& args, LogicalOp op);  // bool output
void bitwise_kernel(const ElementwiseArgs& args, BitwiseOp op);

// ---- ternary ------------------------------------------------------------------------------------
void where_kernel(const ElementwiseArgs& args);  // in0 (bool) ? in1 : in2
void clamp_kernel(const ElementwiseArgs& args);  // in0 clamped to [in1, in2]
void clamp_scalar_kernel(const ElementwiseArgs& args, const std::optional<Scalar>& min,
                         const std::optional<Scalar>& max);
void lerp_kernel(const ElementwiseArgs& args);  // in0 + in2 * (in1 - in0)
void lerp_scalar_kernel(const ElementwiseArgs& args, const Scalar& weight);

// ---- unary --------------------------------------------------------------------------------------
void unary_kernel(const ElementwiseArgs& args, UnaryOp op);
void predicate_kernel(const ElementwiseArgs& args, PredicateOp op);  // bool output
void nan_to_num_kernel(const ElementwiseArgs& args, std::optional<double> nan,
                       std::optional<double> posinf, std::optional<double> neginf);

// ---- along a dimension --------------------------------------------------------------------------
// out (contiguous, same shape and dtype as in) = softmax or log_softmax of contiguous `in` over
// `dim`, viewed as [outer, dim_size, inner].
void softmax_kernel(const Tensor& out, const Tensor& in, int64_t outer, int64_t dim_size,
                    int64_t inner, bool log, bool last_dim);

}  // namespace ember::cpu
