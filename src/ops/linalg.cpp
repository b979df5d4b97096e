// Matrix products: argument checks with PyTorch 1.13's messages (in its order), result shapes and
// dtypes, then the CPU kernels of cpu/gemm_kernels. matmul dispatches to dot/mv/mm/bmm exactly
// as PyTorch does, so that its errors are theirs; while recording it is PyTorch's composite (its
// graph holds the inner views and products). mm/bmm/mv/dot/addmm record their own nodes; outer
// is PyTorch's composite reshape * vec2.
#include "ember/ops/linalg.h"

#include <cmath>
#include <limits>
#include <type_traits>

#include "autograd/function.h"
#include "core/wrapping.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "kernels/table.h"

namespace ember {

namespace {

// The number of elements of these (batch) sizes; "numel: integer multiplication overflow" past
// int64, as PyTorch's expand of the operands to them reports.
int64_t product(IntArrayRef sizes) { return checked_numel(sizes); }

// A contiguous tensor seen with another shape of the same number of elements.
Tensor view_contiguous(const Tensor& t, IntArrayRef shape) {
  return detail::alias(t, shape, contiguous_strides(shape), t.storage_offset());
}

// What PyTorch's kernels report when an operand's dtype differs from the one they dispatched on.
void check_scalar_type(ScalarType expected, ScalarType found) {
  EMBER_CHECK(expected == found, "expected scalar type ", to_string(expected), " but found ",
              to_string(found));
}

void check_gemm_dtype(std::string_view op, const Tensor& t) {
  if (!kernels::gemm_supports(t.device(), t.scalar_type()))
    throw_not_implemented(op, t.scalar_type());
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
  return detail::alias(self, target, broadcast_strides(self.sizes(), self.strides(), target),
                       self.storage_offset());
}

// (d0, ..., dn-2, last) -> (d0 * ... * dn-2, last): a view when the leading dims are laid out as
// one, a contiguous copy otherwise (as reshape).
Tensor fold_leading_dims(const Tensor& t, int64_t folded) {
  const int64_t nd = t.dim();
  const int64_t last = t.sizes()[nd - 1];
  bool viewable = true;
  for (int64_t i = 0; i + 2 < nd; ++i) {
    viewable = viewable && t.strides()[i] == wrapping::mul(t.strides()[i + 1], t.sizes()[i + 1]);
  }
  if (viewable) {
    return detail::alias(t, {folded, last}, {t.strides()[nd - 2], t.strides()[nd - 1]},
                         t.storage_offset());
  }
  return view_contiguous(t.contiguous(), {folded, last});
}

// Whether matmul multiplies t (3-D or more) by a 1-D/2-D operand by folding t's batch into its
// rows (one mm/mv) rather than through bmm. As PyTorch 1.13: not for a 3-D tensor whose last two
// dims are transposed over a contiguous first one (bmm handles that without a copy).
bool should_fold(const Tensor& t, int64_t other_dim) {
  if (t.dim() < 3 || (other_dim != 1 && other_dim != 2)) return false;
  IntArrayRef sz = t.sizes(), st = t.strides();
  return !(t.dim() == 3 && other_dim == 2 && st[2] != 1 && st[0] == wrapping::mul(sz[1], sz[2]));
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
  if (static_cast<double>(n) * static_cast<double>(k) * static_cast<double>(p) < 400) {
    check_gemm_dtype("bmm", a);
    check_scalar_type(a.dtype(), b.dtype());
  } else {
    check_gemm_dtype("addmm_impl_cpu_", b);
    check_scalar_type(b.dtype(), a.dtype());
  }
  kernels::gemm_kernel(result, a, b, 0, 1);
  return result;
}

// t seen with other sizes and strides from its own offset: kernel plumbing, never recorded.
Tensor strided(const Tensor& t, IntArrayRef sizes, IntArrayRef strides) {
  return detail::alias(t, sizes, strides, t.storage_offset());
}

// ---- Forward kernels (run with grad mode off by the public ops) --------------------------------

Tensor mm_impl(const Tensor& self, const Tensor& mat2) {
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
  check_gemm_dtype("addmm_impl_cpu_", self);
  check_scalar_type(self.dtype(), mat2.dtype());
  kernels::gemm_kernel(result, self, mat2, 0, 1);
  return result;
}

Tensor addmm_impl(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
                  const Scalar& alpha) {
  EMBER_CHECK(self.dtype() == mat2.dtype(), "self and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dtype() == mat2.dtype(), "mat1 and mat2 must have the same dtype");
  EMBER_CHECK(mat1.dim() == 2, "mat1 must be a matrix, got ", mat1.dim(), "-D tensor");
  EMBER_CHECK(mat2.dim() == 2, "mat2 must be a matrix, got ", mat2.dim(), "-D tensor");
  const int64_t m = mat1.sizes()[0], k = mat1.sizes()[1], n = mat2.sizes()[1];
  EMBER_CHECK(k == mat2.sizes()[0], "mat1 and mat2 shapes cannot be multiplied (", m, "x", k,
              " and ", mat2.sizes()[0], "x", n, ")");
  Tensor result = detail::make_tensor({m, n}, mat1.dtype(), mat1.device());  // PyTorch's order
  const Tensor input = expand_to(self, {m, n});
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
      kernels::scale_kernel(result, beta);
    }
    return result;
  }
  if (!beta_zero) result.copy_(input);  // with beta == 0, self is ignored (NaN included)
  check_gemm_dtype("addmm_impl_cpu_", result);
  check_gemm_scalar(result.dtype(), alpha);
  check_gemm_scalar(result.dtype(), beta);
  kernels::gemm_kernel(result, mat1, mat2, beta_zero ? Scalar(0) : beta, alpha);
  return result;
}

Tensor bmm_impl(const Tensor& self, const Tensor& mat2) {
  EMBER_CHECK(self.dim() == 3, "batch1 must be a 3D tensor");
  EMBER_CHECK(mat2.dim() == 3, "batch2 must be a 3D tensor");
  const int64_t bs = self.sizes()[0], n = self.sizes()[1], k = self.sizes()[2];
  const int64_t p = mat2.sizes()[2];
  EMBER_CHECK(mat2.sizes()[0] == bs && mat2.sizes()[1] == k,
              "Expected size for first two dimensions of batch2 tensor to be: [", bs, ", ", k,
              "] but got: [", mat2.sizes()[0], ", ", mat2.sizes()[1], "].");
  return batched_product(self, mat2, bs, n, k, k, p, {bs, n, p});
}

Tensor mv_impl(const Tensor& self, const Tensor& vec) {
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
  check_gemm_dtype("addmv_impl_cpu", self);
  check_scalar_type(self.dtype(), vec.dtype());
  kernels::gemm_kernel(strided(result, {m, 1}, {1, 1}), self,
                       strided(vec, {k, 1}, {vec.strides()[0], 0}), 0, 1);
  return result;
}

Tensor dot_impl(const Tensor& self, const Tensor& other) {
  EMBER_CHECK(self.dim() == 1 && other.dim() == 1, "1D tensors expected, but got ", self.dim(),
              "D and ", other.dim(), "D tensors");
  EMBER_CHECK(self.dtype() == other.dtype(),
              "dot : expected both vectors to have same dtype, but found ", to_string(self.dtype()),
              " and ", to_string(other.dtype()));
  const int64_t k = self.numel();
  EMBER_CHECK(k == other.numel(), "inconsistent tensor size, expected tensor [", k, "] and src [",
              other.numel(), "] to have the same number of elements, but got ", k, " and ",
              other.numel(), " elements respectively");
  check_gemm_dtype("dot", self);
  Tensor result = detail::make_tensor({}, self.dtype(), self.device());
  kernels::gemm_kernel(strided(result, {1, 1}, {1, 1}),
                       strided(self, {1, k}, {0, self.strides()[0]}),
                       strided(other, {k, 1}, {other.strides()[0], 0}), 0, 1);
  return result;
}

void check_outer(const Tensor& self, const Tensor& vec2) {
  EMBER_CHECK(self.dim() == 1, "outer: Expected 1-D argument self, but got ", self.dim(), "-D");
  EMBER_CHECK(vec2.dim() == 1, "outer: Expected 1-D argument vec2, but got ", vec2.dim(), "-D");
}

Tensor outer_impl(const Tensor& self, const Tensor& vec2) {
  check_outer(self, vec2);
  // PyTorch computes self.reshape({n, 1}) * vec2: the dtypes promote as for `*`.
  const ScalarType dt = result_type(self, vec2);
  Tensor result = detail::make_tensor({self.numel(), vec2.numel()}, dt, self.device());
  kernels::outer_kernel(result, self.to(dt), vec2.to(dt));
  return result;
}

// matmul without recording: the same dispatch as PyTorch's, with views as plumbing.
Tensor matmul_impl(const Tensor& tensor1, const Tensor& tensor2) {
  const int64_t d1 = tensor1.dim(), d2 = tensor2.dim();
  if (d1 == 1 && d2 == 1) return dot_impl(tensor1, tensor2);
  if (d1 == 2 && d2 == 1) return mv_impl(tensor1, tensor2);
  if (d1 == 1 && d2 == 2) {
    const int64_t k = tensor1.sizes()[0];
    Tensor r = mm_impl(
        strided(tensor1, {1, k}, {wrapping::mul(k, tensor1.strides()[0]), tensor1.strides()[0]}),
        tensor2);
    r.impl()->storage()->bump_version();  // PyTorch squeezes the product in place
    return view_contiguous(r, {r.sizes()[1]});
  }
  if (d1 == 2 && d2 == 2) return mm_impl(tensor1, tensor2);
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
      const Tensor output = view_contiguous(mm_impl(t1_folded, t2), output_shape);
      return transpose ? output.transpose(-2, -1).contiguous() : output;
    }
    return view_contiguous(mv_impl(t1_folded, t2), output_shape);
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
      mat = column ? strided(t, {rows, 1}, {t.strides()[0], 0})
                   : strided(t, {1, cols}, {0, t.strides()[0]});
    }
    DimVector target(batch);
    target.push_back(rows);
    target.push_back(cols);
    return strided(mat, target, broadcast_strides(mat.sizes(), mat.strides(), target));
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

