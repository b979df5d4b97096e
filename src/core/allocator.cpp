#include "core/allocator.h"

#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

#if defined(__SANITIZE_ADDRESS__)
#define EMBER_ALLOC_NO_CACHE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMBER_ALLOC_NO_CACHE 1
#endif
#endif
#ifndef EMBER_ALLOC_NO_CACHE
#define EMBER_ALLOC_NO_CACHE 0
#endif

namespace ember::alloc {

namespace {

// ---- size classes -------------------------------------------------------------------------------
// Small: multiples of 64 bytes up to 1 KiB (16 classes), then four classes per power of two up to
// 1 MiB (at most 25% over the request). Large: eight classes per power of two (at most 12.5%).
constexpr size_t kSmallLimit = size_t{1} << 20;
constexpr int kSmallClasses = 16 + 10 * 4;

inline int floor_log2(size_t n) { return 63 - __builtin_clzll(n); }

// The class of a small request n (1 <= n <= kSmallLimit) and its size.
inline int small_class(size_t n) {
  if (n <= 1024) return static_cast<int>((n + 63) / 64) - 1;
  const int p = floor_log2(n - 1);                         // n - 1 in [2^p, 2^(p+1)), p in [10, 19]
  const int k = static_cast<int>((n - 1) >> (p - 2)) - 3;  // 1..4
  return 16 + (p - 10) * 4 + (k - 1);
}
inline size_t class_size(int c) {
  if (c < 16) return static_cast<size_t>(c + 1) * 64;
  const int p = 10 + (c - 16) / 4;
  const int k = (c - 16) % 4 + 1;
  return (size_t{1} << p) + static_cast<size_t>(k) * (size_t{1} << (p - 2));
}
inline size_t large_size(size_t n) {
  const int p = floor_log2(n - 1);
  const int shift = p - 3;
  return (((n - 1) >> shift) + 1) << shift;
}

// Large blocks from 4 MiB on are 2 MiB-aligned and advised for transparent huge pages: a fresh
// block then faults in 2 MiB at a time.
constexpr size_t kHugePage = size_t{2} << 20;
constexpr size_t kHugeFrom = size_t{4} << 20;

// Blocks above this are neither rounded to a class nor cached: no machine has the memory, and
// rounding sizes near 2^64 would wrap.
constexpr size_t kMaxClassed = size_t{1} << 62;

void* system_alloc(size_t size) {
  void* p;
  if (size >= kHugeFrom) {
    if (size > SIZE_MAX - kHugePage) return nullptr;
    p = std::aligned_alloc(kHugePage, (size + kHugePage - 1) & ~(kHugePage - 1));
#ifdef MADV_HUGEPAGE
    if (p) (void)madvise(p, size, MADV_HUGEPAGE);
#endif
  } else {
    p = std::malloc(size);
  }
  return p;
}

// ---- limits -------------------------------------------------------------------------------------
constexpr int kMaxPerClass = 32;                    // small blocks of one class kept per thread
constexpr size_t kSmallCapBytes = size_t{8} << 20;  // small bytes kept per thread
constexpr int kLargeSlots = 64;

struct Config {
  bool enabled = !EMBER_ALLOC_NO_CACHE;
  size_t large_cap = size_t{1} << 30;  // EMBER_CPU_CACHE_MB overrides; EMBER_CPU_CACHE=0 disables
  Config() {
    if (const char* e = std::getenv("EMBER_CPU_CACHE"); e && std::strcmp(e, "0") == 0) {
      enabled = false;
    }
    if (const char* e = std::getenv("EMBER_CPU_CACHE_MB")) {
      large_cap = static_cast<size_t>(std::strtoull(e, nullptr, 10)) << 20;
    }
  }
};
const Config& config() {
  static const Config c;
  return c;
}

// ---- small blocks: per-thread free lists --------------------------------------------------------
struct FreeBlock {
  FreeBlock* next;
};
// Trivially destructible, so it stays usable while the thread (or the process) shuts down; the
// Flusher below empties it when the thread exits and marks it dead (blocks then go to free()).
struct SmallCache {
  FreeBlock* head[kSmallClasses];
  uint8_t count[kSmallClasses];
  size_t bytes;
  bool registered;
  bool dead;
};
thread_local SmallCache t_small{};

void flush_small(SmallCache& c) noexcept {
  for (int k = 0; k < kSmallClasses; ++k) {
    for (FreeBlock* b = c.head[k]; b;) {
      FreeBlock* next = b->next;
      std::free(b);
      b = next;
    }
    c.head[k] = nullptr;
    c.count[k] = 0;
  }
  c.bytes = 0;
}

struct Flusher {
  bool armed = false;
  ~Flusher() {
    flush_small(t_small);
    t_small.dead = true;
  }
};
thread_local Flusher t_flusher;

// ---- large blocks: one shared cache -------------------------------------------------------------
struct LargeCache {
  std::mutex mu;
  struct Slot {
    void* block;
    size_t size;
    uint64_t stamp;  // when it was cached: the oldest goes first when the cache is full
  };
  Slot slots[kLargeSlots] = {};
  size_t bytes = 0;
  uint64_t clock = 0;
};
LargeCache& large_cache() {
  static LargeCache* c = new LargeCache();  // never destroyed: tensors may outlive statics
  return *c;
}

std::atomic<size_t> g_large_bytes{0};

void* large_take(size_t size) {
  if (g_large_bytes.load(std::memory_order_relaxed) == 0) return nullptr;
  LargeCache& c = large_cache();
  std::lock_guard<std::mutex> lock(c.mu);
  for (auto& s : c.slots) {
    if (s.block && s.size == size) {
      void* b = s.block;
      s.block = nullptr;
      c.bytes -= size;
      g_large_bytes.store(c.bytes, std::memory_order_relaxed);
      return b;
    }
  }
  return nullptr;
}

void large_put(void* block, size_t size) noexcept {
  const size_t cap = config().large_cap;
  if (size > cap) {
    std::free(block);
    return;
  }
  void* evicted[kLargeSlots];
  int n_evicted = 0;
  {
    LargeCache& c = large_cache();
    std::lock_guard<std::mutex> lock(c.mu);
    // Oldest blocks out until this one fits and a slot is free.
    for (;;) {
      int free_slot = -1, oldest = -1;
      for (int i = 0; i < kLargeSlots; ++i) {
        if (!c.slots[i].block) {
          if (free_slot < 0) free_slot = i;
        } else if (oldest < 0 || c.slots[i].stamp < c.slots[oldest].stamp) {
          oldest = i;
        }
      }
      if (free_slot >= 0 && c.bytes + size <= cap) {
        c.slots[free_slot] = {block, size, ++c.clock};
        c.bytes += size;
        break;
      }
      evicted[n_evicted++] = c.slots[oldest].block;
      c.bytes -= c.slots[oldest].size;
      c.slots[oldest].block = nullptr;
    }
    g_large_bytes.store(c.bytes, std::memory_order_relaxed);
  }
  for (int i = 0; i < n_evicted; ++i) std::free(evicted[i]);  // outside the lock
}

}  // namespace

bool caching_enabled() noexcept { return config().enabled; }

void* allocate(size_t nbytes) {
  if (nbytes == 0) nbytes = 1;
  if (nbytes <= kSmallLimit) {
    const int k = small_class(nbytes);
    SmallCache& c = t_small;
    if (FreeBlock* b = c.head[k]) {
      c.head[k] = b->next;
      --c.count[k];
      c.bytes -= class_size(k);
      return b;
    }
    return system_alloc(config().enabled ? class_size(k) : nbytes);
  }
  if (!config().enabled || nbytes > kMaxClassed) return system_alloc(nbytes);
  const size_t size = large_size(nbytes);
  if (void* b = large_take(size)) return b;
  return system_alloc(size);
}

void release(void* block, size_t nbytes) noexcept {
  if (nbytes == 0) nbytes = 1;
  if (!config().enabled || nbytes > kMaxClassed) {
    std::free(block);
    return;
  }
  if (nbytes <= kSmallLimit) {
    const int k = small_class(nbytes);
    const size_t size = class_size(k);
    SmallCache& c = t_small;
    if (c.dead || c.count[k] >= kMaxPerClass || c.bytes + size > kSmallCapBytes) {
      std::free(block);
      return;
    }
    if (!c.registered) {
      c.registered = true;
      t_flusher.armed = true;  // constructs it: the cache is flushed when the thread exits
    }
    auto* b = static_cast<FreeBlock*>(block);
    b->next = c.head[k];
    c.head[k] = b;
    ++c.count[k];
    c.bytes += size;
    return;
  }
  large_put(block, large_size(nbytes));
}

void empty_cache() noexcept {
  flush_small(t_small);
  LargeCache& c = large_cache();
  void* blocks[kLargeSlots];
  int n = 0;
  {
    std::lock_guard<std::mutex> lock(c.mu);
    for (auto& s : c.slots) {
      if (s.block) blocks[n++] = s.block;
      s.block = nullptr;
    }
    c.bytes = 0;
    g_large_bytes.store(0, std::memory_order_relaxed);
  }
  for (int i = 0; i < n; ++i) std::free(blocks[i]);
}

void lock_for_fork() noexcept { large_cache().mu.lock(); }
void unlock_after_fork() noexcept { large_cache().mu.unlock(); }

CacheStats cache_stats() noexcept {
  return {t_small.bytes, g_large_bytes.load(std::memory_order_relaxed)};
}

}  // namespace ember::alloc
