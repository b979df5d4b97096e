// ReflectionPad1d/3d, ReplicationPad1d/3d, ConstantPad1d/3d and AdaptiveMaxPool1d against
// libtorch 1.13: the reference table, printing and messages are the output of
// tests/reference/libtorch/nn_padding_pool_more.cpp.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nn/libtorch_cases.h"

namespace {

namespace nn = ember::nn;
using ember::Tensor;
using namespace libtorch_cases;

const ReferenceTable& reference() {
  static const ReferenceTable table = {
      {"reflectionpad1d y",
       {{2, 8}, {-0.5, 0.5, -1.25, 0.5, -0.5, 1.25, 0.25, 1.25, 0, 1, -0.75, 1, 0, -1, 0.75, -1}}},
      {"reflectionpad1d a.grad",
       {{2, 5},
        {1.20000005, 2.4000001, 2.4000001, 3.20000005, 1.60000002, 2, 4, 4, 4.80000019,
         2.4000001}}},
      {"reflectionpad3d y",
       {{1, 1, 3, 6, 4},
        {0,     1,    0,     -1,    0.25,  1.25, 0.25,  -0.75, 0.5,   -1.25, 0.5,   -0.5,
         0.25,  1.25, 0.25,  -0.75, 0,     1,    0,     -1,    0.25,  1.25,  0.25,  -0.75,
         -0.75, 0.25, -0.75, 1,     -0.5,  0.5,  -0.5,  1.25,  -0.25, 0.75,  -0.25, -1.25,
         -0.5,  0.5,  -0.5,  1.25,  -0.75, 0.25, -0.75, 1,     -0.5,  0.5,   -0.5,  1.25,
         0,     1,    0,     -1,    0.25,  1.25, 0.25,  -0.75, 0.5,   -1.25, 0.5,   -0.5,
         0.25,  1.25, 0.25,  -0.75, 0,     1,    0,     -1,    0.25,  1.25,  0.25,  -0.75}}},
      {"reflectionpad3d a.grad",
       {{1, 1, 2, 3, 3},
        {8.59999943, 17.2000008, 9, 28.1999989, 56.4000015, 29.3999996, 17.2000008, 34.4000015, 18,
         4.30000019, 8.60000038, 4.5, 14.1000004, 28.2000008, 14.6999998, 8.60000038, 17.2000008,
         9}}},
      {"replicationpad1d y",
       {{1, 2, 7},
        {-1.25, -1.25, 0.5, -0.5, -0.5, -0.5, -0.5, 1.25, 1.25, 0.25, -0.75, -0.75, -0.75, -0.75}}},
      {"replicationpad1d a.grad",
       {{1, 2, 3}, {2.0999999, 1.20000005, 5.79999971, 3.5, 1.89999998, 8.60000038}}},
      {"replicationpad3d y",
       {{1, 3, 3, 3},
        {-1.25, 0.5,  0.5,  -1.25, 0.5,  0.5,   -0.5,  1.25, 1.25,  -1.25, 0.5, 0.5, -1.25, 0.5,
         0.5,   -0.5, 1.25, 1.25,  0.25, -0.75, -0.75, 0.25, -0.75, -0.75, 1,   0,   0}}},
      {"replicationpad3d a.grad",
       {{1, 2, 2, 2},
        {6.39999962, 14, 4.0999999, 8.80000019, 5.89999962, 12.4000006, 3.4000001, 7.0999999}}},
      {"constantpad1d y",
       {{2, 6}, {-1.5, -1.5, -1.25, 0.5, -0.5, -1.5, -1.5, -1.5, 1.25, 0.25, -0.75, -1.5}}},
      {"constantpad1d a.grad",
       {{2, 3}, {1.20000005, 1.29999995, 1.39999998, 1.79999995, 1.89999998, 2}}},
      {"constantpad3d y",
       {{1, 3, 2, 3},
        {0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -1.25, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5, 1.25, 0.5, 0.5,
         0.5}}},
      {"constantpad3d a.grad", {{1, 2, 1, 2}, {1.70000005, 1.79999995, 2.29999995, 2.4000001}}},
      {"adaptivemaxpool1d y",
       {{2, 2, 3}, {0.5, 1.25, 1, 0.75, 0.75, 0.5, 1.25, 1, 0.75, 0.5, 1.25, 1.25}}},
      {"adaptivemaxpool1d a.grad",
       {{2, 2, 7},
        {0,          1, 0, 1.10000002, 0, 0, 1.20000005, 0, 0, 2.69999981, 0, 0,         1.5, 0,
         1.60000002, 0, 0, 1.70000005, 0, 0, 1.79999995, 0, 0, 1.89999998, 0, 4.0999999, 0,   0}}},
      {"adaptivemaxpool1d indices", {{3, 4}, {1, 3, 6, 6, 0, 3, 5, 8, 2, 2, 5, 7}}},
      {"adaptivemaxpool1d values",
       {{3, 4}, {0.5, 1.25, 1, 1, 0.75, 0.5, 1.25, 1, 0.75, 0.75, 0.5, 1.25}}},
  };
  return table;
}

TEST(PaddingPoolMoreModules, PrintLikeLibtorch) {
  EXPECT_EQ(printed(*nn::ReflectionPad1d(2)), "ember::nn::ReflectionPad1d(padding=[2, 2])");
  EXPECT_EQ(printed(*nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 1, 1, 0, 1}))),
            "ember::nn::ReflectionPad3d(padding=[1, 0, 1, 1, 0, 1])");
  EXPECT_EQ(printed(*nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3}))),
            "ember::nn::ReplicationPad1d(padding=[1, 3])");
  EXPECT_EQ(printed(*nn::ReplicationPad3d(1)),
            "ember::nn::ReplicationPad3d(padding=[1, 1, 1, 1, 1, 1])");
  EXPECT_EQ(printed(*nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5))),
            "ember::nn::ConstantPad1d(padding=[2, 1], value=-1.5)");
  EXPECT_EQ(printed(*nn::ConstantPad3d(nn::ConstantPad3dOptions(1, 0.5))),
            "ember::nn::ConstantPad3d(padding=[1, 1, 1, 1, 1, 1], value=0.5)");
  EXPECT_EQ(printed(*nn::AdaptiveMaxPool1d(3)), "ember::nn::AdaptiveMaxPool1d(output_size=3)");
}

