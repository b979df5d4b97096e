// Sampling kernels reproducing PyTorch 1.13's CPU distributions bit for bit. This file is compiled
// with -ffp-contract=off: every fused multiply-add PyTorch performs is an explicit std::fma here,
// and no other operation is fused.
#include "random/kernels.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numbers>
#include <string_view>
#include <utility>

#include "cpu/Loops.h"
#include "ember/ops/creation.h"
#include "random/cephes.h"
#include "random/memory_order.h"

namespace ember::random_detail {

namespace {

// PyTorch's AVX2 build compiles its scalar CPU kernels with FMA available and GCC's default
// floating-point contraction, so `a * b + c` in the distributions is one fused operation.
template <class T>
inline T mul_add(T a, T b, T c) {
  return std::fma(a, b, c);
}

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// ---- iteration ----------------------------------------------------------------------------------

// ---- uniform ------------------------------------------------------------------------------------

// A uniform in [0, 1) with as many random bits as T's significand (uniform_real_distribution).
template <class T>
T uniform01(CPUGeneratorImpl* g) {
  if constexpr (std::is_same_v<T, double>) {
    return uniform_double(g);
  } else if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>(g->random() & 0xFFFFFFu) * 0x1p-24f;
  } else if constexpr (std::is_same_v<T, Half>) {
    return Half(static_cast<float>(g->random() & 0x7FFu) * 0x1p-11f);
  } else {
    static_assert(std::is_same_v<T, BFloat16>);
    return BFloat16(static_cast<float>(g->random() & 0xFFu) * 0x1p-8f);
  }
}

// ---- normal -------------------------------------------------------------------------------------

// One standard normal from Box-Muller in double, returning the cached second value when present.
double standard_normal(CPUGeneratorImpl* g) {
  if (g->next_double_normal_sample) {
    const double v = *g->next_double_normal_sample;
    g->next_double_normal_sample.reset();
    return v;
  }
  const double u1 = uniform01<double>(g);
  const double u2 = uniform01<double>(g);
  const double r = std::sqrt(-2.0 * std::log(1.0 - u2));
  const double theta = kTwoPi * u1;
  g->next_double_normal_sample = r * std::sin(theta);
  return r * std::cos(theta);
}

// The 16-element transform: d[j] and d[j + 8] from the uniforms there (j < 8).
// Cloned for FMA hardware (picked at load time): std::fma is then one instruction, not a libm call.
// The results are the same either way; only the speed differs.
#define EMBER_FMA_CLONES __attribute__((target_clones("default", "fma")))
EMBER_FMA_CLONES void normal16(float* d, float mean, float std) {
  const float two_pi = static_cast<float>(kTwoPi);
  for (int j = 0; j < 8; ++j) {
    const float u1 = 1.0f - d[j];
    const float u2 = d[j + 8];
    const float radius = std::sqrt(-2.0f * cephes_log(u1));
    const float theta = two_pi * u2;
    float s, c;
    cephes_sincos(theta, s, c);
    d[j] = std::fma(radius * c, std, mean);
    d[j + 8] = std::fma(radius * s, std, mean);
  }
}

EMBER_FMA_CLONES void normal16(double* d, double mean, double std) {
  for (int j = 0; j < 8; ++j) {
    const double u1 = 1.0 - d[j];
    const double u2 = d[j + 8];
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double theta = kTwoPi * u2;
    d[j] = mul_add(radius * std::cos(theta), std, mean);
    d[j + 8] = mul_add(radius * std::sin(theta), std, mean);
  }
}

// Half: c10::Half arithmetic. Half with Half rounds to Half; with float gives float; with double
// gives double; log, sqrt, cos and sin are the float functions.
void normal16(Half* d, Half mean, Half std) {
  for (int j = 0; j < 8; ++j) {
    const Half u1 = Half(1.0f - static_cast<float>(d[j]));
    const Half u2 = d[j + 8];
    const Half radius = Half(std::sqrt(-2.0f * std::log(static_cast<float>(u1))));
    const Half theta = convert<Half>(kTwoPi * static_cast<double>(static_cast<float>(u2)));
    const float r = radius, t = theta, sd = std, m = mean;
    d[j] = Half(mul_add(r * std::cos(t), sd, m));
    d[j + 8] = Half(mul_add(r * std::sin(t), sd, m));
  }
}

// BFloat16: as Half, except that c10's BFloat16 math functions return BFloat16, so every step
// rounds to BFloat16.
void normal16(BFloat16* d, BFloat16 mean, BFloat16 std) {
  using B = BFloat16;
  for (int j = 0; j < 8; ++j) {
    const B u1 = B(1.0f - static_cast<float>(d[j]));
    const B u2 = d[j + 8];
    const B lg = B(std::log(static_cast<float>(u1)));
    const B radius = B(std::sqrt(static_cast<float>(B(-2.0f * static_cast<float>(lg)))));
    const B theta = convert<B>(kTwoPi * static_cast<double>(static_cast<float>(u2)));
    const B c = B(std::cos(static_cast<float>(theta)));
    const B s = B(std::sin(static_cast<float>(theta)));
    const B rc = B(static_cast<float>(radius) * static_cast<float>(c));
    const B rs = B(static_cast<float>(radius) * static_cast<float>(s));
    d[j] = B(static_cast<float>(B(static_cast<float>(rc) * static_cast<float>(std))) +
             static_cast<float>(mean));
    d[j + 8] = B(static_cast<float>(B(static_cast<float>(rs) * static_cast<float>(std))) +
                 static_cast<float>(mean));
  }
}

// Contiguous n >= 16: uniforms everywhere, blocks of 16 transformed in place, and a ragged end
// handled by redrawing the last 16 slots and transforming them.
template <class T>
void normal_fill_blocks(T* d, int64_t n, T mean, T std, CPUGeneratorImpl* g) {
  for (int64_t i = 0; i < n; ++i) d[i] = uniform01<T>(g);
  for (int64_t i = 0; i + 16 <= n; i += 16) normal16(d + i, mean, std);
  if (n % 16 != 0) {
    T* last = d + n - 16;
    for (int i = 0; i < 16; ++i) last[i] = uniform01<T>(g);
    normal16(last, mean, std);
  }
}

// ---- integer ranges -----------------------------------------------------------------------------

template <class T>
constexpr int significand_digits() {
  if constexpr (std::is_same_v<T, Half>) {
    return 11;
  } else if constexpr (std::is_same_v<T, BFloat16>) {
    return 8;
  } else {
    return std::numeric_limits<T>::digits;
  }
}

int floor_log2(int64_t v) {
  int n = 0;
  while (v >>= 1) ++n;
  return n;
}

// Moves `from` up to the next value the dtype represents when rounding would lower it.
template <class T>
int64_t update_from(int64_t from) {
  const int64_t from_plus_1 = convert<int64_t>(convert<T>(from + 1));
  if (from_plus_1 < from) {
    const int n = floor_log2(std::abs(from + 1));
    from = from_plus_1 + (int64_t{1} << (n - significand_digits<T>() + 1));
  }
  return from;
}

// Moves `to` down when rounding `to - 1` would reach or pass it.
template <class T>
int64_t update_to(int64_t to) {
  const int64_t to_minus_1 = convert<int64_t>(convert<T>(to - 1));
  if (to_minus_1 >= to) {
    const int n = floor_log2(std::abs(to - 1));
    to = to_minus_1 - (int64_t{1} << (n - significand_digits<T>() + 1));
  }
  return to;
}

template <class T>
void check_in_range(int64_t from, int64_t to_inc) {
  constexpr ScalarType st = scalar_type_of<T>;
  if constexpr (is_floating_type(st)) {
    double lo, hi;
    if constexpr (std::is_same_v<T, Half>) {
      lo = -65504.0;
      hi = 65504.0;
    } else if constexpr (std::is_same_v<T, BFloat16>) {
      hi = static_cast<double>(std::bit_cast<float>(0x7F7F0000u));
      lo = -hi;
    } else {
      lo = static_cast<double>(std::numeric_limits<T>::lowest());
      hi = static_cast<double>(std::numeric_limits<T>::max());
    }
    const auto f = static_cast<double>(from), t = static_cast<double>(to_inc);
    EMBER_CHECK(f >= lo && f <= hi, "from is out of bounds for ", type_meta_name(st));
    EMBER_CHECK(t >= lo && t <= hi, "to - 1 is out of bounds for ", type_meta_name(st));
  } else {
    const auto lo = static_cast<int64_t>(std::numeric_limits<T>::lowest());
    const auto hi = static_cast<int64_t>(std::numeric_limits<T>::max());
    EMBER_CHECK(from >= lo && from <= hi, "from is out of bounds for ", type_meta_name(st));
    EMBER_CHECK(to_inc >= lo && to_inc <= hi, "to - 1 is out of bounds for ", type_meta_name(st));
  }
}

}  // namespace

