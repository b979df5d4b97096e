// rand, randn, randint, randperm, normal and the *_like functions: PyTorch's CPU streams.
#include <cmath>
#include <type_traits>

#include "cpu/Loops.h"
#include "ember/core/promote.h"
#include "ember/ops/creation.h"
#include "random/kernels.h"

namespace ember {

using random_detail::resolve_generator;

namespace {

// Random numbers are always drawn on the CPU (with the CPU generator); other devices get a copy.
Tensor cpu_output(IntArrayRef size, ScalarType dtype, const TensorOptions& options) {
  check_device_available(options.device());
  return detail::make_tensor(size, dtype, Device(kCPU));
}

Tensor finish(Tensor t, const TensorOptions& options) {
  if (!options.device().is_cpu()) t = t.to(options.device());
  return detail::finish_creation(std::move(t), options);
}

// The C++ type of a ScalarType known at compile time.
template <ScalarType S>
struct CppType;
#define EMBER_RANDOM_CPP_TYPE(T, Name) \
  template <>                          \
  struct CppType<ScalarType::Name> {   \
    using type = T;                    \
  };
EMBER_FORALL_SCALAR_TYPES(EMBER_RANDOM_CPP_TYPE)
#undef EMBER_RANDOM_CPP_TYPE

// out = op(out, other) elementwise, other broadcast to out's shape, computed as PyTorch's in-place
// binary ops do: in the promoted dtype's computation type, then rounded to out's dtype.
template <class Op>
void binary_inplace(const Tensor& out, const Tensor& other, Op op) {
  const int64_t nd = out.dim(), od = other.dim();
  DimVector bstrides(nd, 0);
  for (int64_t i = 0; i < od; ++i) {
    if (other.sizes()[i] != 1) bstrides[nd - od + i] = other.strides()[i];
  }
  cpu::StridedOperands<2> ops{
      {static_cast<char*>(out.data_ptr()), static_cast<char*>(other.data_ptr())},
      {out.strides(), IntArrayRef(bstrides)},
      {out.element_size(), other.element_size()}};
  visit_floating(out.dtype(), "binary", [&]<class T>() {
    visit_dtype(other.dtype(), [&]<class S>() {
      using P = typename CppType<promote_types(scalar_type_of<T>, scalar_type_of<S>)>::type;
      using C = compute_type_t<P>;
      cpu::for_each_run<2>(out.sizes(), ops, [&](char** p, const int64_t* bs, int64_t n) {
        char* a = p[0];
        const char* b = p[1];
        for (int64_t i = 0; i < n; ++i, a += bs[0], b += bs[1]) {
          T& x = *reinterpret_cast<T*>(a);
          const C y = convert<C>(*reinterpret_cast<const S*>(b));
          x = convert<T>(op(convert<C>(x), y));
        }
      });
    });
  });
}

void mul_inplace(const Tensor& out, const Tensor& other) {
  binary_inplace(out, other, [](auto a, auto b) { return a * b; });
}
void add_inplace(const Tensor& out, const Tensor& other) {
  binary_inplace(out, other, [](auto a, auto b) { return a + b; });
}

// PyTorch's check for a tensor of standard deviations (NaN fails it too).
void check_std_tensor(const Tensor& std) {
  Tensor s = std.to(Device(kCPU), kDouble).contiguous();
  const auto* p = static_cast<const double*>(s.data_ptr());
  for (int64_t i = 0; i < s.numel(); ++i) {
    EMBER_CHECK(p[i] >= 0.0, "normal expects all elements of std >= 0.0");
  }
}

// Broadcast shape of a and b, with PyTorch's message when they do not broadcast.
DimVector infer_size(IntArrayRef a, IntArrayRef b) {
  const auto na = static_cast<int64_t>(a.size()), nb = static_cast<int64_t>(b.size());
  const int64_t n = std::max(na, nb);
  DimVector out(n, 1);
  for (int64_t i = n - 1; i >= 0; --i) {
    const int64_t offset = n - 1 - i;
    const int64_t da = na - 1 - offset, db = nb - 1 - offset;
    const int64_t sa = da >= 0 ? a[da] : 1, sb = db >= 0 ? b[db] : 1;
    EMBER_CHECK(sa == sb || sa == 1 || sb == 1, "The size of tensor a (", sa,
                ") must match the size of tensor b (", sb, ") at non-singleton dimension ", i);
    out[i] = sa == 1 ? sb : sa;
  }
  return out;
}

}  // namespace

// ---- rand / randn ------------------------------------------------------------------------------

Tensor rand(IntArrayRef size, std::optional<Generator> generator, const TensorOptions& options) {
  Tensor t = cpu_output(size, options.dtype(), options);
  random_detail::uniform_fill(t, resolve_generator(generator));
  return finish(t, options);
}
Tensor rand(IntArrayRef size, const TensorOptions& options) {
  return rand(size, std::nullopt, options);
}

Tensor randn(IntArrayRef size, std::optional<Generator> generator, const TensorOptions& options) {
  Tensor t = cpu_output(size, options.dtype(), options);
  random_detail::normal_fill(t, 0.0, 1.0, resolve_generator(generator));
  return finish(t, options);
}
Tensor randn(IntArrayRef size, const TensorOptions& options) {
  return randn(size, std::nullopt, options);
}

// ---- randint / randperm ------------------------------------------------------------------------

Tensor randint(int64_t low, int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options) {
  Tensor t = cpu_output(size, options.has_dtype() ? options.dtype() : kLong, options);
  random_detail::random_from_to_fill(t, low, high, resolve_generator(generator));
  return finish(t, options);
}
Tensor randint(int64_t low, int64_t high, IntArrayRef size, const TensorOptions& options) {
  return randint(low, high, size, std::nullopt, options);
}
Tensor randint(int64_t high, IntArrayRef size, std::optional<Generator> generator,
               const TensorOptions& options) {
  return randint(0, high, size, std::move(generator), options);
}
Tensor randint(int64_t high, IntArrayRef size, const TensorOptions& options) {
  return randint(0, high, size, std::nullopt, options);
}

Tensor randperm(int64_t n, std::optional<Generator> generator, const TensorOptions& options) {
  Tensor t = cpu_output({n}, options.has_dtype() ? options.dtype() : kLong, options);
  random_detail::randperm_fill(t, n, resolve_generator(generator));
  return finish(t, options);
}
Tensor randperm(int64_t n, const TensorOptions& options) {
  return randperm(n, std::nullopt, options);
}

// ---- normal ------------------------------------------------------------------------------------

Tensor normal(double mean, double std, IntArrayRef size, std::optional<Generator> generator,
              const TensorOptions& options) {
  EMBER_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);
  Tensor t = cpu_output(size, options.dtype(), options);
  random_detail::normal_fill(t, mean, std, resolve_generator(generator));
  return finish(t, options);
}

