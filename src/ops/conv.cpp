// 2-D convolution and pooling: argument checks with PyTorch 1.13's messages (in its order), result
// shapes and autograd nodes; the loops are in cpu/conv_kernels. Each backward is itself a recorded
// op (ConvolutionBackwardBackward0, MaxPool2DWithIndicesBackwardBackward0, ...) whose derivative
// is written with the forward ops, as PyTorch's derivatives.yaml does, so gradients of gradients
// work to any order although the first-order formulas run raw kernels.
#include "ember/ops/conv.h"

#include <array>
#include <limits>
#include <utility>
#include <vector>

#include "autograd/function.h"
#include "core/wrapping.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/Scalar.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "kernels/table.h"

namespace ember {

namespace {

using autograd::Grads;
using autograd::tensor_list;

// ---- Convolution ------------------------------------------------------------------------------

struct ConvParams {
  std::array<int64_t, 2> stride{1, 1}, padding{0, 0}, dilation{1, 1};
  int64_t groups = 1;
};

bool is_float_or_double(ScalarType t) { return t == kFloat || t == kDouble; }

// PyTorch's expand_param_if_needed: one value applies to every spatial dim.
DimVector expand_param_if_needed(IntArrayRef p, const char* name, int64_t dim) {
  if (p.size() == 1) return DimVector(static_cast<size_t>(dim), p[0]);
  EMBER_CHECK(static_cast<int64_t>(p.size()) == dim, "expected ", name,
              " to be a single integer value or a list of ", dim,
              " values to match the convolution dimensions, but got ", name, "=", p);
  return DimVector(p);
}

// A 3-D (unbatched) input gets a batch dim of one (recorded, as PyTorch's batchify).
std::pair<Tensor, bool> batchify(const Tensor& input) {
  EMBER_CHECK(input.dim() == 3 || input.dim() == 4,
              "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ",
              input.sizes());
  const bool batched = input.dim() == 4;
  return {batched ? input : input.unsqueeze(0), batched};
}

// in + 2 * pad - dilation * (kernel - 1) - 1 (+ extra): the span a window's start moves over.
// Exact: PyTorch computes it in int64 and goes on with wrapped values; here a padded input size,
// dilated kernel size or span past int64 is an error.
int64_t window_span(const char* op, int64_t in, int64_t pad, int64_t dilation, int64_t kernel,
                    int64_t extra = 0) {
  constexpr __int128 lo = std::numeric_limits<int64_t>::min();
  constexpr __int128 hi = std::numeric_limits<int64_t>::max();
  const auto fits = [&](__int128 v) { return v >= lo && v <= hi; };
  const __int128 padded = static_cast<__int128>(in) + 2 * static_cast<__int128>(pad);
  const __int128 dilated =
      static_cast<__int128>(dilation) * (static_cast<__int128>(kernel) - 1) + 1;
  const __int128 span = padded - dilated + extra;
  EMBER_CHECK(fits(padded) && fits(dilated) && fits(span), op, ": the padded input size (", in,
              " + 2 * ", pad, ") or the dilated kernel size (", dilation, " * (", kernel,
              " - 1) + 1) overflows int64");
  return static_cast<int64_t>(span);
}

kernels::Conv2dGeometry conv_geometry(IntArrayRef in, IntArrayRef w, const ConvParams& p) {
  kernels::Conv2dGeometry g;
  g.batch = in[0];
  g.in_channels = in[1];
  g.in_h = in[2];
  g.in_w = in[3];
  g.out_channels = w[0];
  g.kernel_h = w[2];
  g.kernel_w = w[3];
  g.stride_h = p.stride[0];
  g.stride_w = p.stride[1];
  g.pad_h = p.padding[0];
  g.pad_w = p.padding[1];
  g.dilation_h = p.dilation[0];
  g.dilation_w = p.dilation[1];
  g.groups = p.groups;
  g.out_h = window_span("conv2d", g.in_h, g.pad_h, g.dilation_h, g.kernel_h) / g.stride_h + 1;
  g.out_w = window_span("conv2d", g.in_w, g.pad_w, g.dilation_w, g.kernel_w) / g.stride_w + 1;
  return g;
}

std::tuple<Tensor, Tensor, Tensor> convolution_backward(const Tensor& grad, const Tensor& input,
                                                        const Tensor& weight, const ConvParams& p,
                                                        std::array<bool, 3> mask);

// The convolution of checked 4-D operands, recorded as ConvolutionBackward0.
Tensor convolution(const Tensor& input, const Tensor& weight, const Tensor& bias,
                   const ConvParams& p) {
  Tensor out;
  {
    NoGradGuard no_grad;
    const kernels::Conv2dGeometry g = conv_geometry(input.sizes(), weight.sizes(), p);
    out = detail::make_tensor({g.batch, g.out_channels, g.out_h, g.out_w}, input.dtype(),
                              input.device());
    kernels::conv2d_forward_kernel(out, input.contiguous(), weight.contiguous(),
                                   bias.defined() ? bias.contiguous() : Tensor(), g);
  }
  if (autograd::should_record(input, weight, bias)) {
    autograd::record(
        "ConvolutionBackward0", out, {input, weight, bias},
        [p](const Grads& g, const Tensor& input, const Tensor& weight) {
          auto [gi, gw, gb] =
              convolution_backward(g[0], input, weight, p, {g.needs(0), g.needs(1), g.needs(2)});
          return tensor_list{gi, gw, gb};
        },
        autograd::save(input), autograd::save(weight));
  }
  return out;
}

// PyTorch's convolution_backward: the gradients of input, weight and bias selected by mask.
// Recorded (when grad mode is on, i.e. under create_graph) as ConvolutionBackwardBackward0:
// grad_input is linear in (grad, weight), grad_weight in (grad, input), grad_bias in grad, so
// their derivatives are convolutions and convolution backwards again.
std::tuple<Tensor, Tensor, Tensor> convolution_backward(const Tensor& grad, const Tensor& input,
                                                        const Tensor& weight, const ConvParams& p,
                                                        std::array<bool, 3> mask) {
  Tensor gi, gw, gb;
  if (!mask[0] && !mask[1] && !mask[2]) return {gi, gw, gb};
  {
    NoGradGuard no_grad;
    const kernels::Conv2dGeometry g = conv_geometry(input.sizes(), weight.sizes(), p);
    if (mask[0]) gi = detail::make_tensor(input.sizes(), grad.dtype(), grad.device());
    if (mask[1]) gw = detail::make_tensor(weight.sizes(), grad.dtype(), grad.device());
    if (mask[2]) gb = detail::make_tensor({g.out_channels}, grad.dtype(), grad.device());
    kernels::conv2d_backward_kernel(grad.contiguous(), mask[1] ? input.contiguous() : Tensor(),
                                    mask[0] ? weight.contiguous() : Tensor(), gi, gw, gb, g);
  }
  if (autograd::should_record(grad, input, weight)) {
    std::vector<Tensor> outs;
    for (const Tensor* t : {&gi, &gw, &gb}) {
      if (t->defined()) outs.push_back(*t);
    }
    autograd::record_multi(
        "ConvolutionBackwardBackward0", outs, {grad, input, weight},
        [p, mask](const Grads& g, const Tensor& grad, const Tensor& input, const Tensor& weight) {
          size_t k = 0;
          const Tensor ggi = mask[0] ? g[k++] : Tensor();
          const Tensor ggw = mask[1] ? g[k++] : Tensor();
          const Tensor ggb = mask[2] ? g[k++] : Tensor();
          Tensor d_grad, d_input, d_weight;
          if (g.needs(0)) {
            auto add = [&d_grad](const Tensor& t) { d_grad = d_grad.defined() ? d_grad + t : t; };
            if (ggi.defined()) add(convolution(ggi, weight, Tensor(), p));
            if (ggw.defined()) add(convolution(input, ggw, Tensor(), p));
            if (ggb.defined()) {
              const Tensor b = ggb.view({1, -1, 1, 1});
              d_grad = d_grad.defined() ? d_grad + b : b.expand(grad.sizes());
            }
          }
          if (g.needs(1) && ggw.defined()) {
            d_input = std::get<0>(convolution_backward(grad, input, ggw, p, {true, false, false}));
          }
          if (g.needs(2) && ggi.defined()) {
            d_weight =
                std::get<1>(convolution_backward(grad, ggi, weight, p, {false, true, false}));
          }
          return tensor_list{d_grad, d_input, d_weight};
        },
        autograd::save(grad), autograd::save(input), autograd::save(weight));
  }
  return {gi, gw, gb};
}

// at::convolution's checks (PyTorch 1.13's _convolution and check_shape_forward, in order) on a
// 4-D input, then the recorded convolution.
Tensor checked_convolution(const Tensor& input, const Tensor& weight, const Tensor& bias,
                           IntArrayRef stride_, IntArrayRef padding_, IntArrayRef dilation_,
                           int64_t groups) {
  const int64_t dim = weight.dim() - 2;
  EMBER_CHECK(dim > 0, "weight should have at least three dimensions");
  EMBER_CHECK(groups > 0, "non-positive groups is not supported");
  const DimVector stride = expand_param_if_needed(stride_, "stride", dim);
  const DimVector padding = expand_param_if_needed(padding_, "padding", dim);
  const DimVector dilation = expand_param_if_needed(dilation_, "dilation", dim);
  const int64_t no_output_padding[] = {0, 0};
  expand_param_if_needed(no_output_padding, "output_padding", dim);

  for (int64_t v : padding) EMBER_CHECK(v >= 0, "negative padding is not supported");
  for (int64_t v : stride) EMBER_CHECK(v > 0, "non-positive stride is not supported");
  const int64_t k = input.dim();
  IntArrayRef ws = weight.sizes();
  EMBER_CHECK(weight.dim() == k, "Expected ", weight.dim(), "-dimensional input for ", weight.dim(),
              "-dimensional weight ", ws, ", but got ", k, "-dimensional input of size ",
              input.sizes(), " instead");
  EMBER_CHECK(ws[0] >= groups, "Given groups=", groups, ", expected weight to be at least ", groups,
              " at dimension 0, but got weight of size ", ws, " instead");
  // PyTorch's message prints the sizes inside a second pair of brackets.
  EMBER_CHECK(ws[0] % groups == 0, "Given groups=", groups, ", expected weight to be divisible by ",
              groups, " at dimension 0, but got weight of size [", ws, "] instead");
  EMBER_CHECK(input.size(1) == ws[1] * groups, "Given groups=", groups, ", weight of size ", ws,
              ", expected input", input.sizes(), " to have ", ws[1] * groups, " channels, but got ",
              input.size(1), " channels instead");
  EMBER_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == ws[0]),
              "Given weight of size ", ws, ", expected bias to be 1-dimensional with ", ws[0],
              " elements, but got bias of size ", bias.sizes(), " instead");
  bool kernel_size_correct = true;
  std::string input_ss, kernel_ss;
  for (int64_t i = 2; i < k; ++i) {
    // In int64 as PyTorch (which reports a wrapped size here); conv_geometry checks it exactly.
    const int64_t in = wrapping::add(input.size(i), wrapping::mul(2, padding[i - 2]));
    const int64_t ker = wrapping::add(wrapping::mul(dilation[i - 2], ws[i] - 1), 1);
    kernel_size_correct = kernel_size_correct && in >= ker;
    input_ss += (i > 2 ? " x " : "") + std::to_string(in);
    kernel_ss += (i > 2 ? " x " : "") + std::to_string(ker);
  }
  EMBER_CHECK(kernel_size_correct, "Calculated padded input size per channel: (", input_ss,
              "). Kernel size: (", kernel_ss,
              "). Kernel size can't be greater than actual input size");
  // Where PyTorch's wrapped sizes passed, the exact ones must fit (and then agree).
  for (int64_t i = 2; i < k; ++i) {
    window_span("conv2d", input.size(i), padding[i - 2], dilation[i - 2], ws[i]);
  }
  // What PyTorch's dilated-convolution backend reports.
  for (int64_t v : dilation) {
    EMBER_CHECK(v > 0, "dilation should be greater than zero, but got ", IntArrayRef(dilation));
  }
  EMBER_CHECK(weight.dtype() == input.dtype(), "expected scalar type ", to_string(input.dtype()),
              " but found ", to_string(weight.dtype()));
  if (!is_float_or_double(input.dtype())) throw_not_implemented("slow_conv2d_cpu", input.dtype());

