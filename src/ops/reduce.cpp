// Reductions, scans, sorting and whole-tensor comparisons: argument checks with PyTorch's
// messages, result shapes and dtypes, then the CPU kernels (src/cpu/reduce_kernels.cpp). The
// forwards run untracked; each differentiable op then records its node (libtorch's name) with
// PyTorch's derivative formula.
#include "ember/ops/reduce.h"

#include <cmath>
#include <limits>
#include <optional>
#include <tuple>
#include <vector>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/broadcast.h"
#include "ember/core/promote.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/shape.h"
#include "kernels/table.h"

namespace ember {

namespace {

// Reductions treat a 0-d tensor as having one dim: dims 0 and -1 name it, others are out of range
// ("expected to be in range of [-1, 0]").
int64_t wrap_dim(int64_t dim, int64_t ndim) {
  return maybe_wrap_dim(dim, std::max<int64_t>(ndim, 1));
}

// The reduced dims as flags over self's dims. An empty list reduces every dim.
std::vector<bool> reduced_dims(IntArrayRef dims, int64_t ndim) {
  std::vector<bool> mask(std::max<int64_t>(ndim, 1), dims.empty());
  for (int64_t d : dims) {
    const int64_t w = wrap_dim(d, ndim);
    EMBER_CHECK(!mask[w], "dim ", w, " appears multiple times in the list of dims");
    mask[w] = true;
  }
  return mask;
}

// The result of a reduction in keepdim shape (size 1 on reduced dims), contiguous.
Tensor keepdim_result(const Tensor& self, const std::vector<bool>& mask, ScalarType dtype) {
  DimVector shape(self.sizes());
  for (int64_t d = 0; d < self.dim(); ++d) {
    if (mask[d]) shape[d] = 1;
  }
  return detail::make_tensor(shape, dtype, self.device());
}

// The keepdim-shaped result as the caller asked for it: reduced dims dropped unless keepdim.
Tensor finish(const Tensor& result, const std::vector<bool>& mask, bool keepdim) {
  if (keepdim) return result;
  DimVector shape;
  for (int64_t d = 0; d < result.dim(); ++d) {
    if (!mask[d]) shape.push_back(result.sizes()[d]);
  }
  return detail::alias(result, shape, contiguous_strides(shape), result.storage_offset());
}

// A gradient of a reduction's result with the reduced dims back (size 1), ready to expand.
Tensor unsqueeze_reduced(const Tensor& grad, const std::vector<bool>& mask, bool keepdim) {
  if (keepdim) return grad;
  Tensor g = grad;
  for (size_t d = 0; d < mask.size(); ++d) {
    if (mask[d] && static_cast<int64_t>(d) <= g.dim()) g = g.unsqueeze(static_cast<int64_t>(d));
  }
  return g;
}

std::vector<bool> one_dim(int64_t dim, int64_t ndim) {
  std::vector<bool> mask(std::max<int64_t>(ndim, 1), false);
  mask[wrap_dim(dim, ndim)] = true;
  return mask;
}

// Sums and products: integers and bools accumulate as int64 unless a dtype is given.
ScalarType sum_dtype(const Tensor& self, std::optional<ScalarType> dtype) {
  if (dtype) return *dtype;
  return is_integral_type(self.dtype(), /*include_bool=*/true) ? kLong : self.dtype();
}

// "amax(): Expected reduction dim ..." checks for empty inputs (the dims as the caller wrote them).
void check_nonempty_dims(const Tensor& self, IntArrayRef dims, const char* fn) {
  if (self.numel() != 0) return;
  EMBER_CHECK(!dims.empty(), fn,
              ": Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  for (int64_t d : dims) {
    EMBER_CHECK_T(IndexError, self.dim() == 0 || self.sizes()[wrap_dim(d, self.dim())] != 0, fn,
                  ": Expected reduction dim ", d, " to have non-zero size.");
  }
}

Tensor sum_impl(const Tensor& self, IntArrayRef dims, bool keepdim,
                std::optional<ScalarType> dtype) {
  const ScalarType dt = sum_dtype(self, dtype);
  const auto mask = reduced_dims(dims, self.dim());
  Tensor result = keepdim_result(self, mask, dt);
  kernels::sum_kernel(result, self.to(dt));
  return finish(result, mask, keepdim);
}

Tensor prod_impl(const Tensor& self, const std::vector<bool>& mask, bool keepdim,
                 std::optional<ScalarType> dtype) {
  const ScalarType dt = sum_dtype(self, dtype);
  if ((dt == kHalf || dt == kBFloat16) && self.numel() > 0) throw_not_implemented("prod_cpu", dt);
  Tensor result = keepdim_result(self, mask, dt);
  kernels::prod_kernel(result, self.to(dt));
  return finish(result, mask, keepdim);
}

Tensor mean_impl(const Tensor& self, IntArrayRef dims, bool keepdim,
                 std::optional<ScalarType> dtype) {
  if (dtype) {
    EMBER_CHECK(is_floating_type(*dtype),
                "mean(): could not infer output dtype. Optional dtype must be either a floating "
                "point or complex dtype. Got: ",
                to_string(*dtype));
  } else {
    EMBER_CHECK(is_floating_type(self.dtype()),
                "mean(): could not infer output dtype. Input dtype must be either a floating "
                "point or complex dtype. Got: ",
                to_string(self.dtype()));
  }
  const ScalarType dt = dtype.value_or(self.dtype());
  const auto mask = reduced_dims(dims, self.dim());
  Tensor result = keepdim_result(self, mask, dt);
  kernels::mean_kernel(result, self.to(dt));
  return finish(result, mask, keepdim);
}

// max(dim) / min(dim): values and the index of the first extreme element (or first NaN).
std::tuple<Tensor, Tensor> extreme_along(const Tensor& self, int64_t dim, bool keepdim,
                                         bool is_max) {
  const char* fn = is_max ? "max()" : "min()";
  const int64_t w = wrap_dim(dim, self.dim());
  EMBER_CHECK_T(IndexError, self.numel() != 0 || self.sizes()[w] != 0, fn,
                ": Expected reduction dim ", w, " to have non-zero size.");
  const auto mask = one_dim(w, self.dim());
  Tensor values = keepdim_result(self, mask, self.dtype());
  Tensor indices = keepdim_result(self, mask, kLong);
  if (is_max) {
    kernels::argmax_kernel(values, indices, self);
  } else {
    kernels::argmin_kernel(values, indices, self);
  }
  return {finish(values, mask, keepdim), finish(indices, mask, keepdim)};
}

Tensor extreme_all(const Tensor& self, bool is_max) {
  EMBER_CHECK(self.numel() != 0, is_max ? "max()" : "min()",
              ": Expected reduction dim to be specified for input.numel() == 0. Specify the "
              "reduction dim with the 'dim' argument.");
  const auto mask = reduced_dims({}, self.dim());
  Tensor result = keepdim_result(self, mask, self.dtype());
  if (is_max) {
    kernels::max_kernel(result, self);
  } else {
    kernels::min_kernel(result, self);
  }
  return finish(result, mask, false);
}

Tensor amax_impl(const Tensor& self, IntArrayRef dims, bool keepdim, bool is_max) {
  const auto mask = reduced_dims(dims, self.dim());
  check_nonempty_dims(self, dims, is_max ? "amax()" : "amin()");
  Tensor result = keepdim_result(self, mask, self.dtype());
  if (is_max) {
    kernels::max_kernel(result, self);
  } else {
    kernels::min_kernel(result, self);
  }
  return finish(result, mask, keepdim);
}

Tensor arg_impl(const Tensor& self, std::optional<int64_t> dim, bool keepdim, bool is_max) {
  const char* fn = is_max ? "argmax()" : "argmin()";
  Tensor in = self;
  std::vector<bool> mask;
  Tensor indices;
  if (!dim) {
    EMBER_CHECK_T(IndexError, self.numel() != 0, fn,
                  ": Expected reduction dim to be specified for input.numel() == 0.");
    // Over the flattened tensor: the index counts elements in row-major order.
    Tensor c = self.contiguous();
    in = detail::alias(c, {c.numel()}, {1}, c.storage_offset());
    indices = detail::make_tensor({1}, kLong, self.device());
  } else {
    const int64_t w = wrap_dim(*dim, self.dim());
    EMBER_CHECK_T(IndexError, self.numel() != 0 || self.sizes()[w] != 0, fn,
                  ": Expected reduction dim ", w, " to have non-zero size.");
    mask = one_dim(w, self.dim());
    indices = keepdim_result(self, mask, kLong);
  }
  if (self.dtype() == kBool && self.numel() > 0) {
    throw_not_implemented(is_max ? "argmax_cpu" : "argmin_cpu", kBool);
  }
  if (is_max) {
    kernels::argmax_kernel(Tensor(), indices, in);
  } else {
    kernels::argmin_kernel(Tensor(), indices, in);
  }
  if (!dim) {
    DimVector shape(keepdim ? self.dim() : 0, 1);
    return detail::alias(indices, shape, contiguous_strides(shape), indices.storage_offset());
  }
  return finish(indices, mask, keepdim);
}

// var/std and their *_mean forms. `fn` names the op in the dtype error.
std::tuple<Tensor, Tensor> var_mean_impl(const Tensor& self, std::optional<IntArrayRef> dims,
                                         std::optional<int64_t> correction, bool keepdim,
                                         bool take_sqrt, bool want_var, bool want_mean,
                                         const char* fn) {
  EMBER_CHECK(is_floating_type(self.dtype()), fn,
              " only support floating point and complex dtypes");
  const auto mask = reduced_dims(dims.value_or(IntArrayRef()), self.dim());
  Tensor var = want_var ? keepdim_result(self, mask, self.dtype()) : Tensor();
  Tensor mean = want_mean ? keepdim_result(self, mask, self.dtype()) : Tensor();
  kernels::var_mean_kernel(var, mean, self, correction.value_or(1), take_sqrt);
  return {want_var ? finish(var, mask, keepdim) : Tensor(),
          want_mean ? finish(mean, mask, keepdim) : Tensor()};
}

Tensor var_impl(const Tensor& self, std::optional<IntArrayRef> dims,
                std::optional<int64_t> correction, bool keepdim, bool take_sqrt) {
  return std::get<0>(
      var_mean_impl(self, dims, correction, keepdim, take_sqrt, true, false, "std and var"));
}

Tensor norm_impl(const Tensor& self, double p, IntArrayRef dims, bool keepdim) {
  EMBER_CHECK(is_floating_type(self.dtype()),
              "norm(): input dtype should be either floating point or complex. Got ",
              to_string(self.dtype()), " instead.");
  const auto mask = reduced_dims(dims, self.dim());
  Tensor result = keepdim_result(self, mask, self.dtype());
  if (self.numel() == 0) {
    result.zero_();  // PyTorch gives 0 for every p on empty input
  } else {
    kernels::norm_kernel(result, self, p);
  }
  return finish(result, mask, keepdim);
}

Tensor scan_impl(const Tensor& self, int64_t dim, std::optional<ScalarType> dtype, bool is_sum) {
  const int64_t w = wrap_dim(dim, self.dim());
  const ScalarType dt = sum_dtype(self, dtype);
  // A 0-d or empty input is only converted: the kernel, and its dtype check, never runs.
  if (self.dim() == 0 || self.numel() == 0) return self.to(dt, false, /*copy=*/true);
  if (dt == kHalf || dt == kBool) {
    throw_not_implemented(is_sum ? "cumsum_out_cpu" : "cumprod_out_cpu", dt);
  }
  Tensor in = self.to(dt);
  Tensor result = detail::make_tensor(self.sizes(), dt, self.device());
  if (is_sum) {
    kernels::cumsum_kernel(result, in, w);
  } else {
    kernels::cumprod_kernel(result, in, w);
  }
  return result;
}

Tensor all_any_impl(const Tensor& self, const std::vector<bool>& mask, bool keepdim, bool is_all) {
  Tensor result = keepdim_result(self, mask, self.dtype() == kByte ? kByte : kBool);
  if (is_all) {
    kernels::all_kernel(result, self);
  } else {
    kernels::any_kernel(result, self);
  }
  return finish(result, mask, keepdim);
}

std::tuple<Tensor, Tensor> sort_impl(const Tensor& self, bool stable, int64_t dim,
                                     bool descending) {
  const int64_t w = wrap_dim(dim, self.dim());
  Tensor values = detail::make_tensor_like(self, self.dtype(), self.device());  // PyTorch's
  Tensor indices = detail::make_tensor(self.sizes(), kLong, self.device());
  kernels::sort_kernel(values, indices, self, w, descending, stable);
  return {values, indices};
}

// ---- Derivatives (PyTorch's FunctionsManual formulas, written with tensor ops so that they are
// recorded too under create_graph) -------------------------------------------------------------

// Runs a forward computation with grad mode off: the kernels' plumbing (dtype conversions,
// contiguous copies, reshaped results) must record nothing, and results must not be views.
template <class F>
auto untracked(F&& f) {
  NoGradGuard no_grad;
  return f();
}

// The dims of a reduction, as the caller wrote them (kept by the nodes).
DimVector dim_list(IntArrayRef dims) { return DimVector(dims); }

// t with size-1 dims inserted where `dims` (dims of a tensor of `ndim` dims) were reduced away,
// so that it broadcasts against the input (PyTorch's unsqueeze_multiple).
Tensor unsqueeze_multiple(const Tensor& t, IntArrayRef dims, int64_t ndim) {
  if (ndim == 0) return t;
  std::vector<bool> mask(ndim, false);
  for (int64_t d : dims) mask[maybe_wrap_dim(d, ndim)] = true;
  Tensor r = t;
  for (int64_t d = 0; d < ndim; ++d) {
    if (mask[d]) r = r.unsqueeze(d);
  }
  return r;
}

// Number of elements a reduction over `dims` combines (PyTorch's _safe_size: 1 for no dims).
int64_t safe_size(IntArrayRef sizes, IntArrayRef dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= sizes.empty() ? 1 : sizes[maybe_wrap_dim(d, sizes.size())];
  return n;
}

// sum over dims (every dim for none) differentiated: grad spread back over the input's shape.
Tensor sum_backward(const Tensor& grad, IntArrayRef sizes, IntArrayRef dims, bool keepdim) {
  const auto ndim = static_cast<int64_t>(sizes.size());
  if (keepdim || ndim == 0) return grad.expand(sizes);
  return unsqueeze_multiple(grad, dims, ndim).expand(sizes);
}

Tensor mean_backward(const Tensor& grad, IntArrayRef sizes, IntArrayRef dims, int64_t numel,
                     bool keepdim) {
  const int64_t n = dims.empty() ? numel : safe_size(sizes, dims);
  return sum_backward(grad, sizes, dims, keepdim) / n;
}

// The gradient of a product where the input may hold zeros: for each element, the product of
// all the others along `dim` (exclusive cumulative products from both ends), without dividing.
Tensor prod_safe_zeros_backward(const Tensor& grad, const Tensor& inp, int64_t dim) {
  if (inp.numel() == 0) return grad.expand_as(inp);
  const int64_t n = inp.size(dim);
  if (n == 1) return grad;
  DimVector ones_size(inp.sizes());
  ones_size[dim] = 1;
  const Tensor one = ones(ones_size, grad.options());
  const Tensor exclusive_normal = cat({one, inp.narrow(dim, 0, n - 1)}, dim).cumprod(dim);
  const Tensor exclusive_reverse =
      cat({one, inp.narrow(dim, 1, n - 1).flip({dim})}, dim).cumprod(dim).flip({dim});
  return grad * (exclusive_normal * exclusive_reverse);
}

int64_t count_zeros(const Tensor& t) {
  NoGradGuard no_grad;
  return t.eq(0).sum().item<int64_t>();
}

// prod() differentiated (input already in the gradient's dtype).
Tensor prod_backward(const Tensor& grad, const Tensor& input, const Tensor& result) {
  if (input.dim() == 0) return grad;
  const int64_t zeros_count = count_zeros(input);
  if (zeros_count == 0) return grad * (result / input);
  // Two zeros or more: every partial product holds one. Only a differentiable graph needs more.
  if (!GradMode::is_enabled() && zeros_count > 1) return zeros_like(input);
  return prod_safe_zeros_backward(grad, input.contiguous().view({-1}), 0).view(input.sizes());
}

// prod(dim) differentiated.
Tensor prod_backward(Tensor grad, const Tensor& input, Tensor result, int64_t dim, bool keepdim) {
  if (input.dim() == 0) return grad;
  dim = maybe_wrap_dim(dim, input.dim());
  if (!keepdim && input.dim() != 1) {
    grad = grad.unsqueeze(dim);
    result = result.unsqueeze(dim);
  }
  if (count_zeros(input) == 0) return grad * (result / input);
  return prod_safe_zeros_backward(grad, input, dim);
}

// max()/min() over everything: the gradient is shared evenly among the elements equal to the
// result (NaNs when the result is NaN).
Tensor evenly_distribute_backward(const Tensor& grad, const Tensor& input, const Tensor& value) {
  const bool nan = untracked([&] { return value.isnan().item<bool>(); });
  const Tensor mask = nan ? input.isnan() : input.eq(value);
  return mask * (grad / mask.sum());
}

// Reductions and sorts that pick elements (max(dim), sort, topk): the gradient goes to the
// picked indices.
Tensor value_selecting_reduction_backward(const Tensor& grad, int64_t dim, const Tensor& indices,
                                          IntArrayRef sizes, bool keepdim) {
  if (sizes.empty()) return grad;  // a 0-d input is its own selection
  if (!keepdim) {
    return zeros(sizes, grad.options()).scatter(dim, indices.unsqueeze(dim), grad.unsqueeze(dim));
  }
  return zeros(sizes, grad.options()).scatter(dim, indices, grad);
}

// amax/amin: the gradient is shared evenly among the elements equal to their slice's result.
Tensor amax_backward(const Tensor& grad, const Tensor& self, const Tensor& result, IntArrayRef dims,
                     bool keepdim) {
  const int64_t ndim = self.dim();
  const Tensor g = keepdim ? grad : unsqueeze_multiple(grad, dims, ndim);
  const Tensor r = keepdim ? result : unsqueeze_multiple(result, dims, ndim);
  const Tensor mask = r.eq(self);
  return (g / mask.sum(dims, true)) * mask;
}

// var over `dims` (every element when none) differentiated, with PyTorch's inf/NaN where the
// degrees of freedom are not positive.
Tensor var_backward(Tensor grad, const Tensor& self, const std::optional<DimVector>& dims,
                    int64_t correction, bool keepdim) {
  if (self.dim() == 0 || !dims) {
    const int64_t dof = self.numel() - correction;
    if (dof <= 0) {
      return grad * where(self.eq(self.mean()), std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity());
    }
    return (2.0 / static_cast<double>(dof)) * grad * (self - self.mean());
  }
  if (!keepdim && self.dim() > 1) grad = unsqueeze_multiple(grad, *dims, self.dim());
  const double dof =
      static_cast<double>(safe_size(self.sizes(), *dims)) - static_cast<double>(correction);
  return (2.0 / dof) * grad * (self - self.mean(*dims, true));
}

Tensor std_backward(const Tensor& result, const Tensor& grad, const Tensor& self,
                    const std::optional<DimVector>& dims, int64_t correction, bool keepdim) {
  const Tensor grad_var = where(result.eq(0), 0, grad / (result * 2));
  return var_backward(grad_var, self, dims, correction, keepdim);
}

// norm differentiated for every p (p = 0 has no gradient). The all-reduce overload passes no dims
// and keepdim = true, as PyTorch. (PyTorch zeroes the 0/0 places with masked_fill_; `where` gives
// the same values and gradients.)
Tensor norm_backward(Tensor grad, const Tensor& self, double p, Tensor norm, IntArrayRef dims,
                     bool keepdim) {
  if (!keepdim && self.dim() != 0) {
    grad = unsqueeze_multiple(grad, dims, self.dim());
    norm = unsqueeze_multiple(norm, dims, self.dim());
  }
  if (p == 0.0) return Tensor();
  if (p == 1.0) return self.sign() * grad;
  if (p == 2.0) return grad * where(norm.eq(0), 0, self / norm);
  if (std::isinf(p)) {
    // amax(abs(self)) differentiated, NaNs included.
    const Tensor self_abs = self.abs();
    const Tensor mask = self_abs.eq(norm).logical_or(self_abs.isnan());
    return self.sign() * ((grad / mask.sum(dims, true)) * mask);
  }
  if (p < 1.0) {
    const Tensor self_scaled = self.sign() * where(self.eq(0), 0, self.abs().pow(p - 1));
    return self_scaled * grad * norm.pow(1 - p);
  }
  const Tensor self_scaled =
      p < 2.0 ? self.sign() * self.abs().pow(p - 1) : self * self.abs().pow(p - 2);
  const Tensor scale_v = where(norm.eq(0), 0, grad / norm.pow(p - 1));
  return self_scaled * scale_v;
}

Tensor logsumexp_backward(Tensor grad, const Tensor& self, Tensor result, IntArrayRef dims,
                          bool keepdim) {
  if (!keepdim && self.dim() != 0) {
    grad = unsqueeze_multiple(grad, dims, self.dim());
    result = unsqueeze_multiple(result, dims, self.dim());
  }
  return grad * (self - result).exp();
}

// Sums from the end of `dim` backwards: cumsum's adjoint.
Tensor reversed_cumsum(const Tensor& w, int64_t dim) {
  return w.flip({dim}).cumsum(dim).flip({dim});
}

Tensor cumsum_backward(const Tensor& grad, int64_t dim) {
  if (grad.numel() <= 1 || grad.size(dim) == 1) return grad;
  return reversed_cumsum(grad, dim);
}

// cumprod differentiated. Without zeros: reversed cumsum of output * grad, divided by the input.
// With zeros, the product of the other factors of every output element, which stays
// differentiable (PyTorch's O(n^2) formula; it uses it whenever a graph is being built).
Tensor cumprod_backward(const Tensor& grad, const Tensor& input, int64_t dim,
                        const Tensor& output) {
  if (input.numel() <= 1) return grad;
  dim = maybe_wrap_dim(dim, input.dim());
  const int64_t dim_size = input.size(dim);
  if (dim_size == 1) return grad;
  if (count_zeros(input) == 0) return reversed_cumsum(output * grad, dim).div(input);
  DimVector ones_size(input.sizes());
  ones_size[dim] = 1;
  const Tensor one = ones({1}, grad.options()).expand(ones_size);
  std::vector<Tensor> slices;
  for (int64_t k = 0; k < dim_size; ++k) {
    // omitted[j] for j >= k: the product of input[i], i <= j, i != k.
    Tensor omitted;
    if (k == 0) {
      omitted = cat({one, input.slice(dim, 1).cumprod(dim)}, dim);
    } else {
      const Tensor until_k = input.slice(dim, 0, k).prod(dim, true);
      if (k == dim_size - 1) {
        omitted = until_k;
      } else {
        const Tensor from_k_plus_1 = input.slice(dim, k + 1).cumprod(dim);
        omitted = cat({until_k, until_k.expand_as(from_k_plus_1) * from_k_plus_1}, dim);
      }
    }
    slices.push_back((grad.slice(dim, k) * omitted).sum({dim}, true));
  }
  return cat(slices, dim);
}

}  // namespace

// ---- Sums, means, products ---------------------------------------------------------------------

Tensor Tensor::sum(std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return sum_impl(*this, {}, false, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "SumBackward0", out, {*this},
        [sizes = DimVector(sizes())](const autograd::Grads& g) { return g[0].expand(sizes); });
  }
  return out;
}
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return sum_impl(*this, dim, keepdim, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record("SumBackward1", out, {*this},
                     [sizes = DimVector(sizes()), mask = reduced_dims(dim, this->dim()),
                      keepdim](const autograd::Grads& g) {
                       if (sizes.empty()) return g[0];  // a 0-d input
                       return unsqueeze_reduced(g[0], mask, keepdim).expand(sizes);
                     });
  }
  return out;
}
Tensor Tensor::mean(std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return mean_impl(*this, {}, false, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record("MeanBackward0", out, {*this},
                     [sizes = DimVector(sizes()), n = numel()](const autograd::Grads& g) {
                       return g[0].expand(sizes) / n;
                     });
  }
  return out;
}
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return mean_impl(*this, dim, keepdim, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "MeanBackward1", out, {*this},
        [sizes = DimVector(sizes()), dims = dim_list(dim), n = numel(), keepdim](
            const autograd::Grads& g) { return mean_backward(g[0], sizes, dims, n, keepdim); });
  }
  return out;
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const {
  Tensor out =
      untracked([&] { return prod_impl(*this, reduced_dims({}, this->dim()), false, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "ProdBackward0", out, {*this},
        [](const autograd::Grads& g, const Tensor& self, const Tensor& result) {
          return prod_backward(g[0], self.to(g[0].scalar_type()), result);
        },
        autograd::save(*this), autograd::save_output(out));
  }
  return out;
}
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  Tensor out =
      untracked([&] { return prod_impl(*this, one_dim(dim, this->dim()), keepdim, dtype); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "ProdBackward1", out, {*this},
        [dim, keepdim](const autograd::Grads& g, const Tensor& self, const Tensor& result) {
          return prod_backward(g[0], self.to(g[0].scalar_type()), result, dim, keepdim);
        },
        autograd::save(*this), autograd::save_output(out));
  }
  return out;
}

