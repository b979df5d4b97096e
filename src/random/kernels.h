#pragma once
// The CPU sampling kernels behind the random creation functions. Each one reproduces the numbers
// PyTorch's CPU generator gives for the same generator state, dtype and destination layout.
#include <cstdint>
#include <mutex>
#include <optional>

#include "ember/core/Generator.h"
#include "ember/core/Tensor.h"
#include "ember/core/host_lock.h"

namespace ember::random_detail {

// Numbers are drawn under the generator's lock, with the host's lock (Python's GIL) let go first
// for a long fill (of `count` numbers), so that the host's other threads run meanwhile. (A short
// fill keeps it: the generator's lock is never held by a thread that waits for the host's.)
class DrawLock {
 public:
  DrawLock(CPUGeneratorImpl* g, int64_t count) : release_(count), lock_(g->mutex) {}

 private:
  HostLockRelease release_;  // declared first: released before the lock is taken, retaken after
  std::lock_guard<std::mutex> lock_;
};

// The given generator, or the global default one.
Generator resolve_generator(const std::optional<Generator>& generator);

// An uninitialised CPU tensor shaped like self with the given dtype, keeping self's strides when
// self is dense but not contiguous (PyTorch's empty_like with preserve_format).
Tensor empty_like_preserve(const Tensor& self, ScalarType dtype);

// uniform_(0, 1): floating dtypes only, else "\"check_uniform_bounds\" not implemented for ...".
void uniform_fill(const Tensor& self, const Generator& gen);

// PyTorch's uniform_real_distribution<double>(0, 1): 53 random bits scaled into [0, 1).
inline double uniform_double(CPUGeneratorImpl* g) {
  return static_cast<double>(g->random64() & ((uint64_t{1} << 53) - 1)) * 0x1p-53;
}

// exponential_(lambd): -1 / lambd * log(1 - u) in double from uniform_double, rounded to the
// dtype, in memory order; floating dtypes only ("exponential_cpu").
void exponential_fill(const Tensor& self, double lambd, const Generator& gen);

// normal_(mean, std): checks std >= 0, floating dtypes only ("normal_kernel_cpu"). Contiguous
// destinations of 16 elements or more use the 16-element block transform; others draw element by
// element with the generator's cached second Box-Muller sample.
void normal_fill(const Tensor& self, double mean, double std, const Generator& gen);

// random_(from, to): integers in [from, to) with PyTorch's checks and float-dtype bound fixes;
// without `to`, up to the dtype's largest integer (floating: 2^digits), or every int64 when from
// is the lowest.
void random_from_to_fill(const Tensor& self, int64_t from, std::optional<int64_t> to,
                         const Generator& gen);

// random_(): integers in [0, the dtype's largest integer] (floating: [0, 2^digits]), as PyTorch.
void random_fill(const Tensor& self, const Generator& gen);

// A random permutation of 0..n-1 written to a contiguous 1-D tensor of n elements, after
// PyTorch's checks on n for the dtype.
void randperm_fill(const Tensor& self, int64_t n, const Generator& gen);

}  // namespace ember::random_detail