TEST(PaddingPoolMoreModules, Padding1dAnd3d) {
  check1(reference(), "reflectionpad1d", input({2, 5}), [](const Tensor& x) {
    return nn::ReflectionPad1d(nn::ReflectionPad1dOptions({2, 1}))(x);
  });
  check1(reference(), "reflectionpad3d", input({1, 1, 2, 3, 3}), [](const Tensor& x) {
    return nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 2, 1, 0, 1}))(x);
  });
  check1(reference(), "replicationpad1d", input({1, 2, 3}), [](const Tensor& x) {
    return nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3}))(x);
  });
  check1(reference(), "replicationpad3d", input({1, 2, 2, 2}), [](const Tensor& x) {
    return nn::ReplicationPad3d(nn::ReplicationPad3dOptions({0, 1, 1, 0, 1, 0}))(x);
  });
  check1(reference(), "constantpad1d", input({2, 3}), [](const Tensor& x) {
    return nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5))(x);
  });
  check1(reference(), "constantpad3d", input({1, 2, 1, 2}), [](const Tensor& x) {
    return nn::ConstantPad3d(nn::ConstantPad3dOptions({1, 0, 0, 1, 1, 0}, 0.5))(x);
  });
  EXPECT_EQ(error_message([] {
              nn::ReflectionPad1d(3)(input({1, 3}));
            }),
            "Argument #4: Padding size should be less than the corresponding input dimension, but "
            "got: padding (3, 3) at dimension 1 of input [1, 3]");
}

TEST(PaddingPoolMoreModules, AdaptiveMaxPool1d) {
  check1(reference(), "adaptivemaxpool1d", input({2, 2, 7}),
         [](const Tensor& x) { return nn::AdaptiveMaxPool1d(3)(x); });
  auto [values, indices] = nn::AdaptiveMaxPool1d(4)->forward_with_indices(input({3, 9}));
  expect_reference(reference(), values, "adaptivemaxpool1d values");
  EXPECT_EQ(indices.dtype(), ember::kLong);
  expect_reference(reference(), indices, "adaptivemaxpool1d indices");
  EXPECT_EQ(error_message([] {
              nn::AdaptiveMaxPool1d(2)(input({1, 1, 2, 4}));
            }),
            "Expected 2 to 3 dimensions, but got 4-dimensional tensor for argument #1 'self' "
            "(while checking arguments for adaptive_max_pool1d)");
}

}  // namespace
