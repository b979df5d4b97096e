#include "kernels/table.h"

#include <atomic>
#include <utility>

#include "core/backend_loader.h"
#include "ember/core/Error.h"

namespace ember::kernels {

namespace {
std::atomic<const KernelTable*> g_cuda_backend{nullptr};
}  // namespace

void register_backend(DeviceType type, const KernelTable* table) {
  if (type == DeviceType::CUDA) g_cuda_backend.store(table, std::memory_order_release);
}

void throw_device_mismatch(Device a, Device b) {
  // PyTorch names the GPU first.
  if (a.is_cpu()) std::swap(a, b);
  ember::detail::fail<>(
      "Expected all tensors to be on the same device, but found at least two devices, ", a, " and ",
      b, "!");
}

const KernelTable& device_backend(Device device) {
  const KernelTable* t = g_cuda_backend.load(std::memory_order_acquire);
  if (t == nullptr && device.is_cuda()) {
    ember::detail::load_device_backend(DeviceType::CUDA);
    t = g_cuda_backend.load(std::memory_order_acquire);
  }
  EMBER_CHECK(t != nullptr, "ember not compiled with CUDA enabled");
  return *t;
}

}  // namespace ember::kernels

namespace ember::cuda {

namespace {
std::atomic<bool> g_allow_tf32{false};
}  // namespace

bool allow_tf32() { return g_allow_tf32.load(std::memory_order_relaxed); }
void set_allow_tf32(bool allow) { g_allow_tf32.store(allow, std::memory_order_relaxed); }

void synchronize(int64_t device_index) {
  const auto index = static_cast<int8_t>(device_index < 0 ? 0 : device_index);
  kernels::device_backend(Device(kCUDA, index)).synchronize(index);
}

}  // namespace ember::cuda
