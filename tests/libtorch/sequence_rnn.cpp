// Recurrent sequence models: an LSTM regressor trained for a few Adam steps to predict the mean of
// a random sequence, and a GRU run step by step with an explicit hidden state.
#include <torch/torch.h>

#include <iomanip>
#include <iostream>
#include <tuple>

struct SequenceRegressorImpl : torch::nn::Module {
  SequenceRegressorImpl(int64_t input_size, int64_t hidden_size)
      : lstm(torch::nn::LSTMOptions(input_size, hidden_size).num_layers(2).batch_first(true)),
        head(hidden_size, 1) {
    register_module("lstm", lstm);
    register_module("head", head);
  }

  torch::Tensor forward(const torch::Tensor& sequence) {
    // output: (batch, time, hidden); the state (h_n, c_n) is not needed here.
    auto [output, state] = lstm->forward(sequence);
    torch::Tensor last = output.index({torch::indexing::Slice(), -1});
    return head->forward(last).squeeze(1);
  }

  torch::nn::LSTM lstm;
  torch::nn::Linear head;
};
TORCH_MODULE(SequenceRegressor);

int main() {
  torch::manual_seed(6);
  std::cout << std::boolalpha;

  const int64_t kBatch = 8;
  const int64_t kSteps = 10;
  torch::Tensor sequences = torch::rand({kBatch, kSteps, 1});
  torch::Tensor targets = sequences.mean({1, 2});

  SequenceRegressor model(/*input_size=*/1, /*hidden_size=*/16);
  std::cout << model << std::endl;
  for (const auto& parameter : model->named_parameters()) {
    std::cout << parameter.key() << " " << parameter.value().sizes() << std::endl;
  }

  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.01));
  std::cout << std::setprecision(4);
  for (int step = 1; step <= 15; ++step) {
    optimizer.zero_grad();
    torch::Tensor loss = torch::mse_loss(model->forward(sequences), targets);
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), /*max_norm=*/1.0);
    optimizer.step();
    std::cout << "Step " << step << " | Loss: " << loss.item<float>() << std::endl;
  }

  // The LSTM's full output and final state.
  {
    torch::NoGradGuard no_grad;
    auto [output, state] = model->lstm->forward(sequences);
    std::cout << "LSTM output " << output.sizes() << ", h_n " << std::get<0>(state).sizes()
              << ", c_n " << std::get<1>(state).sizes() << std::endl;
    std::cout << "last output equals top layer's h_n: "
              << torch::allclose(output.index({torch::indexing::Slice(), -1}),
                                 std::get<0>(state)[1])
              << std::endl;
  }

  // A GRU (sequence-first layout) over a whole sequence and one step at a time.
  torch::nn::GRU gru(torch::nn::GRUOptions(3, 4));
  std::cout << gru << std::endl;
  torch::Tensor inputs = torch::randn({5, 2, 3});
  torch::Tensor h0 = torch::zeros({1, 2, 4});
  torch::Tensor whole_output;
  torch::Tensor whole_hidden;
  std::tie(whole_output, whole_hidden) = gru->forward(inputs, h0);
  std::cout << "GRU output " << whole_output.sizes() << ", hidden " << whole_hidden.sizes()
            << std::endl;
  std::cout << "final hidden state:\n" << whole_hidden << std::endl;

  torch::Tensor hidden = h0;
  for (int64_t t = 0; t < inputs.size(0); ++t) {
    hidden = std::get<1>(gru->forward(inputs.slice(0, t, t + 1), hidden));
  }
  std::cout << "step by step matches: " << torch::allclose(hidden, whole_hidden, 1e-5, 1e-6)
            << std::endl;

  // A GRUCell and an LSTMCell on one batch of inputs.
  torch::nn::GRUCell gru_cell(3, 4);
  torch::nn::LSTMCell lstm_cell(3, 4);
  std::cout << gru_cell << "\n" << lstm_cell << std::endl;
  torch::Tensor cell_hidden = gru_cell->forward(inputs[0]);
  auto [lstm_h, lstm_c] = lstm_cell->forward(inputs[0]);
  std::cout << "GRUCell hidden " << cell_hidden.sizes() << ", LSTMCell h " << lstm_h.sizes()
            << " c " << lstm_c.sizes() << std::endl;
  std::cout << cell_hidden << std::endl;

  // Gradients flow back through time to the input.
  torch::Tensor x = torch::randn({4, 1, 3}, torch::requires_grad());
  std::get<0>(gru->forward(x)).sum().backward();
  std::cout << "input grad " << x.grad().sizes()
            << ", nonzero at t=0: " << (x.grad()[0].abs().sum().item<float>() > 0) << std::endl;
  return 0;
}
