// RNN, LSTM, GRU and their cells (libtorch's src/nn/modules/rnn.cpp). The forward passes are
// ember ops in the order of ATen's CPU implementation (aten/src/ATen/native/RNN.cpp), so that they
// round as PyTorch does: a layer projects its whole input sequence at once (linear(x, w_ih,
// b_ih)), then each step adds the hidden projection linear(h, w_hh, b_hh) to that step's slice;
// the reverse direction walks the steps backwards; dropout (training only) follows every layer
// but the last. A cell is one such step on its own input's projection.
#include "ember/nn/modules/rnn.h"

#include <algorithm>
#include <cmath>

#include "ember/core/Warning.h"
#include "ember/core/demangle.h"
#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/linalg.h"
#include "ember/ops/shape.h"

namespace ember::nn {

namespace {

using Mode = detail::RNNOptionsBase::rnn_options_base_mode_t;

// One layer and direction's weights; undefined where absent (no bias, no projection).
struct LayerWeights {
  Tensor w_ih, w_hh, b_ih, b_hh, w_hr;
};

// One step: ih is linear(x_t, w_ih, b_ih); state is {h} or {h, c}; returns the new state.
std::vector<Tensor> step(const Mode& mode, const Tensor& ih, const std::vector<Tensor>& state,
                         const LayerWeights& w) {
  const Tensor hh = functional::linear(state[0], w.w_hh, w.b_hh);
  if (std::holds_alternative<enumtype::kRNN_TANH>(mode)) return {(hh + ih).tanh()};
  if (std::holds_alternative<enumtype::kRNN_RELU>(mode)) return {(hh + ih).relu()};
  if (std::holds_alternative<enumtype::kLSTM>(mode)) {
    const std::vector<Tensor> gates = (hh + ih).chunk(4, 1);
    const Tensor ingate = gates[0].sigmoid(), forgetgate = gates[1].sigmoid(),
                 cellgate = gates[2].tanh(), outgate = gates[3].sigmoid();
    const Tensor c = forgetgate * state[1] + ingate * cellgate;
    Tensor h = outgate * c.tanh();
    if (w.w_hr.defined()) h = h.matmul(w.w_hr.t());
    return {h, c};
  }
  const std::vector<Tensor> i = ih.chunk(3, 1), g = hh.chunk(3, 1);
  const Tensor resetgate = (g[0] + i[0]).sigmoid(), inputgate = (g[1] + i[1]).sigmoid();
  const Tensor newgate = (i[2] + g[2] * resetgate).tanh();
  return {(state[0] - newgate) * inputgate + newgate};
}

int64_t gate_count(const Mode& mode) {
  if (std::holds_alternative<enumtype::kLSTM>(mode)) return 4;
  if (std::holds_alternative<enumtype::kGRU>(mode)) return 3;
  return 1;
}

// "LSTM" for ember::nn::LSTMImpl.
std::string short_name(const std::string& type_name) {
  std::string name = type_name.substr(type_name.rfind(':') + 1);
  if (name.size() > 4 && name.compare(name.size() - 4, 4, "Impl") == 0)
    name.resize(name.size() - 4);
  return name;
}

// "1 3 4": how libtorch's message writes an expected size.
std::string spaced(const std::tuple<int64_t, int64_t, int64_t>& size) {
  return ember::detail::str_cat(std::get<0>(size), " ", std::get<1>(size), " ", std::get<2>(size));
}

detail::RNNOptionsBase base_options(const Mode& mode, int64_t input_size, int64_t hidden_size,
                                    int64_t num_layers, bool bias, bool batch_first, double dropout,
                                    bool bidirectional, int64_t proj_size = 0) {
  return detail::RNNOptionsBase(mode, input_size, hidden_size)
      .num_layers(num_layers)
      .bias(bias)
      .batch_first(batch_first)
      .dropout(dropout)
      .bidirectional(bidirectional)
      .proj_size(proj_size);
}

}  // namespace

// ---- RNNImplBase -------------------------------------------------------------------------------

template <typename Derived>
detail::RNNImplBase<Derived>::RNNImplBase(const RNNOptionsBase& options_) : options_base(options_) {
  // reset() is called by the derived constructors, once their options are set (libtorch too).
}

template <typename Derived>
void detail::RNNImplBase<Derived>::reset() {
  const RNNOptionsBase& o = options_base;
  const double dropout = o.dropout();
  EMBER_CHECK(0 <= dropout && dropout <= 1,
              "dropout should be a number in range [0, 1] representing the probability of an "
              "element being zeroed");
  if (dropout > 0 && o.num_layers() == 1) {
    warn(ember::detail::str_cat(
        "dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
        "expects num_layers greater than 1, but got dropout=",
        dropout, " and num_layers=", o.num_layers()));
  }
  EMBER_CHECK(0 <= o.proj_size() && o.proj_size() < o.hidden_size(),
              "proj_size has to be a positive integer, smaller than hidden_size or zero to disable "
              "projections");

  const int64_t gate_size = gate_count(o.mode()) * o.hidden_size();
  const int64_t num_directions = o.bidirectional() ? 2 : 1;
  const int64_t real_hidden_size = o.proj_size() > 0 ? o.proj_size() : o.hidden_size();
  flat_weights_names_.clear();
  all_weights_.clear();
  for (int64_t layer = 0; layer < o.num_layers(); ++layer) {
    for (int64_t direction = 0; direction < num_directions; ++direction) {
      const int64_t layer_input_size =
          layer == 0 ? o.input_size() : real_hidden_size * num_directions;
      const std::string suffix = ember::detail::str_cat(layer, direction == 1 ? "_reverse" : "");
      std::vector<std::pair<std::string, Tensor>> params = {
          {"weight_ih_l" + suffix, empty({gate_size, layer_input_size})},
          {"weight_hh_l" + suffix, empty({gate_size, real_hidden_size})}};
      if (o.bias()) {
        params.emplace_back("bias_ih_l" + suffix, empty({gate_size}));
        params.emplace_back("bias_hh_l" + suffix, empty({gate_size}));
      }
      if (o.proj_size() > 0) {
        params.emplace_back("weight_hr_l" + suffix, empty({o.proj_size(), o.hidden_size()}));
      }
      std::vector<std::string> names;
      for (auto& [name, param] : params) {
        this->register_parameter(name, std::move(param));
        names.push_back(name);
        flat_weights_names_.push_back(name);
      }
      all_weights_.push_back(std::move(names));
    }
  }
  refresh_tensor_members();
  reset_parameters();
}

template <typename Derived>
void detail::RNNImplBase<Derived>::refresh_tensor_members() {
  flat_weights_.clear();
  for (const std::string& name : flat_weights_names_) {
    flat_weights_.push_back(this->registered_parameter(name));
  }
}

template <typename Derived>
void detail::RNNImplBase<Derived>::reset_parameters() {
  const double stdv = 1.0 / std::sqrt(static_cast<double>(options_base.hidden_size()));
  for (Tensor& weight : this->parameters()) init::uniform_(weight, -stdv, stdv);
}

template <typename Derived>
void detail::RNNImplBase<Derived>::pretty_print(std::ostream& stream) const {
  const RNNOptionsBase& o = options_base;
  stream << std::boolalpha << ::ember::detail::printed_namespace()
         << "::nn::" << short_name(this->name()) << "(input_size=" << o.input_size()
         << ", hidden_size=" << o.hidden_size() << ", num_layers=" << o.num_layers()
         << ", bias=" << o.bias() << ", batch_first=" << o.batch_first()
         << ", dropout=" << o.dropout() << ", bidirectional=" << o.bidirectional();
  if (o.proj_size() > 0) stream << ", proj_size=" << o.proj_size();
  stream << ")";
}

template <typename Derived>
std::vector<Tensor> detail::RNNImplBase<Derived>::all_weights() const {
  return flat_weights_;
}

template <typename Derived>
void detail::RNNImplBase<Derived>::check_input(const Tensor& input) const {
  EMBER_CHECK(input.dim() == 3, "input must have 3 dimensions, got ", input.dim());
  EMBER_CHECK(options_base.input_size() == input.size(-1),
              "input.size(-1) must be equal to input_size. Expected ", options_base.input_size(),
              ", got ", input.size(-1));
}

template <typename Derived>
std::tuple<int64_t, int64_t, int64_t> detail::RNNImplBase<Derived>::get_expected_hidden_size(
    const Tensor& input) const {
  const RNNOptionsBase& o = options_base;
  const int64_t mini_batch = o.batch_first() ? input.size(0) : input.size(1);
  const int64_t num_directions = o.bidirectional() ? 2 : 1;
  const int64_t real_hidden_size = o.proj_size() > 0 ? o.proj_size() : o.hidden_size();
  return {o.num_layers() * num_directions, mini_batch, real_hidden_size};
}

template <typename Derived>
void detail::RNNImplBase<Derived>::check_hidden_size(const Tensor& hx,
                                                     std::tuple<int64_t, int64_t, int64_t> expected,
                                                     const std::string& label) const {
  const auto [a, b, c] = expected;
  EMBER_CHECK(hx.dim() == 3 && hx.size(0) == a && hx.size(1) == b && hx.size(2) == c, "Expected ",
              label, " size ", spaced(expected), ", got ", hx.sizes());
}

template <typename Derived>
std::tuple<Tensor, std::vector<Tensor>> detail::RNNImplBase<Derived>::run(
    const Tensor& input, const std::vector<Tensor>& states) const {
  const RNNOptionsBase& o = options_base;
  const int64_t num_directions = o.bidirectional() ? 2 : 1;
  const size_t per_direction = all_weights_.empty() ? 0 : all_weights_[0].size();
  Tensor layer_input = o.batch_first() ? input.transpose(0, 1) : input;
  std::vector<std::vector<Tensor>> finals(states.size());
  for (int64_t layer = 0; layer < o.num_layers(); ++layer) {
    std::vector<Tensor> outputs;
    for (int64_t direction = 0; direction < num_directions; ++direction) {
      const int64_t index = layer * num_directions + direction;
      const Tensor* p = flat_weights_.data() + static_cast<size_t>(index) * per_direction;
      const LayerWeights w{p[0], p[1], o.bias() ? p[2] : Tensor(), o.bias() ? p[3] : Tensor(),
                           o.proj_size() > 0 ? p[per_direction - 1] : Tensor()};
      std::vector<Tensor> steps = functional::linear(layer_input, w.w_ih, w.b_ih).unbind(0);
      EMBER_CHECK(!steps.empty(), "Expected sequence length to be larger than 0 in RNN");
      if (direction == 1) std::reverse(steps.begin(), steps.end());
      std::vector<Tensor> state;
      for (const Tensor& s : states) state.push_back(s[index]);
      std::vector<Tensor> step_outputs;
      for (const Tensor& ih : steps) {
        state = step(o.mode(), ih, state, w);
        step_outputs.push_back(state[0]);
      }
      if (direction == 1) std::reverse(step_outputs.begin(), step_outputs.end());
      outputs.push_back(stack(step_outputs, 0));
      for (size_t k = 0; k < state.size(); ++k) finals[k].push_back(state[k]);
    }
    layer_input = outputs.size() == 1 ? outputs[0] : cat(outputs, outputs[0].dim() - 1);
    if (o.dropout() != 0 && this->is_training() && layer < o.num_layers() - 1) {
      layer_input = ember::dropout(layer_input, o.dropout(), true);
    }
  }
  std::vector<Tensor> final_states;
  for (const auto& f : finals) final_states.push_back(stack(f, 0));
  return {o.batch_first() ? layer_input.transpose(0, 1) : layer_input, final_states};
}

template <typename Derived>
std::tuple<Tensor, Tensor> detail::RNNImplBase<Derived>::forward_single_state(const Tensor& input,
                                                                              Tensor hx) {
  const auto [layers, batch, size] = get_expected_hidden_size(input);
  if (!hx.defined()) hx = zeros({layers, batch, size}, input.options());
  check_input(input);
  check_hidden_size(hx, {layers, batch, size});
  auto [output, finals] = run(input, {hx});
  return {output, finals[0]};
}

template class detail::RNNImplBase<RNNImpl>;
template class detail::RNNImplBase<LSTMImpl>;
template class detail::RNNImplBase<GRUImpl>;

// ---- RNN, LSTM, GRU ----------------------------------------------------------------------------

namespace {
Mode rnn_mode(const RNNOptions& o) {
  if (std::holds_alternative<enumtype::kTanh>(o.nonlinearity())) return enumtype::kRNN_TANH{};
  return enumtype::kRNN_RELU{};
}
}  // namespace

RNNImpl::RNNImpl(const RNNOptions& options_)
    : RNNImplBase(base_options(rnn_mode(options_), options_.input_size(), options_.hidden_size(),
                               options_.num_layers(), options_.bias(), options_.batch_first(),
                               options_.dropout(), options_.bidirectional())),
      options(options_) {
  reset();
}

std::tuple<Tensor, Tensor> RNNImpl::forward(const Tensor& input, Tensor hx) {
  return forward_single_state(input, std::move(hx));
}

LSTMImpl::LSTMImpl(const LSTMOptions& options_)
    : RNNImplBase(base_options(enumtype::kLSTM{}, options_.input_size(), options_.hidden_size(),
                               options_.num_layers(), options_.bias(), options_.batch_first(),
                               options_.dropout(), options_.bidirectional(), options_.proj_size())),
      options(options_) {
  reset();
}

std::tuple<Tensor, std::tuple<Tensor, Tensor>> LSTMImpl::forward(
    const Tensor& input, std::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  const int64_t max_batch_size = options.batch_first() ? input.size(0) : input.size(1);
  const int64_t num_directions = options.bidirectional() ? 2 : 1;
  const int64_t real_hidden_size =
      options.proj_size() > 0 ? options.proj_size() : options.hidden_size();
  if (!hx_opt) {
    const int64_t layers = options.num_layers() * num_directions;
    hx_opt.emplace(zeros({layers, max_batch_size, real_hidden_size}, input.options()),
                   zeros({layers, max_batch_size, options.hidden_size()}, input.options()));
  }
  const auto& [h0, c0] = *hx_opt;
  check_input(input);
  const auto expected = get_expected_hidden_size(input);
  check_hidden_size(h0, expected, "hidden[0]");
  check_hidden_size(c0, {std::get<0>(expected), std::get<1>(expected), options.hidden_size()},
                    "hidden[1]");
  auto [output, finals] = run(input, {h0, c0});
  return {output, {finals[0], finals[1]}};
}

GRUImpl::GRUImpl(const GRUOptions& options_)
    : RNNImplBase(base_options(enumtype::kGRU{}, options_.input_size(), options_.hidden_size(),
                               options_.num_layers(), options_.bias(), options_.batch_first(),
                               options_.dropout(), options_.bidirectional())),
      options(options_) {
  reset();
}

std::tuple<Tensor, Tensor> GRUImpl::forward(const Tensor& input, Tensor hx) {
  return forward_single_state(input, std::move(hx));
}

// ---- The cells ---------------------------------------------------------------------------------

template <typename Derived>
detail::RNNCellImplBase<Derived>::RNNCellImplBase(const RNNCellOptionsBase& options_)
    : options_base(options_) {}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::reset() {
  const RNNCellOptionsBase& o = options_base;
  const int64_t gates = o.num_chunks() * o.hidden_size();
  weight_ih = this->register_parameter("weight_ih", empty({gates, o.input_size()}));
  weight_hh = this->register_parameter("weight_hh", empty({gates, o.hidden_size()}));
  if (o.bias()) {
    bias_ih = this->register_parameter("bias_ih", empty({gates}));
    bias_hh = this->register_parameter("bias_hh", empty({gates}));
  } else {
    bias_ih = this->register_parameter("bias_ih", {}, /*requires_grad=*/false);
    bias_hh = this->register_parameter("bias_hh", {}, /*requires_grad=*/false);
  }
  reset_parameters();
}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::refresh_tensor_members() {
  weight_ih = this->registered_parameter("weight_ih");
  weight_hh = this->registered_parameter("weight_hh");
  bias_ih = this->registered_parameter("bias_ih");
  bias_hh = this->registered_parameter("bias_hh");
}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::reset_parameters() {
  const double stdv = 1.0 / std::sqrt(static_cast<double>(options_base.hidden_size()));
  for (Tensor& weight : this->parameters()) init::uniform_(weight, -stdv, stdv);
}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::pretty_print(std::ostream& stream) const {
  stream << ::ember::detail::printed_namespace() << "::nn::" << short_name(this->name()) << "("
         << options_base.input_size() << ", " << options_base.hidden_size();
  if (!options_base.bias()) stream << ", bias=false";
  const std::string nonlinearity = get_nonlinearity_str();
  if (!nonlinearity.empty() && nonlinearity != "kTanh") {
    stream << ", nonlinearity=" << nonlinearity;
  }
  stream << ")";
}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::check_forward_input(const Tensor& input) const {
  EMBER_CHECK(input.size(1) == options_base.input_size(), "input has inconsistent input_size: got ",
              input.size(1), " expected ", options_base.input_size());
}

template <typename Derived>
void detail::RNNCellImplBase<Derived>::check_forward_hidden(const Tensor& input, const Tensor& hx,
                                                            const std::string& hidden_label) const {
  EMBER_CHECK(input.size(0) == hx.size(0), "Input batch size ", input.size(0),
              " doesn't match hidden", hidden_label, " batch size ", hx.size(0));
  EMBER_CHECK(hx.size(1) == options_base.hidden_size(), "hidden", hidden_label,
              " has inconsistent hidden_size: got ", hx.size(1), ", expected ",
              options_base.hidden_size());
}

template class detail::RNNCellImplBase<RNNCellImpl>;
template class detail::RNNCellImplBase<LSTMCellImpl>;
template class detail::RNNCellImplBase<GRUCellImpl>;

RNNCellImpl::RNNCellImpl(const RNNCellOptions& options_)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options_.input_size(), options_.hidden_size(),
                                                 options_.bias(), 1)),
      options(options_) {
  reset();
}

