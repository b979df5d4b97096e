// The views Tensor.h declares beside its attributes (as_strided, transpose, t, select, narrow) and
// detail::alias, which makes every view: a new geometry over the same storage that remembers its
// base. The other view ops are in shape.cpp.
#include <optional>
#include <utility>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/Tensor.h"
#include "ember/ops/creation.h"

namespace ember {

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
}  // namespace detail

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

}  // namespace ember
