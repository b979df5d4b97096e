#include "optim/pointwise.h"

#include <cmath>
#include <cstdint>

#include "core/parallel.h"
#include "ember/core/Error.h"
#include "ember/ops/elementwise.h"

namespace ember::optim::detail {
namespace {

// Elements per chunk handed to the thread pool: these loops are memory-bound.
constexpr int64_t kGrain = 1 << 15;

// True when every operand is a CPU tensor of self's shape and (floating) dtype.
bool exact_path(const Tensor& self, const Tensor& a, const Tensor& b) {
  const ScalarType dt = self.dtype();
  if ((dt != kFloat && dt != kDouble) || !self.is_cpu()) return false;
  for (const Tensor* t : {&a, &b}) {
    if (t->dtype() != dt || !t->is_cpu() || t->sizes() != self.sizes()) return false;
  }
  return true;
}

// Built for FMA hardware too (picked at load time): std::fma is then an instruction rather than a
// libm call. The results are identical either way.
#define EMBER_OPTIM_FMA_CLONES __attribute__((target_clones("default", "fma")))

template <class T>
EMBER_OPTIM_FMA_CLONES void add_scaled_loop(T* s, const T* o, T a, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) s[i] = std::fma(o[i], a, s[i]);
}
template <class T>
EMBER_OPTIM_FMA_CLONES void addcmul_loop(T* s, const T* x, const T* y, T v, int64_t begin,
                                         int64_t end) {
  for (int64_t i = begin; i < end; ++i) s[i] = std::fma(v * x[i], y[i], s[i]);
}
template <class T>
void addcdiv_loop(T* s, const T* x, const T* y, T v, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) s[i] = s[i] + v * x[i] / y[i];
}

// Runs loop(self, a, b, scalar, begin, end) over all elements, typed by self's dtype. Operands that
// are not contiguous are worked on as contiguous copies (the results are the same).
template <class Loop>
void run(Tensor& self, const Tensor& a, const Tensor& b, double scalar, Loop loop) {
  const int64_t n = self.numel();
  Tensor out = self.is_contiguous() ? self : self.contiguous();
  const Tensor ca = a.contiguous();
  const Tensor cb = b.contiguous();
  auto go = [&]<class T>() {
    T* s = out.data_ptr<T>();
    const T* pa = ca.data_ptr<T>();
    const T* pb = cb.data_ptr<T>();
    const T v = static_cast<T>(scalar);
    internal::parallel_for(0, n, kGrain,
                           [&](int64_t begin, int64_t end) { loop(s, pa, pb, v, begin, end); });
  };
  if (self.dtype() == kFloat) {
    go.template operator()<float>();
  } else {
    go.template operator()<double>();
  }
  if (out.is_same(self)) {
    self.unsafeGetTensorImpl()->storage()->bump_version();
  } else {
    self.copy_(out);
  }
}

}  // namespace

Tensor& add_scaled_(Tensor& self, const Tensor& other, double alpha) {
  if (!exact_path(self, other, other)) return self.add_(other, alpha);
  run(self, other, other, alpha,
      []<class T>(T* s, const T* o, const T*, T a, int64_t b, int64_t e) {
        add_scaled_loop<T>(s, o, a, b, e);
      });
  return self;
}

Tensor add_scaled(const Tensor& self, const Tensor& other, double alpha) {
  if (!exact_path(self, other, other)) return self.add(other, alpha);
  Tensor out = self.clone();
  return add_scaled_(out, other, alpha);
}

Tensor& addcmul_(Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  if (!exact_path(self, t1, t2)) return self.add_(t1.mul(value).mul(t2));
  run(self, t1, t2, value, []<class T>(T* s, const T* x, const T* y, T v, int64_t b, int64_t e) {
    addcmul_loop<T>(s, x, y, v, b, e);
  });
  return self;
}

Tensor addcmul(const Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  if (!exact_path(self, t1, t2)) return self.add(t1.mul(value).mul(t2));
  Tensor out = self.clone();
  return addcmul_(out, t1, t2, value);
}

Tensor& addcdiv_(Tensor& self, const Tensor& t1, const Tensor& t2, double value) {
  if (!exact_path(self, t1, t2)) return self.add_(t1.mul(value).div(t2));
  run(self, t1, t2, value, []<class T>(T* s, const T* x, const T* y, T v, int64_t b, int64_t e) {
    addcdiv_loop<T>(s, x, y, v, b, e);
  });
  return self;
}

bool equal_if_defined(const Tensor& a, const Tensor& b) {
  if (!a.defined() || !b.defined()) return a.defined() == b.defined();
  return a.equal(b);
}

}  // namespace ember::optim::detail
