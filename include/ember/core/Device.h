#pragma once
// Where a tensor lives: cpu, or cuda with an index. Printed as PyTorch prints devices.
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace ember {

enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
inline constexpr DeviceType kCPU = DeviceType::CPU;
inline constexpr DeviceType kCUDA = DeviceType::CUDA;

class Device {
 public:
  using Type = DeviceType;
  Device(DeviceType type, int8_t index = -1);  // NOLINT: implicit, as libtorch
  // "cpu", "cuda", "cuda:1"; anything else throws PyTorch's message.
  Device(const std::string& spec);                         // NOLINT
  Device(const char* spec) : Device(std::string(spec)) {}  // NOLINT

  DeviceType type() const noexcept { return type_; }
  int8_t index() const noexcept { return index_; }
  bool has_index() const noexcept { return index_ != -1; }
  bool is_cpu() const noexcept { return type_ == DeviceType::CPU; }
  bool is_cuda() const noexcept { return type_ == DeviceType::CUDA; }
  std::string str() const;

  bool operator==(const Device& o) const noexcept { return type_ == o.type_ && index_ == o.index_; }
  bool operator!=(const Device& o) const noexcept { return !(*this == o); }

 private:
  DeviceType type_;
  int8_t index_;
};

std::ostream& operator<<(std::ostream& os, DeviceType t);
std::ostream& operator<<(std::ostream& os, const Device& d);

namespace cuda {
// Whether the CUDA backend (libember_cuda.so, loaded on first use) is there and sees a GPU.
bool is_available();
int64_t device_count();
// Whether the CUDA backend is there at all (libember_cuda.so built and loadable), GPU or not.
bool is_built();
// Waits for the work queued on a GPU (the current one, 0, by default).
void synchronize(int64_t device_index = -1);
// Whether float32 matrix products on the GPU may use TF32 tensor cores (off by default, as
// PyTorch's torch.backends.cuda.matmul.allow_tf32).
bool allow_tf32();
void set_allow_tf32(bool allow);
}  // namespace cuda

}  // namespace ember