// ---- Extremes ----------------------------------------------------------------------------------

namespace {

Tensor record_extreme_all(const Tensor& self, bool is_max) {
  Tensor out = untracked([&] { return extreme_all(self, is_max); });
  if (autograd::should_record(self)) {
    autograd::record(
        is_max ? "MaxBackward1" : "MinBackward1", out, {self},
        [](const autograd::Grads& g, const Tensor& self, const Tensor& result) {
          return evenly_distribute_backward(g[0], self, result);
        },
        autograd::save(self), autograd::save_output(out));
  }
  return out;
}

std::tuple<Tensor, Tensor> record_extreme_along(const Tensor& self, int64_t dim, bool keepdim,
                                                bool is_max) {
  auto out = untracked([&] { return extreme_along(self, dim, keepdim, is_max); });
  if (autograd::should_record(self)) {
    // Only the values are differentiable; the indices are saved to route the gradient.
    autograd::record(
        is_max ? "MaxBackward0" : "MinBackward0", std::get<0>(out), {self},
        [sizes = DimVector(self.sizes()), dim = wrap_dim(dim, self.dim()), keepdim](
            const autograd::Grads& g, const Tensor& indices) {
          return value_selecting_reduction_backward(g[0], dim, indices, sizes, keepdim);
        },
        autograd::save(std::get<1>(out)));
  }
  return out;
}

Tensor record_amax(const Tensor& self, IntArrayRef dim, bool keepdim, bool is_max) {
  Tensor out = untracked([&] { return amax_impl(self, dim, keepdim, is_max); });
  if (autograd::should_record(self)) {
    autograd::record(
        is_max ? "AmaxBackward0" : "AminBackward0", out, {self},
        [dims = dim_list(dim), keepdim](const autograd::Grads& g, const Tensor& self,
                                        const Tensor& result) {
          return amax_backward(g[0], self, result, dims, keepdim);
        },
        autograd::save(self), autograd::save_output(out));
  }
  return out;
}

}  // namespace

