// Views and shape operations: view/reshape (PyTorch's stride-compatibility rule), squeeze,
// permute, expand, slice, split, cat, stack, flip, roll, repeat, tril/triu, diag. Each op records
// its own autograd node (libtorch's name) next to its forward; views are made with detail::alias
// (views.cpp) so that they remember their base (in-place ops on them rebase its history).
#include "ember/ops/shape.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

#include "autograd/function.h"
#include "core/wrapping.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/broadcast.h"
#include "ember/core/promote.h"
#include "ember/ops/creation.h"
#include "kernels/table.h"

namespace ember {

using autograd::Grads;
using autograd::tensor_list;

namespace {

// A view of self with new geometry over the same storage (records nothing: each view op records
// its own node).
Tensor make_view(const Tensor& self, IntArrayRef sizes, IntArrayRef strides,
                 std::optional<int64_t> offset = std::nullopt) {
  return detail::alias(self, sizes, strides, offset.value_or(self.storage_offset()));
}

// Records a one-input op whose gradient is f(grad of the output).
template <class F>
void record_unary(const char* name, const Tensor& out, const Tensor& self, F f) {
  if (autograd::should_record(self)) {
    autograd::record(name, out, {self}, [f = std::move(f)](const Grads& g) { return f(g[0]); });
  }
}

// grad reshaped back to the input's sizes (the backward of every reshaping view).
auto reshape_to(IntArrayRef sizes) {
  return [sizes = DimVector(sizes)](const Tensor& grad) { return grad.reshape(sizes); };
}

// libtorch's _unsafe_view: a fresh tensor (not a view) over a new, contiguous result's storage.
Tensor unsafe_view(const Tensor& self, IntArrayRef sizes) {
  return Tensor(make_intrusive<TensorImpl>(self.impl()->storage(), self.dtype(), sizes,
                                           contiguous_strides(sizes), self.storage_offset()));
}

// The views an op with several outputs (unbind, split) returns, recorded as outputs of one node.
template <class F>
void record_views(const char* name, const std::vector<Tensor>& outs, const Tensor& self, F f) {
  if (!outs.empty() && autograd::should_record(self)) {
    autograd::record_multi(name, outs, {self}, [f = std::move(f)](const Grads& g) {
      std::vector<Tensor> grads;  // the engine supplies zeros for outputs that got none
      for (size_t i = 0; i < g.size(); ++i) grads.push_back(g[i]);
      return f(grads);
    });
  }
}

// `shape` with its -1 resolved against numel (PyTorch's infer_size and messages).
DimVector infer_view_size(IntArrayRef shape, int64_t numel) {
  DimVector res(shape);
  int64_t newsize = 1;
  std::optional<size_t> infer_dim;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] == -1) {
      EMBER_CHECK(!infer_dim, "only one dimension can be inferred");
      infer_dim = d;
    } else if (shape[d] >= 0) {
      newsize = wrapping::mul(newsize, shape[d]);  // as PyTorch (the view checks the numel)
    } else {
      detail::fail("invalid shape dimension ", shape[d]);
    }
  }
  if (numel == newsize || (infer_dim && newsize > 0 && numel % newsize == 0)) {
    if (infer_dim) {
      EMBER_CHECK(newsize != 0, "cannot reshape tensor of 0 elements into shape ", shape,
                  " because the unspecified dimension size -1 can be any value and is ambiguous");
      res[*infer_dim] = numel / newsize;
    }
    return res;
  }
  detail::fail("shape '", shape, "' is invalid for input of size ", numel);
}

// Strides that view (oldshape, oldstride) as newshape without copying, if any exist (PyTorch's
// computeStride: each run of dims contiguous with each other may be regrouped freely).
std::optional<DimVector> compute_view_strides(IntArrayRef oldshape, IntArrayRef oldstride,
                                              IntArrayRef newshape) {
  const int64_t nnew = static_cast<int64_t>(newshape.size());
  if (oldshape.empty()) return DimVector(newshape.size(), 1);
  // PyTorch's computeStride, its int64 products wrapping as there (sizes with a zero may multiply
  // past int64; the view's own checks catch a shape that does not fit).
  int64_t numel = 1;
  for (int64_t s : oldshape) numel = wrapping::mul(numel, s);
  if (numel == 0 && oldshape == newshape) return DimVector(oldstride);
  DimVector newstride(newshape.size());
  if (numel == 0) {
    for (int64_t d = nnew - 1; d >= 0; --d) {
      newstride[d] = d == nnew - 1
                         ? 1
                         : wrapping::mul(std::max<int64_t>(newshape[d + 1], 1), newstride[d + 1]);
    }
    return newstride;
  }
  int64_t view_d = nnew - 1;
  int64_t chunk_base_stride = oldstride.back();
  int64_t tensor_numel = 1, view_numel = 1;
  for (int64_t tensor_d = static_cast<int64_t>(oldshape.size()) - 1; tensor_d >= 0; --tensor_d) {
    tensor_numel = wrapping::mul(tensor_numel, oldshape[tensor_d]);
    if (tensor_d == 0 ||
        (oldshape[tensor_d - 1] != 1 &&
         oldstride[tensor_d - 1] != wrapping::mul(tensor_numel, chunk_base_stride))) {
      while (view_d >= 0 && (view_numel < tensor_numel || newshape[view_d] == 1)) {
        newstride[view_d] = wrapping::mul(view_numel, chunk_base_stride);
        view_numel = wrapping::mul(view_numel, newshape[view_d]);
        --view_d;
      }
      if (view_numel != tensor_numel) return std::nullopt;
      if (tensor_d > 0) {
        chunk_base_stride = oldstride[tensor_d - 1];
        tensor_numel = 1;
        view_numel = 1;
      }
    }
  }
  if (view_d != -1) return std::nullopt;
  return newstride;
}

