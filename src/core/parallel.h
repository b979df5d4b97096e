#pragma once
// parallel_for (internal): runs f(begin, end) over contiguous chunks of [begin, end) on the
// intra-op thread pool. Ranges of at most `grain` elements, a pool of one thread and calls from
// inside a parallel region run inline on the caller: no hand-off, no allocation.
#include <atomic>
#include <cstdint>
#include <type_traits>

#include "ember/core/parallel.h"

namespace ember::internal {

namespace parallel_detail {
// A non-owning reference to the chunk function.
struct ChunkFn {
  void* ctx;
  void (*call)(void* ctx, int64_t begin, int64_t end);
};
// Splits [begin, end) into chunks of at least `grain` and runs them on the pool; rethrows the first
// exception a chunk threw. Runs inline when the pool is busy or the call is nested.
void parallel_run(int64_t begin, int64_t end, int64_t grain, ChunkFn fn);
// get_num_threads(): a relaxed load on the fast path.
extern std::atomic<int> num_threads;
}  // namespace parallel_detail

template <class F>
void parallel_for(int64_t begin, int64_t end, int64_t grain, F&& f) {
  if (end - begin <= grain || parallel_detail::num_threads.load(std::memory_order_relaxed) <= 1) {
    if (begin < end) f(begin, end);
    return;
  }
  using Fn = std::remove_reference_t<F>;
  parallel_detail::parallel_run(
      begin, end, grain,
      {const_cast<void*>(static_cast<const void*>(&f)),
       [](void* ctx, int64_t b, int64_t e) { (*static_cast<Fn*>(ctx))(b, e); }});
}

}  // namespace ember::internal
