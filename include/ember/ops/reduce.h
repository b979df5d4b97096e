#pragma once
// Reductions, scans and sorting as free functions with libtorch's names (torch::sum(t, dims),
// torch::max(t, dim), torch::sort(t), ...). Each forwards to the Tensor method of the same name
// (src/ops/reduce.cpp), except the few libtorch spells only as functions.
#include <optional>
#include <tuple>

#include "ember/core/Tensor.h"

namespace ember {

inline Tensor sum(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt) {
  return self.sum(dtype);
}
inline Tensor sum(const Tensor& self, IntArrayRef dim, bool keepdim = false,
                  std::optional<ScalarType> dtype = std::nullopt) {
  return self.sum(dim, keepdim, dtype);
}
inline Tensor mean(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt) {
  return self.mean(dtype);
}
inline Tensor mean(const Tensor& self, IntArrayRef dim, bool keepdim = false,
                   std::optional<ScalarType> dtype = std::nullopt) {
  return self.mean(dim, keepdim, dtype);
}
inline Tensor prod(const Tensor& self, std::optional<ScalarType> dtype = std::nullopt) {
  return self.prod(dtype);
}
inline Tensor prod(const Tensor& self, int64_t dim, bool keepdim = false,
                   std::optional<ScalarType> dtype = std::nullopt) {
  return self.prod(dim, keepdim, dtype);
}
inline Tensor max(const Tensor& self) { return self.max(); }
inline std::tuple<Tensor, Tensor> max(const Tensor& self, int64_t dim, bool keepdim = false) {
  return self.max(dim, keepdim);
}
inline Tensor min(const Tensor& self) { return self.min(); }
inline std::tuple<Tensor, Tensor> min(const Tensor& self, int64_t dim, bool keepdim = false) {
  return self.min(dim, keepdim);
}
inline Tensor amax(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false) {
  return self.amax(dim, keepdim);
}
inline Tensor amin(const Tensor& self, IntArrayRef dim = {}, bool keepdim = false) {
  return self.amin(dim, keepdim);
}
inline Tensor argmax(const Tensor& self, std::optional<int64_t> dim = std::nullopt,
                     bool keepdim = false) {
  return self.argmax(dim, keepdim);
}
inline Tensor argmin(const Tensor& self, std::optional<int64_t> dim = std::nullopt,
                     bool keepdim = false) {
  return self.argmin(dim, keepdim);
}
inline Tensor std(const Tensor& self, bool unbiased = true) { return self.std(unbiased); }
inline Tensor std(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false) {
  return self.std(dim, unbiased, keepdim);
}
inline Tensor std(const Tensor& self, std::optional<IntArrayRef> dim,
                  std::optional<int64_t> correction, bool keepdim = false) {
  return self.std(dim, correction, keepdim);
}
inline Tensor var(const Tensor& self, bool unbiased = true) { return self.var(unbiased); }
inline Tensor var(const Tensor& self, IntArrayRef dim, bool unbiased = true, bool keepdim = false) {
  return self.var(dim, unbiased, keepdim);
}
inline Tensor var(const Tensor& self, std::optional<IntArrayRef> dim,
                  std::optional<int64_t> correction, bool keepdim = false) {
  return self.var(dim, correction, keepdim);
}

// (std, mean) and (var, mean) in one pass over the data, as torch::std_mean / torch::var_mean.
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, IntArrayRef dim, bool unbiased = true,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> std_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim = false);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, bool unbiased = true);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, IntArrayRef dim, bool unbiased = true,
                                    bool keepdim = false);
std::tuple<Tensor, Tensor> var_mean(const Tensor& self, std::optional<IntArrayRef> dim,
                                    std::optional<int64_t> correction, bool keepdim = false);

inline Tensor norm(const Tensor& self, const Scalar& p = 2) { return self.norm(p); }
inline Tensor norm(const Tensor& self, const std::optional<Scalar>& p, IntArrayRef dim,
                   bool keepdim = false) {
  return self.norm(p, dim, keepdim);
}
inline Tensor logsumexp(const Tensor& self, IntArrayRef dim, bool keepdim = false) {
  return self.logsumexp(dim, keepdim);
}
inline Tensor cumsum(const Tensor& self, int64_t dim,
                     std::optional<ScalarType> dtype = std::nullopt) {
  return self.cumsum(dim, dtype);
}
inline Tensor cumprod(const Tensor& self, int64_t dim,
                      std::optional<ScalarType> dtype = std::nullopt) {
  return self.cumprod(dim, dtype);
}
inline Tensor all(const Tensor& self) { return self.all(); }
inline Tensor all(const Tensor& self, int64_t dim, bool keepdim = false) {
  return self.all(dim, keepdim);
}
inline Tensor any(const Tensor& self) { return self.any(); }
inline Tensor any(const Tensor& self, int64_t dim, bool keepdim = false) {
  return self.any(dim, keepdim);
}
inline std::tuple<Tensor, Tensor> sort(const Tensor& self, int64_t dim = -1,
                                       bool descending = false) {
  return self.sort(dim, descending);
}
// torch::sort(self, stable, dim, descending): stable keeps equal elements in their input order.
std::tuple<Tensor, Tensor> sort(const Tensor& self, std::optional<bool> stable, int64_t dim = -1,
                                bool descending = false);
inline std::tuple<Tensor, Tensor> topk(const Tensor& self, int64_t k, int64_t dim = -1,
                                       bool largest = true, bool sorted = true) {
  return self.topk(k, dim, largest, sorted);
}
inline bool allclose(const Tensor& self, const Tensor& other, double rtol = 1e-05,
                     double atol = 1e-08, bool equal_nan = false) {
  return self.allclose(other, rtol, atol, equal_nan);
}
inline bool equal(const Tensor& self, const Tensor& other) { return self.equal(other); }

}  // namespace ember
