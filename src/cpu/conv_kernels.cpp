#include "cpu/conv_kernels.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "core/parallel.h"
#include "cpu/gemm_kernels.h"
#include "ember/ops/creation.h"

namespace ember::cpu {

namespace {

using internal::parallel_for;

// Elements touched per parallel chunk below which splitting the work costs more than it saves.
constexpr int64_t kGrainWork = 16384;
// A GEMM over the columns of several samples at once: enough columns per GEMM that the GEMM runs
// efficiently on small feature maps, few enough that the column buffer stays in cache...
constexpr int64_t kGemmColumns = 2048;
// ...and never more than this many bytes of columns (one sample's may exceed it alone).
constexpr int64_t kColumnBytes = int64_t{16} << 20;
// Convolutions with at most this many products per output (channels per group * kernel area) and
// unit horizontal stride run as direct loops: a GEMM with so short an inner dimension spends its
// time packing operands (a first layer on 1 or 3 channels, for instance).
constexpr int64_t kDirectMaxProducts = 32;

int64_t grain_for(int64_t work_per_item) {
  return std::max<int64_t>(1, kGrainWork / std::max<int64_t>(1, work_per_item));
}

// Calls f.template operator()<T>() for float32 / float64 (the op layer checked the dtype).
template <class F>
void visit_float(ScalarType t, F&& f) {
  if (t == kFloat) {
    f.template operator()<float>();
  } else if (t == kDouble) {
    f.template operator()<double>();
  } else {
    throw_not_implemented("conv/pool kernel", t);
  }
}

// A contiguous view of a buffer with these sizes, `offset` elements past its start.
Tensor view(const Tensor& t, IntArrayRef sizes, IntArrayRef strides, int64_t offset = 0) {
  return detail::alias(t, sizes, strides, t.storage_offset() + offset);
}

// The sum of x[0, n) in double, through eight independent partial sums (which vectorize).
template <class T>
double plane_sum(const T* x, int64_t n) {
  T acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += x[i + j];
  }
  double s = 0;
  for (int j = 0; j < 8; ++j) s += static_cast<double>(acc[j]);
  for (; i < n; ++i) s += static_cast<double>(x[i]);
  return s;
}

// ---- Convolution ----------------------------------------------------------------------------
//
// im2col + GEMM: for a chunk of `cur` samples, each group's input patches are laid out as a
// (K, cur * L) matrix ("columns": K = channels per group * kernel_h * kernel_w rows, one column
// per output position of every sample in the chunk), so that one GEMM per group covers the chunk:
//   forward        out_g (Cout_g, cur*L) = W_g (Cout_g, K) @ cols_g
//   grad weight    gW_g (Cout_g, K)     += gout_g (Cout_g, cur*L) @ cols_g^T
//   grad input     cols_g = W_g^T @ gout_g, then scattered back (col2im)
// The GEMMs run through gemm_kernel on the calling thread (it threads the large ones itself); the
// copies between layouts run on ember's pool, one (sample, channel) plane per task. Small
// convolutions (kDirectMaxProducts) compute forward and grad input by direct loops instead.

// The valid range [lo, hi) of output positions o whose input position o * stride + start lies in
// [0, size).
inline void valid_range(int64_t start, int64_t stride, int64_t size, int64_t out_size, int64_t& lo,
                        int64_t& hi) {
  // Ceiling divisions written so that a huge stride cannot overflow.
  lo = start < 0 ? (-start - 1) / stride + 1 : 0;
  hi = size - start > 0 ? (size - start - 1) / stride + 1 : 0;
  lo = std::min(lo, out_size);
  hi = std::clamp(hi, lo, out_size);
}

// Writes the kernel_h * kernel_w rows of one input plane's patches: row (kh, kw) starts at
// dst + (kh * kernel_w + kw) * ld and holds out_h * out_w values (zeros where padding).
template <class T>
void im2col_plane(const T* in, T* dst, int64_t ld, const Conv2dGeometry& g) {
  const int64_t ow_n = g.out_w;
  for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
    for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
      T* row = dst + (kh * g.kernel_w + kw) * ld;
      const int64_t iw0 = kw * g.dilation_w - g.pad_w;
      int64_t lo, hi;
      valid_range(iw0, g.stride_w, g.in_w, ow_n, lo, hi);
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        T* o = row + oh * ow_n;
        const int64_t ih = oh * g.stride_h - g.pad_h + kh * g.dilation_h;
        if (ih < 0 || ih >= g.in_h) {
          std::fill(o, o + ow_n, T(0));
          continue;
        }
        const T* src = in + ih * g.in_w;
        std::fill(o, o + lo, T(0));
        if (g.stride_w == 1) {
          if (hi > lo) {
            std::memcpy(o + lo, src + lo + iw0, static_cast<size_t>(hi - lo) * sizeof(T));
          }
        } else {
          for (int64_t ow = lo; ow < hi; ++ow) o[ow] = src[ow * g.stride_w + iw0];
        }
        std::fill(o + hi, o + ow_n, T(0));
      }
    }
  }
}

