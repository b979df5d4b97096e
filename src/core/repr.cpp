// Tensor printing with the output of PyTorch's Python repr (the rules of torch/_tensor_str.py).
//
// Outline: the elements to show are walked in print order (all of them, or with more than
// `threshold` elements, the first and last `edgeitems` of every dimension longer than
// 2 * edgeitems). One formatter is chosen from those shown values, every value is formatted to a
// string, and a second walk in the same order assembles the nested brackets, wrapping rows at
// `linewidth`. Suffixes (device, dtype, size, grad) follow.
#include "ember/core/repr.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <mutex>
#include <vector>

namespace ember {

namespace {

std::mutex g_options_mutex;
PrintOptions g_options;  // guarded by g_options_mutex
std::atomic<GradFnNameHook> g_grad_fn_hook{nullptr};

// ---- Python's float formatting ----------------------------------------------------------------
// Python's "{:.Nf}" / "{:.Ne}" round correctly, as glibc's printf does; they differ only in the
// non-finite values: Python writes "nan" whatever the sign bit, "inf" and "-inf".

std::string non_finite(double v) {
  if (std::isnan(v)) return "nan";
  return v < 0 ? "-inf" : "inf";
}

std::string printf_double(const char* fmt, int precision, double v) {
  int n = std::snprintf(nullptr, 0, fmt, precision, v);
  std::string s(static_cast<size_t>(n) + 1, '\0');
  std::snprintf(s.data(), s.size(), fmt, precision, v);
  s.resize(static_cast<size_t>(n));
  return s;
}

// "{:.<precision>f}"
std::string format_fixed(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  return printf_double("%.*f", precision, v);
}

// "{:.<precision>e}": mantissa, "e", sign, at least two exponent digits (as printf).
std::string format_sci(double v, int precision) {
  if (!std::isfinite(v)) return non_finite(v);
  return printf_double("%.*e", precision, v);
}

std::string pad_left(std::string s, int64_t width) {
  const auto len = static_cast<int64_t>(s.size());
  if (len < width) s.insert(0, static_cast<size_t>(width - len), ' ');
  return s;
}

// Python's math.floor(a / b) for b > 0.
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// ---- The formatter ----------------------------------------------------------------------------

enum class Kind { Bool, Integer, Floating };

// The values shown, converted once: doubles for the floating dtypes (half and bfloat16 through
// float, as PyTorch's .float()), int64 for integers and bool.
struct Values {
  Kind kind;
  std::vector<double> f;
  std::vector<int64_t> i;
  size_t size() const { return kind == Kind::Floating ? f.size() : i.size(); }
};

class Formatter {
 public:
  Formatter(const Values& values, const PrintOptions& opts)
      : kind_(values.kind), precision_(opts.precision) {
    if (kind_ == Kind::Bool) {
      for (int64_t v : values.i) max_width_ = std::max<int64_t>(max_width_, v ? 4 : 5);
      return;
    }
    if (kind_ == Kind::Integer) {
      for (int64_t v : values.i) {
        max_width_ = std::max<int64_t>(max_width_, static_cast<int64_t>(std::to_string(v).size()));
      }
      return;
    }
    // Floating: decided by the finite non-zero values only.
    std::vector<double> vals;
    for (double v : values.f) {
      if (std::isfinite(v) && v != 0) vals.push_back(v);
    }
    if (vals.empty()) return;  // nothing to decide from; the sci_mode option is not applied either
    double max_abs = 0, min_abs = std::numeric_limits<double>::infinity();
    for (double v : vals) {
      max_abs = std::max(max_abs, std::fabs(v));
      min_abs = std::min(min_abs, std::fabs(v));
      if (v != std::ceil(v)) int_mode_ = false;
    }
    const bool wide_range = max_abs / min_abs > 1000.0 || max_abs > 1.0e8;
    if (int_mode_) {
      sci_mode_ = wide_range;
    } else {
      sci_mode_ = wide_range || min_abs < 1.0e-4;
    }
    for (double v : vals) {
      int64_t len;
      if (sci_mode_) {
        len = static_cast<int64_t>(format_sci(v, precision_).size());
      } else if (int_mode_) {
        len = static_cast<int64_t>(format_fixed(v, 0).size()) + 1;  // the "." appended
      } else {
        len = static_cast<int64_t>(format_fixed(v, precision_).size());
      }
      max_width_ = std::max(max_width_, len);
    }
    if (opts.sci_mode) sci_mode_ = *opts.sci_mode;
  }

  int64_t width() const { return max_width_; }

  std::string format_float(double v) const {
    std::string s;
    if (sci_mode_) {
      s = format_sci(v, precision_);
    } else if (int_mode_) {
      s = format_fixed(v, 0);
      if (std::isfinite(v)) s += '.';
    } else {
      s = format_fixed(v, precision_);
    }
    return pad_left(std::move(s), max_width_);
  }
  std::string format_int(int64_t v) const {
    if (kind_ == Kind::Bool) return pad_left(v ? "True" : "False", max_width_);
    return pad_left(std::to_string(v), max_width_);
  }

