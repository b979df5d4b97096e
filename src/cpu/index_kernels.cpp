#include "cpu/index_kernels.h"

#include <cstring>

#include "cpu/Loops.h"
#include "ember/core/Convert.h"

namespace ember::cpu {

namespace {

// Calls f.template operator()<ES>() with ES the element size in bytes (1, 2, 4 or 8): data
// movement does not depend on the dtype, only on its size.
template <class F>
void visit_element_size(int64_t es, F&& f) {
  switch (es) {
    case 1:
      return f.template operator()<1>();
    case 2:
      return f.template operator()<2>();
    case 4:
      return f.template operator()<4>();
    default:
      return f.template operator()<8>();
  }
}

template <int N>
StridedOperands<N> operands(const std::array<const Tensor*, N>& ts) {
  StridedOperands<N> ops;
  for (int k = 0; k < N; ++k) {
    ops.ptrs[k] = static_cast<char*>(ts[k]->data_ptr());
    ops.strides[k] = ts[k]->strides();
    ops.elem_size[k] = ts[k]->element_size();
  }
  return ops;
}

int64_t load_index(const char* p) {
  int64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

[[noreturn]] void throw_out_of_range(IndexErrorStyle style, int64_t idx, int64_t dim,
                                     int64_t size) {
  if (style == IndexErrorStyle::IndexSelect) detail::fail<IndexError>("index out of range in self");
  detail::fail("index ", idx, " is out of bounds for dimension ", dim, " with size ", size);
}

// idx wrapped into [0, size), or the style's error.
inline int64_t checked_index(IndexErrorStyle style, int64_t idx, int64_t dim, int64_t size) {
  switch (style) {
    case IndexErrorStyle::None:
      return idx;
    case IndexErrorStyle::IndexSelect:
      if (idx < 0 || idx >= size) throw_out_of_range(style, idx, dim, size);
      return idx;
    default:
      if (idx < 0 || idx >= size) throw_out_of_range(style, idx, dim, size);
      return idx;
  }
}

// Advances a row-major counter over sizes; returns false after the last position.
bool next_position(DimVector& counter, IntArrayRef sizes) {
  for (size_t d = sizes.size(); d-- > 0;) {
    if (++counter[d] < sizes[d]) return true;
    counter[d] = 0;
  }
  return false;
}

}  // namespace

void gather_kernel(const Tensor& dst, const Tensor& src_view, const Tensor& index, int64_t stride,
                   int64_t size, int64_t dim, IndexErrorStyle style) {
  if (dst.numel() == 0) return;
  const int64_t es = dst.element_size();
  auto ops = operands<3>({&dst, &src_view, &index});
  visit_element_size(es, [&]<int ES>() {
    const int64_t step = stride * ES;
    for_each_run<3>(dst.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t idx = load_index(p[2] + i * s[2]);
        idx = checked_index(style, idx, dim, size);
        std::memcpy(p[0] + i * s[0], p[1] + i * s[1] + idx * step, ES);
      }
    });
  });
}

void scatter_kernel(const Tensor& dst_view, const Tensor& src, const Tensor& index, int64_t stride,
                    int64_t size, int64_t dim, IndexErrorStyle style) {
  if (index.numel() == 0) return;
  const int64_t es = dst_view.element_size();
  auto ops = operands<3>({&dst_view, &src, &index});
  visit_element_size(es, [&]<int ES>() {
    const int64_t step = stride * ES;
    for_each_run<3>(index.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        int64_t idx = load_index(p[2] + i * s[2]);
        idx = checked_index(style, idx, dim, size);
        std::memcpy(p[0] + i * s[0] + idx * step, p[1] + i * s[1], ES);
      }
    });
  });
}

void index_offsets_kernel(const Tensor& offsets, const std::vector<Tensor>& indices,
                          const std::vector<int64_t>& sizes, const std::vector<int64_t>& strides) {
  const int64_t n = offsets.numel();
  if (n == 0) return;
  auto* out = static_cast<int64_t*>(offsets.data_ptr());
  IntArrayRef shape = offsets.sizes();
  DimVector counter(shape.size(), 0);
  std::vector<const char*> base;
  for (const Tensor& t : indices) base.push_back(static_cast<const char*>(t.data_ptr()));
  for (int64_t e = 0; e < n; ++e) {
    int64_t off = 0;
    for (size_t k = 0; k < indices.size(); ++k) {
      int64_t pos = 0;
      IntArrayRef st = indices[k].strides();
      for (size_t d = 0; d < shape.size(); ++d) pos += counter[d] * st[d];
      int64_t idx = load_index(base[k] + pos * static_cast<int64_t>(sizeof(int64_t)));
      const int64_t size = sizes[k];
      EMBER_CHECK_T(IndexError, idx >= -size && idx < size, "index ", idx,
                    " is out of bounds for dimension ", k, " with size ", size);
      if (idx < 0) idx += size;
      off += idx * strides[k];
    }
    out[e] = off;
    next_position(counter, shape);
  }
}

