#include "cpu/reduce_kernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/parallel.h"
#include "cpu/Loops.h"
#include "ember/core/Convert.h"

namespace ember::cpu {

namespace {

// ---- Geometry: which dims are kept and which reduced, with byte strides, innermost first -------

struct Geometry {
  char* out = nullptr;
  const char* in = nullptr;
  DimVector kept_size, kept_in, kept_out;  // coalesced, smallest input stride first
  DimVector red_size, red_in;              // coalesced, smallest input stride first
  int64_t kept_numel = 1;
  int64_t red_numel = 1;
};

struct GeomDim {
  int64_t size, in, out;
};

Geometry make_geometry(const Tensor& out, const Tensor& in) {
  Geometry g;
  g.out = static_cast<char*>(out.data_ptr());
  g.in = static_cast<const char*>(in.data_ptr());
  const int64_t ein = in.element_size(), eout = out.element_size();
  std::vector<GeomDim> kept, red;
  for (int64_t d = 0; d < in.dim(); ++d) {
    const int64_t s = in.sizes()[d];
    if (out.sizes()[d] == 1 && s != 1) {
      red.push_back({s, in.strides()[d] * ein, 0});
      g.red_numel *= s;
    } else if (s != 1) {
      kept.push_back({s, in.strides()[d] * ein, out.strides()[d] * eout});
      g.kept_numel *= s;
    }
  }
  auto by_stride = [](const GeomDim& a, const GeomDim& b) {
    return std::abs(a.in) < std::abs(b.in);
  };
  std::stable_sort(red.begin(), red.end(), by_stride);
  std::stable_sort(kept.begin(), kept.end(), by_stride);
  for (const GeomDim& d : red) {
    if (!g.red_size.empty() && d.in == g.red_in.back() * g.red_size.back()) {
      g.red_size[g.red_size.size() - 1] *= d.size;
    } else {
      g.red_size.push_back(d.size);
      g.red_in.push_back(d.in);
    }
  }
  for (const GeomDim& d : kept) {
    if (!g.kept_size.empty() && d.in == g.kept_in.back() * g.kept_size.back() &&
        d.out == g.kept_out.back() * g.kept_size.back()) {
      g.kept_size[g.kept_size.size() - 1] *= d.size;
    } else {
      g.kept_size.push_back(d.size);
      g.kept_in.push_back(d.in);
      g.kept_out.push_back(d.out);
    }
  }
  if (g.red_size.empty()) {  // nothing to reduce: a run of one element
    g.red_size.push_back(1);
    g.red_in.push_back(0);
  }
  return g;
}

// Calls f(out_ptr, in_ptr) for every position of the kept dims from `first` on.
template <class F>
void for_each_kept(const Geometry& g, size_t first, F&& f) {
  const size_t nd = g.kept_size.size();
  if (first >= nd) {
    f(g.out, g.in);
    return;
  }
  DimVector counter(nd, 0);
  char* po = g.out;
  const char* pi = g.in;
  while (true) {
    f(po, pi);
    size_t d = first;
    for (; d < nd; ++d) {
      po += g.kept_out[d];
      pi += g.kept_in[d];
      if (++counter[d] < g.kept_size[d]) break;
      po -= g.kept_out[d] * g.kept_size[d];
      pi -= g.kept_in[d] * g.kept_size[d];
      counter[d] = 0;
    }
    if (d == nd) return;
  }
}

// The output and input positions of kept element idx (in for_each_kept's order).
inline std::pair<char*, const char*> kept_at(const Geometry& g, int64_t idx) {
  char* po = g.out;
  const char* pi = g.in;
  for (size_t d = 0; d < g.kept_size.size() && idx != 0; ++d) {
    const int64_t c = idx % g.kept_size[d];
    idx /= g.kept_size[d];
    po += c * g.kept_out[d];
    pi += c * g.kept_in[d];
  }
  return {po, pi};
}

// Byte offset of element r of the reduced dims from `first` on (r in row-major of those dims,
// innermost first).
inline int64_t reduced_offset(const Geometry& g, size_t first, int64_t r) {
  const size_t nd = g.red_size.size();
  if (first + 1 == nd) return r * g.red_in[first];
  int64_t off = 0;
  for (size_t d = first; d < nd && r != 0; ++d) {
    off += (r % g.red_size[d]) * g.red_in[d];
    r /= g.red_size[d];
  }
  return off;
}

// Calls f(x) for every reduced element of the output whose input base is `base`.
template <class T, class F>
void visit_reduced(const Geometry& g, const char* base, F&& f) {
  const int64_t n0 = g.red_size[0], s0 = g.red_in[0];
  const int64_t rows = g.red_numel / n0;
  for (int64_t r = 0; r < rows; ++r) {
    const char* p = base + reduced_offset(g, 1, r);
    if (s0 == static_cast<int64_t>(sizeof(T))) {
      const T* x = reinterpret_cast<const T*>(p);
      for (int64_t i = 0; i < n0; ++i) f(x[i]);
    } else {
      for (int64_t i = 0; i < n0; ++i) f(*reinterpret_cast<const T*>(p + i * s0));
    }
  }
}

template <class T>
inline T load(const char* p) {
  return *reinterpret_cast<const T*>(p);
}

template <class T>
inline bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    return v != v;
  } else {
    return false;
  }
}

