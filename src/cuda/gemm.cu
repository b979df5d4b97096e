// Matrix products: cuBLAS for the floating dtypes (one strided-batched call when every operand is
// a row- or column-major matrix with one batch stride), and a plain kernel for the integers and
// for layouts cuBLAS cannot take. TF32 is used for float32 only when ember::cuda::allow_tf32()
// is on (off by default, as PyTorch).
#include <cublas_v2.h>

#include <mutex>

#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

void check_cublas(cublasStatus_t s, const char* what) {
  EMBER_CHECK(s == CUBLAS_STATUS_SUCCESS, "CUDA error: cuBLAS call failed with status ",
              static_cast<int>(s), " (", what, ")");
}

cublasHandle_t handle_for(int device) {
  static std::mutex mutex;
  static cublasHandle_t handles[64] = {};
  std::lock_guard<std::mutex> lock(mutex);
  if (handles[device] == nullptr) check_cublas(cublasCreate(&handles[device]), "cublasCreate");
  return handles[device];
}

// out[b, i, j] = beta * out + alpha * sum_k a[b, i, k] * b[b, k, j], one thread per output
// element; offsets[0] is out's, [1] a's with the column stride zeroed, [2] b's with the row
// stride zeroed, over out's shape.
template <class T>
__global__ void gemm_plain(int64_t n, Offsets off, T* out, const T* a, const T* b, int64_t k,
                           int64_t a_step, int64_t b_step, math_t<T> alpha, math_t<T> beta,
                           bool use_beta) {
  using C = math_t<T>;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n;
       i += int64_t(blockDim.x) * gridDim.x) {
    int64_t o[3];
    off.of(i, o, 3);
    C acc = 0;
    for (int64_t kk = 0; kk < k; ++kk) {
      const C x = cast<C>(a[o[1] + kk * a_step]), y = cast<C>(b[o[2] + kk * b_step]);
      if constexpr (std::is_same_v<T, bool>) {
        acc = acc || (x && y);
      } else if constexpr (std::is_integral_v<T>) {
        acc = static_cast<C>(static_cast<uint64_t>(acc) +
                             static_cast<uint64_t>(x) * static_cast<uint64_t>(y));
      } else {
        acc += x * y;
      }
    }
    C r;
    if constexpr (std::is_same_v<T, bool>) {
      r = (alpha && acc) || (use_beta && beta && cast<C>(out[o[0]]));
    } else if constexpr (std::is_integral_v<T>) {
      r = static_cast<C>(static_cast<uint64_t>(alpha) * static_cast<uint64_t>(acc));
      if (use_beta) {
        r = static_cast<C>(static_cast<uint64_t>(r) +
                           static_cast<uint64_t>(beta) * static_cast<uint64_t>(cast<C>(out[o[0]])));
      }
    } else {
      r = alpha * acc;
      if (use_beta) r += beta * cast<C>(out[o[0]]);
    }
    out[o[0]] = cast<T>(r);
  }
}

void gemm_plain_launch(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                       const Scalar& alpha) {
  const int64_t nd = out.dim(), n = out.numel(), k = a.sizes()[nd - 1];
  check_dims(nd);
  Offsets off;
  off.ndim = static_cast<int>(nd);
  for (int64_t d = 0; d < nd; ++d) {
    off.sizes[d] = out.sizes()[d];
    off.strides[0][d] = out.strides()[d];
    off.strides[1][d] = d == nd - 1 ? 0 : a.strides()[d];
    off.strides[2][d] = d == nd - 2 ? 0 : b.strides()[d];
  }
  const bool use_beta = !(beta.toDouble() == 0.0);
  visit_device_dtype(out.scalar_type(), "addmm_cuda", [&]<class T>() {
    using C = math_t<T>;
    gemm_plain<T><<<blocks_for(n), kThreads>>>(
        n, off, data_of<T>(out), data_of<const T>(a), data_of<const T>(b), k, a.strides()[nd - 1],
        b.strides()[nd - 2], alpha.to<C>(), beta.to<C>(), use_beta);
    EMBER_CUDA_LAUNCHED();
  });
}

// A matrix (the last two dims of t) as cuBLAS sees it: column-major with leading dimension ld,
// transposed or not, and one stride between the matrices of the batch.
struct Layout {
  bool ok = false;
  bool row_major = false;  // seen column-major it is the transpose
  int64_t ld = 1;
  int64_t batch_stride = 0;
};

