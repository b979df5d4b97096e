#include "ember/random/Generator.h"

#include <random>

namespace ember {

void CPUGeneratorImpl::set_current_seed(uint64_t seed) {
  seed_ = seed;
  // PyTorch seeds its 32-bit Mersenne Twister with the low 32 bits of the seed.
  engine_.seed(static_cast<std::mt19937::result_type>(static_cast<uint32_t>(seed)));
  next_double_normal_sample.reset();
}

namespace detail {

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
  static Generator gen = make_generator(non_deterministic_seed());
  return gen;
}

}  // namespace detail

void manual_seed(uint64_t seed) { detail::getDefaultCPUGenerator().set_current_seed(seed); }

}  // namespace ember