 private:
  Kind kind_;
  int precision_;
  bool int_mode_ = true;
  bool sci_mode_ = false;
  int64_t max_width_ = 1;
};

// ---- Walking the shown elements ---------------------------------------------------------------

class Printer {
 public:
  Printer(const Tensor& t, const PrintOptions& opts)
      : sizes_(t.sizes()), strides_(t.strides()), ndim_(t.dim()), opts_(opts) {
    summarize_ = t.numel() > opts.threshold;
  }

  // The element offsets (in elements from data()) of the shown values, in print order.
  std::vector<int64_t> shown_offsets() const {
    std::vector<int64_t> out;
    if (ndim_ == 0) {
      out.push_back(0);
    } else {
      collect(0, 0, out);
    }
    return out;
  }

  // The bracketed body, from the formatted shown values (in print order).
  std::string body(const std::vector<std::string>& strs, int64_t element_width,
                   int64_t indent) const {
    size_t pos = 0;
    if (ndim_ == 0) return strs.at(0);
    return build(0, indent, strs, pos, element_width);
  }

 private:
  // Whether dimension d is cut, and where: indices [0, head) then "..." then [tail, n).
  bool cut(int64_t d, int64_t& head, int64_t& tail) const {
    const int64_t n = sizes_[d];
    const int64_t e = opts_.edgeitems;
    if (!summarize_ || n <= 2 * e) return false;
    head = e;
    // Python's self[-0:] is the whole dimension: with edgeitems 0 a row shows every item after
    // the "..." (n-D tensors do not get here: tensor_body throws as PyTorch does).
    tail = e == 0 ? 0 : n - e;
    return true;
  }

  void collect(int64_t d, int64_t offset, std::vector<int64_t>& out) const {
    const int64_t n = sizes_[d];
    int64_t head = n, tail = n;
    cut(d, head, tail);
    auto visit = [&](int64_t i) {
      const int64_t off = offset + i * strides_[d];
      if (d == ndim_ - 1) {
        out.push_back(off);
      } else {
        collect(d + 1, off, out);
      }
    };
    for (int64_t i = 0; i < head; ++i) visit(i);
    for (int64_t i = tail; i < n; ++i) visit(i);
  }

  std::string build(int64_t d, int64_t indent, const std::vector<std::string>& strs, size_t& pos,
                    int64_t element_width) const {
    const int64_t n = sizes_[d];
    int64_t head = n, tail = n;
    const bool is_cut = cut(d, head, tail);
    if (d == ndim_ - 1) {
      // One row: items wrapped so each line holds floor((linewidth - indent) / (width + 2)).
      std::vector<std::string> items;
      for (int64_t i = 0; i < head; ++i) items.push_back(strs.at(pos++));
      if (is_cut) items.emplace_back(" ...");
      for (int64_t i = tail; i < n; ++i) items.push_back(strs.at(pos++));
      const int64_t per_line =
          std::max<int64_t>(1, floor_div(opts_.linewidth - indent, element_width + 2));
      const std::string line_sep = ",\n" + std::string(static_cast<size_t>(indent + 1), ' ');
      std::string s = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) s += (static_cast<int64_t>(i) % per_line == 0) ? line_sep : std::string(", ");
        s += items[i];
      }
      return s + "]";
    }
    const std::string sep = "," + std::string(static_cast<size_t>(ndim_ - d - 1), '\n') +
                            std::string(static_cast<size_t>(indent + 1), ' ');
    std::vector<std::string> rows;
    for (int64_t i = 0; i < head; ++i)
      rows.push_back(build(d + 1, indent + 1, strs, pos, element_width));
    if (is_cut) rows.emplace_back("...");
    for (int64_t i = tail; i < n; ++i)
      rows.push_back(build(d + 1, indent + 1, strs, pos, element_width));
    std::string s = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
      if (i > 0) s += sep;
      s += rows[i];
    }
    return s + "]";
  }

  IntArrayRef sizes_;
  IntArrayRef strides_;
  int64_t ndim_;
  const PrintOptions& opts_;
  bool summarize_ = false;
};

