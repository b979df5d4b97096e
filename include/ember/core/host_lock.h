#pragma once
// A host runtime's global lock (Python's GIL) and ember's long-running work. The Python module
// registers how to let go of its lock and take it back; ember then lets go around every kernel
// and before it blocks on a lock of its own, so that other threads of the host run meanwhile, and
// a thread that holds the host's lock never waits on one of ember's locks held by a thread that
// waits for the host's lock. Without a registered runtime (plain C++ programs) all of this is one
// relaxed load.
#include <atomic>
#include <cstdint>
#include <mutex>

namespace ember {

struct HostLockHooks {
  // Lets go of the host's lock if the calling thread holds it; returns what restore() needs to
  // take it back (nullptr: nothing was released).
  void* (*release)();
  void (*restore)(void* token);
};

// Installs (or, with nullptr, removes) the hooks. `hooks` must outlive its installation.
void set_host_lock_hooks(const HostLockHooks* hooks);

namespace detail {
extern std::atomic<const HostLockHooks*> host_lock_hooks;
}  // namespace detail

// Work on fewer elements than this runs with the host's lock kept: letting go of Python's GIL
// and taking it back (about half a microsecond) costs more than such a kernel takes.
inline constexpr int64_t kHostReleaseMinElements = int64_t{1} << 15;

// Lets go of the host's lock for the guard's scope (for work on `elements` elements: only when
// there are at least kHostReleaseMinElements).
class HostLockRelease {
 public:
  HostLockRelease() {
    if (const HostLockHooks* h = detail::host_lock_hooks.load(std::memory_order_acquire)) {
      hooks_ = h;
      token_ = h->release();
    }
  }
  explicit HostLockRelease(int64_t elements) {
    if (elements < kHostReleaseMinElements) return;
    if (const HostLockHooks* h = detail::host_lock_hooks.load(std::memory_order_acquire)) {
      hooks_ = h;
      token_ = h->release();
    }
  }
  ~HostLockRelease() {
    if (token_) hooks_->restore(token_);
  }
  HostLockRelease(const HostLockRelease&) = delete;
  HostLockRelease& operator=(const HostLockRelease&) = delete;

 private:
  const HostLockHooks* hooks_ = nullptr;
  void* token_ = nullptr;
};

// Locks m; if it is taken, waits with the host's lock released.
template <class Mutex>
void lock_releasing_host(Mutex& m) {
  if (m.try_lock()) return;
  HostLockRelease release;
  m.lock();
}

// std::lock_guard over lock_releasing_host.
template <class Mutex>
class HostAwareLock {
 public:
  explicit HostAwareLock(Mutex& m) : m_(m) { lock_releasing_host(m_); }
  ~HostAwareLock() { m_.unlock(); }
  HostAwareLock(const HostAwareLock&) = delete;
  HostAwareLock& operator=(const HostAwareLock&) = delete;

 private:
  Mutex& m_;
};

}  // namespace ember
