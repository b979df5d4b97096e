#include "ember/core/Storage.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>

#include "core/allocator.h"
#include "core/backend_loader.h"
#include "ember/core/Error.h"

namespace ember {

namespace {
// Inline storage: the header, then the data at the next 64-byte boundary (malloc is faster than
// aligned_alloc for small blocks; over-allocating by the alignment costs little). The block comes
// from the caching allocator (core/allocator.h), and goes back to it with the same size.
constexpr size_t kAlign = 64;
inline size_t inline_block_size(size_t nbytes) { return sizeof(StorageImpl) + kAlign + nbytes; }
// Requests above this are refused before the header is added (PyTorch's storage_max()).
constexpr size_t kMaxBytes = static_cast<size_t>(std::numeric_limits<int64_t>::max());

// PyTorch's DefaultCPUAllocator message, without its "[enforce fail at alloc_cpu.cpp:75] err ==
// 0. " prefix (a place in PyTorch's sources).
[[noreturn]] void throw_cpu_out_of_memory(size_t nbytes) {
  detail::fail("DefaultCPUAllocator: can't allocate memory: you tried to allocate ", nbytes,
               " bytes. Error code 12 (Cannot allocate memory)");
}

std::atomic<const DeviceAllocator*> g_allocators[2] = {nullptr, nullptr};
}  // namespace

void register_device_allocator(DeviceType type, const DeviceAllocator* alloc) {
  g_allocators[static_cast<int>(type)] = alloc;
}

const DeviceAllocator& device_allocator(DeviceType type) {
  const DeviceAllocator* a = g_allocators[static_cast<int>(type)];
  if (a == nullptr) {
    detail::load_device_backend(type);
    a = g_allocators[static_cast<int>(type)];
  }
  EMBER_CHECK(a != nullptr, "ember not compiled with CUDA enabled");
  return *a;
}

namespace cuda {
int64_t device_count() {
  detail::load_device_backend(DeviceType::CUDA);
  const DeviceAllocator* a = g_allocators[static_cast<int>(DeviceType::CUDA)];
  return a ? a->device_count() : 0;
}
bool is_available() { return device_count() > 0; }
bool is_built() {
  detail::load_device_backend(DeviceType::CUDA);
  return g_allocators[static_cast<int>(DeviceType::CUDA)] != nullptr;
}
}  // namespace cuda

void check_device_available(Device device) {
  if (!device.is_cpu()) (void)device_allocator(device.type());
}

intrusive_ptr<StorageImpl> StorageImpl::allocate(size_t nbytes, Device device) {
  if (device.is_cpu()) {
    void* mem = nbytes <= kMaxBytes ? alloc::allocate(inline_block_size(nbytes)) : nullptr;
    if (mem == nullptr) throw_cpu_out_of_memory(nbytes);
    auto data_addr = reinterpret_cast<uintptr_t>(static_cast<char*>(mem) + sizeof(StorageImpl));
    data_addr = (data_addr + kAlign - 1) & ~uintptr_t{kAlign - 1};
    auto* s =
        new (mem) StorageImpl(reinterpret_cast<void*>(data_addr), nbytes, device, Kind::Inline);
    return intrusive_ptr<StorageImpl>(s);
  }
  const DeviceAllocator& a = device_allocator(device.type());
  int8_t index = device.has_index() ? device.index() : 0;
  void* data = a.allocate(nbytes, index);
  auto* s = new StorageImpl(data, nbytes, Device(device.type(), index), Kind::Backend);
  return intrusive_ptr<StorageImpl>(s);
}

intrusive_ptr<StorageImpl> StorageImpl::borrow(void* data, size_t nbytes, Device device,
                                               Deleter deleter) {
  auto* s = new StorageImpl(data, nbytes, device, Kind::Borrowed);
  s->deleter_ = std::move(deleter);
  return intrusive_ptr<StorageImpl>(s);
}

void StorageImpl::destroy(StorageImpl* s) noexcept {
  switch (s->kind_) {
    case Kind::Inline: {
      const size_t nbytes = s->nbytes_;
      s->~StorageImpl();
      alloc::release(s, inline_block_size(nbytes));
      return;
    }
    case Kind::Backend:
      device_allocator(s->device_.type()).release(s->data_, s->nbytes_, s->device_.index());
      delete s;
      return;
    case Kind::Borrowed:
      if (s->deleter_) s->deleter_(s->data_);
      delete s;
      return;
  }
}

void empty_cache() { alloc::empty_cache(); }

}  // namespace ember
