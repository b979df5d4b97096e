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
// Whether a CUDA backend is compiled in and sees a GPU (false in this build).
bool is_available();
int64_t device_count();
}  // namespace cuda

}  // namespace ember