// PyTorch's empty_like(self, preserve_format): the same strides when self is dense and
// non-overlapping, contiguous otherwise.
bool is_non_overlapping_and_dense(const Tensor& t) {
  const int64_t nd = t.dim();
  if (nd == 1) return t.sizes()[0] < 2 || t.strides()[0] == 1;
  std::vector<int64_t> perm(nd);
  std::iota(perm.begin(), perm.end(), 0);
  IntArrayRef sz = t.sizes(), st = t.strides();
  std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) {
    if (sz[a] < 2) return false;
    if (sz[b] < 2) return true;
    return st[a] < st[b];
  });
  int64_t expected = 1;
  for (int64_t d : perm) {
    if (sz[d] == 1) continue;
    if (st[d] != expected) return false;
    expected *= sz[d];
  }
  return true;
}

Tensor empty_like_preserve(const Tensor& self) {
  if (self.is_contiguous() || !is_non_overlapping_and_dense(self)) {
    return detail::make_tensor_like(self, self.dtype(), self.device());
  }
  int64_t extent = 1;
  for (int64_t d = 0; d < self.dim(); ++d) extent += (self.sizes()[d] - 1) * self.strides()[d];
  Tensor flat = detail::make_tensor({extent}, self.dtype(), self.device());
  return detail::alias(flat, self.sizes(), self.strides(), 0);
}

// Dims as a set: wrapped, each once (flip's message for a repeat).
std::vector<bool> dims_to_mask(IntArrayRef dims, int64_t ndim) {
  std::vector<bool> seen(std::max<int64_t>(ndim, 1), false);
  for (int64_t d : dims) {
    int64_t w = maybe_wrap_dim(d, ndim);
    EMBER_CHECK(!seen[w], "dim ", w, " appears multiple times in the list of dims");
    seen[w] = true;
  }
  return seen;
}

}  // namespace

// ---- view / reshape ----------------------------------------------------------------------------

// view(dtype) (declared in src/ops/tensor.yaml): self's memory read as another dtype, as PyTorch's
// (its last dimension rescaled when the element sizes differ). Not differentiable: the result
// has no history and is not recorded as a view.
Tensor view(const Tensor& self, ScalarType dtype) {
  const int64_t old_size = self.element_size(), new_size = element_size(dtype);
  DimVector sizes(self.sizes()), strides(self.strides());
  int64_t offset = self.storage_offset();
  if (old_size != new_size) {
    const std::string what = " to view " + std::string(to_string(self.scalar_type())) + " as " +
                             std::string(to_string(dtype)) + " (different element sizes)";
    EMBER_CHECK(self.dim() > 0, "self.dim() cannot be 0", what);
    EMBER_CHECK(self.stride(-1) == 1, "self.stride(-1) must be 1", what, ", but got ",
                self.stride(-1));
    const int64_t last = self.dim() - 1;
    if (new_size > old_size) {
      const int64_t ratio = new_size / old_size;
      EMBER_CHECK(sizes[last] % ratio == 0, "self.size(-1) must be divisible by ", ratio, what,
                  ", but got ", sizes[last]);
      EMBER_CHECK(offset % ratio == 0, "self.storage_offset() must be divisible by ", ratio, what,
                  ", but got ", offset);
      for (int64_t d = 0; d < last; ++d) {
        EMBER_CHECK(strides[d] % ratio == 0, "self.stride(", d, ") must be divisible by ", ratio,
                    what, ", but got ", strides[d]);
        strides[d] /= ratio;
      }
      sizes[last] /= ratio;
      offset /= ratio;
    } else {
      const int64_t ratio = old_size / new_size;
      for (int64_t d = 0; d < last; ++d) strides[d] *= ratio;
      sizes[last] *= ratio;
      offset *= ratio;
    }
  }
  return Tensor(make_intrusive<TensorImpl>(self.impl()->storage(), dtype, sizes, strides, offset));
}

Tensor Tensor::view(IntArrayRef size) const {
  DimVector shape = infer_view_size(size, numel());
  auto strides = compute_view_strides(sizes(), this->strides(), shape);
  EMBER_CHECK(strides.has_value(),
              "view size is not compatible with input tensor's size and stride (at least one "
              "dimension spans across two contiguous subspaces). Use .reshape(...) instead.");
  Tensor r = make_view(*this, shape, *strides);
  record_unary("ViewBackward0", r, *this, reshape_to(sizes()));
  return r;
}

