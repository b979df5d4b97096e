// Edge cases the Python differential tests found (tests/python/test_properties.py), pinned in C++:
// each expectation is what PyTorch 1.13.1 returns or raises for the same call.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <string>

#include "error_of.h"

namespace {

using ember::Tensor;

using ember_test::error_of;

TEST(EdgeCases, RsubRecordsRsubBackward) {
  Tensor w = ember::tensor({1.0, 2.0}, ember::requires_grad());
  Tensor v = ember::tensor({5.0, 7.0}, ember::requires_grad());
  Tensor a = ember::rsub(w, 2);  // Python's 2 - w
  EXPECT_EQ(a.grad_fn()->name(), "RsubBackward1");
  EXPECT_TRUE(a.equal(ember::tensor({1.0, 0.0})));
  Tensor b = ember::rsub(w, v, 3);  // v - 3 * w
  EXPECT_EQ(b.grad_fn()->name(), "RsubBackward0");
  EXPECT_TRUE(b.equal(ember::tensor({2.0, 1.0})));
  (a + b).sum().backward();
  EXPECT_TRUE(w.grad().equal(ember::tensor({-4.0, -4.0})));
  EXPECT_TRUE(v.grad().equal(ember::tensor({1.0, 1.0})));
}

TEST(EdgeCases, RemainderInPlace) {
  Tensor x = ember::tensor({5.0, -7.0});
  x.remainder_(4);
  EXPECT_TRUE(x.equal(ember::tensor({1.0, 1.0})));
  EXPECT_EQ(x._version(), 1);
  Tensor w = ember::tensor({5.0, 7.0}, ember::requires_grad());
  Tensor y = w * 1;
  y.remainder_(ember::tensor({2.0, 4.0}));
  EXPECT_EQ(y.grad_fn()->name(), "RemainderBackward1");
  y.sum().backward();
  EXPECT_TRUE(w.grad().equal(ember::tensor({1.0, 1.0})));
}

TEST(EdgeCases, SetDataKeepsAutogradState) {
  Tensor w = ember::ones({2}, ember::requires_grad());
  (w * 3).sum().backward();
  w.set_data(ember::zeros({3}));
  EXPECT_TRUE(w.requires_grad());
  EXPECT_TRUE(w.is_leaf());
  EXPECT_EQ(w.sizes(), ember::IntArrayRef({3}));
  w.mutable_grad() = Tensor();
  (w * 2).sum().backward();
  EXPECT_TRUE(w.grad().equal(ember::tensor({2.0F, 2.0F, 2.0F})));
}

TEST(EdgeCases, BroadcastErrorNamesTheFirstMismatchFromTheRight) {
  EXPECT_EQ(error_of([] {
              ember::ones({2, 3}) + ember::ones({3, 4});
            }),
            "The size of tensor a (3) must match the size of tensor b (4) at non-singleton "
            "dimension 1");
}

TEST(EdgeCases, InPlaceWithHistoryChecksTheResultType) {
  Tensor flags = ember::zeros({2}, ember::kBool);
  Tensor w = ember::ones({2}, ember::requires_grad());
  EXPECT_EQ(error_of([&] { flags.add_(w); }),
            "result type Float can't be cast to the desired output type Bool");
  EXPECT_FALSE(flags.any().item<bool>());
}

TEST(EdgeCases, EmptyAndZeroDimShapes) {
  EXPECT_EQ(ember::ones({0}).tril().sizes(), ember::IntArrayRef({0}));
  EXPECT_EQ(ember::ones({0}).triu(1).sizes(), ember::IntArrayRef({0}));
  EXPECT_EQ(error_of([] { ember::ones({3}).tril(); }),
            "Dimension out of range (expected to be in range of [-1, 0], but got -2)");
  Tensor s = ember::ones({0}, ember::kLong).softmax(0);
  EXPECT_EQ(s.numel(), 0);
  EXPECT_EQ(s.scalar_type(), ember::kLong);
  EXPECT_EQ(error_of([] { ember::ones({2}, ember::kLong).softmax(0); }),
            "\"softmax_lastdim_kernel_impl\" not implemented for 'Long'");
  EXPECT_EQ(error_of([] { ember::tensor(1.0).roll({1}, {0}); }),
            "Dimension specified as 0 but tensor has no dimensions");
  EXPECT_TRUE(ember::tensor(1.0).roll({1}).equal(ember::tensor(1.0)));
}

TEST(EdgeCases, ReluBackwardIsThresholdBackward) {
  // PyTorch: grad((x.relu() * x).sum(), x, create_graph=True) is tensor([0., 4., 0.]) with
  // AddBackward0 -> (MulBackward0, ThresholdBackwardBackward0).
  Tensor x = ember::tensor({-1.0F, 2.0F, 0.0F}, ember::requires_grad());
  Tensor g = ember::autograd::grad({(x.relu() * x).sum()}, {x}, {}, true, true)[0];
  EXPECT_TRUE(g.equal(ember::tensor({0.0F, 4.0F, 0.0F})));
  EXPECT_EQ(g.grad_fn()->name(), "AddBackward0");
  EXPECT_EQ(g.grad_fn()->next_edges()[1].function->name(), "ThresholdBackwardBackward0");
  EXPECT_TRUE(ember::threshold_backward(ember::tensor({1.0, 2.0, 3.0}),
                                        ember::tensor({0.5, -1.0, 0.6}), 0.5)
                  .equal(ember::tensor({0.0, 0.0, 3.0})));
}

TEST(EdgeCases, PositiveRefusesBool) {
  Tensor t = ember::ones({2});
  EXPECT_TRUE(t.positive().is_same(t));
  EXPECT_EQ(error_of([] { ember::ones({2}, ember::kBool).positive(); }),
            "The `+` operator, on a bool tensor is not supported.");
}

}  // namespace
