// Reference values for tests/nn/activation_more_test.cpp: libtorch 1.13's LogSigmoid, Softsign,
// Tanhshrink, Hardshrink, Softshrink, Threshold, GLU, Mish, CELU and Softmax2d (printing,
// forward values, gradients, errors).
// g++ -std=c++17 nn_activation_more.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_activation_more && ./nn_activation_more
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

// f of the input {-3, -1.5, -0.5, 0, 0.25, 0.5, 2.5, 30} (2 x 4) and the input's gradient for the
// weights linspace(0.5, 2, numel of the output).
template <class Fn>
void run(const std::string& name, Fn&& fn) {
  auto x = torch::tensor({-3.0f, -1.5f, -0.5f, 0.0f, 0.25f, 0.5f, 2.5f, 30.0f}).view({2, 4});
  x.requires_grad_(true);
  auto y = fn(x);
  y.backward(torch::linspace(0.5, 2.0, y.numel()).view(y.sizes()));
  show(name + " y", y);
  show(name + " grad", x.grad());
}

int main() {
  print(nn::LogSigmoid());
  print(nn::Softsign());
  print(nn::Tanhshrink());
  print(nn::Hardshrink());
  print(nn::Hardshrink(0.25));
  print(nn::Softshrink());
  print(nn::Softshrink(1.5));
  print(nn::Threshold(0.1, 20));
  print(nn::Threshold(nn::ThresholdOptions(0.1, 20).inplace(true)));
  print(nn::GLU());
  print(nn::GLU(0));
  print(nn::Mish());
  print(nn::CELU());
  print(nn::CELU(nn::CELUOptions().alpha(0.5).inplace(true)));
  print(nn::Softmax2d());

  run("logsigmoid", [](auto x) { return nn::LogSigmoid()(x); });
  run("softsign", [](auto x) { return nn::Softsign()(x); });
  run("tanhshrink", [](auto x) { return nn::Tanhshrink()(x); });
  run("hardshrink", [](auto x) { return nn::Hardshrink()(x); });
  run("softshrink", [](auto x) { return F::softshrink(x, 0.25); });
  run("threshold", [](auto x) { return nn::Threshold(0.25, -7)(x); });
  run("threshold inplace",
      [](auto x) { return F::threshold(x * 1, F::ThresholdFuncOptions(0.25, -7).inplace(true)); });
  run("glu", [](auto x) { return nn::GLU()(x); });
  run("glu dim0", [](auto x) { return F::glu(x, 0); });
  run("mish", [](auto x) { return nn::Mish()(x); });
  run("celu", [](auto x) { return nn::CELU(nn::CELUOptions().alpha(0.5))(x); });
  run("celu inplace", [](auto x) { return F::celu(x * 1, F::CELUFuncOptions().inplace(true)); });
  run("softmax2d", [](auto x) { return nn::Softmax2d()(x.view({1, 2, 2, 2})); });
  error("softshrink negative", [] { F::softshrink(torch::ones({2}), -1); });
  error("glu odd", [] { nn::GLU(1)(torch::ones({2, 3})); });
  error("glu scalar", [] { nn::GLU()(torch::ones({})); });
  error("celu zero", [] { F::celu(torch::ones({2}), F::CELUFuncOptions().alpha(0)); });
  error("softmax2d 2d", [] { nn::Softmax2d()(torch::ones({2, 2})); });
}
