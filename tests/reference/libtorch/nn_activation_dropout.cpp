// Reference values for tests/nn/activation_modules_test.cpp: libtorch 1.13's activation and
// feature-dropout modules (printing, forward values, gradients, errors).
// g++ -std=c++17 nn_activation_dropout.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_activation_dropout && ./nn_activation_dropout
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

template <class M>
void print(const M& m) {
  std::cout << *m << "\n";
}

// Forward of f on the shared input and the input's gradient for the weights 0.5 ... 2.
template <class Fn>
void run(const char* name, Fn&& fn) {
  auto x = torch::tensor({-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5, 7.0}).view({2, 4});
  x.requires_grad_(true);
  auto y = fn(x);
  y.backward(torch::linspace(0.5, 2.0, 8).view({2, 4}));
  std::cout << name << "\n";
  show("  y", y);
  show("  grad", x.grad());
}

int main() {
  print(nn::LeakyReLU());
  print(nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2).inplace(true)));
  print(nn::ELU());
  print(nn::ELU(nn::ELUOptions().alpha(0.5).inplace(true)));
  print(nn::SELU());
  print(nn::SELU(true));
  print(nn::SiLU());
  print(nn::Softplus());
  print(nn::Softplus(nn::SoftplusOptions().beta(2).threshold(5)));
  print(nn::Hardtanh());
  print(nn::Hardtanh(nn::HardtanhOptions().min_val(-1.5).max_val(2.5).inplace(true)));
  print(nn::ReLU6());
  print(nn::ReLU6(true));
  print(nn::PReLU());
  print(nn::PReLU(nn::PReLUOptions().num_parameters(3).init(0.1)));
  print(nn::Softmin(1));
  print(nn::Dropout2d());
  print(nn::Dropout2d(nn::Dropout2dOptions().p(0.2).inplace(true)));
  print(nn::Dropout3d(0.3));

  run("leaky_relu", [](auto x) { return F::leaky_relu(x); });
  run("leaky_relu_0.2",
      [](auto x) { return nn::LeakyReLU(nn::LeakyReLUOptions().negative_slope(0.2))(x); });
  run("elu", [](auto x) { return nn::ELU()(x); });
  run("elu_0.5", [](auto x) { return F::elu(x, F::ELUFuncOptions().alpha(0.5)); });
  run("selu", [](auto x) { return nn::SELU()(x); });
  run("silu", [](auto x) { return nn::SiLU()(x); });
  run("softplus", [](auto x) { return nn::Softplus()(x); });
  run("softplus_2_5",
      [](auto x) { return F::softplus(x, F::SoftplusFuncOptions().beta(2).threshold(5)); });
  run("hardtanh", [](auto x) { return nn::Hardtanh()(x); });
  run("hardtanh_-1.5_2.5",
      [](auto x) { return F::hardtanh(x, F::HardtanhFuncOptions().min_val(-1.5).max_val(2.5)); });
  run("relu6", [](auto x) { return nn::ReLU6()(x); });
  run("softmin", [](auto x) { return nn::Softmin(1)(x); });
  // In place on a non-leaf.
  run("leaky_relu_inplace", [](auto x) {
    auto h = x * 1;
    return F::leaky_relu(h, F::LeakyReLUFuncOptions().inplace(true));
  });
  run("elu_inplace", [](auto x) {
    auto h = x * 1;
    return F::elu(h, F::ELUFuncOptions().inplace(true));
  });
  run("hardtanh_inplace", [](auto x) {
    auto h = x * 1;
    return F::hardtanh(h, F::HardtanhFuncOptions().min_val(-1.5).max_val(2.5).inplace(true));
  });
  run("relu6_inplace", [](auto x) {
    auto h = x * 1;
    return F::relu6(h, F::ReLU6FuncOptions().inplace(true));
  });
  run("selu_inplace", [](auto x) {
    auto h = x * 1;
    return F::selu(h, F::SELUFuncOptions().inplace(true));
  });

  {
    nn::PReLU m(nn::PReLUOptions().num_parameters(3));
    show("prelu weight", m->weight);
    {
      torch::NoGradGuard g;
      m->weight.copy_(torch::tensor({0.1f, -0.2f, 0.3f}));
    }
    auto x = (torch::arange(12, torch::kFloat) - 6).div(2).view({2, 3, 2}).requires_grad_(true);
    auto y = m(x);
    y.backward(torch::linspace(0.5, 2.0, 12).view({2, 3, 2}));
    show("prelu y", y);
    show("prelu x.grad", x.grad());
    show("prelu w.grad", m->weight.grad());
    nn::PReLU one;
    auto z = one(x.detach());
    show("prelu1 y", z);
    error("prelu channels", [&] { m(torch::ones({2, 4, 2})); });
    auto s = torch::tensor({-2.0f, 3.0f});
    show("prelu 1d", nn::PReLU()(s));
    error("prelu 1d 3 params", [&] { m(s); });
    error("prelu 0d 3 params", [&] { m(torch::tensor(-1.0f)); });
    show("prelu 2d 3 params",
         m(torch::tensor({-1.0f, -1.0f, -1.0f, 2.0f, -2.0f, -3.0f}).view({2, 3})));
    std::cout << "prelu params:";
    for (const auto& p : m->named_parameters()) std::cout << " " << p.key() << p.value().sizes();
    std::cout << "\n";
  }
  error("hardtanh bad", [] { nn::Hardtanh(nn::HardtanhOptions().min_val(2).max_val(1)); });
  error("hardtanh equal", [] { nn::Hardtanh(nn::HardtanhOptions().min_val(1).max_val(1)); });
  error("dropout2d p", [] { nn::Dropout2d(1.5); });
  error("F dropout2d p", [] {
    F::dropout2d(torch::ones({2, 2, 2, 2}), F::Dropout2dFuncOptions().p(-0.1));
  });
  error("feature dropout 1d",
        [] { F::dropout2d(torch::ones({4}), F::Dropout2dFuncOptions().p(0.5)); });
  error("feature dropout 0d",
        [] { F::dropout2d(torch::ones({}), F::Dropout2dFuncOptions().p(0.5)); });

  torch::manual_seed(0);
  show("dropout2d", nn::Dropout2d()(torch::ones({2, 4, 2, 2})));
  show("dropout2d unbatched", nn::Dropout2d(0.3)(torch::ones({5, 1, 2})));
  show("dropout3d", nn::Dropout3d(0.4)(torch::ones({2, 3, 1, 1, 2})));
  show("dropout2d 2d input", F::dropout2d(torch::ones({3, 4}), F::Dropout2dFuncOptions().p(0.5)));
  show("dropout2d 5d input",
       F::dropout2d(torch::ones({2, 3, 1, 1, 1}), F::Dropout2dFuncOptions().p(0.5)));
  show("dropout2d p1", nn::Dropout2d(1.0)(torch::ones({2, 2, 1, 1})));
  {
    auto x = torch::ones({2, 3, 1, 2}).requires_grad_(true);
    auto y = nn::Dropout2d(0.5)(x * 2);
    y.sum().backward();
    show("dropout2d y", y);
    show("dropout2d grad", x.grad());
    nn::Dropout2d d;
    d->eval();
    show("dropout2d eval", d(torch::ones({1, 2, 1, 1})));
    auto h = torch::ones({1, 4, 1, 1});
    F::dropout2d(h, F::Dropout2dFuncOptions().inplace(true));
    show("dropout2d inplace", h);
  }
  std::cout << "seed check " << torch::rand({1}).item<float>() << "\n";
}