// The adjoint of im2col_plane: adds each patch value back to the input position it came from.
template <class T>
void col2im_plane(const T* src, T* in, int64_t ld, const Conv2dGeometry& g) {
  const int64_t ow_n = g.out_w;
  for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
    for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
      const T* row = src + (kh * g.kernel_w + kw) * ld;
      const int64_t iw0 = kw * g.dilation_w - g.pad_w;
      int64_t lo, hi;
      valid_range(iw0, g.stride_w, g.in_w, ow_n, lo, hi);
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        const int64_t ih = oh * g.stride_h - g.pad_h + kh * g.dilation_h;
        if (ih < 0 || ih >= g.in_h) continue;
        const T* v = row + oh * ow_n;
        T* dst = in + ih * g.in_w;
        if (g.stride_w == 1) {
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow + iw0] += v[ow];
        } else {
          for (int64_t ow = lo; ow < hi; ++ow) dst[ow * g.stride_w + iw0] += v[ow];
        }
      }
    }
  }
}

struct ConvDims {
  int64_t N, C, G, Cg, Cout, Cog, KK, K, L, HW;
  explicit ConvDims(const Conv2dGeometry& g)
      : N(g.batch),
        C(g.in_channels),
        G(g.groups),
        Cg(g.in_channels / g.groups),
        Cout(g.out_channels),
        Cog(g.out_channels / g.groups),
        KK(g.kernel_h * g.kernel_w),
        K(Cg * KK),
        L(g.out_h * g.out_w),
        HW(g.in_h * g.in_w) {}
  // Samples per GEMM chunk (kGemmColumns, kColumnBytes).
  int64_t chunk(int64_t elem_size) const {
    const int64_t per_sample = std::max<int64_t>(1, G * K * L * elem_size);
    const int64_t by_columns = std::max<int64_t>(1, kGemmColumns / std::max<int64_t>(1, L));
    const int64_t by_bytes = std::max<int64_t>(1, kColumnBytes / per_sample);
    return std::clamp<int64_t>(std::min(by_columns, by_bytes), 1, std::max<int64_t>(N, 1));
  }
};

bool use_direct(const ConvDims& d, const Conv2dGeometry& g) {
  return d.K <= kDirectMaxProducts && g.stride_w == 1;
}

// The patches of samples [n0, n0 + cur) into cols (G, K, cur * L).
template <class T>
void im2col_chunk(const T* input, T* cols, int64_t n0, int64_t cur, const ConvDims& d,
                  const Conv2dGeometry& g) {
  const int64_t width = cur * d.L;
  parallel_for(0, cur * d.C, grain_for(d.KK * d.L), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int64_t n = i / d.C, c = i % d.C, grp = c / d.Cg, cl = c % d.Cg;
      im2col_plane(input + ((n0 + n) * d.C + c) * d.HW,
                   cols + grp * d.K * width + cl * d.KK * width + n * d.L, width, g);
    }
  });
}

// ---- Direct convolution (stride_w == 1) -----------------------------------------------------
//
// Each output row accumulates one axpy per (input channel, kh, kw): out_row[lo, hi) += w *
// in_row[lo + off, hi + off). The plane loops are compiled for AVX2 too (picked at run time); the
// library builds without contracted multiply-adds, so both versions round alike.

template <class T>
inline void axpy(T* __restrict y, const T* __restrict x, T a, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] += a * x[i];
}

