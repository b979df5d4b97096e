#pragma once
// Whether tensors share memory, as PyTorch's ATen/MemoryOverlap.h decides it. An op that writes a
// tensor refuses a destination whose elements alias each other (an expanded tensor) and inputs that
// partly alias it (x[1:].add_(x[:-1]) would read values it already wrote); the very same memory
// (x.add_(x)) is fine. The tests are conservative: layouts they cannot judge cheaply (overlapping
// or gapped strides) count as TooHard, which no check refuses.
#include "ember/core/Tensor.h"

namespace ember {

enum class MemOverlap { No, Yes, TooHard };
enum class MemOverlapStatus { Full, Partial, No, TooHard };

// Its elements are dense in memory and no two share an address (any order of the dims).
bool is_non_overlapping_and_dense(const Tensor& t);

// Yes when a dim of size > 1 has stride 0 (several elements, one address).
MemOverlap has_internal_overlap(const Tensor& t);
// Throws PyTorch's "unsupported operation: more than one element of the written-to tensor refers
// to a single memory location. ..." when has_internal_overlap(t) is Yes.
void assert_no_internal_overlap_slow(const Tensor& t);
inline void assert_no_internal_overlap(const Tensor& t) {
  if (!t.unsafeGetTensorImpl()->is_contiguous()) assert_no_internal_overlap_slow(t);
}

// Full: a and b are the same elements (same start, end and strides); Partial: their byte ranges in
// one storage intersect otherwise; No: they do not; TooHard: one of them is not
// non-overlapping-and-dense.
MemOverlapStatus get_overlap_status(const Tensor& a, const Tensor& b);
// Throws PyTorch's "unsupported operation: some elements of the input tensor and the written-to
// tensor refer to a single memory location. ..." for a Partial overlap.
void assert_no_partial_overlap_slow(const Tensor& a, const Tensor& b);
// The same for a Partial or a Full overlap (ops that cannot work in place: cat, gather, ...).
void assert_no_overlap_slow(const Tensor& a, const Tensor& b);
// Tensors of two storages never overlap (their status is No or TooHard): the common case is inline.
inline bool share_storage(const Tensor& a, const Tensor& b) {
  return a.unsafeGetTensorImpl()->storage().get() == b.unsafeGetTensorImpl()->storage().get();
}
inline void assert_no_partial_overlap(const Tensor& a, const Tensor& b) {
  if (share_storage(a, b)) assert_no_partial_overlap_slow(a, b);
}
inline void assert_no_overlap(const Tensor& a, const Tensor& b) {
  if (share_storage(a, b)) assert_no_overlap_slow(a, b);
}

}  // namespace ember
