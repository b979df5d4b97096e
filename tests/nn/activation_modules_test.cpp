// LeakyReLU, ELU, SELU, SiLU, Softplus, Hardtanh, ReLU6, PReLU, Softmin, Dropout2d and Dropout3d
// against libtorch 1.13: the expected printing, values, gradients and messages are the output of
// tests/reference/libtorch/nn_activation_dropout.cpp.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
namespace F = ember::nn::functional;
using ember::Tensor;
using ember_test::error_message;
using ember_test::printed;

// A new tensor (not a view) of these values.
Tensor values(std::vector<float> v, std::vector<int64_t> shape) {
  return ember::tensor(ember::ArrayRef<float>(v)).view(shape).clone();
}

void expect_close(const Tensor& actual, const std::vector<float>& expected,
                  const std::vector<int64_t>& shape) {
  ASSERT_EQ(actual.sizes(), ember::IntArrayRef(shape));
  EXPECT_TRUE(actual.detach().allclose(values(expected, shape), 1e-5, 1e-6))
      << actual << "\nexpected\n"
      << values(expected, shape);
}

// The libtorch program's input, its output under f and the input's gradient for the weights
// linspace(0.5, 2, 8).
void expect_forward_backward(const std::function<Tensor(Tensor)>& f, const std::vector<float>& y,
                             const std::vector<float>& grad) {
  Tensor x = values({-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5, 7.0}, {2, 4}).requires_grad_(true);
  Tensor out = f(x);
  out.backward(ember::linspace(0.5, 2.0, 8).view({2, 4}));
  expect_close(out, y, {2, 4});
  expect_close(x.grad(), grad, {2, 4});
}

TEST(ActivationModules, PrintLikeLibtorch) {
  EXPECT_EQ(printed(*nn::LeakyReLU()), "ember::nn::LeakyReLU(negative_slope=0.01)");
  EXPECT_EQ(printed(*nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true))),
            "ember::nn::LeakyReLU(negative_slope=0.2, inplace=true)");
  EXPECT_EQ(printed(*nn::ELU()), "ember::nn::ELU(alpha=1)");
  EXPECT_EQ(printed(*nn::ELU(nn::ELUOptions().alpha(0.5).inplace(true))),
            "ember::nn::ELU(alpha=0.5, inplace=true)");
  EXPECT_EQ(printed(*nn::SELU()), "ember::nn::SELU()");
  EXPECT_EQ(printed(*nn::SELU(true)), "ember::nn::SELU(inplace=true)");
  EXPECT_EQ(printed(*nn::SiLU()), "ember::nn::SiLU()");
  EXPECT_EQ(printed(*nn::Softplus()), "ember::nn::Softplus(beta=1, threshold=20)");
  EXPECT_EQ(printed(*nn::Softplus(nn::SoftplusOptions().beta(2).threshold(5))),
            "ember::nn::Softplus(beta=2, threshold=5)");
  EXPECT_EQ(printed(*nn::Hardtanh()), "ember::nn::Hardtanh(min_val=-1, max_val=1)");
  EXPECT_EQ(printed(*nn::Hardtanh(nn::HardtanhOptions().min_val(-1.5).max_val(2.5).inplace(true))),
            "ember::nn::Hardtanh(min_val=-1.5, max_val=2.5, inplace=true)");
  EXPECT_EQ(printed(*nn::ReLU6()), "ember::nn::ReLU6()");
  EXPECT_EQ(printed(*nn::ReLU6(true)), "ember::nn::ReLU6(inplace=true)");
  EXPECT_EQ(printed(*nn::PReLU()), "ember::nn::PReLU(num_parameters=1)");
  EXPECT_EQ(printed(*nn::PReLU(nn::PReLUOptions().num_parameters(3).init(0.1))),
            "ember::nn::PReLU(num_parameters=3)");
  EXPECT_EQ(printed(*nn::Softmin(1)), "ember::nn::Softmin(dim=1)");
  EXPECT_EQ(printed(*nn::Dropout2d()), "ember::nn::Dropout2d(p=0.5, inplace=false)");
  EXPECT_EQ(printed(*nn::Dropout2d(nn::Dropout2dOptions().p(0.2).inplace(true))),
            "ember::nn::Dropout2d(p=0.2, inplace=true)");
  EXPECT_EQ(printed(*nn::Dropout3d(0.3)), "ember::nn::Dropout3d(p=0.3, inplace=false)");
}

