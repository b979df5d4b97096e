// Gradients of the shape/view and indexing ops against PyTorch
// (tests/reference/gen_autograd_shape_indexing.py), in-place writes through views, versions after
// in-place indexing ops, and second derivatives.
#include "autograd/grad_cases.h"
#include "ember/autograd/autograd.h"

namespace {

using ember::Tensor;
using namespace ember::indexing;  // NOLINT: Slice, None, Ellipsis as libtorch code spells them
using V = std::vector<Tensor>;

// ---- the in-place writes of the generator (x[idx] = value) --------------------------------------

Tensor put_tensor(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({v[1]}, v[2]);
  return b;
}

Tensor put_two(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({v[1], Slice(), v[2]}, v[3]);
  return b;
}

Tensor put_mask_scalar(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({v[1]}, 0.5);
  return b;
}

Tensor put_int(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({1}, v[1]);
  return b;
}

Tensor put_int_int(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({0, 1}, v[1]);
  return b;
}

Tensor put_slice_fill(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({Slice(), Slice(1, 3)}, v[1]);
  return b;
}

Tensor put_ellipsis_fill(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({"..."}, v[1]);
  return b;
}

Tensor put_slice_tensor(const V& v) {
  Tensor b = v[0].clone();
  b.index_put_({Slice(), v[1]}, v[2]);
  return b;
}

Tensor into_zeros(const V& v) {
  Tensor out = ember::zeros({3}, ember::TensorOptions().dtype(v[0].dtype()));
  out.index_put_({0}, v[0] * v[0]);
  return out;
}

Tensor into_zeros_index(const V& v) {
  Tensor out = ember::zeros({5}, ember::TensorOptions().dtype(v[0].dtype()));
  out.index_put_({v[1]}, v[0]);
  return out;
}

Tensor view_inplace(const V& v) {
  Tensor b = v[0].clone();
  b.view({6}).masked_fill_(v[1], 0.0);
  return b;
}

Tensor view_inplace_returns_view(const V& v) {
  Tensor b = v[0].clone();
  Tensor col = b.index({Slice(), 1});
  col.scatter_(0, v[1], v[2]);
  return col;
}

Tensor view_chain_inplace(const V& v) {
  Tensor b = v[0] * v[0];
  b.t()[1].index_put_({Slice(0, 2)}, v[1]);
  return b;
}

TEST(AutogradShapeIndexing, GradientsMatchPyTorch) {
  ember_test::check_grad_reference(
      "autograd_shape_indexing",
      {
          // view / reshape / flatten
          {"view",
           [](const V& v) {
             return v[0].view({3, 2});
           }},
          {"view_infer",
           [](const V& v) {
             return v[0].view({-1, 1, 2});
           }},
          {"view_step",
           [](const V& v) {
             return v[0].view({2, 3, 1});
           }},
          {"reshape_view",
           [](const V& v) {
             return v[0].reshape({3, 2});
           }},
          {"reshape_copy", [](const V& v) { return v[0].reshape({6}); }},
          {"reshape_expand", [](const V& v) { return v[0].reshape({-1}); }},
          {"flatten", [](const V& v) { return v[0].flatten(); }},
          {"flatten_range", [](const V& v) { return v[0].flatten(-2, -1); }},
          {"flatten_t", [](const V& v) { return v[0].flatten(); }},
          {"flatten_1d", [](const V& v) { return v[0].flatten(); }},
          {"flatten_0d", [](const V& v) { return v[0].flatten(); }},
          {"unflatten",
           [](const V& v) {
             return v[0].unflatten(1, {2, 2});
           }},
          {"unflatten_neg",
           [](const V& v) {
             return v[0].unflatten(-1, {2, -1});
           }},
          // squeeze / unsqueeze / permute / expand
          {"squeeze", [](const V& v) { return v[0].squeeze(); }},
          {"squeeze_dim", [](const V& v) { return v[0].squeeze(-2); }},
          {"squeeze_dim_noop", [](const V& v) { return v[0].squeeze(0); }},
          {"squeeze_t", [](const V& v) { return v[0].squeeze(); }},
          {"unsqueeze", [](const V& v) { return v[0].unsqueeze(-1); }},
          {"unsqueeze_front", [](const V& v) { return v[0].unsqueeze(0); }},
          {"permute",
           [](const V& v) {
             return v[0].permute({2, 0, 1});
           }},
          {"permute_neg",
           [](const V& v) {
             return v[0].permute({-1, 0, 1});
           }},
          {"expand",
           [](const V& v) {
             return v[0].expand({4, 2, 2, 3});
           }},
          {"expand_infer",
           [](const V& v) {
             return v[0].expand({-1, 4});
           }},
          {"expand_0d",
           [](const V& v) {
             return v[0].expand({2, 3});
           }},
          {"expand_t",
           [](const V& v) {
             return v[0].expand({2, 3, 2});
           }},
          {"expand_as", [](const V& v) { return v[0].expand_as(v[1]); }},
          // slices
          {"narrow", [](const V& v) { return v[0].narrow(0, 1, 2); }},
          {"narrow_neg", [](const V& v) { return v[0].narrow(-1, -3, 2); }},
          {"slice_step",
           [](const V& v) {
             return v[0].index({Slice(), Slice(None, None, 2)});
           }},
          {"slice_of_step",
           [](const V& v) {
             return v[0].index({Slice(1), Slice(1)});
           }},
          {"mT", [](const V& v) { return v[0].mT(); }},
          // unbind / chunk / split
          {"unbind_one", [](const V& v) { return v[0].unbind(-1)[1]; }},
          {"unbind_two", [](const V& v) { return v[0].unbind(0)[0] + v[0].unbind(0)[2]; }},
          {"chunk", [](const V& v) { return v[0].chunk(2, 1)[1]; }},
          {"chunk_two", [](const V& v) { return v[0].chunk(2, 1)[0] - v[0].chunk(2, 1)[1]; }},
          {"split", [](const V& v) { return v[0].split(2, 0)[1]; }},
          {"split_last", [](const V& v) { return v[0].split(2, 0)[2]; }},
          {"split_sizes",
           [](const V& v) {
             return v[0].split({1, 3}, -1)[1];
           }},
          // cat / stack
          {"cat",
           [](const V& v) {
             return ember::cat({v[0], v[1]}, 1);
           }},
          {"cat_three",
           [](const V& v) {
             return ember::cat({v[0], v[1], v[2]}, -2);
           }},
          {"cat_skip_empty",
           [](const V& v) {
             return ember::cat({v[0], v[1]}, 0);
           }},
          {"cat_dtypes",
           [](const V& v) {
             return ember::cat({v[0], v[1]});
           }},
          {"cat_nograd",
           [](const V& v) {
             return ember::cat({v[0], v[1]}, 0);
           }},
          {"stack",
           [](const V& v) {
             return ember::stack({v[0], v[1]}, 1);
           }},
          {"stack_neg",
           [](const V& v) {
             return ember::stack({v[0], v[1]}, -1);
           }},
          // flip / roll / repeat
          {"flip",
           [](const V& v) {
             return v[0].flip({0, -1});
           }},
          {"flip_t", [](const V& v) { return v[0].flip({1}); }},
          {"roll", [](const V& v) { return v[0].roll({1}, {1}); }},
          {"roll_multi",
           [](const V& v) {
             return v[0].roll({1, -2}, {0, 1});
           }},
          {"roll_flat", [](const V& v) { return v[0].roll({2}); }},
          {"repeat",
           [](const V& v) {
             return v[0].repeat({2, 1, 3});
           }},
          {"repeat_t",
           [](const V& v) {
             return v[0].repeat({2, 2});
           }},
          {"repeat_1d", [](const V& v) { return v[0].repeat({3}); }},
          // tril / triu / diag
          {"tril", [](const V& v) { return v[0].tril(); }},
          {"tril_k", [](const V& v) { return v[0].tril(-1); }},
          {"triu", [](const V& v) { return v[0].triu(1); }},
          {"triu_step", [](const V& v) { return v[0].triu(-1); }},
          {"diag_vec", [](const V& v) { return v[0].diag(); }},
          {"diag_vec_k", [](const V& v) { return v[0].diag(1); }},
          {"diag_vec_neg", [](const V& v) { return v[0].diag(-2); }},
          {"diag_mat", [](const V& v) { return v[0].diag(); }},
          {"diag_mat_neg", [](const V& v) { return v[0].diag(-1); }},
          {"diag_mat_k", [](const V& v) { return v[0].diag(2); }},
          // basic indexing
          {"index_int", [](const V& v) { return v[0].index({1}); }},
          {"index_int_slice",
           [](const V& v) {
             return v[0].index({1, Slice(1)});
           }},
          {"index_neg_step",
           [](const V& v) {
             return v[0].index({-1, Slice(None, None, 2)});
           }},
          {"index_none", [](const V& v) { return v[0].index({None}); }},
          {"index_slice_none",
           [](const V& v) {
             return v[0].index({Slice(), None});
           }},
          {"index_ellipsis", [](const V& v) { return v[0].index({"..."}); }},
          {"index_ellipsis_int",
           [](const V& v) {
             return v[0].index({Ellipsis, 0});
           }},
          {"index_full_slices",
           [](const V& v) {
             return v[0].index({Slice(0, 2), Slice(0, 3)});
           }},
          {"index_0d_long", [](const V& v) { return v[0].index({v[1]}); }},
          // advanced indexing
          {"index_tensor", [](const V& v) { return v[0].index({v[1]}); }},
          {"index_tensor_t", [](const V& v) { return v[0].index({v[1]}); }},
          {"index_two", [](const V& v) { return v[0].index({v[1], v[2]}); }},
          {"index_nonadjacent", [](const V& v) { return v[0].index({v[1], Slice(), v[2]}); }},
          {"index_slice_tensor", [](const V& v) { return v[0].index({Slice(), v[1]}); }},
          {"index_mask", [](const V& v) { return v[0].index({v[1]}); }},
          {"index_mask_rows", [](const V& v) { return v[0].index({v[1]}); }},
          {"index_true", [](const V& v) { return v[0].index({true}); }},
          {"index_false", [](const V& v) { return v[0].index({false}); }},
          // index_put_
          {"put_tensor", put_tensor},
          {"put_tensor_broadcast", put_tensor},
          {"put_tensor_dup", put_tensor},
          {"put_two", put_two},
          {"put_mask_scalar", put_mask_scalar},
          {"put_mask_tensor", put_tensor},
          {"put_mask_values", put_tensor},
          {"put_int", put_int},
          {"put_int_int", put_int_int},
          {"put_slice_fill", put_slice_fill},
          {"put_ellipsis_fill", put_ellipsis_fill},
          {"put_slice_tensor", put_slice_tensor},
          {"put_into_zeros", into_zeros},
          {"put_into_zeros_index", into_zeros_index},
          {"put_nograd_value", put_tensor},
          // gather / scatter / index_select
          {"gather", [](const V& v) { return v[0].gather(1, v[1]); }},
          {"gather_neg_t", [](const V& v) { return v[0].gather(-2, v[1]); }},
          {"gather_smaller", [](const V& v) { return v[0].gather(1, v[1]); }},
          {"gather_1d", [](const V& v) { return v[0].gather(0, v[1]); }},
          {"scatter_src", [](const V& v) { return v[0].scatter(1, v[1], v[2]); }},
          {"scatter_src_t", [](const V& v) { return v[0].scatter(0, v[1], v[2]); }},
          {"scatter_value", [](const V& v) { return v[0].scatter(0, v[1], 1.5); }},
          {"scatter_inplace", [](const V& v) { return v[0].clone().scatter_(1, v[1], v[2]); }},
          {"scatter_value_inplace",
           [](const V& v) { return (v[0] * v[0]).scatter_(-1, v[1], 2.0); }},
          {"index_select", [](const V& v) { return v[0].index_select(0, v[1]); }},
          {"index_select_neg_t", [](const V& v) { return v[0].index_select(-1, v[1]); }},
          {"index_select_int32", [](const V& v) { return v[0].index_select(1, v[1]); }},
          {"index_select_0d", [](const V& v) { return v[0].index_select(0, v[1]); }},
          // masks
          {"masked_fill", [](const V& v) { return v[0].masked_fill(v[1], 0.5); }},
          {"masked_fill_broadcast", [](const V& v) { return v[0].masked_fill(v[1], -1.0); }},
          {"masked_fill_bigger_mask", [](const V& v) { return v[0].masked_fill(v[1], 2.0); }},
          {"masked_fill_tensor", [](const V& v) { return v[0].masked_fill(v[1], v[2]); }},
          {"masked_fill_tensor_nograd", [](const V& v) { return v[0].masked_fill(v[1], v[2]); }},
          {"masked_fill_inplace", [](const V& v) { return v[0].clone().masked_fill_(v[1], 2.0); }},
          {"masked_fill_tensor_inplace",
           [](const V& v) { return (v[0] * v[0]).masked_fill_(v[1], v[2]); }},
          {"masked_select", [](const V& v) { return v[0].masked_select(v[1]); }},
          {"masked_select_broadcast", [](const V& v) { return v[0].masked_select(v[1]); }},
          {"masked_select_bigger_mask", [](const V& v) { return v[0].masked_select(v[1]); }},
          {"nonzero", [](const V& v) { return v[0].nonzero(); }},
          // in-place through views
          {"view_inplace", view_inplace},
          {"view_inplace_returns_view", view_inplace_returns_view},
          {"view_chain_inplace", view_chain_inplace},
      });
}

TEST(AutogradShapeIndexing, ErrorsMatchPyTorch) {
  ember_test::check_grad_errors(
      "autograd_shape_indexing",
      {
          {"scatter_src_larger", [](const V& v) { return v[0].scatter(1, v[1], v[2]); }},
          {"put_leaf",
           [](const V& v) {
             Tensor a = v[0];
             return a.index_put_({v[1]}, ember::ones({}));
           }},
          {"put_view_of_leaf",
           [](const V& v) {
             return v[0].view({6}).index_put_({ember::tensor({0})}, ember::ones({}));
           }},
          {"masked_fill_leaf",
           [](const V& v) {
             Tensor a = v[0];
             return a.masked_fill_(ember::tensor({true, false, true}), 1.0);
           }},
          {"scatter_leaf",
           [](const V& v) {
             Tensor a = v[0];
             return a.scatter_(0, ember::tensor({{0, 1, 0}}), 1.0);
           }},
          {"view_of_leaf_inplace",
           [](const V& v) {
             return v[0].view({3, 2}).masked_fill_(ember::tensor({true, false}), 1.0);
           }},
      });
}

// ---- views and in-place ops
// ----------------------------------------------------------------------

std::string name_of(const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "None"; }

TEST(AutogradShapeIndexing, InPlaceOnViewOfNonLeafUpdatesBase) {
  // As PyTorch: b = a * 1; v = b.view(3, 1); v.mul_(2); b.sum().backward() gives a.grad = 2.
  Tensor a = ember::tensor({1.0f, -2.0f, 3.0f}).requires_grad_();
  Tensor b = a * 1;
  Tensor v = b.view({3, 1});
  v.mul_(2);
  EXPECT_EQ(name_of(b), "CopySlices");
  EXPECT_EQ(name_of(v), "AsStridedBackward0");
  EXPECT_TRUE(v.is_view());
  b.sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(a.grad(), ember::full({3}, 2.0f)));
}

