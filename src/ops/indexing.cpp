// Indexing: Tensor::index / index_put_ with libtorch's TensorIndex (the same algorithm as
// libtorch's get_item/set_item: basic indices become views, tensor indices advanced indexing),
// gather, scatter, index_select, masked_fill, masked_select and nonzero. Each op records its
// autograd node (libtorch's names); the gradients that scatter into zeros go through index_put
// with accumulate, itself recorded, so that they are differentiable again.
#include "ember/ops/indexing.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/MemoryOverlap.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"
#include "kernels/table.h"
#include "ops/elementwise.h"

namespace ember {

using autograd::Grads;
using autograd::tensor_list;

namespace indexing {

Slice::Slice(std::optional<int64_t> start_index, std::optional<int64_t> stop_index,
             std::optional<int64_t> step_index) {
  step_ = step_index.value_or(1);
  EMBER_CHECK_T(ValueError, step_ != 0, "slice step cannot be zero");
  if (step_ < -INDEX_MAX) step_ = -INDEX_MAX;
  start_ = start_index.value_or(step_ < 0 ? INDEX_MAX : 0);
  stop_ = stop_index.value_or(step_ < 0 ? INDEX_MIN : INDEX_MAX);
}

std::ostream& operator<<(std::ostream& os, const Slice& s) {
  return os << s.start() << ":" << s.stop() << ":" << s.step();
}

TensorIndex::TensorIndex(const char* str) : type_(TensorIndexType::Ellipsis) {
  EMBER_CHECK_T(ValueError, std::string_view(str) == "...",
                "Expected \"...\" to represent an ellipsis index, but got \"", str, "\"");
}

std::ostream& operator<<(std::ostream& os, const TensorIndex& index) {
  switch (index.type()) {
    case TensorIndexType::None:
      return os << "None";
    case TensorIndexType::Ellipsis:
      return os << "...";
    case TensorIndexType::Integer:
      return os << index.integer();
    case TensorIndexType::Boolean:
      return os << (index.boolean() ? "true" : "false");
    case TensorIndexType::Slice:
      return os << index.slice();
    default:
      return os << index.tensor();
  }
}

}  // namespace indexing

using indexing::TensorIndex;

namespace {

// ---- Scalar values written into tensors: PyTorch converts them with an overflow check ----------

// A 0-d tensor of dtype holding value, or PyTorch's overflow error.
Tensor scalar_tensor_checked(const Scalar& value, ScalarType dtype, Device device) {
  Tensor t = detail::make_tensor({}, dtype, Device(kCPU));
  check_convertible(value, dtype);
  visit_dtype(dtype, [&]<class T>() { *static_cast<T*>(t.data_ptr()) = value.to<T>(); });
  return device.is_cpu() ? t : t.to(device);
}

// Strides of `t` as a view with `sizes` (same rank) and a zero stride along `dim`; 0-d tensors
// act as 1-element vectors.
DimVector strides_without(const Tensor& t, int64_t rank, int64_t dim) {
  DimVector st(rank, 0);
  for (int64_t d = 0; d < rank; ++d) {
    if (d != dim && d < t.dim()) st[d] = t.strides()[d];
  }
  return st;
}

int64_t nonempty_size(const Tensor& t, int64_t d) { return t.dim() == 0 ? 1 : t.sizes()[d]; }

// ---- Basic indexing: integers, slices, None, Ellipsis, bools (libtorch's applySlicing) ----------

Tensor apply_select(const Tensor& self, int64_t dim, int64_t index, int64_t real_dim) {
  EMBER_CHECK_T(IndexError, !(index == 0 && dim == 0 && self.dim() == 0),
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
  const int64_t size = dim < self.dim() ? self.sizes()[dim] : 0;
  EMBER_CHECK_T(IndexError, size >= -index && size > index, "index ", index,
                " is out of bounds for dimension ", real_dim, " with size ", size);
  return self.select(dim, index);
}

// A slice of self; `optimize`: a slice that keeps the whole dim returns self (libtorch's
// applySlice: its multi-index and set paths do, a lone slice read does not).
Tensor apply_slice(const Tensor& self, int64_t dim, const indexing::Slice& s, bool optimize) {
  EMBER_CHECK_T(ValueError, s.step() > 0, "step must be greater than zero");
  if (optimize && dim < self.dim() && s.start() == 0 && s.stop() == self.sizes()[dim] &&
      s.step() == 1) {
    return self;
  }
  return self.slice(dim, s.start(), s.stop(), s.step());
}

// x[...]: a view of all of self (libtorch's alias, AliasBackward0).
Tensor alias_of(const Tensor& self) {
  Tensor r = detail::alias(self, self.sizes(), self.strides(), self.storage_offset());
  if (autograd::should_record(self)) {
    autograd::record("AliasBackward0", r, {self}, [](const Grads& g) { return g[0]; });
  }
  return r;
}

// What a bool index selects along its new dim of size 1: [0] for true, nothing for false.
Tensor bool_to_index(bool value, Device device) {
  Tensor t = detail::make_tensor({value ? 1 : 0}, kLong, device);
  if (value) t.zero_();
  return t;
}

void record_tensor_index(const Tensor& t, std::vector<Tensor>& out, int64_t& dim) {
  out.resize(dim + 1);
  out[dim] = t;
  ++dim;
}

int64_t count_specified_dims(ArrayRef<TensorIndex> indices) {
  int64_t count = 0;
  for (const TensorIndex& i : indices) {
    if (i.is_tensor()) {
      const ScalarType st = i.tensor().scalar_type();
      count += (st == kByte || st == kBool) ? i.tensor().dim() : 1;
    } else if (!i.is_none() && !i.is_ellipsis() && !i.is_boolean()) {
      ++count;
    }
  }
  return count;
}

// Applies the basic indices as views; tensor indices are collected (undefined = a full dim).
Tensor apply_slicing(const Tensor& self, ArrayRef<TensorIndex> indices,
                     std::vector<Tensor>& tensor_indices) {
  const int64_t specified = count_specified_dims(indices);
  EMBER_CHECK_T(IndexError, specified <= self.dim(), "too many indices for tensor of dimension ",
                self.dim());
  int64_t dim = 0;
  Tensor result = self;
  for (size_t i = 0; i < indices.size(); ++i) {
    const TensorIndex& obj = indices[i];
    if (obj.is_integer()) {
      result = apply_select(result, dim, obj.integer(), static_cast<int64_t>(i));
    } else if (obj.is_slice()) {
      result = apply_slice(result, dim, obj.slice(), /*optimize=*/true);
      ++dim;
    } else if (obj.is_ellipsis()) {
      dim += self.dim() - specified;
    } else if (obj.is_none()) {
      result = result.unsqueeze(dim);
      ++dim;
    } else if (obj.is_boolean()) {
      result = result.unsqueeze(dim);
      record_tensor_index(bool_to_index(obj.boolean(), self.device()), tensor_indices, dim);
    } else {
      const Tensor& t = obj.tensor();
      const ScalarType st = t.scalar_type();
      if (t.dim() == 0 && is_integral_type(st, /*include_bool=*/true)) {
        if (st != kByte && st != kBool) {
          result = apply_select(result, dim, t.item<int64_t>(), static_cast<int64_t>(i));
        } else {
          result = result.unsqueeze(dim);
          record_tensor_index(bool_to_index(t.item<bool>(), self.device()), tensor_indices, dim);
        }
      } else {
        record_tensor_index(t, tensor_indices, dim);
      }
    }
  }
  return result;
}

// ---- Advanced indexing (integer tensors and masks) ----------------------------------------------

// The geometry shared by index and index_put_: src (self, its indexed dims made adjacent),
// the indexed dims [first, first + n), the broadcast index shape, and the element offset into src
// of each index position.
struct AdvancedIndex {
  Tensor src;
  int64_t first = 0;
  int64_t count = 0;
  DimVector index_shape;
  Tensor offsets;  // int64, index_shape
  DimVector result_shape;

  // src and a tensor of result_shape as views of shape [pre..., nb, post...].
  DimVector flat_sizes() const {
    DimVector s;
    int64_t nb = 1;
    for (int64_t v : index_shape) nb *= v;
    for (int64_t d = 0; d < first; ++d) s.push_back(src.sizes()[d]);
    s.push_back(nb);
    for (int64_t d = first + count; d < src.dim(); ++d) s.push_back(src.sizes()[d]);
    return s;
  }
  Tensor src_view() const {
    DimVector st;
    for (int64_t d = 0; d < first; ++d) st.push_back(src.strides()[d]);
    st.push_back(0);
    for (int64_t d = first + count; d < src.dim(); ++d) st.push_back(src.strides()[d]);
    return detail::alias(src, flat_sizes(), st, src.storage_offset());
  }
  Tensor offsets_view() const {
    DimVector sz = flat_sizes();
    DimVector st(sz.size(), 0);
    st[first] = 1;
    return detail::alias(offsets, sz, st, 0);
  }
};

AdvancedIndex make_advanced_index(const Tensor& self, const std::vector<Tensor>& indices) {
  EMBER_CHECK_T(IndexError, static_cast<int64_t>(indices.size()) <= self.dim(),
                "too many indices for tensor of dimension ", self.dim(), " (got ", indices.size(),
                ")");
  for (const Tensor& t : indices) {
    if (!t.defined()) continue;
    const ScalarType st = t.scalar_type();
    EMBER_CHECK_T(IndexError, st == kLong || st == kByte || st == kBool,
                  "tensors used as indices must be long, byte or bool tensors");
  }
  // Masks become one long index per mask dim (their nonzero coordinates).
  std::vector<Tensor> expanded;
  for (const Tensor& t : indices) {
    if (!t.defined() || (t.scalar_type() != kByte && t.scalar_type() != kBool)) {
      expanded.push_back(t);
      continue;
    }
    for (int64_t j = 0; j < t.dim(); ++j) {
      const int64_t src_idx = static_cast<int64_t>(expanded.size()) + j;
      EMBER_CHECK_T(IndexError, t.sizes()[j] == self.size(src_idx), "The shape of the mask ",
                    t.sizes(), " at index ", j, " does not match the shape of the indexed tensor ",
                    self.sizes(), " at index ", src_idx);
    }
    Tensor nz = t.nonzero();
    for (int64_t j = 0; j < t.dim(); ++j) expanded.push_back(nz.select(1, j));
  }
  // Broadcast the index tensors together.
  DimVector bshape;
  bool any = false;
  bool ok = true;
  for (const Tensor& t : expanded) {
    if (!t.defined()) continue;
    if (!any) {
      bshape = DimVector(t.sizes());
      any = true;
      continue;
    }
    try {
      bshape = infer_size(bshape, t.sizes());
    } catch (const Error&) {
      ok = false;
    }
  }
  if (!ok) {
    std::ostringstream shapes;
    bool firstshape = true;
    for (const Tensor& t : expanded) {
      if (!t.defined()) continue;
      shapes << (firstshape ? "" : ", ") << t.sizes();
      firstshape = false;
    }
    detail::fail<IndexError>(
        "shape mismatch: indexing tensors could not be broadcast together with shapes ",
        shapes.str());
  }
  while (static_cast<int64_t>(expanded.size()) < self.dim()) expanded.emplace_back();
  // Non-adjacent indexed dims move to the front (with their indices), as PyTorch does.
  std::vector<int64_t> indexed, rest;
  for (int64_t d = 0; d < self.dim(); ++d) (expanded[d].defined() ? indexed : rest).push_back(d);
  bool adjacent = true;
  for (size_t k = 1; k < indexed.size(); ++k)
    adjacent = adjacent && indexed[k] == indexed[k - 1] + 1;
  AdvancedIndex info;
  info.count = static_cast<int64_t>(indexed.size());
  info.index_shape = bshape;
  if (adjacent) {
    info.src = self;
    info.first = indexed.front();
  } else {
    DimVector perm;
    for (int64_t d : indexed) perm.push_back(d);
    for (int64_t d : rest) perm.push_back(d);
    info.src = self.permute(perm);
    info.first = 0;
  }
  std::vector<int64_t> sizes, strides;
  std::vector<Tensor> views;
  for (int64_t d : indexed) {
    sizes.push_back(self.sizes()[d]);
    strides.push_back(self.strides()[d]);
    // Index tensors on the CPU serve a tensor on another device too, as in PyTorch.
    const Tensor t =
        expanded[d].device() == self.device() ? expanded[d] : expanded[d].to(self.device());
    views.push_back(detail::alias(t, bshape, broadcast_strides(t.sizes(), t.strides(), bshape),
                                  t.storage_offset()));
  }
  const bool nb = std::find(bshape.begin(), bshape.end(), 0) == bshape.end();  // any index
  for (int64_t s : sizes) {
    EMBER_CHECK_T(IndexError, !(s == 0 && nb), "index is out of bounds for dimension with size 0");
  }
  info.offsets = detail::make_tensor(bshape, kLong, self.device());
  kernels::index_offsets_kernel(info.offsets, views, sizes, strides);
  for (int64_t d = 0; d < info.first; ++d) info.result_shape.push_back(info.src.sizes()[d]);
  for (int64_t v : bshape) info.result_shape.push_back(v);
  for (int64_t d = info.first + info.count; d < info.src.dim(); ++d) {
    info.result_shape.push_back(info.src.sizes()[d]);
  }
  return info;
}

// self[indices] for tensor indices (undefined: a whole dim), recording nothing.
Tensor index_raw(const Tensor& self, const std::vector<Tensor>& indices) {
  NoGradGuard no_grad;  // plumbing (the permute of non-adjacent dims)
  AdvancedIndex info = make_advanced_index(self, indices);
  (void)checked_numel(info.result_shape);  // PyTorch's view of the source checks it first
  Tensor result = detail::make_tensor(info.result_shape, self.dtype(), self.device());
  if (result.numel() == 0) return result;
  DimVector flat = info.flat_sizes();
  kernels::gather_kernel(detail::alias(result, flat, contiguous_strides(flat), 0), info.src_view(),
                         info.offsets_view(), 1, 0, 0, kernels::IndexErrorStyle::None);
  return result;
}

// Sizes without leading ones (a value of shape [1, 1, 3] sets like one of shape [3]).
IntArrayRef strip_leading_ones(IntArrayRef sizes) {
  size_t i = 0;
  while (i < sizes.size() && sizes[i] == 1) ++i;
  return sizes.slice(i, sizes.size() - i);
}

bool is_expandable_to(IntArrayRef shape, IntArrayRef desired) {
  if (shape.size() > desired.size()) return false;
  for (size_t i = 0; i < shape.size(); ++i) {
    const int64_t s = shape[shape.size() - 1 - i], t = desired[desired.size() - 1 - i];
    if (s != t && s != 1) return false;
  }
  return true;
}

// dst_view[i + offsets[i]] += values[i] over their common shape, in element order, so that
// repeated offsets add up (index_put_ with accumulate).
void accumulate_kernel(const Tensor& dst_view, const Tensor& values, const Tensor& offsets) {
  const int64_t nd = dst_view.dim(), n = dst_view.numel();
  if (n == 0) return;
  if (!dst_view.is_cpu()) {
    // Runs on a CPU copy of the whole storage (the offsets are relative to its layout).
    const auto storage_numel =
        static_cast<int64_t>(dst_view.impl()->storage()->nbytes() / dst_view.element_size());
    const Tensor whole = detail::alias(dst_view, {storage_numel}, {1}, 0);
    const Tensor host = whole.cpu();
    accumulate_kernel(
        detail::alias(host, dst_view.sizes(), dst_view.strides(), dst_view.storage_offset()),
        values.cpu(), offsets.cpu());
    detail::copy_raw(whole, host);
    return;
  }
  IntArrayRef sz = dst_view.sizes(), sd = dst_view.strides(), sv = values.strides(),
              so = offsets.strides();
  visit_dtype(dst_view.scalar_type(), [&]<class T>() {
    T* d = static_cast<T*>(dst_view.data_ptr());
    const T* v = static_cast<const T*>(values.data_ptr());
    const int64_t* o = static_cast<const int64_t*>(offsets.data_ptr());
    DimVector pos(nd, 0);
    int64_t od = 0, ov = 0, oo = 0;
    for (int64_t i = 0; i < n; ++i) {
      T& x = d[od + o[oo]];
      const T y = v[ov];
      if constexpr (std::is_same_v<T, bool>) {
        x = x || y;
      } else if constexpr (std::is_arithmetic_v<T>) {
        x = static_cast<T>(x + y);
      } else {
        x = static_cast<T>(static_cast<float>(x) + static_cast<float>(y));
      }
      for (int64_t k = nd - 1; k >= 0; --k) {  // next position, last dim fastest
        if (++pos[k] < sz[k]) {
          od += sd[k];
          ov += sv[k];
          oo += so[k];
          break;
        }
        od -= (sz[k] - 1) * sd[k];
        ov -= (sz[k] - 1) * sv[k];
        oo -= (sz[k] - 1) * so[k];
        pos[k] = 0;
      }
    }
  });
}

void check_masked_fill_shape(const Tensor& self, const Tensor& mask) {
  DimVector shape = infer_size(self.sizes(), mask.sizes());
  EMBER_CHECK(shape == DimVector(self.sizes()), "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", shape.ref());
}

// A uint8 mask (deprecated, but accepted) must hold only 0 and 1 (PyTorch's masked_fill and
// masked_select kernels check every element).
void check_mask_values(const Tensor& mask) {
  if (mask.scalar_type() != kByte || mask.numel() == 0) return;
  NoGradGuard no_grad;  // plumbing
  EMBER_CHECK(!mask.gt(1).any().item<bool>(), "Mask tensor can take 0 and 1 values only");
}

// masked_fill_ without recording or version bump (shape already checked).
void masked_fill_raw(const Tensor& self, const Tensor& mask, const Scalar& value) {
  Tensor v = scalar_tensor_checked(value, self.dtype(), self.device());
  check_mask_values(mask);
  Tensor m = detail::alias(mask, self.sizes(),
                           broadcast_strides(mask.sizes(), mask.strides(), self.sizes()),
                           mask.storage_offset());
  kernels::masked_fill_kernel(self, m, v);
}

// The mask through which index_put_ fills self (PyTorch's masked_fill_ dispatch: one mask among the
// indices and a one-element value, without accumulate), viewed to broadcast over self; otherwise
// an undefined tensor.
Tensor index_put_fill_mask(const Tensor& self, const std::vector<Tensor>& indices,
                           const Tensor& value, bool accumulate) {
  EMBER_CHECK_T(IndexError, static_cast<int64_t>(indices.size()) <= self.dim(),
                "too many indices for tensor of dimension ", self.dim(), " (got ", indices.size(),
                ")");
  if (accumulate || value.numel() != 1) return Tensor();
  Tensor mask;
  int64_t consumed = 0;
  for (const Tensor& t : indices) {
    if (!t.defined()) {
      ++consumed;
      continue;
    }
    if ((t.scalar_type() != kByte && t.scalar_type() != kBool) || mask.defined()) return Tensor();
    mask = t;
    for (int64_t j = 0; j < t.dim(); ++j) {
      EMBER_CHECK_T(IndexError, t.sizes()[j] == self.size(consumed + j), "The shape of the mask ",
                    t.sizes(), " at index ", j, " does not match the shape of the indexed tensor ",
                    self.sizes(), " at index ", consumed + j);
    }
    consumed += t.dim();
  }
  if (!mask.defined()) return Tensor();
  NoGradGuard no_grad;  // plumbing
  for (int64_t d = consumed; d < self.dim(); ++d) mask = mask.unsqueeze(-1);
  return mask;
}

// index_put_ (unless it fills through a mask) reads value and the indices while writing self:
// none of them may share memory with self.
void check_index_put_overlap(const Tensor& self, const std::vector<Tensor>& indices,
                             const Tensor& value) {
  assert_no_overlap(self, value);
  for (const Tensor& t : indices) {
    if (t.defined()) assert_no_overlap(self, t);
  }
}

// self[indices] = value (or += with accumulate), recording nothing and bumping no version.
void index_put_raw(const Tensor& self, const std::vector<Tensor>& indices, const Tensor& value,
                   bool accumulate) {
  NoGradGuard no_grad;  // plumbing
  // One mask and a one-element value: PyTorch fills through masked_fill_ (any value dtype).
  if (const Tensor mask = index_put_fill_mask(self, indices, value, accumulate); mask.defined()) {
    masked_fill_raw(self, mask, value.item());
    return;
  }
  check_index_put_overlap(self, indices, value);
  AdvancedIndex info = make_advanced_index(self, indices);
  EMBER_CHECK(is_expandable_to(value.sizes(), info.result_shape),
              "shape mismatch: value tensor of shape ", value.sizes(),
              " cannot be broadcast to indexing result of shape ", info.result_shape.ref());
  EMBER_CHECK(value.scalar_type() == self.scalar_type(),
              "Index put requires the source and destination dtypes match, got ",
              to_string(self.scalar_type()), " for the destination and ",
              to_string(value.scalar_type()), " for the source.");
  int64_t n = 1;
  for (int64_t v : info.result_shape) n *= v;
  if (n == 0) return;
  Tensor values = detail::make_tensor(info.result_shape, self.dtype(), self.device());
  detail::copy_raw(values, value);
  DimVector flat = info.flat_sizes();
  Tensor flat_values = detail::alias(values, flat, contiguous_strides(flat), 0);
  if (accumulate) {
    accumulate_kernel(info.src_view(), flat_values, info.offsets_view());
  } else {
    kernels::scatter_kernel(info.src_view(), flat_values, info.offsets_view(), 1, 0, 0,
                            kernels::IndexErrorStyle::None);
  }
}

Tensor index_put_tensors(const Tensor& self, const std::vector<Tensor>& indices,
                         const Tensor& values, bool accumulate);

// self[indices] with tensor indices, recorded as IndexBackward0: the gradient is the output's,
// summed into zeros at the places read (repeated indices add up).
Tensor index_tensors(const Tensor& self, const std::vector<Tensor>& indices) {
  Tensor result = index_raw(self, indices);
  if (autograd::should_record(self)) {
    autograd::record("IndexBackward0", result, {self},
                     [indices, sizes = DimVector(self.sizes())](const Grads& g) {
                       return index_put_tensors(zeros(sizes, g[0].options()), indices, g[0],
                                                /*accumulate=*/true);
                     });
  }
  return result;
}

// libtorch's out-of-place index_put(indices, values, accumulate), recorded as IndexPutBackward0.
Tensor index_put_tensors(const Tensor& self, const std::vector<Tensor>& indices,
                         const Tensor& values, bool accumulate) {
  Tensor result = detail::make_tensor(self.sizes(), self.dtype(), self.device());
  detail::copy_raw(result, self);
  index_put_raw(result, indices, values, accumulate);
  if (autograd::should_record(self, values)) {
    autograd::record("IndexPutBackward0", result, {self, values},
                     [indices, accumulate, vsizes = DimVector(values.sizes())](const Grads& g) {
                       Tensor gself, gvalues;
                       if (g.needs(0)) {
                         // Overwritten places get no gradient; accumulated ones keep it.
                         gself = accumulate
                                     ? g[0]
                                     : index_put_tensors(g[0], indices,
                                                         zeros(vsizes, g[0].options()), false);
                       }
                       if (g.needs(1)) gvalues = index_tensors(g[0], indices);
                       return tensor_list{gself, gvalues};
                     });
  }
  return result;
}

// dst.fill_(value) for a 0-d value tensor (libtorch's fill_.Tensor: FillBackward3).
void fill_from(Tensor& dst, const Tensor& value) {
  if (autograd::should_record(dst, value)) {
    autograd::record_inplace(dst, [&](const Tensor& self) {
      Tensor r = detail::make_tensor(self.sizes(), self.dtype(), self.device());
      detail::copy_raw(r, scalar_tensor_checked(value.item(), self.dtype(), self.device()));
      autograd::record("FillBackward3", r, {self, value}, [](const Grads& g) {
        return tensor_list{g.needs(0) ? zeros_like(g[0]) : Tensor(),
                           g.needs(1) ? g[0].sum() : Tensor()};
      });
      return r;
    });
    return;
  }
  dst.fill_(value.item());  // an expanded dst is fine, as in PyTorch
}

// libtorch's copy_to: dst = src, src broadcast to dst (leading ones of src ignored).
void copy_to(Tensor dst, const Tensor& src) {
  if (dst.sizes() == src.sizes()) {
    dst.copy_(src);
  } else if (src.dim() == 0) {
    fill_from(dst, src);
  } else {
    dst.copy_(src.view(strip_leading_ones(src.sizes())).expand(dst.sizes()));
  }
}

}  // namespace

// ---- Tensor::index / index_put_
// ------------------------------------------------------------------

Tensor Tensor::index(ArrayRef<TensorIndex> indices) const {
  EMBER_CHECK(!indices.empty(),
              "Passing an empty index list to Tensor::index() is not valid syntax");
  if (indices.size() == 1) {
    const TensorIndex& i = indices[0];
    if (i.is_integer()) return apply_select(*this, 0, i.integer(), 0);
    if (i.is_slice()) return apply_slice(*this, 0, i.slice(), /*optimize=*/false);
    if (i.is_none()) return unsqueeze(0);
    if (i.is_ellipsis()) return alias_of(*this);
    if (i.is_boolean()) {
      Tensor result = unsqueeze(0);
      return index_tensors(result, {bool_to_index(i.boolean(), device())});
    }
  }
  std::vector<Tensor> tensor_indices;
  Tensor sliced = apply_slicing(*this, indices, tensor_indices);
  if (tensor_indices.empty()) {
    return sliced.is_same(*this) ? alias_of(*this) : sliced;
  }
  return index_tensors(sliced, tensor_indices);
}

Tensor Tensor::index(std::initializer_list<TensorIndex> indices) const {
  return index(ArrayRef<TensorIndex>(indices));
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Tensor& value) const {
  return index_put_(indices, value, /*accumulate=*/false);
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Tensor& value, bool accumulate) const {
  EMBER_CHECK(!indices.empty(),
              "Passing an empty index list to Tensor::index_put_() is not valid syntax");
  if (accumulate) {  // PyTorch's index_put_(indices, values, accumulate=True): tensor indices
    for (const TensorIndex& i : indices) {
      EMBER_CHECK(i.is_tensor(), "index_put_ with accumulate=True takes tensor indices");
    }
  }
  if (indices.size() == 1 && !accumulate) {
    const TensorIndex& i = indices[0];
    if (i.is_boolean() && !i.boolean()) return const_cast<Tensor&>(*this);
    if (i.is_ellipsis()) {
      copy_to(*this, value);
      return const_cast<Tensor&>(*this);
    }
    if (i.is_none() || i.is_boolean()) {
      copy_to(unsqueeze(0), value);
      return const_cast<Tensor&>(*this);
    }
    if (i.is_integer()) {
      copy_to(apply_select(*this, 0, i.integer(), 0), value);
      return const_cast<Tensor&>(*this);
    }
    if (i.is_slice()) {
      copy_to(apply_slice(*this, 0, i.slice(), /*optimize=*/true), value);
      return const_cast<Tensor&>(*this);
    }
  }
  std::vector<Tensor> tensor_indices;
  Tensor sliced = apply_slicing(*this, indices, tensor_indices);
  if (tensor_indices.empty()) {
    copy_to(sliced, value);
    return const_cast<Tensor&>(*this);
  }
  IntArrayRef stripped = strip_leading_ones(value.sizes());
  Tensor v = stripped.size() == value.sizes().size() ? value : value.view(stripped);
  if (autograd::should_record(sliced, v)) {
    // What the in-place kernel checks, before it runs on a copy of sliced.
    if (!index_put_fill_mask(sliced, tensor_indices, v, accumulate).defined()) {
      check_index_put_overlap(sliced, tensor_indices, v);
    }
    // sliced is self or a view of it (then self's history goes through CopySlices).
    autograd::record_inplace(sliced, [&](const Tensor& s) {
      return index_put_tensors(s, tensor_indices, v, accumulate);
    });
    return const_cast<Tensor&>(*this);
  }
  index_put_raw(sliced, tensor_indices, v, accumulate);
  sliced.impl()->storage()->bump_version();
  return const_cast<Tensor&>(*this);
}

Tensor& Tensor::index_put_(ArrayRef<TensorIndex> indices, const Scalar& value) const {
  return index_put_(indices, scalar_tensor_checked(value, dtype(), device()));
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Tensor& value) const {
  return index_put_(ArrayRef<TensorIndex>(indices), value);
}
Tensor& Tensor::index_put_(std::initializer_list<TensorIndex> indices, const Scalar& value) const {
  return index_put_(ArrayRef<TensorIndex>(indices), value);
}

// ---- gather / scatter / index_select
// --------------------------------------------------------------

namespace {
// The gradient of self for gather(self, d, index): zeros with grad added at the places read.
// gather reads self[i0, ..., index[i], ...], the advanced index of `index` along d and of aranges
// along the other dims, so this is index_put with accumulate (differentiable again).
Tensor gather_backward(const Tensor& grad, IntArrayRef sizes, int64_t d, const Tensor& index) {
  if (sizes.empty()) return grad;  // 0-d self: the engine sums grad to its shape
  std::vector<Tensor> indices;
  const int64_t nd = index.dim();
  for (int64_t k = 0; k < nd; ++k) {
    if (k == d) {
      indices.push_back(index);
      continue;
    }
    DimVector shape(nd, 1);
    shape[k] = index.sizes()[k];
    indices.push_back(arange(index.sizes()[k], TensorOptions().dtype(kLong)).view(shape));
  }
  if (nd == 0) indices.push_back(index);  // a 0-d index into a vector
  return index_put_tensors(zeros(sizes, grad.options()), indices, grad, /*accumulate=*/true);
}
}  // namespace

Tensor Tensor::gather(int64_t d, const Tensor& index) const {
  d = maybe_wrap_dim(d, dim());
  Tensor result = detail::make_tensor(index.sizes(), dtype(), device());
  if (index.numel() != 0) {
    EMBER_CHECK(index.scalar_type() == kLong, "gather(): Expected dtype int64 for index");
    const int64_t nd = std::max<int64_t>(dim(), 1);
    EMBER_CHECK(std::max<int64_t>(index.dim(), 1) == nd,
                "Index tensor must have the same number of dimensions as input tensor");
    for (int64_t i = 0; i < nd; ++i) {
      if (i == d) continue;
      EMBER_CHECK(nonempty_size(index, i) <= nonempty_size(*this, i),
                  "Size does not match at dimension ", i, " expected index ", index.sizes(),
                  " to be smaller than self ", sizes(), " apart from dimension ", d);
    }
    const int64_t stride = dim() == 0 ? 1 : strides()[d];
    Tensor src = detail::alias(*this, index.sizes(), strides_without(*this, index.dim(), d),
                               storage_offset());
    kernels::gather_kernel(result, src, index, stride, nonempty_size(*this, d), d,
                           kernels::IndexErrorStyle::Bounds);
  }
  if (autograd::should_record(*this)) {
    autograd::record("GatherBackward0", result, {*this},
                     [d, index, sizes = DimVector(sizes())](const Grads& g) {
                       return gather_backward(g[0], sizes, d, index);
                     });
  }
  return result;
}

namespace {
// Checks shared by scatter with a src tensor (src defined) and with a value.
void check_scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  if (index.numel() != 0) {
    EMBER_CHECK(index.scalar_type() == kLong, "scatter(): Expected dtype int64 for index");
  }
  if (src.defined()) {
    EMBER_CHECK(self.scalar_type() == src.scalar_type(),
                "scatter(): Expected self.dtype to be equal to src.dtype");
  }
  if (index.numel() == 0) return;
  const int64_t nd = std::max<int64_t>(self.dim(), 1);
  EMBER_CHECK(nd == std::max<int64_t>(index.dim(), 1),
              "Index tensor must have the same number of dimensions as self tensor");
  bool wrong = false;
  for (int64_t d = 0; d < nd && !wrong; ++d) {
    if (d != dim && nonempty_size(index, d) > nonempty_size(self, d)) wrong = true;
  }
  if (!wrong && src.defined()) {
    for (int64_t d = 0; d < nd && !wrong; ++d) {
      if (nonempty_size(index, d) > nonempty_size(src, d)) wrong = true;
    }
  }
  if (src.defined()) {
    EMBER_CHECK(!wrong, "Expected index ", index.sizes(), " to be smaller than self ", self.sizes(),
                " apart from dimension ", dim, " and to be smaller size than src ", src.sizes());
  }
  EMBER_CHECK(!wrong, "Expected index ", index.sizes(), " to be smaller than self ", self.sizes(),
              " apart from dimension ", dim);
}

// scatter_ writes self while reading index (and src): self's elements may not alias each other,
// and neither may share memory with self.
void check_scatter_overlap(const Tensor& self, const Tensor& index, const Tensor& src) {
  assert_no_internal_overlap(self);
  assert_no_overlap(self, index);
  if (src.defined()) assert_no_overlap(self, src);
}

void scatter_into(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src_view) {
  if (index.numel() == 0) return;
  const int64_t stride = self.dim() == 0 ? 1 : self.strides()[dim];
  Tensor dst = detail::alias(self, index.sizes(), strides_without(self, index.dim(), dim),
                             self.storage_offset());
  kernels::scatter_kernel(dst, src_view, index, stride, nonempty_size(self, dim), dim,
                          kernels::IndexErrorStyle::Bounds);
}

// The scatters without recording or version bump (arguments already checked).
void scatter_src_raw(const Tensor& self, int64_t d, const Tensor& index, const Tensor& src) {
  if (index.numel() == 0) return;
  DimVector st(index.dim(), 0);
  for (int64_t i = 0; i < index.dim() && i < src.dim(); ++i) st[i] = src.strides()[i];
  scatter_into(self, d, index, detail::alias(src, index.sizes(), st, src.storage_offset()));
}

void scatter_value_raw(const Tensor& self, int64_t d, const Tensor& index, const Scalar& value) {
  if (index.numel() == 0) return;
  Tensor v = scalar_tensor_checked(value, self.dtype(), self.device());
  scatter_into(self, d, index, detail::alias(v, index.sizes(), DimVector(index.dim(), 0), 0));
}
}  // namespace

Tensor& Tensor::scatter_(int64_t d, const Tensor& index, const Tensor& src) const {
  Tensor& self = const_cast<Tensor&>(*this);
  d = maybe_wrap_dim(d, dim());
  check_scatter(self, d, index, src);
  check_scatter_overlap(self, index, src);
  if (autograd::should_record(self, src)) {
    return autograd::record_inplace(self,
                                    [&](const Tensor& s) { return s.scatter(d, index, src); });
  }
  scatter_src_raw(self, d, index, src);
  impl()->storage()->bump_version();
  return self;
}

Tensor& Tensor::scatter_(int64_t d, const Tensor& index, const Scalar& value) const {
  Tensor& self = const_cast<Tensor&>(*this);
  d = maybe_wrap_dim(d, dim());
  check_scatter(self, d, index, Tensor());
  check_scatter_overlap(self, index, Tensor());
  if (autograd::should_record(self)) {
    return autograd::record_inplace(self,
                                    [&](const Tensor& s) { return s.scatter(d, index, value); });
  }
  scatter_value_raw(self, d, index, value);
  impl()->storage()->bump_version();
  return self;
}

Tensor Tensor::scatter(int64_t d, const Tensor& index, const Tensor& src) const {
  d = maybe_wrap_dim(d, dim());
  check_scatter(*this, d, index, src);
  Tensor result = detail::make_tensor(sizes(), dtype(), device());
  detail::copy_raw(result, *this);
  scatter_src_raw(result, d, index, src);
  if (autograd::should_record(*this, src)) {
    autograd::record("ScatterBackward0", result, {*this, src}, [d, index](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0].scatter(d, index, 0) : Tensor(),
                         g.needs(1) ? g[0].gather(d, index) : Tensor()};
    });
  }
  return result;
}