Tensor Tensor::reshape(IntArrayRef shape) const {
  DimVector sz = infer_view_size(shape, numel());
  if (auto strides = compute_view_strides(sizes(), this->strides(), sz)) {
    Tensor r = make_view(*this, sz, *strides);
    record_unary("ReshapeAliasBackward0", r, *this, reshape_to(sizes()));
    return r;
  }
  // As libtorch: a recorded clone (CloneBackward0), viewed by _unsafe_view (not a view).
  Tensor copy = clone();
  Tensor r = unsafe_view(copy, sz);
  record_unary("UnsafeViewBackward0", r, copy, reshape_to(sizes()));
  return r;
}

Tensor Tensor::flatten(int64_t start_dim, int64_t end_dim) const {
  const int64_t nd = dim();
  start_dim = maybe_wrap_dim(start_dim, nd);
  end_dim = maybe_wrap_dim(end_dim, nd);
  EMBER_CHECK(start_dim <= end_dim,
              "flatten() has invalid args: start_dim cannot come after end_dim");
  if (nd == 0) return reshape({1});
  if (start_dim == end_dim) return *this;
  DimVector shape;
  for (int64_t d = 0; d < start_dim; ++d) shape.push_back(sizes()[d]);
  // A tensor with a zero dim may have merged sizes past int64 (PyTorch's product wraps there).
  shape.push_back(checked_numel(sizes().slice(start_dim, end_dim - start_dim + 1)));
  for (int64_t d = end_dim + 1; d < nd; ++d) shape.push_back(sizes()[d]);
  return reshape(shape);
}

Tensor Tensor::unflatten(int64_t d, IntArrayRef sz) const {
  EMBER_CHECK_T(IndexError, dim() > 0, "Dimension specified as ", d,
                " but tensor has no dimensions");
  d = maybe_wrap_dim(d, dim());
  EMBER_CHECK(!sz.empty(), "unflatten: sizes must be non-empty");
  DimVector inferred;
  try {
    inferred = infer_view_size(sz, sizes()[d]);
  } catch (const Error& e) {
    if (std::count(sz.begin(), sz.end(), -1) > 1) {
      detail::fail("unflatten got an unexpected error:\n", e.what());
    }
    detail::fail("unflatten: Provided sizes ", sz, " don't multiply up to the size of dim ", d,
                 " (", sizes()[d], ") in the input tensor");
  }
  DimVector shape;
  for (int64_t i = 0; i < d; ++i) shape.push_back(sizes()[i]);
  for (int64_t s : inferred) shape.push_back(s);
  for (int64_t i = d + 1; i < dim(); ++i) shape.push_back(sizes()[i]);
  return view(shape);
}

// ---- squeeze / unsqueeze / permute / expand / slice
// ----------------------------------------------

Tensor Tensor::squeeze() const {
  DimVector sz, st;
  for (int64_t d = 0; d < dim(); ++d) {
    if (sizes()[d] != 1) {
      sz.push_back(sizes()[d]);
      st.push_back(strides()[d]);
    }
  }
  Tensor r = make_view(*this, sz, st);
  record_unary("SqueezeBackward0", r, *this, [sizes = DimVector(sizes())](const Tensor& grad) {
    Tensor g = grad;  // PyTorch's unsqueeze_to: the size-1 dims back, in order
    for (int64_t d = 0; d < static_cast<int64_t>(sizes.size()); ++d) {
      if (sizes[d] == 1) g = g.unsqueeze(d);
    }
    return g;
  });
  return r;
}

Tensor Tensor::squeeze(int64_t d) const {
  d = maybe_wrap_dim(d, std::max<int64_t>(dim(), 1));
  const bool squeezed = dim() > 0 && sizes()[d] == 1;
  DimVector sz(sizes()), st(strides());
  if (squeezed) {
    sz.erase(d);
    st.erase(d);
  }
  Tensor r = make_view(*this, sz, st);
  record_unary("SqueezeBackward1", r, *this,
               [d, squeezed](const Tensor& grad) { return squeezed ? grad.unsqueeze(d) : grad; });
  return r;
}

Tensor Tensor::unsqueeze(int64_t d) const {
  d = maybe_wrap_dim(d, dim() + 1);
  DimVector sz(sizes()), st(strides());
  const int64_t new_stride = d >= dim() ? 1 : wrapping::mul(sizes()[d], strides()[d]);
  sz.insert(d, 1);
  st.insert(d, new_stride);
  Tensor r = make_view(*this, sz, st);
  record_unary("UnsqueezeBackward0", r, *this, [d](const Tensor& grad) { return grad.squeeze(d); });
  return r;
}

