#include "ember/core/Device.h"

#include "ember/core/Error.h"

namespace ember {

Device::Device(DeviceType type, int8_t index) : type_(type), index_(index) {
  EMBER_CHECK(index >= -1, "Device index must be -1 or non-negative, got ", int(index));
  EMBER_CHECK(type != DeviceType::CPU || index <= 0, "CPU device index must be -1 or zero, got ",
              int(index));
}

Device::Device(const std::string& spec) : type_(DeviceType::CPU), index_(-1) {
  std::string name = spec;
  std::string idx;
  if (auto colon = spec.find(':'); colon != std::string::npos) {
    name = spec.substr(0, colon);
    idx = spec.substr(colon + 1);
  }
  if (name == "cpu") {
    type_ = DeviceType::CPU;
  } else if (name == "cuda") {
    type_ = DeviceType::CUDA;
  } else {
    detail::fail(
        "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, ort, "
        "xla, lazy, vulkan, mps, meta, hpu, privateuseone device type at start of device string: ",
        spec);
  }
  if (spec.find(':') != std::string::npos) {
    bool digits = !idx.empty() && idx.size() <= 3 && (idx == "0" || idx[0] != '0');
    for (char c : idx) digits = digits && c >= '0' && c <= '9';
    EMBER_CHECK(digits && std::stoi(idx) <= 127, "Invalid device string: '", spec, "'");
    index_ = static_cast<int8_t>(std::stoi(idx));
    EMBER_CHECK(type_ != DeviceType::CPU || index_ == 0,
                "CPU device index must be -1 or zero, got ", int(index_));
  }
}

std::string Device::str() const {
  std::string s = type_ == DeviceType::CPU ? "cpu" : "cuda";
  if (has_index()) {
    s += ':';
    s += std::to_string(int(index_));
  }
  return s;
}

std::ostream& operator<<(std::ostream& os, DeviceType t) {
  return os << (t == DeviceType::CPU ? "cpu" : "cuda");
}
std::ostream& operator<<(std::ostream& os, const Device& d) { return os << d.str(); }

}  // namespace ember