Tensor Tensor::max() const { return record_extreme_all(*this, true); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return record_extreme_along(*this, dim, keepdim, true);
}
Tensor Tensor::min() const { return record_extreme_all(*this, false); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return record_extreme_along(*this, dim, keepdim, false);
}
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const {
  return record_amax(*this, dim, keepdim, true);
}
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const {
  return record_amax(*this, dim, keepdim, false);
}
// Indices are not differentiable: nothing is recorded.
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const {
  return untracked([&] { return arg_impl(*this, dim, keepdim, true); });
}
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const {
  return untracked([&] { return arg_impl(*this, dim, keepdim, false); });
}

// ---- Spread and norms --------------------------------------------------------------------------

namespace {

// std/var of every overload (all are std.correction / var.correction in PyTorch: one node name).
Tensor record_var(const Tensor& self, std::optional<IntArrayRef> dim,
                  std::optional<int64_t> correction, bool keepdim, bool take_sqrt) {
  Tensor out = untracked([&] { return var_impl(self, dim, correction, keepdim, take_sqrt); });
  if (autograd::should_record(self)) {
    std::optional<DimVector> dims;
    if (dim) dims = DimVector(*dim);
    const int64_t c = correction.value_or(1);
    if (take_sqrt) {
      autograd::record(
          "StdBackward0", out, {self},
          [dims, c, keepdim](const autograd::Grads& g, const Tensor& self, const Tensor& result) {
            return std_backward(result, g[0], self, dims, c, keepdim);
          },
          autograd::save(self), autograd::save_output(out));
    } else {
      autograd::record(
          "VarBackward0", out, {self},
          [dims, c, keepdim](const autograd::Grads& g, const Tensor& self) {
            return var_backward(g[0], self, dims, c, keepdim);
          },
          autograd::save(self));
    }
  }
  return out;
}

// std_mean / var_mean: one node with two outputs.
std::tuple<Tensor, Tensor> record_var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                           std::optional<int64_t> correction, bool keepdim,
                                           bool take_sqrt) {
  auto out = untracked([&] {
    return var_mean_impl(self, dim, correction, keepdim, take_sqrt, true, true,
                         take_sqrt ? "std_mean" : "var_mean");
  });
  if (autograd::should_record(self)) {
    std::optional<DimVector> dims;
    if (dim) dims = DimVector(*dim);
    const int64_t c = correction.value_or(1);
    const Tensor outputs[] = {std::get<0>(out), std::get<1>(out)};
    autograd::record_multi(
        take_sqrt ? "StdMeanBackward0" : "VarMeanBackward0", outputs, {self},
        [dims, c, keepdim, take_sqrt](const autograd::Grads& g, const Tensor& self,
                                      const Tensor& result0) {
          Tensor gself = take_sqrt ? std_backward(result0, g[0], self, dims, c, keepdim)
                                   : var_backward(g[0], self, dims, c, keepdim);
          return gself + mean_backward(g[1], self.sizes(),
                                       dims ? IntArrayRef(*dims) : IntArrayRef(), self.numel(),
                                       keepdim);
        },
        autograd::save(self), autograd::save_output(std::get<0>(out)));
  }
  return out;
}

