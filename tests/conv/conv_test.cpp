// What the PyTorch references do not cover: gradients of gradients checked numerically
// (gradgradcheck in float64), the batch-chunked convolution path against per-sample calls, the
// C++ call forms (defaults, one-value lists), the recorded graph around conv2d, the saved-tensor
// version check, and libtorch's C++-only errors.
#include <ember/ember.h>
#include <ember/ops/conv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "error_of.h"

namespace {

using ember::Tensor;
using ember::autograd::GradcheckOptions;
using ember::autograd::variable_list;

Tensor rand64(std::vector<int64_t> shape, uint64_t seed) {
  ember::manual_seed(seed);
  return ember::randn(shape, ember::TensorOptions().dtype(ember::kDouble)).requires_grad_();
}

bool gradgradcheck(const std::function<Tensor(const variable_list&)>& f,
                   const variable_list& inputs) {
  GradcheckOptions o;
  o.check_grad_of_grad = true;
  return ember::autograd::gradcheck(f, inputs, o);
}

// The largest |a - b| relative to 1 + |b|.
double max_rel_diff(const Tensor& a, const Tensor& b) {
  ember::NoGradGuard no_grad;
  const Tensor d =
      (a.to(ember::kDouble) - b.to(ember::kDouble)).abs() / (b.to(ember::kDouble).abs() + 1);
  return d.max().item<double>();
}

using ember_test::error_of;

// ---- gradients of gradients
// ----------------------------------------------------------------------

struct ConvCase {
  std::vector<int64_t> input, weight;
  bool bias;
  std::vector<int64_t> stride, padding, dilation;
  int64_t groups;
};

TEST(ConvGradGrad, ConvolutionIsTwiceDifferentiable) {
  const std::vector<ConvCase> cases = {
      {{2, 2, 5, 4}, {3, 2, 3, 2}, true, {1}, {0}, {1}, 1},
      {{1, 4, 5, 5}, {4, 2, 2, 3}, true, {2, 1}, {1}, {1}, 2},
      {{2, 2, 6, 5}, {2, 2, 2, 2}, false, {1}, {1, 0}, {2}, 1},
      {{3, 5, 4}, {2, 3, 3, 2}, true, {1}, {1}, {1, 2}, 1},  // unbatched
  };
  uint64_t seed = 1;
  for (const ConvCase& c : cases) {
    SCOPED_TRACE("input " + std::to_string(c.input.size()) + "-D, groups " +
                 std::to_string(c.groups));
    variable_list in{rand64(c.input, seed++), rand64(c.weight, seed++)};
    if (c.bias) in.push_back(rand64({c.weight[0]}, seed++));
    EXPECT_TRUE(gradgradcheck(
        [&](const variable_list& v) {
          std::optional<Tensor> b;
          if (v.size() > 2) b = v[2];
          return ember::conv2d(v[0], v[1], b, c.stride, c.padding, c.dilation, c.groups);
        },
        in));
  }
}

TEST(ConvGradGrad, ThirdOrderGradientsFlow) {
  // d3/dx3 of sum(conv(x, w)^3) is finite and nonzero: the backward-of-backward is recorded too.
  Tensor x = rand64({1, 1, 4, 4}, 7), w = rand64({1, 1, 2, 2}, 8);
  Tensor y = ember::conv2d(x, w).pow(3).sum();
  Tensor g1 = ember::autograd::grad({y}, {x}, {}, std::nullopt, true)[0];
  EXPECT_EQ(g1.grad_fn()->name(), "ConvolutionBackwardBackward0");
  Tensor g2 = ember::autograd::grad({g1.sum()}, {x}, {}, std::nullopt, true)[0];
  ASSERT_TRUE(g2.requires_grad());
  Tensor g3 = ember::autograd::grad({g2.sum()}, {w})[0];
  EXPECT_GT(g3.abs().sum().item<double>(), 0.0);
}

TEST(ConvGradGrad, PoolingsAreTwiceDifferentiable) {
  ember::manual_seed(3);
  // Distinct values: max pooling has no ties, so finite differences are valid.
  Tensor xm = (ember::randperm(2 * 2 * 6 * 5).to(ember::kDouble) / 7.0)
                  .reshape({2, 2, 6, 5})
                  .requires_grad_();
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& v) { return ember::max_pool2d(v[0], {3}, {2}, {1}); }, {xm}));
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& v) {
        return ember::max_pool2d(v[0], {2, 3}, {1}, {1}, {2});
      },
      {xm}));
  Tensor x = rand64({2, 2, 6, 5}, 4);
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& v) {
        return ember::avg_pool2d(v[0], {3}, {2}, {1}, /*ceil_mode=*/true, false);
      },
      {x}));
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& v) { return ember::avg_pool2d(v[0], {2}, {1}, {1}, false, true, 3); },
      {x}));
  EXPECT_TRUE(gradgradcheck(
      [](const variable_list& v) {
        return ember::adaptive_avg_pool2d(v[0], {4, 3});
      },
      {x}));
}

