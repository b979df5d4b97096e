#include "ops/elementwise.h"

#include <cstring>
#include <optional>
#include <utility>

#include "autograd/function.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/MemoryOverlap.h"
#include "ember/core/broadcast.h"
#include "ember/ops/creation.h"

namespace ember::ops {

ScalarType Operand::dtype() const {
  if (tensor_) return tensor_->scalar_type();
  return scalar_.isBoolean() ? kBool : scalar_.isIntegral(false) ? kLong : kDouble;
}

Elementwise& Elementwise::input(const Operand& op) {
  EMBER_CHECK(n_ < kernels::ElementwiseArgs::kMaxInputs, "Elementwise: too many inputs");
  inputs_[n_++] = op;
  return *this;
}

ScalarType Elementwise::result_type() const {
  ResultTypeState state;
  for (int k = 0; k < n_; ++k) {
    if (inputs_[k].is_tensor()) {
      state.update(inputs_[k].tensor());
    } else {
      state.update(inputs_[k].scalar());
    }
  }
  return state.result();
}

void check_can_cast(ScalarType from, ScalarType to) {
  EMBER_CHECK(can_cast(from, to), "result type ", to_string(from),
              " can't be cast to the desired output type ", to_string(to));
}

namespace {
// Stores value of dtype `from` at src into dst as dtype `to`.
void convert_value(void* dst, ScalarType to, const void* src, ScalarType from) {
  visit_dtype(to, [&]<class To>() {
    visit_dtype(from, [&]<class From>() {
      From v;
      std::memcpy(&v, src, sizeof(From));
      const To r = convert<To>(v);
      std::memcpy(dst, &r, sizeof(To));
    });
  });
}
}  // namespace

void check_write_overlap(const Tensor& dest, ArrayRef<Operand> inputs) {
  assert_no_internal_overlap(dest);
  for (const Operand& op : inputs) {
    if (op.is_tensor() && op.tensor().defined() && !op.tensor().is_same(dest)) {
      assert_no_partial_overlap(dest, op.tensor());
    }
  }
}

Tensor& record_inplace(Tensor& self, ArrayRef<Operand> inputs,
                       const std::function<Tensor(const Tensor&)>& f) {
  autograd::check_inplace(self);  // PyTorch's autograd error comes before the kernel's checks
  check_write_overlap(self, inputs);
  return autograd::record_inplace(self, f);
}

Device Elementwise::common_device() const {
  // As PyTorch: the operands share one device, except that a 0-d CPU tensor joins any device (it
  // is read as a number). The destination of an in-place op counts as an operand.
  std::optional<Device> device;
  auto note = [&](const Tensor& t, bool is_input) {
    const Device d = t.device();
    if (is_input && t.dim() == 0 && d.is_cpu()) return;
    if (!device) {
      device = d;
    } else if (*device != d) {
      kernels::throw_device_mismatch(*device, d);
    }
  };
  if (dest_) note(*dest_, false);
  for (int k = 0; k < n_; ++k) {
    if (inputs_[k].is_tensor()) note(inputs_[k].tensor(), true);
  }
  return device.value_or(Device(kCPU));
}

bool Elementwise::plain_inputs(ScalarType compute_dtype) const {
  if (n_ == 0 || !inputs_[0].is_tensor() || !inputs_[0].tensor().defined()) return false;
  const TensorImpl& first = *inputs_[0].tensor().impl();
  for (int k = 0; k < n_; ++k) {
    if (!inputs_[k].is_tensor() || input_dtype_[k] != ScalarType::Undefined ||
        !inputs_[k].tensor().defined()) {
      return false;
    }
    const TensorImpl& t = *inputs_[k].tensor().impl();
    if (t.dtype() != compute_dtype || !t.is_contiguous()) return false;
    if (k > 0 && (t.sizes() != first.sizes() || t.device() != first.device())) return false;
  }
  return true;
}

const kernels::ElementwiseArgs& Elementwise::build(ScalarType compute_dtype, ScalarType out_dtype) {
  kernels::ElementwiseArgs& a = args_;
  // The common case first: a new result from contiguous inputs of one shape, already of the
  // compute dtype. Nothing broadcasts or converts, and every operand is one flat run.
  if (dest_ == nullptr && plain_inputs(compute_dtype)) {
    const TensorImpl& first = *inputs_[0].tensor().impl();
    a.shape.assign(first.sizes());
    a.numel = first.numel();
    a.device = first.device();
    out_ = detail::make_tensor(a.shape, out_dtype, a.device);
    a.out = static_cast<char*>(out_.data_ptr());
    a.out_strides.assign(out_.strides());
    a.out_dtype = out_dtype;
    a.dtype = compute_dtype;
    a.ninputs = n_;
    for (int k = 0; k < n_; ++k) {
      const Tensor& t = inputs_[k].tensor();
      a.in_dtype[k] = compute_dtype;
      a.in[k] = static_cast<const char*>(t.data_ptr());
      a.in_strides[k].assign(a.out_strides.ref());
    }
    a.flat = true;
    return a;
  }
  // As TensorIterator, the memory checks come first.
  if (dest_) check_write_overlap(*dest_, ArrayRef<Operand>(inputs_.data(), n_));
  // Shape: the tensor inputs broadcast together, in order.
  bool first = true;
  for (int k = 0; k < n_; ++k) {
    if (!inputs_[k].is_tensor()) continue;
    IntArrayRef s = inputs_[k].tensor().sizes();
    if (first) {
      a.shape = DimVector(s);
      first = false;
    } else if (a.shape.ref() != s) {
      a.shape = infer_size(a.shape, s);
    }
  }
  a.device = common_device();

  // Output: the in-place destination (same shape, a dtype the result casts to) or a new tensor.
  bool out_contiguous = true;
  if (dest_) {
    const Tensor& d = *dest_;
    EMBER_CHECK(d.sizes() == a.shape.ref(), "output with shape ", d.sizes(),
                " doesn't match the broadcast shape ", a.shape.ref());
    if (d.scalar_type() != out_dtype) {
      check_can_cast(out_dtype, d.scalar_type());
      out_ = detail::make_tensor(a.shape, out_dtype, a.device);
    } else {
      out_ = d;
      out_contiguous = d.is_contiguous();
    }
  } else {
    out_ = detail::make_tensor(a.shape, out_dtype, a.device);
  }
  // The output's creation checked the broadcast shape's size.
  const int64_t numel = out_.numel();
  a.numel = numel;
  a.out = static_cast<char*>(out_.data_ptr());
  a.out_strides = DimVector(out_.strides());
  a.out_dtype = out_dtype;
  a.dtype = compute_dtype;
  a.ninputs = n_;

  // Inputs: single values by value, others viewed with the output's shape in the input dtype.
  bool flat = out_contiguous;
  for (int k = 0; k < n_; ++k) {
    const ScalarType want =
        input_dtype_[k] == ScalarType::Undefined ? compute_dtype : input_dtype_[k];
    a.in_dtype[k] = want;
    const Operand& op = inputs_[k];
    // A one-element input is passed by value when its value can be read here (on the CPU).
    if (!op.is_tensor() || (op.tensor().numel() == 1 && op.tensor().is_cpu())) {
      if (op.is_tensor()) {
        convert_value(a.scalar[k].data(), want, op.tensor().data_ptr(), op.tensor().scalar_type());
      } else {
        visit_dtype(want, [&]<class T>() {
          const T v = op.scalar().to<T>();
          std::memcpy(a.scalar[k].data(), &v, sizeof(T));
        });
      }
      a.in[k] = a.scalar[k].data();
      a.in_strides[k].assign(a.shape.size(), 0);
      continue;
    }
    const Tensor* t = &op.tensor();
    if (t->scalar_type() != want) {
      NoGradGuard no_grad;  // plumbing: the op records its own node
      converted_[k] = t->to(want);
      t = &converted_[k];
    }
    a.in[k] = static_cast<const char*>(t->data_ptr());
    a.in_strides[k] = broadcast_strides(t->sizes(), t->strides(), a.shape);
    flat = flat && t->is_contiguous() && t->numel() == numel;
  }
  a.flat = flat;
  return a;
}

bool plain_binary(const Operand& a, const Operand& b, ScalarType out_dtype,
                  kernels::ElementwiseArgs& args, Tensor& out) {
  if (!a.is_tensor() || !b.is_tensor()) return false;
  const TensorImpl* x = a.tensor().unsafeGetTensorImpl();
  const TensorImpl* y = b.tensor().unsafeGetTensorImpl();
  if (x == nullptr || y == nullptr || x->dtype() != y->dtype() || !x->is_contiguous() ||
      !y->is_contiguous() || x->sizes() != y->sizes()) {
    return false;
  }
  const Device device = x->device();
  if (device != y->device()) return false;
  const ScalarType dt = x->dtype();
  if (out_dtype == ScalarType::Undefined) out_dtype = dt;
  out = detail::make_tensor(x->sizes(), out_dtype, device);
  args.device = device;
  args.shape.assign(x->sizes());
  args.numel = x->numel();
  args.ninputs = 2;
  args.dtype = dt;
  args.out_dtype = out_dtype;
  args.out = static_cast<char*>(out.data_ptr());
  args.out_strides.assign(out.strides());
  args.in = {static_cast<const char*>(x->data()), static_cast<const char*>(y->data()), nullptr};
  args.in_strides[0].assign(args.out_strides.ref());
  args.in_strides[1].assign(args.out_strides.ref());
  args.in_dtype = {dt, dt, ScalarType::Undefined};
  args.flat = true;
  return true;
}

Tensor Elementwise::finish() {
  if (dest_ && !out_.is_same(*dest_)) {
    Tensor d = *dest_;
    NoGradGuard no_grad;
    d.copy_(out_);  // counts as the in-place write
    return d;
  }
  if (dest_) dest_->impl()->storage()->bump_version();
  return std::move(out_);  // no reference count traffic: the driver is done with it
}

}  // namespace ember::ops