Tensor Tensor::permute(IntArrayRef dims) const {
  const int64_t nd = dim();
  EMBER_CHECK(static_cast<int64_t>(dims.size()) == nd,
              "permute(sparse_coo): number of dimensions in the tensor input does not match the "
              "length of the desired ordering of dimensions i.e. input.dim() = ",
              nd, " is not equal to len(dims) = ", dims.size());
  DimVector sz(nd), st(nd), inverse(nd);
  std::vector<bool> seen(nd, false);
  for (int64_t i = 0; i < nd; ++i) {
    const int64_t d = maybe_wrap_dim(dims[i], nd);
    EMBER_CHECK(!seen[d], "permute(): duplicate dims are not allowed.");
    seen[d] = true;
    sz[i] = sizes()[d];
    st[i] = strides()[d];
    inverse[d] = i;
  }
  Tensor r = make_view(*this, sz, st);
  record_unary("PermuteBackward0", r, *this,
               [inverse](const Tensor& grad) { return grad.permute(inverse); });
  return r;
}

Tensor Tensor::expand(IntArrayRef size, bool /*implicit*/) const {
  const int64_t nd = static_cast<int64_t>(size.size()), td = dim();
  EMBER_CHECK(nd >= td, "expand(", legacy_type_name(dtype()), "{", sizes(), "}, size=", size,
              "): the number of sizes provided (", nd,
              ") must be greater or equal to the number of dimensions in the tensor (", td, ")");
  DimVector sz(nd), st(nd, 0);
  auto record_expand = [&](const Tensor& r) {
    record_unary("ExpandBackward0", r, *this, [sizes = DimVector(sizes())](const Tensor& grad) {
      return autograd::sum_to(grad, sizes);
    });
    return r;
  };
  if (td == 0) {
    return record_expand(make_view(*this, size, st));
  }
  for (int64_t i = nd - 1; i >= 0; --i) {
    const int64_t d = td - 1 - (nd - 1 - i);
    int64_t s = d >= 0 ? sizes()[d] : 1;
    int64_t stride = d >= 0 ? strides()[d] : wrapping::mul(sz[i + 1], st[i + 1]);
    int64_t target = size[i];
    if (target == -1) {
      EMBER_CHECK(d >= 0, "The expanded size of the tensor (", target,
                  ") isn't allowed in a leading, non-existing dimension ", i);
      target = s;
    }
    if (s != target) {
      EMBER_CHECK(s == 1, "The expanded size of the tensor (", target,
                  ") must match the existing size (", s, ") at non-singleton dimension ", i,
                  ".  Target sizes: ", size, ".  Tensor sizes: ", sizes());
      s = target;
      stride = 0;
    }
    sz[i] = s;
    st[i] = stride;
  }
  return record_expand(make_view(*this, sz, st));
}

Tensor Tensor::expand_as(const Tensor& other) const { return expand(other.sizes()); }

Tensor Tensor::slice(int64_t d, std::optional<int64_t> start, std::optional<int64_t> end,
                     int64_t step) const {
  EMBER_CHECK_T(IndexError, dim() > 0, "slice() cannot be applied to a 0-dim tensor.");
  d = maybe_wrap_dim(d, dim());
  EMBER_CHECK(step > 0, "slice step must be positive");
  const int64_t n = sizes()[d];
  int64_t s = start.value_or(0);
  int64_t e = end.value_or(std::numeric_limits<int64_t>::max());
  if (s < 0) s += n;
  if (e < 0) e += n;
  s = s < 0 ? 0 : std::min(s, n);
  e = e < s ? s : std::min(e, n);
  DimVector sz(sizes()), st(strides());
  sz[d] = e == s ? 0 : (e - s - 1) / step + 1;  // PyTorch's (e - s + step - 1) / step may wrap
  st[d] = wrapping::mul(st[d], step);           // only wraps where sz[d] <= 1, as PyTorch's
  Tensor r = make_view(*this, sz, st, storage_offset() + s * strides()[d]);
  record_unary("SliceBackward0", r, *this,
               [sizes = DimVector(sizes()), d, s, e, step](const Tensor& grad) {
                 // The gradient scattered into zeros where the slice lies (differentiable).
                 Tensor g = zeros(sizes, grad.options());
                 g.slice(d, s, e, step).copy_(grad);
                 return g;
               });
  return r;
}

Tensor Tensor::mT() const {
  EMBER_CHECK(dim() >= 2, "tensor.mT is only supported on matrices or batches of matrices. Got ",
              dim(), "-D tensor.");
  return transpose(-2, -1);
}

// ---- unbind / chunk / split ---------------------------------------------------------------------

std::vector<Tensor> Tensor::unbind(int64_t d) const {
  EMBER_CHECK_T(IndexError, dim() > 0, "Dimension specified as ", d,
                " but tensor has no dimensions");
  d = maybe_wrap_dim(d, dim());
  DimVector sz(sizes()), st(strides());
  sz.erase(d);
  st.erase(d);
  std::vector<Tensor> out;
  EMBER_CHECK(static_cast<uint64_t>(sizes()[d]) <= out.max_size(),
              "cannot create std::vector larger than max_size()");  // what PyTorch reports
  out.reserve(static_cast<size_t>(sizes()[d]));
  for (int64_t i = 0; i < sizes()[d]; ++i) {
    out.push_back(make_view(*this, sz, st, storage_offset() + i * strides()[d]));
  }
  record_views("UnbindBackward0", out, *this,
               [d](const std::vector<Tensor>& grads) { return stack(grads, d); });
  return out;
}