// A NaN in b replaces a; a NaN in a stays (nothing compares greater than it); on ties the
// accumulated value stays, as PyTorch's std::max / std::min. Written without branches (| not ||)
// so that the lanes vectorize.
template <class A>
inline A max_nan(A a, A b) {
  return ((b > a) | is_nan(b)) ? b : a;
}
template <class A>
inline A min_nan(A a, A b) {
  return ((b < a) | is_nan(b)) ? b : a;
}

// ---- The reduction engine ----------------------------------------------------------------------
// An op has in_t, acc_t, identity(), reduce(acc, x), combine(acc, acc) and project(acc). Sums run
// pairwise over blocks, each block in several independent lanes: accurate for long float sums and
// vectorizable (the lanes are independent, so the compiler keeps them in SIMD registers).

constexpr int64_t kRunBlock = 1024;  // elements one set of lanes reduces before combining
constexpr int64_t kColumns = 2048;   // output columns reduced together in the column path
constexpr int64_t kRowBlock = 16;    // rows per cascade level in the column path

template <class Op>
constexpr int kLanes = std::max<int>(4, static_cast<int>(64 / sizeof(typename Op::acc_t)));

template <class T>
struct SumOp;
template <class T, bool IsMax>
struct MinMaxOp;

// ---- Contiguous runs: explicit SIMD lanes, long runs in chunks over the thread pool ------------
// Sums of float / double and max / min of the arithmetic types, on contiguous input: the loop
// every full reduction and inner-dim reduction of a contiguous tensor ends in, so it must run at
// the memory's read bandwidth.

enum class RunKind { kSum, kMax, kMin };

// Which ops take the contiguous path (their acc_t is in_t), and as what.
template <class Op>
struct RunTraits {
  static constexpr bool simd = false;
};
template <class T>
struct RunTraits<SumOp<T>> {
  static constexpr bool simd = std::is_same_v<T, float> || std::is_same_v<T, double>;
  static constexpr RunKind kind = RunKind::kSum;
};
template <class T, bool IsMax>
struct RunTraits<MinMaxOp<T, IsMax>> {
  static constexpr bool simd = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;
  static constexpr RunKind kind = IsMax ? RunKind::kMax : RunKind::kMin;
};

template <class T, RunKind K>
constexpr T run_identity() {
  if constexpr (K == RunKind::kSum) {
    return T(0);
  } else if constexpr (std::is_floating_point_v<T>) {
    return K == RunKind::kMax ? -std::numeric_limits<T>::infinity()
                              : std::numeric_limits<T>::infinity();
  } else {
    return K == RunKind::kMax ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
  }
}

// The chunk kernel for each instruction set (see reduce_run.inc), and the best one the CPU has.
namespace run_generic {
#define EMBER_RUN_VECTOR_BYTES 16
#include "cpu/reduce_run.inc"
#undef EMBER_RUN_VECTOR_BYTES
}  // namespace run_generic
#pragma GCC push_options
#pragma GCC target("avx2")
namespace run_avx2 {
#define EMBER_RUN_VECTOR_BYTES 32
#include "cpu/reduce_run.inc"
#undef EMBER_RUN_VECTOR_BYTES
}  // namespace run_avx2
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx512f")
namespace run_avx512 {
#define EMBER_RUN_VECTOR_BYTES 64
#include "cpu/reduce_run.inc"
#undef EMBER_RUN_VECTOR_BYTES
}  // namespace run_avx512
#pragma GCC pop_options

template <class T, RunKind K>
T reduce_chunk(const T* x, int64_t n) {
  static const auto kernel = __builtin_cpu_supports("avx512f") ? run_avx512::reduce_chunk<T, K>
                             : __builtin_cpu_supports("avx2")  ? run_avx2::reduce_chunk<T, K>
                                                               : run_generic::reduce_chunk<T, K>;
  return kernel(x, n);
}

constexpr int64_t kRunChunk = 16384;  // elements per chunk: fixed, so results ignore thread count
// Reductions of fewer input elements stay on the calling thread (a hand-off costs microseconds).
constexpr int64_t kParallelElements = 4 * kRunChunk;

// A contiguous run of any length: fixed chunks (split over the intra-op threads when the run is
// long), their results folded pairwise in a fixed order.
template <class T, RunKind K>
T reduce_contiguous(const T* x, int64_t n) {
  if (n <= kRunChunk) return reduce_chunk<T, K>(x, n);
  const int64_t chunks = (n + kRunChunk - 1) / kRunChunk;
  std::vector<T> partial(static_cast<size_t>(chunks));
  internal::parallel_for(0, chunks, kParallelElements / kRunChunk, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      partial[c] = reduce_chunk<T, K>(x + c * kRunChunk, std::min(kRunChunk, n - c * kRunChunk));
    }
  });
  for (int64_t w = 1; w < chunks; w *= 2) {
    for (int64_t c = 0; c + w < chunks; c += 2 * w) {
      run_generic::accumulate<K>(partial[c], partial[c + w]);
    }
  }
  return partial[0];
}

