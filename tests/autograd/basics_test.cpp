// Gradients of composite functions against PyTorch (tests/reference/gen_autograd_basics.py).
#include "autograd/grad_cases.h"

namespace {

using ember::Tensor;
using V = std::vector<Tensor>;

Tensor mlp_loss(const V& v) {
  const Tensor &x = v[0], &w1 = v[1], &b1 = v[2], &w2 = v[3], &b2 = v[4];
  Tensor h = (x.mm(w1) + b1).relu();
  Tensor logits = h.mm(w2) + b2;
  return (logits - logits.exp().sum({1}, true).log()).mean().neg();
}

TEST(AutogradBasics, CompositeFunctionsMatchPyTorch) {
  ember_test::check_grad_reference(
      "autograd_basics",
      {
          {"card9", [](const V& v) { return v[2] * (v[0] + v[1]); }},
          {"mul_broadcast", [](const V& v) { return v[0] * v[1]; }},
          {"add_sub_div", [](const V& v) { return (v[0] + v[1] * 2 - 1) / v[1]; }},
          {"views", [](const V& v) { return v[0].t() * v[0].t(); }},
          {"strided", [](const V& v) { return v[0] * v[1]; }},
          {"reused", [](const V& v) { return v[0] * v[0] * v[0] + v[0]; }},
          {"sum_dims", [](const V& v) { return v[0].sum({1}) * v[0].sum({0}, true).sum(); }},
          {"scalar_ops", [](const V& v) { return ((2 - v[0]) * 3 + v[0] / 4 - 1) * v[0]; }},
          {"mlp_loss", mlp_loss},
      });
}

}  // namespace
