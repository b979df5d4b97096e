// RNN, LSTM, GRU and their cells against PyTorch (tests/reference/gen_rnn.py): parameter names,
// shapes and initial values after manual_seed(0) (bit for bit), outputs, final states and
// gradients (within float tolerance: ember's tanh/sigmoid round differently in the last bit).
// Printing and messages are libtorch 1.13's (checked against a libtorch program).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>

#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
using ember::Tensor;
using ember_test::close_tensor;
using ember_test::error_message;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;

const nlohmann::json& rnn_ref() { return ember_test::reference("rnn"); }

// A module built as the reference's, run on (input, states): its parameters and what it returns.
struct Run {
  std::shared_ptr<nn::Module> module;
  std::vector<Tensor> outputs;
};
using Maker = std::function<Run(const Tensor& input, const std::vector<Tensor>& states)>;

template <class M>
Run run_layer(M m, const Tensor& x, const std::vector<Tensor>& s) {
  auto [output, h] = s.empty() ? m->forward(x) : m->forward(x, s[0]);
  return {m.ptr(), {output, h}};
}

Run run_lstm(nn::LSTM m, const Tensor& x, const std::vector<Tensor>& s) {
  auto [output, hc] = s.empty() ? m->forward(x) : m->forward(x, std::make_tuple(s[0], s[1]));
  return {m.ptr(), {output, std::get<0>(hc), std::get<1>(hc)}};
}

template <class M>
Run run_cell(M m, const Tensor& x, const std::vector<Tensor>& s) {
  return {m.ptr(), {s.empty() ? m->forward(x) : m->forward(x, s[0])}};
}

Run run_lstm_cell(nn::LSTMCell m, const Tensor& x, const std::vector<Tensor>& s) {
  auto [h, c] = s.empty() ? m->forward(x) : m->forward(x, std::make_tuple(s[0], s[1]));
  return {m.ptr(), {h, c}};
}

const std::map<std::string, Maker>& makers() {
  using O = nn::RNNOptions;
  static const std::map<std::string, Maker> m = {
      {"rnn_tanh", [](auto& x, auto& s) { return run_layer(nn::RNN(3, 4), x, s); }},
      {"rnn_relu_2layers_h0",
       [](auto& x, auto& s) {
         return run_layer(nn::RNN(O(3, 4).num_layers(2).nonlinearity(ember::kReLU)), x, s);
       }},
      {"rnn_bidirectional_batch_first",
       [](auto& x, auto& s) {
         return run_layer(nn::RNN(O(2, 3).batch_first(true).bidirectional(true)), x, s);
       }},
      {"lstm", [](auto& x, auto& s) { return run_lstm(nn::LSTM(3, 4), x, s); }},
      {"lstm_2layers_bidirectional_h0",
       [](auto& x, auto& s) {
         return run_lstm(nn::LSTM(nn::LSTMOptions(3, 4).num_layers(2).bidirectional(true)), x, s);
       }},
      {"lstm_proj_batch_first",
       [](auto& x, auto& s) {
         return run_lstm(nn::LSTM(nn::LSTMOptions(3, 5).proj_size(2).batch_first(true)), x, s);
       }},
      {"lstm_nobias",
       [](auto& x, auto& s) {
         return run_lstm(nn::LSTM(nn::LSTMOptions(2, 3).bias(false)), x, s);
       }},
      {"gru", [](auto& x, auto& s) { return run_layer(nn::GRU(3, 4), x, s); }},
      {"gru_2layers_bidirectional_batch_first_h0",
       [](auto& x, auto& s) {
         return run_layer(
             nn::GRU(nn::GRUOptions(3, 2).num_layers(2).bidirectional(true).batch_first(true)), x,
             s);
       }},
      {"rnn_cell", [](auto& x, auto& s) { return run_cell(nn::RNNCell(3, 4), x, s); }},
      {"rnn_cell_relu_nobias",
       [](auto& x, auto& s) {
         return run_cell(
             nn::RNNCell(nn::RNNCellOptions(3, 4).bias(false).nonlinearity(ember::kReLU)), x, s);
       }},
      {"lstm_cell", [](auto& x, auto& s) { return run_lstm_cell(nn::LSTMCell(3, 4), x, s); }},
      {"lstm_cell_zero_state",
       [](auto& x, auto& s) { return run_lstm_cell(nn::LSTMCell(2, 3), x, s); }},
      {"gru_cell", [](auto& x, auto& s) { return run_cell(nn::GRUCell(3, 4), x, s); }},
      {"gru_cell_zero_state", [](auto& x, auto& s) { return run_cell(nn::GRUCell(2, 3), x, s); }},
  };
  return m;
}