// ---- entry points -------------------------------------------------------------------------------

Generator resolve_generator(const std::optional<Generator>& generator) {
  return generator ? *generator : detail::getDefaultCPUGenerator();
}

Tensor empty_like_preserve(const Tensor& self, ScalarType dtype) {
  if (self.is_contiguous()) return detail::make_tensor_like(self, dtype, Device(kCPU));
  // Non-overlapping and dense: sorted by stride, each stride is the product of the sizes inside.
  const int64_t nd = self.dim();
  DimVector order;
  for (int64_t d = 0; d < nd; ++d) {
    if (self.sizes()[d] != 1) order.push_back(d);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return self.strides()[a] < self.strides()[b]; });
  int64_t expected = 1;
  bool dense = true;
  for (int64_t d : order) {
    dense = dense && self.strides()[d] == expected;
    expected *= self.sizes()[d];
  }
  if (!dense) return detail::make_tensor_like(self, dtype, Device(kCPU));
  Tensor flat = detail::make_tensor({self.numel()}, dtype, Device(kCPU));
  return Tensor(
      make_intrusive<TensorImpl>(flat.impl()->storage(), dtype, self.sizes(), self.strides(), 0));
}

void uniform_fill(const Tensor& self, const Generator& gen) {
  visit_floating(self.dtype(), "check_uniform_bounds", [&]<class T>() {
    CPUGeneratorImpl* g = gen.impl();
    const DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(self, [&](T& v) { v = uniform01<T>(g); });
  });
}