std::vector<Tensor> Tensor::chunk(int64_t chunks, int64_t d) const {
  EMBER_CHECK(dim() > 0, "chunk expects at least a 1-dimensional tensor");
  EMBER_CHECK(chunks > 0, "chunk expects `chunks` to be greater than 0, got: ", chunks);
  const int64_t n = size(d);
  // PyTorch's (n + chunks - 1) / chunks, wrapping as there (a huge `chunks` gives its message).
  const int64_t split_size = wrapping::sub(wrapping::add(n, chunks), 1) / chunks;
  if (split_size == 0 && n == 0) {
    std::vector<int64_t> sizes_(chunks, 0);
    return split(sizes_, d);
  }
  return split(split_size, d);
}

std::vector<Tensor> Tensor::split(int64_t split_size, int64_t d) const {
  EMBER_CHECK(dim() != 0, "split expects at least a 1-dimensional tensor");
  EMBER_CHECK(split_size >= 0,
              "split expects split_size be non-negative, but got split_size=", split_size);
  const int64_t n = size(d);
  EMBER_CHECK(split_size > 0 || n == 0,
              "split_size can only be 0 if dimension size is 0, but got dimension size of ", n);
  int64_t num = 1;
  if (split_size != 0 && n > 0) num = (n - 1) / split_size + 1;
  const int64_t last = n - split_size * (num - 1);
  d = maybe_wrap_dim(d, dim());
  std::vector<Tensor> out;
  for (int64_t i = 0; i < num; ++i) {
    DimVector sz(sizes());
    sz[d] = i < num - 1 ? split_size : last;
    out.push_back(
        make_view(*this, sz, strides(), storage_offset() + i * split_size * strides()[d]));
  }
  record_views("SplitBackward0", out, *this,
               [d](const std::vector<Tensor>& grads) { return cat(grads, d); });
  return out;
}

std::vector<Tensor> Tensor::split(IntArrayRef split_sizes, int64_t d) const {
  EMBER_CHECK(dim() != 0, "split expects at least a 1-dimensional tensor");
  const int64_t n = size(d);
  const int64_t wd = maybe_wrap_dim(d, dim());  // d itself goes into the message, as PyTorch's
  int64_t start = 0;
  bool overflow = false;  // the sizes add up past int64 (then not to n)
  std::vector<Tensor> out;
  for (int64_t len : split_sizes) {
    EMBER_CHECK(len >= 0,
                "split_with_sizes expects split_sizes have only non-negative entries, but got "
                "split_sizes=",
                split_sizes);
    if (!overflow && start <= n && len <= n - start) {
      DimVector sz(sizes());
      sz[wd] = len;
      out.push_back(make_view(*this, sz, strides(), storage_offset() + start * strides()[wd]));
    }
    overflow = __builtin_add_overflow(start, len, &start) || overflow;
  }
  EMBER_CHECK(!overflow && start == n, "split_with_sizes expects split_sizes to sum exactly to ", n,
              " (input tensor's size at dimension ", d, "), but got split_sizes=", split_sizes);
  record_views("SplitWithSizesBackward0", out, *this,
               [wd](const std::vector<Tensor>& grads) { return cat(grads, wd); });
  return out;
}

// ---- cat / stack
// ------------------------------------------------------------------------------------