template <class Op>
typename Op::acc_t reduce_run(const Op& op, const char* p, int64_t n, int64_t stride) {
  using T = typename Op::in_t;
  using A = typename Op::acc_t;
  constexpr int L = kLanes<Op>;
  if constexpr (RunTraits<Op>::simd) {
    if (stride == static_cast<int64_t>(sizeof(T))) {
      return reduce_contiguous<T, RunTraits<Op>::kind>(reinterpret_cast<const T*>(p), n);
    }
  }
  if (n > kRunBlock) {
    const int64_t half = (n / 2 + L - 1) / L * L;
    return op.combine(reduce_run(op, p, half, stride),
                      reduce_run(op, p + half * stride, n - half, stride));
  }
  A acc[L];
  for (int k = 0; k < L; ++k) acc[k] = op.identity();
  int64_t i = 0;
  if (stride == static_cast<int64_t>(sizeof(T))) {
    const T* x = reinterpret_cast<const T*>(p);
    for (; i + L <= n; i += L) {
      for (int k = 0; k < L; ++k) acc[k] = op.reduce(acc[k], x[i + k]);
    }
    for (int k = 0; i < n; ++i, ++k) acc[k] = op.reduce(acc[k], x[i]);
  } else {
    for (; i + L <= n; i += L) {
      for (int k = 0; k < L; ++k) acc[k] = op.reduce(acc[k], load<T>(p + (i + k) * stride));
    }
    for (int k = 0; i < n; ++i, ++k) acc[k] = op.reduce(acc[k], load<T>(p + i * stride));
  }
  for (int w = L / 2; w > 0; w /= 2) {
    for (int k = 0; k < w; ++k) acc[k] = op.combine(acc[k], acc[k + w]);
  }
  return acc[0];
}

// Reduces rows [r0, r1) of the reduced space (a row: one run of the innermost reduced dim).
template <class Op>
typename Op::acc_t reduce_rows(const Op& op, const Geometry& g, const char* base, int64_t r0,
                               int64_t r1) {
  using T = typename Op::in_t;
  using A = typename Op::acc_t;
  const int64_t n0 = g.red_size[0], s0 = g.red_in[0];
  if (r1 - r0 == 1) return reduce_run(op, base + reduced_offset(g, 1, r0), n0, s0);
  if ((r1 - r0) * n0 <= kRunBlock) {
    A acc = op.identity();
    if (n0 >= 2 * kLanes<Op>) {
      for (int64_t r = r0; r < r1; ++r) {
        acc = op.combine(acc, reduce_run(op, base + reduced_offset(g, 1, r), n0, s0));
      }
    } else {
      for (int64_t r = r0; r < r1; ++r) {
        const char* p = base + reduced_offset(g, 1, r);
        for (int64_t i = 0; i < n0; ++i) acc = op.reduce(acc, load<T>(p + i * s0));
      }
    }
    return acc;
  }
  const int64_t mid = r0 + (r1 - r0) / 2;
  return op.combine(reduce_rows(op, g, base, r0, mid), reduce_rows(op, g, base, mid, r1));
}

// acc[j] = reduction of column j (w columns, cstride bytes apart) over every reduced element
// (rows: the reduced dims flattened). Rows stream in memory order into a cascade: level 0 takes
// kRowBlock rows, then flows into level 1, which flows into level 2 after kRowBlock flushes, ...
// so a long float sum keeps the accuracy of a pairwise one.
// A reusable array of accumulators (std::vector<bool> has no data()).
template <class A>
struct AccBuffer {
  std::unique_ptr<A[]> p;
  size_t n = 0;
  void assign(size_t k, A v) {
    if (k > n) {
      p.reset(new A[k]);
      n = k;
    }
    std::fill(p.get(), p.get() + k, v);
  }
  A* data() { return p.get(); }
};

template <class Op>
void reduce_columns(const Op& op, const Geometry& g, const char* base, int64_t w, int64_t cstride,
                    typename Op::acc_t* acc, AccBuffer<typename Op::acc_t>& levels) {
  using T = typename Op::in_t;
  using A = typename Op::acc_t;
  const int64_t rows = g.red_numel;
  int nlevels = 1;
  for (int64_t r = rows; r > kRowBlock; r /= kRowBlock) ++nlevels;
  levels.assign(static_cast<size_t>(nlevels) * w, op.identity());
  int64_t counts[64] = {};
  const bool single = g.red_size.size() == 1;
  for (int64_t r = 0; r < rows; ++r) {
    const char* p = base + (single ? r * g.red_in[0] : reduced_offset(g, 0, r));
    A* l0 = levels.data();
    if (cstride == static_cast<int64_t>(sizeof(T))) {
      const T* x = reinterpret_cast<const T*>(p);
      for (int64_t j = 0; j < w; ++j) l0[j] = op.reduce(l0[j], x[j]);
    } else {
      for (int64_t j = 0; j < w; ++j) l0[j] = op.reduce(l0[j], load<T>(p + j * cstride));
    }
    for (int l = 0; l + 1 < nlevels && ++counts[l] == kRowBlock; ++l) {
      A* lo = levels.data() + l * w;
      A* hi = lo + w;
      for (int64_t j = 0; j < w; ++j) {
        hi[j] = op.combine(hi[j], lo[j]);
        lo[j] = op.identity();
      }
      counts[l] = 0;
    }
  }
  for (int64_t j = 0; j < w; ++j) acc[j] = op.identity();
  for (int l = nlevels - 1; l >= 0; --l) {
    const A* lv = levels.data() + l * w;
    for (int64_t j = 0; j < w; ++j) acc[j] = op.combine(acc[j], lv[j]);
  }
}