// ---- Derivatives (PyTorch's formulas, in tensor ops so that create_graph records them) ---------

// t * s, skipped when s is 1 (PyTorch's maybe_multiply).
Tensor maybe_multiply(const Tensor& t, const Scalar& s) {
  const bool is_one = s.isFloatingPoint() ? s.toDouble() == 1.0
                                          : s.isIntegral(/*include_bool=*/false) && s.toLong() == 1;
  return is_one ? t : t * s;
}

// The gradients of mm/addmm's matrices. A column-major matrix gets a column-major gradient.
Tensor mm_mat1_backward(const Tensor& grad, const Tensor& mat2, IntArrayRef sizes,
                        IntArrayRef strides, const Scalar& alpha) {
  if (strides[0] == 1 && strides[1] == sizes[0]) {
    return maybe_multiply(mat2.mm(grad.t()).t(), alpha);
  }
  return maybe_multiply(grad.mm(mat2.t()), alpha);
}
Tensor mm_mat2_backward(const Tensor& grad, const Tensor& mat1, IntArrayRef sizes,
                        IntArrayRef strides, const Scalar& alpha) {
  if (strides[0] == 1 && strides[1] == sizes[0]) {
    return maybe_multiply(grad.t().mm(mat1).t(), alpha);
  }
  return maybe_multiply(mat1.t().mm(grad), alpha);
}

