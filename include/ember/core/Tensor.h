#pragma once
// Tensor: a cheap reference-counted handle to a TensorImpl. Copying a Tensor shares the data;
// clone() copies it.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "ember/core/ArrayRef.h"
#include "ember/core/Scalar.h"
#include "ember/core/TensorImpl.h"
#include "ember/core/TensorOptions.h"

namespace ember {

class Tensor {
 public:
  Tensor() = default;  // undefined
  explicit Tensor(intrusive_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  bool defined() const { return static_cast<bool>(impl_); }
  TensorImpl* unsafeGetTensorImpl() const { return impl_.get(); }
  // The implementation; throws for an undefined tensor.
  const intrusive_ptr<TensorImpl>& impl() const {
    if (__builtin_expect(!impl_, 0)) throw_undefined();
    return impl_;
  }
  uint32_t use_count() const { return impl_.use_count(); }
  bool is_same(const Tensor& o) const { return impl_ == o.impl_; }

  // Attributes.
  IntArrayRef sizes() const { return impl()->sizes(); }
  IntArrayRef strides() const { return impl()->strides(); }
  Size shape() const { return Size(impl()->sizes()); }  // prints as ember.Size([...])
  int64_t size(int64_t dim) const;                      // negative dims count from the end
  int64_t stride(int64_t dim) const;
  int64_t dim() const { return impl()->dim(); }
  int64_t ndimension() const { return dim(); }
  int64_t numel() const { return impl()->numel(); }
  ScalarType scalar_type() const { return impl()->dtype(); }
  ScalarType dtype() const { return impl()->dtype(); }
  Device device() const { return impl()->device(); }
  Layout layout() const { return kStrided; }
  TensorOptions options() const { return TensorOptions().dtype(dtype()).device(device()); }
  bool is_contiguous() const { return impl()->is_contiguous(); }
  int64_t element_size() const { return ember::element_size(dtype()); }
  int64_t itemsize() const { return element_size(); }
  int64_t nbytes() const { return numel() * element_size(); }
  int64_t storage_offset() const { return impl()->storage_offset(); }
  bool is_floating_point() const { return is_floating_type(dtype()); }
  bool is_cpu() const { return device().is_cpu(); }
  bool is_cuda() const { return device().is_cuda(); }
  bool has_storage() const { return defined(); }

  // Raw data. data_ptr<T>() checks that T is this tensor's dtype.
  void* data_ptr() const { return impl()->data(); }
  template <class T>
  T* data_ptr() const {
    check_data_ptr_type(scalar_type_of<T>);
    return static_cast<T*>(impl()->data());
  }

  // The value of a one-element tensor.
  Scalar item() const;
  template <class T>
  T item() const {
    return item().to<T>();
  }

  // Conversions. A conversion to what the tensor already is returns the tensor itself
  // unless copy is true.
  Tensor to(ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, bool non_blocking = false, bool copy = false) const;
  Tensor to(DeviceType device, bool non_blocking = false, bool copy = false) const {
    return to(Device(device), non_blocking, copy);
  }
  Tensor to(const TensorOptions& options, bool non_blocking = false, bool copy = false) const;
  Tensor to(const Tensor& other, bool non_blocking = false, bool copy = false) const;
  Tensor cpu() const { return to(Device(kCPU)); }
  Tensor clone() const;
  Tensor contiguous() const;

  // In-place writes.
  Tensor& fill_(const Scalar& value);
  Tensor& zero_() { return fill_(0); }
  // Copies src (broadcast to this tensor's shape, converted to its dtype) into this tensor.
  Tensor& copy_(const Tensor& src, bool non_blocking = false);

  // Views (share storage).
  Tensor as_strided(IntArrayRef sizes, IntArrayRef strides,
                    std::optional<int64_t> storage_offset = std::nullopt) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;

  // Autograd flag (the graph arrives with the autograd layer).
  bool requires_grad() const { return impl()->requires_grad(); }
  Tensor& requires_grad_(bool requires_grad = true);
  Tensor& set_requires_grad(bool requires_grad) { return requires_grad_(requires_grad); }
  bool is_leaf() const { return true; }

  // Python's repr, e.g. "tensor([1, 2, 3])" (with ember. prefixes where Python has torch.).
  std::string repr() const;
  std::string toString() const { return repr(); }
  void print() const;

 private:
  [[noreturn]] static void throw_undefined();
  void check_data_ptr_type(ScalarType requested) const;

  intrusive_ptr<TensorImpl> impl_;
};

std::ostream& operator<<(std::ostream& os, const Tensor& t);

// Wraps dim into [0, ndim) or throws PyTorch's "Dimension out of range" message.
int64_t maybe_wrap_dim(int64_t dim, int64_t ndim);

}  // namespace ember
