// LogSigmoid, Softsign, Tanhshrink, Hardshrink, Softshrink, Threshold, GLU, Mish, CELU and
// Softmax2d against libtorch 1.13: the reference table, printing and messages are the output of
// tests/reference/libtorch/nn_activation_more.cpp.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
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

struct Reference {
  std::vector<int64_t> shape;
  std::vector<double> values;
};

const std::map<std::string, Reference>& reference() {
  static const std::map<std::string, Reference> table = {
      {"logsigmoid y",
       {{2, 4},
        {-3.04858732, -1.70141327, -0.974076986, -0.693147182, -0.575939417, -0.474076986,
         -0.078889735, -9.35762291e-14}}},
      {"logsigmoid grad",
       {{2, 4},
        {0.476287067, 0.583981812, 0.577997923, 0.571428597, 0.594189048, 0.59327817, 0.135461032,
         1.87152458e-13}}},
      {"softsign y",
       {{2, 4},
        {-0.75, -0.600000024, -0.333333343, 0, 0.200000003, 0.333333343, 0.714285731,
         0.967741907}}},
      {"softsign grad",
       {{2, 4},
        {0.03125, 0.114285722, 0.412698448, 1.14285719, 0.868571401, 0.698412657, 0.145772576,
         0.00208116695}}},
      {"tanhshrink y",
       {{2, 4},
        {-2.00494528, -0.594851732, -0.0378828347, 0, 0.00508134067, 0.0378828347, 1.51338577,
         29}}},
      {"tanhshrink grad",
       {{2, 4}, {0.495067, 0.585209608, 0.198298573, 0, 0.0814083815, 0.335582137, 1.73822808, 2}}},
      {"hardshrink y", {{2, 4}, {-3, -1.5, 0, 0, 0, 0, 2.5, 30}}},
      {"hardshrink grad", {{2, 4}, {0.5, 0.714285731, 0, 0, 0, 0, 1.78571427, 2}}},
      {"softshrink y", {{2, 4}, {-2.75, -1.25, -0.25, 0, 0, 0.25, 2.25, 29.75}}},
      {"softshrink grad",
       {{2, 4}, {0.5, 0.714285731, 0.928571463, 0, 0, 1.57142854, 1.78571427, 2}}},
      {"threshold y", {{2, 4}, {-7, -7, -7, -7, -7, 0.5, 2.5, 30}}},
      {"threshold grad", {{2, 4}, {0, 0, 0, 0, 0, 1.57142854, 1.78571427, 2}}},
      {"threshold inplace y", {{2, 4}, {-7, -7, -7, -7, -7, 0.5, 2.5, 30}}},
      {"threshold inplace grad", {{2, 4}, {0, 0, 0, 0, 0, 1.57142854, 1.78571427, 2}}},
      {"glu y", {{2, 2}, {-1.132622, -0.75, 0.231035456, 0.5}}},
      {"glu grad",
       {{2, 4}, {0.188770339, 0.5, -0.352505565, -0.375, 1.38621271, 2, 0.0262888931, 0}}},
      {"glu dim0 y", {{1, 4}, {-1.68652964, -0.933688998, -0.462070912, 0}}},
      {"glu dim0 grad",
       {{2, 4},
        {0.281088263, 0.622459352, 1.38621271, 2, -0.369201124, -0.352505565, -0.0525777861, 0}}},
      {"mish y",
       {{2, 4},
        {-0.145647466, -0.298099756, -0.22074376, 0, 0.169572398, 0.375245243, 2.47139239, 30}}},
      {"mish grad",
       {{2, 4},
        {-0.0466965623, -0.045784153, 0.268831313, 0.685714364, 1.02351999, 1.39295268, 1.85915995,
         2}}},
      {"celu y", {{2, 4}, {-0.498760611, -0.475106478, -0.316060275, 0, 0.25, 0.5, 2.5, 30}}},
      {"celu grad",
       {{2, 4},
        {0.00123937614, 0.0355621912, 0.341602355, 1.14285719, 1.35714281, 1.57142854, 1.78571427,
         2}}},
      {"celu inplace y",
       {{2, 4}, {-0.950212955, -0.776869833, -0.393469334, 0, 0.25, 0.5, 2.5, 30}}},
      {"celu inplace grad",
       {{2, 4},
        {0.0248935223, 0.159378693, 0.56320709, 1.14285719, 1.35714281, 1.57142854, 1.78571427,
         2}}},
      {"softmax2d y",
       {{1, 2, 2, 2},
        {0.0373268835, 0.119202919, 0.0474258736, 9.35762291e-14, 0.962673068, 0.880797029,
         0.952574134, 1}}},
      {"softmax2d grad",
       {{2, 4},
        {-0.0308002122, -0.0899944827, -0.0387228504, -8.02081925e-14, 0.0308003221, 0.0899945945,
         0.038722828, 0}}},
  };
  return table;
}

void expect_reference(const Tensor& actual, const std::string& name) {
  SCOPED_TRACE(name);
  const auto it = reference().find(name);
  ASSERT_NE(it, reference().end());
  const Reference& r = it->second;
  ASSERT_EQ(actual.sizes(), ember::IntArrayRef(r.shape));
  const Tensor expected =
      ember::tensor(ember::ArrayRef<double>(r.values)).view(r.shape).to(actual.dtype());
  EXPECT_TRUE(actual.detach().allclose(expected, 1e-5, 1e-6)) << actual << "\nexpected\n"
                                                              << expected;
}