// PyTorch's _unsafe_view inside matmul: the fresh product t seen with the result's shape. The
// result is not a view of t (nothing else sees t), and records UnsafeViewBackward0.
Tensor unsafe_view(const Tensor& t, IntArrayRef shape) {
  Tensor r;
  {
    NoGradGuard no_grad;
    r = view_contiguous(t, shape);
  }
  if (autograd::should_record(t)) {
    autograd::record(
        "UnsafeViewBackward0", r, {t},
        [sizes = DimVector(t.sizes())](const autograd::Grads& g) { return g[0].reshape(sizes); });
  }
  return r;
}

// PyTorch's squeeze_(0) on matmul's fresh [1, p] product (1-D @ 2-D): SqueezeBackward3, and a
// version bump as any in-place op.
Tensor squeeze_row(const Tensor& t) {
  Tensor r;
  {
    NoGradGuard no_grad;
    r = strided(t, {t.sizes()[1]}, {t.strides()[1]});
  }
  r.impl()->storage()->bump_version();
  if (autograd::should_record(t)) {
    autograd::record("SqueezeBackward3", r, {t},
                     [](const autograd::Grads& g) { return g[0].unsqueeze(0); });
  }
  return r;
}

// matmul while recording: PyTorch's matmul is a composite whose inner ops (views, reshapes,
// mm/mv/bmm, contiguous) are what the graph records, so this calls the public ops in its order.
Tensor matmul_recorded(const Tensor& tensor1, const Tensor& tensor2) {
  const int64_t d1 = tensor1.dim(), d2 = tensor2.dim();
  if (d1 == 1 && d2 == 1) return dot(tensor1, tensor2);
  if (d1 == 2 && d2 == 1) return mv(tensor1, tensor2);
  if (d1 == 1 && d2 == 2) return squeeze_row(mm(tensor1.unsqueeze(0), tensor2));
  if (d1 == 2 && d2 == 2) return mm(tensor1, tensor2);
  if (should_fold(tensor1, d2) || should_fold(tensor2, d1)) {
    const bool transpose = d2 > d1;
    const Tensor t1 = transpose ? tensor2.mT() : tensor1;
    const Tensor t2 = !transpose ? tensor2 : (d1 == 2 ? tensor1.t() : tensor1);
    DimVector output_shape(t1.sizes().slice(0, t1.dim() - 1));
    const Tensor t1_folded = t1.reshape({product(output_shape), t1.sizes()[t1.dim() - 1]});
    if (t2.dim() == 2) {
      output_shape.push_back(t2.sizes()[1]);
      const Tensor output = unsafe_view(mm(t1_folded, t2), output_shape);
      return transpose ? output.mT().contiguous() : output;
    }
    return unsafe_view(mv(t1_folded, t2), output_shape);
  }
  // Both operands have two dims or more here (a 1-D one always folds): broadcast the batch dims,
  // flatten them, one bmm.
  const int64_t n = tensor1.sizes()[d1 - 2], m1 = tensor1.sizes()[d1 - 1];
  const int64_t m2 = tensor2.sizes()[d2 - 2], p = tensor2.sizes()[d2 - 1];
  const DimVector batch =
      infer_size(tensor1.sizes().slice(0, d1 - 2), tensor2.sizes().slice(0, d2 - 2));
  const int64_t bs = product(batch);
  DimVector size1(batch), size2(batch), output_shape(batch);
  size1.push_back(n);
  size1.push_back(m1);
  size2.push_back(m2);
  size2.push_back(p);
  output_shape.push_back(n);
  output_shape.push_back(p);
  const Tensor t1 = tensor1.expand(size1).reshape({bs, n, m1});
  const Tensor t2 = tensor2.expand(size2).reshape({bs, m2, p});
  return unsafe_view(bmm(t1, t2), output_shape);
}

}  // namespace