Tensor Tensor::scatter(int64_t d, const Tensor& index, const Scalar& value) const {
  d = maybe_wrap_dim(d, dim());
  check_scatter(*this, d, index, Tensor());
  Tensor result = detail::make_tensor(sizes(), dtype(), device());
  detail::copy_raw(result, *this);
  scatter_value_raw(result, d, index, value);
  if (autograd::should_record(*this)) {
    autograd::record("ScatterBackward1", result, {*this},
                     [d, index](const Grads& g) { return g[0].scatter(d, index, 0); });
  }
  return result;
}

Tensor Tensor::index_select(int64_t d, const Tensor& index) const {
  d = maybe_wrap_dim(d, dim());
  const int64_t n = index.numel();
  EMBER_CHECK_T(IndexError, index.dim() <= 1, "index_select(): Index is supposed to be a vector");
  EMBER_CHECK(!(dim() == 0 && n != 1),
              "index_select(): Index to scalar can have only 1 value, got ", n, " value(s)");
  EMBER_CHECK(index.scalar_type() == kLong || index.scalar_type() == kInt,
              "index_select(): Expected dtype int32 or int64 for index");
  DimVector shape(sizes());
  if (dim() > 0) shape[d] = n;
  (void)checked_numel(shape);  // PyTorch resizes its result: the numel is checked first
  Tensor result = detail::make_tensor(shape, dtype(), device());
  Tensor idx = index.to(kLong);
  // The gradient: the output's summed into zeros along d at the indices (repeats add up).
  auto record_select = [&] {
    if (!autograd::should_record(*this)) return;
    autograd::record("IndexSelectBackward0", result, {*this},
                     [d, idx, sizes = DimVector(sizes())](const Grads& g) {
                       if (sizes.empty()) return g[0];  // 0-d self: the engine sums to it
                       std::vector<Tensor> indices(d + 1);
                       indices[d] = idx.reshape({-1});
                       return index_put_tensors(zeros(sizes, g[0].options()), indices, g[0],
                                                /*accumulate=*/true);
                     });
  };
  if (dim() > 1 && n == 0) {
    record_select();
    return result;
  }
  if (dim() > 1 && numel() == 0) {
    EMBER_CHECK(sizes()[d] > 0, "index_select(): self indexing axis dim should be positive");
  }
  DimVector ist(shape.size(), 0);
  if (dim() > 0) ist[d] = idx.dim() == 0 ? 0 : idx.strides()[0];
  const int64_t size = dim() == 0 ? 1 : sizes()[d];
  if (numel() == 0) {
    // Nothing to copy, but each index is still checked.
    for (int64_t i = 0; i < n; ++i) {
      const int64_t v = idx.reshape({-1}).select(0, i).item<int64_t>();
      EMBER_CHECK_T(IndexError, v >= 0 && v < size, "index out of range in self");
    }
    record_select();
    return result;
  }
  kernels::gather_kernel(
      result, detail::alias(*this, shape, strides_without(*this, dim(), d), storage_offset()),
      detail::alias(idx, shape, ist, idx.storage_offset()), dim() == 0 ? 1 : strides()[d], size, d,
      kernels::IndexErrorStyle::IndexSelect);
  record_select();
  return result;
}