// `all`: the all-reduce overload, whose formula PyTorch evaluates as with keepdim (no dims to
// restore: the 0-d gradient broadcasts).
Tensor record_norm(const Tensor& self, double p, IntArrayRef dim, bool keepdim, bool all) {
  Tensor out = untracked([&] { return norm_impl(self, p, dim, keepdim); });
  if (autograd::should_record(self)) {
    autograd::record(
        all ? "NormBackward0" : "NormBackward1", out, {self},
        [p, dims = dim_list(dim), keepdim = keepdim || all](
            const autograd::Grads& g, const Tensor& self, const Tensor& result) {
          return norm_backward(g[0], self, p, result, dims, keepdim);
        },
        autograd::save(self), autograd::save_output(out));
  }
  return out;
}

}  // namespace

Tensor Tensor::std(bool unbiased) const {
  return record_var(*this, std::nullopt, unbiased ? 1 : 0, false, true);
}
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return record_var(*this, dim, unbiased ? 1 : 0, keepdim, true);
}
Tensor Tensor::std(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
                   bool keepdim) const {
  return record_var(*this, dim, correction, keepdim, true);
}
Tensor Tensor::var(bool unbiased) const {
  return record_var(*this, std::nullopt, unbiased ? 1 : 0, false, false);
}
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return record_var(*this, dim, unbiased ? 1 : 0, keepdim, false);
}
Tensor Tensor::var(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
                   bool keepdim) const {
  return record_var(*this, dim, correction, keepdim, false);
}

