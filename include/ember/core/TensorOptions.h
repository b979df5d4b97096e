#pragma once
// TensorOptions: dtype, device and requires_grad for creation functions, as libtorch's.
#include <optional>
#include <string>
#include <type_traits>

#include "ember/core/Device.h"
#include "ember/core/ScalarType.h"

namespace ember {

enum class Layout : int8_t { Strided = 0 };
inline constexpr Layout kStrided = Layout::Strided;

class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(ScalarType t) { dtype_ = t; }           // NOLINT: implicit, as libtorch
  TensorOptions(Device d) { device_ = d; }              // NOLINT
  TensorOptions(DeviceType t) { device_ = Device(t); }  // NOLINT
  // A device string such as "cuda:0". A template, so that a literal 0 is not taken for one.
  template <class S>
  requires(std::is_same_v<std::decay_t<S>, const char*> || std::is_same_v<std::decay_t<S>, char*> ||
           std::is_same_v<std::decay_t<S>, std::string>) TensorOptions(const S& d) {  // NOLINT
    device_ = Device(std::string(d));
  }
  TensorOptions(Layout) {}  // NOLINT: only strided tensors exist

  // Setters return a modified copy, so they chain: dtype(kFloat).requires_grad(true).
  [[nodiscard]] TensorOptions dtype(std::optional<ScalarType> t) const {
    TensorOptions o = *this;
    o.dtype_ = t;
    return o;
  }
  [[nodiscard]] TensorOptions device(std::optional<Device> d) const {
    TensorOptions o = *this;
    o.device_ = d;
    return o;
  }
  [[nodiscard]] TensorOptions requires_grad(std::optional<bool> r) const {
    TensorOptions o = *this;
    o.requires_grad_ = r;
    return o;
  }
  [[nodiscard]] TensorOptions layout(Layout) const { return *this; }

  // Getters: the set value, or the default (default dtype, cpu, false).
  ScalarType dtype() const { return dtype_ ? *dtype_ : get_default_dtype(); }
  Device device() const { return device_ ? *device_ : Device(kCPU); }
  bool requires_grad() const { return requires_grad_.value_or(false); }
  Layout layout() const { return kStrided; }
  bool has_dtype() const { return dtype_.has_value(); }
  bool has_device() const { return device_.has_value(); }
  bool has_requires_grad() const { return requires_grad_.has_value(); }
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  std::optional<Device> device_opt() const { return device_; }
  std::optional<bool> requires_grad_opt() const { return requires_grad_; }

  // Fields set here win over those of base.
  TensorOptions merged_over(const TensorOptions& base) const {
    TensorOptions o = base;
    if (dtype_) o.dtype_ = dtype_;
    if (device_) o.device_ = device_;
    if (requires_grad_) o.requires_grad_ = requires_grad_;
    return o;
  }

 private:
  std::optional<ScalarType> dtype_;
  std::optional<Device> device_;
  std::optional<bool> requires_grad_;
};

inline TensorOptions dtype(ScalarType t) { return TensorOptions().dtype(t); }
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
inline TensorOptions layout(Layout) { return TensorOptions(); }

}  // namespace ember
