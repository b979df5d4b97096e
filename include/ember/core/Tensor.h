#pragma once
// Tensor: a cheap reference-counted handle to a TensorImpl. Copying a Tensor shares the data;
// clone() copies it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "ember/core/ArrayRef.h"
#include "ember/core/Generator.h"
#include "ember/core/Scalar.h"
#include "ember/core/TensorAccessor.h"
#include "ember/core/TensorImpl.h"
#include "ember/core/TensorOptions.h"

namespace ember {

namespace indexing {
class TensorIndex;
}

class Tensor {
 public:
  Tensor() = default;  // undefined
  explicit Tensor(intrusive_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}
  Tensor(const Tensor&) = default;
  Tensor(Tensor&&) noexcept = default;
  ~Tensor() = default;
  // As libtorch's: assigning to a named tensor rebinds the handle; assigning to a temporary
  // writes into its data, so `x.index({0, 1}) = 3.14f` and `t[i][j] = 1.0` fill the element and
  // `x.select(0, 0) = y` copies y (broadcast) into that row.
  Tensor& operator=(const Tensor&) & = default;
  Tensor& operator=(Tensor&&) & noexcept = default;
  Tensor& operator=(const Scalar& value) && { return fill_(value); }
  Tensor& operator=(const Tensor& src) && { return copy_(src); }
  Tensor& operator=(Tensor&& src) && { return copy_(src); }

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
  // A TypeMeta, as libtorch's: it prints `float` where scalar_type() prints `Float`.
  TypeMeta dtype() const { return TypeMeta::fromScalarType(impl()->dtype()); }
  Device device() const { return impl()->device(); }
  Layout layout() const { return kStrided; }
  TensorOptions options() const {
    return TensorOptions().dtype(dtype()).device(device()).layout(kStrided);
  }
  bool is_contiguous() const { return impl()->is_contiguous(); }
  int64_t element_size() const { return ember::element_size(dtype()); }
  int64_t itemsize() const { return element_size(); }
  // numel() * element_size(), wrapping in int64 as PyTorch's (for views expanded past it).
  int64_t nbytes() const {
    return static_cast<int64_t>(static_cast<uint64_t>(numel()) *
                                static_cast<uint64_t>(element_size()));
  }
  int64_t storage_offset() const { return impl()->storage_offset(); }
  bool is_floating_point() const { return is_floating_type(dtype()); }
  bool is_cpu() const { return device().is_cpu(); }
  bool is_cuda() const { return device().is_cuda(); }
  bool has_storage() const { return defined(); }

  // Element access with indexing ops' cost removed (ember/core/TensorAccessor.h): a[i][j] reads
  // and writes element (i, j) through the strides. T must be the dtype and N the dimension count.
  template <class T, size_t N>
  TensorAccessor<T, N> accessor() const& {
    static_assert(N > 0, "accessor is used for indexing tensor, for scalars use *data_ptr<T>()");
    check_accessor_dims(N);
    return TensorAccessor<T, N>(data_ptr<T>(), sizes().data(), strides().data());
  }
  template <class T, size_t N>
  TensorAccessor<T, N> accessor() && = delete;  // would outlive the sizes it points at
  // The same, owning copies of the sizes and strides (what CUDA kernels take by value).
  template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits,
            class index_t = int64_t>
  GenericPackedTensorAccessor<T, N, PtrTraits, index_t> generic_packed_accessor() const& {
    check_accessor_dims(N);
    return GenericPackedTensorAccessor<T, N, PtrTraits, index_t>(
        static_cast<typename PtrTraits<T>::PtrType>(data_ptr<T>()), sizes().data(),
        strides().data());
  }
  template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits>
  PackedTensorAccessor32<T, N, PtrTraits> packed_accessor32() const& {
    check_accessor_32bit();
    return generic_packed_accessor<T, N, PtrTraits, int32_t>();
  }
  template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits>
  PackedTensorAccessor64<T, N, PtrTraits> packed_accessor64() const& {
    return generic_packed_accessor<T, N, PtrTraits, int64_t>();
  }

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
  Tensor to(TypeMeta dtype, bool non_blocking = false, bool copy = false) const {
    return to(dtype.toScalarType(), non_blocking, copy);
  }
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false) const;
  Tensor to(Device device, bool non_blocking = false, bool copy = false) const;
  Tensor to(DeviceType device, bool non_blocking = false, bool copy = false) const {
    return to(Device(device), non_blocking, copy);
  }
  Tensor to(const TensorOptions& options, bool non_blocking = false, bool copy = false) const;
  Tensor to(const Tensor& other, bool non_blocking = false, bool copy = false) const;
  Tensor cpu() const { return to(Device(kCPU)); }
  Tensor cuda() const { return to(Device(kCUDA)); }
  Tensor clone() const;
  Tensor contiguous() const;

