// Custom autograd functions: torch::autograd::Function<T> with a static forward and backward,
// tensors saved through save_for_backward, non-tensor state in saved_data, called with T::apply.
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

using torch::autograd::AutogradContext;
using torch::autograd::Function;
using torch::autograd::tensor_list;

// y = x w^T + b, as in torch.nn.functional.linear.
class LinearFunction : public Function<LinearFunction> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor input, torch::Tensor weight,
                               torch::Tensor bias = torch::Tensor()) {
    ctx->save_for_backward({input, weight, bias});
    torch::Tensor output = input.mm(weight.t());
    if (bias.defined()) {
      output += bias.unsqueeze(0).expand_as(output);
    }
    return output;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    auto saved = ctx->get_saved_variables();
    torch::Tensor input = saved[0];
    torch::Tensor weight = saved[1];
    torch::Tensor bias = saved[2];
    torch::Tensor grad_output = grad_outputs[0];
    torch::Tensor grad_input = grad_output.mm(weight);
    torch::Tensor grad_weight = grad_output.t().mm(input);
    torch::Tensor grad_bias = torch::Tensor();
    if (bias.defined()) {
      grad_bias = grad_output.sum(0);
    }
    return {grad_input, grad_weight, grad_bias};
  }
};

// y = x * constant: the constant is not a tensor and gets no gradient.
class MulConstant : public Function<MulConstant> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor tensor, double constant) {
    ctx->saved_data["constant"] = constant;
    return tensor * constant;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    double constant = ctx->saved_data["constant"].toDouble();
    return {grad_outputs[0] * constant, torch::Tensor()};
  }
};

// y = exp(x), saving its own output for the backward pass.
class Exp : public Function<Exp> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, torch::Tensor input) {
    torch::Tensor result = input.exp();
    ctx->save_for_backward({result});
    return result;
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    torch::Tensor result = ctx->get_saved_variables()[0];
    return {grad_outputs[0] * result};
  }
};

// Two outputs from one node, and an integer kept in saved_data: (x^n, n * x).
class PowAndScale : public Function<PowAndScale> {
 public:
  static tensor_list forward(AutogradContext* ctx, torch::Tensor x, int64_t n) {
    ctx->saved_data["n"] = n;
    ctx->save_for_backward({x});
    return {x.pow(n), x * n};
  }

  static tensor_list backward(AutogradContext* ctx, tensor_list grad_outputs) {
    int64_t n = ctx->saved_data["n"].toInt();
    torch::Tensor x = ctx->get_saved_variables()[0];
    torch::Tensor grad = grad_outputs[0] * n * x.pow(n - 1) + grad_outputs[1] * n;
    return {grad, torch::Tensor()};
  }
};

int main() {
  torch::manual_seed(3);
  std::cout << std::boolalpha;

  torch::Tensor x = torch::randn({2, 3}, torch::requires_grad());
  torch::Tensor weight = torch::randn({4, 3}, torch::requires_grad());
  torch::Tensor bias = torch::randn({4}, torch::requires_grad());
  torch::Tensor y = LinearFunction::apply(x, weight, bias);
  std::cout << "y =\n" << y << std::endl;
  std::cout << "y.requires_grad() = " << y.requires_grad() << std::endl;
  y.sum().backward();
  std::cout << "x.grad() =\n"
            << x.grad() << "\nweight.grad() =\n"
            << weight.grad() << "\nbias.grad() =\n"
            << bias.grad() << std::endl;

  // The same gradients from the built-in operators.
  torch::Tensor x2 = x.detach().clone().requires_grad_();
  torch::Tensor weight2 = weight.detach().clone().requires_grad_();
  torch::Tensor bias2 = bias.detach().clone().requires_grad_();
  torch::nn::functional::linear(x2, weight2, bias2).sum().backward();
  std::cout << "matches built-in linear: " << torch::allclose(x.grad(), x2.grad()) << " "
            << torch::allclose(weight.grad(), weight2.grad()) << " "
            << torch::allclose(bias.grad(), bias2.grad()) << std::endl;

  // Without a bias the third gradient is undefined.
  torch::Tensor no_bias_input = torch::randn({3, 3}, torch::requires_grad());
  LinearFunction::apply(no_bias_input, weight).pow(2).sum().backward();
  std::cout << "no-bias input grad sizes " << no_bias_input.grad().sizes() << std::endl;

  torch::Tensor a = torch::tensor({1.0, 2.0, 3.0}, torch::requires_grad());
  torch::Tensor b = MulConstant::apply(a, 5.5);
  std::cout << "b =\n" << b << std::endl;
  b.sum().backward();
  std::cout << "a.grad() =\n" << a.grad() << std::endl;

  torch::Tensor e_in = torch::tensor({0.0, 1.0, -1.0}, torch::requires_grad());
  torch::Tensor e_out = Exp::apply(e_in);
  (e_out * torch::tensor({1.0, 2.0, 3.0})).sum().backward();
  std::cout << "exp grad =\n" << e_in.grad() << std::endl;

  torch::Tensor p = torch::tensor({1.0, 2.0, -3.0}, torch::requires_grad());
  tensor_list outputs = PowAndScale::apply(p, 3);
  std::cout << "outputs: " << outputs.size() << "\n"
            << outputs[0] << "\n"
            << outputs[1] << std::endl;
  (outputs[0].sum() + 2 * outputs[1].sum()).backward();
  std::cout << "p.grad() =\n" << p.grad() << std::endl;

  // Custom functions compose with built-in operators and with each other.
  torch::Tensor c = torch::tensor({0.5, -0.5}, torch::requires_grad());
  torch::Tensor d = MulConstant::apply(Exp::apply(c * 2), 3.0).sum();
  d.backward();
  std::cout << "d = " << std::setprecision(4) << d.item<float>() << "\nc.grad() =\n"
            << c.grad() << std::endl;

  // Under NoGradGuard the output does not require grad.
  {
    torch::NoGradGuard no_grad;
    std::cout << "under no_grad: " << MulConstant::apply(a, 2.0).requires_grad() << std::endl;
  }
  return 0;
}
