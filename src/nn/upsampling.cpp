// torch::upsample_nearest1d/2d, torch::upsample_linear1d, torch::upsample_bilinear2d and
// nn::functional::interpolate. Each spatial dim is resampled on its own (index_select of source
// positions, weighted for the linear modes), with PyTorch 1.13's source indices and weights
// computed in the input's precision (float for float), so gradients flow as PyTorch's.
#include <cmath>
#include <optional>
#include <sstream>
#include <variant>
#include <vector>

#include "ember/core/Warning.h"
#include "ember/nn/functional.h"
#include "ember/ops/conv.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"

namespace ember {

namespace {

// PyTorch's compute_scales_value: 1 / scale when given (positive), else in / out.
template <class T>
T scale_value(std::optional<double> scale, int64_t in, int64_t out) {
  return scale && *scale > 0 ? static_cast<T>(1.0 / *scale)
                             : static_cast<T>(in) / static_cast<T>(out);
}

void check_output_size(IntArrayRef output_size, size_t dims) {
  EMBER_CHECK(output_size.size() == dims, "It is expected output_size equals to ", dims,
              ", but got size ", output_size.size());
}

// The nearest source index of each output position along a dim (PyTorch's nearest_idx).
Tensor nearest_indices(int64_t in, int64_t out, std::optional<double> scale) {
  std::vector<int64_t> idx(static_cast<size_t>(out));
  const float s = scale_value<float>(scale, in, out);
  for (int64_t i = 0; i < out; ++i) {
    if (out == in) {
      idx[static_cast<size_t>(i)] = i;
    } else if (out == 2 * in) {
      idx[static_cast<size_t>(i)] = i >> 1;
    } else {
      const auto src = static_cast<int64_t>(std::floor(static_cast<float>(i) * s));
      idx[static_cast<size_t>(i)] = std::min(src, in - 1);
    }
  }
  return tensor(ArrayRef<int64_t>(idx));
}

// Linear resampling of dim (from the end: -1 or -2) to out positions.
template <class T>
Tensor linear_along(const Tensor& x, int64_t dim, int64_t out, bool align_corners,
                    std::optional<double> scale) {
  const int64_t in = x.size(dim);
  T s;
  if (align_corners) {
    s = out > 1 ? static_cast<T>(in - 1) / static_cast<T>(out - 1) : T(0);
  } else {
    s = scale_value<T>(scale, in, out);
  }
  std::vector<int64_t> i0(static_cast<size_t>(out)), i1(static_cast<size_t>(out));
  std::vector<T> w0(static_cast<size_t>(out)), w1(static_cast<size_t>(out));
  for (int64_t i = 0; i < out; ++i) {
    T real = align_corners ? s * static_cast<T>(i) : s * (static_cast<T>(i) + T(0.5)) - T(0.5);
    if (!align_corners && real < 0) real = 0;
    const int64_t index = std::min(static_cast<int64_t>(real), in - 1);
    const T lambda = std::min(std::max(real - static_cast<T>(index), T(0)), T(1));
    const auto k = static_cast<size_t>(i);
    i0[k] = index;
    i1[k] = index + (index < in - 1 ? 1 : 0);
    w0[k] = T(1) - lambda;
    w1[k] = lambda;
  }
  // Weights shaped to broadcast along dim.
  std::vector<int64_t> shape(static_cast<size_t>(-dim), 1);
  shape[0] = out;
  const TensorOptions options = x.options();
  const Tensor weight0 = tensor(ArrayRef<T>(w0)).to(options.dtype()).view(shape);
  const Tensor weight1 = tensor(ArrayRef<T>(w1)).to(options.dtype()).view(shape);
  const Tensor index0 = tensor(ArrayRef<int64_t>(i0)).to(x.device());
  const Tensor index1 = tensor(ArrayRef<int64_t>(i1)).to(x.device());
  return x.index_select(dim, index0) * weight0.to(x.device()) +
         x.index_select(dim, index1) * weight1.to(x.device());
}

Tensor linear_along(const Tensor& x, int64_t dim, int64_t out, bool align_corners,
                    std::optional<double> scale) {
  if (x.dtype() == kDouble) return linear_along<double>(x, dim, out, align_corners, scale);
  return linear_along<float>(x, dim, out, align_corners, scale);
}

void check_upsample_input(const Tensor& self, int64_t spatial, IntArrayRef output_size) {
  EMBER_CHECK(self.dim() == spatial + 2, "Non-empty ", spatial + 2,
              "D data tensor expected but got a tensor with sizes ", self.sizes());
  for (int64_t size : output_size) {
    EMBER_CHECK(size > 0, "Input and output sizes should be greater than 0, but got output ",
                "size ", output_size);
  }
}

}  // namespace

Tensor upsample_nearest1d(const Tensor& self, IntArrayRef output_size,
                          std::optional<double> scales) {
  check_output_size(output_size, 1);
  check_upsample_input(self, 1, output_size);
  return self.index_select(2,
                           nearest_indices(self.size(2), output_size[0], scales).to(self.device()));
}

Tensor upsample_nearest2d(const Tensor& self, IntArrayRef output_size,
                          std::optional<double> scales_h, std::optional<double> scales_w) {
  check_output_size(output_size, 2);
  check_upsample_input(self, 2, output_size);
  const Tensor rows = self.index_select(
      2, nearest_indices(self.size(2), output_size[0], scales_h).to(self.device()));
  return rows.index_select(
      3, nearest_indices(self.size(3), output_size[1], scales_w).to(self.device()));
}

Tensor upsample_linear1d(const Tensor& self, IntArrayRef output_size, bool align_corners,
                         std::optional<double> scales) {
  check_output_size(output_size, 1);
  check_upsample_input(self, 1, output_size);
  return linear_along(self, -1, output_size[0], align_corners, scales);
}

Tensor upsample_bilinear2d(const Tensor& self, IntArrayRef output_size, bool align_corners,
                           std::optional<double> scales_h, std::optional<double> scales_w) {
  check_output_size(output_size, 2);
  check_upsample_input(self, 2, output_size);
  // Along W, then H: PyTorch's h0 * (w0 * x00 + w1 * x01) + h1 * (...).
  const Tensor columns = linear_along(self, -1, output_size[1], align_corners, scales_w);
  return linear_along(columns, -2, output_size[0], align_corners, scales_h);
}

namespace nn::functional {

// "[2, 1.5]", as libtorch prints an ArrayRef<double>.
std::string doubles(const std::vector<double>& values) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < values.size(); ++i) os << (i ? ", " : "") << values[i];
  os << "]";
  return os.str();
}

