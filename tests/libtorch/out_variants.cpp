// libtorch's `_out` variants: the result written into out (resized when its shape differs),
// out returned, the dtype cast refused, and autograd refused.
#include <torch/torch.h>

#include <iostream>
#include <string>

// libtorch's what() goes on with a backtrace after the first line; the message is the first.
static std::string first_line(const std::exception& e) {
  const std::string what = e.what();
  return what.substr(0, what.find('\n'));
}

int main() {
  torch::Tensor a = torch::tensor({1.0f, 2.0f});
  torch::Tensor b = torch::tensor({3.0f, 4.0f});
  torch::Tensor out = torch::empty({0});
  torch::add_out(out, a, b);
  std::cout << out << "\n";
  torch::Tensor wrong_shape = torch::zeros({3});
  torch::add_out(wrong_shape, a, b, 2);
  std::cout << wrong_shape << "\n";
  torch::Tensor as_double = torch::zeros({2}, torch::kDouble);
  torch::sub_out(as_double, a, b);
  std::cout << as_double << "\n";
  torch::Tensor as_long = torch::zeros({2}, torch::kLong);
  try {
    torch::mul_out(as_long, a, b);
  } catch (const std::exception& e) {
    std::cout << "mul_out into Long: " << first_line(e) << "\n";
  }
  torch::Tensor w = torch::ones({2}, torch::requires_grad());
  torch::Tensor o = torch::empty({2});
  try {
    torch::mul_out(o, w, a);
  } catch (const std::exception& e) {
    std::cout << "mul_out with grad: " << first_line(e) << "\n";
  }
  {
    torch::NoGradGuard no_grad;
    torch::mul_out(o, w, a);
    std::cout << o << "\n";
  }
  torch::Tensor e = torch::empty({0});
  torch::exp_out(e, a);
  std::cout << e << "\n";
  torch::Tensor at = torch::empty({0});
  torch::atan2_out(at, a, b);
  std::cout << at << "\n";
  torch::Tensor m = torch::empty({0});
  torch::mm_out(m, torch::ones({2, 3}), torch::arange(6, torch::kFloat).reshape({3, 2}));
  std::cout << m << "\n";
  torch::Tensor mm2 = torch::empty({0});
  torch::matmul_out(mm2, torch::ones({2, 3}), torch::ones({3}));
  std::cout << mm2 << "\n";
  torch::Tensor s = torch::empty({0});
  torch::sum_out(s, torch::arange(6, torch::kFloat).reshape({2, 3}), {1});
  std::cout << s << "\n";
  torch::Tensor c = torch::empty({0});
  torch::Tensor& returned = torch::cat_out(c, {a, b});
  std::cout << c << "\n" << (&returned == &c) << "\n";
  torch::Tensor cl = torch::empty({0});
  torch::clamp_out(cl, torch::tensor({-2.0f, 0.5f, 3.0f}), -1, 1);
  std::cout << cl << "\n";
}