// One output plane: out = bias + sum over the group's channels of in_c (*) w_c.
template <class T>
inline __attribute__((always_inline)) void direct_forward_plane_impl(T* out, const T* in,
                                                                     const T* w, T bias,
                                                                     int64_t channels,
                                                                     Conv2dGeometry g) {
  const int64_t hw = g.in_h * g.in_w, kk = g.kernel_h * g.kernel_w;
  std::fill(out, out + g.out_h * g.out_w, bias);
  for (int64_t c = 0; c < channels; ++c, in += hw, w += kk) {
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      T* orow = out + oh * g.out_w;
      for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
        const int64_t ih = oh * g.stride_h - g.pad_h + kh * g.dilation_h;
        if (ih < 0 || ih >= g.in_h) continue;
        const T* irow = in + ih * g.in_w;
        for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
          const int64_t off = kw * g.dilation_w - g.pad_w;
          int64_t lo, hi;
          valid_range(off, 1, g.in_w, g.out_w, lo, hi);
          if (hi > lo) axpy(orow + lo, irow + lo + off, w[kh * g.kernel_w + kw], hi - lo);
        }
      }
    }
  }
}

// One input plane's gradient: the transposed loops over the group's output channels (w steps by
// w_stride from one output channel to the next).
template <class T>
inline __attribute__((always_inline)) void direct_backward_plane_impl(T* gin, const T* gout,
                                                                      const T* w, int64_t w_stride,
                                                                      int64_t channels,
                                                                      Conv2dGeometry g) {
  const int64_t l = g.out_h * g.out_w;
  std::fill(gin, gin + g.in_h * g.in_w, T(0));
  for (int64_t o = 0; o < channels; ++o, gout += l, w += w_stride) {
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      const T* grow = gout + oh * g.out_w;
      for (int64_t kh = 0; kh < g.kernel_h; ++kh) {
        const int64_t ih = oh * g.stride_h - g.pad_h + kh * g.dilation_h;
        if (ih < 0 || ih >= g.in_h) continue;
        T* girow = gin + ih * g.in_w;
        for (int64_t kw = 0; kw < g.kernel_w; ++kw) {
          const int64_t off = kw * g.dilation_w - g.pad_w;
          int64_t lo, hi;
          valid_range(off, 1, g.in_w, g.out_w, lo, hi);
          if (hi > lo) axpy(girow + lo + off, grow + lo, w[kh * g.kernel_w + kw], hi - lo);
        }
      }
    }
  }
}

#define EMBER_CONV_CLONES __attribute__((target_clones("default", "avx2")))
EMBER_CONV_CLONES void direct_forward_plane(float* out, const float* in, const float* w, float bias,
                                            int64_t channels, Conv2dGeometry g) {
  direct_forward_plane_impl(out, in, w, bias, channels, g);
}
EMBER_CONV_CLONES void direct_forward_plane(double* out, const double* in, const double* w,
                                            double bias, int64_t channels, Conv2dGeometry g) {
  direct_forward_plane_impl(out, in, w, bias, channels, g);
}
EMBER_CONV_CLONES void direct_backward_plane(float* gin, const float* gout, const float* w,
                                             int64_t w_stride, int64_t channels, Conv2dGeometry g) {
  direct_backward_plane_impl(gin, gout, w, w_stride, channels, g);
}
EMBER_CONV_CLONES void direct_backward_plane(double* gin, const double* gout, const double* w,
                                             int64_t w_stride, int64_t channels, Conv2dGeometry g) {
  direct_backward_plane_impl(gin, gout, w, w_stride, channels, g);
}
#undef EMBER_CONV_CLONES

template <class T>
void direct_forward(T* po, const T* pin, const T* pw, const T* pb, const ConvDims& d,
                    const Conv2dGeometry& g) {
  parallel_for(0, d.N * d.Cout, grain_for(d.K * d.L), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int64_t n = i / d.Cout, o = i % d.Cout, grp = o / d.Cog;
      direct_forward_plane(po + i * d.L, pin + (n * d.C + grp * d.Cg) * d.HW, pw + o * d.K,
                           pb ? pb[o] : T(0), d.Cg, g);
    }
  });
}