namespace {
// libtorch's _interp_output_size.
std::vector<int64_t> interp_output_size(const Tensor& input, int64_t dims,
                                        const std::optional<std::vector<int64_t>>& size,
                                        const std::optional<std::vector<double>>& scale_factor,
                                        std::optional<bool> recompute_scale_factor) {
  EMBER_CHECK(size || scale_factor, "either size or scale_factor should be defined");
  EMBER_CHECK(!(size && scale_factor), "only one of size or scale_factor should be defined");
  if (scale_factor) {
    EMBER_CHECK(static_cast<int64_t>(scale_factor->size()) == dims,
                "scale_factor shape must match input shape. Input is ", dims,
                "D, scale_factor size is ", doubles(*scale_factor));
  }
  if (size) return *size;
  if (!recompute_scale_factor) {
    for (double scale : *scale_factor) {
      if (std::floor(scale) != scale) {
        warn(
            "The default behavior for interpolate/upsample with float scale_factor changed in "
            "1.6.0 to align with other frameworks/libraries, and uses scale_factor directly, "
            "instead of relying on the computed output size. If you wish to keep the old "
            "behavior, please set recompute_scale_factor=True. See the documentation of "
            "nn.Upsample for details. ");
        break;
      }
    }
  }
  std::vector<int64_t> result;
  for (int64_t i = 0; i < dims; ++i) {
    result.push_back(static_cast<int64_t>(std::floor(static_cast<double>(input.size(i + 2)) *
                                                     (*scale_factor)[static_cast<size_t>(i)])));
  }
  return result;
}
}  // namespace

