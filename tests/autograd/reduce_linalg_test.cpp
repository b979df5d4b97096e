// Gradients of the reductions, scans, sorts and matrix products against PyTorch
// (tests/reference/gen_autograd_reduce_linalg.py), second derivatives by gradgradcheck, and the
// outputs that must never be differentiable.
#include <limits>
#include <string>

#include "autograd/grad_cases.h"

namespace {

using ember::Tensor;
using V = std::vector<Tensor>;
using OptDims = std::optional<ember::IntArrayRef>;
using Correction = std::optional<int64_t>;

constexpr double kInf = std::numeric_limits<double>::infinity();
// Dims for the optional<IntArrayRef> overloads: an optional made from a braced list would point
// at a temporary that dies inside optional's constructor.
const int64_t kDim1[] = {1};
const int64_t kDims01[] = {0, 1};
const std::optional<bool> kStable = true;

Tensor std_mean_sum(const V& v) {
  auto [s, m] = ember::std_mean(v[0], ember::IntArrayRef{1});
  return s + m;
}

Tensor var_mean_correction(const V& v) {
  auto [var, mean] = ember::var_mean(v[0], OptDims(kDim1), Correction(0));
  return mean + var;
}

Tensor mlp_loss(const V& v) {
  const Tensor &x = v[0], &w1 = v[1], &b1 = v[2], &w2 = v[3], &b2 = v[4], &target = v[5];
  Tensor h = ember::addmm(b1, x, w1).relu();
  Tensor out = h.mm(w2) + b2;
  return (out - target).pow(2).mean();
}

Tensor matmul(const V& v) { return v[0].matmul(v[1]); }

const std::map<std::string, ember_test::GradFn>& cases() {
  static const std::map<std::string, ember_test::GradFn> all = {
      // sum: no stray nodes from the dtype conversion or the reshaped result
      {"sum_dtype", [](const V& v) { return v[0].sum(ember::kDouble); }},
      {"sum_dim_t", [](const V& v) { return v[0].sum({0}); }},
      // mean
      {"mean_all", [](const V& v) { return v[0].mean(); }},
      {"mean_all_t", [](const V& v) { return v[0].mean(); }},
      {"mean_0d", [](const V& v) { return v[0].mean(); }},
      {"mean_0d_dim", [](const V& v) { return v[0].mean({0}); }},
      {"mean_dim", [](const V& v) { return v[0].mean({1}); }},
      {"mean_dims_keepdim",
       [](const V& v) {
         return v[0].mean({0, -1}, true);
       }},
      {"mean_negdim_step", [](const V& v) { return v[0].mean({-1}); }},
      {"mean_dtype", [](const V& v) { return v[0].mean(ember::kDouble); }},
      {"mean_expand", [](const V& v) { return v[0].mean({0}); }},
      // prod
      {"prod_all", [](const V& v) { return v[0].prod(); }},
      {"prod_all_t", [](const V& v) { return v[0].prod(); }},
      {"prod_0d", [](const V& v) { return v[0].prod(); }},
      {"prod_0d_dim", [](const V& v) { return v[0].prod(0); }},
      {"prod_dim", [](const V& v) { return v[0].prod(1); }},
      {"prod_dim_keepdim_neg", [](const V& v) { return v[0].prod(-2, true); }},
      {"prod_1d_dim", [](const V& v) { return v[0].prod(0); }},
      {"prod_one_zero", [](const V& v) { return v[0].prod(); }},
      {"prod_two_zeros", [](const V& v) { return v[0].prod(); }},
      {"prod_dim_zeros", [](const V& v) { return v[0].prod(1); }},
      {"prod_dim0_zeros", [](const V& v) { return v[0].prod(0, true); }},
      {"prod_dtype", [](const V& v) { return v[0].prod(1, false, ember::kDouble); }},
      // max / min
      {"max_all", [](const V& v) { return v[0].max(); }},
      {"min_all_t", [](const V& v) { return v[0].min(); }},
      {"max_all_tie", [](const V& v) { return v[0].max(); }},
      {"min_all_tie", [](const V& v) { return v[0].min(); }},
      {"max_dim", [](const V& v) { return std::get<0>(v[0].max(1)); }},
      {"max_dim_keepdim_neg", [](const V& v) { return std::get<0>(v[0].max(-1, true)); }},
      {"min_dim_step", [](const V& v) { return std::get<0>(v[0].min(0)); }},
      {"max_dim_0d", [](const V& v) { return std::get<0>(v[0].max(0)); }},
      {"max_dim_1d", [](const V& v) { return std::get<0>(v[0].max(0)); }},
      {"max_dim_tie", [](const V& v) { return std::get<0>(v[0].max(1)); }},
      // amax / amin
      {"amax_dim", [](const V& v) { return v[0].amax({1}); }},
      {"amax_dims_keepdim",
       [](const V& v) {
         return v[0].amax({0, 2}, true);
       }},
      {"amin_all", [](const V& v) { return v[0].amin(); }},
      {"amin_neg_dim", [](const V& v) { return v[0].amin({-1}); }},
      {"amax_0d", [](const V& v) { return v[0].amax(); }},
      {"amax_tie", [](const V& v) { return v[0].amax({1}); }},
      {"amin_tie_all", [](const V& v) { return v[0].amin(); }},
      // never differentiable
      {"argmax_all", [](const V& v) { return v[0].argmax(); }},
      {"argmin_dim", [](const V& v) { return v[0].argmin(1, true); }},
      {"max_dim_indices", [](const V& v) { return std::get<1>(v[0].max(1)); }},
      {"sort_indices", [](const V& v) { return std::get<1>(v[0].sort(0)); }},
      {"topk_indices", [](const V& v) { return std::get<1>(v[0].topk(2)); }},
      {"all_bool", [](const V& v) { return v[0].all(); }},
      {"any_dim", [](const V& v) { return (v[0] > 0).any(1); }},
      // std / var
      {"std_all", [](const V& v) { return v[0].std(); }},
      {"std_all_biased", [](const V& v) { return v[0].std(false); }},
      {"std_dim", [](const V& v) { return v[0].std(ember::IntArrayRef{1}); }},
      {"std_dims_keepdim",
       [](const V& v) {
         return v[0].std({0, -1}, false, true);
       }},
      {"std_correction", [](const V& v) { return v[0].std(OptDims(kDim1), Correction(2)); }},
      {"std_1d_dim", [](const V& v) { return v[0].std(ember::IntArrayRef{0}); }},
      {"std_0d", [](const V& v) { return v[0].std({0}, false); }},
      {"var_all", [](const V& v) { return v[0].var(); }},
      {"var_dim", [](const V& v) { return v[0].var(ember::IntArrayRef{0}); }},
      {"var_dim_keepdim", [](const V& v) { return v[0].var({-1}, false, true); }},
      {"var_correction_all", [](const V& v) { return v[0].var(std::nullopt, Correction(0)); }},
      {"var_correction_dims", [](const V& v) { return v[0].var(OptDims(kDims01), Correction(3)); }},
      {"var_0d", [](const V& v) { return v[0].var(false); }},
      {"std_mean_sum", std_mean_sum},
      {"std_mean_std", [](const V& v) { return std::get<0>(ember::std_mean(v[0])); }},
      {"std_mean_mean_keepdim",
       [](const V& v) { return std::get<1>(ember::std_mean(v[0], {0}, true, true)); }},
      {"var_mean_var", [](const V& v) { return std::get<0>(ember::var_mean(v[0], {1}, false)); }},
      {"var_mean_correction", var_mean_correction},
      // norm
      {"norm_2", [](const V& v) { return v[0].norm(); }},
      {"norm_1", [](const V& v) { return v[0].norm(1); }},
      {"norm_3", [](const V& v) { return v[0].norm(3); }},
      {"norm_1_5", [](const V& v) { return v[0].norm(1.5); }},
      {"norm_0_5", [](const V& v) { return v[0].norm(0.5); }},
      {"norm_neg1", [](const V& v) { return v[0].norm(-1); }},
      {"norm_inf", [](const V& v) { return v[0].norm(kInf); }},
      {"norm_neg_inf", [](const V& v) { return v[0].norm(-kInf); }},
      {"norm_0", [](const V& v) { return v[0].norm(0); }},
      {"norm_0d", [](const V& v) { return v[0].norm(2); }},
      {"norm_zeros", [](const V& v) { return v[0].norm(2); }},
      {"norm_inf_tie", [](const V& v) { return v[0].norm(kInf); }},
      {"norm_dim", [](const V& v) { return v[0].norm(2, {1}); }},
      {"norm_dim_keepdim", [](const V& v) { return v[0].norm(2, {-1}, true); }},
      {"norm_dims_p3",
       [](const V& v) {
         return v[0].norm(3, {0, 2});
       }},
      {"norm_dim_p1", [](const V& v) { return v[0].norm(1, {0}); }},
      {"norm_dim_inf", [](const V& v) { return v[0].norm(kInf, {1}, true); }},
      {"norm_dim_p0_5", [](const V& v) { return v[0].norm(0.5, {1}); }},
      {"norm_dim_p1_5", [](const V& v) { return v[0].norm(1.5, {0}); }},
      {"norm_dim_0d", [](const V& v) { return v[0].norm(2, {0}); }},
      {"norm_nullopt_dim", [](const V& v) { return v[0].norm(std::nullopt, {1}); }},
      // logsumexp
      {"logsumexp_dim", [](const V& v) { return v[0].logsumexp({1}); }},
      {"logsumexp_keepdim_neg", [](const V& v) { return v[0].logsumexp({-2}, true); }},
      {"logsumexp_dims", [](const V& v) { return v[0].logsumexp({0, 2}); }},
      {"logsumexp_0d", [](const V& v) { return v[0].logsumexp({0}); }},
      {"logsumexp_step", [](const V& v) { return v[0].logsumexp({1}); }},
      // cumsum / cumprod
      {"cumsum_dim", [](const V& v) { return v[0].cumsum(1); }},
      {"cumsum_neg_t", [](const V& v) { return v[0].cumsum(-2); }},
      {"cumsum_0d", [](const V& v) { return v[0].cumsum(0); }},
      {"cumsum_size1", [](const V& v) { return v[0].cumsum(0); }},
      {"cumsum_dtype", [](const V& v) { return v[0].cumsum(0, ember::kDouble); }},
      {"cumsum_step", [](const V& v) { return v[0].cumsum(1); }},
      {"cumprod_dim", [](const V& v) { return v[0].cumprod(1); }},
      {"cumprod_neg_t", [](const V& v) { return v[0].cumprod(-2); }},
      {"cumprod_0d", [](const V& v) { return v[0].cumprod(0); }},
      {"cumprod_one_zero", [](const V& v) { return v[0].cumprod(1); }},
      {"cumprod_two_zeros", [](const V& v) { return v[0].cumprod(0); }},
      // sort / topk
      {"sort_dim", [](const V& v) { return std::get<0>(v[0].sort(1)); }},
      {"sort_desc_t", [](const V& v) { return std::get<0>(v[0].sort(0, true)); }},
      {"sort_stable", [](const V& v) { return std::get<0>(ember::sort(v[0], kStable, 0)); }},
      {"sort_0d", [](const V& v) { return std::get<0>(v[0].sort()); }},
      {"topk", [](const V& v) { return std::get<0>(v[0].topk(2)); }},
      {"topk_smallest_dim0", [](const V& v) { return std::get<0>(v[0].topk(2, 0, false)); }},
      {"topk_0d", [](const V& v) { return std::get<0>(v[0].topk(1)); }},
      // matrix products
      {"mm", [](const V& v) { return v[0].mm(v[1]); }},
      {"mm_t", [](const V& v) { return v[0].mm(v[1]); }},
      {"mm_step", [](const V& v) { return v[0].mm(v[1]); }},
      {"mm_one_grad", [](const V& v) { return v[0].mm(v[1]); }},
      {"addmm", [](const V& v) { return ember::addmm(v[0], v[1], v[2]); }},
      {"addmm_scaled", [](const V& v) { return ember::addmm(v[0], v[1], v[2], 0.5, 2.0); }},
      {"addmm_beta0", [](const V& v) { return ember::addmm(v[0], v[1], v[2], 0.0); }},
      {"addmm_no_self_grad", [](const V& v) { return v[0].addmm(v[1], v[2], 1, -1.0); }},
      {"bmm", [](const V& v) { return v[0].bmm(v[1]); }},
      {"bmm_t", [](const V& v) { return ember::bmm(v[0], v[1]); }},
      {"mv", [](const V& v) { return v[0].mv(v[1]); }},
      {"mv_t_step", [](const V& v) { return ember::mv(v[0], v[1]); }},
      {"dot", [](const V& v) { return v[0].dot(v[1]); }},
      {"dot_step", [](const V& v) { return ember::dot(v[0], v[1]); }},
      {"outer", [](const V& v) { return v[0].outer(v[1]); }},
      {"outer_step", [](const V& v) { return ember::outer(v[0], v[1]); }},
      {"matmul_1_1", matmul},
      {"matmul_2_1", matmul},
      {"matmul_1_2", matmul},
      {"matmul_2_2", matmul},
      {"matmul_3_1", matmul},
      {"matmul_1_3", matmul},
      {"matmul_3_2", matmul},
      {"matmul_3_2_one_grad", matmul},
      {"matmul_3t_2", matmul},
      {"matmul_2_3", matmul},
      {"matmul_3_3", matmul},
      {"matmul_4_3", matmul},
      {"matmul_3_4", matmul},
      {"matmul_4_1", matmul},
      {"matmul_1_4", matmul},
      {"matmul_4_2", matmul},
      {"matmul_2_4", matmul},
      {"matmul_4_4_broadcast", matmul},
      {"matmul_3_3_expand", matmul},
      {"mlp_loss", mlp_loss},
  };
  return all;
}

TEST(AutogradReduceLinalg, MatchPyTorch) {
  ember_test::check_grad_reference("autograd_reduce_linalg", cases());
}

// The graph below a node as the generator prints PyTorch's: Name(next ...), Leaf, None.
std::string graph(const std::shared_ptr<ember::autograd::Node>& fn) {
  if (!fn) return "None";
  if (fn->name() == "AccumulateGrad") return "Leaf";
  std::string s = fn->name();
  if (fn->num_outputs() == 0) return s;
  s += "(";
  for (size_t i = 0; i < fn->num_outputs(); ++i) {
    if (i > 0) s += " ";
    s += graph(fn->next_edge(i).function);
  }
  return s + ")";
}

// Each case's whole graph is PyTorch's: composites (matmul for every rank combination, outer)
// record its inner nodes, the other ops nothing beyond their own node.
TEST(AutogradReduceLinalg, GraphsArePyTorchs) {
  const auto& ref = ember_test::reference("autograd_reduce_linalg");
  int checked = 0;
  for (const auto& [key, c] : ref.at("cases").items()) {
    if (!c.contains("graph")) continue;
    SCOPED_TRACE("case " + key);
    std::vector<Tensor> leaves = ember_test::make_leaves(c, false);
    Tensor out = cases().at(key)(ember_test::views_of(leaves, c));
    EXPECT_EQ(graph(out.grad_fn()), c.at("graph").get<std::string>());
    ++checked;
  }
  EXPECT_GE(checked, 140);
}

// Second derivatives (gradgradcheck) on a representative set, in float64.
TEST(AutogradReduceLinalg, SecondDerivatives) {
  ember::manual_seed(0);
  const auto opts = ember::TensorOptions().dtype(ember::kDouble);
  auto leaf = [&](std::vector<int64_t> shape) {
    return ember::randn(shape, opts).requires_grad_();
  };
  ember::autograd::GradcheckOptions o;
  o.check_grad_of_grad = true;
  struct Case {
    const char* name;
    std::function<Tensor(const V&)> f;
    V inputs;
  };
  const Tensor positive = (ember::rand({3, 4}, opts) + 0.5).requires_grad_();
  // One zero: the products' formulas that avoid dividing by it.
  const Tensor one_zero = ember::tensor({{1.5, 0.0, 2.0}, {-0.5, 1.2, 3.0}}, opts).requires_grad_();
  const std::vector<Case> all = {
      {"mean", [](const V& v) { return v[0].mean(); }, {leaf({3, 4})}},
      {"mean_dim", [](const V& v) { return v[0].mean({1}); }, {leaf({3, 4})}},
      {"prod", [](const V& v) { return v[0].prod(); }, {leaf({2, 3})}},
      {"prod_dim", [](const V& v) { return v[0].prod(1); }, {leaf({3, 4})}},
      {"var", [](const V& v) { return v[0].var(); }, {leaf({3, 4})}},
      {"var_dim", [](const V& v) { return v[0].var({0}, false, true); }, {leaf({3, 4})}},
      {"std_dim", [](const V& v) { return v[0].std(ember::IntArrayRef{1}); }, {leaf({3, 4})}},
      {"norm", [](const V& v) { return v[0].norm(); }, {leaf({3, 4})}},
      {"norm_dim_p3", [](const V& v) { return v[0].norm(3, {1}); }, {leaf({3, 4})}},
      {"logsumexp", [](const V& v) { return v[0].logsumexp({1}); }, {leaf({3, 4})}},
      {"mm", [](const V& v) { return v[0].mm(v[1]); }, {leaf({2, 3}), leaf({3, 4})}},
      {"addmm",
       [](const V& v) { return ember::addmm(v[0], v[1], v[2], 0.5, 2); },
       {leaf({4}), leaf({2, 3}), leaf({3, 4})}},
      {"matmul_2_2", matmul, {leaf({2, 3}), leaf({3, 4})}},
      {"matmul_1_2", matmul, {leaf({3}), leaf({3, 4})}},
      {"matmul_3_2", matmul, {leaf({2, 3, 4}), leaf({4, 5})}},
      {"matmul_2_3", matmul, {leaf({5, 3}), leaf({2, 3, 4})}},
      {"matmul_4_3", matmul, {leaf({2, 1, 3, 4}), leaf({3, 4, 2})}},
      {"cumsum", [](const V& v) { return v[0].cumsum(1); }, {leaf({3, 4})}},
      {"cumprod", [](const V& v) { return v[0].cumprod(1); }, {positive}},
      {"max_dim", [](const V& v) { return std::get<0>(v[0].max(1)); }, {leaf({3, 4})}},
      {"sort", [](const V& v) { return std::get<0>(v[0].sort(0)); }, {leaf({3, 4})}},
      {"amax", [](const V& v) { return v[0].amax({1}); }, {leaf({3, 4})}},
      {"prod_one_zero", [](const V& v) { return v[0].prod(); }, {one_zero}},
      {"prod_dim_one_zero", [](const V& v) { return v[0].prod(1); }, {one_zero}},
      {"cumprod_one_zero", [](const V& v) { return v[0].cumprod(1); }, {one_zero}},
  };
  for (const Case& c : all) {
    SCOPED_TRACE(c.name);
    // gradcheck's finite differences run f under no_grad, but the gradient-of-gradient map it
    // differentiates must record its graph: f switches recording back on.
    auto f = [&c](const V& v) {
      ember::AutoGradMode recording(true);
      return c.f(v);
    };
    try {
      EXPECT_TRUE(ember::autograd::gradcheck(f, c.inputs, o));
    } catch (const ember::Error& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

// Indices, truth values and comparisons never require grad, whatever their input.
TEST(AutogradReduceLinalg, IndicesAndPredicatesAreNotDifferentiable) {
  Tensor a = ember::randn({3, 4}).requires_grad_();
  for (const Tensor& t :
       {a.argmax(), a.argmin(1), std::get<1>(a.max(1)), std::get<1>(a.min(0, true)),
        std::get<1>(a.sort(1)), std::get<1>(ember::sort(a, kStable, 0)), std::get<1>(a.topk(2)),
        a.all(), a.any(1), (a > 0).all(0)}) {
    EXPECT_FALSE(t.requires_grad());
    EXPECT_EQ(t.grad_fn(), nullptr);
  }
  Tensor b = a.detach().clone().requires_grad_();
  EXPECT_TRUE(a.allclose(b));
  EXPECT_TRUE(a.equal(b));
  EXPECT_TRUE(a.allclose(b.detach().to(ember::kFloat)));
  // The values do require grad, and their results are no views of kernel temporaries.
  Tensor values = std::get<0>(a.sort(1));
  EXPECT_TRUE(values.requires_grad());
  EXPECT_FALSE(a.sum({1}).is_view());
  EXPECT_FALSE(a.mean({0}).is_view());
  EXPECT_FALSE(std::get<0>(a.max(1)).is_view());
}

// Under no_grad nothing is recorded, and matmul's 1-D @ 2-D product bumps the version once as
// PyTorch's in-place squeeze does.
TEST(AutogradReduceLinalg, NoGradRecordsNothing) {
  Tensor a = ember::randn({3, 4}).requires_grad_();
  Tensor v = ember::randn({3}).requires_grad_();
  {
    ember::NoGradGuard no_grad;
    for (const Tensor& t : {a.sum(), a.mean({1}), a.prod(), a.norm(), a.logsumexp({1}), a.cumsum(0),
                            a.t().mm(a), v.matmul(a), ember::outer(v, v)}) {
      EXPECT_FALSE(t.requires_grad());
    }
    EXPECT_EQ(v.matmul(a)._version(), 1u);
  }
  EXPECT_EQ(v.matmul(a)._version(), 1u);
}

}  // namespace
