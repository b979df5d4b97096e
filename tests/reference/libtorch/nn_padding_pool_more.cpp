// Reference values for tests/nn/padding_pool_more_test.cpp: libtorch 1.13's ReflectionPad1d/3d,
// ReplicationPad1d/3d, ConstantPad1d/3d and AdaptiveMaxPool1d (printing, values, gradients,
// errors).
// g++ -std=c++17 nn_padding_pool_more.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_padding_pool_more && ./nn_padding_pool_more
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

int main() {
  std::cout << *nn::ReflectionPad1d(2) << "\n";
  std::cout << *nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 1, 1, 0, 1})) << "\n";
  std::cout << *nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3})) << "\n";
  std::cout << *nn::ReplicationPad3d(1) << "\n";
  std::cout << *nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5)) << "\n";
  std::cout << *nn::ConstantPad3d(nn::ConstantPad3dOptions(1, 0.5)) << "\n";
  std::cout << *nn::AdaptiveMaxPool1d(3) << "\n";

  run1("reflectionpad1d", input({2, 5}), [](auto x) {
    return nn::ReflectionPad1d(nn::ReflectionPad1dOptions({2, 1}))(x);
  });
  run1("reflectionpad3d", input({1, 1, 2, 3, 3}), [](auto x) {
    return nn::ReflectionPad3d(nn::ReflectionPad3dOptions({1, 0, 2, 1, 0, 1}))(x);
  });
  run1("replicationpad1d", input({1, 2, 3}), [](auto x) {
    return nn::ReplicationPad1d(nn::ReplicationPad1dOptions({1, 3}))(x);
  });
  run1("replicationpad3d", input({1, 2, 2, 2}), [](auto x) {
    return nn::ReplicationPad3d(nn::ReplicationPad3dOptions({0, 1, 1, 0, 1, 0}))(x);
  });
  run1("constantpad1d", input({2, 3}), [](auto x) {
    return nn::ConstantPad1d(nn::ConstantPad1dOptions({2, 1}, -1.5))(x);
  });
  run1("constantpad3d", input({1, 2, 1, 2}), [](auto x) {
    return nn::ConstantPad3d(nn::ConstantPad3dOptions({1, 0, 0, 1, 1, 0}, 0.5))(x);
  });
  run1("adaptivemaxpool1d", input({2, 2, 7}), [](auto x) { return nn::AdaptiveMaxPool1d(3)(x); });
  auto r = nn::AdaptiveMaxPool1d(4)->forward_with_indices(input({3, 9}));
  show("adaptivemaxpool1d indices", std::get<1>(r));
  show("adaptivemaxpool1d values", std::get<0>(r));
  error("adaptivemaxpool1d 4d", [] { nn::AdaptiveMaxPool1d(2)(input({1, 1, 2, 4})); });
  error("reflectionpad1d too large", [] { nn::ReflectionPad1d(3)(input({1, 3})); });
}
