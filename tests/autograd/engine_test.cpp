// The engine, the tensor-level autograd API and its errors, against PyTorch's behaviour
// (tests/reference/gen_autograd_engine.py).
#include <functional>
#include <string>

#include "autograd/grad_cases.h"

namespace {

using ember::Tensor;
namespace autograd = ember::autograd;

Tensor leaf(std::vector<double> v) {
  return ember::tensor(v, ember::kFloat).requires_grad_();
}

// PyTorch's message with torch. written as ember. (as ember prints sizes).
std::string expected_error(const std::string& name) {
  std::string m = ember_test::reference("autograd_engine")["errors"][name]["message"];
  for (size_t p; (p = m.find("torch.Size")) != std::string::npos;) m.replace(p, 5, "ember");
  return m;
}

void expect_error(const std::string& name, const std::function<void()>& f) {
  SCOPED_TRACE(name);
  try {
    f();
    ADD_FAILURE() << "no error; expected: " << expected_error(name);
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()), expected_error(name));
  }
}

Tensor expected_value(const std::string& name) {
  return ember_test::tensor_from_reference(ember_test::reference("autograd_engine")["values"][name]);
}

TEST(AutogradErrors, MatchPyTorch) {
  Tensor a = leaf({1, 2, 3});
  expect_error("nonscalar", [&] { (a * a).backward(); });
  expect_error("no_grad_output", [&] { ember::ones({2}).sum().backward(); });
  expect_error("second_backward", [&] {
    Tensor y = (a * a).sum();
    y.backward();
    y.backward();
  });
  expect_error("leaf_inplace", [&] { a.mul_(a); });
  expect_error("view_of_leaf_inplace", [&] { a.slice(0, 0, 2).mul_(a.slice(0, 1, 3)); });
  expect_error("int_requires_grad", [&] { ember::tensor({1, 2}).requires_grad_(); });
  expect_error("nonleaf_requires_grad_false", [&] { (a * a).requires_grad_(false); });
  expect_error("grad_unused", [&] {
    Tensor b = leaf({1});
    autograd::grad({(a * a).sum()}, {a, b});
  });
  expect_error("grad_shape_mismatch", [&] { (a * a).backward(ember::ones({2})); });
  expect_error("modified_saved_input", [&] {
    Tensor x = a.clone();
    Tensor y = x * a;
    x.mul_(a);
    y.sum().backward();
  });
  expect_error("modified_saved_leaf", [&] {
    Tensor w = leaf({1, 2, 3});
    Tensor y = w * w;
    {
      ember::NoGradGuard no_grad;
      w.mul_(w);
    }
    y.sum().backward();
  });
  expect_error("retain_grad_without_grad", [&] { ember::ones({2}).retain_grad(); });
  expect_error("hook_without_grad",
               [&] { ember::ones({2}).register_hook([](const Tensor& g) { return g; }); });
}

TEST(AutogradEngine, GradientsAccumulateAcrossBackwardCalls) {
  Tensor a = leaf({1, 2, 3}), b = leaf({4, 5, 6});
  (a * b).sum().backward();
  (a * a).sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(a.grad(), expected_value("accumulated")));
}

TEST(AutogradEngine, RetainGraphAllowsASecondBackward) {
  Tensor c = leaf({1, 2, 3});
  Tensor y = (c * c).sum();
  y.backward({}, /*retain_graph=*/true);
  y.backward();
  EXPECT_TRUE(ember_test::close_tensor(c.grad(), expected_value("retained_twice")));
}

TEST(AutogradEngine, HookReplacesTheGradient) {
  Tensor d = leaf({1, 2, 3});
  Tensor m = d * d;
  int calls = 0;
  m.register_hook([&](const Tensor& g) {
    ++calls;
    return g * 2;
  });
  m.sum().backward();
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(ember_test::close_tensor(d.grad(), expected_value("hooked")));
}

TEST(AutogradEngine, RemovedHookIsNotCalled) {
  Tensor d = leaf({1, 2, 3});
  int calls = 0;
  unsigned id = d.register_hook([&](const Tensor&) { ++calls; });
  (d * d).sum().backward();
  d.remove_hook(id);
  (d * d).sum().backward();
  EXPECT_EQ(calls, 1);
}