Layout layout_of(const Tensor& t) {
  Layout l;
  const int64_t nd = t.dim();
  const int64_t r = t.sizes()[nd - 2], c = t.sizes()[nd - 1];
  const int64_t sr = t.strides()[nd - 2], sc = t.strides()[nd - 1];
  if ((sc == 1 || c == 1) && (r == 1 || sr >= std::max<int64_t>(1, c))) {
    l.ok = true;
    l.row_major = true;
    l.ld = r == 1 ? std::max<int64_t>(1, c) : sr;
  } else if ((sr == 1 || r == 1) && (c == 1 || sc >= std::max<int64_t>(1, r))) {
    l.ok = true;
    l.ld = c == 1 ? std::max<int64_t>(1, r) : sc;
  }
  // The batch dims must step by one stride (or not at all).
  int64_t expected = -1;
  for (int64_t d = nd - 3; d >= 0; --d) {
    if (t.sizes()[d] == 1) continue;
    if (expected == -1) {
      l.batch_stride = t.strides()[d];
    } else if (t.strides()[d] != expected) {
      l.ok = false;
    }
    expected = t.strides()[d] * t.sizes()[d];
  }
  return l;
}

template <class T>
bool gemm_cublas(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                 const Scalar& alpha) {
  const Layout lc = layout_of(out), la = layout_of(a), lb = layout_of(b);
  if (!lc.ok || !la.ok || !lb.ok) return false;
  const int64_t nd = out.dim();
  const int64_t m = out.sizes()[nd - 2], n = out.sizes()[nd - 1], k = a.sizes()[nd - 1];
  int64_t batch = 1;
  for (int64_t d = 0; d < nd - 2; ++d) batch *= out.sizes()[d];
  constexpr int64_t kMax = 2147483647;
  if (m > kMax || n > kMax || k > kMax || batch > kMax || lc.ld > kMax || la.ld > kMax ||
      lb.ld > kMax) {
    return false;
  }
  cudaDataType_t type;
  cublasComputeType_t compute;
  if constexpr (std::is_same_v<T, double>) {
    type = CUDA_R_64F;
    compute = CUBLAS_COMPUTE_64F;
  } else if constexpr (std::is_same_v<T, float>) {
    type = CUDA_R_32F;
    compute = ember::cuda::allow_tf32() ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
  } else if constexpr (std::is_same_v<T, __half>) {
    type = CUDA_R_16F;
    compute = CUBLAS_COMPUTE_32F;
  } else {
    type = CUDA_R_16BF;
    compute = CUBLAS_COMPUTE_32F;
  }
  using S = std::conditional_t<std::is_same_v<T, double>, double, float>;
  const S alpha_v = alpha.to<S>(), beta_v = beta.to<S>();
  cublasHandle_t h = handle_for(device_index(out));
  check_cublas(cublasSetStream(h, 0), "cublasSetStream");
  // Column-major C = op(X) op(Y): for a row-major out that is out^T = b^T a^T.
  const void *x, *y;
  Layout lx, ly;
  int64_t rows, cols;
  if (lc.row_major) {
    x = b.data_ptr();
    lx = lb;
    y = a.data_ptr();
    ly = la;
    rows = n;
    cols = m;
  } else {
    x = a.data_ptr();
    lx = la;
    y = b.data_ptr();
    ly = lb;
    rows = m;
    cols = n;
  }
  // In out's orientation a row-major operand is already transposed in column-major terms.
  const cublasOperation_t opx = (lx.row_major == lc.row_major) ? CUBLAS_OP_N : CUBLAS_OP_T;
  const cublasOperation_t opy = (ly.row_major == lc.row_major) ? CUBLAS_OP_N : CUBLAS_OP_T;
  check_cublas(cublasGemmStridedBatchedEx(
                   h, opx, opy, static_cast<int>(rows), static_cast<int>(cols), static_cast<int>(k),
                   &alpha_v, x, type, static_cast<int>(lx.ld), lx.batch_stride, y, type,
                   static_cast<int>(ly.ld), ly.batch_stride, &beta_v, out.data_ptr(), type,
                   static_cast<int>(lc.ld), lc.batch_stride, static_cast<int>(batch), compute,
                   CUBLAS_GEMM_DEFAULT),
               "cublasGemmStridedBatchedEx");
  return true;
}

}  // namespace

bool gemm_supports(ScalarType) { return true; }

void gemm_kernel(const Tensor& out, const Tensor& a, const Tensor& b, const Scalar& beta,
                 const Scalar& alpha) {
  if (out.numel() == 0) return;
  DeviceGuard guard(device_index(out));
  bool done = false;
  visit_device_dtype(out.scalar_type(), "addmm_cuda", [&]<class T>() {
    if constexpr (is_floating_v<T>) done = gemm_cublas<T>(out, a, b, beta, alpha);
  });
  if (!done) gemm_plain_launch(out, a, b, beta, alpha);
}

}  // namespace ember::cuda_backend
