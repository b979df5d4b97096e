// gather and scatter through an int64 index. An index out of range cannot throw on the device:
// the kernel records it in a flag, and the host reads the flag after the kernel and throws the
// message the CPU kernel gives.
#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

struct BadIndex {
  int found;
  long long value;
};

template <int ES, bool Scatter>
__global__ void move_by_index(int64_t n, Offsets off, char* dst, const char* src,
                              const int64_t* index, int64_t step, int64_t size, BadIndex* bad) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x) {
    int64_t o[3];
    off.of(i, o, 3);
    const int64_t idx = index[o[2]];
    if (idx < 0 || idx >= size) {
      if (atomicExch(&bad->found, 1) == 0) bad->value = idx;
      continue;
    }
    struct Bytes {
      char b[ES];
    };
    if constexpr (Scatter) {
      *reinterpret_cast<Bytes*>(dst + (o[0] + idx * step) * ES) =
          *reinterpret_cast<const Bytes*>(src + o[1] * ES);
    } else {
      *reinterpret_cast<Bytes*>(dst + o[0] * ES) =
          *reinterpret_cast<const Bytes*>(src + (o[1] + idx * step) * ES);
    }
  }
}

template <bool Scatter>
void move(const Tensor& dst, const Tensor& src, const Tensor& index, int64_t stride, int64_t size,
          int64_t dim, IndexErrorStyle style) {
  const Tensor& shape_of = Scatter ? index : dst;
  const int64_t n = shape_of.numel();
  if (n == 0) return;
  DeviceGuard guard(device_index(dst));
  Offsets off;
  check_dims(shape_of.dim());
  off.ndim = static_cast<int>(shape_of.dim());
  for (int64_t d = 0; d < shape_of.dim(); ++d) {
    off.sizes[d] = shape_of.sizes()[d];
    off.strides[0][d] = dst.strides()[d];
    off.strides[1][d] = src.strides()[d];
    off.strides[2][d] = index.strides()[d];
  }
  Tensor flag =
      zeros({static_cast<int64_t>(sizeof(BadIndex))}, TensorOptions(kByte).device(dst.device()));
  auto* bad = static_cast<BadIndex*>(flag.data_ptr());
  auto* d = static_cast<char*>(dst.data_ptr());
  const auto* s = static_cast<const char*>(src.data_ptr());
  const auto* ix = static_cast<const int64_t*>(index.data_ptr());
  auto go = [&]<int ES>() {
    move_by_index<ES, Scatter><<<blocks_for(n), kThreads>>>(n, off, d, s, ix, stride, size, bad);
    EMBER_CUDA_LAUNCHED();
  };
  switch (dst.element_size()) {
    case 1:
      go.template operator()<1>();
      break;
    case 2:
      go.template operator()<2>();
      break;
    case 4:
      go.template operator()<4>();
      break;
    default:
      go.template operator()<8>();
      break;
  }
  if (style == IndexErrorStyle::None) return;
  BadIndex host{};
  EMBER_CUDA_CHECK(cudaMemcpy(&host, bad, sizeof(host), cudaMemcpyDeviceToHost));
  if (host.found == 0) return;
  if (style == IndexErrorStyle::IndexSelect) detail::fail<IndexError>("index out of range in self");
  detail::fail<>("index ", static_cast<int64_t>(host.value), " is out of bounds for dimension ",
                 dim, " with size ", size);
}

}  // namespace

void gather_kernel(const Tensor& dst, const Tensor& src_view, const Tensor& index, int64_t stride,
                   int64_t size, int64_t dim, IndexErrorStyle style) {
  move<false>(dst, src_view, index, stride, size, dim, style);
}

void scatter_kernel(const Tensor& dst_view, const Tensor& src, const Tensor& index, int64_t stride,
                    int64_t size, int64_t dim, IndexErrorStyle style) {
  move<true>(dst_view, src, index, stride, size, dim, style);
}

}  // namespace ember::cuda_backend
