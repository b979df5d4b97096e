#pragma once
// TensorOptions: dtype, device and requires_grad for creation functions, as libtorch's.
#include <optional>
#include <string>
#include <type_traits>

#include "ember/core/Device.h"
#include "ember/core/ScalarType.h"
#include "ember/core/TypeMeta.h"

namespace ember {

enum class Layout : int8_t { Strided = 0 };
inline constexpr Layout kStrided = Layout::Strided;

class TensorOptions {
 public:
  TensorOptions() = default;
  TensorOptions(ScalarType t) { dtype_ = t; }           // NOLINT: implicit, as libtorch
  TensorOptions(TypeMeta t) { dtype_ = t; }             // NOLINT
  TensorOptions(Device d) { device_ = d; }              // NOLINT
  TensorOptions(DeviceType t) { device_ = Device(t); }  // NOLINT
  // A device string such as "cuda:0". A template, so that a literal 0 is not taken for one.
  template <class S>
  requires(std::is_same_v<std::decay_t<S>, const char*> || std::is_same_v<std::decay_t<S>, char*> ||
           std::is_same_v<std::decay_t<S>, std::string>) TensorOptions(const S& d) {  // NOLINT
    device_ = Device(std::string(d));
  }
  TensorOptions(Layout l) { layout_ = l; }  // NOLINT: only strided tensors exist

  // Setters return a modified copy, so they chain: dtype(kFloat).requires_grad(true).
  [[nodiscard]] TensorOptions dtype(std::optional<ScalarType> t) const {
    TensorOptions o = *this;
    o.dtype_ = t;
    return o;
  }
  template <class T>
  [[nodiscard]] TensorOptions dtype() const {
    return dtype(scalar_type_of<T>);
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
  [[nodiscard]] TensorOptions layout(std::optional<Layout> l) const {
    TensorOptions o = *this;
    o.layout_ = l;
    return o;
  }

  // Getters: the set value, or the default (default dtype, cpu, false).
  TypeMeta dtype() const {
    return TypeMeta::fromScalarType(dtype_ ? *dtype_ : get_default_dtype());
  }
  Device device() const { return device_ ? *device_ : Device(kCPU); }
  bool requires_grad() const { return requires_grad_.value_or(false); }
  Layout layout() const { return kStrided; }
  // Kept and printed; host memory is never page-locked by ember (the CUDA backend copies from any).
  [[nodiscard]] TensorOptions pinned_memory(std::optional<bool> p) const {
    TensorOptions o = *this;
    o.pinned_memory_ = p;
    return o;
  }
  bool pinned_memory() const { return pinned_memory_.value_or(false); }
  bool has_pinned_memory() const { return pinned_memory_.has_value(); }
  bool has_dtype() const { return dtype_.has_value(); }
  bool has_device() const { return device_.has_value(); }
  bool has_requires_grad() const { return requires_grad_.has_value(); }
  bool has_layout() const { return layout_.has_value(); }
  std::optional<ScalarType> dtype_opt() const { return dtype_; }
  std::optional<Device> device_opt() const { return device_; }
  std::optional<bool> requires_grad_opt() const { return requires_grad_; }

  // Fields set here win over those of base.
  TensorOptions merged_over(const TensorOptions& base) const {
    TensorOptions o = base;
    if (dtype_) o.dtype_ = dtype_;
    if (device_) o.device_ = device_;
    if (requires_grad_) o.requires_grad_ = requires_grad_;
    if (layout_) o.layout_ = layout_;
    if (pinned_memory_) o.pinned_memory_ = pinned_memory_;
    return o;
  }

 private:
  std::optional<ScalarType> dtype_;
  std::optional<Device> device_;
  std::optional<bool> requires_grad_;
  std::optional<Layout> layout_;  // only printed: every tensor is strided
  std::optional<bool> pinned_memory_;
};

inline TensorOptions dtype(ScalarType t) { return TensorOptions().dtype(t); }
template <class T>
TensorOptions dtype() {
  return TensorOptions().dtype(scalar_type_of<T>);
}
inline TensorOptions device(Device d) { return TensorOptions().device(d); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
inline TensorOptions layout(Layout l) { return TensorOptions().layout(l); }

// libtorch's format: TensorOptions(dtype=float (default), device=cpu (default), ...). As
// libtorch's, it leaves std::boolalpha set on the stream.
std::ostream& operator<<(std::ostream& os, const TensorOptions& options);

}  // namespace ember
