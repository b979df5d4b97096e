#pragma once
// Storage: a buffer of bytes on a device, shared by a tensor and all its views.
// CPU storage made by ember keeps the header and the bytes in one allocation; borrowed memory
// (from_blob) keeps a pointer and an optional deleter.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "ember/core/Device.h"
#include "ember/core/intrusive_ptr.h"

namespace ember {

class StorageImpl : public RefCounted {
 public:
  using Deleter = std::function<void(void*)>;

  // A new buffer of nbytes on device (uninitialised memory). Throws ember::Error with PyTorch's
  // "DefaultCPUAllocator: can't allocate memory: ..." when the CPU's memory is not there.
  static intrusive_ptr<StorageImpl> allocate(size_t nbytes, Device device);
  // Wraps memory owned elsewhere; deleter (may be empty) runs when the last user goes.
  static intrusive_ptr<StorageImpl> borrow(void* data, size_t nbytes, Device device,
                                           Deleter deleter);

  void* data() const noexcept { return data_; }
  size_t nbytes() const noexcept { return nbytes_; }
  Device device() const noexcept { return device_; }
  bool owns_memory() const noexcept { return kind_ != Kind::Borrowed; }
  // Counts in-place writes, shared by every view of this storage: autograd compares it with the
  // value it saw when it saved a tensor for backward. Atomic: threads may write different parts
  // of one storage at once.
  uint32_t version() const noexcept { return version_.load(std::memory_order_relaxed); }
  void bump_version() noexcept { version_.fetch_add(1, std::memory_order_relaxed); }

  static void destroy(StorageImpl* s) noexcept;

 private:
  enum class Kind : uint8_t { Inline, Backend, Borrowed };
  StorageImpl(void* data, size_t nbytes, Device device, Kind kind)
      : data_(data), nbytes_(nbytes), device_(device), kind_(kind) {}
  ~StorageImpl() = default;

  void* data_;
  size_t nbytes_;
  Device device_;
  Kind kind_;
  std::atomic<uint32_t> version_{0};
  Deleter deleter_;
};

using Storage = intrusive_ptr<StorageImpl>;

// A device backend's memory functions. CPU is built in; CUDA registers its own when present.
struct DeviceAllocator {
  void* (*allocate)(size_t nbytes, int8_t index);
  void (*release)(void* ptr, size_t nbytes, int8_t index);
  int64_t (*device_count)();
};
void register_device_allocator(DeviceType type, const DeviceAllocator* alloc);
// Throws "ember not compiled with CUDA enabled" for a device type with no backend.
const DeviceAllocator& device_allocator(DeviceType type);
void check_device_available(Device device);

// Frees the CPU memory that ember keeps for reuse: blocks of freed tensors (the calling thread's
// small blocks and every large block). Tensors still alive are not affected. CPU storage is cached
// unless EMBER_CPU_CACHE=0 is set; EMBER_CPU_CACHE_MB bounds the large-block cache (1024 MiB).
void empty_cache();

}  // namespace ember