std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased) {
  return record_var_mean(self, std::nullopt, unbiased ? 1 : 0, false, true);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return record_var_mean(self, dim, unbiased ? 1 : 0, keepdim, true);
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  return record_var_mean(self, dim, correction, keepdim, true);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased) {
  return record_var_mean(self, std::nullopt, unbiased ? 1 : 0, false, false);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return record_var_mean(self, dim, unbiased ? 1 : 0, keepdim, false);
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  return record_var_mean(self, dim, correction, keepdim, false);
}

// The all-reduce norm is PyTorch's norm.Scalar (NormBackward0); with dims, norm.ScalarOpt_dim.
Tensor Tensor::norm(const Scalar& p) const {
  return record_norm(*this, p.toDouble(), {}, false, true);
}
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return record_norm(*this, p ? p->toDouble() : 2.0, dim, keepdim, false);
}

Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const {
  Tensor out = untracked([&] {
    // Integers and bools are computed in the default float dtype.
    Tensor in = is_integral_type(dtype(), /*include_bool=*/true) ? to(get_default_dtype()) : *this;
    if (in.dtype() == kHalf) throw_not_implemented("exp_vml_cpu", kHalf);
    if (dim.empty() && !keepdim && this->dim() > 0) {
      // PyTorch reduces every dim for an empty list but then fails to fit the kept-dims maximum
      // into the result.
      detail::fail("output with shape [] doesn't match the broadcast shape ",
                   IntArrayRef(DimVector(this->dim(), 1)));
    }
    const auto mask = reduced_dims(dim, this->dim());
    Tensor result = keepdim_result(in, mask, in.dtype());
    kernels::logsumexp_kernel(result, in);
    return finish(result, mask, keepdim);
  });
  if (autograd::should_record(*this)) {
    autograd::record(
        "LogsumexpBackward0", out, {*this},
        [dims = dim_list(dim), keepdim](const autograd::Grads& g, const Tensor& self,
                                        const Tensor& result) {
          return logsumexp_backward(g[0], self, result, dims, keepdim);
        },
        autograd::save(*this), autograd::save_output(out));
  }
  return out;
}

