// Matrix products: argument checks with PyTorch 1.13's messages (in its order), result shapes and
// dtypes, then the CPU kernels of cpu/gemm_kernels. matmul dispatches to dot/mv/mm/bmm exactly
// as PyTorch does, so that its errors are theirs.
#include "ember/ops/linalg.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "cpu/gemm_kernels.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"

namespace ember {

namespace {

int64_t product(IntArrayRef sizes) {
  int64_t p = 1;
  for (int64_t s : sizes) p *= s;
  return p;
}

// A contiguous tensor seen with another shape of the same number of elements.
Tensor view_contiguous(const Tensor& t, IntArrayRef shape) {
  return t.as_strided(shape, contiguous_strides(shape));
}

// What PyTorch's kernels report when an operand's dtype differs from the one they dispatched on.
void check_scalar_type(ScalarType expected, ScalarType found) {
  EMBER_CHECK(expected == found, "expected scalar type ", to_string(expected), " but found ",
              to_string(found));
}

void check_gemm_dtype(std::string_view op, ScalarType t) {
  if (!cpu::gemm_supports(t)) throw_not_implemented(op, t);
}

// PyTorch converts addmm's alpha and beta to the kernel's arithmetic type (float for bfloat16)
// with c10's overflow check. bool and half have no GEMM, so nothing to check there.
void check_gemm_scalar(ScalarType t, const Scalar& s) {
  if (t == kBool || t == kHalf) return;
  check_convertible(s, t == kBFloat16 ? kFloat : t);
}

// self expanded to `target` (addmm's broadcast of its input), with Tensor.expand's messages.
Tensor expand_to(const Tensor& self, IntArrayRef target) {
  const auto nd = static_cast<int64_t>(target.size());
  EMBER_CHECK(self.dim() <= nd, "expand(ember.", to_string(self.dtype()), "Tensor{", self.sizes(),
              "}, size=", target, "): the number of sizes provided (", nd,
              ") must be greater or equal to the number of dimensions in the tensor (", self.dim(),
              ")");
  for (int64_t i = 0; i < self.dim(); ++i) {
    const int64_t d = nd - self.dim() + i, s = self.sizes()[i];
    EMBER_CHECK(s == target[d] || s == 1, "The expanded size of the tensor (", target[d],
                ") must match the existing size (", s, ") at non-singleton dimension ", d,
                ".  Target sizes: ", target, ".  Tensor sizes: ", self.sizes());
  }
  return self.as_strided(target, broadcast_strides(self.sizes(), self.strides(), target));
}

// (d0, ..., dn-2, last) -> (d0 * ... * dn-2, last): a view when the leading dims are laid out as
// one, a contiguous copy otherwise (as reshape).
Tensor fold_leading_dims(const Tensor& t, int64_t folded) {
  const int64_t nd = t.dim();
  const int64_t last = t.sizes()[nd - 1];
  bool viewable = true;
  for (int64_t i = 0; i + 2 < nd; ++i) {
    viewable = viewable && t.strides()[i] == t.strides()[i + 1] * t.sizes()[i + 1];
  }
  if (viewable) return t.as_strided({folded, last}, {t.strides()[nd - 2], t.strides()[nd - 1]});
  return view_contiguous(t.contiguous(), {folded, last});
}

// Whether matmul multiplies t (3-D or more) by a 1-D/2-D operand by folding t's batch into its
// rows (one mm/mv) rather than through bmm. As PyTorch 1.13: not for a 3-D tensor whose last two
// dims are transposed over a contiguous first one (bmm handles that without a copy).
bool should_fold(const Tensor& t, int64_t other_dim) {
  if (t.dim() < 3 || (other_dim != 1 && other_dim != 2)) return false;
  IntArrayRef sz = t.sizes(), st = t.strides();
  return !(t.dim() == 3 && other_dim == 2 && st[2] != 1 && st[0] == sz[1] * sz[2]);
}

// bmm's checks and work on a (..., n, k) and b (..., k2, p) with equal batch sizes (bs in all),
// shaped as the result `result_sizes` (..., n, p). As PyTorch: the result takes b's dtype; small
// products (n * k * p < 400) go through its "bmm" kernel, larger ones through "addmm_impl_cpu_"
// per batch, and the two report dtype errors from different sides.
Tensor batched_product(const Tensor& a, const Tensor& b, int64_t bs, int64_t n, int64_t k,
                       int64_t k2, int64_t p, IntArrayRef result_sizes) {
  EMBER_CHECK(k2 == k, "Expected size for first two dimensions of batch2 tensor to be: [", bs, ", ",
              k, "] but got: [", bs, ", ", k2, "].");
  Tensor result = detail::make_tensor(result_sizes, b.dtype(), a.device());
  if (result.numel() == 0) return result;
  if (k == 0) {
    result.zero_();
    return result;
  }
  if (n * k * p < 400) {
    check_gemm_dtype("bmm", a.dtype());
    check_scalar_type(a.dtype(), b.dtype());
  } else {
    check_gemm_dtype("addmm_impl_cpu_", b.dtype());
    check_scalar_type(b.dtype(), a.dtype());
  }
  cpu::gemm_kernel(result, a, b, 0, 1);
  return result;
}

}  // namespace

Tensor mm(const Tensor& self, const Tensor& mat2) {
  EMBER_CHECK(self.dim() == 2, "self must be a matrix");
  EMBER_CHECK(mat2.dim() == 2, "mat2 must be a matrix");
  const int64_t m = self.sizes()[0], k = self.sizes()[1], n = mat2.sizes()[1];
  EMBER_CHECK(k == mat2.sizes()[0], "mat1 and mat2 shapes cannot be multiplied (", m, "x", k,
              " and ", mat2.sizes()[0], "x", n, ")");
  Tensor result = detail::make_tensor({m, n}, self.dtype(), self.device());
  if (result.numel() == 0) return result;
  if (k == 0) {
    result.zero_();
    return result;
  }
  check_gemm_dtype("addmm_impl_cpu_", self.dtype());
  check_scalar_type(self.dtype(), mat2.dtype());
  cpu::gemm_kernel(result, self, mat2, 0, 1);
  return result;
}

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
             const Scalar& alpha) {
  EMBER_CHECK(self.dtype() == mat2.dtype(), "self and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dtype() == mat2.dtype(), "mat1 and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dim() == 2, "mat1 must be a matrix, got ", mat1.dim(), "-D tensor");
  EMBER_CHECK(mat2.dim() == 2, "mat2 must be a matrix, got ", mat2.dim(), "-D tensor");
  const int64_t m = mat1.sizes()[0], k = mat1.sizes()[1], n = mat2.sizes()[1];
  EMBER_CHECK(k == mat2.sizes()[0], "mat1 and mat2 shapes cannot be multiplied (", m, "x", k,
              " and ", mat2.sizes()[0], "x", n, ")");
  const Tensor input = expand_to(self, {m, n});
  Tensor result = detail::make_tensor({m, n}, mat1.dtype(), mat1.device());
  if (result.numel() == 0) return result;
  const bool beta_zero = beta.toDouble() == 0.0;
  if (k == 0) {  // an empty sum: beta * self
    if (beta_zero) {
      result.zero_();
    } else {
      // result.mul_(beta), with the in-place cast rule.
      const ScalarType rt = result_type(result, beta);
      EMBER_CHECK(can_cast(rt, result.dtype()), "result type ", to_string(rt),
                  " can't be cast to the desired output type ", to_string(result.dtype()));
      result.copy_(input);
      cpu::scale_kernel(result, beta);
    }
    return result;
  }
  if (!beta_zero) result.copy_(input);  // with beta == 0, self is ignored (NaN included)
  check_gemm_dtype("addmm_impl_cpu_", result.dtype());
  check_gemm_scalar(result.dtype(), alpha);
  check_gemm_scalar(result.dtype(), beta);
  cpu::gemm_kernel(result, mat1, mat2, beta_zero ? Scalar(0) : beta, alpha);
  return result;
}