  ConvParams p;
  for (int i = 0; i < 2; ++i) {
    p.stride[i] = stride[i];
    p.padding[i] = padding[i];
    p.dilation[i] = dilation[i];
  }
  p.groups = groups;
  return convolution(input, weight, bias, p);
}

// PyTorch's constant_pad_nd(input, {0, pad_w, 0, pad_h}) with zeros: pads the end of H and W.
Tensor pad_end(const Tensor& input, int64_t pad_h, int64_t pad_w) {
  const int64_t h = input.size(2), w = input.size(3);
  Tensor out;
  {
    NoGradGuard no_grad;
    out = zeros({input.size(0), input.size(1), h + pad_h, w + pad_w}, input.options());
    detail::copy_raw(detail::alias(out, input.sizes(), out.strides(), out.storage_offset()), input);
  }
  if (autograd::should_record(input)) {
    autograd::record("ConstantPadNdBackward0", out, {input},
                     [h, w](const Grads& g) { return g[0].narrow(2, 0, h).narrow(3, 0, w); });
  }
  return out;
}

// PyTorch's _convolution_same (stride 1): the padding that keeps the size, symmetric when the
// dilated kernel's extent allows, else the extra row/column at the end.
Tensor convolution_same(const Tensor& input, const Tensor& weight, const Tensor& bias,
                        IntArrayRef stride, IntArrayRef dilation, int64_t groups) {
  const int64_t k = weight.dim();
  EMBER_CHECK(k > 2, "weight should have at least three dimensions");
  const int64_t dim = k - 2;
  EMBER_CHECK(k == input.dim(), "Expected ", k, "-dimensional input for ", k, "-dimensional weight",
              weight.sizes(), ", but got ", input.dim(), "-dimensional input of size ",
              input.sizes(), " instead");
  EMBER_CHECK(static_cast<int64_t>(stride.size()) == dim || stride.size() == 1,
              "stride cannot broadcast to ", dim, " dimensions");
  EMBER_CHECK(static_cast<int64_t>(dilation.size()) == dim || dilation.size() == 1,
              "dilation cannot broadcast to ", dim, " dimensions");
  for (int64_t s : stride) {
    EMBER_CHECK(s == 1, "padding='same' is not supported for strided convolutions");
  }
  // The input is 4-D here, so dim == 2.
  int64_t pad_l[2], extra[2];
  for (int i = 0; i < 2; ++i) {
    const int64_t d = dilation.size() == 1 ? dilation[0] : dilation[i];
    int64_t total;
    EMBER_CHECK(!__builtin_mul_overflow(d, weight.size(i + 2) - 1, &total),
                "conv2d: the dilated kernel size (", d, " * (", weight.size(i + 2),
                " - 1) + 1) overflows int64");
    pad_l[i] = total / 2;
    extra[i] = total - 2 * pad_l[i];
  }
  if (extra[0] == 0 && extra[1] == 0) {
    return checked_convolution(input, weight, bias, stride, pad_l, dilation, groups);
  }
  return checked_convolution(pad_end(input, extra[0], extra[1]), weight, bias, stride, pad_l,
                             dilation, groups);
}

