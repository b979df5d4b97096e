#include "ember/core/Tensor.h"

#include <iostream>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/MemoryOverlap.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"
#include "kernels/table.h"

namespace ember {

// libtorch's message, without the argument it names ("for argument #0 'self'").
void Tensor::throw_undefined() {
  throw Error("Expected a proper Tensor but got None (or an undefined Tensor in C++)");
}

int64_t maybe_wrap_dim(int64_t dim, int64_t ndim) {
  if (ndim <= 0) {
    EMBER_CHECK_T(IndexError, dim == 0 || dim == -1, "Dimension specified as ", dim,
                  " but tensor has no dimensions");
    return 0;
  }
  EMBER_CHECK_T(IndexError, dim >= -ndim && dim < ndim,
                "Dimension out of range (expected to be in range of [", -ndim, ", ", ndim - 1,
                "], but got ", dim, ")");
  return dim < 0 ? dim + ndim : dim;
}

int64_t Tensor::size(int64_t d) const {
  if (dim() == 0) {
    detail::fail<IndexError>("Dimension specified as ", d, " but tensor has no dimensions");
  }
  return sizes()[maybe_wrap_dim(d, dim())];
}

int64_t Tensor::stride(int64_t d) const {
  if (dim() == 0) {
    detail::fail<IndexError>("Dimension specified as ", d, " but tensor has no dimensions");
  }
  return strides()[maybe_wrap_dim(d, dim())];
}

void Tensor::check_data_ptr_type(ScalarType requested) const {
  EMBER_CHECK(requested == scalar_type(), "expected scalar type ", to_string(requested),
              " but found ", to_string(scalar_type()));
}

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

Tensor& Tensor::fill_(const Scalar& value) { return fill_op(*this, value, "FillBackward2"); }
Tensor& Tensor::zero_() { return fill_op(*this, 0, "ZeroBackward0"); }

Tensor& Tensor::copy_(const Tensor& src, bool /*non_blocking*/) {
  check_device_available(device());
  check_device_available(src.device());
  // PyTorch's copy_: a tensor copied onto itself is left alone; otherwise self's elements may not
  // alias each other nor part of src.
  if (!is_same(src)) {
    assert_no_internal_overlap(*this);
    assert_no_partial_overlap(*this, src);
  }
  if (autograd::should_record(*this, src)) {
    return autograd::record_inplace(*this, [&](const Tensor& self) {
      Tensor r = detail::make_tensor(self.sizes(), self.dtype(), self.device());
      detail::copy_raw(r, src);
      autograd::record("CopyBackwards", r, {self, src}, [](const autograd::Grads& g) {
        return autograd::tensor_list{g.needs(0) ? zeros_like(g[0]) : Tensor(),
                                     g.needs(1) ? g[0] : Tensor()};
      });
      return r;
    });
  }
  detail::copy_raw(*this, src);
  impl()->storage()->bump_version();
  return *this;
}

Tensor Tensor::as_strided(IntArrayRef sz, IntArrayRef st, std::optional<int64_t> offset) const {
  Tensor r = detail::alias(*this, sz, st, offset.value_or(storage_offset()));
  if (autograd::should_record(*this)) {
    autograd::record(
        "AsStridedBackward0", r, {*this},
        [in = autograd::Geometry(*this), view = autograd::Geometry(r)](const autograd::Grads& g) {
          return autograd::as_strided_backward(g[0], in, view);
        });
  }
  return r;
}

Tensor Tensor::transpose(int64_t d0, int64_t d1) const {
  const int64_t nd = dim();
  d0 = maybe_wrap_dim(d0, nd);
  d1 = maybe_wrap_dim(d1, nd);
  DimVector sz(sizes()), st(strides());
  if (nd > 0) {
    std::swap(sz[d0], sz[d1]);
    std::swap(st[d0], st[d1]);
  }
  Tensor r = detail::alias(*this, sz, st, storage_offset());
  if (autograd::should_record(*this)) {
    autograd::record("TransposeBackward0", r, {*this},
                     [d0, d1](const autograd::Grads& g) { return g[0].transpose(d0, d1); });
  }
  return r;
}

Tensor Tensor::t() const {
  EMBER_CHECK(dim() <= 2, "t() expects a tensor with <= 2 dimensions, but self is ", dim(), "D");
  Tensor r = dim() < 2 ? detail::alias(*this, sizes(), strides(), storage_offset())
                       : detail::alias(*this, {sizes()[1], sizes()[0]},
                                       {strides()[1], strides()[0]}, storage_offset());
  if (autograd::should_record(*this)) {
    autograd::record("TBackward0", r, {*this}, [](const autograd::Grads& g) { return g[0].t(); });
  }
  return r;
}

Tensor Tensor::select(int64_t d, int64_t index) const {
  EMBER_CHECK_T(IndexError, dim() > 0, "select() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  const int64_t n = sizes()[d];
  EMBER_CHECK_T(IndexError, index >= -n && index < n, "select(): index ", index,
                " out of range for tensor of size ", sizes(), " at dimension ", d);
  if (index < 0) index += n;
  DimVector sz(sizes()), st(strides());
  sz.erase(d);
  st.erase(d);
  Tensor r = detail::alias(*this, sz, st, storage_offset() + index * strides()[d]);
  if (autograd::should_record(*this)) {
    autograd::record("SelectBackward0", r, {*this},
                     [sizes = DimVector(sizes()), d, index](const autograd::Grads& g) {
                       Tensor grad = zeros(sizes, g[0].options());
                       grad.select(d, index).copy_(g[0]);
                       return grad;
                     });
  }
  return r;
}

Tensor Tensor::narrow(int64_t d, int64_t start, int64_t length) const {
  EMBER_CHECK(dim() > 0, "narrow() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  const int64_t n = sizes()[d];
  // As PyTorch 1.13: start is wrapped as a dim is (start == n, the end, is allowed).
  if (start != n) start = maybe_wrap_dim(start, n);
  EMBER_CHECK(length >= 0 && start <= n - length, "start (", start, ") + length (", length,
              ") exceeds dimension size (", n, ").");
  return slice(d, start, start + length);
}

void Tensor::print() const { std::cout << *this << "\n"; }

namespace detail {
Tensor alias(const Tensor& self, IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset) {
  TensorImpl* src = self.impl().get();
  Tensor r(
      make_intrusive<TensorImpl>(src->storage(), src->dtype(), sizes, strides, storage_offset));
  // Views made while recording remember their base (in-place ops on them update its history).
  if (autograd::GradMode::is_enabled()) {
    r.unsafeGetTensorImpl()->set_view_base(src->is_view() ? src->view_base() : self.impl());
  }
  return r;
}

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

Tensor wrapped_scalar_tensor(const Scalar& s) {
  const ScalarType dt = s.isFloatingPoint() ? kDouble : s.isBoolean() ? kBool : kLong;
  Tensor t = make_tensor({}, dt, Device(kCPU));
  fill_raw(t, s);
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

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
}  // namespace detail

}  // namespace ember