Tensor bmm(const Tensor& self, const Tensor& mat2) {
  EMBER_CHECK(self.dim() == 3, "batch1 must be a 3D tensor");
  EMBER_CHECK(mat2.dim() == 3, "batch2 must be a 3D tensor");
  const int64_t bs = self.sizes()[0], n = self.sizes()[1], k = self.sizes()[2];
  const int64_t p = mat2.sizes()[2];
  EMBER_CHECK(mat2.sizes()[0] == bs && mat2.sizes()[1] == k,
              "Expected size for first two dimensions of batch2 tensor to be: [", bs, ", ", k,
              "] but got: [", mat2.sizes()[0], ", ", mat2.sizes()[1], "].");
  return batched_product(self, mat2, bs, n, k, k, p, {bs, n, p});
}

Tensor mv(const Tensor& self, const Tensor& vec) {
  // PyTorch computes mv as addmv into an empty vector of self.size(0) elements with vec's dtype.
  const int64_t m = self.size(0);
  EMBER_CHECK(self.dim() == 2 && vec.dim() == 1, "vector + matrix @ vector expected, got 1, ",
              self.dim(), ", ", vec.dim());
  const int64_t k = self.sizes()[1];
  EMBER_CHECK(k == vec.sizes()[0], "size mismatch, got ", m, ", ", m, "x", k, ",", vec.sizes()[0]);
  Tensor result = detail::make_tensor({m}, vec.dtype(), vec.device());
  if (self.numel() == 0) {
    result.zero_();
    return result;
  }
  check_gemm_dtype("addmv_impl_cpu", self.dtype());
  check_scalar_type(self.dtype(), vec.dtype());
  cpu::gemm_kernel(result.as_strided({m, 1}, {1, 1}), self,
                   vec.as_strided({k, 1}, {vec.strides()[0], 0}), 0, 1);
  return result;
}