// ---- Pooling ----------------------------------------------------------------------------------

// PyTorch's safe_downcast<int>: max_pool2d keeps its arguments in int.
int64_t checked_int(int64_t v) {
  EMBER_CHECK(v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max(),
              "integer out of range");
  return v;
}

// Floor division (PyTorch's div_rtn).
int64_t div_rtn(int64_t x, int64_t y) {
  if (y == -1) return wrapping::sub(0, x);  // INT64_MIN / -1 overflows
  int64_t q = x / y;
  const int64_t r = x % y;
  if (r != 0 && ((r < 0) != (y < 0))) --q;
  return q;
}

int64_t pooling_output_shape(int64_t in, int64_t kernel, int64_t pad, int64_t stride,
                             int64_t dilation, bool ceil_mode) {
  EMBER_CHECK(stride != 0, "stride should not be zero");
  EMBER_CHECK(pad >= 0, "pad must be non-negative, but got pad: ", pad);
  EMBER_CHECK(pad <= kernel / 2, "pad should be at most half of kernel size, but got pad=", pad,
              " and kernel_size=", kernel);
  int64_t out = div_rtn(window_span("pooling", in, pad, dilation, kernel,
                                    ceil_mode ? wrapping::sub(stride, 1) : 0),
                        stride) +
                1;
  // In ceil mode the last window must start inside the input or its left padding.
  if (ceil_mode && static_cast<__int128>(out - 1) * stride >= static_cast<__int128>(in) + pad) {
    --out;
  }
  return out;
}

