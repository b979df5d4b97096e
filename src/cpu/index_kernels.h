#pragma once
// CPU kernels for views, shapes and indexing: data movement by index (gather/scatter through an
// index tensor or precomputed offsets), per-dimension remapping (flip, roll), triangles, masks and
// nonzero. Operands arrive with their final shapes (broadcast views with zero strides where they
// repeat); nothing above this layer knows how these loop.
#include <cstdint>
#include <vector>

#include "ember/core/Scalar.h"
#include "ember/core/Tensor.h"
#include "kernels/types.h"

namespace ember::cpu {

using kernels::IndexErrorStyle;

// dst[i] = src_view[i + index[i] * stride] for every element i of dst. src_view has dst's shape
// with a zero stride along the indexed dimension; index (int64) has dst's shape (may broadcast).
// `stride` is in elements of src; `size` and `dim` are for bounds checks and their message.
void gather_kernel(const Tensor& dst, const Tensor& src_view, const Tensor& index, int64_t stride,
                   int64_t size, int64_t dim, IndexErrorStyle style);

// dst_view[i + index[i] * stride] = src[i] over index's shape (src of dst's dtype; src and
// dst_view have index's shape, dst_view with a zero stride along the indexed dimension).
void scatter_kernel(const Tensor& dst_view, const Tensor& src, const Tensor& index, int64_t stride,
                    int64_t size, int64_t dim, IndexErrorStyle style);

// For advanced indexing: offsets[b] = sum_k wrap(indices[k][b]) * strides[k] over the broadcast
// index shape (offsets is contiguous int64 of that shape; each indices[k] a view of it). Throws
// IndexError "index 5 is out of bounds for dimension k with size n" in element order.
void index_offsets_kernel(const Tensor& offsets, const std::vector<Tensor>& indices,
                          const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides);

// dst[d0, ..., dn] = src[map0[d0], ..., mapn[dn]] (element copy; same dtype). Each map has
// dst.size(k) entries of source positions.
void remap_kernel(const Tensor& dst, const Tensor& src,
                  const std::vector<std::vector<int64_t>>& maps);

// dst = src with the elements above (lower) or below (upper) diagonal k of each matrix of the last
// two dims set to zero. Same dtype and shape.
void triangle_kernel(const Tensor& dst, const Tensor& src, int64_t k, bool upper);

// self[i] = value where mask[i] (bool or uint8, broadcast to self's shape). value is already of
// self's dtype (a 0-d tensor).
void masked_fill_kernel(const Tensor& self, const Tensor& mask, const Tensor& value);

// Number of nonzero (true) elements.
int64_t count_nonzero_kernel(const Tensor& t);
// dst (1-D, contiguous, count_nonzero(mask) elements) = src[mask] in row-major order; src and
// mask have the same shape.
void masked_select_kernel(const Tensor& dst, const Tensor& src, const Tensor& mask);
// dst (contiguous int64 [ndim, n]) row d = coordinate d of each nonzero element of src, in
// row-major order.
void nonzero_kernel(const Tensor& dst, const Tensor& src);

}  // namespace ember::cpu