// ---- masks and nonzero
// ------------------------------------------------------------------------------

Tensor& Tensor::masked_fill_(const Tensor& mask, const Scalar& value) const {
  Tensor& dest = const_cast<Tensor&>(*this);
  check_masked_fill_shape(dest, mask);
  assert_no_partial_overlap(dest, mask);  // (an expanded self is fine: PyTorch only warns)
  if (autograd::should_record(dest)) {
    return autograd::record_inplace(dest,
                                    [&](const Tensor& s) { return s.masked_fill(mask, value); });
  }
  masked_fill_raw(dest, mask, value);
  impl()->storage()->bump_version();
  return dest;
}

Tensor Tensor::masked_fill(const Tensor& mask, const Scalar& value) const {
  DimVector shape = infer_size(mask.sizes(), sizes());
  Tensor result = detail::make_tensor(shape, dtype(), device());
  detail::copy_raw(result, *this);
  masked_fill_raw(result, mask, value);
  if (autograd::should_record(*this)) {
    autograd::record("MaskedFillBackward0", result, {*this},
                     [mask](const Grads& g) { return g[0].masked_fill(mask, 0); });
  }
  return result;
}

namespace {
void check_masked_fill_value(const Tensor& value) {
  EMBER_CHECK(value.dim() == 0,
              "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ",
              value.dim(), " dimension(s).");
}
}  // namespace