// Kernel, stride, padding and dilation of a pooling, each expanded to (h, w).
struct PoolArgs {
  int64_t kh, kw, dh, dw, ph, pw, dil_h = 1, dil_w = 1;
};

void pool2d_shape_check(const Tensor& input, const PoolArgs& a, int64_t planes, int64_t in_h,
                        int64_t in_w, int64_t out_h, int64_t out_w) {
  const int64_t ndim = input.dim();
  EMBER_CHECK(a.kw > 0 && a.kh > 0, "kernel size should be greater than zero, but got kH: ", a.kh,
              " kW: ", a.kw);
  EMBER_CHECK(a.dw > 0 && a.dh > 0, "stride should be greater than zero, but got dH: ", a.dh,
              " dW: ", a.dw);
  EMBER_CHECK(a.dil_h > 0 && a.dil_w > 0,
              "dilation should be greater than zero, but got dilationH: ", a.dil_h,
              " dilationW: ", a.dil_w);
  const bool valid_dims = input.size(1) != 0 && input.size(2) != 0;
  EMBER_CHECK((ndim == 3 && input.size(0) != 0 && valid_dims) ||
                  (ndim == 4 && valid_dims && input.size(3) != 0),
              "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
              "but got:",
              input.sizes());
  EMBER_CHECK(a.kw / 2 >= a.pw && a.kh / 2 >= a.ph,
              "pad should be smaller than or equal to half of kernel size, but got padW = ", a.pw,
              ", padH = ", a.ph, ", kW = ", a.kw, ", kH = ", a.kh);
  EMBER_CHECK(out_w >= 1 && out_h >= 1, "Given input size: (", planes, "x", in_h, "x", in_w,
              "). Calculated output size: (", planes, "x", out_h, "x", out_w,
              "). Output size is too small");
}