template <class T>
void direct_backward_input(T* pgi, const T* pg, const T* pw, const ConvDims& d,
                           const Conv2dGeometry& g) {
  parallel_for(0, d.N * d.C, grain_for(d.Cog * d.KK * d.L), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const int64_t n = i / d.C, c = i % d.C, grp = c / d.Cg, cl = c % d.Cg;
      direct_backward_plane(pgi + i * d.HW, pg + (n * d.Cout + grp * d.Cog) * d.L,
                            pw + (grp * d.Cog * d.Cg + cl) * d.KK, d.K, d.Cog, g);
    }
  });
}

template <class T>
void conv_forward(const Tensor& out, const Tensor& input, const Tensor& weight, const Tensor& bias,
                  const Conv2dGeometry& g) {
  const ConvDims d(g);
  if (out.numel() == 0) return;
  T* po = out.data_ptr<T>();
  const T* pin = input.data_ptr<T>();
  const T* pb = bias.defined() ? bias.data_ptr<T>() : nullptr;
  if (d.K == 0) {  // no input channels: the output is the bias
    for (int64_t i = 0; i < d.N * d.Cout; ++i) {
      std::fill(po + i * d.L, po + (i + 1) * d.L, pb ? pb[i % d.Cout] : T(0));
    }
    return;
  }
  if (use_direct(d, g)) {
    direct_forward(po, pin, weight.data_ptr<T>(), pb, d, g);
    return;
  }
  const int64_t nb = d.chunk(sizeof(T));
  Tensor cols = detail::make_tensor({d.G * d.K * nb * d.L}, out.dtype(), out.device());
  Tensor tmp =
      nb > 1 ? detail::make_tensor({d.Cout * nb * d.L}, out.dtype(), out.device()) : Tensor();
  const Tensor w = view(weight, {d.G, d.Cog, d.K}, {d.Cog * d.K, d.K, 1});
  for (int64_t n0 = 0; n0 < d.N; n0 += nb) {
    const int64_t cur = std::min(nb, d.N - n0), width = cur * d.L;
    im2col_chunk(pin, cols.data_ptr<T>(), n0, cur, d, g);
    // One sample: its output plane block is already (G, Cout_g, L); write it directly.
    const bool direct = cur == 1;
    const Tensor dst =
        direct ? view(out, {d.G, d.Cog, width}, {d.Cog * width, width, 1}, n0 * d.Cout * d.L)
               : view(tmp, {d.G, d.Cog, width}, {d.Cog * width, width, 1});
    gemm_kernel(dst, w, view(cols, {d.G, d.K, width}, {d.K * width, width, 1}), 0, 1);
    if (direct && !pb) continue;
    const T* pt = direct ? nullptr : tmp.data_ptr<T>();
    parallel_for(0, cur * d.Cout, grain_for(d.L), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        const int64_t n = i / d.Cout, o = i % d.Cout;
        T* row = po + ((n0 + n) * d.Cout + o) * d.L;
        const T bv = pb ? pb[o] : T(0);
        if (direct) {
          for (int64_t l = 0; l < d.L; ++l) row[l] += bv;
        } else {
          const T* src = pt + o * width + n * d.L;
          for (int64_t l = 0; l < d.L; ++l) row[l] = src[l] + bv;
        }
      }
    });
  }
}