Tensor interpolate(const Tensor& input, const InterpolateFuncOptions& options) {
  const auto& mode = options.mode();
  std::optional<bool> align_corners = options.align_corners();
  const bool nearest = std::holds_alternative<enumtype::kNearest>(mode);
  if (nearest || std::holds_alternative<enumtype::kArea>(mode)) {
    EMBER_CHECK(!align_corners,
                "align_corners option can only be set with the interpolating modes: linear | "
                "bilinear | bicubic | trilinear");
  } else if (!align_corners) {
    warn("Default upsampling behavior when mode=" + enumtype::get_enum_name(mode) +
         " is changed to align_corners=False since 0.4.0. Please specify align_corners=True "
         "if the old behavior is desired. See the documentation of nn.Upsample for details.");
    align_corners = false;
  }
  // The scale factors the kernels use (unless recomputed from the output size).
  std::vector<std::optional<double>> scales(
      static_cast<size_t>(std::max<int64_t>(input.dim() - 2, 0)));
  if (options.scale_factor() && !options.recompute_scale_factor().value_or(false)) {
    scales.assign(options.scale_factor()->begin(), options.scale_factor()->end());
  }
  EMBER_CHECK(!options.antialias(),
              "Anti-alias option is only supported for bilinear and bicubic modes");
  const auto output_size = [&](int64_t dims) {
    return interp_output_size(input, dims, options.size(), options.scale_factor(),
                              options.recompute_scale_factor());
  };
  const auto scale = [&](size_t i) { return i < scales.size() ? scales[i] : std::nullopt; };
  const int64_t dim = input.dim();
  const std::string name = enumtype::get_enum_name(mode);
  if (nearest && dim == 3) return upsample_nearest1d(input, output_size(1), scale(0));
  if (nearest && dim == 4) return upsample_nearest2d(input, output_size(2), scale(0), scale(1));
  if (std::holds_alternative<enumtype::kArea>(mode) && dim == 3) {
    return ember::adaptive_avg_pool1d(input, output_size(1));
  }
  if (std::holds_alternative<enumtype::kArea>(mode) && dim == 4) {
    return ember::adaptive_avg_pool2d(input, output_size(2));
  }
  const bool linear = std::holds_alternative<enumtype::kLinear>(mode);
  const bool bilinear = std::holds_alternative<enumtype::kBilinear>(mode);
  if (linear && dim == 3) return upsample_linear1d(input, output_size(1), *align_corners, scale(0));
  if (bilinear && dim == 4) {
    return upsample_bilinear2d(input, output_size(2), *align_corners, scale(0), scale(1));
  }
  EMBER_CHECK(!(bilinear && dim == 3), "Got 3D input, but bilinear mode needs 4D input");
  EMBER_CHECK(!(linear && dim == 4), "Got 4D input, but linear mode needs 3D input");
  EMBER_CHECK(!(bilinear && dim == 5), "Got 5D input, but bilinear mode needs 4D input");
  EMBER_CHECK(!(linear && dim == 5), "Got 5D input, but linear mode needs 3D input");
  EMBER_CHECK(dim >= 3 && dim <= 5, "Input Error: Only 3D, 4D and 5D input Tensors supported (got ",
              dim,
              "D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | "
              "nearest-exact (got ",
              name, ")");
  ember::detail::fail("interpolate: mode ", name, " on ", dim,
                      "-D input is not implemented in ember");
}

}  // namespace nn::functional

}  // namespace ember