void exponential_fill(const Tensor& self, double lambd, const Generator& gen) {
  visit_floating(self.dtype(), "exponential_cpu", [&]<class T>() {
    CPUGeneratorImpl* g = gen.impl();
    const DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(
        self, [&](T& v) { v = convert<T>(-1.0 / lambd * std::log(1.0 - uniform01<double>(g))); });
  });
}

void normal_fill(const Tensor& self, double mean, double std, const Generator& gen) {
  EMBER_CHECK(std >= 0.0, "normal expects std >= 0.0, but found std ", std);
  visit_floating(self.dtype(), "normal_kernel_cpu", [&]<class T>() {
    CPUGeneratorImpl* g = gen.impl();
    const DrawLock lock(g, self.numel());
    const int64_t n = self.numel();
    if (n >= 16 && self.is_contiguous()) {
      normal_fill_blocks<T>(static_cast<T*>(self.data_ptr()), n, convert<T>(mean), convert<T>(std),
                            g);
    } else {
      for_each_in_memory_order<T>(
          self, [&](T& v) { v = convert<T>(mul_add(standard_normal(g), std, mean)); });
    }
  });
}

namespace {

// Writes draw % range + base in memory order, a draw being 64 bits for the types PyTorch gives
// 64-bit draws when the range needs them (uniform_int_from_to_distribution).
void fill_from_range(const Tensor& self, uint64_t range, int64_t base, const Generator& gen) {
  visit_dtype(self.dtype(), [&]<class T>() {
    // Only these types draw 64 bits for wide ranges; the others cannot have one except int32's
    // full range, which PyTorch serves from 32-bit draws.
    constexpr bool wide_type = std::is_same_v<T, int64_t> || std::is_same_v<T, double> ||
                               std::is_same_v<T, float> || std::is_same_v<T, BFloat16>;
    const bool use64 = wide_type && range >= (uint64_t{1} << 32);
    CPUGeneratorImpl* g = gen.impl();
    const DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(self, [&](T& v) {
      const uint64_t draw = use64 ? g->random64() : g->random();
      const auto value = static_cast<int64_t>(draw % range + static_cast<uint64_t>(base));
      v = convert<T>(value);
    });
  });
}

}  // namespace