Tensor& Tensor::masked_fill_(const Tensor& mask, const Tensor& value) const {
  Tensor& self = const_cast<Tensor&>(*this);
  check_masked_fill_value(value);
  check_masked_fill_shape(self, mask);
  assert_no_partial_overlap(self, mask);
  if (autograd::should_record(self, value)) {
    return autograd::record_inplace(self,
                                    [&](const Tensor& s) { return s.masked_fill(mask, value); });
  }
  masked_fill_raw(self, mask, value.item());
  impl()->storage()->bump_version();
  return self;
}

Tensor Tensor::masked_fill(const Tensor& mask, const Tensor& value) const {
  check_masked_fill_value(value);
  Tensor result;
  {
    NoGradGuard no_grad;  // plumbing: the Tensor overload records its own node
    result = masked_fill(mask, value.item());
  }
  if (autograd::should_record(*this, value)) {
    autograd::record("MaskedFillBackward1", result, {*this, value}, [mask](const Grads& g) {
      return tensor_list{g.needs(0) ? g[0].masked_fill(mask, 0) : Tensor(),
                         g.needs(1) ? g[0].masked_select(mask).sum() : Tensor()};
    });
  }
  return result;
}

Tensor Tensor::masked_select(const Tensor& mask) const {
  EMBER_CHECK(mask.scalar_type() == kByte || mask.scalar_type() == kBool,
              "masked_select: expected BoolTensor or ByteTensor for mask");
  DimVector shape = infer_size(mask.sizes(), sizes());
  check_mask_values(mask);
  Tensor m = detail::alias(mask, shape, broadcast_strides(mask.sizes(), mask.strides(), shape),
                           mask.storage_offset());
  Tensor s =
      detail::alias(*this, shape, broadcast_strides(sizes(), strides(), shape), storage_offset());
  // PyTorch makes a tensor of the broadcast shape first: its size check, before any counting.
  detail::check_size_like(s, dtype());
  const int64_t n = kernels::count_nonzero_kernel(m);
  Tensor result = detail::make_tensor({n}, dtype(), device());
  kernels::masked_select_kernel(result, s, m);
  if (autograd::should_record(*this)) {
    // The gradient: zeros of the broadcast shape with the output's at the selected places.
    autograd::record("MaskedSelectBackward0", result, {*this}, [mask, shape](const Grads& g) {
      return index_put_tensors(zeros(shape, g[0].options()), {mask.expand(shape)}, g[0],
                               /*accumulate=*/false);
    });
  }
  return result;
}

