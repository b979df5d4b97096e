#include "core/parallel.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/allocator.h"
#include "ember/core/Error.h"

namespace ember {

namespace internal::parallel_detail {

namespace {

int default_num_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

thread_local bool in_parallel_region = false;

// A fixed set of workers that, with the submitting thread, run one job at a time. Every worker
// takes part in every job (claiming chunks until none are left) and reports back, so no worker
// can touch a job after its submitter has returned.
class ThreadPool {
 public:
  // Throws ember::Error when a worker cannot be started (the ones already started are stopped).
  explicit ThreadPool(int nworkers) {
    workers_.reserve(static_cast<size_t>(nworkers));
    try {
      for (int i = 0; i < nworkers; ++i) workers_.emplace_back([this] { worker_main(); });
    } catch (const std::system_error& e) {
      stop();
      detail::fail("could not start the intra-op thread pool with ", nworkers + 1,
                   " threads: ", e.what());
    }
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;
  ~ThreadPool() { stop(); }

  int nthreads() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs chunks [0, nchunks) of [begin, end) with the workers; the caller must hold the submit
  // lock.
  void run(int64_t begin, int64_t end, int64_t nchunks, ChunkFn fn) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = Job{begin, end, nchunks, fn};
      next_chunk_ = 0;
      reported_ = 0;
      error_ = nullptr;
      failed_.store(false, std::memory_order_relaxed);
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::exception_ptr error;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [&] { return reported_ == workers_.size(); });
      error = error_;
      error_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
  }

 private:
  struct Job {
    int64_t begin = 0, end = 0, nchunks = 0;
    ChunkFn fn{};
  };

  // Claims and runs chunks of the current job until none are left.
  void work() {
    const bool was_nested = in_parallel_region;
    in_parallel_region = true;
    const Job& job = job_;  // fixed until every worker has reported
    const int64_t n = job.end - job.begin;
    while (true) {
      const int64_t c = next_chunk_.fetch_add(1, std::memory_order_relaxed);
      if (c >= job.nchunks) break;
      if (failed_.load(std::memory_order_relaxed)) continue;
      const int64_t b = job.begin + n * c / job.nchunks;
      const int64_t e = job.begin + n * (c + 1) / job.nchunks;
      try {
        job.fn.call(job.fn.ctx, b, e);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
        failed_.store(true, std::memory_order_relaxed);
      }
    }
    in_parallel_region = was_nested;
  }

  void worker_main() {
    uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
      }
      work();
      bool last;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        last = ++reported_ == workers_.size();
      }
      if (last) done_.notify_one();
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  bool stop_ = false;
  uint64_t generation_ = 0;
  size_t reported_ = 0;
  Job job_;
  std::atomic<int64_t> next_chunk_{0};
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

// One job at a time: a submitter that finds the pool busy runs its work inline.
std::mutex submit_mutex;
std::unique_ptr<ThreadPool> pool;  // started on first use, joined at exit (or on a resize)

// fork(): the child has the forking thread only. The pool is quiescent across the fork (its lock
// is held, so no job is half-run), and the child drops the parent's pool without joining threads
// it does not have; its next parallel operation starts a pool of its own. The allocator's lock is
// held across the fork too, taken after the pool's (a running job may allocate).
void before_fork() {
  submit_mutex.lock();
  alloc::lock_for_fork();
}
void after_fork_in_parent() {
  alloc::unlock_after_fork();
  submit_mutex.unlock();
}
void after_fork_in_child() {
  alloc::unlock_after_fork();
  (void)pool.release();  // the workers do not exist here; their memory is the parent's copy
  submit_mutex.unlock();
}
const int fork_handlers_installed =
    pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);

}  // namespace

std::atomic<int> num_threads{default_num_threads()};

void parallel_run(int64_t begin, int64_t end, int64_t grain, ChunkFn fn) {
  const int64_t n = end - begin;
  if (in_parallel_region) return fn.call(fn.ctx, begin, end);
  std::unique_lock<std::mutex> lock(submit_mutex, std::try_to_lock);
  if (!lock.owns_lock()) return fn.call(fn.ctx, begin, end);
  const int threads = num_threads.load(std::memory_order_relaxed);
  const int64_t nchunks = std::min<int64_t>(threads, (n + grain - 1) / std::max<int64_t>(grain, 1));
  if (nchunks <= 1) return fn.call(fn.ctx, begin, end);
  if (!pool || pool->nthreads() != threads) {
    pool.reset();
    pool = std::make_unique<ThreadPool>(threads - 1);  // throws when threads cannot start
  }
  pool->run(begin, end, nchunks, fn);
}

}  // namespace internal::parallel_detail

void set_num_threads(int n) {
  EMBER_CHECK(n > 0, "set_num_threads expects a positive integer");
  // Waits for running parallel work; the pool is restarted with the new size on its next use.
  std::lock_guard<std::mutex> lock(internal::parallel_detail::submit_mutex);
  internal::parallel_detail::num_threads.store(n, std::memory_order_relaxed);
  internal::parallel_detail::pool.reset();
}

int get_num_threads() {
  return internal::parallel_detail::num_threads.load(std::memory_order_relaxed);
}

}  // namespace ember