Tensor dot(const Tensor& self, const Tensor& other) {
  EMBER_CHECK(self.dim() == 1 && other.dim() == 1, "1D tensors expected, but got ", self.dim(),
              "D and ", other.dim(), "D tensors");
  EMBER_CHECK(self.dtype() == other.dtype(),
              "dot : expected both vectors to have same dtype, but found ", to_string(self.dtype()),
              " and ", to_string(other.dtype()));
  const int64_t k = self.numel();
  EMBER_CHECK(k == other.numel(), "inconsistent tensor size, expected tensor [", k, "] and src [",
              other.numel(), "] to have the same number of elements, but got ", k, " and ",
              other.numel(), " elements respectively");
  check_gemm_dtype("dot", self.dtype());
  Tensor result = detail::make_tensor({}, self.dtype(), self.device());
  cpu::gemm_kernel(result.as_strided({1, 1}, {1, 1}),
                   self.as_strided({1, k}, {0, self.strides()[0]}),
                   other.as_strided({k, 1}, {other.strides()[0], 0}), 0, 1);
  return result;
}

Tensor outer(const Tensor& self, const Tensor& vec2) {
  EMBER_CHECK(self.dim() == 1, "outer: Expected 1-D argument self, but got ", self.dim(), "-D");
  EMBER_CHECK(vec2.dim() == 1, "outer: Expected 1-D argument vec2, but got ", vec2.dim(), "-D");
  // PyTorch computes self.reshape({n, 1}) * vec2: the dtypes promote as for `*`.
  const ScalarType dt = result_type(self, vec2);
  Tensor result = detail::make_tensor({self.numel(), vec2.numel()}, dt, self.device());
  cpu::outer_kernel(result, self.to(dt), vec2.to(dt));
  return result;
}

