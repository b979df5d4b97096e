// Checkpointing with torch::save / torch::load: a model, its optimizer's state and plain tensors,
// written to a temporary directory and read back into fresh objects.
#include <torch/torch.h>

#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl() {
    hidden = register_module("hidden", torch::nn::Linear(4, 8));
    norm = register_module("norm", torch::nn::BatchNorm1d(8));
    output = register_module("output", torch::nn::Linear(8, 3));
    scale = register_parameter("scale", torch::ones({3}));
    steps = register_buffer("steps", torch::zeros({1}, torch::kLong));
  }

  torch::Tensor forward(torch::Tensor x) {
    if (is_training()) {
      steps += 1;
    }
    x = torch::relu(norm(hidden(x)));
    return output(x) * scale;
  }

  torch::nn::Linear hidden{nullptr}, output{nullptr};
  torch::nn::BatchNorm1d norm{nullptr};
  torch::Tensor scale, steps;
};
TORCH_MODULE(Classifier);

// Every parameter and buffer of `a` equals the one of the same name in `b`.
bool same_state(const torch::nn::Module& a, const torch::nn::Module& b) {
  auto a_params = a.named_parameters();
  auto b_params = b.named_parameters();
  auto a_buffers = a.named_buffers();
  auto b_buffers = b.named_buffers();
  if (a_params.size() != b_params.size() || a_buffers.size() != b_buffers.size()) {
    return false;
  }
  for (const auto& item : a_params) {
    if (!torch::equal(item.value(), b_params[item.key()])) return false;
  }
  for (const auto& item : a_buffers) {
    if (!torch::equal(item.value(), b_buffers[item.key()])) return false;
  }
  return true;
}

torch::Tensor train_step(Classifier& model, torch::optim::Optimizer& optimizer,
                         const torch::Tensor& inputs, const torch::Tensor& labels) {
  optimizer.zero_grad();
  torch::Tensor loss = torch::cross_entropy_loss(model->forward(inputs), labels);
  loss.backward();
  optimizer.step();
  return loss;
}

int main() {
  torch::manual_seed(8);
  std::cout << std::boolalpha;

  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() /
      ("libtorch_save_load_" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  std::filesystem::create_directories(directory);
  const std::string model_path = (directory / "model.pt").string();
  const std::string optimizer_path = (directory / "optimizer.pt").string();
  const std::string tensor_path = (directory / "tensor.pt").string();
  const std::string tensors_path = (directory / "tensors.pt").string();

  torch::Tensor inputs = torch::randn({16, 4});
  torch::Tensor labels = torch::randint(0, 3, {16});

  Classifier model;
  std::cout << model << std::endl;
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.01));
  std::cout << std::setprecision(4);
  for (int step = 1; step <= 3; ++step) {
    std::cout << "step " << step << " loss "
              << train_step(model, optimizer, inputs, labels).item<float>() << std::endl;
  }

  torch::save(model, model_path);
  torch::save(optimizer, optimizer_path);
  std::cout << "saved model and optimizer: "
            << (std::filesystem::file_size(model_path) > 0 &&
                std::filesystem::file_size(optimizer_path) > 0)
            << std::endl;

  // A fresh model starts from other random weights, then takes the saved ones.
  Classifier restored;
  std::cout << "fresh model equals saved one: " << same_state(*model, *restored) << std::endl;
  torch::load(restored, model_path);
  std::cout << "reloaded model equals saved one: " << same_state(*model, *restored) << std::endl;
  std::cout << "reloaded steps buffer: " << restored->steps.item<int64_t>() << std::endl;
  for (const auto& item : restored->named_parameters()) {
    std::cout << "  " << item.key() << " " << item.value().sizes()
              << " requires_grad=" << item.value().requires_grad() << std::endl;
  }

  // With the optimizer state restored too, both copies take the same next steps.
  torch::optim::Adam restored_optimizer(restored->parameters(), torch::optim::AdamOptions(0.01));
  torch::load(restored_optimizer, optimizer_path);
  for (int step = 4; step <= 5; ++step) {
    torch::Tensor loss = train_step(model, optimizer, inputs, labels);
    torch::Tensor restored_loss = train_step(restored, restored_optimizer, inputs, labels);
    std::cout << "step " << step << " loss " << loss.item<float>()
              << ", same loss after reload: " << torch::equal(loss, restored_loss) << std::endl;
  }
  std::cout << "still identical after two more steps: " << same_state(*model, *restored)
            << std::endl;

  // Without the optimizer state, Adam starts over and the copies drift apart.
  Classifier fresh_state;
  torch::load(fresh_state, model_path);
  torch::optim::Adam fresh_optimizer(fresh_state->parameters(), torch::optim::AdamOptions(0.01));
  Classifier with_state;
  torch::load(with_state, model_path);
  torch::optim::Adam with_state_optimizer(with_state->parameters(),
                                          torch::optim::AdamOptions(0.01));
  torch::load(with_state_optimizer, optimizer_path);
  train_step(fresh_state, fresh_optimizer, inputs, labels);
  train_step(with_state, with_state_optimizer, inputs, labels);
  std::cout << "fresh Adam state gives the same weights: " << same_state(*fresh_state, *with_state)
            << std::endl;

  // Plain tensors and vectors of tensors.
  torch::Tensor matrix = torch::arange(6, torch::kFloat).view({2, 3});
  std::vector<torch::Tensor> tensors = {torch::tensor({1, 2, 3}), torch::eye(2, torch::kDouble),
                                        torch::tensor({true, false})};
  torch::save(matrix, tensor_path);
  torch::save(tensors, tensors_path);
  torch::Tensor matrix_back;
  std::vector<torch::Tensor> tensors_back;
  torch::load(matrix_back, tensor_path);
  torch::load(tensors_back, tensors_path);
  std::cout << "tensor back:\n" << matrix_back << std::endl;
  std::cout << "vector back: " << tensors_back.size() << " tensors" << std::endl;
  for (size_t i = 0; i < tensors_back.size(); ++i) {
    std::cout << tensors_back[i].scalar_type() << " " << tensors_back[i].sizes() << " equal "
              << torch::equal(tensors_back[i], tensors[i]) << std::endl;
  }

  // Evaluation with the reloaded model matches the original.
  model->eval();
  restored->eval();
  torch::NoGradGuard no_grad;
  std::cout << "same eval output: "
            << torch::equal(model->forward(inputs), restored->forward(inputs)) << std::endl;

  std::filesystem::remove_all(directory);
  return 0;
}