TEST(AutogradShapeIndexing, InPlaceIndexingOnViewOfNonLeaf) {
  // b[:, 1].masked_fill_(...) and b[0].index_put_(...) rebase b's history (CopySlices) and the
  // overwritten places get no gradient, as in PyTorch.
  Tensor a = ember::tensor({{0.0f, 1.0f, 2.0f}, {3.0f, 4.0f, 5.0f}}).requires_grad_();
  Tensor w = ember::tensor({5.0f}).requires_grad_();
  Tensor b = a * 2;
  b.index({Slice(), 1}).masked_fill_(ember::tensor({true, false}), 0.0);
  b[1].index_put_({ember::tensor({2})}, w * 3);
  EXPECT_EQ(name_of(b), "CopySlices");
  b.sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(
      a.grad(), ember::tensor({2.0f, 0.0f, 2.0f, 2.0f, 2.0f, 0.0f}).view({2, 3})));
  EXPECT_TRUE(ember_test::close_tensor(w.grad(), ember::tensor({3.0f})));
}

TEST(AutogradShapeIndexing, InPlaceOnViewOfLeafThrows) {
  Tensor a = ember::ones({2, 3}).requires_grad_();
  const std::string view_msg =
      "a view of a leaf Variable that requires grad is being used in an in-place operation.";
  const std::string leaf_msg =
      "a leaf Variable that requires grad is being used in an in-place operation.";
  auto message = [](auto&& f) {
    try {
      f();
    } catch (const ember::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([&] { a.view({3, 2}).mul_(2); }), view_msg);
  EXPECT_EQ(message([&] { a.index({0}).index_put_({ember::tensor({1})}, 1.0); }), view_msg);
  EXPECT_EQ(message([&] { a.index_put_({0}, 1.0); }), view_msg);
  EXPECT_EQ(message([&] { a.index_put_({ember::tensor({1})}, 1.0); }), leaf_msg);
  EXPECT_EQ(message([&] { a.index_put_({"..."}, ember::ones({})); }), leaf_msg);
  EXPECT_EQ(message([&] { a.scatter_(1, ember::tensor({{0}, {1}}), 1.0); }), leaf_msg);
  EXPECT_EQ(message([&] { a.masked_fill_(ember::tensor({true, false, true}), 1.0); }), leaf_msg);
  // Nothing was written and no version moved.
  EXPECT_EQ(a._version(), 0u);
  EXPECT_TRUE(ember_test::close_tensor(a.detach(), ember::ones({2, 3})));
  // Under no_grad the leaf may be written.
  {
    ember::NoGradGuard no_grad;
    a.index_put_({0}, 2.0);
  }
  EXPECT_EQ(a._version(), 1u);
}

TEST(AutogradShapeIndexing, ViewsRecordTheirBase) {
  Tensor a = ember::randn({2, 3, 4}).requires_grad_();
  for (const Tensor& v :
       {a.view({6, 4}), a.reshape({6, 4}), a.squeeze(), a.unsqueeze(1), a.permute({2, 0, 1}),
        a.expand({2, 2, 3, 4}), a.narrow(1, 0, 2), a.mT(), a.unbind(0)[1], a.split(2, 2)[1],
        a.chunk(2, 2)[0], a.index({Ellipsis}), a.index({0, Slice(1)}), a.unflatten(2, {2, 2})}) {
    SCOPED_TRACE(name_of(v));
    EXPECT_TRUE(v.is_view());
    EXPECT_TRUE(v._base().is_same(a));
  }
  // Copies are not views.
  for (const Tensor& c :
       {a.transpose(0, 1).reshape({-1}), a.flip({0}), a.roll({1}), a.tril(),
        a.index({ember::tensor({0})}), a.gather(0, ember::zeros_like(a).to(ember::kLong)),
        a.masked_select(a > 0), a.nonzero()}) {
    EXPECT_FALSE(c.is_view()) << name_of(c);
  }
  Tensor copied = a.transpose(0, 1).reshape({-1});
  EXPECT_EQ(name_of(copied), "UnsafeViewBackward0");
  EXPECT_EQ(copied.grad_fn()->next_edges()[0].function->name(), "CloneBackward0");
}

// ---- versions
// ------------------------------------------------------------------------------------

TEST(AutogradShapeIndexing, VersionsAfterInPlaceIndexingMatchPyTorch) {
  // The counts libtorch 1.13 gives for the same sequence (one bump per call; x[false] = v none).
  Tensor z = ember::zeros({3});
  std::vector<uint32_t> versions;
  versions.push_back(z._version());
  z.index_put_({ember::tensor({0, 1})}, 1.0);
  versions.push_back(z._version());
  z.index_put_({0}, 1.0);
  versions.push_back(z._version());
  z.index_put_({z > 0}, 2.0);
  versions.push_back(z._version());
  z.index_put_({z > 0}, ember::tensor({1.0f, 2.0f}));
  versions.push_back(z._version());
  z.scatter_(0, ember::tensor({0}), 3.0);
  versions.push_back(z._version());
  z.scatter_(0, ember::tensor({0}), ember::ones({3}));
  versions.push_back(z._version());
  z.masked_fill_(z > 0, 3.0);
  versions.push_back(z._version());
  z.masked_fill_(z > 0, ember::tensor(3.0f));
  versions.push_back(z._version());
  z.index_put_({"..."}, 1.0);
  versions.push_back(z._version());
  z.index_put_({Slice(0, 2)}, ember::ones({2}));
  versions.push_back(z._version());
  z.index_put_({false}, 1.0);
  versions.push_back(z._version());
  z.index_put_({true}, 1.0);
  versions.push_back(z._version());
  EXPECT_EQ(versions, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11}));

  // The same ops recorded on a tensor with history.
  Tensor a = ember::randn({3}).requires_grad_();
  Tensor y = a * 1;
  versions = {y._version()};
  y.index_put_({ember::tensor({0, 1})}, 1.0);
  versions.push_back(y._version());
  y.scatter_(0, ember::tensor({0}), 3.0);
  versions.push_back(y._version());
  y.masked_fill_(y > 0, 3.0);
  versions.push_back(y._version());
  y.index_put_({0}, 1.0);
  versions.push_back(y._version());
  y.index_put_({y > 0}, 2.0);
  versions.push_back(y._version());
  EXPECT_EQ(versions, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(name_of(y), "IndexPutBackward0");

  // Out-of-place results start at version 0, as PyTorch's.
  Tensor m = ember::tensor({true, false, true});
  for (const Tensor& r : {a.masked_fill(m, 1.0), a.scatter(0, ember::tensor({1}), 2.0),
                          a.index({ember::tensor({2, 2})}), a.flip({0}), a.repeat({2}),
                          ember::cat({a, a}), ember::stack({a, a})}) {
    EXPECT_EQ(r._version(), 0u) << name_of(r);
  }
}