TEST(AutogradEngine, RetainGradFillsAnIntermediatesGrad) {
  Tensor e = leaf({1, 2, 3});
  Tensor n = e * e;
  EXPECT_FALSE(n.retains_grad());
  n.retain_grad();
  EXPECT_TRUE(n.retains_grad());
  (n * n).sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(n.grad(), expected_value("retained_intermediate")));
  Tensor other = e * e;
  (other * other).sum().backward();
  EXPECT_FALSE(other.grad().defined());  // only tensors that asked keep theirs
}

TEST(AutogradEngine, CreateGraphGivesSecondDerivatives) {
  Tensor f = leaf({1, 2, 3});
  auto g = autograd::grad({(f * f * f).sum()}, {f}, {}, std::nullopt, /*create_graph=*/true);
  ASSERT_TRUE(g[0].requires_grad());
  auto gg = autograd::grad({g[0].sum()}, {f});
  EXPECT_TRUE(ember_test::close_tensor(g[0].detach(), expected_value("first_derivative")));
  EXPECT_TRUE(ember_test::close_tensor(gg[0], expected_value("second_derivative")));
  EXPECT_FALSE(f.grad().defined());  // grad() leaves .grad alone
}

TEST(AutogradEngine, GradientsMeetingAtANodeAreSummed) {
  Tensor h = leaf({1, 2, 3});
  Tensor p = h * h;
  (p * h + p * p + p).sum().backward();
  EXPECT_TRUE(ember_test::close_tensor(h.grad(), expected_value("diamond")));
}

TEST(AutogradEngine, BackwardWithInputsOnlyAccumulatesIntoThem) {
  Tensor a = leaf({1, 2}), b = leaf({3, 4});
  (a * b).sum().backward({}, std::nullopt, false, std::vector<Tensor>{a});
  EXPECT_TRUE(a.grad().defined());
  EXPECT_FALSE(b.grad().defined());
  EXPECT_TRUE(a.grad().equal(ember::tensor({3.0f, 4.0f})));
}

TEST(AutogradEngine, VersionCountsEachInPlaceOpOnce) {
  Tensor t = ember::zeros({3});
  EXPECT_EQ(t._version(), 0u);
  t.add_(1);
  t.mul_(2);
  t.slice(0, 0, 2).fill_(3);
  EXPECT_EQ(t._version(),
            ember_test::reference("autograd_engine")["values"]["version_after_three_inplace"]
                .get<uint32_t>());
}

TEST(AutogradEngine, LongChainIsFreedWithoutRecursion) {
  // 100,000 nodes that each save their input: backward, then destruction, use constant stack.
  Tensor w = leaf({1.0, 1.0});
  Tensor acc = w;
  for (int i = 0; i < 100000; ++i) acc = acc * w;
  acc.sum().backward();
  EXPECT_TRUE(w.grad().equal(ember::full({2}, 100001.0f)));
  // A chain never run backward is freed as well.
  Tensor acc2 = w;
  for (int i = 0; i < 100000; ++i) acc2 = acc2 * w;
  acc2 = Tensor();
  SUCCEED();
}

TEST(GradMode, NoGradGuardStopsRecordingAndRestores) {
  Tensor a = leaf({1, 2});
  {
    ember::NoGradGuard no_grad;
    EXPECT_FALSE(ember::GradMode::is_enabled());
    Tensor b = a * a;
    EXPECT_FALSE(b.requires_grad());
    EXPECT_TRUE(b.is_leaf());
    {
      ember::AutoGradMode enable(true);
      EXPECT_TRUE((a * a).requires_grad());
    }
    EXPECT_FALSE(ember::GradMode::is_enabled());
    a.mul_(2);  // a leaf may be updated in place without grad (an optimizer step)
  }
  EXPECT_TRUE(ember::GradMode::is_enabled());
  EXPECT_TRUE((a * a).requires_grad());
}