TEST(ActivationModules, LeakyReLU) {
  const std::vector<float> y = {-0.0299999993, -0.0149999997, -0.00499999989, 0, 0.25, 1, 2.5, 7};
  const std::vector<float> grad = {0.00499999989, 0.00714285718, 0.00928571448, 0.0114285713,
                                   1.35714281,    1.57142854,    1.78571427,    2};
  expect_forward_backward([](Tensor x) { return F::leaky_relu(x); }, y, grad);
  expect_forward_backward([](Tensor x) { return nn::LeakyReLU()(x); }, y, grad);
  expect_forward_backward(
      [](Tensor x) { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2))(x); },
      {-0.600000024, -0.300000012, -0.100000001, 0, 0.25, 1, 2.5, 7},
      {0.100000001, 0.142857149, 0.18571429, 0.228571445, 1.35714281, 1.57142854, 1.78571427, 2});
  // In place on a non-leaf: same values and gradient.
  expect_forward_backward(
      [](Tensor x) {
        Tensor h = x * 1;
        Tensor r = F::leaky_relu(h, F::LeakyReLUFuncOptions().inplace(true));
        EXPECT_TRUE(r.is_same(h));
        return r;
      },
      y, grad);
}

TEST(ActivationModules, ELUAndSELU) {
  const std::vector<float> y = {-0.950212955, -0.776869833, -0.393469334, 0, 0.25, 1, 2.5, 7};
  const std::vector<float> grad = {0.0248935334, 0.159378693, 0.56320709, 1.14285719,
                                   1.35714281,   1.57142854,  1.78571427, 2};
  expect_forward_backward([](Tensor x) { return nn::ELU()(x); }, y, grad);
  expect_forward_backward([](Tensor x) { return F::elu(x * 1, F::ELUFuncOptions().inplace(true)); },
                          y, grad);
  expect_forward_backward([](Tensor x) { return F::elu(x, F::ELUFuncOptions().alpha(0.5)); },
                          {-0.475106478, -0.388434917, -0.196734667, 0, 0.25, 1, 2.5, 7},
                          {0.0124467667, 0.0796893463, 0.281603545, 0.571428597, 1.35714281,
                           1.57142854, 1.78571427, 2});
  const std::vector<float> selu_y = {-1.6705687,  -1.36581433, -0.691758156, 0,
                                     0.262675256, 1.05070102,  2.62675261,   7.35490704};
  const std::vector<float> selu_grad = {0.0437653027, 0.280203581, 0.990173995, 2.00925636,
                                        1.42595136,   1.65110159,  1.87625182,  2.10140204};
  expect_forward_backward([](Tensor x) { return nn::SELU()(x); }, selu_y, selu_grad);
  expect_forward_backward([](Tensor x) { return nn::SELU(true)(x * 1); }, selu_y, selu_grad);
}

TEST(ActivationModules, ELUGradientIsFiniteForLargeInputs) {
  Tensor x = values({100.0f, -100.0f}, {2}).requires_grad_(true);
  nn::ELU()(x).sum().backward();
  expect_close(x.grad(), {1, 0}, {2});
}

TEST(ActivationModules, SiLUAndSoftplus) {
  expect_forward_backward([](Tensor x) { return nn::SiLU()(x); },
                          {-0.142277613, -0.273638278, -0.188770339, 0, 0.140544131, 0.731058598,
                           2.31035447, 6.99362278},
                          {-0.0440520532, -0.0294958297, 0.241464645, 0.571428597, 0.846463561,
                           1.45776796, 1.9632163, 2.01092029});
  expect_forward_backward([](Tensor x) { return nn::Softplus()(x); },
                          {0.048587352, 0.201413289, 0.474076986, 0.693147182, 0.825939417,
                           1.31326163, 2.57888985, 7.00091171},
                          {0.0237129368, 0.130303949, 0.35057351, 0.571428597, 0.762953818,
                           1.14880633, 1.6502533, 1.99817789});
  // 7 * 2 is above the threshold: the input itself, gradient 1.
  expect_forward_backward(
      [](Tensor x) { return F::softplus(x, F::SoftplusFuncOptions().beta(2).threshold(5)); },
      {0.0012378426, 0.024293676, 0.156630844, 0.346573591, 0.487038493, 1.06346405, 2.50335765, 7},
      {0.00123631163, 0.0338756256, 0.249731347, 0.571428597, 0.844766259, 1.38410974, 1.7737627,
       2});
}

