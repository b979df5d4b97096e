// Conversions and copies: Tensor::to, clone, contiguous, copy_, fill_ / zero_, item, and the raw
// writes the other ops use on fresh results (copy_raw, fill_raw). Declared in core's Tensor.h
// (and ember/ops/creation.h for the raw writes); defined here, above core, because they run
// kernels and record autograd nodes (ToCopyBackward0, CloneBackward0, CopyBackwards, ...).
#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/MemoryOverlap.h"
#include "ember/core/Tensor.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"
#include "kernels/table.h"

namespace ember {

Scalar Tensor::item() const {
  EMBER_CHECK(numel() == 1, "a Tensor with ", numel(), " elements cannot be converted to Scalar");
  Tensor c = is_cpu() ? *this : cpu();
  return visit_dtype(scalar_type(), [&]<class T>() -> Scalar {
    return Scalar(*static_cast<const T*>(c.data_ptr()));
  });
}

Tensor Tensor::to(const TensorOptions& options, bool /*non_blocking*/, bool copy) const {
  ScalarType dt = options.has_dtype() ? options.dtype() : dtype();
  Device dev = options.has_device() ? options.device() : device();
  check_device_available(dev);
  if (dev.is_cuda() && !dev.has_index()) dev = Device(kCUDA, 0);  // the current device
  if (!copy && dt == dtype() && dev == device()) return *this;
  Tensor result = detail::make_tensor_like(*this, dt, dev);
  detail::copy_raw(result, *this);
  if (autograd::should_record(*this)) {
    autograd::record("ToCopyBackward0", result, {*this},
                     [dtype = dtype(), device = device()](const autograd::Grads& g) {
                       return g[0].to(device, dtype);
                     });
  }
  return result;
}

Tensor Tensor::to(ScalarType dt, bool non_blocking, bool copy) const {
  return to(TensorOptions().dtype(dt), non_blocking, copy);
}
Tensor Tensor::to(Device dev, ScalarType dt, bool non_blocking, bool copy) const {
  return to(TensorOptions().device(dev).dtype(dt), non_blocking, copy);
}
Tensor Tensor::to(Device dev, bool non_blocking, bool copy) const {
  return to(TensorOptions().device(dev), non_blocking, copy);
}
Tensor Tensor::to(const Tensor& other, bool non_blocking, bool copy) const {
  return to(other.options(), non_blocking, copy);
}

namespace {
// A contiguous copy, recorded as PyTorch's clone.
Tensor contiguous_copy(const Tensor& self) {
  Tensor result = detail::make_tensor(self.sizes(), self.dtype(), self.device());
  detail::copy_raw(result, self);
  if (autograd::should_record(self)) {
    autograd::record("CloneBackward0", result, {self},
                     [](const autograd::Grads& g) { return g[0]; });
  }
  return result;
}
}  // namespace

Tensor Tensor::clone() const {
  detail::check_size_like(*this, dtype());  // PyTorch's clone keeps the layout: empty_like
  return contiguous_copy(*this);
}

Tensor Tensor::contiguous() const { return is_contiguous() ? *this : contiguous_copy(*this); }

namespace {
// fill_ and zero_: the same write, recorded under libtorch's two names.
Tensor& fill_op(Tensor& self, const Scalar& value, const char* node) {
  check_device_available(self.device());
  if (autograd::should_record(self)) {
    return autograd::record_inplace(self, [&](const Tensor& original) {
      Tensor r = detail::make_tensor(original.sizes(), original.dtype(), original.device());
      detail::fill_raw(r, value);
      autograd::record(node, r, {original},
                       [](const autograd::Grads& g) { return zeros_like(g[0]); });
      return r;
    });
  }
  // An expanded self is fine: each of its addresses gets the one value.
  detail::fill_raw(self, value);
  self.impl()->storage()->bump_version();
  return self;
}
}  // namespace

Tensor& Tensor::fill_(const Scalar& value) const {
  Tensor& self = const_cast<Tensor&>(*this); return fill_op(self, value, "FillBackward2"); }

// fill_ with a 0-d tensor (declared in src/ops/tensor.yaml): PyTorch's FillBackward3, whose
// gradient for value is the sum of the incoming one.
Tensor& fill_(Tensor& self, const Tensor& value) {
  EMBER_CHECK(value.dim() == 0, "fill_ only supports 0-dimension value tensor but got tensor with ",
              value.dim(), " dimensions.");
  if (!autograd::should_record(self, value)) return fill_op(self, value.item(), "FillBackward3");
  check_device_available(self.device());
  return autograd::record_inplace(self, [&](const Tensor& original) {
    Tensor r = detail::make_tensor(original.sizes(), original.dtype(), original.device());
    detail::fill_raw(r, value.item());
    autograd::record("FillBackward3", r, {original, value}, [](const autograd::Grads& g) {
      return autograd::tensor_list{g.needs(0) ? zeros_like(g[0]) : Tensor(),
                                   g.needs(1) ? g[0].sum() : Tensor()};
    });
    return r;
  });
}
Tensor& Tensor::zero_() const {
  Tensor& self = const_cast<Tensor&>(*this); return fill_op(self, 0, "ZeroBackward0"); }

Tensor& Tensor::copy_(const Tensor& src, bool /*non_blocking*/) const {
  check_device_available(device());
  check_device_available(src.device());
  // PyTorch's copy_: a tensor copied onto itself is left alone; otherwise self's elements may not
  // alias each other nor part of src.
  if (!is_same(src)) {
    assert_no_internal_overlap(*this);
    assert_no_partial_overlap(*this, src);
  }
  Tensor& dest = const_cast<Tensor&>(*this);
  if (autograd::should_record(dest, src)) {
    return autograd::record_inplace(dest, [&](const Tensor& self) {
      Tensor r = detail::make_tensor(self.sizes(), self.dtype(), self.device());
      detail::copy_raw(r, src);
      autograd::record("CopyBackwards", r, {self, src}, [](const autograd::Grads& g) {
        return autograd::tensor_list{g.needs(0) ? zeros_like(g[0]) : Tensor(),
                                     g.needs(1) ? g[0] : Tensor()};
      });
      return r;
    });
  }
  detail::copy_raw(dest, src);
  impl()->storage()->bump_version();
  return dest;
}

namespace detail {
void copy_raw(const Tensor& self, const Tensor& src) {
  // src broadcasts to this tensor's shape (zero strides where it has size 1).
  const DimVector shape = infer_size(self.sizes(), src.sizes());
  EMBER_CHECK(shape.ref() == self.sizes(), "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", shape.ref());
  const DimVector bstrides = broadcast_strides(src.sizes(), src.strides(), self.sizes());
  if (self.numel() == 0) return;
  Tensor view =
      (bstrides.ref() == src.strides())
          ? src
          : Tensor(make_intrusive<TensorImpl>(src.impl()->storage(), src.dtype(), self.sizes(),
                                              bstrides, src.storage_offset()));
  if (self.device() == view.device()) {
    kernels::copy_kernel(self, view);
    return;
  }
  // Between devices: the source made dense in the destination's dtype on its own device, the
  // bytes moved as one block, then spread into the destination's strides on its device.
  NoGradGuard no_grad;  // plumbing
  const Tensor dense = view.to(self.dtype()).contiguous();
  const Device gpu = self.device().is_cpu() ? view.device() : self.device();
  const kernels::KernelTable& backend = kernels::on(gpu);
  if (self.is_contiguous()) {
    backend.copy_between_devices(self, dense);
  } else {
    const Tensor staged = make_tensor(self.sizes(), self.dtype(), self.device());
    backend.copy_between_devices(staged, dense);
    kernels::copy_kernel(self, staged);
  }
}

void fill_raw(const Tensor& self, const Scalar& value) {
  check_convertible(value, self.scalar_type());  // c10's Scalar::to<T>: no silent wrap or inf
  kernels::fill_kernel(self, value);
}
}  // namespace detail

}  // namespace ember