// The output sizes of a pooling of `input` (3-D or 4-D) to out_h x out_w planes.
DimVector pooled_sizes(const Tensor& input, int64_t out_h, int64_t out_w) {
  DimVector s(input.sizes().slice(0, static_cast<size_t>(input.dim() - 2)));
  s.push_back(out_h);
  s.push_back(out_w);
  return s;
}

kernels::Pool2dGeometry pool_geometry(const Tensor& input, const PoolArgs& a, int64_t out_h,
                                      int64_t out_w) {
  kernels::Pool2dGeometry g;
  g.in_h = input.size(-2);
  g.in_w = input.size(-1);
  g.planes = input.numel() == 0 ? 0 : input.numel() / (g.in_h * g.in_w);
  g.out_h = out_h;
  g.out_w = out_w;
  g.kernel_h = a.kh;
  g.kernel_w = a.kw;
  g.stride_h = a.dh;
  g.stride_w = a.dw;
  g.pad_h = a.ph;
  g.pad_w = a.pw;
  g.dilation_h = a.dil_h;
  g.dilation_w = a.dil_w;
  return g;
}

// The gradient of max_pool2d: grad scattered to the chosen positions. Its own derivative (for
// create_graph) gathers the incoming gradient at the same positions.
Tensor max_pool2d_backward(const Tensor& grad, const Tensor& self, const Tensor& indices,
                           const kernels::Pool2dGeometry& geo) {
  Tensor gi;
  {
    NoGradGuard no_grad;
    gi = detail::make_tensor(self.sizes(), grad.dtype(), grad.device());
    kernels::max_pool2d_backward_kernel(gi, grad.contiguous(), indices.contiguous(), geo);
  }
  if (autograd::should_record(grad, self)) {
    autograd::record(
        "MaxPool2DWithIndicesBackwardBackward0", gi, {grad, self},
        [](const Grads& g, const Tensor& self, const Tensor& indices) {
          return tensor_list{
              g.needs(0) ? g[0].flatten(-2).gather(-1, indices.flatten(-2)).view(indices.sizes())
                         : Tensor(),
              g.needs(1) ? zeros_like(self) : Tensor()};
        },
        autograd::save(self), autograd::save(indices));
  }
  return gi;
}

