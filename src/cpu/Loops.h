#pragma once
// The strided loop every CPU kernel is built on: walks N operands of one shape with their own
// strides, merging dimensions that are contiguous for all of them, and hands the innermost runs to
// the kernel as (pointers, byte strides, length).
#include <array>
#include <cstdint>

#include "ember/core/ArrayRef.h"

namespace ember::cpu {

template <int N>
struct StridedOperands {
  std::array<char*, N> ptrs;
  std::array<IntArrayRef, N> strides;  // in elements
  std::array<int64_t, N> elem_size;
};

namespace loops_detail {
using RunFn = void (*)(void* ctx, char** ptrs, const int64_t* byte_strides, int64_t n);

// The walk itself, one copy per operand count (not one per kernel): f(ctx, ...) per run.
template <int N>
__attribute__((noinline)) void for_each_run_erased(IntArrayRef sizes, const StridedOperands<N>& ops,
                                                   void* ctx, RunFn f) {
  const int64_t ndim = static_cast<int64_t>(sizes.size());
  for (int64_t s : sizes) {
    if (s == 0) return;
  }
  // Innermost first, byte strides, size-1 dims dropped, then coalesced.
  DimVector shape;
  std::array<DimVector, N> st;
  for (int64_t d = ndim - 1; d >= 0; --d) {
    if (sizes[d] == 1) continue;
    shape.push_back(sizes[d]);
    for (int k = 0; k < N; ++k) st[k].push_back(ops.strides[k][d] * ops.elem_size[k]);
  }
  if (shape.empty()) {
    shape.push_back(1);
    for (int k = 0; k < N; ++k) st[k].push_back(0);
  }
  size_t out = 0;
  for (size_t d = 1; d < shape.size(); ++d) {
    bool mergeable = true;
    for (int k = 0; k < N; ++k) mergeable = mergeable && st[k][d] == st[k][out] * shape[out];
    if (mergeable) {
      shape[out] *= shape[d];
    } else {
      ++out;
      shape[out] = shape[d];
      for (int k = 0; k < N; ++k) st[k][out] = st[k][d];
    }
  }
  const size_t nd = out + 1;
  std::array<int64_t, N> inner;
  for (int k = 0; k < N; ++k) inner[k] = st[k][0];
  std::array<char*, N> p = ops.ptrs;
  if (nd == 1) {
    f(ctx, p.data(), inner.data(), shape[0]);
    return;
  }
  DimVector counter(nd, 0);
  while (true) {
    f(ctx, p.data(), inner.data(), shape[0]);
    size_t d = 1;
    for (; d < nd; ++d) {
      for (int k = 0; k < N; ++k) p[k] += st[k][d];
      if (++counter[d] < shape[d]) break;
      for (int k = 0; k < N; ++k) p[k] -= st[k][d] * shape[d];
      counter[d] = 0;
    }
    if (d == nd) return;
  }
}

}  // namespace loops_detail

// f(char* ptrs[N], const int64_t byte_strides[N], int64_t n) for each innermost run.
template <int N, class F>
void for_each_run(IntArrayRef sizes, const StridedOperands<N>& ops, F&& f) {
  auto run = [&f](char** p, const int64_t* s, int64_t n) { f(p, s, n); };
  loops_detail::for_each_run_erased<N>(sizes, ops, &run,
                                       [](void* ctx, char** p, const int64_t* s, int64_t n) {
                                         (*static_cast<decltype(run)*>(ctx))(p, s, n);
                                       });
}

}  // namespace ember::cpu