TEST(ActivationModules, HardtanhAndReLU6HaveNoGradientAtTheBounds) {
  expect_forward_backward([](Tensor x) { return nn::Hardtanh()(x); },
                          {-1, -1, -0.5, 0, 0.25, 1, 1, 1},
                          {0, 0, 0.928571463, 1.14285719, 1.35714281, 0, 0, 0});
  const std::vector<float> y = {-1.5, -1.5, -0.5, 0, 0.25, 1, 2.5, 2.5};
  const std::vector<float> grad = {0, 0, 0.928571463, 1.14285719, 1.35714281, 1.57142854, 0, 0};
  const auto options = F::HardtanhFuncOptions().min_val(-1.5).max_val(2.5);
  expect_forward_backward([&](Tensor x) { return F::hardtanh(x, options); }, y, grad);
  expect_forward_backward(
      [&](Tensor x) { return F::hardtanh(x * 1, F::HardtanhFuncOptions(options).inplace(true)); },
      y, grad);
  const std::vector<float> y6 = {0, 0, 0, 0, 0.25, 1, 2.5, 6};
  const std::vector<float> grad6 = {0, 0, 0, 0, 1.35714281, 1.57142854, 1.78571427, 0};
  expect_forward_backward([](Tensor x) { return nn::ReLU6()(x); }, y6, grad6);
  expect_forward_backward([](Tensor x) { return nn::ReLU6(true)(x * 1); }, y6, grad6);
  EXPECT_EQ(error_message([] { nn::Hardtanh(nn::HardtanhOptions().min_val(1).max_val(1)); }),
            "max_val must be greater than min_val");
}

TEST(ActivationModules, InPlaceOnALeafThatRequiresGradThrows) {
  Tensor x = values({1.0f, -1.0f}, {2}).requires_grad_(true);
  EXPECT_EQ(error_message([&] { F::leaky_relu(x, F::LeakyReLUFuncOptions().inplace(true)); }),
            "a leaf Variable that requires grad is being used in an in-place operation.");
}

TEST(ActivationModules, Softmin) {
  expect_forward_backward([](Tensor x) { return nn::Softmin(1)(x); },
                          {0.738006115, 0.164671421, 0.0605792291, 0.0367431603, 0.633337617,
                           0.299167514, 0.0667532906, 0.000741562108},
                          {0.0626344308, -0.0213111043, -0.0208211821, -0.0205022208, 0.0590222888,
                           -0.0362271741, -0.0223876517, -0.000407610554});
}

TEST(ActivationModules, PReLUWeightPerChannel) {
  nn::PReLU m(nn::PReLUOptions().num_parameters(3));
  ASSERT_EQ(m->named_parameters().size(), 1u);
  EXPECT_EQ(m->named_parameters().begin()->key(), "weight");
  expect_close(m->weight, {0.25, 0.25, 0.25}, {3});
  {
    ember::NoGradGuard no_grad;
    m->weight.copy_(values({0.1f, -0.2f, 0.3f}, {3}));
  }
  Tensor x = (ember::arange(12, ember::kFloat) - 6).div(2).view({2, 3, 2}).requires_grad_(true);
  Tensor y = m(x);
  y.backward(ember::linspace(0.5, 2.0, 12).view({2, 3, 2}));
  expect_close(y, {-0.3, -0.25, 0.4, 0.3, -0.3, -0.15, 0, 0.5, 1, 1.5, 2, 2.5}, {2, 3, 2});
  expect_close(x.grad(),
               {0.0500000007, 0.0636363626, -0.154545456, -0.181818187, 0.313636363, 0.354545474,
                0.131818175, 1.4545455, 1.59090912, 1.72727275, 1.86363637, 2},
               {2, 3, 2});
  expect_close(m->weight.grad(), {-3.090909, -2.909091, -1.63636363}, {3});
  expect_close(m(values({-1, -1, -1, 2, -2, -3}, {2, 3})),
               {-0.100000001, 0.200000003, -0.300000012, 2, 0.400000006, -0.900000036}, {2, 3});
  expect_close(nn::PReLU()(x.detach()),
               {-0.75, -0.625, -0.5, -0.375, -0.25, -0.125, 0, 0.5, 1, 1.5, 2, 2.5}, {2, 3, 2});
  expect_close(nn::PReLU()(values({-2, 3}, {2})), {-0.5, 3}, {2});
  EXPECT_EQ(error_message([&] {
              m(ember::ones({2, 4, 2}));
            }),
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 "
            "and channel size = 4.");
  EXPECT_EQ(error_message([&] {
              m(values({-2, 3}, {2}));
            }),
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 "
            "and channel size = 1.");
  EXPECT_EQ(error_message([&] { m(ember::tensor(-1.0f)); }), "Not allow zero-dim input tensor.");
}