template <class Out, class Op>
void reduce(const Op& op, const Tensor& out, const Tensor& in) {
  using A = typename Op::acc_t;
  const Geometry g = make_geometry(out, in);
  if (g.kept_numel == 0) return;
  auto store = [&](char* p, A acc) { *reinterpret_cast<Out*>(p) = convert<Out>(op.project(acc)); };
  if (g.red_numel == 0) {
    for_each_kept(g, 0, [&](char* po, const char*) { store(po, op.identity()); });
    return;
  }
  const bool columns = !g.kept_size.empty() && std::abs(g.kept_in[0]) < std::abs(g.red_in[0]);
  if (!columns) {
    const int64_t rows = g.red_numel / g.red_size[0];
    auto one = [&](char* po, const char* pi) { store(po, reduce_rows(op, g, pi, 0, rows)); };
    if (g.kept_numel > 1 && g.kept_numel * g.red_numel > kParallelElements) {
      // Outputs split over the threads (each computed as on one thread: the same bits).
      const int64_t grain = std::max<int64_t>(1, kParallelElements / g.red_numel);
      internal::parallel_for(0, g.kept_numel, grain, [&](int64_t b, int64_t e) {
        for (int64_t idx = b; idx < e; ++idx) {
          const auto [po, pi] = kept_at(g, idx);
          one(po, pi);
        }
      });
    } else {
      for_each_kept(g, 0, one);
    }
    return;
  }
  const int64_t m = g.kept_size[0], cin = g.kept_in[0], cout = g.kept_out[0];
  AccBuffer<A> acc, levels;
  acc.assign(static_cast<size_t>(std::min(kColumns, m)), op.identity());
  for_each_kept(g, 1, [&](char* po, const char* pi) {
    for (int64_t c0 = 0; c0 < m; c0 += kColumns) {
      const int64_t w = std::min(kColumns, m - c0);
      reduce_columns(op, g, pi + c0 * cin, w, cin, acc.data(), levels);
      for (int64_t j = 0; j < w; ++j) store(po + (c0 + j) * cout, acc.data()[j]);
    }
  });
}

// ---- Ops ---------------------------------------------------------------------------------------

// Integer sums and products wrap around: accumulate unsigned (defined overflow), convert at the
// end.
template <class T>
using sum_acc_t =
    std::conditional_t<std::is_same_v<T, bool>, bool,
                       std::conditional_t<std::is_integral_v<T>, uint64_t, compute_type_t<T>>>;

template <class T>
struct SumOp {
  using in_t = T;
  using acc_t = sum_acc_t<T>;
  acc_t identity() const { return acc_t(0); }
  acc_t reduce(acc_t a, T x) const { return static_cast<acc_t>(a + static_cast<acc_t>(x)); }
  acc_t combine(acc_t a, acc_t b) const { return static_cast<acc_t>(a + b); }
  acc_t project(acc_t a) const { return a; }
};

template <class T>
struct ProdOp {
  using in_t = T;
  using acc_t = sum_acc_t<T>;
  acc_t identity() const { return acc_t(1); }
  acc_t reduce(acc_t a, T x) const { return static_cast<acc_t>(a * static_cast<acc_t>(x)); }
  acc_t combine(acc_t a, acc_t b) const { return static_cast<acc_t>(a * b); }
  acc_t project(acc_t a) const { return a; }
};

template <class T, bool IsMax>
struct MinMaxOp {
  using in_t = T;
  using acc_t = compute_type_t<T>;
  acc_t identity() const {
    if constexpr (std::is_same_v<T, bool>) {
      return !IsMax;
    } else if constexpr (std::is_floating_point_v<acc_t>) {
      return IsMax ? -std::numeric_limits<acc_t>::infinity()
                   : std::numeric_limits<acc_t>::infinity();
    } else {
      return IsMax ? std::numeric_limits<acc_t>::lowest() : std::numeric_limits<acc_t>::max();
    }
  }
  acc_t reduce(acc_t a, T x) const { return combine(a, static_cast<acc_t>(x)); }
  acc_t combine(acc_t a, acc_t b) const { return IsMax ? max_nan(a, b) : min_nan(a, b); }
  acc_t project(acc_t a) const { return a; }
};

template <class T, bool IsAll>
struct AllAnyOp {
  using in_t = T;
  using acc_t = bool;
  bool identity() const { return IsAll; }
  bool reduce(bool a, T x) const { return combine(a, convert<bool>(x)); }
  bool combine(bool a, bool b) const { return IsAll ? (a & b) : (a | b); }
  bool project(bool a) const { return a; }
};