Tensor Tensor::nonzero() const {
  const int64_t n = kernels::count_nonzero_kernel(*this);
  // PyTorch fills the transpose: the result has strides (1, n) (and is not a view).
  Tensor base = detail::make_tensor({dim(), n}, kLong, device());
  kernels::nonzero_kernel(base, *this);
  const std::vector<int64_t> sizes{n, dim()}, strides{1, n};
  return Tensor(make_intrusive<TensorImpl>(base.impl()->storage(), kLong, IntArrayRef(sizes),
                                           IntArrayRef(strides), 0));
}

// ---- free functions
// ------------------------------------------------------------------------------

Tensor gather(const Tensor& self, int64_t dim, const Tensor& index, bool /*sparse_grad*/) {
  return self.gather(dim, index);
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& src) {
  return self.scatter(dim, index, src);
}
Tensor scatter(const Tensor& self, int64_t dim, const Tensor& index, const Scalar& value) {
  return self.scatter(dim, index, value);
}
// ---- index_add ----------------------------------------------------------------------------------
namespace {

// PyTorch's checks, in its order (dim already wrapped).
void index_add_checks(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source) {
  EMBER_CHECK_T(IndexError, index.dim() <= 1,
                "index_add_(): Index is supposed to be a vector, but got dim: ", index.dim(),
                " with type: ", to_string(index.scalar_type()), " and size: ", index.sizes());
  EMBER_CHECK(index.scalar_type() == kLong || index.scalar_type() == kInt,
              "index_add_(): Expected dtype int32/int64 for index but got: ",
              to_string(index.scalar_type()));
  EMBER_CHECK(self.scalar_type() == source.scalar_type(), "index_add_(): self (",
              to_string(self.scalar_type()), ") and source (", to_string(source.scalar_type()),
              ") must have the same scalar type");
  EMBER_CHECK(dim == 0 || dim < source.dim(), "index_add_(): Indexing dim ", dim,
              " is out of bounds of the source tensor with dim ", source.dim());
  const int64_t slices = source.dim() == 0 ? 1 : source.size(dim);
  EMBER_CHECK(index.numel() == slices, "index_add_(): Number of indices (", index.numel(),
              ") should be equal to source.size(dim): (", slices, "), for dim: ", dim);
}

// self with source's slices added at index: PyTorch's CPU algorithm (one slice after the other,
// in index order, each index checked as it comes), on a copy.
Tensor index_added(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                   const Scalar& alpha) {
  NoGradGuard no_grad;
  // alpha is a value of self's dtype (0.5 adds nothing to integers; any nonzero is true).
  Scalar a = alpha;
  if (self.scalar_type() == kBool) {
    a = Scalar(alpha.to<bool>());
  } else if (is_integral_type(self.scalar_type(), false)) {
    a = Scalar(alpha.to<int64_t>());
  }
  Tensor result = self.clone();
  const Tensor ids =
      index.to(TensorOptions().dtype(kLong).device(Device(kCPU))).contiguous().reshape({-1});
  const int64_t* id = ids.data_ptr<int64_t>();
  const int64_t size = self.dim() == 0 ? 1 : self.size(dim);
  for (int64_t i = 0; i < ids.numel(); ++i) {
    const int64_t k = id[i];
    EMBER_CHECK_T(IndexError, k >= 0 && k < size, "index out of range in self");
    Tensor slice = self.dim() == 0 ? result : result.select(dim, k);
    slice.add_(source.dim() == 0 ? source : source.select(dim, i), a);
  }
  return result;
}

}  // namespace