// ---- the batch-chunked path
// ------------------------------------------------------------------------

TEST(ConvChunks, BatchSplitIntoChunksEqualsPerSampleCalls) {
  // 16 channels x 3x3 (144 products per output: im2col + GEMM) over 14x14 outputs: a GEMM takes
  // the columns of 10 samples, so a batch of 25 runs in chunks of 10, 10 and 5, while a batch of
  // one writes its GEMM result in place.
  ember::manual_seed(11);
  Tensor x = ember::randn({25, 16, 14, 14}).requires_grad_();
  Tensor w = (ember::randn({32, 16, 3, 3}) * 0.1).requires_grad_();
  Tensor b = ember::randn({32}).requires_grad_();
  Tensor y = ember::conv2d(x, w, b, 1, 1);
  Tensor gy = ember::randn(y.sizes());
  y.backward(gy);

  std::vector<Tensor> ys, gxs;
  Tensor gw = ember::zeros_like(w), gb = ember::zeros_like(b);
  for (int64_t n = 0; n < 25; ++n) {
    Tensor xn = x.detach().narrow(0, n, 1).requires_grad_();
    Tensor wn = w.detach().requires_grad_(), bn = b.detach().requires_grad_();
    Tensor yn = ember::conv2d(xn, wn, bn, 1, 1);
    yn.backward(gy.narrow(0, n, 1));
    ys.push_back(yn.detach());
    gxs.push_back(xn.grad());
    gw = gw + wn.grad();
    gb = gb + bn.grad();
  }
  EXPECT_LT(max_rel_diff(y.detach(), ember::cat(ys)), 1e-6);
  EXPECT_LT(max_rel_diff(x.grad(), ember::cat(gxs)), 1e-6);
  EXPECT_LT(max_rel_diff(w.grad(), gw), 1e-4);
  EXPECT_LT(max_rel_diff(b.grad(), gb), 1e-4);
  // One output element of the last chunk against a direct sum in double (padding 1: rows 4..6 and
  // columns 8..10 of the padded input are rows 3..5 and columns 7..9 of the input).
  ember::NoGradGuard no_grad;
  using ember::indexing::Slice;
  const Tensor patch = x.detach().index({23, Slice(), Slice(3, 6), Slice(7, 10)});
  const double direct =
      (patch.to(ember::kDouble) * w.detach()[5].to(ember::kDouble)).sum().item<double>() +
      b.detach()[5].item<double>();
  EXPECT_NEAR(y.detach().index({23, 5, 4, 8}).item<double>(), direct,
              1e-4 * (1 + std::abs(direct)));
}

TEST(ConvChunks, ThreadCountDoesNotChangeResults) {
  ember::manual_seed(5);
  Tensor x = ember::randn({6, 3, 17, 15});
  Tensor w = ember::randn({8, 3, 3, 3});
  auto run = [&] {
    Tensor xr = x.clone().requires_grad_(), wr = w.clone().requires_grad_();
    Tensor y = ember::max_pool2d(ember::conv2d(xr, wr, std::nullopt, 1, 1).relu(), {2});
    y.pow(2).sum().backward();
    return std::vector<Tensor>{y.detach(), xr.grad(), wr.grad()};
  };
  const int threads = ember::get_num_threads();
  ember::set_num_threads(1);
  const auto one = run();
  ember::set_num_threads(2);
  const auto two = run();
  ember::set_num_threads(threads);
  for (size_t i = 0; i < one.size(); ++i) EXPECT_TRUE(one[i].equal(two[i])) << i;
}

// ---- C++ call forms and graphs
// ------------------------------------------------------------------------

