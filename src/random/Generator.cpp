#include "ember/core/Generator.h"

#include <pthread.h>

#include <random>

namespace ember {

void CPUGeneratorImpl::set_current_seed(uint64_t seed) {
  seed_ = seed;
  // PyTorch seeds its 32-bit Mersenne Twister with the low 32 bits of the seed.
  engine_.seed(static_cast<uint32_t>(seed));
  next_double_normal_sample.reset();
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
  index_ = 0;
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
