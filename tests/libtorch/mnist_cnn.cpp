// An MNIST-style convolutional classifier trained for a few Adam steps on random 1x28x28 images
// (synthetic: no dataset is read).
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

struct Net : torch::nn::Module {
  Net()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5)),
        conv2(torch::nn::Conv2dOptions(10, 20, /*kernel_size=*/5)),
        fc1(320, 50),
        fc2(50, 10) {
    register_module("conv1", conv1);
    register_module("conv2", conv2);
    register_module("conv2_drop", conv2_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) {
    x = torch::relu(torch::max_pool2d(conv1->forward(x), 2));
    x = torch::relu(torch::max_pool2d(conv2_drop->forward(conv2->forward(x)), 2));
    x = x.view({-1, 320});
    x = torch::relu(fc1->forward(x));
    x = torch::dropout(x, /*p=*/0.5, /*train=*/is_training());
    x = fc2->forward(x);
    return torch::log_softmax(x, /*dim=*/1);
  }

  torch::nn::Conv2d conv1;
  torch::nn::Conv2d conv2;
  torch::nn::Dropout2d conv2_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};

int main() {
  torch::manual_seed(5);
  std::cout << std::boolalpha;
  const int64_t kBatchSize = 16;

  auto model = std::make_shared<Net>();
  std::cout << *model << std::endl;
  int64_t parameter_count = 0;
  for (const auto& parameter : model->named_parameters()) {
    std::cout << parameter.key() << ": " << parameter.value().sizes() << std::endl;
    parameter_count += parameter.value().numel();
  }
  std::cout << "parameters: " << parameter_count << std::endl;

  // Random "images" and labels; the batch is seen several times, so the loss falls.
  torch::Tensor images = torch::randn({kBatchSize, 1, 28, 28});
  torch::Tensor labels = torch::randint(0, 10, {kBatchSize});
  std::cout << "images " << images.sizes() << ", labels " << labels.sizes() << " "
            << labels.scalar_type() << std::endl;

  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  model->train();
  std::cout << std::setprecision(4);
  for (int step = 1; step <= 8; ++step) {
    optimizer.zero_grad();
    torch::Tensor output = model->forward(images);
    torch::Tensor loss = torch::nll_loss(output, labels);
    loss.backward();
    optimizer.step();
    std::cout << "Train step " << step << " | Loss: " << loss.item<float>() << std::endl;
  }

  // Evaluation: dropout off, no graph.
  model->eval();
  torch::NoGradGuard no_grad;
  torch::Tensor output = model->forward(images);
  std::cout << "output " << output.sizes() << ", is_training " << model->is_training() << std::endl;
  torch::Tensor test_loss = torch::nll_loss(output, labels, /*weight=*/{}, torch::Reduction::Sum);
  torch::Tensor prediction = output.argmax(1);
  int64_t correct = prediction.eq(labels).sum().item<int64_t>();
  std::cout << "Test set: Average loss: " << test_loss.item<float>() / kBatchSize
            << " | Accuracy: " << correct << "/" << kBatchSize << std::endl;
  std::cout << "probabilities sum to one: "
            << torch::allclose(output.exp().sum(1), torch::ones({kBatchSize})) << std::endl;

  // One fresh random batch in eval mode gives the same output twice (no dropout).
  torch::Tensor fresh = torch::randn({2, 1, 28, 28});
  std::cout << "deterministic in eval: "
            << torch::equal(model->forward(fresh), model->forward(fresh)) << std::endl;
  return 0;
}
