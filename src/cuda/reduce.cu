// Reductions over the dims where `out` (keepdim shape) has size 1 and `in` does not, and softmax.
// Each output element is reduced by one or more blocks: threads stride over the reduced elements,
// a block combines in shared memory, and when several blocks share an output (few outputs, many
// elements) a second pass combines their partial results.
#include <limits>

#include "cuda/common.cuh"
#include "cuda/kernels.h"

namespace ember::cuda_backend {

namespace {

// The accumulator of a reduction of T: int64 for integers, float for 16-bit floats.
template <class T>
using acc_t = std::conditional_t<is_floating_v<T>, math_t<T>,
                                 std::conditional_t<std::is_same_v<T, bool>, bool, int64_t>>;

enum class Op { Sum, Prod, Max, Min, All, Any };

template <Op O, class A>
struct Combine {
  __device__ static A identity() {
    if constexpr (O == Op::Sum) return A(0);
    if constexpr (O == Op::Prod) return A(1);
    if constexpr (O == Op::All) return A(1);
    if constexpr (O == Op::Any) return A(0);
    if constexpr (O == Op::Max) {
      if constexpr (std::is_floating_point_v<A>) return -INFINITY;
      return std::numeric_limits<A>::lowest();
    }
    if constexpr (O == Op::Min) {
      if constexpr (std::is_floating_point_v<A>) return INFINITY;
      return std::numeric_limits<A>::max();
    }
  }
  __device__ static A apply(A a, A b) {
    if constexpr (O == Op::Sum) {
      if constexpr (std::is_integral_v<A> && !std::is_same_v<A, bool>) {
        return static_cast<A>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
      } else {
        return a + b;
      }
    }
    if constexpr (O == Op::Prod) {
      if constexpr (std::is_integral_v<A> && !std::is_same_v<A, bool>) {
        return static_cast<A>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
      } else {
        return a * b;
      }
    }
    if constexpr (O == Op::All) return A(a != A(0) && b != A(0));
    if constexpr (O == Op::Any) return A(a != A(0) || b != A(0));
    if constexpr (O == Op::Max) {
      if constexpr (std::is_floating_point_v<A>) {
        if (a != a) return a;
        if (b != b) return b;
      }
      return a > b ? a : b;
    }
    if constexpr (O == Op::Min) {
      if constexpr (std::is_floating_point_v<A>) {
        if (a != a) return a;
        if (b != b) return b;
      }
      return a < b ? a : b;
    }
  }
};

// Where an output element's inputs are: `outer` maps an output index to the input offset of its
// first element, `inner` maps a reduced index to the offset from there.
struct ReduceGeometry {
  Offsets outer;  // strides[0]: in's strides over the kept dims (size 1 where reduced)
  Offsets inner;  // sizes of the reduced dims, strides[0]: in's strides along them
  int64_t outputs = 1, reduced = 1;
};

ReduceGeometry geometry(const Tensor& out, const Tensor& in) {
  ReduceGeometry g;
  const int64_t nd = in.dim();
  check_dims(nd);
  g.outer.ndim = static_cast<int>(nd);
  int nr = 0;
  for (int64_t d = 0; d < nd; ++d) {
    const bool reduced = out.sizes()[d] == 1 && in.sizes()[d] != 1;
    g.outer.sizes[d] = reduced ? 1 : in.sizes()[d];
    g.outer.strides[0][d] = in.strides()[d];
    g.outer.strides[1][d] = out.strides()[d];
    if (reduced) {
      g.inner.sizes[nr] = in.sizes()[d];
      g.inner.strides[0][nr] = in.strides()[d];
      g.reduced *= in.sizes()[d];
      ++nr;
    }
  }
  g.inner.ndim = nr;
  g.outputs = out.numel();
  return g;
}

constexpr int kReduceThreads = 256;

// Stage 1: block (o, s) reduces slice s of output o's inputs; writes partial[o * slices + s], or
// the finished value into out when there is one slice.
template <Op O, class T, class A, class Out, bool Mean>
__global__ void reduce_kernel(ReduceGeometry g, const T* in, Out* out, A* partial, int64_t slices) {
  __shared__ A shared[kReduceThreads];
  using C = Combine<O, A>;
  const int64_t per_slice = (g.reduced + slices - 1) / slices;
  for (int64_t task = blockIdx.x; task < g.outputs * slices; task += gridDim.x) {
    const int64_t o = task / slices, s = task % slices;
    int64_t base[2];
    g.outer.of(o, base, 2);
    const int64_t begin = s * per_slice;
    const int64_t end = begin + per_slice < g.reduced ? begin + per_slice : g.reduced;
    A acc = C::identity();
    for (int64_t r = begin + threadIdx.x; r < end; r += blockDim.x) {
      int64_t off[1];
      g.inner.of(r, off, 1);
      acc = C::apply(acc, cast<A>(in[base[0] + off[0]]));
    }
    shared[threadIdx.x] = acc;
    __syncthreads();
    for (int w = blockDim.x / 2; w > 0; w /= 2) {
      if (threadIdx.x < w)
        shared[threadIdx.x] = C::apply(shared[threadIdx.x], shared[threadIdx.x + w]);
      __syncthreads();
    }
    if (threadIdx.x == 0) {
      if (slices == 1) {
        A v = shared[0];
        if constexpr (Mean) v = v / A(g.reduced);
        out[base[1]] = cast<Out>(v);
      } else {
        partial[task] = shared[0];
      }
    }
    __syncthreads();
  }
}

// Stage 2: output o = combination of its slices' partial results.
template <Op O, class A, class Out, bool Mean>
__global__ void combine_kernel(ReduceGeometry g, const A* partial, Out* out, int64_t slices) {
  using C = Combine<O, A>;
  for (int64_t o = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; o < g.outputs;
       o += int64_t(blockDim.x) * gridDim.x) {
    A acc = C::identity();
    for (int64_t s = 0; s < slices; ++s) acc = C::apply(acc, partial[o * slices + s]);
    if constexpr (Mean) acc = acc / A(g.reduced);
    int64_t base[2];
    g.outer.of(o, base, 2);
    out[base[1]] = cast<Out>(acc);
  }
}

template <Op O, class T, class A, class Out, bool Mean = false>
void run_reduce(const Tensor& out, const Tensor& in) {
  if (out.numel() == 0) return;
  DeviceGuard guard(device_index(out));
  const ReduceGeometry g = geometry(out, in);
  // Enough blocks to fill the GPU: split each output's elements when there are few outputs.
  constexpr int64_t kTargetBlocks = 1024;
  int64_t slices = 1;
  if (g.outputs < kTargetBlocks && g.reduced > 4 * kReduceThreads) {
    slices = std::min<int64_t>((kTargetBlocks + g.outputs - 1) / g.outputs,
                               (g.reduced + 4 * kReduceThreads - 1) / (4 * kReduceThreads));
  }
  const int64_t tasks = g.outputs * slices;
  const auto grid = static_cast<unsigned>(std::min<int64_t>(tasks, 65535));
  if (slices == 1) {
    reduce_kernel<O, T, A, Out, Mean>
        <<<grid, kReduceThreads>>>(g, data_of<const T>(in), data_of<Out>(out), nullptr, 1);
    EMBER_CUDA_LAUNCHED();
    return;
  }
  Tensor partial_buf =
      empty({tasks * static_cast<int64_t>(sizeof(A))}, TensorOptions(kByte).device(out.device()));
  A* partial = static_cast<A*>(partial_buf.data_ptr());
  reduce_kernel<O, T, A, Out, Mean>
      <<<grid, kReduceThreads>>>(g, data_of<const T>(in), data_of<Out>(out), partial, slices);
  EMBER_CUDA_LAUNCHED();
  combine_kernel<O, A, Out, Mean>
      <<<blocks_for(g.outputs), kThreads>>>(g, partial, data_of<Out>(out), slices);
  EMBER_CUDA_LAUNCHED();
}

template <Op O, bool Mean = false>
void reduce_same_dtype(const Tensor& out, const Tensor& in, const char* name) {
  visit_device_dtype(out.scalar_type(), name, [&]<class T>() {
    if constexpr (Mean && !is_floating_v<T>) {
      detail::fail<>("\"", name, "\" not implemented for '", to_string(out.scalar_type()), "'");
    } else {
      run_reduce<O, T, acc_t<T>, T, Mean>(out, in);
    }
  });
}

template <Op O>
void reduce_to_bool(const Tensor& out, const Tensor& in, const char* name) {
  visit_device_dtype(in.scalar_type(), name, [&]<class T>() {
    using A = std::conditional_t<is_floating_v<T>, math_t<T>, T>;
    if (out.scalar_type() == ScalarType::Byte) {
      run_reduce<O, T, A, uint8_t>(out, in);
    } else {
      run_reduce<O, T, A, bool>(out, in);
    }
  });
}

// ---- softmax over [outer, dim, inner]: one thread per (outer, inner) line ----------------------
template <class T, bool Log>
__global__ void softmax_lines(int64_t outer, int64_t dim, int64_t inner, const T* x, T* y) {
  using C = math_t<T>;
  for (int64_t line = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; line < outer * inner;
       line += int64_t(blockDim.x) * gridDim.x) {
    const int64_t o = line / inner, i = line % inner;
    const T* xs = x + o * dim * inner + i;
    T* ys = y + o * dim * inner + i;
    C mx = -INFINITY;
    for (int64_t d = 0; d < dim; ++d) {
      const C v = cast<C>(xs[d * inner]);
      mx = (v != v || v > mx) ? v : mx;
    }
    C sum = 0;
    for (int64_t d = 0; d < dim; ++d) sum += exp(cast<C>(xs[d * inner]) - mx);
    if constexpr (Log) {
      const C lse = log(sum);
      for (int64_t d = 0; d < dim; ++d) ys[d * inner] = cast<T>(cast<C>(xs[d * inner]) - mx - lse);
    } else {
      for (int64_t d = 0; d < dim; ++d)
        ys[d * inner] = cast<T>(exp(cast<C>(xs[d * inner]) - mx) / sum);
    }
  }
}

}  // namespace

void sum_kernel(const Tensor& out, const Tensor& in) {
  reduce_same_dtype<Op::Sum>(out, in, "sum_cuda");
}
void prod_kernel(const Tensor& out, const Tensor& in) {
  reduce_same_dtype<Op::Prod>(out, in, "prod_cuda");
}
void mean_kernel(const Tensor& out, const Tensor& in) {
  reduce_same_dtype<Op::Sum, true>(out, in, "mean_cuda");
}
void max_kernel(const Tensor& out, const Tensor& in) {
  reduce_same_dtype<Op::Max>(out, in, "max_cuda");
}
void min_kernel(const Tensor& out, const Tensor& in) {
  reduce_same_dtype<Op::Min>(out, in, "min_cuda");
}
void all_kernel(const Tensor& out, const Tensor& in) {
  reduce_to_bool<Op::All>(out, in, "all_cuda");
}
void any_kernel(const Tensor& out, const Tensor& in) {
  reduce_to_bool<Op::Any>(out, in, "any_cuda");
}

void softmax_kernel(const Tensor& out, const Tensor& in, int64_t outer, int64_t dim_size,
                    int64_t inner, bool log, bool /*last_dim*/) {
  DeviceGuard guard(device_index(out));
  visit_device_dtype(in.scalar_type(), log ? "log_softmax_cuda" : "softmax_cuda", [&]<class T>() {
    if constexpr (!is_floating_v<T>) {
      detail::fail<>("\"", log ? "log_softmax_cuda" : "softmax_cuda", "\" not implemented for '",
                     to_string(in.scalar_type()), "'");
    } else {
      const int64_t lines = outer * inner;
      if (log) {
        softmax_lines<T, true><<<blocks_for(lines), kThreads>>>(
            outer, dim_size, inner, data_of<const T>(in), data_of<T>(out));
      } else {
        softmax_lines<T, false><<<blocks_for(lines), kThreads>>>(
            outer, dim_size, inner, data_of<const T>(in), data_of<T>(out));
      }
      EMBER_CUDA_LAUNCHED();
    }
  });
}

}  // namespace ember::cuda_backend