TEST(Detach, SharesDataAndVersionWithoutHistory) {
  Tensor a = leaf({1, 2});
  Tensor m = a * a;
  Tensor d = m.detach();
  EXPECT_FALSE(d.requires_grad());
  EXPECT_TRUE(d.is_leaf());
  EXPECT_EQ(d.data_ptr(), m.data_ptr());
  d.add_(1);
  EXPECT_EQ(m._version(), 1u);
  EXPECT_TRUE(m.equal(ember::tensor({2.0f, 5.0f})));
  Tensor n = a * a;
  n.detach_();
  EXPECT_TRUE(n.is_leaf());
  EXPECT_FALSE(n.requires_grad());
}

TEST(Recording, LeavesAndResults) {
  Tensor a = leaf({1, 2});
  Tensor x = ember::ones({2});
  EXPECT_TRUE(a.is_leaf());
  EXPECT_EQ(a.grad_fn(), nullptr);
  EXPECT_EQ((x * x).grad_fn(), nullptr);
  Tensor y = a * x;
  ASSERT_NE(y.grad_fn(), nullptr);
  EXPECT_EQ(y.grad_fn()->name(), "MulBackward0");
  ASSERT_EQ(y.grad_fn()->next_edges().size(), 2u);
  EXPECT_EQ(y.grad_fn()->next_edges()[0].function->name(), "AccumulateGrad");
  EXPECT_FALSE(y.grad_fn()->next_edges()[1].is_valid());  // x needs no gradient: (None, 0)
  auto* acc = dynamic_cast<autograd::AccumulateGrad*>(y.grad_fn()->next_edges()[0].function.get());
  ASSERT_NE(acc, nullptr);
  EXPECT_TRUE(acc->variable().is_same(a));
  // One AccumulateGrad per leaf, shared by every op using it.
  EXPECT_EQ((a + x).grad_fn()->next_edges()[0].function, y.grad_fn()->next_edges()[0].function);
  EXPECT_EQ(y.repr(), "tensor([1., 2.], grad_fn=<MulBackward0>)");
}

TEST(Recording, InPlaceOnAViewRebasesTheBase) {
  // PyTorch: out = zeros(4); out[1:3] = w * 3; out.sum().backward() -> w.grad = 3.
  Tensor w = leaf({1, 2});
  Tensor out = ember::zeros({4});
  out.slice(0, 1, 3).copy_(w * 3);
  ASSERT_NE(out.grad_fn(), nullptr);
  EXPECT_EQ(out.grad_fn()->name(), "CopySlices");
  out.sum().backward();
  EXPECT_TRUE(w.grad().equal(ember::tensor({3.0f, 3.0f})));
}

TEST(ToDot, NamesNodesAndLeafShapes) {
  Tensor a = ember::ones({2, 3}, ember::requires_grad());
  Tensor b = ember::ones({3}, ember::requires_grad());
  std::string dot = autograd::to_dot((a * b).sum());
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  EXPECT_NE(dot.find("SumBackward0"), std::string::npos);
  EXPECT_NE(dot.find("MulBackward0"), std::string::npos);
  EXPECT_NE(dot.find("AccumulateGrad\\nember.Size([2, 3])"), std::string::npos);
  EXPECT_NE(dot.find("AccumulateGrad\\nember.Size([3])"), std::string::npos);
}

TEST(Gradcheck, DetectsAWrongDerivative) {
  Tensor x = ember::rand({3}, ember::dtype(ember::kDouble).requires_grad(true));
  // x * x.detach() has derivative 2x but autograd sees only x: gradcheck must notice.
  autograd::GradcheckOptions opt;
  opt.raise_exception = false;
  EXPECT_FALSE(autograd::gradcheck([](const autograd::variable_list& v) { return v[0] * v[0].detach(); },
                                   {x}, opt));
  EXPECT_TRUE(autograd::gradcheck([](const autograd::variable_list& v) { return v[0] * v[0]; }, {x}));
  EXPECT_THROW(autograd::gradcheck(
                   [](const autograd::variable_list& v) { return v[0] * v[0].detach(); }, {x}),
               ember::Error);
}

}  // namespace