struct AvgArgs {
  DimVector kernel_size, stride, padding;
  bool ceil_mode;
  bool count_include_pad;
  std::optional<int64_t> divisor_override;
};

Tensor avg_pool2d_backward(const Tensor& grad, const Tensor& self,
                           const kernels::Pool2dGeometry& geo, const AvgArgs& args) {
  Tensor gi;
  {
    NoGradGuard no_grad;
    gi = detail::make_tensor(self.sizes(), grad.dtype(), grad.device());
    kernels::avg_pool2d_backward_kernel(gi, grad.contiguous(), geo, args.count_include_pad,
                                        args.divisor_override);
  }
  if (autograd::should_record(grad, self)) {
    autograd::record(
        "AvgPool2DBackwardBackward0", gi, {grad, self},
        [args](const Grads& g, const Tensor& self) {
          return tensor_list{
              g.needs(0) ? avg_pool2d(g[0], args.kernel_size, args.stride, args.padding,
                                      args.ceil_mode, args.count_include_pad, args.divisor_override)
                         : Tensor(),
              g.needs(1) ? zeros_like(self) : Tensor()};
        },
        autograd::save(self));
  }
  return gi;
}

Tensor adaptive_avg_pool2d_impl(const Tensor& self, IntArrayRef output_size);

Tensor adaptive_avg_pool2d_backward(const Tensor& grad, const Tensor& self,
                                    const kernels::Pool2dGeometry& geo) {
  for (int64_t i = 1; i < grad.dim(); ++i) {
    EMBER_CHECK(grad.size(i) > 0,
                "adaptive_avg_pool2d_backward(): Expected grad_output to have non-zero size for "
                "non-batch dimensions, but grad_output has sizes ",
                grad.sizes(), " with dimension ", i, " being empty");
  }
  Tensor gi;
  {
    NoGradGuard no_grad;
    gi = detail::make_tensor(self.sizes(), grad.dtype(), grad.device());
    kernels::adaptive_avg_pool2d_backward_kernel(gi, grad.contiguous(), geo);
  }
  if (autograd::should_record(grad, self)) {
    autograd::record(
        "AdaptiveAvgPool2DBackwardBackward0", gi, {grad, self},
        [out = std::array<int64_t, 2>{geo.out_h, geo.out_w}](const Grads& g, const Tensor& self) {
          return tensor_list{g.needs(0) ? adaptive_avg_pool2d_impl(g[0], out) : Tensor(),
                             g.needs(1) ? zeros_like(self) : Tensor()};
        },
        autograd::save(self));
  }
  return gi;
}

// PyTorch's _adaptive_avg_pool2d (AdaptiveAvgPool2DBackward0).
Tensor adaptive_avg_pool2d_impl(const Tensor& self, IntArrayRef output_size) {
  EMBER_CHECK(output_size.size() == 2, "adaptive_avg_pool2d: output_size must be 2");
  const int64_t ndim = self.dim();
  EMBER_CHECK(ndim == 3 || ndim == 4, "adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ",
              self.sizes());
  for (int64_t i : {-2, -1}) {
    EMBER_CHECK(self.size(i) > 0,
                "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch "
                "dimensions, but input has sizes ",
                self.sizes(), " with dimension ", i + ndim, " being empty");
  }
  const DimVector sizes = pooled_sizes(self, output_size[0], output_size[1]);
  (void)checked_numel(sizes);  // PyTorch resizes its result: the numel is checked first
  Tensor out = detail::make_tensor(sizes, self.dtype(), self.device());
  const PoolArgs a{1, 1, 1, 1, 0, 0};
  const kernels::Pool2dGeometry geo = pool_geometry(self, a, output_size[0], output_size[1]);
  // An empty result skips the dtype check, as PyTorch.
  if (out.numel() != 0) {
    if (!is_float_or_double(self.dtype())) {
      throw_not_implemented("adaptive_avg_pool2d", self.dtype());
    }
    NoGradGuard no_grad;
    kernels::adaptive_avg_pool2d_kernel(out, self.contiguous(), geo);
  }
  if (autograd::should_record(self)) {
    autograd::record(
        "AdaptiveAvgPool2DBackward0", out, {self},
        [geo](const Grads& g, const Tensor& self) {
          return adaptive_avg_pool2d_backward(g[0], self, geo);
        },
        autograd::save(self));
  }
  return out;
}

}  // namespace