// ---- Scans -------------------------------------------------------------------------------------

Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return scan_impl(*this, dim, dtype, true); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "CumsumBackward0", out, {*this},
        [dim = wrap_dim(dim, this->dim()), self_dtype = this->dtype()](const autograd::Grads& g) {
          return cumsum_backward(g[0].to(self_dtype), dim);
        });
  }
  return out;
}
Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const {
  Tensor out = untracked([&] { return scan_impl(*this, dim, dtype, false); });
  if (autograd::should_record(*this)) {
    autograd::record(
        "CumprodBackward0", out, {*this},
        [dim](const autograd::Grads& g, const Tensor& self, const Tensor& result) {
          return cumprod_backward(g[0].to(self.scalar_type()), self, dim, result);
        },
        autograd::save(*this), autograd::save_output(out));
  }
  return out;
}

// ---- Logical reductions (never differentiable: bool results) ----------------------------------

Tensor Tensor::all() const {
  return untracked([&] { return all_any_impl(*this, reduced_dims({}, dim()), false, true); });
}
Tensor Tensor::all(int64_t d, bool keepdim) const {
  return untracked([&] { return all_any_impl(*this, one_dim(d, dim()), keepdim, true); });
}
Tensor Tensor::any() const {
  return untracked([&] { return all_any_impl(*this, reduced_dims({}, dim()), false, false); });
}
Tensor Tensor::any(int64_t d, bool keepdim) const {
  return untracked([&] { return all_any_impl(*this, one_dim(d, dim()), keepdim, false); });
}

