// Indexing against PyTorch (tests/reference/indexing.json from gen_indexing.py): index/index_put_
// with ints, slices, None, Ellipsis, bools, masks and integer tensors; gather, scatter,
// index_select, masked_fill, masked_select, nonzero on every dtype and memory layout.
#include <gtest/gtest.h>

#include "ember/ops/creation.h"
#include "ember/ops/indexing.h"
#include "ops/view_index_cases.h"

using namespace ember;
using namespace ember::indexing;
using ember_test::Args;
using ember_test::Inputs;
using ember_test::OpResult;
using ember_test::run_reference_cases;
using ember_test::scalar_from;

namespace {

int run(const std::string& op, const ember_test::OpFn& fn) {
  int n = run_reference_cases("indexing", op, fn);
  EXPECT_GT(n, 0) << "no reference cases for " << op;
  return n;
}

OpResult one(Tensor t) { return {std::move(t)}; }

// The recorded index items: {"k": "int"|"bool"|"slice"|"none"|"ellipsis"|"tensor", "v": ...}.
std::vector<TensorIndex> indices_from(const Args& a, const Inputs& in) {
  std::vector<TensorIndex> out;
  for (const auto& it : a.at("indices")) {
    const std::string k = it.at("k");
    if (k == "int") {
      out.emplace_back(it.at("v").get<int64_t>());
    } else if (k == "bool") {
      out.emplace_back(it.at("v").get<bool>());
    } else if (k == "none") {
      out.emplace_back(None);
    } else if (k == "ellipsis") {
      out.emplace_back(Ellipsis);
    } else if (k == "tensor") {
      out.emplace_back(in[it.at("v").get<size_t>()]);
    } else {
      const auto& v = it.at("v");
      auto part = [&](int i) -> std::optional<int64_t> {
        if (v[i].is_null()) return std::nullopt;
        return v[i].get<int64_t>();
      };
      out.emplace_back(Slice(part(0), part(1), part(2)));
    }
  }
  return out;
}

}  // namespace

TEST(IndexingReference, BasicIndicesGiveViews) {
  run("index", [](Inputs& in, const Args& a) { return one(in[0].index(indices_from(a, in))); });
}

TEST(IndexingReference, IndexPutWritesInPlace) {
  run("index_put", [](Inputs& in, const Args& a) {
    auto idx = indices_from(a, in);
    if (a.contains("value_input")) {
      in[0].index_put_(idx, in[a.at("value_input").get<size_t>()]);
    } else {
      in[0].index_put_(idx, scalar_from(a.at("value")));
    }
    return one(in[0]);
  });
}

TEST(IndexingReference, Gather) {
  run("gather", [](Inputs& in, const Args& a) { return one(gather(in[0], a.at("dim"), in[1])); });
}

TEST(IndexingReference, Scatter) {
  run("scatter",
      [](Inputs& in, const Args& a) { return one(in[0].scatter(a.at("dim"), in[1], in[2])); });
  run("scatter_value", [](Inputs& in, const Args& a) {
    return one(scatter(in[0], a.at("dim"), in[1], scalar_from(a.at("value"))));
  });
  run("scatter_", [](Inputs& in, const Args& a) {
    in[0].scatter_(a.at("dim"), in[1], in[2]);
    return one(in[0]);
  });
}

TEST(IndexingReference, IndexSelect) {
  run("index_select",
      [](Inputs& in, const Args& a) { return one(index_select(in[0], a.at("dim"), in[1])); });
}

TEST(IndexingReference, MaskedFill) {
  run("masked_fill", [](Inputs& in, const Args& a) {
    return one(in[0].masked_fill(in[1], scalar_from(a.at("value"))));
  });
  run("masked_fill_", [](Inputs& in, const Args& a) {
    in[0].masked_fill_(in[1], scalar_from(a.at("value")));
    return one(in[0]);
  });
}

TEST(IndexingReference, MaskedSelectAndNonzero) {
  run("masked_select", [](Inputs& in, const Args&) { return one(masked_select(in[0], in[1])); });
  run("nonzero", [](Inputs& in, const Args&) { return one(nonzero(in[0])); });
}

TEST(Indexing, LibtorchSpellingsCompileAndBehave) {
  Tensor t = arange(12).view({3, 4});
  EXPECT_EQ(t.index({Slice(), 0}).sizes(), IntArrayRef({3}));
  EXPECT_EQ(t.index({"...", None}).sizes(), IntArrayRef({3, 4, 1}));
  Tensor mask = zeros({3, 4}, kBool);
  mask.index_put_({Slice(1, None)}, true);
  EXPECT_EQ(t.index({mask}).numel(), 8);
  EXPECT_EQ(t.index({tensor({2, 0})}).sizes(), IntArrayRef({2, 4}));
  EXPECT_EQ(t.index({1, Slice(None, None, 2)}).sizes(), IntArrayRef({2}));
  t.index_put_({Slice(1, None, 2)}, 0);
  EXPECT_EQ(t.index({1, 3}).item<int64_t>(), 0);
  EXPECT_EQ(t.index({2, 3}).item<int64_t>(), 11);
  EXPECT_EQ(t[2][1].item<int64_t>(), 9);
  t.index_put_({Ellipsis, -1}, tensor({7, 8, 9}));
  EXPECT_EQ(t.index({2, -1}).item<int64_t>(), 9);
  EXPECT_THROW(Slice(0, 3, 0), ValueError);
  EXPECT_THROW(t.index({"..x"}), ValueError);
  EXPECT_THROW(t.index(std::vector<TensorIndex>{}), Error);
}

TEST(Indexing, IndexViewsShareStorage) {
  Tensor t = zeros({3, 4});
  Tensor v = t.index({Slice(1, None), Slice(None, None, 2)});
  v.fill_(1);
  EXPECT_EQ(t.index({2, 2}).item<float>(), 1.0f);
  EXPECT_EQ(t.index({2, 1}).item<float>(), 0.0f);
  Tensor c = t.index({tensor({0, 1})});  // advanced indexing copies
  c.fill_(5);
  EXPECT_EQ(t.index({0, 0}).item<float>(), 0.0f);
}

// Expected values as real PyTorch 1.13 prints them for the same calls.
TEST(MaskedFill, AcceptsAZeroDimValueTensorAsPyTorch) {
  Tensor m = ember::tensor({{true, false, true}, {false, false, true}});
  Tensor r = ember::zeros({2, 3}).masked_fill(m, ember::tensor(2.5));
  EXPECT_TRUE(ember_test::same_tensor(r, ember::tensor({{2.5, 0.0, 2.5}, {0.0, 0.0, 2.5}})));
  Tensor i =
      ember::zeros({3}, kLong).masked_fill(ember::tensor({true, false, true}), ember::tensor(2.7));
  EXPECT_TRUE(ember_test::same_tensor(i, ember::tensor({2, 0, 2})));
  try {
    ember::zeros({2, 3}).masked_fill(m, ember::tensor({1.0, 2.0}));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 "
                 "dimension(s).");
  }
}