Tensor mm(const Tensor& self, const Tensor& mat2) {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = mm_impl(self, mat2);
  }
  if (autograd::should_record(self, mat2)) {
    autograd::record(
        "MmBackward0", result, {self, mat2},
        [sizes1 = DimVector(self.sizes()), strides1 = DimVector(self.strides()),
         sizes2 = DimVector(mat2.sizes()), strides2 = DimVector(mat2.strides())](
            const autograd::Grads& g, const Tensor& self, const Tensor& mat2) {
          return autograd::tensor_list{
              g.needs(0) ? mm_mat1_backward(g[0], mat2, sizes1, strides1, 1) : Tensor(),
              g.needs(1) ? mm_mat2_backward(g[0], self, sizes2, strides2, 1) : Tensor()};
        },
        autograd::save_if(autograd::requires_grad_of(mat2), self),
        autograd::save_if(autograd::requires_grad_of(self), mat2));
  }
  return result;
}

Tensor addmm(const Tensor& self, const Tensor& mat1, const Tensor& mat2, const Scalar& beta,
             const Scalar& alpha) {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = addmm_impl(self, mat1, mat2, beta, alpha);
  }
  if (autograd::should_record(self, mat1, mat2)) {
    autograd::record(
        "AddmmBackward0", result, {self, mat1, mat2},
        [beta, alpha, sizes1 = DimVector(mat1.sizes()), strides1 = DimVector(mat1.strides()),
         sizes2 = DimVector(mat2.sizes()), strides2 = DimVector(mat2.strides())](
            const autograd::Grads& g, const Tensor& mat1, const Tensor& mat2) {
          return autograd::tensor_list{
              g.needs(0) ? maybe_multiply(g[0], beta) : Tensor(),
              g.needs(1) ? mm_mat1_backward(g[0], mat2, sizes1, strides1, alpha) : Tensor(),
              g.needs(2) ? mm_mat2_backward(g[0], mat1, sizes2, strides2, alpha) : Tensor()};
        },
        autograd::save_if(autograd::requires_grad_of(mat2), mat1),
        autograd::save_if(autograd::requires_grad_of(mat1), mat2));
  }
  return result;
}