  // In-place writes.
  Tensor& fill_(const Scalar& value) const;
  Tensor& zero_() const;
  // Copies src (broadcast to this tensor's shape, converted to its dtype) into this tensor.
  Tensor& copy_(const Tensor& src, bool non_blocking = false) const;

  // Views (share storage).
  Tensor as_strided(IntArrayRef sizes, IntArrayRef strides,
                    std::optional<int64_t> storage_offset = std::nullopt) const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor t() const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;

  // ---- Operations (src/ops/*): each declared here once, as libtorch's methods.
  // ------------------- Shapes and views (src/ops/shape.cpp).
  Tensor view(IntArrayRef size) const;
  Tensor reshape(IntArrayRef shape) const;
  Tensor flatten(int64_t start_dim = 0, int64_t end_dim = -1) const;
  Tensor unflatten(int64_t dim, IntArrayRef sizes) const;
  Tensor squeeze() const;
  Tensor squeeze(int64_t dim) const;
  Tensor unsqueeze(int64_t dim) const;
  Tensor permute(IntArrayRef dims) const;
  Tensor expand(IntArrayRef size, bool implicit = false) const;
  Tensor expand_as(const Tensor& other) const;
  Tensor slice(int64_t dim = 0, std::optional<int64_t> start = std::nullopt,
               std::optional<int64_t> end = std::nullopt, int64_t step = 1) const;
  Tensor mT() const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;
  std::vector<Tensor> chunk(int64_t chunks, int64_t dim = 0) const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> split(IntArrayRef split_sizes, int64_t dim = 0) const;
  Tensor flip(IntArrayRef dims) const;
  Tensor roll(IntArrayRef shifts, IntArrayRef dims = {}) const;
  Tensor repeat(IntArrayRef repeats) const;
  Tensor tril(int64_t diagonal = 0) const;
  Tensor triu(int64_t diagonal = 0) const;
  Tensor diag(int64_t diagonal = 0) const;

