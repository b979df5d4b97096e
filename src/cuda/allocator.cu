// The caching device allocator: freed blocks go to a per-device free list keyed by their rounded
// size and are handed out again, so a training loop calls cudaMalloc only while its working set
// grows. ember::cuda::empty_cache() is not needed by the tests; blocks are released when
// cudaMalloc fails (then the allocation is tried once more) and at exit by the driver.
#include <map>
#include <mutex>
#include <vector>

#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

struct Cache {
  std::mutex mutex;
  std::map<int, std::multimap<size_t, void*>> free_blocks;  // device -> rounded size -> block
};
Cache& cache() {
  static Cache* c = new Cache;  // never destroyed: blocks may be freed during static destruction
  return *c;
}

// 512-byte granules below 1 MiB, then 2 MiB granules (fewer distinct sizes to cache).
size_t rounded(size_t nbytes) {
  if (nbytes < (size_t{1} << 20)) return (nbytes + 511) & ~size_t{511};
  return (nbytes + (size_t{2} << 20) - 1) & ~((size_t{2} << 20) - 1);
}

void release_cached(int device) {
  auto& blocks = cache().free_blocks[device];
  DeviceGuard guard(device);
  for (auto& [size, ptr] : blocks) cudaFree(ptr);
  blocks.clear();
}

void* allocate(size_t nbytes, int8_t index) {
  const int count = static_cast<int>(device_count());
  EMBER_CHECK(count > 0,
              "Found no NVIDIA driver on your system or no CUDA-capable device is detected. "
              "Please check that you have an NVIDIA GPU and installed a driver.");
  EMBER_CHECK(index >= 0 && index < count, "CUDA error: invalid device ordinal (device ",
              int(index), ", ", count, " available)");
  if (nbytes == 0) return nullptr;
  const size_t size = rounded(nbytes);
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  auto& blocks = c.free_blocks[index];
  if (auto it = blocks.find(size); it != blocks.end()) {
    void* p = it->second;
    blocks.erase(it);
    return p;
  }
  DeviceGuard guard(index);
  void* p = nullptr;
  if (cudaMalloc(&p, size) != cudaSuccess) {
    cudaGetLastError();
    release_cached(index);
    EMBER_CUDA_CHECK(cudaMalloc(&p, size));
  }
  return p;
}

void release(void* ptr, size_t nbytes, int8_t index) {
  if (ptr == nullptr) return;
  Cache& c = cache();
  std::lock_guard<std::mutex> lock(c.mutex);
  c.free_blocks[index].emplace(rounded(nbytes), ptr);
}

int64_t count_devices() { return device_count(); }

const DeviceAllocator kAllocator{&allocate, &release, &count_devices};

}  // namespace

int64_t device_count() noexcept {
  static const int64_t count = [] {
    int n = 0;
    if (cudaGetDeviceCount(&n) != cudaSuccess) {
      cudaGetLastError();
      return int64_t{0};
    }
    return int64_t{n};
  }();
  return count;
}

const DeviceAllocator& device_allocator() { return kAllocator; }

}  // namespace ember::cuda_backend