enum class NormKind { Zero, One, Two, Inf, NegInf, P };

// PyTorch accumulates the norms of 16-bit floats in the 16-bit type itself: every step rounds.
template <class T, NormKind K>
struct NormOp {
  using in_t = T;
  using acc_t = compute_type_t<T>;
  acc_t p;      // the order, as T
  acc_t inv_p;  // 1 / p, as T
  static acc_t r(acc_t v) { return static_cast<acc_t>(static_cast<T>(v)); }
  acc_t identity() const {
    return K == NormKind::NegInf ? std::numeric_limits<acc_t>::infinity() : acc_t(0);
  }
  acc_t reduce(acc_t a, T x) const {
    const acc_t v = std::abs(static_cast<acc_t>(x));
    switch (K) {
      case NormKind::Zero:
        return a + (v != acc_t(0) ? acc_t(1) : acc_t(0));
      case NormKind::One:
        return r(a + v);
      case NormKind::Two:
        return r(a + r(v * v));
      case NormKind::Inf:
        return max_nan(a, v);
      case NormKind::NegInf:
        return min_nan(a, v);
      case NormKind::P:
      default:
        return r(a + r(std::pow(v, p)));
    }
  }
  acc_t combine(acc_t a, acc_t b) const {
    if (K == NormKind::Inf) return max_nan(a, b);
    if (K == NormKind::NegInf) return min_nan(a, b);
    return r(a + b);
  }
  acc_t project(acc_t a) const {
    if (K == NormKind::Two) return std::sqrt(a);
    if (K == NormKind::P) return std::pow(a, inv_p);
    return a;
  }
};

// ---- Scans, sorting: one line along `dim` at a time --------------------------------------------

// Calls f(out_line, in_line) for every line along dim; out and in have one shape.
template <class F>
void for_each_line(const Tensor& out, const Tensor& in, int64_t dim, F&& f) {
  if (in.numel() == 0 || out.numel() == 0) return;
  DimVector sizes, sout, sin;
  for (int64_t d = 0; d < in.dim(); ++d) {
    if (d == dim) continue;
    sizes.push_back(in.sizes()[d]);
    sout.push_back(out.strides()[d] * out.element_size());
    sin.push_back(in.strides()[d] * in.element_size());
  }
  char* po = static_cast<char*>(out.data_ptr());
  const char* pi = static_cast<const char*>(in.data_ptr());
  const size_t nd = sizes.size();
  if (nd == 0) {
    f(po, pi);
    return;
  }
  DimVector counter(nd, 0);
  while (true) {
    f(po, pi);
    int64_t d = static_cast<int64_t>(nd) - 1;
    for (; d >= 0; --d) {
      po += sout[d];
      pi += sin[d];
      if (++counter[d] < sizes[d]) break;
      po -= sout[d] * sizes[d];
      pi -= sin[d] * sizes[d];
      counter[d] = 0;
    }
    if (d < 0) return;
  }
}

// The accumulator PyTorch's CPU scans use: double for float, float for 16-bit floats, 64-bit for
// integers (unsigned here: overflow wraps as PyTorch's does).
template <class T>
using scan_acc_t =
    std::conditional_t<std::is_same_v<T, float>, double,
                       std::conditional_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                                          uint64_t, compute_type_t<T>>>;

template <bool IsSum>
void scan(const Tensor& out, const Tensor& in, int64_t dim) {
  const int64_t n = in.dim() == 0 ? 1 : in.sizes()[dim];
  const int64_t so = in.dim() == 0 ? 0 : out.strides()[dim] * out.element_size();
  const int64_t si = in.dim() == 0 ? 0 : in.strides()[dim] * in.element_size();
  visit_dtype(in.scalar_type(), [&]<class T>() {
    using A = scan_acc_t<T>;
    for_each_line(out, in, in.dim() == 0 ? -1 : dim, [&](char* po, const char* pi) {
      A acc = IsSum ? A(0) : A(1);
      for (int64_t i = 0; i < n; ++i) {
        const A x = static_cast<A>(load<T>(pi + i * si));
        acc = IsSum ? static_cast<A>(acc + x) : static_cast<A>(acc * x);
        *reinterpret_cast<T*>(po + i * so) = convert<T>(acc);
      }
    });
  });
}

// PyTorch's sort and topk comparators: NaN above every number.
template <class C>
struct Ascending {
  bool operator()(const std::pair<C, int64_t>& a, const std::pair<C, int64_t>& b) const {
    return (!is_nan(a.first) && is_nan(b.first)) || (a.first < b.first);
  }
};
template <class C>
struct Descending {
  bool operator()(const std::pair<C, int64_t>& a, const std::pair<C, int64_t>& b) const {
    return (is_nan(a.first) && !is_nan(b.first)) || (a.first > b.first);
  }
};

// Applies f(values_line, indices_line, in_line, strides) to every line along dim.
struct LineStrides {
  int64_t values, indices, in;
};