  // Indexing (src/ops/indexing.cpp).
  Tensor operator[](int64_t index) const { return select(0, index); }
  Tensor index(ArrayRef<indexing::TensorIndex> indices) const;
  Tensor index(std::initializer_list<indexing::TensorIndex> indices) const;
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value) const;
  // With accumulate, values add into self at repeated positions (tensor indices only).
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Tensor& value,
                     bool accumulate) const;
  Tensor& index_put_(ArrayRef<indexing::TensorIndex> indices, const Scalar& value) const;
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices,
                     const Tensor& value) const;
  Tensor& index_put_(std::initializer_list<indexing::TensorIndex> indices,
                     const Scalar& value) const;
  Tensor gather(int64_t dim, const Tensor& index) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor scatter(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Tensor& src) const;
  Tensor& scatter_(int64_t dim, const Tensor& index, const Scalar& value) const;
  Tensor index_select(int64_t dim, const Tensor& index) const;
  Tensor masked_fill(const Tensor& mask, const Scalar& value) const;
  Tensor& masked_fill_(const Tensor& mask, const Scalar& value) const;
  // value: a 0-d tensor, as PyTorch accepts.
  Tensor masked_fill(const Tensor& mask, const Tensor& value) const;
  Tensor& masked_fill_(const Tensor& mask, const Tensor& value) const;
  Tensor masked_select(const Tensor& mask) const;
  Tensor nonzero() const;

  // Element-wise binary (src/ops/binary.cpp). `other` broadcasts; dtypes promote as PyTorch.
  Tensor add(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor add(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& add_(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor& add_(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor sub(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor sub(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor& sub_(const Tensor& other, const Scalar& alpha = 1) const;
  Tensor& sub_(const Scalar& other, const Scalar& alpha = 1) const;
  Tensor mul(const Tensor& other) const;
  Tensor mul(const Scalar& other) const;
  Tensor& mul_(const Tensor& other) const;
  Tensor& mul_(const Scalar& other) const;
  // rounding_mode: nullopt (true division), "trunc" or "floor".
  Tensor div(const Tensor& other,
             std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor div(const Scalar& other,
             std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor& div_(const Tensor& other,
               std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor& div_(const Scalar& other,
               std::optional<std::string_view> rounding_mode = std::nullopt) const;
  Tensor floor_divide(const Tensor& other) const { return div(other, "floor"); }
  Tensor floor_divide(const Scalar& other) const { return div(other, "floor"); }
  Tensor& floor_divide_(const Tensor& other) const { return div_(other, "floor"); }
  Tensor& floor_divide_(const Scalar& other) const { return div_(other, "floor"); }
  Tensor remainder(const Tensor& other) const;
  Tensor remainder(const Scalar& other) const;
  Tensor& remainder_(const Tensor& other) const;
  Tensor& remainder_(const Scalar& other) const;
  Tensor fmod(const Tensor& other) const;
  Tensor fmod(const Scalar& other) const;
  Tensor pow(const Tensor& exponent) const;
  Tensor pow(const Scalar& exponent) const;
  Tensor& pow_(const Tensor& exponent) const;
  Tensor& pow_(const Scalar& exponent) const;
  Tensor maximum(const Tensor& other) const;
  Tensor minimum(const Tensor& other) const;
  Tensor atan2(const Tensor& other) const;
  Tensor eq(const Tensor& other) const;
  Tensor eq(const Scalar& other) const;
  Tensor ne(const Tensor& other) const;
  Tensor ne(const Scalar& other) const;
  Tensor lt(const Tensor& other) const;
  Tensor lt(const Scalar& other) const;
  Tensor le(const Tensor& other) const;
  Tensor le(const Scalar& other) const;
  Tensor gt(const Tensor& other) const;
  Tensor gt(const Scalar& other) const;
  Tensor ge(const Tensor& other) const;
  Tensor ge(const Scalar& other) const;
  Tensor logical_and(const Tensor& other) const;
  Tensor logical_or(const Tensor& other) const;
  Tensor logical_xor(const Tensor& other) const;
  Tensor logical_not() const;
  Tensor bitwise_and(const Tensor& other) const;
  Tensor bitwise_and(const Scalar& other) const;
  Tensor bitwise_or(const Tensor& other) const;
  Tensor bitwise_or(const Scalar& other) const;
  Tensor bitwise_xor(const Tensor& other) const;
  Tensor bitwise_xor(const Scalar& other) const;
  Tensor bitwise_not() const;
  Tensor& bitwise_and_(const Tensor& other) const;  // the in-place forms behind &=, |=, ^=
  Tensor& bitwise_and_(const Scalar& other) const;
  Tensor& bitwise_or_(const Tensor& other) const;
  Tensor& bitwise_or_(const Scalar& other) const;
  Tensor& bitwise_xor_(const Tensor& other) const;
  Tensor& bitwise_xor_(const Scalar& other) const;
  Tensor clamp(const std::optional<Scalar>& min,
               const std::optional<Scalar>& max = std::nullopt) const;
  Tensor clamp(const std::optional<Tensor>& min,
               const std::optional<Tensor>& max = std::nullopt) const;
  Tensor& clamp_(const std::optional<Scalar>& min,
                 const std::optional<Scalar>& max = std::nullopt) const;
  Tensor clamp_min(const Scalar& min) const;
  Tensor clamp_max(const Scalar& max) const;
  Tensor lerp(const Tensor& end, const Scalar& weight) const;
  Tensor lerp(const Tensor& end, const Tensor& weight) const;

  // Element-wise unary: those of src/ops/unary.yaml (generated, tools/opgen.py), then the others
  // (src/ops/unary.cpp).
#include "ember/generated/tensor_methods.inc"
  // Returns self (the same tensor); refuses bool, as PyTorch's `+t`.
  Tensor positive() const;
  Tensor relu() const;
  Tensor& relu_() const;
  Tensor round() const;
  Tensor round(int64_t decimals) const;  // decimals other than 0 are refused
  Tensor square() const;
  Tensor isnan() const;
  Tensor isinf() const;
  Tensor isfinite() const;
  Tensor nan_to_num(std::optional<double> nan = std::nullopt,
                    std::optional<double> posinf = std::nullopt,
                    std::optional<double> neginf = std::nullopt) const;
  Tensor softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor log_softmax(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;

  // Matrix products (src/ops/linalg.cpp).
  Tensor matmul(const Tensor& other) const;
  Tensor mm(const Tensor& mat2) const;
  Tensor bmm(const Tensor& mat2) const;
  Tensor mv(const Tensor& vec) const;
  Tensor dot(const Tensor& other) const;
  Tensor outer(const Tensor& vec2) const;
  Tensor addmm(const Tensor& mat1, const Tensor& mat2, const Scalar& beta = 1,
               const Scalar& alpha = 1) const;

  // Reductions (src/ops/reduce.cpp). Integer and bool sums/prods give int64 unless dtype says.
  Tensor sum(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor sum(IntArrayRef dim, bool keepdim = false,
             std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor mean(IntArrayRef dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor prod(std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor prod(int64_t dim, bool keepdim = false,
              std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor max() const;
  std::tuple<Tensor, Tensor> max(int64_t dim, bool keepdim = false) const;
  Tensor min() const;
  std::tuple<Tensor, Tensor> min(int64_t dim, bool keepdim = false) const;
  Tensor amax(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor amin(IntArrayRef dim = {}, bool keepdim = false) const;
  Tensor argmax(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor argmin(std::optional<int64_t> dim = std::nullopt, bool keepdim = false) const;
  Tensor std(bool unbiased = true) const;
  Tensor std(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  Tensor std(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
             bool keepdim = false) const;
  Tensor var(bool unbiased = true) const;
  Tensor var(IntArrayRef dim, bool unbiased = true, bool keepdim = false) const;
  Tensor var(std::optional<IntArrayRef> dim, std::optional<int64_t> correction,
             bool keepdim = false) const;
  Tensor norm(const Scalar& p = 2) const;
  Tensor norm(const std::optional<Scalar>& p, IntArrayRef dim, bool keepdim = false) const;
  Tensor logsumexp(IntArrayRef dim, bool keepdim = false) const;
  Tensor cumsum(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor cumprod(int64_t dim, std::optional<ScalarType> dtype = std::nullopt) const;
  Tensor all() const;
  Tensor all(int64_t dim, bool keepdim = false) const;
  Tensor any() const;
  Tensor any(int64_t dim, bool keepdim = false) const;
  std::tuple<Tensor, Tensor> sort(int64_t dim = -1, bool descending = false) const;
  std::tuple<Tensor, Tensor> topk(int64_t k, int64_t dim = -1, bool largest = true,
                                  bool sorted = true) const;
  bool allclose(const Tensor& other, double rtol = 1e-05, double atol = 1e-08,
                bool equal_nan = false) const;
  bool equal(const Tensor& other) const;

  // Autograd (src/autograd/variable.cpp; the graph's types are in ember/autograd/Node.h).
  bool requires_grad() const { return impl()->requires_grad(); }
  // Only leaves may change the flag; only floating point tensors may require grad.
  Tensor& requires_grad_(bool requires_grad = true) const;
  Tensor& set_requires_grad(bool requires_grad) { return requires_grad_(requires_grad); }
  // True unless the tensor was computed by a recorded op (then grad_fn() is that op's node).
  bool is_leaf() const { return grad_fn() == nullptr; }
  const std::shared_ptr<autograd::Node>& grad_fn() const;
  uint32_t output_nr() const { return impl()->output_nr(); }
  // The gradient accumulated by backward (undefined until then; leaves and retain_grad() only).
  const Tensor& grad() const;
  Tensor& mutable_grad() const;
  // Backpropagates from this tensor (a scalar, unless `gradient` is given).
  void backward(const Tensor& gradient = {}, std::optional<bool> retain_graph = std::nullopt,
                bool create_graph = false,
                std::optional<std::vector<Tensor>> inputs = std::nullopt) const;
  // The same data without history (shares storage and its version counter).
  Tensor detach() const;
  // Makes this tensor's data new_data's (sharing its storage), keeping its autograd state: what
  // Python's `t.data = new_data` does. The dtype and device may change; a leaf's gradient
  // accumulator is recreated for the new shape.
  void set_data(const Tensor& new_data);
  Tensor& detach_() const;
  // Makes backward fill grad() of this non-leaf tensor too.
  void retain_grad() const;
  bool retains_grad() const;
  // Calls hook(grad) when this tensor's gradient is computed; a hook returning a Tensor replaces
  // the gradient. Returns an id for remove_hook.
  template <class F>
  unsigned register_hook(F&& hook) const {
    if constexpr (std::is_void_v<std::invoke_result_t<F&, Tensor>>) {
      return add_hook([h = std::forward<F>(hook)](const Tensor& g) mutable {
        h(g);
        return Tensor();
      });
    } else {
      return add_hook(std::function<Tensor(const Tensor&)>(std::forward<F>(hook)));
    }
  }
  void remove_hook(unsigned id) const;
  // Counts in-place modifications of the storage (shared by views).
  uint32_t _version() const { return impl()->storage()->version(); }
  bool is_view() const { return impl()->is_view(); }
  // The tensor whose storage a view shares (undefined when this is not a view).
  Tensor _base() const;
  // A tensor sharing this one's data without its history (libtorch's .data()).
  Tensor data() const { return detach(); }
  Tensor variable_data() const { return detach(); }

  // In-place random fills (src/random/inplace.cpp), drawing PyTorch's CPU streams: the same seed
  // gives the same values as PyTorch's uniform_, normal_ and bernoulli_. Recorded (with a zero
  // gradient) on tensors with history; a leaf that requires grad refuses them, as PyTorch.
  Tensor& uniform_(double from = 0, double to = 1) const;
  Tensor& uniform_(double from, double to, std::optional<Generator> generator) const;
  Tensor& normal_(double mean = 0, double std = 1) const;
  Tensor& normal_(double mean, double std, std::optional<Generator> generator) const;
  // Each element becomes 1 with probability p, else 0 (any dtype).
  Tensor& bernoulli_(double p = 0.5) const;
  Tensor& bernoulli_(double p, std::optional<Generator> generator) const;
  Tensor bernoulli(double p) const;
  Tensor bernoulli(double p, std::optional<Generator> generator) const;

  // Python's repr, e.g. "tensor([1, 2, 3])" (with ember. prefixes where Python has torch.).
  std::string repr() const;
  // libtorch's type name: "CPUFloatType", "CUDALongType"...
  std::string toString() const;
  // libtorch's: "[CPUFloatType [2, 3]]" on standard error.
  void print() const;

 private:
  [[noreturn]] static void throw_undefined();
  unsigned add_hook(std::function<Tensor(const Tensor&)> hook) const;
  void check_data_ptr_type(ScalarType requested) const;
  void check_accessor_dims(size_t dims) const;
  void check_accessor_32bit() const;

  intrusive_ptr<TensorImpl> impl_;
};

// libtorch's C++ format (ember/core/print.h): values in columns, then "[ CPUFloatType{2,3} ]".
// Python's repr is t.repr().
std::ostream& operator<<(std::ostream& os, const Tensor& t);

// Wraps dim into [0, ndim) or throws PyTorch's "Dimension out of range" message.
int64_t maybe_wrap_dim(int64_t dim, int64_t ndim);

}  // namespace ember