std::string RNNCellImpl::get_nonlinearity_str() const {
  return enumtype::get_enum_name(options.nonlinearity());
}

Tensor RNNCellImpl::forward(const Tensor& input, Tensor hx) {
  check_forward_input(input);
  if (!hx.defined()) hx = zeros({input.size(0), options.hidden_size()}, input.options());
  check_forward_hidden(input, hx, "");
  const Mode mode = rnn_mode(RNNOptions(0, 0).nonlinearity(options.nonlinearity()));
  const LayerWeights w{weight_ih, weight_hh, bias_ih, bias_hh, {}};
  return step(mode, functional::linear(input, weight_ih, bias_ih), {hx}, w)[0];
}

LSTMCellImpl::LSTMCellImpl(const LSTMCellOptions& options_)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options_.input_size(), options_.hidden_size(),
                                                 options_.bias(), 4)),
      options(options_) {
  reset();
}

std::tuple<Tensor, Tensor> LSTMCellImpl::forward(const Tensor& input,
                                                 std::optional<std::tuple<Tensor, Tensor>> hx_opt) {
  check_forward_input(input);
  if (!hx_opt) {
    const Tensor zero = zeros({input.size(0), options.hidden_size()}, input.options());
    hx_opt.emplace(zero, zero);
  }
  const auto& [h, c] = *hx_opt;
  check_forward_hidden(input, h, "[0]");
  check_forward_hidden(input, c, "[1]");
  const LayerWeights w{weight_ih, weight_hh, bias_ih, bias_hh, {}};
  const std::vector<Tensor> state =
      step(enumtype::kLSTM{}, functional::linear(input, weight_ih, bias_ih), {h, c}, w);
  return {state[0], state[1]};
}

GRUCellImpl::GRUCellImpl(const GRUCellOptions& options_)
    : RNNCellImplBase(detail::RNNCellOptionsBase(options_.input_size(), options_.hidden_size(),
                                                 options_.bias(), 3)),
      options(options_) {
  reset();
}

Tensor GRUCellImpl::forward(const Tensor& input, Tensor hx) {
  check_forward_input(input);
  if (!hx.defined()) hx = zeros({input.size(0), options.hidden_size()}, input.options());
  check_forward_hidden(input, hx, "");
  const LayerWeights w{weight_ih, weight_hh, bias_ih, bias_hh, {}};
  return step(enumtype::kGRU{}, functional::linear(input, weight_ih, bias_ih), {hx}, w)[0];
}

}  // namespace ember::nn
