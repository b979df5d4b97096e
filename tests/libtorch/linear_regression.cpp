// Linear regression with torch::nn::Linear and SGD on synthetic data: y = X w + b + noise.
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

int main() {
  torch::manual_seed(4);
  std::cout << std::fixed << std::setprecision(4) << std::boolalpha;

  const int64_t kSamples = 64;
  const torch::Tensor true_weight = torch::tensor({{2.0, -3.4, 1.5}});
  const double true_bias = 4.2;
  torch::Tensor features = torch::randn({kSamples, 3});
  torch::Tensor targets =
      features.matmul(true_weight.t()) + true_bias + 0.01 * torch::randn({kSamples, 1});
  std::cout << "features " << features.sizes() << ", targets " << targets.sizes() << std::endl;

  torch::nn::Linear model(3, 1);
  std::cout << model << std::endl;
  for (const auto& parameter : model->named_parameters()) {
    std::cout << parameter.key() << " " << parameter.value().sizes()
              << " requires_grad=" << parameter.value().requires_grad() << std::endl;
  }
  std::cout << "initial weight:\n"
            << model->weight << "\ninitial bias:\n"
            << model->bias << std::endl;

  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1));
  for (int epoch = 1; epoch <= 60; ++epoch) {
    optimizer.zero_grad();
    torch::Tensor prediction = model->forward(features);
    torch::Tensor loss = torch::mse_loss(prediction, targets);
    loss.backward();
    optimizer.step();
    if (epoch % 10 == 0) {
      std::cout << "Epoch " << epoch << " | Loss: " << loss.item<float>() << std::endl;
    }
  }

  std::cout << "learned weight:\n"
            << model->weight << "\nlearned bias:\n"
            << model->bias << std::endl;
  torch::Tensor error = (model->weight - true_weight).abs().max();
  std::cout << "max weight error below 0.01: " << (error.item<float>() < 0.01) << std::endl;

  // Evaluate without recording a graph.
  torch::NoGradGuard no_grad;
  torch::Tensor test_input = torch::tensor({{1.0, 1.0, 1.0}, {0.0, 0.0, 0.0}});
  torch::Tensor test_output = model(test_input);
  std::cout << "predictions for [1, 1, 1] and [0, 0, 0]: " << test_output[0].item<float>() << " "
            << test_output[1].item<float>() << std::endl;
  std::cout << "output requires grad: " << test_output.requires_grad() << std::endl;

  // The same fit through a Sequential with a momentum optimizer and nn::MSELoss.
  torch::nn::Sequential net(torch::nn::Linear(3, 8), torch::nn::Tanh(), torch::nn::Linear(8, 1));
  std::cout << net << std::endl;
  torch::nn::MSELoss criterion;
  torch::optim::SGD momentum(net->parameters(), torch::optim::SGDOptions(0.02).momentum(0.9));
  std::cout << std::defaultfloat;  // 4 significant digits: this fit is not at its minimum yet
  {
    torch::AutoGradMode enable_grad(true);
    for (int epoch = 1; epoch <= 40; ++epoch) {
      momentum.zero_grad();
      torch::Tensor loss = criterion(net->forward(features), targets);
      loss.backward();
      momentum.step();
      if (epoch % 10 == 0) {
        std::cout << "Sequential epoch " << epoch << " | Loss: " << loss.item<float>() << std::endl;
      }
    }
  }
  return 0;
}