// index_add / index_add_ (declared in src/ops/shape.yaml).
Tensor index_add(const Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                 const Scalar& alpha) {
  const int64_t d = maybe_wrap_dim(dim, self.dim());
  index_add_checks(self, d, index, source);
  Tensor result = index_added(self, d, index, source, alpha);
  if (autograd::should_record(self, source)) {
    // PyTorch's formulas: self: grad; source: grad.index_select(dim, index) (as source's shape),
    // times alpha.
    autograd::record("IndexAddBackward0", result, {self, source},
                     [d, index, alpha, source_sizes = DimVector(source.sizes())](const Grads& g) {
                       tensor_list r{g.needs(0) ? g[0] : Tensor(), Tensor()};
                       if (g.needs(1)) {
                         Tensor s = source_sizes.empty()
                                        ? g[0].index_select(d, index.squeeze(0))
                                        : g[0].index_select(d, index).expand(source_sizes);
                         r[1] = alpha.toDouble() == 1.0 ? s : s.mul(alpha);
                       }
                       return r;
                     });
  }
  return result;
}

Tensor& index_add_(Tensor& self, int64_t dim, const Tensor& index, const Tensor& source,
                   const Scalar& alpha) {
  if (autograd::should_record(self, source)) {
    return ops::record_inplace(
        self, {source}, [&](const Tensor& s) { return index_add(s, dim, index, source, alpha); });
  }
  const int64_t d = maybe_wrap_dim(dim, self.dim());
  index_add_checks(self, d, index, source);
  const Tensor result = index_added(self, d, index, source, alpha);
  NoGradGuard no_grad;
  self.copy_(result);  // one write: the version goes up once, as PyTorch's
  return self;
}

Tensor index_select(const Tensor& self, int64_t dim, const Tensor& index) {
  return self.index_select(dim, index);
}
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Scalar& value) {
  return self.masked_fill(mask, value);
}
Tensor masked_fill(const Tensor& self, const Tensor& mask, const Tensor& value) {
  return self.masked_fill(mask, value);
}
Tensor masked_select(const Tensor& self, const Tensor& mask) { return self.masked_select(mask); }
Tensor nonzero(const Tensor& self) { return self.nonzero(); }

}  // namespace ember
