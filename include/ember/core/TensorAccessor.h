#pragma once
// Accessors: typed, strided element access without a Tensor per index (libtorch's
// TensorAccessor and PackedTensorAccessor). Made by Tensor::accessor<T, N>() and
// Tensor::packed_accessor32/64<T, N>():
//   auto a = t.accessor<float, 2>();
//   for (int64_t i = 0; i < a.size(0); ++i) a[i][0] += 1;
// An accessor does not keep the tensor alive; a TensorAccessor also points at the tensor's sizes
// and strides, a packed one holds copies of them (so it can be passed by value to a kernel).
#include <cstddef>
#include <cstdint>

#if defined(__CUDACC__)
#define EMBER_HOST_DEVICE __host__ __device__
#else
#define EMBER_HOST_DEVICE
#endif

namespace ember {

template <class T>
struct DefaultPtrTraits {
  using PtrType = T*;
};
template <class T>
struct RestrictPtrTraits {
  using PtrType = T* __restrict__;
};

template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits,
          class index_t = int64_t>
class TensorAccessorBase {
 public:
  using PtrType = typename PtrTraits<T>::PtrType;

  EMBER_HOST_DEVICE TensorAccessorBase(PtrType data, const index_t* sizes, const index_t* strides)
      : data_(data), sizes_(sizes), strides_(strides) {}
  EMBER_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
  EMBER_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
  EMBER_HOST_DEVICE PtrType data() { return data_; }
  EMBER_HOST_DEVICE const PtrType data() const { return data_; }

 protected:
  PtrType data_;
  const index_t* sizes_;
  const index_t* strides_;
};

// a[i] is the (N-1)-dimensional accessor of sub-tensor i; for N == 1 it is the element.
template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits,
          class index_t = int64_t>
class TensorAccessor : public TensorAccessorBase<T, N, PtrTraits, index_t> {
  using Base = TensorAccessorBase<T, N, PtrTraits, index_t>;

 public:
  using Base::Base;
  EMBER_HOST_DEVICE TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) {
    return {this->data_ + this->strides_[0] * i, this->sizes_ + 1, this->strides_ + 1};
  }
  EMBER_HOST_DEVICE const TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) const {
    return {this->data_ + this->strides_[0] * i, this->sizes_ + 1, this->strides_ + 1};
  }
};

template <class T, template <class> class PtrTraits, class index_t>
class TensorAccessor<T, 1, PtrTraits, index_t>
    : public TensorAccessorBase<T, 1, PtrTraits, index_t> {
  using Base = TensorAccessorBase<T, 1, PtrTraits, index_t>;

 public:
  using Base::Base;
  EMBER_HOST_DEVICE T& operator[](index_t i) { return this->data_[this->strides_[0] * i]; }
  EMBER_HOST_DEVICE const T& operator[](index_t i) const {
    return this->data_[this->strides_[0] * i];
  }
};

template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits,
          class index_t = int64_t>
class GenericPackedTensorAccessorBase {
 public:
  using PtrType = typename PtrTraits<T>::PtrType;

  // sizes and strides are copied (converted to index_t).
  template <class source_index_t>
  EMBER_HOST_DEVICE GenericPackedTensorAccessorBase(PtrType data, const source_index_t* sizes,
                                                    const source_index_t* strides)
      : data_(data) {
    for (size_t i = 0; i < N; ++i) {
      sizes_[i] = static_cast<index_t>(sizes[i]);
      strides_[i] = static_cast<index_t>(strides[i]);
    }
  }
  EMBER_HOST_DEVICE index_t stride(index_t i) const { return strides_[i]; }
  EMBER_HOST_DEVICE index_t size(index_t i) const { return sizes_[i]; }
  EMBER_HOST_DEVICE PtrType data() { return data_; }
  EMBER_HOST_DEVICE const PtrType data() const { return data_; }

 protected:
  PtrType data_;
  index_t sizes_[N];
  index_t strides_[N];
};

template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits,
          class index_t = int64_t>
class GenericPackedTensorAccessor
    : public GenericPackedTensorAccessorBase<T, N, PtrTraits, index_t> {
  using Base = GenericPackedTensorAccessorBase<T, N, PtrTraits, index_t>;

 public:
  using Base::Base;
  EMBER_HOST_DEVICE TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) {
    return {this->data_ + this->strides_[0] * i, this->sizes_ + 1, this->strides_ + 1};
  }
  EMBER_HOST_DEVICE const TensorAccessor<T, N - 1, PtrTraits, index_t> operator[](index_t i) const {
    return {this->data_ + this->strides_[0] * i, this->sizes_ + 1, this->strides_ + 1};
  }
};

template <class T, template <class> class PtrTraits, class index_t>
class GenericPackedTensorAccessor<T, 1, PtrTraits, index_t>
    : public GenericPackedTensorAccessorBase<T, 1, PtrTraits, index_t> {
  using Base = GenericPackedTensorAccessorBase<T, 1, PtrTraits, index_t>;

 public:
  using Base::Base;
  EMBER_HOST_DEVICE T& operator[](index_t i) { return this->data_[this->strides_[0] * i]; }
  EMBER_HOST_DEVICE const T& operator[](index_t i) const {
    return this->data_[this->strides_[0] * i];
  }
};

template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits>
using PackedTensorAccessor32 = GenericPackedTensorAccessor<T, N, PtrTraits, int32_t>;
template <class T, size_t N, template <class> class PtrTraits = DefaultPtrTraits>
using PackedTensorAccessor64 = GenericPackedTensorAccessor<T, N, PtrTraits, int64_t>;

}  // namespace ember