Tensor bmm(const Tensor& self, const Tensor& mat2) {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = bmm_impl(self, mat2);
  }
  if (autograd::should_record(self, mat2)) {
    autograd::record(
        "BmmBackward0", result, {self, mat2},
        [](const autograd::Grads& g, const Tensor& self, const Tensor& mat2) {
          return autograd::tensor_list{g.needs(0) ? g[0].bmm(mat2.transpose(1, 2)) : Tensor(),
                                       g.needs(1) ? self.transpose(1, 2).bmm(g[0]) : Tensor()};
        },
        autograd::save_if(autograd::requires_grad_of(mat2), self),
        autograd::save_if(autograd::requires_grad_of(self), mat2));
  }
  return result;
}

Tensor mv(const Tensor& self, const Tensor& vec) {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = mv_impl(self, vec);
  }
  if (autograd::should_record(self, vec)) {
    autograd::record(
        "MvBackward0", result, {self, vec},
        [](const autograd::Grads& g, const Tensor& self, const Tensor& vec) {
          return autograd::tensor_list{g.needs(0) ? outer(g[0], vec) : Tensor(),
                                       g.needs(1) ? self.t().mv(g[0]) : Tensor()};
        },
        autograd::save_if(autograd::requires_grad_of(vec), self),
        autograd::save_if(autograd::requires_grad_of(self), vec));
  }
  return result;
}

Tensor dot(const Tensor& self, const Tensor& other) {
  Tensor result;
  {
    NoGradGuard no_grad;
    result = dot_impl(self, other);
  }
  if (autograd::should_record(self, other)) {
    autograd::record(
        "DotBackward0", result, {self, other},
        [](const autograd::Grads& g, const Tensor& self, const Tensor& other) {
          return autograd::tensor_list{g.needs(0) ? g[0] * other : Tensor(),
                                       g.needs(1) ? g[0] * self : Tensor()};
        },
        autograd::save_if(autograd::requires_grad_of(other), self),
        autograd::save_if(autograd::requires_grad_of(self), other));
  }
  return result;
}

Tensor outer(const Tensor& self, const Tensor& vec2) {
  // PyTorch's outer is the composite self.reshape({n, 1}) * vec2: that is what it records.
  if (autograd::should_record(self, vec2)) {
    check_outer(self, vec2);
    return self.reshape({self.numel(), 1}) * vec2;
  }
  NoGradGuard no_grad;
  return outer_impl(self, vec2);
}

Tensor matmul(const Tensor& tensor1, const Tensor& tensor2) {
  const int64_t d1 = tensor1.dim(), d2 = tensor2.dim();
  EMBER_CHECK(d1 != 0 && d2 != 0, "both arguments to matmul need to be at least 1D, but they are ",
              d1, "D and ", d2, "D");
  if (autograd::should_record(tensor1, tensor2)) return matmul_recorded(tensor1, tensor2);
  NoGradGuard no_grad;
  return matmul_impl(tensor1, tensor2);
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
