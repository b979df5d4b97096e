#include "ember/core/MemoryOverlap.h"

#include <algorithm>

namespace ember {

namespace {

// PyTorch's compute_non_overlapping_and_dense: the dims of size > 1, ordered by stride, must have
// the strides of a contiguous tensor.
bool non_overlapping_and_dense(const TensorImpl& t) {
  if (t.is_contiguous()) return true;
  IntArrayRef sizes = t.sizes(), strides = t.strides();
  const int64_t n = t.dim();
  if (n == 1) return sizes[0] < 2 || strides[0] == 1;
  DimVector perm(n, 0);
  for (int64_t i = 0; i < n; ++i) perm[i] = i;
  // Dims of size 0 or 1 last, the others by increasing stride.
  std::stable_sort(perm.begin(), perm.end(), [&](int64_t a, int64_t b) {
    if (sizes[a] < 2) return false;
    if (sizes[b] < 2) return true;
    return strides[a] < strides[b];
  });
  int64_t expected = 1;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t size = sizes[perm[i]];
    if (size < 2) return true;
    if (strides[perm[i]] != expected) return false;
    expected *= size;
  }
  return true;
}

constexpr const char* kInternalOverlap =
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation.";
constexpr const char* kPartialOverlap =
    "unsupported operation: some elements of the input tensor and the written-to tensor refer to "
    "a single memory location. Please clone() the tensor before performing the operation.";

}  // namespace

bool is_non_overlapping_and_dense(const Tensor& t) {
  return non_overlapping_and_dense(*t.unsafeGetTensorImpl());
}

MemOverlap has_internal_overlap(const Tensor& t) {
  const TensorImpl& impl = *t.unsafeGetTensorImpl();
  if (non_overlapping_and_dense(impl)) return MemOverlap::No;
  IntArrayRef sizes = impl.sizes(), strides = impl.strides();
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (strides[i] == 0 && sizes[i] > 1) return MemOverlap::Yes;
  }
  return MemOverlap::TooHard;
}

void assert_no_internal_overlap_slow(const Tensor& t) {
  EMBER_CHECK(has_internal_overlap(t) != MemOverlap::Yes, kInternalOverlap);
}

MemOverlapStatus get_overlap_status(const Tensor& a, const Tensor& b) {
  const TensorImpl& x = *a.unsafeGetTensorImpl();
  const TensorImpl& y = *b.unsafeGetTensorImpl();
  if (&x == &y) return MemOverlapStatus::Full;
  if (x.numel() == 0 || y.numel() == 0) return MemOverlapStatus::No;
  if (!non_overlapping_and_dense(x) || !non_overlapping_and_dense(y)) {
    return MemOverlapStatus::TooHard;
  }
  if (x.storage().get() != y.storage().get()) return MemOverlapStatus::No;
  // Dense tensors: their elements fill [begin, end) exactly, so comparing ranges is exact.
  const char* x_begin = static_cast<const char*>(x.data());
  const char* x_end = x_begin + x.numel() * element_size(x.dtype());
  const char* y_begin = static_cast<const char*>(y.data());
  const char* y_end = y_begin + y.numel() * element_size(y.dtype());
  if (x_begin == y_begin && x_end == y_end) {
    return x.strides() == y.strides() ? MemOverlapStatus::Full : MemOverlapStatus::Partial;
  }
  if (x_begin < y_end && y_begin < x_end) return MemOverlapStatus::Partial;
  return MemOverlapStatus::No;
}

void assert_no_partial_overlap_slow(const Tensor& a, const Tensor& b) {
  EMBER_CHECK(get_overlap_status(a, b) != MemOverlapStatus::Partial, kPartialOverlap);
}

void assert_no_overlap_slow(const Tensor& a, const Tensor& b) {
  const MemOverlapStatus s = get_overlap_status(a, b);
  EMBER_CHECK(s != MemOverlapStatus::Partial && s != MemOverlapStatus::Full, kPartialOverlap);
}

}  // namespace ember