// ---- Public ops -------------------------------------------------------------------------------

Tensor conv2d(const Tensor& input_, const Tensor& weight, const std::optional<Tensor>& bias_opt,
              IntArrayRef stride, IntArrayRef padding, IntArrayRef dilation, int64_t groups) {
  const Tensor bias = bias_opt.has_value() ? *bias_opt : Tensor();
  EMBER_CHECK(!bias.defined() || bias.dtype() == input_.dtype(), "Input type (",
              type_meta_name(input_.dtype()), ") and bias type (", type_meta_name(bias.dtype()),
              ") should be the same");
  auto [input, batched] = batchify(input_);
  Tensor out = checked_convolution(input, weight, bias, stride, padding, dilation, groups);
  return batched ? out : out.squeeze(0);
}

Tensor conv2d(const Tensor& input_, const Tensor& weight, const std::optional<Tensor>& bias_opt,
              IntArrayRef stride, std::string_view padding, IntArrayRef dilation, int64_t groups) {
  auto [input, batched] = batchify(input_);
  Tensor bias = bias_opt.has_value() ? *bias_opt : Tensor();
  // PyTorch accepts a bias of another dtype on this path (its backends convert it).
  if (bias.defined() && bias.dtype() != input.dtype()) bias = bias.to(input.dtype());
  Tensor out;
  if (padding == "same") {
    out = convolution_same(input, weight, bias, stride, dilation, groups);
  } else if (padding == "valid") {
    const int64_t zero[] = {0};
    out = checked_convolution(input, weight, bias, stride, zero, dilation, groups);
  } else {
    detail::fail("Invalid padding string: '", padding, "'");
  }
  return batched ? out : out.squeeze(0);
}

std::tuple<Tensor, Tensor> max_pool2d_with_indices(const Tensor& self, IntArrayRef kernel_size,
                                                   IntArrayRef stride, IntArrayRef padding,
                                                   IntArrayRef dilation, bool ceil_mode) {
  EMBER_CHECK(kernel_size.size() == 1 || kernel_size.size() == 2,
              "max_pool2d: kernel_size must either be a single int, or a tuple of two ints");
  PoolArgs a{};
  a.kh = checked_int(kernel_size[0]);
  a.kw = kernel_size.size() == 1 ? a.kh : checked_int(kernel_size[1]);
  EMBER_CHECK(stride.empty() || stride.size() == 1 || stride.size() == 2,
              "max_pool2d: stride must either be omitted, a single int, or a tuple of two ints");
  a.dh = stride.empty() ? a.kh : checked_int(stride[0]);
  a.dw = stride.empty() ? a.kw : stride.size() == 1 ? a.dh : checked_int(stride[1]);
  EMBER_CHECK(padding.size() == 1 || padding.size() == 2,
              "max_pool2d: padding must be either be a single int, or a tuple of two ints");
  a.ph = checked_int(padding[0]);
  a.pw = padding.size() == 1 ? a.ph : checked_int(padding[1]);
  EMBER_CHECK(dilation.size() == 1 || dilation.size() == 2,
              "max_pool2d: dilation must be either a single int, or a tuple of two ints");
  a.dil_h = checked_int(dilation[0]);
  a.dil_w = dilation.size() == 1 ? a.dil_h : checked_int(dilation[1]);
  EMBER_CHECK(self.dim() == 3 || self.dim() == 4,
              "non-empty 3D or 4D (batch mode) tensor expected for input");
  const int64_t planes = self.size(-3), in_h = self.size(-2), in_w = self.size(-1);
  const int64_t out_h = pooling_output_shape(in_h, a.kh, a.ph, a.dh, a.dil_h, ceil_mode);
  const int64_t out_w = pooling_output_shape(in_w, a.kw, a.pw, a.dw, a.dil_w, ceil_mode);
  pool2d_shape_check(self, a, planes, in_h, in_w, out_h, out_w);
  if (!is_float_or_double(self.dtype())) throw_not_implemented("max_pool2d", self.dtype());

  const DimVector sizes = pooled_sizes(self, out_h, out_w);
  Tensor out = detail::make_tensor(sizes, self.dtype(), self.device());
  Tensor indices = detail::make_tensor(sizes, kLong, self.device());
  const kernels::Pool2dGeometry geo = pool_geometry(self, a, out_h, out_w);
  {
    NoGradGuard no_grad;
    kernels::max_pool2d_kernel(out, indices, self.contiguous(), geo);
  }
  if (autograd::should_record(self)) {
    autograd::record(
        "MaxPool2DWithIndicesBackward0", out, {self},
        [geo](const Grads& g, const Tensor& self, const Tensor& indices) {
          return max_pool2d_backward(g[0], self, indices, geo);
        },
        autograd::save(self), autograd::save(indices));
  }
  return {out, indices};
}

