// What the nn_*.cpp reference programs share: the printing of a tensor as a table row of
// tests/nn/*_test.cpp, of an error, the inputs, and the runs that print a value and its gradients.
// Built against real libtorch only (see each program's first lines).
#pragma once
#include <torch/torch.h>

#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

// "name [sizes] {v0, v1, ...}" with 9 significant digits.
inline void show(const std::string& name, const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kDouble).contiguous().view({-1});
  std::cout << name << " " << t.sizes() << " {";
  for (int64_t i = 0; i < c.numel(); ++i) {
    std::cout << (i ? ", " : "") << std::setprecision(9) << c[i].item<double>();
  }
  std::cout << "}\n";
}

// "name: <libtorch's message>", or "name: no error".
template <class Fn>
void error(const char* name, Fn&& fn) {
  try {
    fn();
    std::cout << name << ": no error\n";
  } catch (const c10::Error& e) {
    std::cout << name << ": " << e.what_without_backtrace() << "\n";
  }
}

inline int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return n;
}

// The inputs: (arange(n) * 7 % 11 - 5) / 4 and (arange(n) * 5 % 13 - 6) / 5.
inline torch::Tensor input(std::vector<int64_t> shape) {
  return (torch::arange(numel(shape), torch::kFloat) * 7).remainder(11).sub(5).div(4).view(shape);
}
inline torch::Tensor other(std::vector<int64_t> shape) {
  return (torch::arange(numel(shape), torch::kFloat) * 5).remainder(13).sub(6).div(5).view(shape);
}

// f(a, b), and the gradients of (y * w).sum() with w = 1 + arange / 10, for a and b.
template <class Fn>
void run2(const std::string& name, torch::Tensor a, torch::Tensor b, Fn&& fn, bool b_grad = true) {
  a = a.detach().requires_grad_(true);
  b = b.detach().requires_grad_(b_grad);
  auto y = fn(a, b);
  auto w = torch::arange(y.numel(), torch::kFloat).div(10).add(1).view(y.sizes());
  (y * w).sum().backward();
  show(name + " y", y);
  show(name + " a.grad", a.grad());
  if (b_grad) show(name + " b.grad", b.grad());
}

// f(a) and a's gradient, as run2.
template <class Fn>
void run1(const std::string& name, torch::Tensor a, Fn&& fn) {
  run2(
      name, a, torch::zeros({1}),
      [&](const torch::Tensor& x, const torch::Tensor&) { return fn(x); }, false);
}
