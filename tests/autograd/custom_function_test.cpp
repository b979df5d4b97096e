// Custom C++ autograd functions (ember::autograd::Function<T>, libtorch's
// torch::autograd::Function<T>): gradients against the same computation done by ember's own ops
// (whose gradients are checked against PyTorch elsewhere), and libtorch's rules and messages.
#include <gtest/gtest.h>

#include "error_of.h"

namespace {

using ember::Tensor;
using ember::autograd::AutogradContext;
using ember::autograd::Function;
using ember::autograd::tensor_list;
using ember::autograd::variable_list;

// PyTorch's C++ autograd example: y = x W^T + b, bias optional.
struct LinearFunction : Function<LinearFunction> {
  static Tensor forward(AutogradContext* ctx, Tensor input, Tensor weight, Tensor bias = {}) {
    ctx->save_for_backward({input, weight, bias});
    Tensor output = input.mm(weight.t());
    if (bias.defined()) output += bias.unsqueeze(0).expand_as(output);
    return output;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const Tensor &input = saved[0], &weight = saved[1], &bias = saved[2];
    const Tensor& grad_output = grad_outputs[0];
    Tensor grad_input = grad_output.mm(weight);
    Tensor grad_weight = grad_output.t().mm(input);
    Tensor grad_bias;
    if (bias.defined()) grad_bias = grad_output.sum({0});
    return {grad_input, grad_weight, grad_bias};
  }
};

// y = x * c with c a double kept in saved_data.
struct MulConstant : Function<MulConstant> {
  static Tensor forward(AutogradContext* ctx, const Tensor& x, double c) {
    ctx->saved_data["c"] = c;
    ctx->saved_data["calls"] = 1;
    return x * c;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    EXPECT_EQ(ctx->saved_data["calls"].toInt(), 1);
    return {grads[0] * ctx->saved_data["c"].toDouble(), Tensor()};
  }
};

TEST(CustomFunction, LinearMatchesBuiltInOps) {
  ember::manual_seed(0);
  const Tensor x = ember::randn({4, 3}).requires_grad_(), w = ember::randn({2, 3}).requires_grad_(),
               b = ember::randn({2}).requires_grad_();
  const Tensor y = LinearFunction::apply(x, w, b);
  EXPECT_EQ(y.grad_fn()->name(), "ember::autograd::CppNode<(anonymous namespace)::LinearFunction>");
  const Tensor seed = ember::randn({4, 2});
  const variable_list got = ember::autograd::grad({y}, {x, w, b}, {seed});
  const Tensor x2 = x.detach().requires_grad_(), w2 = w.detach().requires_grad_(),
               b2 = b.detach().requires_grad_();
  const Tensor y2 = x2.mm(w2.t()) + b2;
  const variable_list want = ember::autograd::grad({y2}, {x2, w2, b2}, {seed});
  EXPECT_TRUE(ember::equal(y, y2));
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(ember::allclose(got[i], want[i])) << i;
}

TEST(CustomFunction, OptionalBiasAndNonTensorArguments) {
  const Tensor x = ember::ones({2, 3}).requires_grad_(), w = ember::ones({4, 3});
  const Tensor y = LinearFunction::apply(x, w);  // bias: an undefined tensor is still a tensor
  y.sum().backward();
  EXPECT_TRUE(ember::equal(x.grad(), ember::full({2, 3}, 4.)));
  const Tensor z = MulConstant::apply(x, 3.0);
  x.mutable_grad().zero_();
  z.sum().backward();
  EXPECT_TRUE(ember::equal(x.grad(), ember::full({2, 3}, 3.)));
}

TEST(CustomFunction, PassesGradcheckAndSecondDerivatives) {
  const Tensor x = ember::randn({3, 2}, ember::kDouble).requires_grad_(),
               w = ember::randn({4, 2}, ember::kDouble).requires_grad_(),
               b = ember::randn({4}, ember::kDouble).requires_grad_();
  EXPECT_TRUE(ember::autograd::gradcheck(
      [](const variable_list& v) { return LinearFunction::apply(v[0], v[1], v[2]); }, {x, w, b}));
  // Its backward is made of differentiable ops: gradients of gradients flow through it.
  const Tensor y = MulConstant::apply(x * x, 2.0).sum();
  const Tensor g = ember::autograd::grad({y}, {x}, {}, std::nullopt, /*create_graph=*/true)[0];
  EXPECT_TRUE(ember::allclose(g, 4 * x));
  const Tensor gg = ember::autograd::grad({g.sum()}, {x})[0];
  EXPECT_TRUE(ember::allclose(gg, ember::full({3, 2}, 4., ember::kDouble)));
}

TEST(CustomFunction, NotRecordedWithoutGradOrUnderNoGrad) {
  const Tensor x = ember::ones({2});
  EXPECT_EQ(MulConstant::apply(x, 2.0).grad_fn(), nullptr);
  const Tensor r = ember::ones({2}).requires_grad_();
  ember::NoGradGuard no_grad;
  const Tensor y = MulConstant::apply(r, 2.0);
  EXPECT_EQ(y.grad_fn(), nullptr);
  EXPECT_FALSE(y.requires_grad());
}

struct NeedsInputGrad : Function<NeedsInputGrad> {
  static Tensor forward(AutogradContext* ctx, Tensor a, int64_t /*unused*/, Tensor b) {
    ctx->saved_data["a"] = ctx->needs_input_grad(0);
    ctx->saved_data["b"] = ctx->needs_input_grad(1);
    return a * b;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    EXPECT_TRUE(ctx->needs_input_grad(0));
    EXPECT_FALSE(ctx->needs_input_grad(1));
    EXPECT_EQ(ember_test::error_of([&] { ctx->needs_input_grad(2); }), "Index out of range");
    return {grads[0], Tensor(), Tensor()};
  }
};

TEST(CustomFunction, NeedsInputGradCountsTensorArguments) {
  const Tensor a = ember::ones({2}).requires_grad_(), b = ember::ones({2});
  NeedsInputGrad::apply(a, 7, b).sum().backward();
  EXPECT_TRUE(ember::equal(a.grad(), ember::ones({2})));
}

// Sorts and returns (values, indices); indices are marked non-differentiable.
struct SortWithIndices : Function<SortWithIndices> {
  static variable_list forward(AutogradContext* ctx, const Tensor& x) {
    auto [values, indices] = x.sort();
    ctx->mark_non_differentiable({indices});
    ctx->save_for_backward({indices});
    ctx->saved_data["n"] = x.numel();
    return {values, indices};
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    EXPECT_TRUE(ember::equal(grads[1], ember::zeros({ctx->saved_data["n"].toInt()},
                                                    ember::kLong)));  // materialized
    const Tensor indices = ctx->get_saved_variables()[0];
    return {ember::zeros_like(grads[0]).scatter(0, indices, grads[0])};
  }
};

TEST(CustomFunction, NonDifferentiableOutputsAndMaterializedGrads) {
  const Tensor x = ember::tensor({3., 1., 2.}).requires_grad_();
  const variable_list out = SortWithIndices::apply(x);
  EXPECT_TRUE(out[0].requires_grad());
  EXPECT_FALSE(out[1].requires_grad());
  (out[0] * ember::tensor({1., 10., 100.})).sum().backward();
  EXPECT_TRUE(ember::equal(x.grad(), ember::tensor({100., 1., 10.})));
}

// Doubles its input in place.
struct DoubleInPlace : Function<DoubleInPlace> {
  static Tensor forward(AutogradContext* ctx, Tensor x) {
    x.mul_(2);
    ctx->mark_dirty({x});
    return x;
  }
  static variable_list backward(AutogradContext*, variable_list grads) { return {grads[0] * 2}; }
};

TEST(CustomFunction, DirtyInputsTakeTheNodeAndLeavesRefuse) {
  const Tensor leaf = ember::ones({2}).requires_grad_();
  Tensor y = leaf * 3;
  const Tensor z = DoubleInPlace::apply(y);
  EXPECT_EQ(z.unsafeGetTensorImpl(), y.unsafeGetTensorImpl());
  EXPECT_EQ(y.grad_fn()->name(), "ember::autograd::CppNode<(anonymous namespace)::DoubleInPlace>");
  y.sum().backward();
  EXPECT_TRUE(ember::equal(leaf.grad(), ember::full({2}, 6.)));
  EXPECT_EQ(ember_test::error_of([&] { DoubleInPlace::apply(leaf); }),
            "a leaf Variable that requires grad is being used in an in-place operation.");
}

// Returns its input unchanged, and a gradient count of its choosing.
struct Passthrough : Function<Passthrough> {
  static Tensor forward(AutogradContext* ctx, Tensor x, int64_t grads_returned) {
    ctx->saved_data["n"] = grads_returned;
    ctx->set_materialize_grads(false);
    return x;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    switch (ctx->saved_data["n"].toInt()) {
      case 1:
        return {grads[0]};
      case 2:
        return {grads[0], Tensor()};
      case 3:
        return {grads[0], Tensor(), grads[0]};
      case 4:
        return {grads[0], Tensor(), Tensor()};  // undefined extras are dropped
      default:
        return {grads[0], grads[0]};  // a gradient for the int argument
    }
  }
};

TEST(CustomFunction, InputReturnedAsIsBecomesANewTensor) {
  const Tensor x = ember::ones({2}).requires_grad_();
  const Tensor y = Passthrough::apply(x, 2);
  EXPECT_NE(y.unsafeGetTensorImpl(), x.unsafeGetTensorImpl());
  EXPECT_EQ(y.data_ptr(), x.data_ptr());
  y.sum().backward();
  EXPECT_TRUE(ember::equal(x.grad(), ember::ones({2})));
  Passthrough::apply(x, 4).sum().backward();
  EXPECT_TRUE(ember::equal(x.grad(), ember::full({2}, 2.)));
}

TEST(CustomFunction, WrongGradientsGiveLibtorchsMessages) {
  const Tensor x = ember::ones({2}).requires_grad_();
  const std::string name = "ember::autograd::CppNode<(anonymous namespace)::Passthrough>";
  EXPECT_EQ(ember_test::error_of([&] { Passthrough::apply(x, 3).sum().backward(); }),
            "function " + name + " returned an incorrect number of gradients (expected 2, got 3)");
  EXPECT_EQ(ember_test::error_of([&] { Passthrough::apply(x, 1).sum().backward(); }),
            "function " + name + " returned an incorrect number of gradients (expected 2, got 1)");
  EXPECT_EQ(ember_test::error_of([&] { Passthrough::apply(x, -1).sum().backward(); }),
            "function " + name +
                " returned a gradient different that is defined at position 2, but the "
                "corresponding forward input was not a Variable");
}

TEST(CustomFunction, SavedTensorsAreFreedAndVersionChecked) {
  const Tensor x = ember::ones({2, 2}).requires_grad_(), w = ember::ones({2, 2});
  const Tensor y = LinearFunction::apply(x, w).sum();
  y.backward();
  EXPECT_NE(ember_test::error_of([&] { y.backward(); }).find("a second time"), std::string::npos);
  Tensor w2 = ember::ones({2, 2});
  const Tensor y2 = LinearFunction::apply(x, w2).sum();
  w2.add_(1);
  EXPECT_NE(ember_test::error_of([&] {
              y2.backward();
            }).find("has been modified by an inplace operation"),
            std::string::npos);
}

TEST(IValue, HoldsOneKindAndNamesTheWrongOne) {
  ember::IValue v = 2.5;
  EXPECT_TRUE(v.isDouble());
  EXPECT_EQ(v.toDouble(), 2.5);
  EXPECT_EQ(ember_test::error_of([&] { v.toInt(); }), "Expected Int but got Double");
  v = 3;
  EXPECT_EQ(v.toInt(), 3);
  EXPECT_EQ(ember_test::error_of([&] { v.toDouble(); }), "Expected Double but got Int");
  v = true;
  EXPECT_TRUE(v.isBool() && v.toBool());
  v = "name";
  EXPECT_EQ(v.toStringRef(), "name");
  v = std::vector<int64_t>{1, 2};
  EXPECT_EQ(v.toIntVector(), (std::vector<int64_t>{1, 2}));
  v = ember::ones({1});
  EXPECT_TRUE(v.isTensor() && v.toTensor().defined());
  EXPECT_TRUE(ember::IValue().isNone());
  EXPECT_EQ(ember::IValue().tagKind(), "None");
}

}  // namespace