// ---- Sorting -----------------------------------------------------------------------------------

namespace {

// Values are differentiable (the gradient goes back to the sorted-from places); indices are not.
void record_selection(const char* name, const Tensor& self, int64_t dim,
                      const std::tuple<Tensor, Tensor>& out) {
  if (!autograd::should_record(self)) return;
  autograd::record(
      name, std::get<0>(out), {self},
      [sizes = DimVector(self.sizes()), dim = wrap_dim(dim, self.dim())](const autograd::Grads& g,
                                                                         const Tensor& indices) {
        return value_selecting_reduction_backward(g[0], dim, indices, sizes, true);
      },
      autograd::save(std::get<1>(out)));
}

}  // namespace

std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  auto out = untracked([&] { return sort_impl(*this, false, dim, descending); });
  record_selection("SortBackward0", *this, dim, out);
  return out;
}
// sort.stable is its own ATen overload: SortBackward1.
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim,
                                bool descending) {
  auto out = untracked([&] { return sort_impl(self, stable.value_or(false), dim, descending); });
  record_selection("SortBackward1", self, dim, out);
  return out;
}

std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  auto out = untracked([&]() -> std::tuple<Tensor, Tensor> {
    const int64_t w = wrap_dim(dim, this->dim());
    const int64_t n = this->dim() == 0 ? 1 : sizes()[w];
    EMBER_CHECK(k >= 0 && k <= n, "selected index k out of range");
    if (this->dim() == 0) return {clone(), zeros({}, kLong)};
    if (dtype() == kBool || dtype() == kHalf) throw_not_implemented("topk_cpu", dtype());
    DimVector shape(sizes());
    shape[w] = k;
    Tensor values = detail::make_tensor(shape, dtype(), device());
    Tensor indices = detail::make_tensor(shape, kLong, device());
    kernels::topk_kernel(values, indices, *this, k, w, largest, sorted);
    return {values, indices};
  });
  record_selection("TopkBackward0", *this, dim, out);
  return out;
}

// ---- Whole-tensor comparisons (not differentiable) ---------------------------------------------

bool Tensor::allclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  EMBER_CHECK(dtype() == other.dtype(), to_string(dtype()), " did not match ",
              to_string(other.dtype()));
  EMBER_CHECK(rtol >= 0, "rtol must be greater than or equal to zero, but got ", rtol);
  EMBER_CHECK(atol >= 0, "atol must be greater than or equal to zero, but got ", atol);
  const DimVector shape = infer_size(sizes(), other.sizes());
  Tensor a =
      detail::alias(*this, shape, broadcast_strides(sizes(), strides(), shape), storage_offset());
  Tensor b = detail::alias(other, shape, broadcast_strides(other.sizes(), other.strides(), shape),
                           other.storage_offset());
  return kernels::allclose_kernel(a, b, rtol, atol, equal_nan);
}

bool Tensor::equal(const Tensor& other) const {
  if (sizes() != other.sizes()) return false;
  // Values compare in the promoted dtype: equal(tensor({1., 2.}), tensor({1, 2})) is true.
  const ScalarType common = promote_types(dtype(), other.dtype());
  NoGradGuard no_grad;  // the conversions are plumbing
  return kernels::equal_kernel(to(common), other.to(common));
}

}  // namespace ember
