// Reductions, scans, sorting and whole-tensor comparisons: argument checks with PyTorch's
// messages, result shapes and dtypes, then the CPU kernels (src/cpu/reduce_kernels.cpp).
#include "ember/ops/reduce.h"

#include <vector>

#include "autograd/function.h"
#include "cpu/reduce_kernels.h"
#include "ember/core/broadcast.h"
#include "ember/core/promote.h"
#include "ember/ops/creation.h"

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
  return result.as_strided(shape, contiguous_strides(shape));
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
  cpu::sum_kernel(result, self.to(dt));
  return finish(result, mask, keepdim);
}

Tensor prod_impl(const Tensor& self, const std::vector<bool>& mask, bool keepdim,
                 std::optional<ScalarType> dtype) {
  const ScalarType dt = sum_dtype(self, dtype);
  if ((dt == kHalf || dt == kBFloat16) && self.numel() > 0) throw_not_implemented("prod_cpu", dt);
  Tensor result = keepdim_result(self, mask, dt);
  cpu::prod_kernel(result, self.to(dt));
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
  cpu::mean_kernel(result, self.to(dt));
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
    cpu::argmax_kernel(values, indices, self);
  } else {
    cpu::argmin_kernel(values, indices, self);
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
    cpu::max_kernel(result, self);
  } else {
    cpu::min_kernel(result, self);
  }
  return finish(result, mask, false);
}

Tensor amax_impl(const Tensor& self, IntArrayRef dims, bool keepdim, bool is_max) {
  const auto mask = reduced_dims(dims, self.dim());
  check_nonempty_dims(self, dims, is_max ? "amax()" : "amin()");
  Tensor result = keepdim_result(self, mask, self.dtype());
  if (is_max) {
    cpu::max_kernel(result, self);
  } else {
    cpu::min_kernel(result, self);
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
    in = c.as_strided({c.numel()}, {1});
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
    cpu::argmax_kernel(Tensor(), indices, in);
  } else {
    cpu::argmin_kernel(Tensor(), indices, in);
  }
  if (!dim) {
    DimVector shape(keepdim ? self.dim() : 0, 1);
    return indices.as_strided(shape, contiguous_strides(shape));
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
  cpu::var_mean_kernel(var, mean, self, correction.value_or(1), take_sqrt);
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
    cpu::norm_kernel(result, self, p);
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
    cpu::cumsum_kernel(result, in, w);
  } else {
    cpu::cumprod_kernel(result, in, w);
  }
  return result;
}

Tensor all_any_impl(const Tensor& self, const std::vector<bool>& mask, bool keepdim, bool is_all) {
  Tensor result = keepdim_result(self, mask, self.dtype() == kByte ? kByte : kBool);
  if (is_all) {
    cpu::all_kernel(result, self);
  } else {
    cpu::any_kernel(result, self);
  }
  return finish(result, mask, keepdim);
}

std::tuple<Tensor, Tensor> sort_impl(const Tensor& self, bool stable, int64_t dim,
                                     bool descending) {
  const int64_t w = wrap_dim(dim, self.dim());
  Tensor values = detail::make_tensor(self.sizes(), self.dtype(), self.device());
  Tensor indices = detail::make_tensor(self.sizes(), kLong, self.device());
  cpu::sort_kernel(values, indices, self, w, descending, stable);
  return {values, indices};
}

}  // namespace

// ---- Sums, means, products ---------------------------------------------------------------------

Tensor Tensor::sum(std::optional<ScalarType> dtype) const {
  Tensor out = sum_impl(*this, {}, false, dtype);
  if (autograd::should_record(*this)) {
    autograd::record("SumBackward0", out, {*this},
                     [sizes = DimVector(sizes())](const autograd::Grads& g) {
                       return g[0].expand(sizes);
                     });
  }
  return out;
}
Tensor Tensor::sum(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  Tensor out = sum_impl(*this, dim, keepdim, dtype);
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
  return mean_impl(*this, {}, false, dtype);
}
Tensor Tensor::mean(IntArrayRef dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return mean_impl(*this, dim, keepdim, dtype);
}
Tensor Tensor::prod(std::optional<ScalarType> dtype) const {
  return prod_impl(*this, reduced_dims({}, this->dim()), false, dtype);
}
Tensor Tensor::prod(int64_t dim, bool keepdim, std::optional<ScalarType> dtype) const {
  return prod_impl(*this, one_dim(dim, this->dim()), keepdim, dtype);
}

// ---- Extremes ----------------------------------------------------------------------------------

Tensor Tensor::max() const { return extreme_all(*this, true); }
std::tuple<Tensor, Tensor> Tensor::max(int64_t dim, bool keepdim) const {
  return extreme_along(*this, dim, keepdim, true);
}
Tensor Tensor::min() const { return extreme_all(*this, false); }
std::tuple<Tensor, Tensor> Tensor::min(int64_t dim, bool keepdim) const {
  return extreme_along(*this, dim, keepdim, false);
}
Tensor Tensor::amax(IntArrayRef dim, bool keepdim) const {
  return amax_impl(*this, dim, keepdim, true);
}
Tensor Tensor::amin(IntArrayRef dim, bool keepdim) const {
  return amax_impl(*this, dim, keepdim, false);
}
Tensor Tensor::argmax(std::optional<int64_t> dim, bool keepdim) const {
  return arg_impl(*this, dim, keepdim, true);
}
Tensor Tensor::argmin(std::optional<int64_t> dim, bool keepdim) const {
  return arg_impl(*this, dim, keepdim, false);
}