void check_case(const std::string& name, const nlohmann::json& c) {
  SCOPED_TRACE(name);
  const auto maker = makers().find(name);
  ASSERT_NE(maker, makers().end()) << "no C++ module for " << name;
  ember::manual_seed(0);
  const Tensor x = tensor_from_reference(c.at("input")).requires_grad_();
  std::vector<Tensor> states;
  for (const auto& s : c.at("states")) states.push_back(tensor_from_reference(s).requires_grad_());
  const Run run = maker->second(x, states);

  const auto params = run.module->named_parameters();
  ASSERT_EQ(params.size(), c.at("parameters").size());
  for (size_t i = 0; i < params.size(); ++i) {
    const auto& expected = c.at("parameters")[i];
    EXPECT_EQ(params[i].key(), expected[0].get<std::string>());
    EXPECT_TRUE(same_tensor(params[i].value().detach(), tensor_from_reference(expected[1])))
        << params[i].key();
  }

  ASSERT_EQ(run.outputs.size(), c.at("outputs").size());
  Tensor loss;
  for (size_t i = 0; i < run.outputs.size(); ++i) {
    EXPECT_TRUE(close_tensor(run.outputs[i].detach(), tensor_from_reference(c.at("outputs")[i])))
        << "output " << i;
    const Tensor term = (run.outputs[i] * tensor_from_reference(c.at("output_weights")[i])).sum();
    loss = loss.defined() ? loss + term : term;
  }
  loss.backward();
  EXPECT_TRUE(close_tensor(x.grad(), tensor_from_reference(c.at("grad_input"))));
  for (size_t i = 0; i < states.size(); ++i) {
    EXPECT_TRUE(close_tensor(states[i].grad(), tensor_from_reference(c.at("grad_states")[i])))
        << "state " << i;
  }
  for (size_t i = 0; i < params.size(); ++i) {
    EXPECT_TRUE(close_tensor(params[i].value().grad(),
                             tensor_from_reference(c.at("grad_parameters")[i][1])))
        << params[i].key();
  }
}

TEST(NnRecurrent, LayersMatchPyTorch) {
  for (const auto& [name, c] : rnn_ref().at("layers").items()) check_case(name, c);
}

TEST(NnRecurrent, CellsMatchPyTorch) {
  for (const auto& [name, c] : rnn_ref().at("cells").items()) check_case(name, c);
}

std::string printed(const nn::Module& m) {
  std::ostringstream os;
  m.pretty_print(os);
  return os.str();
}

TEST(NnRecurrent, PrintsAsLibtorch) {
  EXPECT_EQ(printed(*nn::RNN(3, 4)),
            "ember::nn::RNN(input_size=3, hidden_size=4, num_layers=1, bias=true, "
            "batch_first=false, dropout=0, bidirectional=false)");
  EXPECT_EQ(printed(*nn::RNN(nn::RNNOptions(3, 4)
                                 .nonlinearity(ember::kReLU)
                                 .num_layers(2)
                                 .bias(false)
                                 .batch_first(true)
                                 .dropout(0.5)
                                 .bidirectional(true))),
            "ember::nn::RNN(input_size=3, hidden_size=4, num_layers=2, bias=false, "
            "batch_first=true, dropout=0.5, bidirectional=true)");
  EXPECT_EQ(printed(*nn::LSTM(nn::LSTMOptions(3, 5).proj_size(2))),
            "ember::nn::LSTM(input_size=3, hidden_size=5, num_layers=1, bias=true, "
            "batch_first=false, dropout=0, bidirectional=false, proj_size=2)");
  EXPECT_EQ(printed(*nn::GRU(3, 4)),
            "ember::nn::GRU(input_size=3, hidden_size=4, num_layers=1, bias=true, "
            "batch_first=false, dropout=0, bidirectional=false)");
  EXPECT_EQ(printed(*nn::RNNCell(3, 4)), "ember::nn::RNNCell(3, 4)");
  EXPECT_EQ(printed(*nn::RNNCell(nn::RNNCellOptions(3, 4).nonlinearity(ember::kReLU).bias(false))),
            "ember::nn::RNNCell(3, 4, bias=false, nonlinearity=kReLU)");
  EXPECT_EQ(printed(*nn::LSTMCell(3, 4)), "ember::nn::LSTMCell(3, 4)");
  EXPECT_EQ(printed(*nn::GRUCell(nn::GRUCellOptions(3, 4).bias(false))),
            "ember::nn::GRUCell(3, 4, bias=false)");
}

