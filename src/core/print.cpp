// libtorch's C++ printing of tensors (what `std::cout << tensor` shows in a libtorch program):
// values as columns, one row per line, then a "[ CPUFloatType{2,3} ]" footer. Every value is
// shown as a double; one format (integer, fixed with 4 decimals, fixed with a common scale
// factor, or scientific) is chosen for the whole matrix from its smallest and largest magnitudes.
// The rules, quirks included, were read off libtorch 1.13's output
// (tests/reference/libtorch/print_ref.cpp writes the cases tests/core/test_print.cpp checks).
#include "ember/core/print.h"

#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <ostream>
#include <string>
#include <vector>

#include "ember/core/Tensor.h"

namespace ember {

namespace {

// Restores the stream's flags, precision and fill when printing ends (the caller's format
// settings survive, as libtorch's).
class FormatGuard {
 public:
  explicit FormatGuard(std::ostream& os) : os_(os), saved_(nullptr) { saved_.copyfmt(os); }
  ~FormatGuard() { os_.copyfmt(saved_); }
  FormatGuard(const FormatGuard&) = delete;
  FormatGuard& operator=(const FormatGuard&) = delete;

 private:
  std::ostream& os_;
  std::ios saved_;
};

struct Format {
  double scale = 1;
  int width = 0;
};

// Number of digits before the point of |v| (v finite, non-zero): floor(log10|v|) + 1.
double digits_of(double v) { return v != 0 ? std::floor(std::log10(v)) + 1 : 1; }

// Chooses the format for values v[0..n) and sets the stream's float mode (and precision for the
// non-integer formats) accordingly.
Format choose_format(std::ostream& os, const double* v, int64_t n) {
  Format f;
  if (n == 0) return f;
  bool integral = true;
  for (int64_t i = 0; i < n; ++i) {
    if (std::isfinite(v[i]) && v[i] != std::ceil(v[i])) {
      integral = false;
      break;
    }
  }
  int64_t first = 0;
  while (first < n && !std::isfinite(v[first])) ++first;
  double exp_min = 1;
  double exp_max = 1;
  if (first < n) {
    double lo = std::fabs(v[first]);
    double hi = lo;
    for (int64_t i = first; i < n; ++i) {
      const double a = std::fabs(v[i]);
      if (!std::isfinite(a)) continue;
      if (a < lo) lo = a;
      // libtorch compares the signed value here, so a negative element never raises the
      // largest magnitude (only the first finite element's magnitude can come from one).
      if (v[i] > hi) hi = a;
    }
    exp_min = digits_of(lo);
    exp_max = digits_of(hi);
  }
  if (integral) {
    if (exp_max > 9) {
      f.width = 11;
      os << std::scientific << std::setprecision(4);
    } else {
      f.width = static_cast<int>(exp_max) + 1;
      os << std::defaultfloat;
    }
  } else if (exp_max - exp_min > 4) {
    f.width = std::fabs(exp_max) > 99 || std::fabs(exp_min) > 99 ? 12 : 11;
    os << std::scientific << std::setprecision(4);
  } else {
    if (exp_max > 5 || exp_max < 0) {
      f.width = 7;
      f.scale = std::pow(10.0, exp_max - 1);
    } else {
      f.width = exp_max == 0 ? 7 : static_cast<int>(exp_max) + 6;
    }
    os << std::fixed << std::setprecision(4);
  }
  return f;
}

void print_scale(std::ostream& os, double scale) {
  FormatGuard guard(os);
  os << std::defaultfloat << scale << " *\n";  // in the stream's current precision
}

void print_indent(std::ostream& os, int64_t indent) {
  for (int64_t i = 0; i < indent; ++i) os << ' ';
}

// A rows x cols row-major matrix, split into column blocks that fit linesize.
void print_matrix(std::ostream& os, const double* m, int64_t rows, int64_t cols, int64_t linesize,
                  int64_t indent) {
  const Format f = choose_format(os, m, rows * cols);
  print_indent(os, indent);
  const int64_t per_line = std::max<int64_t>((linesize - indent) / (f.width + 1), 1);
  for (int64_t first = 0; first < cols;) {
    const int64_t last = std::min(first + per_line, cols) - 1;
    if (per_line < cols) {
      if (first != 0) os << '\n';
      // libtorch ends this header with the indent only, no newline: the first row follows it.
      os << "Columns " << first + 1 << " to " << last + 1;
      print_indent(os, indent);
    }
    if (f.scale != 1) {
      print_scale(os, f.scale);
      print_indent(os, indent);
    }
    for (int64_t r = 0; r < rows; ++r) {
      for (int64_t c = first; c <= last; ++c) {
        os << std::setw(f.width) << m[r * cols + c] / f.scale;
        if (c != last) {
          os << ' ';
          continue;
        }
        os << '\n';
        if (r != rows - 1) {
          print_indent(os, indent);
          if (f.scale != 1) os << ' ';
        }
      }
    }
    first = last + 1;
  }
}

// Three or more dimensions: each trailing matrix under a "(i,j,.,.) = " header, the first index
// varying fastest.
void print_slices(std::ostream& os, const double* v, IntArrayRef sizes, int64_t linesize) {
  const int64_t outer_dims = static_cast<int64_t>(sizes.size()) - 2;
  const int64_t rows = sizes[outer_dims];
  const int64_t cols = sizes[outer_dims + 1];
  std::vector<int64_t> counter(outer_dims, 0);
  for (bool first = true;; first = false) {
    if (!first) {
      int64_t d = 0;
      while (d < outer_dims && ++counter[d] >= sizes[d]) counter[d++] = 0;
      if (d == outer_dims) return;
      os << '\n';
    }
    os << '(';
    int64_t offset = 0;
    for (int64_t d = 0; d < outer_dims; ++d) {
      os << counter[d] + 1 << ',';
      offset = offset * sizes[d] + counter[d];
    }
    os << ".,.) = \n";
    print_matrix(os, v + offset * rows * cols, rows, cols, linesize, 1);
  }
}

}  // namespace

std::string Tensor::toString() const {
  if (!defined()) return "UndefinedType";
  std::string name = is_cuda() ? "CUDA" : "CPU";
  name += to_string(scalar_type());
  return name + "Type";
}

std::ostream& print(std::ostream& os, const Tensor& t, int64_t linesize) {
  FormatGuard guard(os);
  if (!t.defined()) return os << "[ Tensor (undefined) ]";
  const Tensor d = t.detach().to(Device(kCPU), kDouble).contiguous();
  const double* v = d.data_ptr<double>();
  const IntArrayRef sizes = t.sizes();
  if (sizes.empty()) {
    os << std::defaultfloat << v[0] << '\n';
  } else if (t.numel() > 0 && sizes.size() == 1) {
    const Format f = choose_format(os, v, sizes[0]);
    if (f.scale != 1) print_scale(os, f.scale);
    for (int64_t i = 0; i < sizes[0]; ++i) os << std::setw(f.width) << v[i] / f.scale << '\n';
  } else if (t.numel() > 0 && sizes.size() == 2) {
    print_matrix(os, v, sizes[0], sizes[1], linesize, 0);
  } else if (t.numel() > 0) {
    print_slices(os, v, sizes, linesize);
  }
  os << "[ " << t.toString() << '{';
  for (size_t i = 0; i < sizes.size(); ++i) os << (i ? "," : "") << sizes[i];
  return os << "} ]";
}

void print(const Tensor& t, int64_t linesize) {
  print(std::cout, t, linesize);
  std::cout << '\n';
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) { return print(os, t, 80); }

std::ostream& operator<<(std::ostream& os, const TensorOptions& options) {
  auto defaulted = [&](bool set) { return set ? "" : " (default)"; };
  os << "TensorOptions(dtype=" << options.dtype() << defaulted(options.has_dtype())
     << ", device=" << options.device() << defaulted(options.has_device()) << ", layout=Strided"
     << defaulted(options.has_layout()) << ", requires_grad=" << std::boolalpha
     << options.requires_grad() << defaulted(options.has_requires_grad())
     << ", pinned_memory=" << options.pinned_memory() << defaulted(options.has_pinned_memory())
     << ", memory_format=(nullopt))";
  return os;
}

}  // namespace ember