Tensor matmul(const Tensor& tensor1, const Tensor& tensor2) {
  const int64_t d1 = tensor1.dim(), d2 = tensor2.dim();
  EMBER_CHECK(d1 != 0 && d2 != 0, "both arguments to matmul need to be at least 1D, but they are ",
              d1, "D and ", d2, "D");
  if (d1 == 1 && d2 == 1) return dot(tensor1, tensor2);
  if (d1 == 2 && d2 == 1) return mv(tensor1, tensor2);
  if (d1 == 1 && d2 == 2) {
    const int64_t k = tensor1.sizes()[0];
    Tensor r =
        mm(tensor1.as_strided({1, k}, {k * tensor1.strides()[0], tensor1.strides()[0]}), tensor2);
    return view_contiguous(r, {r.sizes()[1]});
  }
  if (d1 == 2 && d2 == 2) return mm(tensor1, tensor2);
  if (should_fold(tensor1, d2) || should_fold(tensor2, d1)) {
    // The larger operand (transposed if it is the second) folds its batch into its rows: one mm
    // or mv. For a larger second operand, (A @ B) = (B^T @ A^T)^T.
    const bool transpose = d2 > d1;
    const Tensor t1 = transpose ? tensor2.transpose(-2, -1) : tensor1;
    const Tensor t2 = !transpose ? tensor2 : (d1 == 2 ? tensor1.t() : tensor1);
    DimVector output_shape(t1.sizes().slice(0, t1.dim() - 1));
    const int64_t folded = product(output_shape);
    const Tensor t1_folded = fold_leading_dims(t1, folded);
    if (t2.dim() == 2) {
      output_shape.push_back(t2.sizes()[1]);
      const Tensor output = view_contiguous(mm(t1_folded, t2), output_shape);
      return transpose ? output.transpose(-2, -1).contiguous() : output;
    }
    return view_contiguous(mv(t1_folded, t2), output_shape);
  }
  // Batches of matrices: the batch dims (all but the last two) broadcast; a 1-D operand is a
  // row (first) or column (second) vector.
  const int64_t n = d1 > 1 ? tensor1.sizes()[d1 - 2] : 1;
  const int64_t m1 = tensor1.sizes()[d1 - 1];
  const IntArrayRef batch1 = tensor1.sizes().slice(0, std::max<int64_t>(d1 - 2, 0));
  const int64_t m2 = d2 > 1 ? tensor2.sizes()[d2 - 2] : tensor2.sizes()[0];
  const int64_t p = d2 > 1 ? tensor2.sizes()[d2 - 1] : 1;
  const IntArrayRef batch2 = tensor2.sizes().slice(0, std::max<int64_t>(d2 - 2, 0));
  const DimVector batch = infer_size(batch1, batch2);
  const int64_t bs = product(batch);

  auto as_batch_of_matrices = [&](const Tensor& t, int64_t rows, int64_t cols, bool column) {
    Tensor mat = t;
    if (t.dim() == 1) {
      mat = column ? t.as_strided({rows, 1}, {t.strides()[0], 0})
                   : t.as_strided({1, cols}, {0, t.strides()[0]});
    }
    DimVector target(batch);
    target.push_back(rows);
    target.push_back(cols);
    return mat.as_strided(target, broadcast_strides(mat.sizes(), mat.strides(), target));
  };
  const Tensor a = as_batch_of_matrices(tensor1, n, m1, false);
  const Tensor b = as_batch_of_matrices(tensor2, m2, p, true);
  DimVector result_sizes(batch);
  result_sizes.push_back(n);
  result_sizes.push_back(p);
  Tensor result = batched_product(a, b, bs, n, m1, m2, p, result_sizes);
  DimVector output_shape(batch);
  if (d1 > 1) output_shape.push_back(n);
  if (d2 > 1) output_shape.push_back(p);
  return view_contiguous(result, output_shape);
}

// ---- the methods ----------------------------------------------------------------------------

Tensor Tensor::matmul(const Tensor& other) const { return ember::matmul(*this, other); }
Tensor Tensor::mm(const Tensor& mat2) const { return ember::mm(*this, mat2); }
Tensor Tensor::bmm(const Tensor& mat2) const { return ember::bmm(*this, mat2); }
Tensor Tensor::mv(const Tensor& vec) const { return ember::mv(*this, vec); }
Tensor Tensor::dot(const Tensor& other) const { return ember::dot(*this, other); }
Tensor Tensor::outer(const Tensor& vec2) const { return ember::outer(*this, vec2); }
Tensor Tensor::addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
                     const Scalar& alpha) const {
  return ember::addmm(*this, mat1, mat2, beta, alpha);
}

}  // namespace ember
