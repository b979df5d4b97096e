// Reference values for tests/nn/padding_pool_more_test.cpp: libtorch 1.13's ReflectionPad1d/3d,
// ReplicationPad1d/3d, ConstantPad1d/3d and AdaptiveMaxPool1d (printing, values, gradients,
// errors).
// g++ -std=c++17 nn_padding_pool_more.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_padding_pool_more && ./nn_padding_pool_more
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

namespace nn = torch::nn;
namespace F = torch::nn::functional;

void show(const std::string& name, const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kDouble).contiguous().view({-1});
  std::cout << name << " " << t.sizes() << " {";
  for (int64_t i = 0; i < c.numel(); ++i) {
    std::cout << (i ? ", " : "") << std::setprecision(9) << c[i].item<double>();
  }
  std::cout << "}\n";
}

template <class Fn>
void error(const char* name, Fn&& fn) {
  try {
    fn();
    std::cout << name << ": no error\n";
  } catch (const c10::Error& e) {
    std::cout << name << ": " << e.what_without_backtrace() << "\n";
  }
}

// (arange(n) * 7 % 11 - 5) / 4, as nn_conv_pool.cpp.
torch::Tensor input(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return (torch::arange(n, torch::kFloat) * 7).remainder(11).sub(5).div(4).view(shape);
}

// f of the input and the input's gradient for the weights 1 + arange / 10.
template <class Fn>
void run(const std::string& name, torch::Tensor a, Fn&& fn) {
  a = a.detach().requires_grad_(true);
  auto y = fn(a);
  auto w = torch::arange(y.numel(), torch::kFloat).div(10).add(1).view(y.sizes());
  (y * w).sum().backward();
  show(name + " y", y);
  show(name + " a.grad", a.grad());
}

int main() {
  std::cout << *nn::ReflectionPad1d(2) << "\n";
  std::cout << *nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 1, 1, 0, 1})) << "\n";
  std::cout << *nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3})) << "\n";
  std::cout << *nn::ReplicationPad3d(1) << "\n";
  std::cout << *nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5)) << "\n";
  std::cout << *nn::ConstantPad3d(nn::ConstantPad3dOptions(1, 0.5)) << "\n";
  std::cout << *nn::AdaptiveMaxPool1d(3) << "\n";

  run("reflectionpad1d", input({2, 5}), [](auto x) {
    return nn::ReflectionPad1d(nn::ReflectionPad1dOptions({2, 1}))(x);
  });
  run("reflectionpad3d", input({1, 1, 2, 3, 3}), [](auto x) {
    return nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 2, 1, 0, 1}))(x);
  });
  run("replicationpad1d", input({1, 2, 3}), [](auto x) {
    return nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3}))(x);
  });
  run("replicationpad3d", input({1, 2, 2, 2}), [](auto x) {
    return nn::ReplicationPad3d(nn::ReplicationPad3dOptions({0, 1, 1, 0, 1, 0}))(x);
  });
  run("constantpad1d", input({2, 3}), [](auto x) {
    return nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5))(x);
  });
  run("constantpad3d", input({1, 2, 1, 2}), [](auto x) {
    return nn::ConstantPad3d(nn::ConstantPad3dOptions({1, 0, 0, 1, 1, 0}, 0.5))(x);
  });
  run("adaptivemaxpool1d", input({2, 2, 7}), [](auto x) { return nn::AdaptiveMaxPool1d(3)(x); });
  auto r = nn::AdaptiveMaxPool1d(4)->forward_with_indices(input({3, 9}));
  show("adaptivemaxpool1d indices", std::get<1>(r));
  show("adaptivemaxpool1d values", std::get<0>(r));
  error("adaptivemaxpool1d 4d", [] { nn::AdaptiveMaxPool1d(2)(input({1, 1, 2, 4})); });
  error("reflectionpad1d too large", [] { nn::ReflectionPad1d(3)(input({1, 3})); });
}
