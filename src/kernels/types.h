#pragma once
// The argument types shared by every device's kernels (src/cpu/, src/cuda/): what the op layer
// prepares and a backend consumes. Nothing here knows how a device loops.
#include <array>
#include <cstdint>

#include "ember/core/ArrayRef.h"
#include "ember/core/Device.h"
#include "ember/core/ScalarType.h"

namespace ember::kernels {

// Element-wise kernels get an output and up to three inputs, all viewed with the output's shape
// (zero strides where they broadcast) and already converted to the kernel's input dtype.
struct ElementwiseArgs {
  static constexpr int kMaxInputs = 3;

  Device device = Device(DeviceType::CPU);  // where every operand lives

  DimVector shape;
  int ninputs = 0;
  ScalarType dtype = ScalarType::Undefined;      // the dtype of the inputs (the compute dtype)
  ScalarType out_dtype = ScalarType::Undefined;  // the output's dtype
  char* out = nullptr;
  DimVector out_strides;  // in elements
  std::array<const char*, kMaxInputs> in{};
  std::array<DimVector, kMaxInputs> in_strides;  // in elements, zero where broadcast
  std::array<ScalarType, kMaxInputs> in_dtype{};
  // One-element inputs are held here by value (with zero strides), in their input dtype; then
  // in[k] points at scalar[k] (host memory: a device backend passes the value, not the pointer).
  alignas(8) std::array<std::array<char, 8>, kMaxInputs> scalar{};
  bool flat = false;  // every operand is contiguous or a single value: one run of numel
  int64_t numel = 0;
};

// Sets of dtypes (bits of ScalarType): what a kernel accepts on a device.
constexpr uint32_t dtype_bit(ScalarType t) { return 1u << static_cast<int>(t); }
inline constexpr uint32_t kIntegralTypes =
    dtype_bit(kByte) | dtype_bit(kChar) | dtype_bit(kShort) | dtype_bit(kInt) | dtype_bit(kLong);
inline constexpr uint32_t kFloatTypes =
    dtype_bit(kHalf) | dtype_bit(kBFloat16) | dtype_bit(kFloat) | dtype_bit(kDouble);
inline constexpr uint32_t kAllTypes = kIntegralTypes | kFloatTypes | dtype_bit(kBool);
// The floating dtypes PyTorch 1.13's CPU kernels have for most math functions (no Half).
inline constexpr uint32_t kMathTypes = kFloatTypes & ~dtype_bit(kHalf);

enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };

enum class LogicalOp { And, Or, Xor };

enum class BitwiseOp { And, Or, Xor };

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

enum class PredicateOp { IsNan, IsInf, IsFinite, LogicalNot };

// How an out-of-range index is reported.
enum class IndexErrorStyle {
  Bounds,       // Error "index 5 is out of bounds for dimension 1 with size 4" (also for -1)
  IndexSelect,  // IndexError "index out of range in self" (negative indices are errors too)
  None,         // offsets already checked
};

// The sizes of one convolution: input (batch, in_channels, in_h, in_w), weight
// (out_channels, in_channels / groups, kernel_h, kernel_w), output (batch, out_channels, out_h,
// out_w).
struct Conv2dGeometry {
  int64_t batch = 0, in_channels = 0, in_h = 0, in_w = 0;
  int64_t out_channels = 0, kernel_h = 0, kernel_w = 0;
  int64_t out_h = 0, out_w = 0;
  int64_t stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0, dilation_h = 1, dilation_w = 1;
  int64_t groups = 1;
};

// The sizes of one pooling over `planes` independent (h, w) planes (batch * channels).
struct Pool2dGeometry {
  int64_t planes = 0, in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  int64_t kernel_h = 1, kernel_w = 1, stride_h = 1, stride_w = 1, pad_h = 0, pad_w = 0;
  int64_t dilation_h = 1, dilation_w = 1;
};

}  // namespace ember::kernels