Tensor cat(TensorList tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "torch.cat(): expected a non-empty list of Tensors");
  for (size_t i = 0; i < tensors.size(); ++i) {
    EMBER_CHECK(tensors[i].dim() > 0, "zero-dimensional tensor (at position ", i,
                ") cannot be concatenated");
  }
  ScalarType out_dtype = tensors[0].dtype();
  for (const Tensor& t : tensors) out_dtype = promote_types(out_dtype, t.dtype());
  // 1-D empty tensors are skipped (a legacy PyTorch rule), whatever their shape elsewhere.
  auto skipped = [](const Tensor& t) { return t.dim() == 1 && t.numel() == 0; };
  const Tensor* ref = nullptr;
  for (const Tensor& t : tensors) {
    if (!skipped(t)) {
      ref = &t;
      break;
    }
  }
  // The gradient of each input: its part of the output's gradient (zeros for skipped inputs).
  auto record_cat = [&](const Tensor& result, int64_t d) {
    if (!autograd::should_record_list(tensors)) return;
    std::vector<DimVector> in_sizes;
    for (const Tensor& t : tensors) in_sizes.emplace_back(t.sizes());
    autograd::record("CatBackward0", result, tensors, [in_sizes, d](const Grads& g) {
      tensor_list grads;
      int64_t offset = 0;
      for (size_t i = 0; i < in_sizes.size(); ++i) {
        const DimVector& sz = in_sizes[i];
        if (sz.size() == 1 && sz[0] == 0) {
          grads.push_back(g.needs(i) ? zeros(sz, g[0].options()) : Tensor());
          continue;
        }
        grads.push_back(g.needs(i) ? g[0].narrow(d, offset, sz[d]) : Tensor());
        offset += sz[d];
      }
      return grads;
    });
  };
  if (!ref) {
    Tensor result = detail::make_tensor(tensors[0].sizes(), out_dtype, tensors[0].device());
    record_cat(result, 0);
    return result;
  }
  dim = maybe_wrap_dim(dim, ref->dim());
  int64_t total = 0;
  bool overflow = false;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Tensor& t = tensors[i];
    if (skipped(t)) continue;
    EMBER_CHECK(ref->dim() == t.dim(), "Tensors must have same number of dimensions: got ",
                ref->dim(), " and ", t.dim());
    for (int64_t d = 0; d < t.dim(); ++d) {
      if (d == dim) continue;
      EMBER_CHECK(ref->sizes()[d] == t.sizes()[d],
                  "Sizes of tensors must match except in dimension ", dim, ". Expected size ",
                  ref->sizes()[d], " but got size ", t.sizes()[d], " for tensor number ", i,
                  " in the list.");
    }
    overflow = __builtin_add_overflow(total, t.sizes()[dim], &total) || overflow;
  }
  DimVector shape(ref->sizes());
  shape[dim] = total;
  if (overflow) {
    // PyTorch adds the sizes in int64 and reports the (wrapped) negative sum; a sum that wraps
    // back to a positive one, which it would use, is an error here too.
    check_size_nonnegative(shape);
    detail::fail("cat(): the sizes of the tensors in dimension ", dim, " add up to more than ",
                 std::numeric_limits<int64_t>::max());
  }
  Tensor result = detail::make_tensor(shape, out_dtype, ref->device());
  const DimVector rstrides = contiguous_strides(shape);
  int64_t offset = 0;
  for (const Tensor& t : tensors) {
    if (skipped(t)) continue;
    const int64_t n = t.sizes()[dim];
    if (n > 0) {
      DimVector part(shape);
      part[dim] = n;
      detail::copy_raw(detail::alias(result, part, rstrides, offset * rstrides[dim]), t);
    }
    offset += n;
  }
  record_cat(result, dim);
  return result;
}

Tensor stack(TensorList tensors, int64_t dim) {
  EMBER_CHECK(!tensors.empty(), "stack expects a non-empty TensorList");
  dim = maybe_wrap_dim(dim, tensors[0].dim() + 1);
  for (size_t i = 1; i < tensors.size(); ++i) {
    EMBER_CHECK(tensors[i].sizes() == tensors[0].sizes(),
                "stack expects each tensor to be equal size, but got ", tensors[0].sizes(),
                " at entry 0 and ", tensors[i].sizes(), " at entry ", i);
  }
  // PyTorch sizes its result as one run of n * numel elements first (with its messages).
  int64_t total;
  if (__builtin_mul_overflow(static_cast<int64_t>(tensors.size()), tensors[0].numel(), &total)) {
    check_size_nonnegative({total});  // the wrapped product, negative for two inputs
  }
  (void)storage_nbytes({total}, static_cast<size_t>(tensors[0].element_size()));
  Tensor result;
  {
    NoGradGuard no_grad;  // plumbing: stack records its own node
    std::vector<Tensor> expanded;
    for (const Tensor& t : tensors) expanded.push_back(t.unsqueeze(dim));
    result = cat(expanded, dim);
  }
  if (autograd::should_record_list(tensors)) {
    autograd::record("StackBackward0", result, tensors, [n = tensors.size(), dim](const Grads& g) {
      tensor_list grads;
      for (size_t i = 0; i < n; ++i) {
        grads.push_back(g.needs(i) ? g[0].select(dim, static_cast<int64_t>(i)) : Tensor());
      }
      return grads;
    });
  }
  return result;
}

// ---- flip / roll / repeat
// ------------------------------------------------------------------------------

Tensor Tensor::flip(IntArrayRef dims) const {
  std::vector<bool> flipped = dims_to_mask(dims, dim());
  Tensor result = empty_like_preserve(*this);
  std::vector<std::vector<int64_t>> maps(dim());
  for (int64_t d = 0; d < dim(); ++d) {
    const int64_t n = sizes()[d];
    for (int64_t j = 0; j < n; ++j) maps[d].push_back(flipped[d] ? n - 1 - j : j);
  }
  kernels::remap_kernel(result, *this, maps);
  record_unary("FlipBackward0", result, *this,
               [dims = DimVector(dims)](const Tensor& grad) { return grad.flip(dims); });
  return result;
}