// normal(Tensor mean, double std): standard-deviation-scaled samples plus mean.
Tensor normal(const Tensor& mean, double std, std::optional<Generator> generator) {
  EMBER_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);
  Tensor out = detail::make_tensor(mean.sizes(), mean.dtype(), Device(kCPU));
  random_detail::normal_fill(out, 0.0, std, resolve_generator(generator));
  add_inplace(out, mean.cpu());
  return mean.is_cpu() ? out : out.to(mean.device());
}

// normal(double mean, Tensor std): standard samples times std, plus mean (as a tensor of the
// output's dtype).
Tensor normal(double mean, const Tensor& std, std::optional<Generator> generator) {
  check_std_tensor(std);
  Tensor out = detail::make_tensor(std.sizes(), std.dtype(), Device(kCPU));
  random_detail::normal_fill(out, 0.0, 1.0, resolve_generator(generator));
  mul_inplace(out, std.cpu());
  add_inplace(out, full({}, mean, TensorOptions(out.dtype())));
  return std.is_cpu() ? out : out.to(std.device());
}

// normal(Tensor mean, Tensor std): broadcast shape, mean's dtype; samples * std + mean.
Tensor normal(const Tensor& mean, const Tensor& std, std::optional<Generator> generator) {
  check_std_tensor(std);
  DimVector shape = infer_size(mean.sizes(), std.sizes());
  Tensor out = detail::make_tensor(shape, mean.dtype(), Device(kCPU));
  random_detail::normal_fill(out, 0.0, 1.0, resolve_generator(generator));
  mul_inplace(out, std.cpu());
  add_inplace(out, mean.cpu());
  return mean.is_cpu() ? out : out.to(mean.device());
}

// ---- *_like ------------------------------------------------------------------------------------
// Same shape (and, for dense tensors, the same strides) as self; dtype and device of self unless
// options say otherwise.

Tensor rand_like(const Tensor& self, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  check_device_available(o.device());
  Tensor t = random_detail::empty_like_preserve(self, o.dtype());
  random_detail::uniform_fill(t, detail::getDefaultCPUGenerator());
  return finish(t, o);
}

Tensor randn_like(const Tensor& self, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  check_device_available(o.device());
  Tensor t = random_detail::empty_like_preserve(self, o.dtype());
  random_detail::normal_fill(t, 0.0, 1.0, detail::getDefaultCPUGenerator());
  return finish(t, o);
}

Tensor randint_like(const Tensor& self, int64_t low, int64_t high, const TensorOptions& options) {
  const TensorOptions o = options.merged_over(self.options());
  check_device_available(o.device());
  Tensor t = random_detail::empty_like_preserve(self, o.dtype());
  random_detail::random_from_to_fill(t, low, high, detail::getDefaultCPUGenerator());
  return finish(t, o);
}

Tensor randint_like(const Tensor& self, int64_t high, const TensorOptions& options) {
  return randint_like(self, 0, high, options);
}

}  // namespace ember