TEST(DropoutNdModules, Dropout2dZeroesWholeChannelsWithLibtorchsStream) {
  ember::manual_seed(0);
  expect_close(nn::Dropout2d()(ember::ones({2, 4, 2, 2})),
               {0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2},
               {2, 4, 2, 2});
  // Unbatched (C, H, W): one draw per channel.
  const float k = 1.42857146f;
  expect_close(nn::Dropout2d(0.3)(ember::ones({5, 1, 2})), {k, k, k, k, k, k, k, k, k, k},
               {5, 1, 2});
  const float t = 1.66666663f;
  expect_close(nn::Dropout3d(0.4)(ember::ones({2, 3, 1, 1, 2})),
               {0, 0, t, t, t, t, t, t, t, t, 0, 0}, {2, 3, 1, 1, 2});
  // Other ranks are one unbatched sample, as libtorch 1.13.
  expect_close(F::dropout2d(ember::ones({3, 4}), F::Dropout2dFuncOptions().p(0.5)),
               {0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0}, {3, 4});
  expect_close(F::dropout2d(ember::ones({2, 3, 1, 1, 1}), F::Dropout2dFuncOptions().p(0.5)),
               {2, 2, 2, 0, 0, 0}, {2, 3, 1, 1, 1});
  expect_close(nn::Dropout2d(1.0)(ember::ones({2, 2, 1, 1})), {0, 0, 0, 0}, {2, 2, 1, 1});
  Tensor x = ember::ones({2, 3, 1, 2}).requires_grad_(true);
  Tensor y = nn::Dropout2d(0.5)(x * 2);
  y.sum().backward();
  expect_close(y, {4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4}, {2, 3, 1, 2});
  expect_close(x.grad(), {4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4}, {2, 3, 1, 2});
  nn::Dropout2d eval;
  eval->eval();
  expect_close(eval(ember::ones({1, 2, 1, 1})), {1, 1}, {1, 2, 1, 1});
  Tensor h = ember::ones({1, 4, 1, 1});
  F::dropout2d(h, F::Dropout2dFuncOptions().inplace(true));
  expect_close(h, {0, 0, 2, 2}, {1, 4, 1, 1});
  // The stream continues as libtorch's.
  EXPECT_FLOAT_EQ(ember::rand({1}).item<float>(), 0.810188293f);
}

TEST(DropoutNdModules, Errors) {
  EXPECT_EQ(error_message([] { nn::Dropout2d(1.5); }),
            "dropout probability has to be between 0 and 1, but got 1.5");
  EXPECT_EQ(error_message([] {
              F::dropout2d(ember::ones({2, 2, 2, 2}), F::Dropout2dFuncOptions().p(-0.1));
            }),
            "dropout probability has to be between 0 and 1, but got -0.1");
  EXPECT_EQ(error_message([] { F::dropout2d(ember::ones({}), F::Dropout2dFuncOptions()); }),
            "Feature dropout requires at least 2 dimensions in the input");
  EXPECT_EQ(error_message([] { F::dropout2d(ember::ones({4}), F::Dropout2dFuncOptions()); }), "");
}

}  // namespace