Tensor Tensor::roll(IntArrayRef shifts, IntArrayRef dims) const {
  EMBER_CHECK(!shifts.empty(), "`shifts` required");
  auto record_roll = [&](const Tensor& result) {
    // The shifts back, each first reduced modulo its dim's size (-(-2^63) does not exist).
    DimVector back;
    for (size_t i = 0; i < shifts.size(); ++i) {
      const int64_t n = dims.empty() ? numel() : sizes()[maybe_wrap_dim(dims[i], dim())];
      back.push_back(n == 0 ? 0 : -(shifts[i] % n));
    }
    record_unary(
        "RollBackward0", result, *this,
        [back, dims = DimVector(dims)](const Tensor& grad) { return grad.roll(back, dims); });
    return result;
  };
  if (dims.empty() && shifts.size() == 1) {
    Tensor result;
    {
      NoGradGuard no_grad;  // plumbing: one RollBackward0 for the whole op
      result = flatten().roll(shifts, {0}).view(sizes());
    }
    return record_roll(result);
  }
  EMBER_CHECK(shifts.size() == dims.size(),
              "shifts and dimensions must align. shifts: ", shifts.size(), ", dims:", dims.size());
  // A 0-d tensor has no dimension to roll along (PyTorch does not wrap 0 as for other ops).
  EMBER_CHECK_T(IndexError, dim() > 0, "Dimension specified as ", dims[0],
                " but tensor has no dimensions");
  // Each dim's total shift, reduced into [0, n) as it is added (a sum of shifts may overflow).
  DimVector total(std::max<int64_t>(dim(), 1), 0);
  for (size_t i = 0; i < dims.size(); ++i) {
    const int64_t d = maybe_wrap_dim(dims[i], dim()), n = sizes()[d];
    if (n == 0) continue;
    const int64_t r = shifts[i] % n;
    const uint64_t sum = static_cast<uint64_t>(total[d]) + static_cast<uint64_t>(r < 0 ? r + n : r);
    total[d] = static_cast<int64_t>(sum % static_cast<uint64_t>(n));
  }
  Tensor result = detail::make_tensor(sizes(), dtype(), device());
  std::vector<std::vector<int64_t>> maps(dim());
  for (int64_t d = 0; d < dim(); ++d) {
    const int64_t n = sizes()[d];
    const int64_t s = total[d];
    for (int64_t j = 0; j < n; ++j) maps[d].push_back(j >= s ? j - s : j - s + n);
  }
  kernels::remap_kernel(result, *this, maps);
  return record_roll(result);
}

Tensor Tensor::repeat(IntArrayRef repeats) const {
  const int64_t nr = static_cast<int64_t>(repeats.size());
  EMBER_CHECK(nr >= dim(),
              "Number of dimensions of repeat dims can not be smaller than number of dimensions "
              "of tensor");
  // The source with leading 1-dims, then out viewed as [r0, s0, r1, s1, ...] and filled from the
  // source broadcast along each r_i.
  DimVector padded(nr - dim(), 1);
  for (int64_t s : sizes()) padded.push_back(s);
  DimVector target(nr);
  bool overflow = false;
  for (int64_t i = 0; i < nr; ++i) {
    overflow = __builtin_mul_overflow(padded[i], repeats[i], &target[i]) || overflow;
  }
  if (overflow) {
    // PyTorch multiplies in int64 and reports a (wrapped) negative size; one that wraps to a
    // positive size, which it would use, is an error here too.
    check_size_nonnegative(target);
    detail::fail("repeat(): the repeated sizes ", target.ref(), " overflow; repeats: ", repeats,
                 ", sizes: ", sizes());
  }
  Tensor result = detail::make_tensor(target, dtype(), device());
  // The gradient: the output's viewed as [r0, s0, r1, s1, ...], summed over the repeats.
  record_unary(
      "RepeatBackward0", result, *this,
      [sizes = DimVector(sizes()), padded, repeats = DimVector(repeats)](const Tensor& grad) {
        DimVector split, rdims;
        for (size_t i = 0; i < padded.size(); ++i) {
          rdims.push_back(static_cast<int64_t>(split.size()));
          split.push_back(repeats[i]);
          split.push_back(padded[i]);
        }
        return grad.reshape(split).sum(rdims).reshape(sizes);
      });
  if (result.numel() == 0) return result;
  Tensor src;
  {
    NoGradGuard no_grad;  // plumbing
    src = reshape(padded);
  }
  DimVector vsz, vst, ssz, sst;
  DimVector rst = contiguous_strides(target);
  for (int64_t i = 0; i < nr; ++i) {
    vsz.push_back(repeats[i]);
    vst.push_back(rst[i] * padded[i]);
    vsz.push_back(padded[i]);
    vst.push_back(rst[i]);
    ssz.push_back(repeats[i]);
    sst.push_back(0);
    ssz.push_back(padded[i]);
    sst.push_back(src.strides()[i]);
  }
  detail::copy_raw(detail::alias(result, vsz, vst, 0),
                   detail::alias(src, ssz, sst, src.storage_offset()));
  return result;
}

// ---- tril / triu / diag
// ------------------------------------------------------------------------------

Tensor Tensor::tril(int64_t diagonal) const {
  if (numel() > 0) maybe_wrap_dim(-2, dim());  // an empty tensor of any rank comes back, as PyTorch
  Tensor result = detail::make_tensor(sizes(), dtype(), device());
  kernels::triangle_kernel(result, *this, diagonal, /*upper=*/false);
  record_unary("TrilBackward0", result, *this,
               [diagonal](const Tensor& grad) { return grad.tril(diagonal); });
  return result;
}

