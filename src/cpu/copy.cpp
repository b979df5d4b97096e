#include <algorithm>
#include <cstring>

#include "core/parallel.h"
#include "cpu/Loops.h"
#include "cpu/kernels.h"
#include "ember/core/Convert.h"

namespace ember::cpu {

namespace {
template <class To, class From>
void convert_run(char* const* p, const int64_t* s, int64_t n) {
  char* d = p[0];
  const char* src = p[1];
  if (s[0] == sizeof(To) && s[1] == sizeof(From)) {
    auto* dt = reinterpret_cast<To*>(d);
    auto* st = reinterpret_cast<const From*>(src);
    if constexpr (std::is_same_v<To, From>) {
      std::memcpy(dt, st, n * sizeof(To));
    } else {
      for (int64_t i = 0; i < n; ++i) dt[i] = convert<To>(st[i]);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) {
    From v;
    std::memcpy(&v, src + i * s[1], sizeof(From));
    To r = convert<To>(v);
    std::memcpy(d + i * s[0], &r, sizeof(To));
  }
}
}  // namespace

// Elements below which a copy or fill runs on the calling thread alone.
constexpr int64_t kCopyGrain = 65536;

void copy_kernel(const Tensor& dst, const Tensor& src) {
  if (dst.is_contiguous() && src.is_contiguous() && dst.sizes() == src.sizes()) {
    // One flat run, split across the intra-op threads.
    char* d = static_cast<char*>(dst.data_ptr());
    char* sp = static_cast<char*>(src.data_ptr());
    const int64_t s[2] = {dst.element_size(), src.element_size()};
    visit_dtype(dst.scalar_type(), [&]<class To>() {
      visit_dtype(src.scalar_type(), [&]<class From>() {
        internal::parallel_for(0, dst.numel(), kCopyGrain, [&](int64_t begin, int64_t end) {
          char* const p[2] = {d + begin * s[0], sp + begin * s[1]};
          convert_run<To, From>(p, s, end - begin);
        });
      });
    });
    return;
  }
  StridedOperands<2> ops{{static_cast<char*>(dst.data_ptr()), static_cast<char*>(src.data_ptr())},
                         {dst.strides(), src.strides()},
                         {dst.element_size(), src.element_size()}};
  visit_dtype(dst.scalar_type(), [&]<class To>() {
    visit_dtype(src.scalar_type(),
                [&]<class From>() { for_each_run<2>(dst.sizes(), ops, convert_run<To, From>); });
  });
}

void fill_kernel(const Tensor& dst, const Scalar& value) {
  visit_dtype(dst.scalar_type(), [&]<class T>() {
    const T v = value.to<T>();
    if (dst.is_contiguous()) {  // the common case, without the strided walk's set-up
      T* d = static_cast<T*>(dst.data_ptr());
      internal::parallel_for(0, dst.numel(), kCopyGrain, [&](int64_t begin, int64_t end) {
        std::fill_n(d + begin, end - begin, v);
      });
      return;
    }
    StridedOperands<1> ops{{static_cast<char*>(dst.data_ptr())}, {dst.strides()}, {sizeof(T)}};
    for_each_run<1>(dst.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      if (s[0] == sizeof(T)) {
        auto* d = reinterpret_cast<T*>(p[0]);
        for (int64_t i = 0; i < n; ++i) d[i] = v;
      } else {
        for (int64_t i = 0; i < n; ++i) std::memcpy(p[0] + i * s[0], &v, sizeof(T));
      }
    });
  });
}

}  // namespace ember::cpu