std::string tensor_body(const Tensor& t, int64_t indent, const PrintOptions& opts) {
  // PyTorch gathers the summarized rows with torch.stack, which fails for edgeitems 0.
  EMBER_CHECK(!(t.numel() > opts.threshold && opts.edgeitems == 0 && t.dim() >= 2),
              "stack expects a non-empty TensorList");
  Printer printer(t, opts);
  const std::vector<int64_t> offsets = printer.shown_offsets();

  Values values;
  const ScalarType dt = t.scalar_type();
  values.kind = dt == kBool ? Kind::Bool : is_floating_type(dt) ? Kind::Floating : Kind::Integer;
  visit_dtype(dt, [&]<class T>() {
    const T* data = static_cast<const T*>(t.data_ptr());
    for (int64_t off : offsets) {
      const T v = data[off];
      if constexpr (std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>) {
        values.f.push_back(static_cast<double>(static_cast<float>(v)));
      } else if constexpr (std::is_floating_point_v<T>) {
        values.f.push_back(static_cast<double>(v));
      } else {
        values.i.push_back(static_cast<int64_t>(v));
      }
    }
  });

  const Formatter formatter(values, opts);
  std::vector<std::string> strs;
  strs.reserve(values.size());
  if (values.kind == Kind::Floating) {
    for (double v : values.f) strs.push_back(formatter.format_float(v));
  } else {
    for (int64_t v : values.i) strs.push_back(formatter.format_int(v));
  }
  return printer.body(strs, formatter.width(), indent);
}

std::string dtype_suffix(ScalarType dt) { return "dtype=ember." + std::string(python_name(dt)); }

// Appends ", suffix" to s, or ",\n" + indent spaces + suffix where the line would pass linewidth.
std::string add_suffixes(std::string s, const std::vector<std::string>& suffixes, int64_t indent,
                         int64_t linewidth) {
  const size_t nl = s.rfind('\n');
  // Python's len(s) - s.rfind("\n") + 1, where rfind gives -1 without a newline.
  int64_t last_line_len = static_cast<int64_t>(s.size()) -
                          (nl == std::string::npos ? -1 : static_cast<int64_t>(nl)) + 1;
  for (const std::string& suffix : suffixes) {
    const auto len = static_cast<int64_t>(suffix.size());
    if (last_line_len + len + 2 > linewidth) {
      s += ",\n" + std::string(static_cast<size_t>(indent), ' ') + suffix;
      last_line_len = indent + len;
    } else {
      s += ", " + suffix;
      last_line_len += len + 2;
    }
  }
  return s + ")";
}

}  // namespace

void set_printoptions(const PrintOptions& options) {
  EMBER_CHECK(options.precision >= 0, "set_printoptions: precision must be non-negative, got ",
              options.precision);
  EMBER_CHECK(options.threshold >= 0, "set_printoptions: threshold must be non-negative, got ",
              options.threshold);
  EMBER_CHECK(options.edgeitems >= 0, "set_printoptions: edgeitems must be non-negative, got ",
              options.edgeitems);
  std::lock_guard<std::mutex> lock(g_options_mutex);
  g_options = options;
}

PrintOptions get_printoptions() {
  std::lock_guard<std::mutex> lock(g_options_mutex);
  return g_options;
}

void set_printoptions_profile(std::string_view profile) {
  PrintOptions o;
  if (profile == "short") {
    o.precision = 2;
    o.edgeitems = 2;
  } else if (profile == "full") {
    o.threshold = std::numeric_limits<int64_t>::max();
  } else {
    EMBER_CHECK(profile == "default", "set_printoptions: unknown profile '", profile,
                "' (expected 'default', 'short' or 'full')");
  }
  set_printoptions(o);
}

void set_grad_fn_name_hook(GradFnNameHook hook) { g_grad_fn_hook.store(hook); }

std::string repr(const Tensor& input) {
  if (!input.defined()) return "[ Tensor (undefined) ]";
  const PrintOptions opts = get_printoptions();
  const std::string prefix = "tensor(";
  const auto indent = static_cast<int64_t>(prefix.size());
  std::vector<std::string> suffixes;

  if (!input.is_cpu()) suffixes.push_back("device='" + input.device().str() + "'");
  const Tensor t = input.is_cpu() ? input : input.cpu();

  const ScalarType dt = t.scalar_type();
  std::string body;
  if (t.numel() == 0) {
    if (t.dim() != 1) {
      std::string size = "size=(";
      for (int64_t i = 0; i < t.dim(); ++i) {
        if (i > 0) size += ", ";
        size += std::to_string(t.sizes()[i]);
      }
      suffixes.push_back(size + ")");
    }
    if (dt != get_default_dtype()) suffixes.push_back(dtype_suffix(dt));
    body = "[]";
  } else {
    if (dt != get_default_dtype() && dt != kLong && dt != kBool)
      suffixes.push_back(dtype_suffix(dt));
    body = tensor_body(t, indent, opts);
  }

  std::optional<std::string> grad_fn;
  if (GradFnNameHook hook = g_grad_fn_hook.load()) grad_fn = hook(input);
  if (grad_fn) {
    suffixes.push_back("grad_fn=<" + *grad_fn + ">");
  } else if (input.requires_grad()) {
    suffixes.push_back("requires_grad=True");
  }
  return add_suffixes(prefix + body, suffixes, indent, opts.linewidth);
}

std::string Tensor::repr() const { return ember::repr(*this); }

std::string repr(ScalarType t) { return "ember." + std::string(python_name(t)); }

}  // namespace ember
