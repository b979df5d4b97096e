#include "ember/core/host_lock.h"

namespace ember {

namespace detail {
std::atomic<const HostLockHooks*> host_lock_hooks{nullptr};
}  // namespace detail

void set_host_lock_hooks(const HostLockHooks* hooks) {
  detail::host_lock_hooks.store(hooks, std::memory_order_release);
}

}  // namespace ember