Tensor Tensor::triu(int64_t diagonal) const {
  if (numel() > 0) maybe_wrap_dim(-2, dim());  // an empty tensor of any rank comes back, as PyTorch
  Tensor result = detail::make_tensor(sizes(), dtype(), device());
  kernels::triangle_kernel(result, *this, diagonal, /*upper=*/true);
  record_unary("TriuBackward0", result, *this,
               [diagonal](const Tensor& grad) { return grad.triu(diagonal); });
  return result;
}

Tensor Tensor::diag(int64_t k) const {
  EMBER_CHECK(dim() == 1 || dim() == 2, "matrix or a vector expected");
  if (dtype() == kHalf) throw_not_implemented("diag", dtype());
  if (dim() == 1) {
    // n = size + |k|, then an n x n result: PyTorch checks the numel before the bytes.
    const uint64_t abs_k = k >= 0 ? static_cast<uint64_t>(k) : -static_cast<uint64_t>(k);
    uint64_t un, n2;
    const bool overflow = __builtin_add_overflow(static_cast<uint64_t>(sizes()[0]), abs_k, &un) ||
                          __builtin_mul_overflow(un, un, &n2) ||
                          n2 > static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    EMBER_CHECK(!overflow, "numel: integer multiplication overflow");
    const auto n = static_cast<int64_t>(un);
    Tensor result = zeros({n, n}, TensorOptions().dtype(dtype()).device(device()));
    const int64_t start = k >= 0 ? k : static_cast<int64_t>(abs_k) * n;
    if (sizes()[0] > 0) detail::copy_raw(detail::alias(result, sizes(), {n + 1}, start), *this);
    // The gradient of the vector: the output gradient's diagonal k.
    record_unary("DiagBackward0", result, *this, [k](const Tensor& grad) { return grad.diag(k); });
    return result;
  }
  const int64_t rows = sizes()[0], cols = sizes()[1];
  const int64_t len = k >= 0 ? std::min(rows, cols - k) : std::min(rows + k, cols);
  EMBER_CHECK(len >= 0, "numel: integer multiplication overflow");
  const int64_t start = storage_offset() + (k >= 0 ? k * strides()[1] : -k * strides()[0]);
  Tensor result = detail::make_tensor({len}, dtype(), device());
  detail::copy_raw(result, detail::alias(*this, {len}, {strides()[0] + strides()[1]}, start));
  // The gradient of the matrix: zeros with the output gradient on diagonal k (written through a
  // view of the zeros, so that the formula stays differentiable).
  record_unary("DiagBackward0", result, *this, [rows, cols, k, len](const Tensor& grad) {
    Tensor g = zeros({rows, cols}, grad.options());
    if (len > 0) {
      detail::alias(g, {len}, {cols + 1}, k >= 0 ? k : -k * cols).copy_(grad);
    }
    return g;
  });
  return result;
}

// ---- free functions
// ----------------------------------------------------------------------------------

Tensor reshape(const Tensor& self, IntArrayRef shape) { return self.reshape(shape); }
Tensor flatten(const Tensor& self, int64_t start_dim, int64_t end_dim) {
  return self.flatten(start_dim, end_dim);
}
Tensor unflatten(const Tensor& self, int64_t dim, IntArrayRef sizes) {
  return self.unflatten(dim, sizes);
}
Tensor squeeze(const Tensor& self) { return self.squeeze(); }
Tensor squeeze(const Tensor& self, int64_t dim) { return self.squeeze(dim); }
Tensor unsqueeze(const Tensor& self, int64_t dim) { return self.unsqueeze(dim); }
Tensor transpose(const Tensor& self, int64_t dim0, int64_t dim1) {
  return self.transpose(dim0, dim1);
}
Tensor t(const Tensor& self) { return self.t(); }
Tensor permute(const Tensor& self, IntArrayRef dims) { return self.permute(dims); }
Tensor select(const Tensor& self, int64_t dim, int64_t index) { return self.select(dim, index); }
Tensor narrow(const Tensor& self, int64_t dim, int64_t start, int64_t length) {
  return self.narrow(dim, start, length);
}
std::vector<Tensor> unbind(const Tensor& self, int64_t dim) { return self.unbind(dim); }
std::vector<Tensor> chunk(const Tensor& self, int64_t chunks, int64_t dim) {
  return self.chunk(chunks, dim);
}
std::vector<Tensor> split(const Tensor& self, int64_t split_size, int64_t dim) {
  return self.split(split_size, dim);
}
std::vector<Tensor> split(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  return self.split(split_sizes, dim);
}
std::vector<Tensor> split_with_sizes(const Tensor& self, IntArrayRef split_sizes, int64_t dim) {
  return self.split(split_sizes, dim);
}
Tensor flip(const Tensor& self, IntArrayRef dims) { return self.flip(dims); }
Tensor roll(const Tensor& self, IntArrayRef shifts, IntArrayRef dims) {
  return self.roll(shifts, dims);
}
Tensor tril(const Tensor& self, int64_t diagonal) { return self.tril(diagonal); }
Tensor triu(const Tensor& self, int64_t diagonal) { return self.triu(diagonal); }
Tensor diag(const Tensor& self, int64_t diagonal) { return self.diag(diagonal); }

}  // namespace ember
