#include "ember/ops/creation.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "core/wrapping.h"
#include "ember/core/promote.h"

namespace ember {

namespace detail {
Tensor make_tensor(IntArrayRef sizes, ScalarType dtype, Device device) {
  // PyTorch's empty: the sizes, the bytes they need, then the allocation (its messages).
  const size_t nbytes = storage_nbytes(sizes, static_cast<size_t>(element_size(dtype)));
  auto storage = StorageImpl::allocate(nbytes, device);
  return Tensor(make_intrusive<TensorImpl>(std::move(storage), dtype, sizes));
}

void check_size_like(const Tensor& self, ScalarType dtype) {
  // PyTorch's empty_like checks the strides it would give the result (contiguous ones, for the
  // tensors whose size can overflow: those expanded from a smaller one).
  (void)storage_nbytes(self.sizes(), contiguous_strides(self.sizes()),
                       static_cast<size_t>(element_size(dtype)));
}

Tensor make_tensor_like(const Tensor& self, ScalarType dtype, Device device) {
  check_size_like(self, dtype);
  return make_tensor(self.sizes(), dtype, device);
}

Tensor wrapped_scalar_tensor(const Scalar& s) {
  const ScalarType dt = s.isFloatingPoint() ? kDouble : s.isBoolean() ? kBool : kLong;
  Tensor t = make_tensor({}, dt, Device(kCPU));
  fill_raw(t, s);
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

Tensor finish_creation(Tensor t, const TensorOptions& options) {
  if (options.requires_grad()) {
    EMBER_CHECK(t.is_floating_point(),
                "Only Tensors of floating point and complex dtype can require gradients");
    t.unsafeGetTensorImpl()->set_requires_grad(true);
  }
  return t;
}
}  // namespace detail

// ---- tensor() --------------------------------------------------------------------------------

TensorDataContainer::TensorDataContainer(const std::vector<bool>& values)
    : kind_(Kind::Tensor), type_(kBool) {
  tensor_ = detail::make_tensor({static_cast<int64_t>(values.size())}, kBool, Device(kCPU));
  auto* d = static_cast<bool*>(tensor_.data_ptr());
  for (size_t i = 0; i < values.size(); ++i) d[i] = values[i];
}

namespace {

using Container = TensorDataContainer;

// Sizes as Python infers them: the length of each first element down to a scalar.
DimVector infer_sizes(const Container& c) {
  DimVector sizes;
  const Container* cur = &c;
  while (cur->kind() == Container::Kind::List) {
    sizes.push_back(static_cast<int64_t>(cur->list().size()));
    if (cur->list().size() == 0) return sizes;
    cur = cur->list().begin();
  }
  if (cur->kind() == Container::Kind::Tensor) {
    for (int64_t s : cur->values().sizes()) sizes.push_back(s);
  }
  return sizes;
}

// Checks the nesting against sizes (Python's messages) and computes the promoted dtype.
void check_and_infer(const Container& c, IntArrayRef sizes, size_t depth, ScalarType& dtype,
                     bool& any_leaf) {
  if (depth == sizes.size()) {
    EMBER_CHECK_T(TypeError, c.kind() == Container::Kind::Scalar,
                  "'list' object cannot be interpreted as an integer");
    dtype = any_leaf ? promote_types(dtype, c.leaf_type()) : c.leaf_type();
    any_leaf = true;
    return;
  }
  if (c.kind() == Container::Kind::Tensor) {
    IntArrayRef vs = c.values().sizes();
    int64_t got = vs.empty() ? 0 : vs[0];
    EMBER_CHECK_T(ValueError, sizes.size() - depth == 1 && got == sizes[depth],
                  "expected sequence of length ", sizes[depth], " at dim ", depth, " (got ", got,
                  ")");
    dtype = any_leaf ? promote_types(dtype, c.leaf_type()) : c.leaf_type();
    any_leaf = true;
    return;
  }
  EMBER_CHECK_T(TypeError, c.kind() == Container::Kind::List, "not a sequence");
  const auto n = static_cast<int64_t>(c.list().size());
  EMBER_CHECK_T(ValueError, n == sizes[depth], "expected sequence of length ", sizes[depth],
                " at dim ", depth, " (got ", n, ")");
  for (const Container& e : c.list()) check_and_infer(e, sizes, depth + 1, dtype, any_leaf);
}

template <class T>
void fill_values(const Container& c, T*& out) {
  switch (c.kind()) {
    case Container::Kind::Scalar:
      *out++ = c.scalar().to<T>();
      return;
    case Container::Kind::Tensor: {
      Tensor v = c.values().to(Device(kCPU), scalar_type_of<T>);
      const T* src = static_cast<const T*>(v.data_ptr());
      out = std::copy(src, src + v.numel(), out);
      return;
    }
    case Container::Kind::List:
      for (const Container& e : c.list()) fill_values(e, out);
      return;
  }
}

}  // namespace

Tensor tensor(const TensorDataContainer& data, const TensorOptions& options) {
  DimVector sizes = infer_sizes(data);
  ScalarType inferred = get_default_dtype();  // an empty list gives the default dtype
  bool any_leaf = false;
  check_and_infer(data, sizes, 0, inferred, any_leaf);
  const ScalarType dt = options.has_dtype() ? options.dtype() : inferred;
  check_device_available(options.device());
  Tensor result = detail::make_tensor(sizes, dt, Device(kCPU));
  visit_dtype(dt, [&]<class T>() {
    T* out = static_cast<T*>(result.data_ptr());
    fill_values(data, out);
  });
  if (!options.device().is_cpu()) result = result.to(options.device());
  return detail::finish_creation(std::move(result), options);
}

// ---- from_blob -------------------------------------------------------------------------------

Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides,
                 const std::function<void(void*)>& deleter, const TensorOptions& options) {
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  const ScalarType dt = options.dtype();
  check_size_nonnegative(sizes);  // as PyTorch's from_blob (the strided size would not)
  const size_t nbytes = storage_nbytes(sizes, strides, static_cast<size_t>(element_size(dt)));
  auto storage = StorageImpl::borrow(data, nbytes, options.device(), deleter);
  return detail::finish_creation(
      Tensor(make_intrusive<TensorImpl>(std::move(storage), dt, sizes, strides, 0)), options);
}
Tensor from_blob(void* data, IntArrayRef sizes, const std::function<void(void*)>& deleter,
                 const TensorOptions& options) {
  return from_blob(data, sizes, contiguous_strides(sizes), deleter, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, IntArrayRef strides, const TensorOptions& options) {
  return from_blob(data, sizes, strides, {}, options);
}
Tensor from_blob(void* data, IntArrayRef sizes, const TensorOptions& options) {
  return from_blob(data, sizes, contiguous_strides(sizes), {}, options);
}

// ---- From a shape ----------------------------------------------------------------------------

namespace {
// PyTorch's range kernels (the AVX2 build Debian ships) fill a contiguous output in blocks of
// two 32-byte vectors, each vector from one base value: element j of the vector starting at i is
// block(i, j); the tail is filled one element at a time with scalar(i). The base and scalar values
// come from fused multiply-adds (the compiler contracts them there); the vector lanes are fused in
// arange and not in linspace, as PyTorch's build compiled them. Reproducing this
// gives PyTorch's last bits (checked against it in tests/core).
template <class T, class Scalar, class Block>
void fill_blocked(T* out, int64_t n, Scalar scalar, Block block) {
  constexpr int64_t kWidth = 32 / sizeof(T);
  int64_t i = 0;
  for (; i + 2 * kWidth <= n; i += 2 * kWidth) {
    for (int64_t j = 0; j < kWidth; ++j) out[i + j] = block(i, j);
    for (int64_t j = 0; j < kWidth; ++j) out[i + kWidth + j] = block(i + kWidth, j);
  }
  for (; i < n; ++i) out[i] = scalar(i);
}
}  // namespace

Tensor empty(IntArrayRef size, const TensorOptions& options) {
  return detail::finish_creation(detail::make_tensor(size, options.dtype(), options.device()),
                                 options);
}

Tensor full(IntArrayRef size, const Scalar& fill_value, const TensorOptions& options) {
  ScalarType dt = options.has_dtype()            ? options.dtype()
                  : fill_value.isBoolean()       ? kBool
                  : fill_value.isIntegral(false) ? kLong
                                                 : get_default_dtype();
  Tensor t = detail::make_tensor(size, dt, options.device());
  detail::fill_raw(t, fill_value);
  return detail::finish_creation(std::move(t), options);
}

Tensor zeros(IntArrayRef size, const TensorOptions& options) {
  Tensor t = detail::make_tensor(size, options.dtype(), options.device());
  if (t.device().is_cpu()) {
    // Zero bytes are zero in every dtype (IEEE +0.0, integer 0, false).
    std::memset(t.data_ptr(), 0, static_cast<size_t>(t.numel()) * element_size(t.scalar_type()));
  } else {
    detail::fill_raw(t, 0);
  }
  return detail::finish_creation(std::move(t), options);
}

Tensor ones(IntArrayRef size, const TensorOptions& options) {
  Tensor t = detail::make_tensor(size, options.dtype(), options.device());
  detail::fill_raw(t, 1);
  return detail::finish_creation(std::move(t), options);
}

Tensor arange(const Scalar& end, const TensorOptions& options) {
  return arange(0, end, 1, options);
}
Tensor arange(const Scalar& start, const Scalar& end, const TensorOptions& options) {
  return arange(start, end, 1, options);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              const TensorOptions& options) {
  const bool floating = start.isFloatingPoint() || end.isFloatingPoint() || step.isFloatingPoint();
  const ScalarType dt =
      options.has_dtype() ? options.dtype() : (floating ? get_default_dtype() : kLong);
  EMBER_CHECK(dt != kBool, "\"arange_cpu\" not implemented for 'Bool'");
  Tensor result;
  // Values are start + i * step in the accumulate type (double for floats, int64 for integers).
  auto build = [&]<class Acc>() {
    const Acc xstart = start.to<Acc>(), xend = end.to<Acc>(), xstep = step.to<Acc>();
    EMBER_CHECK(xstep > 0 || xstep < 0, "step must be nonzero");
    EMBER_CHECK(
        std::isfinite(static_cast<double>(xstart)) && std::isfinite(static_cast<double>(xend)),
        "unsupported range: ", start, " -> ", end);
    EMBER_CHECK((xstep > 0 && xend >= xstart) || (xstep < 0 && xend <= xstart),
                "upper bound and larger bound inconsistent with step sign");
    double size_d;
    if constexpr (std::is_same_v<Acc, int64_t>) {
      // In int64 as PyTorch: a difference past int64 wraps to the other sign (no elements, or
      // "invalid size").
      size_d =
          std::ceil(static_cast<double>(wrapping::sub(xend, xstart)) / static_cast<double>(xstep));
    } else {
      size_d = std::ceil((end.toDouble() - start.toDouble()) / step.toDouble());
    }
    // 2^63 itself is refused too: PyTorch lets it through (its bound rounds up to it in double)
    // and the conversion to int64 overflows.
    EMBER_CHECK(size_d >= 0 && size_d < 0x1p63, "invalid size, possible overflow?");
    const auto n = static_cast<int64_t>(size_d);
    result = detail::make_tensor({n}, dt, Device(kCPU));  // written here, then moved
    visit_dtype(dt, [&]<class T>() {
      T* out = static_cast<T*>(result.data_ptr());
      if constexpr (std::is_floating_point_v<T>) {
        fill_blocked<T>(
            out, n, [&](int64_t i) { return static_cast<T>(std::fma(xstep, double(i), xstart)); },
            [&](int64_t i, int64_t j) {
              const T base = static_cast<T>(std::fma(xstep, double(i), xstart));
              return static_cast<T>(std::fma(double(j), xstep, static_cast<double>(base)));
            });
      } else {
        for (int64_t i = 0; i < n; ++i) {
          out[i] = convert<T>(static_cast<Acc>(xstart + xstep * static_cast<Acc>(i)));
        }
      }
    });
  };
  if (is_floating_type(dt)) {
    build.template operator()<double>();
  } else {
    build.template operator()<int64_t>();
  }
  if (!options.device().is_cpu()) result = result.to(options.device());
  return detail::finish_creation(std::move(result), options);
}

Tensor linspace(const Scalar& start, const Scalar& end, int64_t steps,
                const TensorOptions& options) {
  EMBER_CHECK(steps >= 0, "number of steps must be non-negative");
  const ScalarType dt = options.dtype();
  EMBER_CHECK(dt != kBool, "\"linspace_cpu\" not implemented for 'Bool'");
  check_device_available(options.device());
  Tensor result = detail::make_tensor({steps}, dt, Device(kCPU));  // written here, then moved
  if (steps == 0) return detail::finish_creation(result.to(options.device()), options);
  check_convertible(start, dt);  // PyTorch reads the ends as values of the dtype
  if (steps > 1) check_convertible(end, dt);
  visit_dtype(dt, [&]<class T>() {
    using C = compute_type_t<T>;
    T* out = static_cast<T*>(result.data_ptr());
    if (steps == 1) {
      out[0] = start.to<T>();
      return;
    }
    // PyTorch's rule: the first half counts up from start, the second half down from end.
    using Step = std::conditional_t<std::is_integral_v<C>, double, C>;
    const C s = static_cast<C>(start.to<T>()), e = static_cast<C>(end.to<T>());
    const Step step = (static_cast<Step>(e) - static_cast<Step>(s)) / static_cast<Step>(steps - 1);
    const int64_t halfway = steps / 2;
    auto value = [&](int64_t i) {
      return i < halfway ? std::fma(step, Step(i), Step(s))
                         : std::fma(-step, Step(steps - i - 1), Step(e));
    };
    if constexpr (std::is_same_v<T, C>) {  // float, double and the integers
      fill_blocked<T>(
          out, steps, [&](int64_t i) { return convert<T>(value(i)); },
          [&](int64_t i, int64_t j) {
            return convert<T>(Step(convert<T>(value(i))) + Step(j) * step);
          });
    } else {  // float16, bfloat16: computed in float, one element at a time
      for (int64_t i = 0; i < steps; ++i) out[i] = convert<T>(value(i));
    }
  });
  if (!options.device().is_cpu()) result = result.to(options.device());
  return detail::finish_creation(std::move(result), options);
}

Tensor eye(int64_t n, const TensorOptions& options) { return eye(n, n, options); }

Tensor eye(int64_t n, int64_t m, const TensorOptions& options) {
  EMBER_CHECK(n >= 0, "n must be greater or equal to 0, got ", n);
  EMBER_CHECK(m >= 0, "m must be greater or equal to 0, got ", m);
  (void)checked_numel({n, m});  // PyTorch resizes its result: the numel is checked before the bytes
  Tensor t = detail::make_tensor({n, m}, options.dtype(), options.device());
  detail::fill_raw(t, 0);
  const int64_t k = std::min(n, m);
  if (k > 0) detail::fill_raw(detail::alias(t, {k}, {m + 1}, 0), 1);
  return detail::finish_creation(std::move(t), options);
}

// ---- By mimicking another tensor -------------------------------------------------------------

// Each checks its result's size as PyTorch's empty_like does (the message names the strides).
Tensor empty_like(const Tensor& self, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  detail::check_size_like(self, o.dtype());
  return empty(self.sizes(), o);
}
// new_empty, new_zeros, new_ones, new_full (declared in src/ops/creation.yaml): the dtype and
// device are self's unless options give them.
namespace {
TensorOptions new_options(const Tensor& self, const TensorOptions& options) {
  return options.merged_over(TensorOptions().dtype(self.scalar_type()).device(self.device()));
}
}  // namespace

Tensor new_empty(const Tensor& self, IntArrayRef size, const TensorOptions& options) {
  return empty(size, new_options(self, options));
}
Tensor new_zeros(const Tensor& self, IntArrayRef size, const TensorOptions& options) {
  return zeros(size, new_options(self, options));
}
Tensor new_ones(const Tensor& self, IntArrayRef size, const TensorOptions& options) {
  return ones(size, new_options(self, options));
}
Tensor new_full(const Tensor& self, IntArrayRef size, const Scalar& fill_value,
                const TensorOptions& options) {
  return full(size, fill_value, new_options(self, options));
}

Tensor zeros_like(const Tensor& self, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  detail::check_size_like(self, o.dtype());
  return zeros(self.sizes(), o);
}
Tensor ones_like(const Tensor& self, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  detail::check_size_like(self, o.dtype());
  return ones(self.sizes(), o);
}
Tensor full_like(const Tensor& self, const Scalar& fill_value, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  detail::check_size_like(self, o.dtype());
  return full(self.sizes(), fill_value, o);
}

}  // namespace ember