template <class T>
void conv_backward(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                   const Tensor& grad_input, const Tensor& grad_weight, const Tensor& grad_bias,
                   const Conv2dGeometry& g) {
  const ConvDims d(g);
  const T* pg = grad_output.data_ptr<T>();
  if (grad_bias.defined()) {
    T* pgb = grad_bias.data_ptr<T>();
    parallel_for(0, d.Cout, grain_for(d.N * d.L), [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        double s = 0;  // the planes' sums accumulated in double
        for (int64_t n = 0; n < d.N; ++n) s += plane_sum(pg + (n * d.Cout + o) * d.L, d.L);
        pgb[o] = static_cast<T>(s);
      }
    });
  }
  if (!grad_input.defined() && !grad_weight.defined()) return;
  T* pgi = grad_input.defined() ? grad_input.data_ptr<T>() : nullptr;
  if (d.N == 0 || d.K == 0 || d.Cout == 0) {
    if (pgi) std::fill(pgi, pgi + grad_input.numel(), T(0));
    if (grad_weight.defined()) {
      T* pgw = grad_weight.data_ptr<T>();
      std::fill(pgw, pgw + grad_weight.numel(), T(0));
    }
    return;
  }
  const bool direct_input = pgi && use_direct(d, g);
  if (direct_input) {
    direct_backward_input(pgi, pg, weight.data_ptr<T>(), d, g);
    pgi = nullptr;
  }
  if (!pgi && !grad_weight.defined()) return;
  const int64_t nb = d.chunk(sizeof(T));
  const ScalarType dt = grad_output.dtype();
  Tensor cols = detail::make_tensor({d.G * d.K * nb * d.L}, dt, grad_output.device());
  Tensor gperm =
      nb > 1 ? detail::make_tensor({d.Cout * nb * d.L}, dt, grad_output.device()) : Tensor();
  for (int64_t n0 = 0; n0 < d.N; n0 += nb) {
    const int64_t cur = std::min(nb, d.N - n0), width = cur * d.L;
    // The chunk's output gradient as (G, Cout_g, cur * L): a view for one sample, else a copy.
    Tensor gp;
    if (cur == 1) {
      gp = view(grad_output, {d.G, d.Cog, width}, {d.Cog * width, width, 1}, n0 * d.Cout * d.L);
    } else {
      T* pp = gperm.data_ptr<T>();
      parallel_for(0, cur * d.Cout, grain_for(d.L), [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          const int64_t n = i / d.Cout, o = i % d.Cout;
          std::memcpy(pp + o * width + n * d.L, pg + ((n0 + n) * d.Cout + o) * d.L,
                      static_cast<size_t>(d.L) * sizeof(T));
        }
      });
      gp = view(gperm, {d.G, d.Cog, width}, {d.Cog * width, width, 1});
    }
    T* pc = cols.data_ptr<T>();
    if (grad_weight.defined()) {
      im2col_chunk(input.data_ptr<T>(), pc, n0, cur, d, g);
      gemm_kernel(view(grad_weight, {d.G, d.Cog, d.K}, {d.Cog * d.K, d.K, 1}), gp,
                  view(cols, {d.G, width, d.K}, {d.K * width, 1, width}), n0 == 0 ? 0 : 1, 1);
    }
    if (pgi) {
      gemm_kernel(view(cols, {d.G, d.K, width}, {d.K * width, width, 1}),
                  view(weight, {d.G, d.K, d.Cog}, {d.Cog * d.K, 1, d.K}), gp, 0, 1);
      parallel_for(0, cur * d.C, grain_for(d.KK * d.L), [&](int64_t b, int64_t e) {
        for (int64_t i = b; i < e; ++i) {
          const int64_t n = i / d.C, c = i % d.C, grp = c / d.Cg, cl = c % d.Cg;
          T* plane = pgi + ((n0 + n) * d.C + c) * d.HW;
          std::fill(plane, plane + d.HW, T(0));
          col2im_plane(pc + grp * d.K * width + cl * d.KK * width + n * d.L, plane, width, g);
        }
      });
    }
  }
}

// ---- Pooling ----------------------------------------------------------------------------------

// c ? a : b without a branch: on real data the max-pool comparison is unpredictable, and the
// compiler turns a floating-point ?: into a jump.
template <class T>
inline T select(bool c, T a, T b) {
  using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
  const U mask = U(0) - static_cast<U>(c);
  return std::bit_cast<T>((std::bit_cast<U>(a) & mask) | (std::bit_cast<U>(b) & ~mask));
}

// The common 2x2, stride 2 pooling without padding or dilation, one output row: every window is
// whole, and starting from its first element gives PyTorch's result (a first element of -inf keeps
// the window's first index, as PyTorch's -inf start does). No branches, so the loop vectorizes.
template <class T>
inline __attribute__((always_inline)) void max_pool_2x2_row_impl(
    const T* __restrict r0, const T* __restrict r1, T* __restrict o, int64_t* __restrict idx,
    int64_t base, int64_t in_w, int64_t out_w) {
  for (int64_t ow = 0; ow < out_w; ++ow) {
    const T a = r0[2 * ow], b = r0[2 * ow + 1], c = r1[2 * ow], d = r1[2 * ow + 1];
    T m = a;
    int64_t k = base + 2 * ow;
    const bool tb = (b > m) | (b != b);
    m = tb ? b : m;
    k = tb ? base + 2 * ow + 1 : k;
    const bool tc = (c > m) | (c != c);
    m = tc ? c : m;
    k = tc ? base + in_w + 2 * ow : k;
    const bool td = (d > m) | (d != d);
    m = td ? d : m;
    k = td ? base + in_w + 2 * ow + 1 : k;
    o[ow] = m;
    idx[ow] = k;
  }
}
__attribute__((target_clones("default", "avx2"))) void max_pool_2x2_row(const float* r0,
                                                                        const float* r1, float* o,
                                                                        int64_t* idx, int64_t base,
                                                                        int64_t in_w,
                                                                        int64_t out_w) {
  max_pool_2x2_row_impl(r0, r1, o, idx, base, in_w, out_w);
}
__attribute__((target_clones("default", "avx2"))) void max_pool_2x2_row(const double* r0,
                                                                        const double* r1, double* o,
                                                                        int64_t* idx, int64_t base,
                                                                        int64_t in_w,
                                                                        int64_t out_w) {
  max_pool_2x2_row_impl(r0, r1, o, idx, base, in_w, out_w);
}