// ---- second derivatives
// --------------------------------------------------------------------------

TEST(AutogradShapeIndexing, SecondDerivatives) {
  ember::autograd::GradcheckOptions opts;
  opts.check_grad_of_grad = true;
  auto dbl = [](std::initializer_list<int64_t> shape) {
    return ember::randn(shape, ember::TensorOptions().dtype(ember::kDouble)).requires_grad_();
  };
  using F = std::function<Tensor(const V&)>;
  const Tensor idx = ember::tensor({2, 0, 2});
  const Tensor gidx = ember::tensor({{0, 0, 2}, {1, 2, 1}});
  const Tensor mask = ember::tensor({true, false, true});
  // Each function squares its result so that the second derivative is not zero everywhere.
  const std::vector<std::pair<std::string, F>> cases = {
      {"select", [](const V& v) { return v[0].select(1, -1).pow(2); }},
      {"slice", [](const V& v) { return v[0].slice(1, 0, 3, 2).pow(2); }},
      {"permute",
       [](const V& v) {
         return v[0].permute({1, 0}).pow(2);
       }},
      {"expand",
       [](const V& v) {
         return v[0].expand({2, 2, 3}).pow(2);
       }},
      {"cat",
       [](const V& v) {
         return ember::cat({v[0], v[1]}, 0).pow(2);
       }},
      {"stack",
       [](const V& v) {
         return ember::stack({v[0], v[0]}, 1).pow(2);
       }},
      {"index_select", [&](const V& v) { return v[0].index_select(1, idx).pow(2); }},
      {"gather", [&](const V& v) { return v[0].gather(1, gidx).pow(2); }},
      {"index",
       [&](const V& v) {
         return v[0].index({Slice(), idx}).pow(2);
       }},
      {"index_mask",
       [&](const V& v) {
         return v[0].index({Slice(), mask}).pow(2);
       }},
      {"masked_select", [&](const V& v) { return v[0].masked_select(mask).pow(2); }},
      {"masked_fill", [&](const V& v) { return v[0].masked_fill(mask, 1.0).pow(2); }},
      {"scatter",
       [&](const V& v) {
         return v[0].scatter(1, ember::tensor({{0, 2}, {1, 0}}), v[1]).pow(2);
       }},
      {"index_put",
       [&](const V& v) {
         Tensor b = v[0] * 1;
         b.index_put_({Slice(), ember::tensor({1, 0})}, v[1]);
         return b.pow(2);
       }},
      {"view_reshape",
       [](const V& v) {
         return v[0].t().reshape({-1}).view({3, 2}).pow(2);
       }},
      {"squeeze", [](const V& v) { return v[0].unsqueeze(0).squeeze().pow(2); }},
      {"unbind_split", [](const V& v) { return v[0].unbind(0)[1] * v[0].split(2, 1)[1].sum(); }},
      {"flip_roll_repeat",
       [](const V& v) {
         return v[0].flip({0}).roll({1}, {1}).repeat({2, 1}).pow(2);
       }},
      {"tril_diag", [](const V& v) { return v[0].tril(1).diag(1).diag().pow(2); }},
  };
  for (const auto& [name, f] : cases) {
    SCOPED_TRACE(name);
    // Only inputs the function uses (gradcheck's second pass cannot take an unused one).
    V inputs = {dbl({2, 3})};
    if (name == "cat") inputs.push_back(dbl({1, 3}));
    if (name == "scatter" || name == "index_put") inputs.push_back(dbl({2, 2}));
    // gradcheck's grad-of-grad pass takes its finite differences under NoGradGuard, where f's
    // outputs would have no graph to differentiate: f records with grad mode on regardless.
    auto recorded = [&f](const V& v) {
      ember::AutoGradMode enable(true);
      return f(v);
    };
    try {
      EXPECT_TRUE(ember::autograd::gradcheck(recorded, inputs, opts));
    } catch (const ember::Error& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

}  // namespace