TEST(ConvApi, DefaultsAndOneValueLists) {
  ember::manual_seed(0);
  Tensor x = ember::randn({2, 3, 9, 8});
  Tensor w = ember::randn({4, 3, 3, 3});
  EXPECT_EQ(ember::conv2d(x, w).sizes(), (std::vector<int64_t>{2, 4, 7, 6}));
  EXPECT_TRUE(ember::conv2d(x, w, {}, 2).equal(ember::conv2d(x, w, {}, {2, 2})));
  EXPECT_TRUE(ember::conv2d(x, w, {}, 1, 1).equal(ember::conv2d(x, w, {}, {1, 1}, {1, 1})));
  EXPECT_TRUE(ember::conv2d(x, w, {}, 1, "same").equal(ember::conv2d(x, w, {}, 1, {1, 1})));
  EXPECT_EQ(ember::max_pool2d(x, {2}).sizes(), (std::vector<int64_t>{2, 3, 4, 4}));
  EXPECT_TRUE(ember::max_pool2d(x, {3}).equal(ember::max_pool2d(x, {3, 3}, {3, 3})));
  EXPECT_TRUE(ember::avg_pool2d(x, {2}, {1}).equal(ember::avg_pool2d(x, {2, 2}, {1, 1})));
  auto [values, indices] = ember::max_pool2d_with_indices(x, {2});
  EXPECT_EQ(indices.dtype(), ember::kLong);
  EXPECT_TRUE(values.equal(ember::max_pool2d(x, {2})));
  EXPECT_EQ(ember::adaptive_avg_pool2d(x, {3, 2}).sizes(), (std::vector<int64_t>{2, 3, 3, 2}));
  // namespace torch = ember: libtorch's spelling compiles.
  namespace torch = ember;
  EXPECT_EQ(torch::conv2d(x, w, torch::zeros({4}), {1}, {1}, {1}, 1).sizes(),
            (std::vector<int64_t>{2, 4, 9, 8}));
}

TEST(ConvApi, CppOnlyErrors) {
  Tensor x = ember::zeros({1, 2, 7, 7});
  // libtorch's C++ API takes output_size as two values (Python expands an int before the call).
  EXPECT_EQ(error_of([&] { ember::adaptive_avg_pool2d(x, {3}); }),
            "adaptive_avg_pool2d: output_size must be 2");
  EXPECT_EQ(error_of([&] {
              ember::conv2d(x, ember::zeros({4, 2, 3, 3}), {}, {});
            }),
            "expected stride to be a single integer value or a list of 2 values to match the "
            "convolution dimensions, but got stride=[]");
  EXPECT_EQ(error_of([&] { ember::max_pool2d(x, {}); }),
            "max_pool2d: kernel_size must either be a single int, or a tuple of two ints");
}

TEST(ConvGraph, NodesAroundConvolution) {
  Tensor x = ember::zeros({2, 5, 5}).requires_grad_();
  Tensor w = ember::zeros({3, 2, 3, 3}).requires_grad_();
  // Unbatched: unsqueeze, convolution, squeeze (PyTorch's batchify).
  Tensor y = ember::conv2d(x, w);
  ASSERT_EQ(y.grad_fn()->name(), "SqueezeBackward1");
  const auto& conv = y.grad_fn()->next_edge(0).function;
  ASSERT_EQ(conv->name(), "ConvolutionBackward0");
  ASSERT_EQ(conv->num_outputs(), 3u);  // input, weight, bias (absent: an invalid edge)
  EXPECT_EQ(conv->next_edge(0).function->name(), "UnsqueezeBackward0");
  EXPECT_EQ(conv->next_edge(1).function->name(), "AccumulateGrad");
  EXPECT_FALSE(conv->next_edge(2).is_valid());
  // padding="same" with an even kernel pads the end first.
  Tensor z = ember::conv2d(x.unsqueeze(0), ember::zeros({3, 2, 2, 2}), {}, 1, "same");
  EXPECT_EQ(z.grad_fn()->name(), "ConvolutionBackward0");
  EXPECT_EQ(z.grad_fn()->next_edge(0).function->name(), "ConstantPadNdBackward0");
  EXPECT_EQ(z.sizes(), (std::vector<int64_t>{1, 3, 5, 5}));
  // No grad mode: nothing recorded.
  ember::NoGradGuard no_grad;
  EXPECT_FALSE(ember::conv2d(x, w).requires_grad());
  EXPECT_FALSE(ember::max_pool2d(x, {2}).requires_grad());
}

TEST(ConvGraph, SavedInputModifiedInPlaceIsDetected) {
  Tensor x = ember::ones({1, 1, 4, 4}).requires_grad_();
  Tensor w = ember::ones({1, 1, 2, 2}).requires_grad_();
  Tensor h = x * 2;
  Tensor y = ember::conv2d(h, w);
  h.add_(1);
  const std::string e = error_of([&] { y.sum().backward(); });
  EXPECT_NE(e.find("modified by an inplace operation"), std::string::npos) << e;
}

}  // namespace
