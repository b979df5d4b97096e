#pragma once
// CPU kernels for reductions, scans and sorting. The reduction kernels take `out` in the keepdim
// shape: it has `in`'s number of dims, size 1 on each reduced dim; any dim where `in` has size > 1
// and `out` size 1 is reduced. Arguments are checked by the op layer (src/ops/reduce.cpp).
#include <cstdint>

#include "ember/core/Tensor.h"

namespace ember::cpu {

// out = sum / product of in, both of out's dtype (the op layer casts the input first).
void sum_kernel(const Tensor& out, const Tensor& in);
void prod_kernel(const Tensor& out, const Tensor& in);
// out = sum / count, with the count converted to out's dtype first (as PyTorch divides).
void mean_kernel(const Tensor& out, const Tensor& in);
// out = largest / smallest element (NaN if any is NaN); in and out have one dtype.
void max_kernel(const Tensor& out, const Tensor& in);
void min_kernel(const Tensor& out, const Tensor& in);
// out (bool or uint8) = whether all / any element is non-zero.
void all_kernel(const Tensor& out, const Tensor& in);
void any_kernel(const Tensor& out, const Tensor& in);
// out = the p-norm of in (same floating dtype); p may be 0, +-inf or any other value.
void norm_kernel(const Tensor& out, const Tensor& in, double p);
// out = log(sum(exp(in))) computed around the maximum; floating dtypes.
void logsumexp_kernel(const Tensor& out, const Tensor& in);
// var (or its square root) with the given correction, and optionally the mean; either output may
// be undefined. Computed in double with two passes.
void var_mean_kernel(const Tensor& var, const Tensor& mean, const Tensor& in, int64_t correction,
                     bool take_sqrt);

// Along the single dim where indices (keepdim shape) has size 1 and in does not: the index of the
// first largest / smallest element (of the first NaN if any), and its value when `values` is
// defined.
void argmax_kernel(const Tensor& values, const Tensor& indices, const Tensor& in);
void argmin_kernel(const Tensor& values, const Tensor& indices, const Tensor& in);

// Running sum / product along dim; out and in have one dtype.
void cumsum_kernel(const Tensor& out, const Tensor& in, int64_t dim);
void cumprod_kernel(const Tensor& out, const Tensor& in, int64_t dim);

// values/indices (in's shape) = in sorted along dim with std::sort's order (or std::stable_sort's),
// NaN greater than every number.
void sort_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim,
                 bool descending, bool stable);
// values/indices (size k along dim) = the k largest / smallest elements along dim.
void topk_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t k,
                 int64_t dim, bool largest, bool sorted);

// Element-wise comparisons reduced to one answer; a and b have one shape and one dtype.
bool allclose_kernel(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan);
bool equal_kernel(const Tensor& a, const Tensor& b);

}  // namespace ember::cpu
