// Gradients of the element-wise ops against PyTorch (tests/reference/gen_autograd_elementwise.py),
// their second derivatives (gradgradcheck), and the node names of the overloads taking a C++
// number, which are libtorch's (a Python number is wrapped into a tensor, so Python's names
// differ).
#include "ember/ops/elementwise.h"

#include <string>
#include <vector>

#include "autograd/grad_cases.h"
#include "ember/ops/creation.h"

namespace {

using ember::Tensor;
using V = std::vector<Tensor>;
using OT = std::optional<Tensor>;

Tensor with_view_exp_(const V& v) {
  Tensor b = v[0].clone();
  b[0].exp_();
  return b;
}

Tensor relu_twice(const V& v) {
  Tensor b = v[0] * 1.5;
  return b.relu_() + b;
}

const std::map<std::string, ember_test::GradFn>& cases() {
  static const std::map<std::string, ember_test::GradFn> table = [] {
    std::map<std::string, ember_test::GradFn> m = {
        {"neg", [](const V& v) { return v[0].neg(); }},
        {"abs", [](const V& v) { return v[0].abs(); }},
        {"sign", [](const V& v) { return v[0].sign(); }},
        {"exp", [](const V& v) { return v[0].exp(); }},
        {"exp2", [](const V& v) { return v[0].exp2(); }},
        {"expm1", [](const V& v) { return v[0].expm1(); }},
        {"log", [](const V& v) { return v[0].log(); }},
        {"log2", [](const V& v) { return v[0].log2(); }},
        {"log10", [](const V& v) { return v[0].log10(); }},
        {"log1p", [](const V& v) { return v[0].log1p(); }},
        {"sqrt", [](const V& v) { return v[0].sqrt(); }},
        {"rsqrt", [](const V& v) { return v[0].rsqrt(); }},
        {"sin", [](const V& v) { return v[0].sin(); }},
        {"cos", [](const V& v) { return v[0].cos(); }},
        {"tan", [](const V& v) { return v[0].tan(); }},
        {"asin", [](const V& v) { return v[0].asin(); }},
        {"acos", [](const V& v) { return v[0].acos(); }},
        {"atan", [](const V& v) { return v[0].atan(); }},
        {"sinh", [](const V& v) { return v[0].sinh(); }},
        {"cosh", [](const V& v) { return v[0].cosh(); }},
        {"tanh", [](const V& v) { return v[0].tanh(); }},
        {"sigmoid", [](const V& v) { return v[0].sigmoid(); }},
        {"relu", [](const V& v) { return v[0].relu(); }},
        {"erf", [](const V& v) { return v[0].erf(); }},
        {"floor", [](const V& v) { return v[0].floor(); }},
        {"ceil", [](const V& v) { return v[0].ceil(); }},
        {"round", [](const V& v) { return v[0].round(); }},
        {"trunc", [](const V& v) { return v[0].trunc(); }},
        {"frac", [](const V& v) { return v[0].frac(); }},
        {"reciprocal", [](const V& v) { return v[0].reciprocal(); }},
        {"square", [](const V& v) { return v[0].square(); }},
        {"nan_to_num", [](const V& v) { return v[0].nan_to_num(); }},
        {"gelu", [](const V& v) { return ember::gelu(v[0]); }},
        {"gelu_tanh", [](const V& v) { return ember::gelu(v[0], "tanh"); }},
        {"silu", [](const V& v) { return ember::silu(v[0]); }},
    };
    // Every unary op also runs on a transposed input.
    std::vector<std::pair<std::string, ember_test::GradFn>> transposed;
    for (const auto& [name, f] : m) transposed.emplace_back(name + "_t", f);
    m.insert(transposed.begin(), transposed.end());

    const std::map<std::string, ember_test::GradFn> more = {
        {"exp_step", [](const V& v) { return v[0].exp(); }},
        {"tanh_expand", [](const V& v) { return v[0].tanh(); }},
        {"sqrt_double", [](const V& v) { return v[0].sqrt(); }},
        {"sigmoid_0d", [](const V& v) { return v[0].sigmoid(); }},
        {"chain", [](const V& v) { return v[0].sin().exp().tanh().sqrt(); }},
        {"nan_to_num_special", [](const V& v) { return (v[0].log() * v[1]).nan_to_num(1.5, 2.0, -2.0); }},
        // softmax
        {"softmax_dim1", [](const V& v) { return v[0].softmax(1); }},
        {"softmax_dim0", [](const V& v) { return v[0].softmax(0); }},
        {"softmax_t", [](const V& v) { return v[0].softmax(-1); }},
        {"softmax_3d", [](const V& v) { return v[0].softmax(1); }},
        {"softmax_dtype", [](const V& v) { return v[0].softmax(1, ember::kDouble); }},
        {"log_softmax_dim1", [](const V& v) { return v[0].log_softmax(1); }},
        {"log_softmax_dim0", [](const V& v) { return v[0].log_softmax(0); }},
        {"log_softmax_step", [](const V& v) { return v[0].log_softmax(-1); }},
        {"log_softmax_dtype", [](const V& v) { return v[0].log_softmax(0, ember::kDouble); }},
        {"softmax_0d", [](const V& v) { return v[0].softmax(0); }},
        {"log_softmax_0d", [](const V& v) { return v[0].log_softmax(-1); }},
        {"softmax_of_softmax", [](const V& v) { return v[0].softmax(1).log_softmax(0); }},
        // binary
        {"remainder", [](const V& v) { return v[0].remainder(v[1]); }},
        {"remainder_broadcast", [](const V& v) { return v[0].remainder(v[1]); }},
        {"remainder_scalar", [](const V& v) { return v[0].remainder(0.75); }},
        {"remainder_op", [](const V& v) { return v[0] % v[1]; }},
        {"fmod", [](const V& v) { return v[0].fmod(v[1]); }},
        {"fmod_broadcast", [](const V& v) { return v[0].fmod(v[1]); }},
        {"fmod_scalar", [](const V& v) { return v[0].fmod(0.75); }},
        {"pow", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_broadcast", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_t", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_base_grad_only", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_exponent_grad_only", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_zeros", [](const V& v) { return v[0].pow(v[1]); }},
        {"pow_scalar", [](const V& v) { return v[0].pow(3); }},
        {"pow_scalar_frac", [](const V& v) { return v[0].pow(0.5); }},
        {"pow_scalar_neg", [](const V& v) { return v[0].pow(-1.5); }},
        {"pow_scalar_zero", [](const V& v) { return v[0].pow(0); }},
        {"pow_scalar_one", [](const V& v) { return v[0].pow(1); }},
        {"pow_scalar_base", [](const V& v) { return ember::pow(2.5, v[0]); }},
        {"pow_scalar_base_zero", [](const V& v) { return ember::pow(0.0, v[0]); }},
        {"maximum", [](const V& v) { return v[0].maximum(v[1]); }},
        {"maximum_broadcast", [](const V& v) { return v[0].maximum(v[1]); }},
        {"maximum_ties", [](const V& v) { return v[0].maximum(v[1]); }},
        {"minimum", [](const V& v) { return v[0].minimum(v[1]); }},
        {"minimum_step", [](const V& v) { return v[0].minimum(v[1]); }},
        {"minimum_ties", [](const V& v) { return v[0].minimum(v[1]); }},
        {"atan2", [](const V& v) { return v[0].atan2(v[1]); }},
        {"atan2_broadcast", [](const V& v) { return v[0].atan2(v[1]); }},
        {"atan2_mixed_dtype", [](const V& v) { return v[0].atan2(v[1]); }},
        {"atan2_t", [](const V& v) { return v[0].atan2(v[1]); }},
        // where
        {"where", [](const V& v) { return ember::where(v[0] > 0, v[0], v[1]); }},
        {"where_broadcast", [](const V& v) { return ember::where(v[2] > 0, v[0], v[1]); }},
        {"where_scalar_other", [](const V& v) { return ember::where(v[0] > 0, v[0], 1.5); }},
        {"where_scalar_self", [](const V& v) { return ember::where(v[0] > 0, -2.0, v[0]); }},
        {"where_t", [](const V& v) { return ember::where(v[0] > 0, v[0], v[1]); }},
        {"where_mixed_dtype", [](const V& v) { return ember::where(v[0] > 0, v[0], v[1]); }},
        // clamp
        {"clamp", [](const V& v) { return ember::clamp(v[0], -0.6, 0.7); }},
        {"clamp_min_only", [](const V& v) { return ember::clamp(v[0], -0.6); }},
        {"clamp_max_only", [](const V& v) { return ember::clamp(v[0], std::nullopt, 0.7); }},
        {"clamp_t", [](const V& v) { return ember::clamp(v[0], -0.6, 0.7); }},
        {"clamp_min", [](const V& v) { return v[0].clamp_min(0.5); }},
        {"clamp_max", [](const V& v) { return v[0].clamp_max(-0.5); }},
        {"clamp_tensor", [](const V& v) { return v[0].clamp(OT(v[1]), OT(v[1] + 1)); }},
        {"clamp_tensor_min", [](const V& v) { return v[0].clamp(OT(v[1]), OT()); }},
        {"clamp_tensor_max", [](const V& v) { return v[0].clamp(OT(), OT(v[1])); }},
        {"clamp_tensor_crossed", [](const V& v) { return v[0].clamp(OT(v[1]), OT(v[2])); }},
        // lerp
        {"lerp_scalar", [](const V& v) { return v[0].lerp(v[1], 0.3); }},
        {"lerp_scalar_broadcast", [](const V& v) { return v[0].lerp(v[1], 1.5); }},
        {"lerp_tensor", [](const V& v) { return v[0].lerp(v[1], v[2]); }},
        {"lerp_tensor_broadcast", [](const V& v) { return v[0].lerp(v[1], v[2]); }},
        {"lerp_weight_only", [](const V& v) { return v[0].lerp(v[1], v[2]); }},
        // in-place forms on non-leaves
        {"neg_", [](const V& v) { return v[0].clone().neg_(); }},
        {"abs_", [](const V& v) { return v[0].clone().abs_(); }},
        {"exp_", [](const V& v) { return v[0].clone().exp_(); }},
        {"log_", [](const V& v) { return v[0].clone().log_(); }},
        {"sqrt_", [](const V& v) { return v[0].clone().sqrt_(); }},
        {"tanh_", [](const V& v) { return v[0].clone().tanh_(); }},
        {"sigmoid_", [](const V& v) { return v[0].clone().sigmoid_(); }},
        {"relu_", [](const V& v) { return v[0].clone().relu_(); }},
        {"relu_then_use", relu_twice},
        {"clamp_", [](const V& v) { return v[0].clone().clamp_(-0.6, 0.7); }},
        {"clamp_min_only_", [](const V& v) { return v[0].clone().clamp_(0.5); }},
        {"pow_scalar_", [](const V& v) { return v[0].clone().pow_(2); }},
        {"pow_tensor_", [](const V& v) { return v[0].clone().pow_(v[1]); }},
        {"exp_on_view", with_view_exp_},
        {"tanh_on_t_view", [](const V& v) { return v[0].clone().t().tanh_(); }},
        // results that never require grad
        {"gt_no_grad", [](const V& v) { return v[0] > 0; }},
        {"eq_no_grad", [](const V& v) { return v[0] == v[1]; }},
        {"isnan_no_grad", [](const V& v) { return v[0].isnan(); }},
        {"isfinite_no_grad", [](const V& v) { return v[0].isfinite(); }},
        {"logical_and_no_grad", [](const V& v) { return v[0].logical_and(v[1]); }},
        {"where_scalars_no_grad", [](const V& v) { return ember::where(v[0] > 0, 1.0, 2.0); }},
        // errors (check_grad_errors)
        {"exp_result_modified",
         [](const V& v) {
           Tensor b = v[0] * 2;
           Tensor c = b.exp();
           c.add_(1);
           return c;
         }},
        {"sin_input_modified",
         [](const V& v) {
           Tensor b = v[0].clone();
           Tensor c = b.sin();
           b.add_(ember::ones_like(b));
           return c;
         }},
        {"sqrt_result_modified", [](const V& v) { return v[0].clone().sqrt().mul_(2); }},
        {"exp_on_leaf", [](const V& v) { return Tensor(v[0]).exp_(); }},
        {"clamp_on_leaf", [](const V& v) { return Tensor(v[0]).clamp_(0, 1); }},
    };
    m.insert(more.begin(), more.end());
    return m;
  }();
  return table;
}

TEST(AutogradElementwise, GradientsMatchPyTorch) {
  ember_test::check_grad_reference("autograd_elementwise", cases());
}

TEST(AutogradElementwise, ErrorsMatchPyTorch) {
  ember_test::check_grad_errors("autograd_elementwise", cases());
}

// gradcheck's grad-of-grad pass evaluates its finite differences under NoGradGuard, where f's
// outputs would have no graph to differentiate: f records with grad mode on regardless.
std::function<Tensor(const V&)> with_grad_mode(std::function<Tensor(const V&)> f) {
  return [f = std::move(f)](const V& v) {
    ember::AutoGradMode enable(true);
    return f(v);
  };
}

// gradgradcheck: the formulas are tensor code, so with create_graph they record their own graph.
TEST(AutogradElementwise, SecondDerivatives) {
  ember::manual_seed(0);
  const auto opts = ember::TensorOptions().dtype(ember::kDouble);
  ember::autograd::GradcheckOptions check;
  check.check_grad_of_grad = true;
  const Tensor a = ember::randn({2, 3}, opts).requires_grad_();
  const Tensor b = ember::randn({3}, opts).requires_grad_();
  const Tensor p = (ember::rand({2, 3}, opts) + 0.5).requires_grad_();
  const std::vector<std::pair<std::string, std::function<Tensor(const V&)>>> fns = {
      {"mul", [](const V& v) { return v[0] * v[1]; }},
      {"div", [](const V& v) { return v[1] / v[0]; }},
      {"div_number", [](const V& v) { return 2 / v[0] * v[1]; }},
      {"pow", [](const V& v) { return v[0].pow(v[1]); }},
      {"pow_scalar", [](const V& v) { return v[0].pow(2.5) + v[1]; }},
      {"pow_scalar_base", [](const V& v) { return ember::pow(1.5, v[1]) * v[0]; }},
      {"exp", [](const V& v) { return v[0].exp() * v[1]; }},
      {"log", [](const V& v) { return v[0].log() + v[1]; }},
      {"sqrt", [](const V& v) { return v[0].sqrt() * v[1]; }},
      {"tanh", [](const V& v) { return (v[0] * v[1]).tanh(); }},
      {"sigmoid", [](const V& v) { return (v[0] - v[1]).sigmoid(); }},
      {"softmax", [](const V& v) { return (v[0] * v[1]).softmax(1); }},
      {"log_softmax", [](const V& v) { return (v[0] + v[1]).log_softmax(0); }},
      {"atan2", [](const V& v) { return v[0].atan2(v[1]); }},
      {"erf", [](const V& v) { return (v[0] * v[1]).erf(); }},
      {"gelu", [](const V& v) { return ember::gelu(v[0] * v[1]); }},
      {"gelu_tanh", [](const V& v) { return ember::gelu(v[0] * v[1], "tanh"); }},
      {"silu", [](const V& v) { return ember::silu(v[0] - v[1]); }},
      {"lerp",
       [](const V& v) {
         return v[0].lerp(v[1].expand({2, 3}), v[0].sigmoid());
       }},
  };
  for (const auto& [name, f] : fns) {
    SCOPED_TRACE(name);
    try {
      EXPECT_TRUE(ember::autograd::gradcheck(with_grad_mode(f), {p, b}, check));
    } catch (const ember::Error& e) {
      ADD_FAILURE() << e.what();
    }
  }
  // relu and clamp are piecewise linear: their second derivative is zero away from the kinks.
  const Tensor d = ember::tensor({-1.5, -0.25, 0.5, 2.0}, opts).requires_grad_();
  EXPECT_TRUE(ember::autograd::gradcheck(
      with_grad_mode([](const V& v) { return v[0].relu() * v[0] + v[0].clamp(-1, 1) * v[0]; }), {d},
      check));
  EXPECT_TRUE(ember::autograd::gradcheck(
      with_grad_mode([](const V& v) { return v[0].maximum(v[0] * 0.5).abs() * v[0]; }), {a},
      check));
}

std::string node_name(const Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : "None"; }

// Which of the node's next edges lead somewhere ("1" valid, "0" no edge), as libtorch lists them.
std::string edges(const Tensor& t) {
  std::string s;
  for (const auto& e : t.grad_fn()->next_edges()) s += e.is_valid() ? "1" : "0";
  return s;
}

// Node names and edges as libtorch 1.13's C++ API gives them (checked with a libtorch program).
TEST(AutogradElementwise, NumberOverloadNodesAreLibtorchs) {
  const Tensor a = ember::rand({3}).add(0.5).requires_grad_();
  const Tensor b = ember::rand({3}).add(0.5).requires_grad_();
  EXPECT_EQ(node_name(a * 2), "MulBackward1");
  EXPECT_EQ(node_name(2 * a), "MulBackward1");
  EXPECT_EQ(node_name(a + 1), "AddBackward1");
  EXPECT_EQ(node_name(a - 1), "SubBackward1");
  EXPECT_EQ(node_name(a / 2), "DivBackward1");
  EXPECT_EQ(node_name(a.pow(2)), "PowBackward0");
  EXPECT_EQ(node_name(a.pow(0)), "PowBackward0");
  EXPECT_EQ(node_name(a.pow(1)), "PowBackward0");
  EXPECT_EQ(node_name(a.pow(b)), "PowBackward1");
  EXPECT_EQ(node_name(ember::pow(2, a)), "PowBackward2");
  EXPECT_EQ(node_name(ember::pow(1, a)), "PowBackward2");
  EXPECT_EQ(node_name(a.square()), "PowBackward0");
  EXPECT_EQ(node_name(a.remainder(2)), "RemainderBackward0");
  EXPECT_EQ(node_name(a % 2), "RemainderBackward0");
  EXPECT_EQ(node_name(a.fmod(2)), "FmodBackward0");
  EXPECT_EQ(node_name(a.clamp(0, 1)), "ClampBackward1");
  EXPECT_EQ(node_name(a.clamp(0)), "ClampBackward1");
  EXPECT_EQ(node_name(a.clamp_min(0)), "ClampMinBackward0");
  EXPECT_EQ(node_name(a.clamp_max(0)), "ClampMaxBackward0");
  EXPECT_EQ(node_name(a.lerp(b, 0.5)), "LerpBackward0");
  EXPECT_EQ(node_name(-a), "NegBackward0");
  // A number on the left is a filled tensor with no history: an edge that leads nowhere.
  const Tensor rsub = 1 - a, rdiv = 2 / a, rdiv_float = 2.5 / a, rrem = 2 % a;
  EXPECT_EQ(node_name(rsub), "SubBackward0");
  EXPECT_EQ(edges(rsub), "01");
  EXPECT_EQ(node_name(rdiv), "DivBackward0");
  EXPECT_EQ(edges(rdiv), "01");
  EXPECT_EQ(node_name(rdiv_float), "DivBackward0");
  EXPECT_EQ(node_name(rrem), "RemainderBackward1");
  EXPECT_EQ(edges(rrem), "01");
  const Tensor c = a > 1;
  const Tensor w1 = ember::where(c, 1.0, b), w2 = ember::where(c, a, 1.0),
               w3 = ember::where(c, a, b);
  EXPECT_EQ(node_name(w1), "WhereBackward0");
  EXPECT_EQ(edges(w1), "01");
  EXPECT_EQ(edges(w2), "10");
  EXPECT_EQ(edges(w3), "11");
  const Tensor c1 = a.clamp(OT(b), OT()), c2 = a.clamp(OT(), OT(b)), c3 = a.clamp(OT(b), OT(b + 1));
  EXPECT_EQ(node_name(c1), "ClampBackward0");
  EXPECT_EQ(edges(c1), "110");
  EXPECT_EQ(edges(c2), "101");
  EXPECT_EQ(edges(c3), "111");
  // softmax with a dtype converts first, as libtorch's composite.
  const Tensor s = a.softmax(0, ember::kDouble);
  EXPECT_EQ(node_name(s), "SoftmaxBackward0");
  EXPECT_EQ(s.grad_fn()->next_edge(0).function->name(), "ToCopyBackward0");
  EXPECT_EQ(a.softmax(0, ember::kFloat).grad_fn()->next_edge(0).function->name(), "AccumulateGrad");

  // Values and gradients of the number overloads.
  (2 / a).sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(a.grad(), (-2 / (a * a)).detach()));
  a.mutable_grad() = Tensor();
  (5 % a).sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(a.grad(), (-(5 / a).floor()).detach()));
}