void random_from_to_fill(const Tensor& self, int64_t from, std::optional<int64_t> to,
                         const Generator& gen) {
  const ScalarType dt = self.dtype();
  if (to) {
    EMBER_CHECK(from < *to, "random_ expects 'from' to be less than 'to', but got from=", from,
                " >= to=", *to);
    if (is_floating_type(dt)) {
      visit_floating(dt, "random_update_from_to", [&]<class T>() {
        from = update_from<T>(from);
        *to = update_to<T>(*to);
        EMBER_CHECK(from < *to,
                    "random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, "
                    "but got from=",
                    from, " >= to=", *to);
      });
    }
    visit_dtype(dt, [&]<class T>() { check_in_range<T>(from, *to - 1); });
    fill_from_range(self, static_cast<uint64_t>(*to) - static_cast<uint64_t>(from), from, gen);
    return;
  }
  if (from == std::numeric_limits<int64_t>::lowest()) {
    // The whole 64-bit range: one 64-bit draw per element, as a signed integer.
    EMBER_CHECK(dt == kLong || dt == kDouble || dt == kFloat || dt == kBFloat16,
                "random_full_64_bits_range_kernel_cpu handles only int64, double, float and "
                "bfloat16");
    visit_dtype(dt, [&]<class T>() {
      CPUGeneratorImpl* g = gen.impl();
      const DrawLock lock(g, self.numel());
      for_each_in_memory_order<T>(
          self, [&](T& v) { v = convert<T>(static_cast<int64_t>(g->random64())); });
    });
    return;
  }
  // [from, the largest integer of the dtype (floating: 2^digits)].
  int64_t to_inc = 0;
  visit_dtype(dt, [&]<class T>() {
    if constexpr (std::is_same_v<T, bool>) {
      to_inc = 1;
    } else if constexpr (is_floating_type(scalar_type_of<T>)) {
      to_inc = int64_t{1} << significand_digits<T>();
      from = update_from<T>(from);
      EMBER_CHECK(from < to_inc,
                  "random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' "
                  "casted to dtype, but got from=",
                  from, " > to_inc=", to_inc);
    } else {
      to_inc = static_cast<int64_t>(std::numeric_limits<T>::max());
    }
    check_in_range<T>(from, to_inc);
  });
  fill_from_range(self, static_cast<uint64_t>(to_inc) - static_cast<uint64_t>(from) + 1, from, gen);
}

void random_fill(const Tensor& self, const Generator& gen) {
  visit_dtype(self.dtype(), [&]<class T>() {
    // PyTorch's uniform_int_distribution: 64-bit draws for int64 and double, 32-bit otherwise,
    // reduced modulo the dtype's largest integer + 1 (floating: 2^digits + 1); bool takes a bit.
    constexpr bool use64 = std::is_same_v<T, int64_t> || std::is_same_v<T, double>;
    uint64_t modulus = 0;
    if constexpr (is_floating_type(scalar_type_of<T>)) {
      modulus = (uint64_t{1} << significand_digits<T>()) + 1;
    } else if constexpr (!std::is_same_v<T, bool>) {
      modulus = static_cast<uint64_t>(std::numeric_limits<T>::max()) + 1;
    }
    CPUGeneratorImpl* g = gen.impl();
    const DrawLock lock(g, self.numel());
    for_each_in_memory_order<T>(self, [&](T& v) {
      const uint64_t draw = use64 ? g->random64() : g->random();
      if constexpr (std::is_same_v<T, bool>) {
        v = (draw & 1) != 0;
      } else {
        v = convert<T>(static_cast<int64_t>(draw % modulus));
      }
    });
  });
}

void randperm_fill(const Tensor& self, int64_t n, const Generator& gen) {
  const ScalarType dt = self.dtype();
  // PyTorch first builds a scalar n - 1 of the dtype, which must not overflow.
  const int64_t last = n > 0 ? n - 1 : n;
  if (dt != kBool) check_convertible(Scalar(last), dt);
  switch (dt) {
    case kHalf:
      EMBER_CHECK(n <= (int64_t{1} << 11) + 1, "n cannot be greater than 2049 for Half type.");
      break;
    case kFloat:
      EMBER_CHECK(n <= (int64_t{1} << 24) + 1, "n cannot be greater than 2^24+1 for Float type.");
      break;
    case kDouble:
      EMBER_CHECK(n <= (int64_t{1} << 53) + 1, "n cannot be greater than 2^53+1 for Double type.");
      break;
    case kBool:
      throw_not_implemented("randperm", dt);
    default:
      break;
  }
  visit_dtype(dt, [&]<class T>() {
    if constexpr (!std::is_same_v<T, bool>) {
      T* r = static_cast<T*>(self.data_ptr());
      for (int64_t i = 0; i < n; ++i) r[i] = convert<T>(i);
      CPUGeneratorImpl* g = gen.impl();
      const DrawLock lock(g, self.numel());
      for (int64_t i = 0; i + 1 < n; ++i) {
        const int64_t z = static_cast<int64_t>(g->random() % static_cast<uint64_t>(n - i));
        std::swap(r[i], r[z + i]);
      }
    }
  });
}

}  // namespace ember::random_detail
