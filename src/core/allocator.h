#pragma once
// The caching allocator behind CPU storage (internal). Freed blocks are kept for reuse instead of
// going back to malloc: small blocks (under 1 MiB) in per-thread free lists by size class, large
// blocks in one process-wide cache keyed by their rounded size, so a loop that makes a result of
// the same size each step reuses the previous block and does not page-fault it in again.
// Both caches are bounded; ember::empty_cache() (Storage.h) releases what they hold.
// Under AddressSanitizer the cache is bypassed (every block goes to malloc and free) so that a
// use after free is still reported.
#include <cstddef>

namespace ember::alloc {

// A block of at least nbytes, aligned for any scalar type (malloc's alignment), or nullptr when
// the memory is not there (the caller reports it).
void* allocate(size_t nbytes);
// Gives back a block from allocate(nbytes), with the same nbytes. Any thread may call it.
void release(void* block, size_t nbytes) noexcept;
// Frees every cached block: this thread's small blocks and the shared large blocks.
void empty_cache() noexcept;

// fork(): the shared cache's lock is taken before and let go after, in parent and child, so
// that the child never inherits it held by a thread it does not have (src/core/parallel.cpp).
void lock_for_fork() noexcept;
void unlock_after_fork() noexcept;

// What the caches hold now (this thread's small blocks, all large blocks), for tests.
struct CacheStats {
  size_t small_bytes;
  size_t large_bytes;
};
CacheStats cache_stats() noexcept;
// Whether blocks are cached at all (false under AddressSanitizer or with EMBER_CPU_CACHE=0).
bool caching_enabled() noexcept;

}  // namespace ember::alloc