bool is_plain_2x2(const Pool2dGeometry& g) {
  return g.kernel_h == 2 && g.kernel_w == 2 && g.stride_h == 2 && g.stride_w == 2 && g.pad_h == 0 &&
         g.pad_w == 0 && g.dilation_h == 1 && g.dilation_w == 1 && 2 * g.out_h <= g.in_h &&
         2 * g.out_w <= g.in_w;
}

template <class T>
void max_pool(const Tensor& out, const Tensor& indices, const Tensor& input,
              const Pool2dGeometry& g) {
  const T* pin = input.data_ptr<T>();
  T* po = out.data_ptr<T>();
  int64_t* pi = indices.data_ptr<int64_t>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  const bool plain_2x2 = is_plain_2x2(g);
  parallel_for(0, g.planes, grain_for(ohw * g.kernel_h * g.kernel_w), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      const T* in = pin + p * ihw;
      T* o = po + p * ohw;
      int64_t* idx = pi + p * ohw;
      if (plain_2x2) {
        for (int64_t oh = 0; oh < g.out_h; ++oh) {
          const T* r0 = in + 2 * oh * g.in_w;
          max_pool_2x2_row(r0, r0 + g.in_w, o + oh * g.out_w, idx + oh * g.out_w, 2 * oh * g.in_w,
                           g.in_w, g.out_w);
        }
        continue;
      }
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        int64_t ih0 = oh * g.stride_h - g.pad_h;
        const int64_t ih1 = std::min(ih0 + (g.kernel_h - 1) * g.dilation_h + 1, g.in_h);
        while (ih0 < 0) ih0 += g.dilation_h;
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          int64_t iw0 = ow * g.stride_w - g.pad_w;
          const int64_t iw1 = std::min(iw0 + (g.kernel_w - 1) * g.dilation_w + 1, g.in_w);
          while (iw0 < 0) iw0 += g.dilation_w;
          // PyTorch's choice: start at -inf on the window's first in-bounds position; a later
          // element replaces the maximum when strictly greater or NaN (so the last NaN wins).
          int64_t best = ih0 * g.in_w + iw0;
          T m = -std::numeric_limits<T>::infinity();
          for (int64_t ih = ih0; ih < ih1; ih += g.dilation_h) {
            const T* row = in + ih * g.in_w;
            for (int64_t iw = iw0; iw < iw1; iw += g.dilation_w) {
              const T v = row[iw];
              const bool take = (v > m) | (v != v);
              m = select(take, v, m);
              best = take ? ih * g.in_w + iw : best;
            }
          }
          o[oh * g.out_w + ow] = m;
          idx[oh * g.out_w + ow] = best;
        }
      }
    }
  });
}

template <class T>
void max_pool_backward(const Tensor& grad_input, const Tensor& grad_output, const Tensor& indices,
                       const Pool2dGeometry& g) {
  T* pgi = grad_input.data_ptr<T>();
  const T* pg = grad_output.data_ptr<T>();
  const int64_t* pi = indices.data_ptr<int64_t>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  parallel_for(0, g.planes, grain_for(ohw + ihw), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      T* gi = pgi + p * ihw;
      std::fill(gi, gi + ihw, T(0));
      for (int64_t k = 0; k < ohw; ++k) {
        const int64_t i = pi[p * ohw + k];
        // An empty window (possible with dilation and padding) points past the plane: PyTorch
        // would write out of bounds there; nothing flows instead.
        if (i >= 0 && i < ihw) gi[i] += pg[p * ohw + k];
      }
    }
  });
}

