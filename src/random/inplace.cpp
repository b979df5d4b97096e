// In-place random fills: uniform_, normal_, bernoulli_ (and bernoulli), exponential_, random_. Each
// draws the numbers PyTorch 1.13's CPU kernels draw for the same generator state, dtype and layout.
// This file is compiled with -ffp-contract=off: the one fused multiply-add PyTorch's build performs
// (in uniform's `x * (to - from) + from`) is an explicit std::fma.
#include <algorithm>
#include <cmath>
#include <limits>

#include "autograd/function.h"
#include "cpu/Loops.h"
#include "ember/core/MemoryOverlap.h"
#include "ember/ops/creation.h"
#include "random/kernels.h"
#include "random/memory_order.h"

namespace ember {

namespace {

using random_detail::for_each_in_memory_order;

// PyTorch's uniform_real_distribution<T>(from, to): as many random bits as T's significand,
// scaled into [0, 1) in T's accumulation type (float for the 16-bit types), then
// x * (to - from) + from, contracted to one fma by PyTorch's AVX2 build.
template <class T>
T uniform_sample(CPUGeneratorImpl* g, T from, T to) {
  if constexpr (std::is_same_v<T, double>) {
    return std::fma(random_detail::uniform_double(g), to - from, from);
  } else if constexpr (std::is_same_v<T, float>) {
    const float x = static_cast<float>(g->random() & 0xFFFFFFu) * 0x1p-24f;
    return std::fma(x, to - from, from);
  } else {
    // Half / BFloat16: `to - from` rounds to T (c10's operators), the rest is float.
    constexpr uint32_t mask = std::is_same_v<T, Half> ? 0x7FFu : 0xFFu;
    constexpr float divisor = std::is_same_v<T, Half> ? 0x1p-11f : 0x1p-8f;
    const float x = static_cast<float>(g->random() & mask) * divisor;
    const T range = T(static_cast<float>(to) - static_cast<float>(from));
    return T(std::fma(x, static_cast<float>(range), static_cast<float>(from)));
  }
}

// PyTorch's bernoulli_distribution<double>(p): a 53-bit uniform double compared with p.
bool bernoulli_sample(CPUGeneratorImpl* g, double p) {
  return random_detail::uniform_double(g) < p;
}

// PyTorch's checks on uniform_'s bounds for a floating dtype (before any drawing).
void check_uniform_bounds(ScalarType dtype, double& from, double& to) {
  visit_floating(dtype, "check_uniform_bounds", [&]<class T>() {
    double lo, hi;
    if constexpr (std::is_same_v<T, Half>) {
      lo = -65504.0;
      hi = 65504.0;
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      hi = 3.3895313892515355e+38;  // c10::BFloat16's max(), 0x7F7F
      lo = -hi;
    } else {
      lo = static_cast<double>(std::numeric_limits<T>::lowest());
      hi = static_cast<double>(std::numeric_limits<T>::max());
    }
    const std::string_view name = type_meta_name(dtype);
    EMBER_CHECK(from >= lo && from <= hi, "from is out of bounds for ", name);
    EMBER_CHECK(to >= lo && to <= hi, "to is out of bounds for ", name);
    EMBER_CHECK(from <= to, "uniform_ expects to return a [from, to) range, but found from=", from,
                " > to=", to);
    EMBER_CHECK(to - from <= hi, "uniform_ expects to-from <= std::numeric_limits<",
                to_string(dtype), ">::max(), but found to=", to, " and from=", from,
                " which result in to-from to exceed the limit");
    from = std::min(std::max(from, lo), hi);
    to = std::max(std::min(to, hi), lo);
  });
}

void uniform_raw(const Tensor& self, double from, double to, const Generator& gen) {
  visit_floating(self.dtype(), "uniform_kernel_cpu", [&]<class T>() {
    const T f = convert<T>(from), t = convert<T>(to);
    CPUGeneratorImpl* g = gen.impl();
    const random_detail::DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(self, [&](T& v) { v = uniform_sample<T>(g, f, t); });
  });
}

void bernoulli_raw(const Tensor& self, double p, const Generator& gen) {
  visit_dtype(self.dtype(), [&]<class T>() {
    CPUGeneratorImpl* g = gen.impl();
    const random_detail::DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(self,
                                [&](T& v) { v = convert<T>(bernoulli_sample(g, p) ? 1 : 0); });
  });
}

// PyTorch's bernoulli_(Tensor p): element i is 1 when a uniform draw (float, or double when p is
// double) is below p[i] (p broadcast to self), drawn in self's memory order. The draws go to a
// dense tensor laid out like self, beside p copied to the same layout, then into self.
void bernoulli_tensor_raw(const Tensor& self, const Tensor& p, const Generator& gen) {
  EMBER_CHECK(self.scalar_type() != kHalf,
              "\"bernoulli_tensor_cpu_self_\" not implemented for 'Half'");
  const ScalarType pt = p.scalar_type();
  EMBER_CHECK(pt == kFloat || pt == kDouble || pt == kBFloat16,
              "\"bernoulli_tensor_cpu_p_\" not implemented for '", to_string(pt), "'");
  Tensor probs = random_detail::empty_like_preserve(self, p.scalar_type());
  probs.copy_(p.to(Device(kCPU)).expand(self.sizes()));
  Tensor target = random_detail::empty_like_preserve(self, self.dtype());
  CPUGeneratorImpl* g = gen.impl();
  const random_detail::DrawLock lock(g, self.numel());
  visit_dtype(self.dtype(), [&]<class T>() {
    T* out = static_cast<T*>(target.data_ptr());
    visit_floating(p.scalar_type(), "bernoulli_tensor_cpu_p_", [&]<class P>() {
      const P* pp = static_cast<const P*>(probs.data_ptr());
      for (int64_t i = 0, n = self.numel(); i < n; ++i) {
        bool one = false;
        if constexpr (std::is_same_v<P, double>) {
          one = random_detail::uniform_double(g) < pp[i];
        } else {
          one = static_cast<float>(g->random() & 0xFFFFFFu) * 0x1p-24f < static_cast<float>(pp[i]);
        }
        out[i] = convert<T>(one ? 1 : 0);
      }
    });
  });
  detail::copy_raw(self, target);
}

// Runs fill(target) on self: directly, or (when self has history to keep) through the autograd
// in-place machinery with a node whose gradient is zero, as PyTorch's UniformBackward0 & co.
template <class Fill>
Tensor& random_inplace(Tensor& self, const char* node, Fill fill_on_cpu) {
  check_device_available(self.device());
  assert_no_internal_overlap(self);  // one address cannot hold several draws
  // Numbers are drawn on the CPU; a tensor elsewhere gets a copy of them.
  auto fill = [&](const Tensor& t) {
    if (t.is_cpu()) return fill_on_cpu(t);
    const Tensor host = detail::make_tensor(t.sizes(), t.dtype(), Device(kCPU));
    fill_on_cpu(host);
    detail::copy_raw(t, host);
  };
  if (autograd::should_record(self)) {
    return autograd::record_inplace(self, [&](const Tensor& original) {
      Tensor r = random_detail::empty_like_preserve(original, original.dtype());
      fill(r);
      autograd::record(node, r, {original},
                       [](const autograd::Grads& g) { return zeros_like(g[0]); });
      return r;
    });
  }
  fill(self);
  self.impl()->storage()->bump_version();
  return self;
}

}  // namespace

Tensor& Tensor::uniform_(double from, double to, std::optional<Generator> generator) const {
  Tensor& self = const_cast<Tensor&>(*this);
  check_uniform_bounds(dtype(), from, to);
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "UniformBackward0",
                        [&](const Tensor& t) { uniform_raw(t, from, to, gen); });
}
Tensor& Tensor::uniform_(double from, double to) const { return uniform_(from, to, std::nullopt); }

