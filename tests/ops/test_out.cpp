// The `_out` variants' out= rules (tests/libtorch/out_variants.cpp compares their results with
// libtorch's): the resize warning only for an out with elements, the generated element-wise
// ones, and the messages.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_of.h"

namespace {

std::vector<std::string> g_warnings;
void record(const std::string& message) { g_warnings.push_back(message); }

TEST(OutVariants, ResizingAnOutWithElementsWarnsAsPyTorch) {
  g_warnings.clear();
  ember::WarningHandler previous = ember::set_warning_handler(record);
  ember::Tensor a = ember::tensor({1.0f, 2.0f});
  ember::Tensor empty = ember::empty({0});
  ember::add_out(empty, a, a);  // no elements: resized silently
  EXPECT_TRUE(g_warnings.empty());
  ember::Tensor three = ember::zeros({3});
  ember::add_out(three, a, a);
  ember::set_warning_handler(previous);
  ASSERT_EQ(g_warnings.size(), 1u);
  EXPECT_EQ(g_warnings[0],
            "An output with one or more elements was resized since it had shape [3], which does "
            "not match the required output shape [2]. This behavior is deprecated, and in a "
            "future PyTorch release outputs will not be resized unless they have zero elements. "
            "You can explicitly reuse an out tensor t by resizing it, inplace, to zero elements "
            "with t.resize_(0).");
  EXPECT_TRUE(three.equal(ember::tensor({2.0f, 4.0f})));
}

TEST(OutVariants, SameShapeWritesInPlaceThroughViews) {
  ember::Tensor base = ember::zeros({2, 2});
  ember::Tensor row = base.select(0, 1);
  ember::sqrt_out(row, ember::tensor({4.0f, 9.0f}));  // generated from the unary table
  EXPECT_TRUE(base.equal(ember::tensor({{0.0f, 0.0f}, {2.0f, 3.0f}})));
}

TEST(OutVariants, Messages) {
  ember::Tensor a = ember::tensor({1.0f, 2.0f});
  ember::Tensor as_int = ember::zeros({2}, ember::kInt);
  EXPECT_EQ(ember_test::error_of([&] { ember::div_out(as_int, a, a); }),
            "result type Float can't be cast to the desired output type Int");
  ember::Tensor w = ember::ones({2}, ember::requires_grad());
  ember::Tensor o = ember::empty({2});
  EXPECT_EQ(ember_test::error_of([&] { ember::exp_out(o, w); }),
            "exp(): functions with out=... arguments don't support automatic differentiation, "
            "but one of the arguments requires grad.");
}

}  // namespace