void remap_kernel(const Tensor& dst, const Tensor& src,
                  const std::vector<std::vector<int64_t>>& maps) {
  if (dst.numel() == 0) return;
  const int64_t nd = dst.dim();
  const int64_t es = dst.element_size();
  if (nd == 0) {
    std::memcpy(dst.data_ptr(), src.data_ptr(), es);
    return;
  }
  // Byte offsets into src for each position of each dim.
  std::vector<std::vector<int64_t>> src_off(nd);
  for (int64_t d = 0; d < nd; ++d) {
    for (int64_t j : maps[d]) src_off[d].push_back(j * src.strides()[d] * es);
  }
  IntArrayRef sizes = dst.sizes();
  DimVector outer(sizes.slice(0, nd - 1));
  DimVector counter(nd - 1, 0);
  const int64_t inner = sizes[nd - 1];
  const int64_t dst_inner = dst.strides()[nd - 1] * es;
  const std::vector<int64_t>& inner_off = src_off[nd - 1];
  char* dbase = static_cast<char*>(dst.data_ptr());
  const char* sbase = static_cast<const char*>(src.data_ptr());
  visit_element_size(es, [&]<int ES>() {
    do {
      int64_t doff = 0, soff = 0;
      for (int64_t d = 0; d < nd - 1; ++d) {
        doff += counter[d] * dst.strides()[d] * ES;
        soff += src_off[d][counter[d]];
      }
      char* dp = dbase + doff;
      const char* sp = sbase + soff;
      for (int64_t j = 0; j < inner; ++j) std::memcpy(dp + j * dst_inner, sp + inner_off[j], ES);
    } while (next_position(counter, outer));
  });
}

void triangle_kernel(const Tensor& dst, const Tensor& src, int64_t k, bool upper) {
  if (dst.numel() == 0) return;
  const int64_t nd = dst.dim();
  const int64_t es = dst.element_size();
  const int64_t rows = dst.sizes()[nd - 2], cols = dst.sizes()[nd - 1];
  DimVector batch(dst.sizes().slice(0, nd - 2));
  DimVector counter(nd - 2, 0);
  IntArrayRef ds = dst.strides(), ss = src.strides();
  char* dbase = static_cast<char*>(dst.data_ptr());
  const char* sbase = static_cast<const char*>(src.data_ptr());
  visit_element_size(es, [&]<int ES>() {
    const char zero[ES] = {};
    do {
      int64_t doff = 0, soff = 0;
      for (int64_t d = 0; d < nd - 2; ++d) {
        doff += counter[d] * ds[d] * ES;
        soff += counter[d] * ss[d] * ES;
      }
      for (int64_t i = 0; i < rows; ++i) {
        char* dp = dbase + doff + i * ds[nd - 2] * ES;
        const char* sp = sbase + soff + i * ss[nd - 2] * ES;
        for (int64_t j = 0; j < cols; ++j) {
          const bool keep = upper ? j - i >= k : j - i <= k;
          std::memcpy(dp + j * ds[nd - 1] * ES, keep ? sp + j * ss[nd - 1] * ES : zero, ES);
        }
      }
    } while (next_position(counter, batch));
  });
}

void masked_fill_kernel(const Tensor& self, const Tensor& mask, const Tensor& value) {
  if (self.numel() == 0) return;
  auto ops = operands<2>({&self, &mask});
  const char* v = static_cast<const char*>(value.data_ptr());
  visit_element_size(self.element_size(), [&]<int ES>() {
    for_each_run<2>(self.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        if (*reinterpret_cast<const uint8_t*>(p[1] + i * s[1]) != 0) {
          std::memcpy(p[0] + i * s[0], v, ES);
        }
      }
    });
  });
}

int64_t count_nonzero_kernel(const Tensor& t) {
  int64_t count = 0;
  if (t.numel() == 0) return 0;
  auto ops = operands<1>({&t});
  visit_dtype(t.scalar_type(), [&]<class T>() {
    for_each_run<1>(t.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, p[0] + i * s[0], sizeof(T));
        count += convert<bool>(v) ? 1 : 0;
      }
    });
  });
  return count;
}

void masked_select_kernel(const Tensor& dst, const Tensor& src, const Tensor& mask) {
  if (dst.numel() == 0) return;
  auto ops = operands<2>({&src, &mask});
  char* out = static_cast<char*>(dst.data_ptr());
  visit_element_size(src.element_size(), [&]<int ES>() {
    for_each_run<2>(src.sizes(), ops, [&](char* const* p, const int64_t* s, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        if (*reinterpret_cast<const uint8_t*>(p[1] + i * s[1]) != 0) {
          std::memcpy(out, p[0] + i * s[0], ES);
          out += ES;
        }
      }
    });
  });
}

void nonzero_kernel(const Tensor& dst, const Tensor& src) {
  const int64_t total = dst.dim() == 2 ? dst.sizes()[1] : 0;
  if (total == 0 || src.numel() == 0) return;
  auto* out = static_cast<int64_t*>(dst.data_ptr());
  IntArrayRef sizes = src.sizes(), strides = src.strides();
  const size_t nd = sizes.size();
  DimVector counter(nd, 0);
  const char* base = static_cast<const char*>(src.data_ptr());
  visit_dtype(src.scalar_type(), [&]<class T>() {
    int64_t j = 0;
    do {
      int64_t off = 0;
      for (size_t d = 0; d < nd; ++d) off += counter[d] * strides[d];
      T v;
      std::memcpy(&v, base + off * static_cast<int64_t>(sizeof(T)), sizeof(T));
      if (convert<bool>(v)) {
        for (size_t d = 0; d < nd; ++d) out[d * total + j] = counter[d];
        ++j;
      }
    } while (nd > 0 && next_position(counter, sizes));
  });
}

}  // namespace ember::cpu
