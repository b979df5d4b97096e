// Views and shape operations against PyTorch (tests/reference/shape.json from gen_shape.py):
// values, dtypes, shapes, strides, storage offsets, which results are views, and error messages.
#include <gtest/gtest.h>

#include "ember/ops/creation.h"
#include "ember/ops/shape.h"
#include "ops/view_index_cases.h"

using namespace ember;
using ember_test::Args;
using ember_test::Inputs;
using ember_test::ints;
using ember_test::OpResult;
using ember_test::opt_int;
using ember_test::run_reference_cases;

namespace {

int run(const std::string& op, const ember_test::OpFn& fn) {
  int n = run_reference_cases("shape", op, fn);
  EXPECT_GT(n, 0) << "no reference cases for " << op;
  return n;
}

OpResult one(Tensor t) { return {std::move(t)}; }

}  // namespace

TEST(ShapeReference, View) {
  run("view", [](Inputs& in, const Args& a) { return one(in[0].view(ints(a, "size"))); });
}
TEST(ShapeReference, ReshapeIsAViewExactlyWherePyTorchsIs) {
  run("reshape", [](Inputs& in, const Args& a) { return one(in[0].reshape(ints(a, "size"))); });
}
TEST(ShapeReference, Flatten) {
  run("flatten",
      [](Inputs& in, const Args& a) { return one(flatten(in[0], a.at("start"), a.at("end"))); });
}
TEST(ShapeReference, Unflatten) {
  run("unflatten", [](Inputs& in, const Args& a) {
    return one(in[0].unflatten(a.at("dim"), ints(a, "sizes")));
  });
}
TEST(ShapeReference, Squeeze) {
  run("squeeze", [](Inputs& in, const Args&) { return one(squeeze(in[0])); });
  run("squeeze_dim", [](Inputs& in, const Args& a) { return one(in[0].squeeze(a.at("dim"))); });
}
TEST(ShapeReference, Unsqueeze) {
  run("unsqueeze", [](Inputs& in, const Args& a) { return one(unsqueeze(in[0], a.at("dim"))); });
}
TEST(ShapeReference, PermuteTransposeMT) {
  run("permute", [](Inputs& in, const Args& a) { return one(in[0].permute(ints(a, "dims"))); });
  run("transpose",
      [](Inputs& in, const Args& a) { return one(transpose(in[0], a.at("dim0"), a.at("dim1"))); });
  run("mT", [](Inputs& in, const Args&) { return one(in[0].mT()); });
}
TEST(ShapeReference, Expand) {
  run("expand", [](Inputs& in, const Args& a) { return one(in[0].expand(ints(a, "size"))); });
  run("expand_as", [](Inputs& in, const Args&) { return one(in[0].expand_as(in[1])); });
}
TEST(ShapeReference, Slice) {
  run("slice", [](Inputs& in, const Args& a) {
    return one(in[0].slice(a.at("dim"), opt_int(a, "start"), opt_int(a, "end"), a.at("step")));
  });
}
TEST(ShapeReference, UnbindChunkSplit) {
  run("unbind", [](Inputs& in, const Args& a) { return unbind(in[0], a.at("dim")); });
  run("chunk", [](Inputs& in, const Args& a) { return in[0].chunk(a.at("chunks"), a.at("dim")); });
  run("split", [](Inputs& in, const Args& a) {
    return split(in[0], a.at("split_size").get<int64_t>(), a.at("dim"));
  });
  run("split_sizes", [](Inputs& in, const Args& a) {
    return in[0].split(IntArrayRef(ints(a, "split_sizes")), a.at("dim"));
  });
}
TEST(ShapeReference, CatPromotesAndChecksShapes) {
  run("cat", [](Inputs& in, const Args& a) { return one(cat(in, a.at("dim"))); });
}
TEST(ShapeReference, Stack) {
  run("stack", [](Inputs& in, const Args& a) { return one(stack(in, a.at("dim"))); });
}
TEST(ShapeReference, FlipRollRepeat) {
  run("flip", [](Inputs& in, const Args& a) { return one(in[0].flip(ints(a, "dims"))); });
  run("roll", [](Inputs& in, const Args& a) {
    return one(roll(in[0], ints(a, "shifts"), ints(a, "dims")));
  });
  run("repeat", [](Inputs& in, const Args& a) { return one(in[0].repeat(ints(a, "repeats"))); });
}
TEST(ShapeReference, TrilTriuDiag) {
  run("tril", [](Inputs& in, const Args& a) { return one(tril(in[0], a.at("diagonal"))); });
  run("triu", [](Inputs& in, const Args& a) { return one(in[0].triu(a.at("diagonal"))); });
  run("diag", [](Inputs& in, const Args& a) { return one(diag(in[0], a.at("diagonal"))); });
}

TEST(Views, WritingThroughAViewChangesTheBase) {
  Tensor base = zeros({2, 3, 4});
  base.view({6, 4}).select(0, 1).fill_(1);
  EXPECT_EQ(base.select(0, 0).select(0, 1).select(0, 2).item<float>(), 1.0f);
  base.permute({2, 0, 1}).slice(0, 1, std::nullopt, 2).fill_(5);
  EXPECT_EQ(base.select(0, 1).select(0, 2).select(0, 3).item<float>(), 5.0f);
  EXPECT_EQ(base.select(0, 1).select(0, 2).select(0, 2).item<float>(), 0.0f);
  base.unsqueeze(0).squeeze().flatten(0, 1).mT().select(1, 0).fill_(7);  // [6, 4] -> [4, 6]
  EXPECT_EQ(base.select(0, 0).select(0, 0).select(0, 3).item<float>(), 7.0f);
  std::vector<Tensor> parts = base.split(1, 2);
  parts[3].fill_(-1);
  EXPECT_EQ(base.select(2, 3).select(0, 1).select(0, 1).item<float>(), -1.0f);
  base.unbind(1)[2].fill_(9);
  EXPECT_EQ(base.select(0, 0).select(0, 2).select(0, 0).item<float>(), 9.0f);
  Tensor e = base.select(0, 0).select(0, 0).unsqueeze(0).expand({3, 4});
  EXPECT_EQ(e.stride(0), 0);
}

TEST(Views, ReshapeCopiesWhenStridesForbidAView) {
  Tensor base = arange(6).view({2, 3});
  Tensor r = base.t().reshape({6});
  r.fill_(0);
  EXPECT_EQ(base.select(0, 1).select(0, 2).item<int64_t>(), 5);
  EXPECT_THROW(base.t().view({6}), Error);
}

TEST(Views, CatAndStackTakeBracedLists) {
  Tensor a = ones({2, 2}, kInt), b = zeros({1, 2}, kDouble);
  Tensor c = cat({a, b});
  EXPECT_EQ(c.dtype(), kDouble);
  EXPECT_EQ(c.sizes(), IntArrayRef({3, 2}));
  Tensor s = stack({a, a}, -1);
  EXPECT_EQ(s.sizes(), IntArrayRef({2, 2, 2}));
  EXPECT_EQ(split(arange(5), {2, 3}).size(), 2u);
}