template <class F>
void for_each_sort_line(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim,
                        F&& f) {
  const bool scalar = in.dim() == 0;
  const int64_t d = scalar ? -1 : dim;
  LineStrides s{scalar ? 0 : values.strides()[dim] * values.element_size(),
                scalar ? 0 : indices.strides()[dim] * 8,
                scalar ? 0 : in.strides()[dim] * in.element_size()};
  // values and indices have one shape: walk values against in, and find the indices line from the
  // values line's element offset (both are allocated contiguous by the op layer).
  char* vbase = static_cast<char*>(values.data_ptr());
  char* ibase = static_cast<char*>(indices.data_ptr());
  for_each_line(values, in, d, [&](char* pv, const char* pi) {
    const int64_t elem = (pv - vbase) / values.element_size();
    f(pv, ibase + elem * 8, pi, s);
  });
}

}  // namespace

// ---- Entry points ------------------------------------------------------------------------------

void sum_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() { reduce<T>(SumOp<T>{}, out, in); });
}

void prod_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() { reduce<T>(ProdOp<T>{}, out, in); });
}

void mean_kernel(const Tensor& out, const Tensor& in) {
  sum_kernel(out, in);
  const int64_t count = out.numel() == 0 ? 0 : in.numel() / out.numel();
  visit_floating(out.scalar_type(), "mean", [&]<class T>() {
    using C = compute_type_t<T>;
    const C divisor = static_cast<C>(convert<T>(count));
    T* p = static_cast<T*>(out.data_ptr());  // allocated contiguous by the op layer
    for (int64_t i = 0; i < out.numel(); ++i) p[i] = static_cast<T>(static_cast<C>(p[i]) / divisor);
  });
}

void max_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() { reduce<T>(MinMaxOp<T, true>{}, out, in); });
}

void min_kernel(const Tensor& out, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() { reduce<T>(MinMaxOp<T, false>{}, out, in); });
}

namespace {
// all (IsAll) or any, into a bool or a uint8 result as PyTorch gives for uint8 inputs.
template <bool IsAll>
void all_any(const Tensor& out, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() {
    if (out.scalar_type() == kByte) {
      reduce<uint8_t>(AllAnyOp<T, IsAll>{}, out, in);
    } else {
      reduce<bool>(AllAnyOp<T, IsAll>{}, out, in);
    }
  });
}
}  // namespace

void all_kernel(const Tensor& out, const Tensor& in) { all_any<true>(out, in); }

void any_kernel(const Tensor& out, const Tensor& in) { all_any<false>(out, in); }

void norm_kernel(const Tensor& out, const Tensor& in, double p) {
  visit_floating(in.scalar_type(), "norm", [&]<class T>() {
    using A = compute_type_t<T>;
    const A pa = static_cast<A>(static_cast<T>(p));
    const A inv = static_cast<A>(static_cast<T>(A(1) / pa));
    if (p == 0) {
      reduce<T>(NormOp<T, NormKind::Zero>{pa, inv}, out, in);
    } else if (p == 1) {
      reduce<T>(NormOp<T, NormKind::One>{pa, inv}, out, in);
    } else if (p == 2) {
      reduce<T>(NormOp<T, NormKind::Two>{pa, inv}, out, in);
    } else if (std::isinf(p) && p > 0) {
      reduce<T>(NormOp<T, NormKind::Inf>{pa, inv}, out, in);
    } else if (std::isinf(p)) {
      reduce<T>(NormOp<T, NormKind::NegInf>{pa, inv}, out, in);
    } else {
      reduce<T>(NormOp<T, NormKind::P>{pa, inv}, out, in);
    }
  });
}

void logsumexp_kernel(const Tensor& out, const Tensor& in) {
  visit_floating(in.scalar_type(), "logsumexp", [&]<class T>() {
    using C = compute_type_t<T>;
    // PyTorch computes each step as a tensor of T: round to T after each one.
    auto round = [](C v) { return static_cast<C>(static_cast<T>(v)); };
    const Geometry g = make_geometry(out, in);
    if (g.kept_numel == 0) return;
    for_each_kept(g, 0, [&](char* po, const char* pi) {
      C m = -std::numeric_limits<C>::infinity();
      if (g.red_numel > 0) {
        visit_reduced<T>(g, pi, [&](T x) { m = max_nan(m, static_cast<C>(x)); });
      }
      if (std::isinf(m)) m = 0;
      C s = 0;
      if (g.red_numel > 0) {
        visit_reduced<T>(g, pi, [&](T x) { s += round(std::exp(round(static_cast<C>(x) - m))); });
      }
      *reinterpret_cast<T*>(po) = static_cast<T>(round(round(std::log(round(s))) + m));
    });
  });
}