// libtorch's at::remainder(Scalar, Tensor) has no derivative formula: backward refuses.
TEST(AutogradElementwise, RemainderOfANumberHasNoDerivative) {
  const Tensor a = ember::rand({3}).add(0.5).requires_grad_();
  const Tensor r = ember::remainder(2, a);
  EXPECT_EQ(node_name(r), "torch::autograd::NotImplemented");
  try {
    r.sum().backward();
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()), "derivative for aten::remainder is not implemented");
  }
}

// Comparisons, predicates and logical ops give bool results, which never require grad.
TEST(AutogradElementwise, BoolResultsDoNotRequireGrad) {
  const Tensor a = ember::randn({3}).requires_grad_();
  for (const Tensor& t :
       {a > 0, a < a, a == 1, a != a, a >= 0.5, a <= a, a.isnan(), a.isinf(), a.isfinite(),
        a.logical_not(), a.logical_and(a), a.logical_or(a), a.logical_xor(a)}) {
    EXPECT_FALSE(t.requires_grad());
    EXPECT_EQ(t.grad_fn(), nullptr);
  }
}

// Each in-place form writes its tensor once: one version bump, with or without history.
TEST(AutogradElementwise, InPlaceFormsBumpTheVersionOnce) {
  const std::vector<std::pair<std::string, std::function<void(Tensor&)>>> ops = {
      {"neg_", [](Tensor& t) { t.neg_(); }},
      {"abs_", [](Tensor& t) { t.abs_(); }},
      {"exp_", [](Tensor& t) { t.exp_(); }},
      {"log_", [](Tensor& t) { t.log_(); }},
      {"sqrt_", [](Tensor& t) { t.sqrt_(); }},
      {"tanh_", [](Tensor& t) { t.tanh_(); }},
      {"sigmoid_", [](Tensor& t) { t.sigmoid_(); }},
      {"relu_", [](Tensor& t) { t.relu_(); }},
      {"clamp_", [](Tensor& t) { t.clamp_(0.6, 0.9); }},
      {"clamp_nan", [](Tensor& t) { t.clamp_(std::nan(""), 1); }},
      {"pow_", [](Tensor& t) { t.pow_(2); }},
      {"pow_0", [](Tensor& t) { t.pow_(0); }},
      {"pow_1", [](Tensor& t) { t.pow_(1); }},
      {"pow_tensor", [](Tensor& t) { t.pow_(t.detach().clone()); }},
  };
  for (const auto& [name, op] : ops) {
    SCOPED_TRACE(name);
    for (bool history : {false, true}) {
      Tensor leaf = (ember::rand({4}) + 0.5).requires_grad_(history);
      Tensor t = leaf.clone();
      const auto before = t._version();
      op(t);
      EXPECT_EQ(t._version(), before + 1) << "history " << history;
      EXPECT_EQ(t.requires_grad(), history);
    }
  }
  Tensor i = ember::tensor({1, 2, 3});
  i.bitwise_xor_(1);
  i.pow_(2);
  EXPECT_EQ(i._version(), 2u);
}

// PyTorch: an in-place op that saves its result (exp_, tanh_, sigmoid_, sqrt_, relu_) saves self,
// so modifying self again makes backward refuse. Disabled: autograd::record_inplace saves the
// temporary out-of-place result instead, so ember computes the gradient without complaint (see
// the report of the elementwise autograd task).
TEST(AutogradElementwise, InPlaceSavedResultModifiedAgain) {
  const Tensor a = ember::rand({3}).requires_grad_();
  Tensor c = a.clone().exp_();
  c.add_(1);
  try {
    c.sum().backward();
    ADD_FAILURE() << "expected an error";
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "one of the variables needed for gradient computation has been modified by an "
              "inplace operation: [torch.FloatTensor [3]], which is output 0 of ExpBackward0, is "
              "at version 2; expected version 1 instead. Hint: enable anomaly detection to find "
              "the operation that failed to compute its gradient, with "
              "torch.autograd.set_detect_anomaly(True).");
  }
}

}  // namespace