TEST(NnRecurrent, ParameterOrderAndAllWeights) {
  nn::LSTM lstm(nn::LSTMOptions(3, 5).proj_size(2).num_layers(2).bidirectional(true));
  std::vector<std::string> names;
  for (const auto& p : lstm->named_parameters()) names.push_back(p.key());
  const std::vector<std::string> expected = {
      "weight_ih_l0",         "weight_hh_l0",         "bias_ih_l0",
      "bias_hh_l0",           "weight_hr_l0",         "weight_ih_l0_reverse",
      "weight_hh_l0_reverse", "bias_ih_l0_reverse",   "bias_hh_l0_reverse",
      "weight_hr_l0_reverse", "weight_ih_l1",         "weight_hh_l1",
      "bias_ih_l1",           "bias_hh_l1",           "weight_hr_l1",
      "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse",
      "bias_hh_l1_reverse",   "weight_hr_l1_reverse"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(lstm->named_parameters()["weight_ih_l1"].sizes(), (std::vector<int64_t>{20, 4}));
  EXPECT_EQ(lstm->named_parameters()["weight_hh_l0"].sizes(), (std::vector<int64_t>{20, 2}));
  const std::vector<Tensor> all = lstm->all_weights();
  ASSERT_EQ(all.size(), 20U);
  EXPECT_TRUE(all[4].is_same(lstm->named_parameters()["weight_hr_l0"]));
}

TEST(NnRecurrent, CloneAndToKeepWorkingWeights) {
  ember::manual_seed(0);
  nn::GRU gru(nn::GRUOptions(2, 3).num_layers(2));
  const Tensor x = ember::randn({4, 1, 2});
  const Tensor expected = std::get<0>(gru->forward(x));
  auto copy = std::dynamic_pointer_cast<nn::GRUImpl>(gru->clone());
  EXPECT_TRUE(ember::equal(std::get<0>(copy->forward(x)), expected));
  copy->named_parameters()["weight_ih_l0"].data().zero_();
  EXPECT_TRUE(ember::equal(std::get<0>(gru->forward(x)), expected));  // the copy owns its weights
  gru->to(ember::kDouble);
  EXPECT_EQ(std::get<0>(gru->forward(x.to(ember::kDouble))).dtype(), ember::kDouble);
}

TEST(NnRecurrent, DropoutBetweenLayersOnlyInTraining) {
  ember::manual_seed(0);
  nn::LSTM lstm(nn::LSTMOptions(2, 3).num_layers(2).dropout(0.5));
  const Tensor x = ember::randn({5, 2, 2});
  const Tensor a = std::get<0>(lstm->forward(x)), b = std::get<0>(lstm->forward(x));
  EXPECT_FALSE(ember::equal(a, b));  // fresh dropout masks
  lstm->eval();
  EXPECT_TRUE(ember::equal(std::get<0>(lstm->forward(x)), std::get<0>(lstm->forward(x))));
}

TEST(NnRecurrent, ErrorsAsLibtorch) {
  nn::RNN rnn(3, 4);
  EXPECT_EQ(error_message([&] {
              rnn->forward(ember::ones({2, 3}));
            }),
            "input must have 3 dimensions, got 2");
  EXPECT_EQ(error_message([&] {
              rnn->forward(ember::ones({2, 3, 5}));
            }),
            "input.size(-1) must be equal to input_size. Expected 3, got 5");
  EXPECT_EQ(error_message([&] {
              rnn->forward(ember::ones({2, 3, 3}), ember::zeros({2, 3, 4}));
            }),
            "Expected hidden size 1 3 4, got [2, 3, 4]");
  EXPECT_EQ(error_message([&] {
              nn::LSTM(3, 4)->forward(
                  ember::ones({2, 3, 3}),
                  std::make_tuple(ember::zeros({1, 3, 4}), ember::zeros({1, 2, 4})));
            }),
            "Expected hidden[1] size 1 3 4, got [1, 2, 4]");
  EXPECT_EQ(error_message([&] {
              nn::LSTM(nn::LSTMOptions(3, 4).proj_size(2))
                  ->forward(ember::ones({2, 3, 3}),
                            std::make_tuple(ember::zeros({1, 3, 4}), ember::zeros({1, 3, 4})));
            }),
            "Expected hidden[0] size 1 3 2, got [1, 3, 4]");
  EXPECT_EQ(error_message([&] {
              rnn->forward(ember::ones({0, 3, 3}));
            }),
            "Expected sequence length to be larger than 0 in RNN");
  EXPECT_EQ(error_message([&] {
              nn::RNNCell(3, 4)->forward(ember::ones({2, 5}));
            }),
            "input has inconsistent input_size: got 5 expected 3");
  EXPECT_EQ(error_message([&] {
              nn::GRUCell(3, 4)->forward(ember::ones({2, 3}), ember::zeros({3, 4}));
            }),
            "Input batch size 2 doesn't match hidden batch size 3");
  EXPECT_EQ(error_message([&] {
              nn::GRUCell(3, 4)->forward(ember::ones({2, 3}), ember::zeros({2, 5}));
            }),
            "hidden has inconsistent hidden_size: got 5, expected 4");
  EXPECT_EQ(error_message([&] {
              nn::LSTMCell(3, 4)->forward(
                  ember::ones({2, 3}), std::make_tuple(ember::zeros({2, 4}), ember::zeros({2, 5})));
            }),
            "hidden[1] has inconsistent hidden_size: got 5, expected 4");
  EXPECT_EQ(error_message([&] { nn::LSTM(nn::LSTMOptions(3, 4).proj_size(4)); }),
            "proj_size has to be a positive integer, smaller than hidden_size or zero to disable "
            "projections");
  EXPECT_EQ(error_message([&] { nn::LSTM(nn::LSTMOptions(3, 4).dropout(1.5)); }),
            "dropout should be a number in range [0, 1] representing the probability of an "
            "element being zeroed");
}

}  // namespace