namespace {
// Sum over the reduced elements of term(x as double), in independent lanes along each run.
template <class T, class F>
double sum_reduced(const Geometry& g, const char* base, F&& term) {
  const int64_t n0 = g.red_size[0], s0 = g.red_in[0];
  const int64_t rows = g.red_numel / n0;
  double total = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const char* p = base + reduced_offset(g, 1, r);
    double a[8] = {};
    int64_t i = 0;
    if (s0 == static_cast<int64_t>(sizeof(T))) {
      const T* x = reinterpret_cast<const T*>(p);
      for (; i + 8 <= n0; i += 8) {
        for (int k = 0; k < 8; ++k) a[k] += term(static_cast<double>(x[i + k]));
      }
    }
    for (; i < n0; ++i) a[0] += term(static_cast<double>(load<T>(p + i * s0)));
    total += ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]));
  }
  return total;
}
}  // namespace

void var_mean_kernel(const Tensor& var, const Tensor& mean, const Tensor& in, int64_t correction,
                     bool take_sqrt) {
  const Tensor& shape_of = var.defined() ? var : mean;
  visit_floating(in.scalar_type(), "std_var", [&]<class T>() {
    const Geometry g = make_geometry(shape_of, in);
    if (g.kept_numel == 0) return;
    const int64_t n = g.red_numel;
    const double divisor = static_cast<double>(std::max<int64_t>(0, n - correction));
    char* vbase = var.defined() ? static_cast<char*>(var.data_ptr()) : nullptr;
    char* mbase = mean.defined() ? static_cast<char*>(mean.data_ptr()) : nullptr;
    for_each_kept(g, 0, [&](char* po, const char* pi) {
      const double sum = n > 0 ? sum_reduced<T>(g, pi, [](double x) { return x; }) : 0.0;
      const double mu = sum / static_cast<double>(n);
      const double m2 = n > 0 ? sum_reduced<T>(g, pi,
                                               [mu](double x) {
                                                 const double dx = x - mu;
                                                 return dx * dx;
                                               })
                              : 0.0;
      double v = m2 / divisor;
      if (take_sqrt) v = std::sqrt(v);
      // var and mean share one contiguous shape: the same element offset in each.
      const int64_t elem = (po - g.out) / shape_of.element_size();
      if (vbase) reinterpret_cast<T*>(vbase)[elem] = convert<T>(v);
      if (mbase) reinterpret_cast<T*>(mbase)[elem] = convert<T>(mu);
    });
  });
}

namespace {
template <bool IsMax>
void arg_reduce(const Tensor& values, const Tensor& indices, const Tensor& in) {
  visit_dtype(in.scalar_type(), [&]<class T>() {
    using C = compute_type_t<T>;
    const Geometry g = make_geometry(indices, in);
    if (g.kept_numel == 0) return;
    const int64_t n = g.red_numel, s = g.red_in[0];
    char* vbase = values.defined() ? static_cast<char*>(values.data_ptr()) : nullptr;
    for_each_kept(g, 0, [&](char* po, const char* pi) {
      C best = static_cast<C>(load<T>(pi));
      int64_t idx = 0;
      for (int64_t i = 0; i < n; ++i) {
        const C v = static_cast<C>(load<T>(pi + i * s));
        if (is_nan(v)) {
          best = v;
          idx = i;
          break;
        }
        if (IsMax ? v > best : v < best) {
          best = v;
          idx = i;
        }
      }
      *reinterpret_cast<int64_t*>(po) = idx;
      if (vbase) reinterpret_cast<T*>(vbase)[(po - g.out) / 8] = static_cast<T>(best);
    });
  });
}
}  // namespace

void argmax_kernel(const Tensor& values, const Tensor& indices, const Tensor& in) {
  arg_reduce<true>(values, indices, in);
}

void argmin_kernel(const Tensor& values, const Tensor& indices, const Tensor& in) {
  arg_reduce<false>(values, indices, in);
}

void cumsum_kernel(const Tensor& out, const Tensor& in, int64_t dim) { scan<true>(out, in, dim); }

void cumprod_kernel(const Tensor& out, const Tensor& in, int64_t dim) { scan<false>(out, in, dim); }

void sort_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t dim,
                 bool descending, bool stable) {
  const int64_t n = in.dim() == 0 ? 1 : in.sizes()[dim];
  visit_dtype(in.scalar_type(), [&]<class T>() {
    using C = compute_type_t<T>;
    std::vector<std::pair<C, int64_t>> line(n);
    for_each_sort_line(values, indices, in, dim,
                       [&](char* pv, char* pidx, const char* pi, const LineStrides& s) {
                         for (int64_t i = 0; i < n; ++i) {
                           line[i] = {static_cast<C>(load<T>(pi + i * s.in)), i};
                         }
                         if (descending) {
                           if (stable) {
                             std::stable_sort(line.begin(), line.end(), Descending<C>());
                           } else {
                             std::sort(line.begin(), line.end(), Descending<C>());
                           }
                         } else {
                           if (stable) {
                             std::stable_sort(line.begin(), line.end(), Ascending<C>());
                           } else {
                             std::sort(line.begin(), line.end(), Ascending<C>());
                           }
                         }
                         for (int64_t i = 0; i < n; ++i) {
                           *reinterpret_cast<T*>(pv + i * s.values) = static_cast<T>(line[i].first);
                           *reinterpret_cast<int64_t*>(pidx + i * s.indices) = line[i].second;
                         }
                       });
  });
}

