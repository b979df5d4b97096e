// Autograd in the C++ frontend: requires_grad, grad_fn, backward with and without a gradient
// argument, gradient accumulation and zeroing, no_grad, detach, torch::autograd::grad and hooks.
#include <torch/torch.h>

#include <iostream>

int main() {
  torch::manual_seed(2);
  std::cout << std::boolalpha;

  // y = x + 2 records an AddBackward node; z = 3 * y^2; out = mean(z).
  torch::Tensor x = torch::ones({2, 2}, torch::requires_grad());
  std::cout << x << std::endl;
  torch::Tensor y = x + 2;
  std::cout << y << std::endl;
  std::cout << "y.grad_fn(): " << y.grad_fn()->name() << std::endl;
  std::cout << "x is a leaf: " << x.is_leaf() << ", y is a leaf: " << y.is_leaf() << std::endl;
  torch::Tensor z = y * y * 3;
  torch::Tensor out = z.mean();
  std::cout << z << std::endl;
  std::cout << out << std::endl;
  std::cout << "z.grad_fn(): " << z.grad_fn()->name()
            << ", out.grad_fn(): " << out.grad_fn()->name() << std::endl;

  // requires_grad_ switches tracking on for an existing tensor.
  torch::Tensor a = torch::randn({2, 2});
  a = ((a * 3) / (a - 1));
  std::cout << a.requires_grad() << std::endl;
  a.requires_grad_(true);
  std::cout << a.requires_grad() << std::endl;
  torch::Tensor b = (a * a).sum();
  std::cout << b.grad_fn()->name() << std::endl;

  // d(out)/dx = 3 * 2 * (x + 2) / 4 = 4.5
  out.backward();
  std::cout << "x.grad() =\n" << x.grad() << std::endl;

  // A non-scalar output needs the vector of the vector-Jacobian product.
  x = torch::randn(3, torch::requires_grad());
  y = x * 2;
  int doublings = 1;
  while (y.norm().item<double>() < 1000) {
    y = y * 2;
    ++doublings;
  }
  std::cout << "doubled " << doublings << " times" << std::endl;
  torch::Tensor v = torch::tensor({0.1, 1.0, 0.0001}, torch::kFloat);
  y.backward(v);
  std::cout << "x.grad() =\n" << x.grad() << std::endl;

  // No recording inside a NoGradGuard; detach() shares data without history.
  std::cout << x.requires_grad() << " " << x.pow(2).requires_grad() << std::endl;
  {
    torch::NoGradGuard no_grad;
    std::cout << x.pow(2).requires_grad() << std::endl;
  }
  torch::Tensor detached = x.detach();
  std::cout << detached.requires_grad() << " " << x.eq(detached).all().item<bool>() << std::endl;

  // Gradients accumulate across backward calls until zeroed.
  torch::Tensor w = torch::tensor({1.0, 2.0, 3.0}, torch::requires_grad());
  for (int step = 0; step < 3; ++step) {
    torch::Tensor loss = (w * w).sum();
    loss.backward();
    std::cout << "step " << step << " w.grad() = " << w.grad()[0].item<float>() << " "
              << w.grad()[1].item<float>() << " " << w.grad()[2].item<float>() << std::endl;
  }
  w.grad().zero_();
  std::cout << "after zero_():\n" << w.grad() << std::endl;

  // retain_graph keeps the graph for a second backward.
  torch::Tensor s = (w * w * w).sum();
  s.backward({}, /*retain_graph=*/true);
  s.backward();
  std::cout << "two backward passes through one graph:\n" << w.grad() << std::endl;

  // torch::autograd::grad returns gradients instead of accumulating them; create_graph gives the
  // second derivative.
  torch::Tensor t = torch::tensor({0.5, 1.0, 2.0}, torch::requires_grad());
  torch::Tensor f = (t * t * t).sum();
  auto first = torch::autograd::grad({f}, {t}, /*grad_outputs=*/{}, /*retain_graph=*/true,
                                     /*create_graph=*/true);
  std::cout << "df/dt =\n" << first[0] << std::endl;
  auto second = torch::autograd::grad({first[0].sum()}, {t});
  std::cout << "d2f/dt2 =\n" << second[0] << std::endl;
  std::cout << "t.grad() defined: " << t.grad().defined() << std::endl;

  // A hook sees (and may replace) the gradient flowing into a tensor.
  torch::Tensor h = torch::tensor({1.0, -1.0}, torch::requires_grad());
  h.register_hook([](torch::Tensor grad) {
    std::cout << "hook saw\n" << grad << std::endl;
    return grad * 10;
  });
  (h * torch::tensor({2.0, 3.0})).sum().backward();
  std::cout << "h.grad() =\n" << h.grad() << std::endl;

  // An intermediate result keeps its gradient only when asked to.
  torch::Tensor leaf = torch::tensor({1.0, 2.0}, torch::requires_grad());
  torch::Tensor middle = leaf * 3;
  middle.retain_grad();
  (middle * middle).sum().backward();
  std::cout << "middle.grad() =\n"
            << middle.grad() << "\nleaf.grad() =\n"
            << leaf.grad() << std::endl;

  // Through common functions: d/dx sum(sigmoid(x) * tanh(x) + relu(x)).
  torch::Tensor q = torch::linspace(-1, 1, 5).requires_grad_();
  (torch::sigmoid(q) * torch::tanh(q) + torch::relu(q)).sum().backward();
  std::cout << q.grad() << std::endl;
  return 0;
}
