#pragma once
// Loops whose multiply-add rounds once (std::fma), as PyTorch's CPU build computes add(alpha=)
// and addcmul (its compiler contracts those kernels, vector loop and tail alike). They are built
// for FMA hardware too, picked at load time, so that std::fma is an instruction there rather than
// a libm call; the results are the same either way. T is float or double.
#include <cstdint>

namespace ember::cpu {

// out[i] = fma(a, y[i * sy], x[i * sx]) for i in [begin, end); sx, sy are 0 (one value) or 1.
template <class T>
void fma_add_run(T* out, const T* x, int64_t sx, const T* y, int64_t sy, T a, int64_t begin,
                 int64_t end);

// out[i] = fma(v * x[i], y[i], s[i]) for i in [begin, end) (out may be s).
template <class T>
void fma_addcmul_run(T* out, const T* s, const T* x, const T* y, T v, int64_t begin, int64_t end);

}  // namespace ember::cpu