// f of the program's input (2 x 4) and the input's gradient for the weights linspace(0.5, 2).
void check(const std::string& name, const std::function<Tensor(const Tensor&)>& f) {
  Tensor x = ember::tensor({-3.0f, -1.5f, -0.5f, 0.0f, 0.25f, 0.5f, 2.5f, 30.0f})
                 .view({2, 4})
                 .clone()
                 .requires_grad_(true);
  Tensor y = f(x);
  y.backward(ember::linspace(0.5, 2.0, y.numel()).view(y.sizes()));
  expect_reference(y, name + " y");
  expect_reference(x.grad(), name + " grad");
}

TEST(ActivationMoreModules, PrintLikeLibtorch) {
  EXPECT_EQ(printed(*nn::LogSigmoid()), "ember::nn::LogSigmoid()");
  EXPECT_EQ(printed(*nn::Softsign()), "ember::nn::Softsign()");
  EXPECT_EQ(printed(*nn::Tanhshrink()), "ember::nn::Tanhshrink()");
  EXPECT_EQ(printed(*nn::Hardshrink()), "ember::nn::Hardshrink(0.5)");
  EXPECT_EQ(printed(*nn::Hardshrink(0.25)), "ember::nn::Hardshrink(0.25)");
  EXPECT_EQ(printed(*nn::Softshrink()), "ember::nn::Softshrink(0.5)");
  EXPECT_EQ(printed(*nn::Softshrink(1.5)), "ember::nn::Softshrink(1.5)");
  EXPECT_EQ(printed(*nn::Threshold(0.1, 20)), "ember::nn::Threshold(threshold=0.1, value=20)");
  EXPECT_EQ(printed(*nn::Threshold(nn::ThresholdOptions(0.1, 20).inplace(true))),
            "ember::nn::Threshold(threshold=0.1, value=20, inplace=true)");
  EXPECT_EQ(printed(*nn::GLU()), "ember::nn::GLU(dim=-1)");
  EXPECT_EQ(printed(*nn::GLU(0)), "ember::nn::GLU(dim=0)");
  EXPECT_EQ(printed(*nn::Mish()), "ember::nn::Mish()");
  EXPECT_EQ(printed(*nn::CELU()), "ember::nn::CELU(alpha=1)");
  EXPECT_EQ(printed(*nn::CELU(nn::CELUOptions().alpha(0.5).inplace(true))),
            "ember::nn::CELU(alpha=0.5, inplace=true)");
  EXPECT_EQ(printed(*nn::Softmax2d()), "ember::nn::Softmax2d()");
}

TEST(ActivationMoreModules, ValuesAndGradients) {
  check("logsigmoid", [](const Tensor& x) { return nn::LogSigmoid()(x); });
  check("softsign", [](const Tensor& x) { return nn::Softsign()(x); });
  check("tanhshrink", [](const Tensor& x) { return nn::Tanhshrink()(x); });
  check("hardshrink", [](const Tensor& x) { return nn::Hardshrink()(x); });
  check("softshrink", [](const Tensor& x) { return F::softshrink(x, 0.25); });
  check("threshold", [](const Tensor& x) { return nn::Threshold(0.25, -7)(x); });
  check("threshold inplace", [](const Tensor& x) {
    return F::threshold(x * 1, F::ThresholdFuncOptions(0.25, -7).inplace(true));
  });
  check("glu", [](const Tensor& x) { return nn::GLU()(x); });
  check("glu dim0", [](const Tensor& x) { return F::glu(x, 0); });
  check("mish", [](const Tensor& x) { return nn::Mish()(x); });
  check("celu", [](const Tensor& x) { return nn::CELU(nn::CELUOptions().alpha(0.5))(x); });
  check("celu inplace",
        [](const Tensor& x) { return F::celu(x * 1, F::CELUFuncOptions().inplace(true)); });
  check("softmax2d", [](const Tensor& x) { return nn::Softmax2d()(x.view({1, 2, 2, 2})); });
}

TEST(ActivationMoreModules, Errors) {
  EXPECT_EQ(error_message([] { F::softshrink(ember::ones({2}), -1); }),
            "lambda must be greater or equal to 0, but found to be -1.");
  EXPECT_EQ(error_message([] {
              nn::GLU(1)(ember::ones({2, 3}));
            }),
            "Halving dimension must be even, but dimension 1 is size 3");
  EXPECT_EQ(error_message([] { nn::GLU()(ember::ones({})); }),
            "glu does not suppport scalars because halving size must be even");
  EXPECT_EQ(error_message([] { F::celu(ember::ones({2}), F::CELUFuncOptions().alpha(0)); }),
            "ZeroDivisionError: alpha cannot be 0 for CELU");
  EXPECT_EQ(error_message([] {
              nn::Softmax2d()(ember::ones({2, 2}));
            }),
            "Softmax2d requires a 3D or 4D tensor as input");
}

}  // namespace
