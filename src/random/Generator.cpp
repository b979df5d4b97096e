#include "ember/core/Generator.h"

#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "ember/core/Error.h"

namespace ember {

void CPUGeneratorImpl::set_current_seed(uint64_t seed) {
  seed_ = seed;
  // PyTorch seeds its 32-bit Mersenne Twister with the low 32 bits of the seed.
  engine_.seed(static_cast<uint32_t>(seed));
  next_double_normal_sample.reset();
}

// PyTorch's CPUGeneratorImplState: its legacy part (initial seed, left, seeded, next, the 624
// words widened to 64 bits, three doubles and an int of the old normal cache), then the float
// normal sample and its flag; x86-64 layout, little-endian.
namespace {
constexpr size_t kSeedAt = 0, kLeftAt = 8, kSeededAt = 12, kNextAt = 16, kWordsAt = 24;
constexpr size_t kNormalXAt = 5016, kNormalYAt = 5024, kNormalRhoAt = 5032, kNormalValidAt = 5040;
// (5048: the float normal sample and, 5052, its flag: ember keeps no float sample, so they stay
// zero and are ignored when read.)

template <class T>
void put(uint8_t* out, size_t at, T v) {
  std::memcpy(out + at, &v, sizeof(T));
}
template <class T>
T take(const uint8_t* in, size_t at) {
  T v;
  std::memcpy(&v, in + at, sizeof(T));
  return v;
}
}  // namespace

void CPUGeneratorImpl::get_state(uint8_t* out) const {
  std::memset(out, 0, kStateBytes);
  put<uint64_t>(out, kSeedAt, seed_);
  put<int32_t>(out, kLeftAt, engine_.left());
  put<int32_t>(out, kSeededAt, 1);
  put<uint64_t>(out, kNextAt, engine_.next());
  for (size_t i = 0; i < detail::MT19937::kStateSize; ++i) {
    put<uint64_t>(out, kWordsAt + 8 * i, engine_.words()[i]);
  }
  if (next_double_normal_sample) {
    put<int32_t>(out, kNormalValidAt, 1);
    put<double>(out, kNormalYAt, *next_double_normal_sample);
  }
}

void CPUGeneratorImpl::set_state(const uint8_t* data, size_t size) {
  std::optional<double> normal;
  if (size == kLegacyStateBytes) {
    if (take<int32_t>(data, kNormalValidAt) != 0) {  // the old cache kept rho and x
      const double theta = 2.0 * 3.14159265358979323846 * take<double>(data, kNormalXAt);
      normal = take<double>(data, kNormalRhoAt) * std::sin(theta);
    }
  } else if (size == kStateBytes) {
    if (take<int32_t>(data, kNormalValidAt) != 0) normal = take<double>(data, kNormalYAt);
  } else {
    detail::fail("Expected either a CPUGeneratorImplStateLegacy of size ", kLegacyStateBytes,
                 " or a CPUGeneratorImplState of size ", kStateBytes,
                 " but found the input RNG state size to be ", size);
  }
  uint32_t words[detail::MT19937::kStateSize];
  for (size_t i = 0; i < detail::MT19937::kStateSize; ++i) {
    words[i] = static_cast<uint32_t>(take<uint64_t>(data, kWordsAt + 8 * i));
  }
  const bool seeded = take<int32_t>(data, kSeededAt) != 0;
  EMBER_CHECK(seeded && engine_.set(words, take<int32_t>(data, kLeftAt),
                                    static_cast<uint32_t>(take<uint64_t>(data, kNextAt))),
              "Invalid mt19937 state");
  seed_ = take<uint64_t>(data, kSeedAt);
  next_double_normal_sample = normal;
}

namespace detail {

void MT19937::twist() {
  constexpr size_t n = kStateSize, m = 397;
  constexpr uint32_t upper = 0x80000000u, lower = 0x7fffffffu, matrix = 0x9908b0dfu;
  auto mix = [](uint32_t hi, uint32_t lo) {
    const uint32_t y = (hi & upper) | (lo & lower);
    return (y >> 1) ^ ((y & 1u) ? matrix : 0u);
  };
  for (size_t k = 0; k < n - m; ++k) state_[k] = state_[k + m] ^ mix(state_[k], state_[k + 1]);
  for (size_t k = n - m; k < n - 1; ++k) {
    state_[k] = state_[k + m - n] ^ mix(state_[k], state_[k + 1]);
  }
  state_[n - 1] = state_[m - 1] ^ mix(state_[n - 1], state_[0]);
  left_ = static_cast<int>(n);
  next_ = 0;
}

bool MT19937::set(const uint32_t* words, int left, uint32_t next) {
  if (left <= 0 || left > static_cast<int>(kStateSize) || next > kStateSize) return false;
  std::copy(words, words + kStateSize, state_);
  left_ = left;
  next_ = next;
  return true;
}

namespace {
// As PyTorch, the global generator starts from a non-deterministic 64-bit seed (manual_seed makes
// runs reproducible); only generators made explicitly start from default_rng_seed_val.
uint64_t non_deterministic_seed() {
  std::random_device rd;
  const uint64_t hi = rd();
  const uint64_t lo = rd();
  return (hi << 32) | (lo & 0xFFFFFFFFu);
}
}  // namespace

Generator& getDefaultCPUGenerator() {
  static Generator gen = [] {
    Generator g = make_generator(non_deterministic_seed());
    // fork(): its lock is held across the fork, so the child never inherits it held by a thread
    // it does not have. Registered on first use, after core's handlers: fork handlers run last
    // registered first, so this lock is taken before the pool's and the allocator's (the order
    // in which a drawing thread may take them).
    pthread_atfork([] { getDefaultCPUGenerator().mutex().lock(); },
                   [] { getDefaultCPUGenerator().mutex().unlock(); },
                   [] { getDefaultCPUGenerator().mutex().unlock(); });
    return g;
  }();
  return gen;
}

}  // namespace detail

void manual_seed(uint64_t seed) { detail::getDefaultCPUGenerator().set_current_seed(seed); }

}  // namespace ember
