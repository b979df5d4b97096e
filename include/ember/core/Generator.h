#pragma once
// Random number generators. The CPU generator is a 32-bit Mersenne Twister seeded and consumed
// exactly as PyTorch's, so that the same seed gives the same numbers.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>

#include "ember/core/intrusive_ptr.h"

namespace ember {

namespace detail {
// The 32-bit Mersenne Twister (std::mt19937's exact sequence), without <random> in every program
// that includes ember.
class MT19937 {
 public:
  static constexpr size_t kStateSize = 624;
  void seed(uint32_t s) {
    state_[0] = s;
    for (size_t i = 1; i < kStateSize; ++i) {
      state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    }
    index_ = kStateSize;
  }
  uint32_t operator()() {
    if (index_ >= kStateSize) twist();
    uint32_t y = state_[index_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }

 private:
  void twist();  // the next 624 words of state (src/random/Generator.cpp)
  uint32_t state_[kStateSize];
  size_t index_ = kStateSize;
};
}  // namespace detail

// PyTorch's default seed when none is set.
inline constexpr uint64_t default_rng_seed_val = 67280421310721ULL;

class CPUGeneratorImpl : public RefCounted {
 public:
  explicit CPUGeneratorImpl(uint64_t seed = default_rng_seed_val) { set_current_seed(seed); }

  // Re-seeds the engine and clears the cached normal sample.
  void set_current_seed(uint64_t seed);
  uint64_t current_seed() const { return seed_; }

  uint32_t random() { return static_cast<uint32_t>(engine_()); }
  uint64_t random64() {
    uint64_t hi = random();
    uint64_t lo = random();
    return (hi << 32) | lo;
  }

  // Box-Muller's second value, kept for the next scalar normal draw.
  std::optional<double> next_double_normal_sample;
  std::mutex mutex;

  static void destroy(CPUGeneratorImpl* g) noexcept { delete g; }

 private:
  ~CPUGeneratorImpl() = default;
  detail::MT19937 engine_;
  uint64_t seed_ = default_rng_seed_val;
};

class Generator {
 public:
  Generator() : impl_(make_intrusive<CPUGeneratorImpl>()) {}
  explicit Generator(intrusive_ptr<CPUGeneratorImpl> impl) : impl_(std::move(impl)) {}

  void set_current_seed(uint64_t seed) {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->set_current_seed(seed);
  }
  Generator& manual_seed(uint64_t seed) {
    set_current_seed(seed);
    return *this;
  }
  uint64_t current_seed() const { return impl_->current_seed(); }
  uint64_t initial_seed() const { return current_seed(); }
  std::mutex& mutex() const { return impl_->mutex; }
  CPUGeneratorImpl* impl() const { return impl_.get(); }
  template <class T>
  T* get() const {
    return impl_.get();
  }
  bool operator==(const Generator& o) const { return impl_ == o.impl_; }

 private:
  intrusive_ptr<CPUGeneratorImpl> impl_;
};

template <class Impl = CPUGeneratorImpl>
Generator make_generator(uint64_t seed = default_rng_seed_val) {
  return Generator(make_intrusive<Impl>(seed));
}

namespace detail {
// The global CPU generator that functions use when no generator is passed.
Generator& getDefaultCPUGenerator();
}  // namespace detail

// Seeds the global generator (and, when present, the GPU generators).
void manual_seed(uint64_t seed);

}  // namespace ember
