#include <gtest/gtest.h>
#include <ember/ember.h>

TEST(Smoke, ZerosHaveShapeAndDtype) {
  auto t = ember::zeros({2, 3});
  EXPECT_EQ(t.dim(), 2);
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.dtype(), ember::kFloat);
}
