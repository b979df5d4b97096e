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

namespace ember::cpu {

struct ElementwiseArgs {
  static constexpr int kMaxInputs = 3;

  DimVector shape;
  int ninputs = 0;
  ScalarType dtype = ScalarType::Undefined;      // the dtype of the inputs (the compute dtype)
  ScalarType out_dtype = ScalarType::Undefined;  // the output's dtype
  char* out = nullptr;
  DimVector out_strides;  // in elements
  std::array<const char*, kMaxInputs> in{};
  std::array<DimVector, kMaxInputs> in_strides;  // in elements, zero where broadcast
  std::array<ScalarType, kMaxInputs> in_dtype{};
  // One-element inputs are held here by value (with zero strides), in their input dtype.
  alignas(8) std::array<std::array<char, 8>, kMaxInputs> scalar{};
  bool flat = false;  // every operand is contiguous or a single value: one run of numel
  int64_t numel = 0;
};

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

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };
void compare_kernel(const ElementwiseArgs& args, CompareOp op);  // bool output
enum class LogicalOp { And, Or, Xor };
void logical_kernel(const ElementwiseArgs& args, LogicalOp op);  // bool output
enum class BitwiseOp { And, Or, Xor };
void bitwise_kernel(const ElementwiseArgs& args, BitwiseOp op);

// ---- ternary ------------------------------------------------------------------------------------
void where_kernel(const ElementwiseArgs& args);  // in0 (bool) ? in1 : in2
void clamp_kernel(const ElementwiseArgs& args);  // in0 clamped to [in1, in2]
void clamp_scalar_kernel(const ElementwiseArgs& args, const std::optional<Scalar>& min,
                         const std::optional<Scalar>& max);
void lerp_kernel(const ElementwiseArgs& args);  // in0 + in2 * (in1 - in0)
void lerp_scalar_kernel(const ElementwiseArgs& args, const Scalar& weight);

// ---- unary --------------------------------------------------------------------------------------
enum class UnaryOp {
  Neg,
  Abs,
  Sign,
  Exp,
  Exp2,
  Expm1,
  Log,
  Log2,
  Log10,
  Log1p,
  Sqrt,
  Rsqrt,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Sigmoid,
  Gelu,
  GeluTanh,
  Silu,
  Erf,
  Floor,
  Ceil,
  Round,
  Trunc,
  Frac,
  Reciprocal,
  BitwiseNot
};
void unary_kernel(const ElementwiseArgs& args, UnaryOp op);
enum class PredicateOp { IsNan, IsInf, IsFinite, LogicalNot };
void predicate_kernel(const ElementwiseArgs& args, PredicateOp op);  // bool output
void nan_to_num_kernel(const ElementwiseArgs& args, std::optional<double> nan,
                       std::optional<double> posinf, std::optional<double> neginf);

// ---- along a dimension --------------------------------------------------------------------------
// out (contiguous, same shape and dtype as in) = softmax or log_softmax of contiguous `in` over
// `dim`, viewed as [outer, dim_size, inner].
void softmax_kernel(void* out, const void* in, ScalarType dtype, int64_t outer, int64_t dim_size,
                    int64_t inner, bool log, bool last_dim);

}  // namespace ember::cpu
