#pragma once
// TensorImpl: what a Tensor handle points to. A strided view (sizes, strides, offset, dtype) of a
// shared Storage, plus autograd state. Sizes and strides are inline for up to 5 dimensions.
#include <atomic>
#include <cstdint>
#include <memory>

#include "ember/core/ArrayRef.h"
#include "ember/core/ScalarType.h"
#include "ember/core/Storage.h"
#include "ember/core/intrusive_ptr.h"

namespace ember {

namespace autograd {
class Node;
// Drops a reference to a node without recursion: a node freed this way frees the nodes only it
// kept alive iteratively, so a graph of any length is destroyed in constant stack.
void release_node(std::shared_ptr<Node>&& node) noexcept;
}  // namespace autograd

// Autograd attaches its per-tensor state (grad, grad_fn, hooks) through this interface, so core
// does not depend on autograd.
struct AutogradMetaInterface {
  virtual ~AutogradMetaInterface() = default;
};

class TensorImpl : public RefCounted {
 public:
  // A view of storage; strides given.
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes, IntArrayRef strides,
             int64_t storage_offset);
  // A contiguous tensor over storage.
  TensorImpl(Storage storage, ScalarType dtype, IntArrayRef sizes);

  IntArrayRef sizes() const { return sizes_.ref(); }
  IntArrayRef strides() const { return strides_.ref(); }
  int64_t dim() const { return static_cast<int64_t>(sizes_.size()); }
  int64_t numel() const { return numel_; }
  ScalarType dtype() const { return dtype_; }
  int64_t storage_offset() const { return storage_offset_; }
  const Storage& storage() const { return storage_; }
  Device device() const { return storage_->device(); }
  bool is_contiguous() const { return is_contiguous_; }
  // Address of element [0, ..., 0].
  void* data() const {
    return static_cast<char*>(storage_->data()) + storage_offset_ * element_size(dtype_);
  }

  // Re-points this view; checks that it stays inside the storage.
  void set_sizes_and_strides(IntArrayRef sizes, IntArrayRef strides, int64_t storage_offset);
  // Takes src's storage, dtype, sizes, strides and offset; keeps this tensor's autograd state
  // (Tensor::set_data, Python's `t.data = other`).
  void shallow_copy_data_from(const TensorImpl& src);

  // True for a leaf that requires grad and for any result recorded in the autograd graph.
  // A 0-d tensor made from a number (Python's `a * 2` passes 2 this way): type promotion treats
  // it as the number it came from.
  bool is_wrapped_number() const { return wrapped_number_; }
  void set_wrapped_number(bool w) { wrapped_number_ = w; }

  bool requires_grad() const {
    return requires_grad_ || grad_fn_ || (view_base_ && view_base_->requires_grad_no_view());
  }
  bool requires_grad_no_view() const { return requires_grad_ || grad_fn_; }
  void set_requires_grad(bool r) { requires_grad_ = r; }

  // The node that computes this tensor's gradient and which of its outputs this tensor is (null
  // for leaves). Inline so that recording an op costs no allocation beyond the node.
  const std::shared_ptr<autograd::Node>& grad_fn() const { return grad_fn_; }
  uint32_t output_nr() const { return output_nr_; }
  void set_grad_fn(std::shared_ptr<autograd::Node> fn, uint32_t output_nr) {
    grad_fn_ = std::move(fn);
    output_nr_ = output_nr;
  }
  // The version of the storage when grad_fn was recorded (views regenerate a stale grad_fn).
  uint32_t grad_fn_version() const { return grad_fn_version_; }
  void set_grad_fn_version(uint32_t v) { grad_fn_version_ = v; }

  // A view (made by as_strided and the view ops) remembers the tensor that owns its storage.
  bool is_view() const { return static_cast<bool>(view_base_); }
  const intrusive_ptr<TensorImpl>& view_base() const { return view_base_; }
  void set_view_base(intrusive_ptr<TensorImpl> base) { view_base_ = std::move(base); }

  AutogradMetaInterface* autograd_meta() const {
    return autograd_meta_.load(std::memory_order_acquire);
  }
  // Installs m unless the tensor has autograd state already, and returns the state in place: two
  // threads that set it up at once for the same tensor agree on one.
  AutogradMetaInterface* install_autograd_meta(std::unique_ptr<AutogradMetaInterface> m);

  // Out of line: the destructor's shared_ptr and virtual releases are not compiled into every
  // program that holds a Tensor.
  static void destroy(TensorImpl* t) noexcept;

 private:
  ~TensorImpl();
  void refresh();             // recomputes numel and contiguity
  void refresh_contiguity();  // contiguity only

  Storage storage_;
  DimVector sizes_;
  DimVector strides_;
  int64_t storage_offset_ = 0;
  int64_t numel_ = 1;
  ScalarType dtype_;
  bool is_contiguous_ = true;
  bool requires_grad_ = false;
  bool wrapped_number_ = false;
  uint32_t output_nr_ = 0;
  uint32_t grad_fn_version_ = 0;
  std::shared_ptr<autograd::Node> grad_fn_;
  intrusive_ptr<TensorImpl> view_base_;
  std::atomic<AutogradMetaInterface*> autograd_meta_{nullptr};  // owned
};

// Strides of a contiguous (row-major) tensor of these sizes.
DimVector contiguous_strides(IntArrayRef sizes);
// Throws PyTorch's "Trying to create tensor with negative dimension -1: [-1]".
void check_size_nonnegative(IntArrayRef sizes);
// Product of sizes; throws PyTorch's message for a negative size and "numel: integer
// multiplication overflow" past INT64_MAX.
int64_t checked_numel(IntArrayRef sizes);
// The bytes a tensor of these sizes needs: contiguous, or with these strides (its furthest
// element plus one, 0 when it has none). Past INT64_MAX bytes, throws PyTorch's "Storage size
// calculation overflowed with sizes=[...]" (and " and strides=[...]"). The first checks the sizes
// with check_size_nonnegative first (PyTorch's empty); in the second a negative size counts as a
// huge one, as in PyTorch's as_strided.
size_t storage_nbytes(IntArrayRef sizes, size_t itemsize);
size_t storage_nbytes(IntArrayRef sizes, IntArrayRef strides, size_t itemsize);

}  // namespace ember
