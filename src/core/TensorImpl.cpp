#include "ember/core/TensorImpl.h"

#include <algorithm>
#include <limits>

namespace ember {

int64_t checked_numel(IntArrayRef sizes) {
  int64_t n = 1;
  bool overflow = false;
  for (int64_t s : sizes) {
    if (s < 0) {
      detail::fail("Trying to create tensor with negative dimension ", s, ": ", sizes);
    }
    overflow = overflow || __builtin_mul_overflow(n, s, &n);
  }
  EMBER_CHECK(!overflow, "numel: integer multiplication overflow");
  return n;
}

DimVector contiguous_strides(IntArrayRef sizes) {
  DimVector strides(sizes.size());
  int64_t s = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = s;
    s *= std::max<int64_t>(sizes[i], 1);
  }
  return strides;
}

void TensorImpl::destroy(TensorImpl* t) noexcept { delete t; }

TensorImpl::~TensorImpl() {
  if (grad_fn_) autograd::release_node(std::move(grad_fn_));
  delete autograd_meta_.load(std::memory_order_relaxed);
}

AutogradMetaInterface* TensorImpl::install_autograd_meta(std::unique_ptr<AutogradMetaInterface> m) {
  AutogradMetaInterface* expected = nullptr;
  if (autograd_meta_.compare_exchange_strong(expected, m.get(), std::memory_order_acq_rel)) {
    return m.release();
  }
  return expected;  // another thread's; m is freed
}

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes)
    : storage_(std::move(storage)), sizes_(sizes), dtype_(dtype) {
  // Contiguous strides, the element count and contiguity in one pass (what refresh() finds).
  const size_t n = sizes.size();
  strides_.resize(n);
  int64_t stride = 1, numel = 1;
  for (size_t i = n; i-- > 0;) {
    strides_[i] = stride;
    stride *= std::max<int64_t>(sizes[i], 1);
    numel *= sizes[i];
  }
  numel_ = numel;
  is_contiguous_ = true;
}

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
                       int64_t storage_offset)
    : storage_(std::move(storage)), dtype_(dtype) {
  set_sizes_and_strides(sizes, strides, storage_offset);
}

void TensorImpl::set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides,
                                       int64_t storage_offset) {
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  EMBER_CHECK(storage_offset >= 0, "Tensor: invalid storage offset ", storage_offset);
  int64_t numel = checked_numel(sizes);
  for (int64_t st : strides) {
    EMBER_CHECK(
        st >= 0,
        "as_strided: Negative strides are not supported at the moment, got strides: ", strides);
  }
  // The furthest element must lie inside the storage.
  if (numel > 0) {
    int64_t last = storage_offset;
    for (size_t i = 0; i < sizes.size(); ++i) last += (sizes[i] - 1) * strides[i];
    int64_t needed = (last + 1) * element_size(dtype_);
    EMBER_CHECK(needed <= static_cast<int64_t>(storage_->nbytes()), "setStorage: sizes ", sizes,
                ", strides ", strides, ", storage offset ", storage_offset, ", and itemsize ",
                element_size(dtype_), " requiring a storage size of ", needed,
                " are out of bounds for storage of size ", storage_->nbytes());
  }
  sizes_.assign(sizes);
  strides_.assign(strides);
  storage_offset_ = storage_offset;
  refresh();
}

void TensorImpl::shallow_copy_data_from(const TensorImpl& src) {
  storage_ = src.storage_;
  dtype_ = src.dtype_;
  sizes_ = src.sizes_;
  strides_ = src.strides_;
  storage_offset_ = src.storage_offset_;
  refresh();
}

void TensorImpl::refresh() {
  numel_ = 1;
  for (int64_t s : sizes_) numel_ *= s;
  // PyTorch's rule: dims of size 1 may have any stride; an empty tensor is contiguous.
  is_contiguous_ = true;
  if (numel_ == 0) return;
  int64_t expected = 1;
  for (size_t i = sizes_.size(); i-- > 0;) {
    if (sizes_[i] == 1) continue;
    if (strides_[i] != expected) {
      is_contiguous_ = false;
      return;
    }
    expected *= sizes_[i];
  }
}

}  // namespace ember
