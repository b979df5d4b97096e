#include "cpu/fma_loops.h"

#include <cmath>

namespace ember::cpu {

#define EMBER_FMA_CLONES __attribute__((target_clones("default", "fma")))

template <class T>
EMBER_FMA_CLONES void fma_add_run(T* out, const T* x, int64_t sx, const T* y, int64_t sy, T a,
                                  int64_t begin, int64_t end) {
  if (sx == 1 && sy == 1) {  // the common case, written so that it vectorizes
    for (int64_t i = begin; i < end; ++i) out[i] = std::fma(a, y[i], x[i]);
    return;
  }
  for (int64_t i = begin; i < end; ++i) out[i] = std::fma(a, y[i * sy], x[i * sx]);
}

template <class T>
EMBER_FMA_CLONES void fma_addcmul_run(T* out, const T* s, const T* x, const T* y, T v,
                                      int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; ++i) out[i] = std::fma(v * x[i], y[i], s[i]);
}

#undef EMBER_FMA_CLONES

template void fma_add_run<float>(float*, const float*, int64_t, const float*, int64_t, float,
                                 int64_t, int64_t);
template void fma_add_run<double>(double*, const double*, int64_t, const double*, int64_t, double,
                                  int64_t, int64_t);
template void fma_addcmul_run<float>(float*, const float*, const float*, const float*, float,
                                     int64_t, int64_t);
template void fma_addcmul_run<double>(double*, const double*, const double*, const double*, double,
                                      int64_t, int64_t);

}  // namespace ember::cpu
