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
// that includes ember. Its position is kept as PyTorch's at::mt19937 keeps it (left_: draws until
// the next twist, plus one; next_: the next word), so that its state reads and writes as
// PyTorch's does.
class MT19937 {
 public:
  static constexpr size_t kStateSize = 624;
  void seed(uint32_t s) {
    state_[0] = s;
    for (size_t i = 1; i < kStateSize; ++i) {
      state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
    }
    left_ = 1;
    next_ = 0;
  }
  uint32_t operator()() {
    if (--left_ == 0) twist();
    uint32_t y = state_[next_++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
  }
  // The state as PyTorch stores it (its words, left_, next_).
  const uint32_t* words() const { return state_; }
  int left() const { return left_; }
  uint32_t next() const { return next_; }
  // Sets the state; false (and nothing changed) when left/next are out of PyTorch's range.
  bool set(const uint32_t* words, int left, uint32_t next);

 private:
  void twist();  // the next 624 words of state (src/random/Generator.cpp)
  uint32_t state_[kStateSize];
  int left_ = 1;
  uint32_t next_ = 0;
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

  // The generator's state in the bytes of PyTorch's CPUGeneratorImplState (get_state), and
  // back (set_state also takes the older 5048-byte layout); set_state throws ember::TypeError /
  // ember::Error with PyTorch's messages for a state of another size or an invalid one.
  static constexpr size_t kStateBytes = 5056;
  static constexpr size_t kLegacyStateBytes = 5048;
  void get_state(uint8_t* out) const;
  void set_state(const uint8_t* data, size_t size);
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