// PyTorch's avg pool window for output (oh, ow): the clipped window and its divisor.
struct AvgWindow {
  int64_t h0, h1, w0, w1, divisor;
};

inline AvgWindow avg_window(int64_t oh, int64_t ow, const Pool2dGeometry& g, bool count_include_pad,
                            std::optional<int64_t> divisor_override) {
  int64_t h0 = oh * g.stride_h - g.pad_h, w0 = ow * g.stride_w - g.pad_w;
  int64_t h1 = std::min(h0 + g.kernel_h, g.in_h + g.pad_h);
  int64_t w1 = std::min(w0 + g.kernel_w, g.in_w + g.pad_w);
  const int64_t pool_size = (h1 - h0) * (w1 - w0);
  h0 = std::max<int64_t>(h0, 0);
  w0 = std::max<int64_t>(w0, 0);
  h1 = std::min(h1, g.in_h);
  w1 = std::min(w1, g.in_w);
  int64_t divisor;
  if (divisor_override) {
    divisor = *divisor_override;
  } else {
    divisor = count_include_pad ? pool_size : (h1 - h0) * (w1 - w0);
  }
  return {h0, h1, w0, w1, divisor};
}

template <class T>
void avg_pool(const Tensor& out, const Tensor& input, const Pool2dGeometry& g,
              bool count_include_pad, std::optional<int64_t> divisor_override) {
  const T* pin = input.data_ptr<T>();
  T* po = out.data_ptr<T>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  parallel_for(0, g.planes, grain_for(ohw * g.kernel_h * g.kernel_w), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      const T* in = pin + p * ihw;
      T* o = po + p * ohw;
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          const AvgWindow w = avg_window(oh, ow, g, count_include_pad, divisor_override);
          if (w.h0 >= w.h1 || w.w0 >= w.w1) {
            o[oh * g.out_w + ow] = T(0);
            continue;
          }
          T sum = 0;
          for (int64_t ih = w.h0; ih < w.h1; ++ih) {
            for (int64_t iw = w.w0; iw < w.w1; ++iw) sum += in[ih * g.in_w + iw];
          }
          o[oh * g.out_w + ow] = sum / static_cast<T>(w.divisor);
        }
      }
    }
  });
}

template <class T>
void avg_pool_backward(const Tensor& grad_input, const Tensor& grad_output, const Pool2dGeometry& g,
                       bool count_include_pad, std::optional<int64_t> divisor_override) {
  T* pgi = grad_input.data_ptr<T>();
  const T* pg = grad_output.data_ptr<T>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  parallel_for(0, g.planes, grain_for(ohw * g.kernel_h * g.kernel_w), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      T* gi = pgi + p * ihw;
      std::fill(gi, gi + ihw, T(0));
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          const AvgWindow w = avg_window(oh, ow, g, count_include_pad, divisor_override);
          const T delta = pg[p * ohw + oh * g.out_w + ow] / static_cast<T>(w.divisor);
          for (int64_t ih = w.h0; ih < w.h1; ++ih) {
            for (int64_t iw = w.w0; iw < w.w1; ++iw) gi[ih * g.in_w + iw] += delta;
          }
        }
      }
    }
  });
}

// PyTorch's adaptive window bounds: floor(i * in / out) and ceil((i + 1) * in / out).
inline int64_t start_index(int64_t i, int64_t out, int64_t in) {
  return (i / out) * in + ((i % out) * in) / out;
}
inline int64_t end_index(int64_t i, int64_t out, int64_t in) {
  return 1 + ((i + 1) * in - 1) / out;
}

template <class T>
void adaptive_avg_pool(const Tensor& out, const Tensor& input, const Pool2dGeometry& g) {
  const T* pin = input.data_ptr<T>();
  T* po = out.data_ptr<T>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  parallel_for(0, g.planes, grain_for(ihw + ohw), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      const T* in = pin + p * ihw;
      T* o = po + p * ohw;
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        const int64_t h0 = start_index(oh, g.out_h, g.in_h), h1 = end_index(oh, g.out_h, g.in_h);
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          const int64_t w0 = start_index(ow, g.out_w, g.in_w);
          const int64_t w1 = end_index(ow, g.out_w, g.in_w);
          T sum = 0;
          for (int64_t ih = h0; ih < h1; ++ih) {
            for (int64_t iw = w0; iw < w1; ++iw) sum += in[ih * g.in_w + iw];
          }
          // Two divisions, as PyTorch (the rounding differs from one by kh * kw).
          o[oh * g.out_w + ow] = sum / static_cast<T>(h1 - h0) / static_cast<T>(w1 - w0);
        }
      }
    }
  });
}

