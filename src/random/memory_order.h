#pragma once
// The element order of PyTorch's serial random kernels, shared by the sampling functions
// (kernels.cpp) and the in-place fills (inplace.cpp).
#include <algorithm>

#include "cpu/Loops.h"
#include "ember/core/Tensor.h"

namespace ember::random_detail {

// Calls f(T&) for every element of t in memory order (the order PyTorch's TensorIterator gives a
// single-output kernel: dimensions sorted by decreasing stride).
template <class T, class F>
void for_each_in_memory_order(const Tensor& t, F&& f) {
  if (t.numel() == 0) return;
  const int64_t nd = t.dim();
  DimVector order;
  for (int64_t d = 0; d < nd; ++d) order.push_back(d);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return t.strides()[a] > t.strides()[b]; });
  DimVector sizes, strides;
  for (int64_t d : order) {
    sizes.push_back(t.sizes()[d]);
    strides.push_back(t.strides()[d]);
  }
  cpu::StridedOperands<1> ops{{static_cast<char*>(t.data_ptr())},
                              {IntArrayRef(strides)},
                              {static_cast<int64_t>(sizeof(T))}};
  cpu::for_each_run<1>(sizes, ops, [&](char** p, const int64_t* bs, int64_t n) {
    char* ptr = p[0];
    for (int64_t i = 0; i < n; ++i, ptr += bs[0]) f(*reinterpret_cast<T*>(ptr));
  });
}

}  // namespace ember::random_detail
