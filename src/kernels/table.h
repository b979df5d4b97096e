#pragma once
// The kernels every device backend provides, listed once. The op layer calls
// kernels::add_kernel(args, alpha) and the like; each call goes to the backend of the device its
// first operand lives on. The CPU backend (src/cpu/backend.cpp) is built in; the CUDA backend
// (src/cuda/, its own library libember_cuda.so) is loaded the first time a CUDA device is asked
// for, and registers its table then (src/core/backend_loader.h). Operands of one call are on one
// device: the op layer checks that before it calls.
//
// Adding a kernel: one line in EMBER_KERNELS, its CPU function in src/cpu/ with the same
// signature, its CUDA function in src/cuda/.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"
#include "ember/core/host_lock.h"
#include "kernels/binary_math.h"
#include "kernels/types.h"

namespace ember::kernels {

// X(name, return type, (parameters), (arguments), device of the call)
#define EMBER_KERNELS(X)                                                                           \
  /* copies and fills (src/cpu/copy.cpp): same device; copy converts dtype and broadcasts */       \
  X(copy_kernel, void, (const Tensor& dst, const Tensor& src), (dst, src), dst.device())           \
  X(fill_kernel, void, (const Tensor& dst, const Scalar& v), (dst, v), dst.device())               \
  /* element-wise (src/cpu/elementwise_kernels.h) */                                               \
  X(add_kernel, void, (const ElementwiseArgs& a, const Scalar& alpha), (a, alpha), a.device)       \
  X(mul_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                   \
  X(div_true_kernel, void, (const ElementwiseArgs& a), (a), a.device)                              \
  X(div_trunc_kernel, void, (const ElementwiseArgs& a), (a), a.device)                             \
  X(div_floor_kernel, void, (const ElementwiseArgs& a), (a), a.device)                             \
  X(remainder_kernel, void, (const ElementwiseArgs& a), (a), a.device)                             \
  X(fmod_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                  \
  X(pow_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                   \
  X(pow_scalar_kernel, void, (const ElementwiseArgs& a, const Scalar& e), (a, e), a.device)        \
  X(maximum_kernel, void, (const ElementwiseArgs& a), (a), a.device)                               \
  X(minimum_kernel, void, (const ElementwiseArgs& a), (a), a.device)                               \
  X(atan2_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                 \
  X(binary_math_kernel, void, (const ElementwiseArgs& a, BinaryOp op), (a, op), a.device)          \
  X(threshold_backward_kernel, void, (const ElementwiseArgs& a, const Scalar& t), (a, t),          \
    a.device)                                                                                      \
  X(compare_kernel, void, (const ElementwiseArgs& a, CompareOp op), (a, op), a.device)             \
  X(logical_kernel, void, (const ElementwiseArgs& a, LogicalOp op), (a, op), a.device)             \
  X(bitwise_kernel, void, (const ElementwiseArgs& a, BitwiseOp op), (a, op), a.device)             \
  X(where_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                 \
  X(clamp_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                 \
  X(clamp_scalar_kernel, void,                                                                     \
    (const ElementwiseArgs& a, const std::optional<Scalar>& lo, const std::optional<Scalar>& hi),  \
    (a, lo, hi), a.device)                                                                         \
  X(lerp_kernel, void, (const ElementwiseArgs& a), (a), a.device)                                  \
  X(lerp_scalar_kernel, void, (const ElementwiseArgs& a, const Scalar& w), (a, w), a.device)       \
  X(unary_kernel, void, (const ElementwiseArgs& a, UnaryOp op), (a, op), a.device)                 \
  X(predicate_kernel, void, (const ElementwiseArgs& a, PredicateOp op), (a, op), a.device)         \
  X(nan_to_num_kernel, void,                                                                       \
    (const ElementwiseArgs& a, std::optional<double> nan, std::optional<double> posinf,            \
     std::optional<double> neginf),                                                                \
    (a, nan, posinf, neginf), a.device)                                                            \
  X(softmax_kernel, void,                                                                          \
    (const Tensor& out, const Tensor& in, int64_t outer, int64_t dim_size, int64_t inner,          \
     bool log, bool last_dim),                                                                     \
    (out, in, outer, dim_size, inner, log, last_dim), out.device())                                \
  /* reductions, scans, sorting (src/cpu/reduce_kernels.h) */                                      \
  X(sum_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())              \
  X(prod_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())             \
  X(mean_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())             \
  X(max_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())              \
  X(min_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())              \
  X(all_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())              \
  X(any_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())              \
  X(norm_kernel, void, (const Tensor& out, const Tensor& in, double p), (out, in, p),              \
    out.device())                                                                                  \
  X(logsumexp_kernel, void, (const Tensor& out, const Tensor& in), (out, in), out.device())        \
  X(var_mean_kernel, void,                                                                         \
    (const Tensor& var, const Tensor& mean, const Tensor& in, int64_t correction, bool take_sqrt), \
    (var, mean, in, correction, take_sqrt), in.device())                                           \
  X(argmax_kernel, void, (const Tensor& values, const Tensor& indices, const Tensor& in),          \
    (values, indices, in), in.device())                                                            \
  X(argmin_kernel, void, (const Tensor& values, const Tensor& indices, const Tensor& in),          \
    (values, indices, in), in.device())                                                            \
  X(cumsum_kernel, void, (const Tensor& out, const Tensor& in, int64_t dim), (out, in, dim),       \
    out.device())                                                                                  \
  X(cumprod_kernel, void, (const Tensor& out, const Tensor& in, int64_t dim), (out, in, dim),      \
    out.device())                                                                                  \
  X(sort_kernel, void,                                                                             \
    (const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim, bool descending,  \
     bool stable),                                                                                 \
    (values, indices, in, dim, descending, stable), in.device())                                   \
  X(topk_kernel, void,                                                                             \
    (const Tensor& values, const Tensor& indices, const Tensor& in, int64_t k, int64_t dim,        \
     bool largest, bool sorted),                                                                   \
    (values, indices, in, k, dim, largest, sorted), in.device())                                   \
  X(allclose_kernel, bool,                                                                         \
    (const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan),                  \
    (a, b, rtol, atol, equal_nan), a.device())                                                     \
  X(equal_kernel, bool, (const Tensor& a, const Tensor& b), (a, b), a.device())                    \
  /* indexing (src/cpu/index_kernels.h) */                                                         \
  X(gather_kernel, void,                                                                           \
    (const Tensor& dst, const Tensor& src_view, const Tensor& index, int64_t stride, int64_t size, \
     int64_t dim, IndexErrorStyle style),                                                          \
    (dst, src_view, index, stride, size, dim, style), dst.device())                                \
  X(scatter_kernel, void,                                                                          \
    (const Tensor& dst_view, const Tensor& src, const Tensor& index, int64_t stride, int64_t size, \
     int64_t dim, IndexErrorStyle style),                                                          \
    (dst_view, src, index, stride, size, dim, style), dst_view.device())                           \
  X(index_offsets_kernel, void,                                                                    \
    (const Tensor& offsets, const std::vector<Tensor>& indices, const std::vector<int64_t>& sizes, \
     const std::vector<int64_t>& strides),                                                         \
    (offsets, indices, sizes, strides), offsets.device())                                          \
  X(remap_kernel, void,                                                                            \
    (const Tensor& dst, const Tensor& src, const std::vector<std::vector<int64_t>>& maps),         \
    (dst, src, maps), dst.device())                                                                \
  X(triangle_kernel, void, (const Tensor& dst, const Tensor& src, int64_t k, bool upper),          \
    (dst, src, k, upper), dst.device())                                                            \
  X(masked_fill_kernel, void, (const Tensor& self, const Tensor& mask, const Tensor& value),       \
    (self, mask, value), self.device())                                                            \
  X(count_nonzero_kernel, int64_t, (const Tensor& t), (t), t.device())                             \
  X(masked_select_kernel, void, (const Tensor& dst, const Tensor& src, const Tensor& mask),        \
    (dst, src, mask), dst.device())                                                                \
  X(nonzero_kernel, void, (const Tensor& dst, const Tensor& src), (dst, src), dst.device())        \
  /* matrix products (src/cpu/gemm_kernels.h) */                                                   \
  X(gemm_kernel, void,                                                                             \
    (const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,                      \
     const Scalar& alpha),                                                                         \
    (out, a, b, beta, alpha), out.device())                                                        \
  X(outer_kernel, void, (const Tensor& out, const Tensor& a, const Tensor& b), (out, a, b),        \
    out.device())                                                                                  \
  X(scale_kernel, void, (const Tensor& out, const Scalar& beta), (out, beta), out.device())        \
  /* convolution and pooling (src/cpu/conv_kernels.h) */                                           \
  X(conv2d_forward_kernel, void,                                                                   \
    (const Tensor& out, const Tensor& input, const Tensor& weight, const Tensor& bias,             \
     const Conv2dGeometry& g),                                                                     \
    (out, input, weight, bias, g), out.device())                                                   \
  X(conv2d_backward_kernel, void,                                                                  \
    (const Tensor& grad_output, const Tensor& input, const Tensor& weight,                         \
     const Tensor& grad_input, const Tensor& grad_weight, const Tensor& grad_bias,                 \
     const Conv2dGeometry& g),                                                                     \
    (grad_output, input, weight, grad_input, grad_weight, grad_bias, g), grad_output.device())     \
  X(max_pool2d_kernel, void,                                                                       \
    (const Tensor& out, const Tensor& indices, const Tensor& input, const Pool2dGeometry& g),      \
    (out, indices, input, g), out.device())                                                        \
  X(max_pool2d_backward_kernel, void,                                                              \
    (const Tensor& grad_input, const Tensor& grad_output, const Tensor& indices,                   \
     const Pool2dGeometry& g),                                                                     \
    (grad_input, grad_output, indices, g), grad_input.device())                                    \
  X(avg_pool2d_kernel, void,                                                                       \
    (const Tensor& out, const Tensor& input, const Pool2dGeometry& g, bool count_include_pad,      \
     std::optional<int64_t> divisor_override),                                                     \
    (out, input, g, count_include_pad, divisor_override), out.device())                            \
  X(avg_pool2d_backward_kernel, void,                                                              \
    (const Tensor& grad_input, const Tensor& grad_output, const Pool2dGeometry& g,                 \
     bool count_include_pad, std::optional<int64_t> divisor_override),                             \
    (grad_input, grad_output, g, count_include_pad, divisor_override), grad_input.device())        \
  X(adaptive_avg_pool2d_kernel, void,                                                              \
    (const Tensor& out, const Tensor& input, const Pool2dGeometry& g), (out, input, g),            \
    out.device())                                                                                  \
  X(adaptive_avg_pool2d_backward_kernel, void,                                                     \
    (const Tensor& grad_input, const Tensor& grad_output, const Pool2dGeometry& g),                \
    (grad_input, grad_output, g), grad_input.device())

// One device's kernels: a function pointer per entry of EMBER_KERNELS, plus what is not an op.
struct KernelTable {
#define EMBER_KERNEL_SLOT(name, ret, params, args, device) ret(*name) params = nullptr;
  EMBER_KERNELS(EMBER_KERNEL_SLOT)
#undef EMBER_KERNEL_SLOT
  // Whether gemm_kernel computes products in dtype t.
  bool (*gemm_supports)(ScalarType t) = nullptr;
  // dst = src between this device and the CPU (either way) or two of this device's GPUs: same
  // dtype, same shape, both contiguous. Waits until the bytes are there (as PyTorch's to()).
  void (*copy_between_devices)(const Tensor& dst, const Tensor& src) = nullptr;
  // Waits for every kernel queued on the device.
  void (*synchronize)(int8_t index) = nullptr;
};

// The CPU's table (src/cpu/backend.cpp), constant-initialised.
extern const KernelTable cpu_backend;
// Installs a device's table (CUDA's, when its library loads).
void register_backend(DeviceType type, const KernelTable* table);
// The table of a non-CPU device; loads its backend on first use, and throws "ember not compiled
// with CUDA enabled" where there is none.
const KernelTable& device_backend(Device device);
inline const KernelTable& on(Device device) {
  return device.is_cpu() ? cpu_backend : device_backend(device);
}

// Throws PyTorch's "Expected all tensors to be on the same device, but found at least two
// devices, cuda:0 and cpu!" when two operands of one kernel call live on different devices.
[[noreturn]] void throw_device_mismatch(Device a, Device b);

namespace detail {
struct DeviceSeen {
  Device first = Device(DeviceType::CPU);
  bool any = false;
};
inline void note_device(DeviceSeen&, const ElementwiseArgs&) {}
inline void note_device(DeviceSeen& seen, const Tensor& t) {
  if (!t.defined()) return;
  const Device d = t.unsafeGetTensorImpl()->device();
  if (!seen.any) {
    seen = {d, true};
  } else if (seen.first != d) {
    throw_device_mismatch(seen.first, d);
  }
}
inline void note_device(DeviceSeen& seen, const std::vector<Tensor>& ts) {
  for (const Tensor& t : ts) note_device(seen, t);
}
template <class T>
inline void note_device(DeviceSeen&, const T&) {}  // sizes, flags, scalars, geometry
template <class... A>
inline void check_same_device(const A&... args) {
  DeviceSeen seen;
  (note_device(seen, args), ...);
}

// The size of a call's work: its largest operand's element count.
inline int64_t elements_of(const ElementwiseArgs& a) { return a.numel; }
inline int64_t elements_of(const Tensor& t) { return t.defined() ? t.numel() : 0; }
inline int64_t elements_of(const std::vector<Tensor>& ts) {
  int64_t n = 0;
  for (const Tensor& t : ts) n = std::max(n, elements_of(t));
  return n;
}
template <class T>
inline int64_t elements_of(const T&) {
  return 0;
}
template <class... A>
inline int64_t work_of(const A&... args) {
  int64_t n = 0;
  ((n = std::max(n, elements_of(args))), ...);
  return n;
}
}  // namespace detail

// Kernels run with the host's lock (Python's GIL) released, the smallest excepted: other threads
// of the host run meanwhile (ember/core/host_lock.h).
#define EMBER_KERNEL_CALL(name, ret, params, args, device)    \
  inline ret name params {                                    \
    detail::check_same_device args;                           \
    const KernelTable& table = on(device);                    \
    const HostLockRelease release_host(detail::work_of args); \
    return table.name args;                                   \
  }
EMBER_KERNELS(EMBER_KERNEL_CALL)
#undef EMBER_KERNEL_CALL

inline bool gemm_supports(Device device, ScalarType t) { return on(device).gemm_supports(t); }

}  // namespace ember::kernels