void topk_kernel(const Tensor& values, const Tensor& indices, const Tensor& in, int64_t k,
                 int64_t dim, bool largest, bool sorted) {
  if (k == 0) return;
  const int64_t n = in.dim() == 0 ? 1 : in.sizes()[dim];
  const bool scalar = in.dim() == 0;
  const int64_t sv = scalar ? 0 : values.strides()[dim] * values.element_size();
  const int64_t sx = scalar ? 0 : indices.strides()[dim] * 8;
  const int64_t si = scalar ? 0 : in.strides()[dim] * in.element_size();
  // Lines of `in` (length n) and of the outputs (length k) correspond in row-major order.
  visit_dtype(in.scalar_type(), [&]<class T>() {
    using C = compute_type_t<T>;
    using Elem = std::pair<C, int64_t>;
    std::vector<Elem> queue(n);
    std::vector<const char*> in_lines;
    for_each_line(in, in, scalar ? -1 : dim,
                  [&](char*, const char* pi) { in_lines.push_back(pi); });
    std::vector<std::pair<char*, char*>> out_lines;
    char* vbase = static_cast<char*>(values.data_ptr());
    char* ibase = static_cast<char*>(indices.data_ptr());
    for_each_line(values, values, scalar ? -1 : dim, [&](char* pv, const char*) {
      out_lines.emplace_back(pv, ibase + (pv - vbase) / values.element_size() * 8);
    });
    for (size_t line = 0; line < in_lines.size(); ++line) {
      const char* pi = in_lines[line];
      for (int64_t j = 0; j < n; ++j) queue[j] = {static_cast<C>(load<T>(pi + j * si)), j};
      // PyTorch's choice: a partial sort for small k, otherwise nth_element (+ sort of the rest).
      auto select = [&](auto comp) {
        if (k * 64 <= n) {
          std::partial_sort(queue.begin(), queue.begin() + k, queue.end(), comp);
        } else {
          std::nth_element(queue.begin(), queue.begin() + k - 1, queue.end(), comp);
          if (sorted) std::sort(queue.begin(), queue.begin() + k - 1, comp);
        }
      };
      if (largest) {
        select(Descending<C>());
      } else {
        select(Ascending<C>());
      }
      char* pv = out_lines[line].first;
      char* px = out_lines[line].second;
      for (int64_t j = 0; j < k; ++j) {
        *reinterpret_cast<T*>(pv + j * sv) = static_cast<T>(queue[j].first);
        *reinterpret_cast<int64_t*>(px + j * sx) = queue[j].second;
      }
    }
  });
}

namespace {
// isclose as PyTorch computes it, each tensor step rounded to the step's dtype W: T for floating
// T, the default float dtype F for integers and bools (which are converted to it first).
template <class T, class F>
bool all_close(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  using W = std::conditional_t<std::is_floating_point_v<compute_type_t<T>>, T, F>;
  using C = compute_type_t<W>;
  auto round = [](C v) { return static_cast<C>(static_cast<W>(v)); };
  const bool exact = rtol == 0 && atol == 0;
  const C crtol = static_cast<C>(rtol), catol = static_cast<C>(atol);
  bool result = true;
  StridedOperands<2> ops{{static_cast<char*>(a.data_ptr()), static_cast<char*>(b.data_ptr())},
                         {a.strides(), b.strides()},
                         {a.element_size(), b.element_size()}};
  for_each_run<2>(a.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
    for (int64_t i = 0; i < n && result; ++i) {
      const T x = load<T>(p[0] + i * s[0]), y = load<T>(p[1] + i * s[1]);
      bool close = x == y;
      if (!close && equal_nan && is_nan(static_cast<C>(x)) && is_nan(static_cast<C>(y)))
        close = true;
      if (!close && !exact) {
        const C cx = static_cast<C>(convert<W>(x)), cy = static_cast<C>(convert<W>(y));
        const C allowed = round(catol + std::abs(round(crtol * cy)));
        const C actual = std::abs(round(cx - cy));
        close = std::isfinite(actual) && actual <= allowed;
      }
      result = close;
    }
  });
  return result;
}
}  // namespace

bool allclose_kernel(const Tensor& a, const Tensor& b, double rtol, double atol, bool equal_nan) {
  return visit_dtype(a.scalar_type(), [&]<class T>() {
    if (get_default_dtype() == kDouble) return all_close<T, double>(a, b, rtol, atol, equal_nan);
    return all_close<T, float>(a, b, rtol, atol, equal_nan);
  });
}

bool equal_kernel(const Tensor& a, const Tensor& b) {
  return visit_dtype(a.scalar_type(), [&]<class T>() {
    using C = compute_type_t<T>;
    bool result = true;
    StridedOperands<2> ops{{static_cast<char*>(a.data_ptr()), static_cast<char*>(b.data_ptr())},
                           {a.strides(), b.strides()},
                           {a.element_size(), b.element_size()}};
    for_each_run<2>(a.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n && result; ++i) {
        result =
            static_cast<C>(load<T>(p[0] + i * s[0])) == static_cast<C>(load<T>(p[1] + i * s[1]));
      }
    });
    return result;
  });
}

}  // namespace ember::cpu