Tensor& Tensor::normal_(double mean, double std, std::optional<Generator> generator) const {
  Tensor& self = const_cast<Tensor&>(*this);
  EMBER_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "NormalBackward0",
                        [&](const Tensor& t) { random_detail::normal_fill(t, mean, std, gen); });
}
Tensor& Tensor::normal_(double mean, double std) const { return normal_(mean, std, std::nullopt); }

Tensor& Tensor::bernoulli_(double p, std::optional<Generator> generator) const {
  Tensor& self = const_cast<Tensor&>(*this);
  EMBER_CHECK(0 <= p && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=", p);
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "BernoulliBackward2",
                        [&](const Tensor& t) { bernoulli_raw(t, p, gen); });
}
Tensor& Tensor::bernoulli_(double p) const { return bernoulli_(p, std::nullopt); }

// bernoulli_(Tensor p) and bernoulli(p) (declared in src/ops/random.yaml).
Tensor& bernoulli_(Tensor& self, const Tensor& p, std::optional<Generator> generator) {
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "BernoulliBackward1",
                        [&](const Tensor& t) { bernoulli_tensor_raw(t, p, gen); });
}
Tensor bernoulli(const Tensor& self, std::optional<Generator> generator) {
  Tensor r = random_detail::empty_like_preserve(self, self.dtype());
  bernoulli_tensor_raw(r, self, random_detail::resolve_generator(generator));
  if (!self.device().is_cpu()) r = r.to(self.device());
  if (autograd::should_record(self)) {
    autograd::record("BernoulliBackward0", r, {self},
                     [](const autograd::Grads& g) { return zeros_like(g[0]); });
  }
  return r;
}

// exponential_ (declared in src/ops/random.yaml).
Tensor& exponential_(Tensor& self, double lambd, std::optional<Generator> generator) {
  EMBER_CHECK(lambd >= 0.0, "exponential_ expects lambda >= 0.0, but found lambda=", lambd);
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "ExponentialBackward0",
                        [&](const Tensor& t) { random_detail::exponential_fill(t, lambd, gen); });
}

// random_ (declared in src/ops/random.yaml): integers drawn as PyTorch's random_kernel and
// random_from_to_kernel, stored in self's dtype.
Tensor& random_(Tensor& self, std::optional<Generator> generator) {
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "RandomBackward2",
                        [&](const Tensor& t) { random_detail::random_fill(t, gen); });
}
Tensor& random_(Tensor& self, int64_t to, std::optional<Generator> generator) {
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "RandomBackward1", [&](const Tensor& t) {
    random_detail::random_from_to_fill(t, 0, to, gen);
  });
}
Tensor& random_(Tensor& self, int64_t from, std::optional<int64_t> to,
                std::optional<Generator> generator) {
  const Generator gen = random_detail::resolve_generator(generator);
  return random_inplace(self, "RandomBackward0", [&](const Tensor& t) {
    random_detail::random_from_to_fill(t, from, to, gen);
  });
}

// bernoulli(p): a new tensor shaped (and, when dense, strided) like self, without history.
Tensor Tensor::bernoulli(double p, std::optional<Generator> generator) const {
  EMBER_CHECK(0 <= p && p <= 1, "bernoulli_ expects p to be in [0, 1], but got p=", p);
  Tensor r = random_detail::empty_like_preserve(*this, dtype());
  bernoulli_raw(r, p, random_detail::resolve_generator(generator));
  return device().is_cpu() ? r : r.to(device());
}
Tensor Tensor::bernoulli(double p) const { return bernoulli(p, std::nullopt); }

}  // namespace ember
