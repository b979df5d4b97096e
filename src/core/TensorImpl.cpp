#include "ember/core/TensorImpl.h"

#include <algorithm>
#include <limits>

namespace ember {

namespace {
constexpr uint64_t kMaxBytes = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// The product of sizes as PyTorch's safe_multiplies_u64 computes it: in uint64, true once any
// partial product overflows (so [2^62, 2^62, 0] overflows but [0, 2^62, 2^62] does not).
bool multiply_sizes_overflows(IntArrayRef sizes, uint64_t* out) {
  uint64_t n = 1;
  bool overflow = false;
  for (int64_t s : sizes) overflow |= __builtin_mul_overflow(n, static_cast<uint64_t>(s), &n);
  *out = n;
  return overflow;
}

// PyTorch's TensorImpl::safe_compute_numel (a negative size counts as a huge one).
int64_t numel_or_throw(IntArrayRef sizes) {
  uint64_t n;
  const bool overflow = multiply_sizes_overflows(sizes, &n);
  EMBER_CHECK(!overflow && n <= kMaxBytes, "numel: integer multiplication overflow");
  return static_cast<int64_t>(n);
}
}  // namespace

void check_size_nonnegative(IntArrayRef sizes) {
  for (int64_t s : sizes) {
    if (s < 0) {
      detail::fail("Trying to create tensor with negative dimension ", s, ": ", sizes);
    }
  }
}

int64_t checked_numel(IntArrayRef sizes) {
  check_size_nonnegative(sizes);
  return numel_or_throw(sizes);
}

size_t storage_nbytes(IntArrayRef sizes, size_t itemsize) {
  // One pass for PyTorch's check_size_nonnegative and computeStorageNbytesContiguous.
  uint64_t n = 1;
  bool negative = false, overflow = false;
  for (int64_t s : sizes) {
    negative |= s < 0;
    overflow |= __builtin_mul_overflow(n, static_cast<uint64_t>(s), &n);
  }
  if (__builtin_expect(negative, 0)) check_size_nonnegative(sizes);
  overflow |= __builtin_mul_overflow(n, static_cast<uint64_t>(itemsize), &n);
  EMBER_CHECK(!overflow && n <= kMaxBytes,
              "Storage size calculation overflowed with sizes=", sizes);
  return static_cast<size_t>(n);
}

size_t storage_nbytes(IntArrayRef sizes, IntArrayRef strides, size_t itemsize) {
  // PyTorch's computeStorageNbytes: 1 + sum((size - 1) * stride) elements, in uint64.
  uint64_t n = 1;
  bool overflow = false;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == 0) return 0;
    uint64_t extent;
    overflow |= __builtin_mul_overflow(static_cast<uint64_t>(strides[i]),
                                       static_cast<uint64_t>(sizes[i]) - 1, &extent);
    overflow |= __builtin_add_overflow(n, extent, &n);
  }
  overflow |= __builtin_mul_overflow(n, static_cast<uint64_t>(itemsize), &n);
  EMBER_CHECK(!overflow && n <= kMaxBytes, "Storage size calculation overflowed with sizes=", sizes,
              " and strides=", strides);
  return static_cast<size_t>(n);
}

DimVector contiguous_strides(IntArrayRef sizes) {
  // In uint64: sizes with a zero dim may multiply past int64 (their strides wrap, as PyTorch's).
  DimVector strides(sizes.size());
  uint64_t s = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = static_cast<int64_t>(s);
    s *= static_cast<uint64_t>(std::max<int64_t>(sizes[i], 1));
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
  // In uint64 (the caller checked the sizes; with a zero dim the strides may wrap).
  const size_t n = sizes.size();
  strides_.resize(n);
  uint64_t stride = 1, numel = 1;
  for (size_t i = n; i-- > 0;) {
    strides_[i] = static_cast<int64_t>(stride);
    stride *= static_cast<uint64_t>(std::max<int64_t>(sizes[i], 1));
    numel *= static_cast<uint64_t>(sizes[i]);
  }
  numel_ = static_cast<int64_t>(numel);
  is_contiguous_ = true;
}

TensorImpl::TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
                       int64_t storage_offset)
    : storage_(std::move(storage)), dtype_(dtype) {
  set_sizes_and_strides(sizes, strides, storage_offset);
}

void TensorImpl::set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides,
                                       int64_t storage_offset) {
  // PyTorch's order: as_strided's checks, the storage bounds (setStrided), then the numel.
  EMBER_CHECK(sizes.size() == strides.size(), "mismatch in length of strides and shape");
  EMBER_CHECK(storage_offset >= 0, "Tensor: invalid storage offset ", storage_offset);
  for (int64_t st : strides) {
    EMBER_CHECK(
        st >= 0,
        "as_strided: Negative strides are not supported at the moment, got strides: ", strides);
  }
  const auto itemsize = static_cast<size_t>(element_size(dtype_));
  const size_t extent = storage_nbytes(sizes, strides, itemsize);
  if (extent > 0) {
    // The furthest element must lie inside the storage. PyTorch adds the offset's bytes without
    // an overflow check (so a huge offset passes there); here that overflow is an error.
    uint64_t needed;
    const bool overflow =
        __builtin_mul_overflow(static_cast<uint64_t>(storage_offset), itemsize, &needed) ||
        __builtin_add_overflow(needed, extent, &needed) || needed > kMaxBytes;
    EMBER_CHECK(!overflow, "Storage size calculation overflowed with sizes=", sizes,
                " and strides=", strides);
    EMBER_CHECK(needed <= storage_->nbytes(), "setStorage: sizes ", sizes, ", strides ", strides,
                ", storage offset ", storage_offset, ", and itemsize ", itemsize,
                " requiring a storage size of ", needed, " are out of bounds for storage of size ",
                storage_->nbytes());
  }
  const int64_t numel = numel_or_throw(sizes);
  sizes_.assign(sizes);
  strides_.assign(strides);
  storage_offset_ = storage_offset;
  numel_ = numel;
  refresh_contiguity();
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
  uint64_t numel = 1;  // checked by whoever set the sizes; uint64 for the partial products
  for (int64_t s : sizes_) numel *= static_cast<uint64_t>(s);
  numel_ = static_cast<int64_t>(numel);
  refresh_contiguity();
}

void TensorImpl::refresh_contiguity() {
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