// ---- Spread and norms --------------------------------------------------------------------------

Tensor Tensor::std(bool unbiased) const {
  return var_impl(*this, std::nullopt, unbiased ? 1 : 0, false, true);
}
Tensor Tensor::std(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return var_impl(*this, dim, unbiased ? 1 : 0, keepdim, true);
}
Tensor Tensor::std(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
                   bool keepdim) const {
  return var_impl(*this, dim, correction, keepdim, true);
}
Tensor Tensor::var(bool unbiased) const {
  return var_impl(*this, std::nullopt, unbiased ? 1 : 0, false, false);
}
Tensor Tensor::var(IntArrayRef dim, bool unbiased, bool keepdim) const {
  return var_impl(*this, dim, unbiased ? 1 : 0, keepdim, false);
}
Tensor Tensor::var(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
                   bool keepdim) const {
  return var_impl(*this, dim, correction, keepdim, false);
}

std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased) {
  return var_mean_impl(self, std::nullopt, unbiased ? 1 : 0, false, true, true, true, "std_mean");
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return var_mean_impl(self, dim, unbiased ? 1 : 0, keepdim, true, true, true, "std_mean");
}
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  return var_mean_impl(self, dim, correction, keepdim, true, true, true, "std_mean");
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased) {
  return var_mean_impl(self, std::nullopt, unbiased ? 1 : 0, false, false, true, true, "var_mean");
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased,
                                    bool keepdim) {
  return var_mean_impl(self, dim, unbiased ? 1 : 0, keepdim, false, true, true, "var_mean");
}
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim) {
  return var_mean_impl(self, dim, correction, keepdim, false, true, true, "var_mean");
}

Tensor Tensor::norm(const Scalar& p) const { return norm_impl(*this, p.toDouble(), {}, false); }
Tensor Tensor::norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim) const {
  return norm_impl(*this, p ? p->toDouble() : 2.0, dim, keepdim);
}

Tensor Tensor::logsumexp(IntArrayRef dim, bool keepdim) const {
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
  cpu::logsumexp_kernel(result, in);
  return finish(result, mask, keepdim);
}

// ---- Scans -------------------------------------------------------------------------------------

Tensor Tensor::cumsum(int64_t dim, std::optional<ScalarType> dtype) const {
  return scan_impl(*this, dim, dtype, true);
}
Tensor Tensor::cumprod(int64_t dim, std::optional<ScalarType> dtype) const {
  return scan_impl(*this, dim, dtype, false);
}

// ---- Logical reductions ------------------------------------------------------------------------

Tensor Tensor::all() const { return all_any_impl(*this, reduced_dims({}, dim()), false, true); }
Tensor Tensor::all(int64_t d, bool keepdim) const {
  return all_any_impl(*this, one_dim(d, dim()), keepdim, true);
}
Tensor Tensor::any() const { return all_any_impl(*this, reduced_dims({}, dim()), false, false); }
Tensor Tensor::any(int64_t d, bool keepdim) const {
  return all_any_impl(*this, one_dim(d, dim()), keepdim, false);
}

// ---- Sorting -----------------------------------------------------------------------------------

std::tuple<Tensor, Tensor> Tensor::sort(int64_t dim, bool descending) const {
  return sort_impl(*this, false, dim, descending);
}
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim,
                                bool descending) {
  return sort_impl(self, stable.value_or(false), dim, descending);
}

std::tuple<Tensor, Tensor> Tensor::topk(int64_t k, int64_t dim, bool largest, bool sorted) const {
  const int64_t w = wrap_dim(dim, this->dim());
  const int64_t n = this->dim() == 0 ? 1 : sizes()[w];
  EMBER_CHECK(k >= 0 && k <= n, "selected index k out of range");
  if (this->dim() == 0) return {clone(), zeros({}, kLong)};
  if (dtype() == kBool || dtype() == kHalf) throw_not_implemented("topk_cpu", dtype());
  DimVector shape(sizes());
  shape[w] = k;
  Tensor values = detail::make_tensor(shape, dtype(), device());
  Tensor indices = detail::make_tensor(shape, kLong, device());
  cpu::topk_kernel(values, indices, *this, k, w, largest, sorted);
  return {values, indices};
}

// ---- Whole-tensor comparisons ------------------------------------------------------------------

bool Tensor::allclose(const Tensor& other, double rtol, double atol, bool equal_nan) const {
  EMBER_CHECK(dtype() == other.dtype(), to_string(dtype()), " did not match ",
              to_string(other.dtype()));
  EMBER_CHECK(rtol >= 0, "rtol must be greater than or equal to zero, but got ", rtol);
  EMBER_CHECK(atol >= 0, "atol must be greater than or equal to zero, but got ", atol);
  const DimVector shape = infer_size(sizes(), other.sizes());
  Tensor a = as_strided(shape, broadcast_strides(sizes(), strides(), shape));
  Tensor b = other.as_strided(shape, broadcast_strides(other.sizes(), other.strides(), shape));
  return cpu::allclose_kernel(a, b, rtol, atol, equal_nan);
}

bool Tensor::equal(const Tensor& other) const {
  if (sizes() != other.sizes()) return false;
  // Values compare in the promoted dtype: equal(tensor({1., 2.}), tensor({1, 2})) is true.
  const ScalarType common = promote_types(dtype(), other.dtype());
  return cpu::equal_kernel(to(common), other.to(common));
}

}  // namespace ember