template <class T>
void adaptive_avg_pool_backward(const Tensor& grad_input, const Tensor& grad_output,
                                const Pool2dGeometry& g) {
  T* pgi = grad_input.data_ptr<T>();
  const T* pg = grad_output.data_ptr<T>();
  const int64_t ihw = g.in_h * g.in_w, ohw = g.out_h * g.out_w;
  parallel_for(0, g.planes, grain_for(ihw + ohw), [&](int64_t b, int64_t e) {
    for (int64_t p = b; p < e; ++p) {
      T* gi = pgi + p * ihw;
      std::fill(gi, gi + ihw, T(0));
      for (int64_t oh = 0; oh < g.out_h; ++oh) {
        const int64_t h0 = start_index(oh, g.out_h, g.in_h), h1 = end_index(oh, g.out_h, g.in_h);
        for (int64_t ow = 0; ow < g.out_w; ++ow) {
          const int64_t w0 = start_index(ow, g.out_w, g.in_w);
          const int64_t w1 = end_index(ow, g.out_w, g.in_w);
          const T delta =
              pg[p * ohw + oh * g.out_w + ow] / static_cast<T>(h1 - h0) / static_cast<T>(w1 - w0);
          for (int64_t ih = h0; ih < h1; ++ih) {
            for (int64_t iw = w0; iw < w1; ++iw) gi[ih * g.in_w + iw] += delta;
          }
        }
      }
    }
  });
}

}  // namespace

void conv2d_forward_kernel(const Tensor& out, const Tensor& input, const Tensor& weight,
                           const Tensor& bias, const Conv2dGeometry& g) {
  visit_float(out.dtype(), [&]<class T>() { conv_forward<T>(out, input, weight, bias, g); });
}

void conv2d_backward_kernel(const Tensor& grad_output, const Tensor& input, const Tensor& weight,
                            const Tensor& grad_input, const Tensor& grad_weight,
                            const Tensor& grad_bias, const Conv2dGeometry& g) {
  visit_float(grad_output.dtype(), [&]<class T>() {
    conv_backward<T>(grad_output, input, weight, grad_input, grad_weight, grad_bias, g);
  });
}

void max_pool2d_kernel(const Tensor& out, const Tensor& indices, const Tensor& input,
                       const Pool2dGeometry& g) {
  visit_float(out.dtype(), [&]<class T>() { max_pool<T>(out, indices, input, g); });
}

void max_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                const Tensor& indices, const Pool2dGeometry& g) {
  visit_float(grad_input.dtype(),
              [&]<class T>() { max_pool_backward<T>(grad_input, grad_output, indices, g); });
}

void avg_pool2d_kernel(const Tensor& out, const Tensor& input, const Pool2dGeometry& g,
                       bool count_include_pad, std::optional<int64_t> divisor_override) {
  visit_float(out.dtype(),
              [&]<class T>() { avg_pool<T>(out, input, g, count_include_pad, divisor_override); });
}

void avg_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                const Pool2dGeometry& g, bool count_include_pad,
                                std::optional<int64_t> divisor_override) {
  visit_float(grad_input.dtype(), [&]<class T>() {
    avg_pool_backward<T>(grad_input, grad_output, g, count_include_pad, divisor_override);
  });
}

void adaptive_avg_pool2d_kernel(const Tensor& out, const Tensor& input, const Pool2dGeometry& g) {
  visit_float(out.dtype(), [&]<class T>() { adaptive_avg_pool<T>(out, input, g); });
}

void adaptive_avg_pool2d_backward_kernel(const Tensor& grad_input, const Tensor& grad_output,
                                         const Pool2dGeometry& g) {
  visit_float(grad_input.dtype(),
              [&]<class T>() { adaptive_avg_pool_backward<T>(grad_input, grad_output, g); });
}

}  // namespace ember::cpu