Tensor max_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, IntArrayRef dilation, bool ceil_mode) {
  return std::get<0>(
      max_pool2d_with_indices(self, kernel_size, stride, padding, dilation, ceil_mode));
}

Tensor avg_pool2d(const Tensor& self, IntArrayRef kernel_size, IntArrayRef stride,
                  IntArrayRef padding, bool ceil_mode, bool count_include_pad,
                  std::optional<int64_t> divisor_override) {
  EMBER_CHECK(kernel_size.size() == 1 || kernel_size.size() == 2,
              "avg_pool2d: kernel_size must either be a single int, or a tuple of two ints");
  PoolArgs a{};
  a.kh = kernel_size[0];
  a.kw = kernel_size.size() == 1 ? a.kh : kernel_size[1];
  EMBER_CHECK(stride.empty() || stride.size() == 1 || stride.size() == 2,
              "avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints");
  a.dh = stride.empty() ? a.kh : stride[0];
  a.dw = stride.empty() ? a.kw : stride.size() == 1 ? a.dh : stride[1];
  EMBER_CHECK(padding.size() == 1 || padding.size() == 2,
              "avg_pool2d: padding must either be a single int, or a tuple of two ints");
  a.ph = padding[0];
  a.pw = padding.size() == 1 ? a.ph : padding[1];
  EMBER_CHECK(!divisor_override.has_value() || *divisor_override != 0, "divisor must be not zero");
  const int64_t planes = self.size(-3), in_h = self.size(-2), in_w = self.size(-1);
  const int64_t out_h = pooling_output_shape(in_h, a.kh, a.ph, a.dh, 1, ceil_mode);
  const int64_t out_w = pooling_output_shape(in_w, a.kw, a.pw, a.dw, 1, ceil_mode);
  pool2d_shape_check(self, a, planes, in_h, in_w, out_h, out_w);
  if (!is_float_or_double(self.dtype())) throw_not_implemented("avg_pool2d", self.dtype());

  Tensor out = detail::make_tensor(pooled_sizes(self, out_h, out_w), self.dtype(), self.device());
  const kernels::Pool2dGeometry geo = pool_geometry(self, a, out_h, out_w);
  {
    NoGradGuard no_grad;
    kernels::avg_pool2d_kernel(out, self.contiguous(), geo, count_include_pad, divisor_override);
  }
  if (autograd::should_record(self)) {
    AvgArgs args{DimVector(kernel_size), DimVector(stride), DimVector(padding), ceil_mode,
                 count_include_pad,      divisor_override};
    autograd::record(
        "AvgPool2DBackward0", out, {self},
        [geo, args](const Grads& g, const Tensor& self) {
          return avg_pool2d_backward(g[0], self, geo, args);
        },
        autograd::save(self));
  }
  return out;
}

Tensor adaptive_avg_pool2d(const Tensor& self, IntArrayRef output_size) {
  EMBER_CHECK(output_size.size() == 2, "adaptive_avg_pool2d: output_size must be 2");
  EMBER_CHECK(output_size[0] >= 0 && output_size[1] >= 0,
              "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 ",
              "but received {", output_size[0], ", ", output_size[1], "}");
  // As PyTorch: a 1x1 output is the mean over the last two dims (MeanBackward1 in the graph).
  if (output_size[0] == 1 && output_size[1] == 1) return self.mean({-1, -2}, true);
  return adaptive_avg_pool2d_impl(self, output_size);
}

}  // namespace ember
