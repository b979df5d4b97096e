// nn::functional and the losses against PyTorch (tests/reference/gen_nn.py): values and gradients
// for each case, gradcheck in float64, batch_norm's running statistics, dropout's stream,
// clip_grad_norm_, and the error messages.
#include <cmath>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
namespace F = ember::nn::functional;
using ember::Tensor;
using ember_test::close_tensor;
using ember_test::nn_ref;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using V = std::vector<Tensor>;
using CE = F::CrossEntropyFuncOptions;

Tensor bce_in(const Tensor& x) { return (x + 1) / 2; }

const std::map<std::string, ember_test::GradFn>& grad_functions() {
  static const std::map<std::string, ember_test::GradFn> m = {
      {"ce_mean", [](const V& v) { return F::cross_entropy(v[0], v[1]); }},
      {"ce_sum",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().reduction(ember::kSum)); }},
      {"ce_none",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().reduction(ember::kNone)); }},
      {"ce_weight_mean",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().weight(v[2])); }},
      {"ce_weight_none",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().weight(v[2]).reduction(ember::kNone));
       }},
      {"ce_ignore_mean",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().ignore_index(3)); }},
      {"ce_ignore_none",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().ignore_index(-1).reduction(ember::kNone));
       }},
      {"ce_ignore_weight_sum",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1],
                                 CE().weight(v[2]).ignore_index(0).reduction(ember::kSum));
       }},
      {"ce_smoothing_mean",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().label_smoothing(0.1)); }},
      {"ce_smoothing_none",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().label_smoothing(0.25).reduction(ember::kNone));
       }},
      {"ce_smoothing_sum",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().label_smoothing(0.3).reduction(ember::kSum));
       }},
      {"ce_smoothing_weight_ignore",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1],
                                 CE().weight(v[2]).ignore_index(2).label_smoothing(0.2));
       }},
      {"ce_smoothing_ignore_none",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1],
                                 CE().ignore_index(1).label_smoothing(0.2).reduction(ember::kNone));
       }},
      {"ce_spatial", [](const V& v) { return F::cross_entropy(v[0], v[1]); }},
      {"ce_spatial_none",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().reduction(ember::kNone)); }},
      {"ce_spatial_smoothing",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().label_smoothing(0.1).ignore_index(0));
       }},
      {"ce_unbatched", [](const V& v) { return F::cross_entropy(v[0], v[1]); }},
      {"ce_probs_mean", [](const V& v) { return F::cross_entropy(v[0], v[1]); }},
      {"ce_probs_none",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().reduction(ember::kNone)); }},
      {"ce_probs_sum_weight",
       [](const V& v) {
         return F::cross_entropy(v[0], v[1], CE().weight(v[2]).reduction(ember::kSum));
       }},
      {"ce_probs_smoothing",
       [](const V& v) { return F::cross_entropy(v[0], v[1], CE().label_smoothing(0.2)); }},
      {"ce_probs_spatial", [](const V& v) { return F::cross_entropy(v[0], v[1].softmax(1)); }},
      {"nll_mean", [](const V& v) { return F::nll_loss(v[0].log_softmax(1), v[1]); }},
      {"nll_raw_sum",
       [](const V& v) {
         return F::nll_loss(v[0], v[1], F::NLLLossFuncOptions().reduction(ember::kSum));
       }},
      {"nll_weight_ignore",
       [](const V& v) {
         return F::nll_loss(v[0], v[1], F::NLLLossFuncOptions().weight(v[2]).ignore_index(1));
       }},
      {"nll_none",
       [](const V& v) {
         return F::nll_loss(v[0], v[1], F::NLLLossFuncOptions().reduction(ember::kNone));
       }},
      {"nll_spatial",
       [](const V& v) {
         return F::nll_loss(v[0], v[1], F::NLLLossFuncOptions().reduction(ember::kNone));
       }},
      {"nll_all_ignored",
       [](const V& v) { return F::nll_loss(v[0], v[1], F::NLLLossFuncOptions().ignore_index(1)); }},
      {"mse_mean", [](const V& v) { return F::mse_loss(v[0], v[1]); }},
      {"mse_sum",
       [](const V& v) { return F::mse_loss(v[0], v[1], F::MSELossFuncOptions(ember::kSum)); }},
      {"mse_none",
       [](const V& v) { return F::mse_loss(v[0], v[1], F::MSELossFuncOptions(ember::kNone)); }},
      {"l1_mean", [](const V& v) { return F::l1_loss(v[0], v[1]); }},
      {"l1_sum",
       [](const V& v) { return F::l1_loss(v[0], v[1], F::L1LossFuncOptions(ember::kSum)); }},
      {"l1_none",
       [](const V& v) { return F::l1_loss(v[0], v[1], F::L1LossFuncOptions(ember::kNone)); }},
      {"bce_mean", [](const V& v) { return F::binary_cross_entropy(bce_in(v[0]), v[1]); }},
      {"bce_sum",
       [](const V& v) {
         return F::binary_cross_entropy(bce_in(v[0]), v[1],
                                        F::BinaryCrossEntropyFuncOptions().reduction(ember::kSum));
       }},
      {"bce_none_weight",
       [](const V& v) {
         return F::binary_cross_entropy(
             bce_in(v[0]), v[1],
             F::BinaryCrossEntropyFuncOptions().weight(v[2]).reduction(ember::kNone));
       }},
      {"bce_logits_mean",
       [](const V& v) { return F::binary_cross_entropy_with_logits(v[0], v[1]); }},
      {"bce_logits_none",
       [](const V& v) {
         return F::binary_cross_entropy_with_logits(
             v[0], v[1], F::BinaryCrossEntropyWithLogitsFuncOptions().reduction(ember::kNone));
       }},
      {"bce_logits_weight_pos_weight",
       [](const V& v) {
         return F::binary_cross_entropy_with_logits(
             v[0], v[1],
             F::BinaryCrossEntropyWithLogitsFuncOptions().weight(v[2]).pos_weight(v[3]).reduction(
                 ember::kSum));
       }},
      {"linear_2d", [](const V& v) { return F::linear(v[0], v[1], v[2]); }},
      {"linear_3d", [](const V& v) { return F::linear(v[0], v[1], v[2]); }},
      {"linear_3d_t", [](const V& v) { return F::linear(v[0], v[1], v[2]); }},
      {"linear_1d_nobias", [](const V& v) { return F::linear(v[0], v[1]); }},
      {"relu", [](const V& v) { return F::relu(v[0]); }},
      {"gelu", [](const V& v) { return F::gelu(v[0]); }},
      {"gelu_tanh",
       [](const V& v) { return F::gelu(v[0], F::GELUFuncOptions().approximate("tanh")); }},
      {"softmax", [](const V& v) { return F::softmax(v[0], 1); }},
      {"softmax_double",
       [](const V& v) { return F::softmax(v[0], F::SoftmaxFuncOptions(0).dtype(ember::kDouble)); }},
      {"log_softmax", [](const V& v) { return F::log_softmax(v[0], -1); }},
      {"pad_constant",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({1, 2}));
       }},
      {"pad_constant_value_2d",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({1, 0, 2, 1}).value(-1.5));
       }},
      {"pad_negative",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({-1, 2, 0, -1}));
       }},
      {"pad_reflect",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({2, 1}).mode(ember::kReflect));
       }},
      {"pad_replicate_2d",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({1, 2, 2, 0}).mode(ember::kReplicate));
       }},
      {"pad_circular_2d",
       [](const V& v) {
         return F::pad(v[0], F::PadFuncOptions({1, 1, 2, 1}).mode(ember::kCircular));
       }},
      {"layer_norm",
       [](const V& v) {
         return F::layer_norm(v[0], F::LayerNormFuncOptions({4}).weight(v[1]).bias(v[2]));
       }},
      {"layer_norm_2d_noaffine",
       [](const V& v) {
         return F::layer_norm(v[0], F::LayerNormFuncOptions({2, 3}).eps(1e-2));
       }},
      {"batch_norm_train",
       [](const V& v) {
         return F::batch_norm(v[0], Tensor(), Tensor(),
                              F::BatchNormFuncOptions().weight(v[1]).bias(v[2]).training(true));
       }},
      {"batch_norm_train_4d",
       [](const V& v) {
         return F::batch_norm(v[0], Tensor(), Tensor(),
                              F::BatchNormFuncOptions().training(true).eps(1e-3));
       }},
      {"batch_norm_eval",
       [](const V& v) {
         return F::batch_norm(v[0], v[1], v[2], F::BatchNormFuncOptions().weight(v[3]).bias(v[4]));
       }},
      {"embedding", [](const V& v) { return F::embedding(v[1], v[0]); }},
      {"embedding_padding",
       [](const V& v) {
         return F::embedding(v[1], v[0], F::EmbeddingFuncOptions().padding_idx(2));
       }},
      {"embedding_scale_freq",
       [](const V& v) {
         return F::embedding(v[1], v[0], F::EmbeddingFuncOptions().scale_grad_by_freq(true));
       }},
      {"one_hot_sum", [](const V& v) { return (F::one_hot(v[1], 4) * v[0]).sum(); }},
  };
  return m;
}

// One recorded case: values and gradients (not the grad_fn name: ember composes these functions
// of its differentiable ops where PyTorch has one fused node), then gradcheck in float64.
void check_case(const std::string& name, const nlohmann::json& c, const ember_test::GradFn& f) {
  SCOPED_TRACE("case " + name);
  std::vector<Tensor> leaves = ember_test::make_leaves(c, false);
  Tensor out = f(ember_test::views_of(leaves, c));
  EXPECT_TRUE(close_tensor(out.detach(), tensor_from_reference(c.at("output"))));
  ASSERT_EQ(out.requires_grad(), c.contains("grad_output"));
  if (!out.requires_grad()) return;
  out.backward(tensor_from_reference(c.at("grad_output")));
  for (size_t i = 0; i < leaves.size(); ++i) {
    SCOPED_TRACE("grad of input " + std::to_string(i));
    const auto& g = c.at("grads")[i];
    if (g.is_null()) {
      EXPECT_FALSE(leaves[i].grad().defined());
    } else {
      ASSERT_TRUE(leaves[i].grad().defined());
      EXPECT_TRUE(close_tensor(leaves[i].grad(), tensor_from_reference(g)));
    }
  }
  if (c.value("gradcheck", true)) {
    std::vector<Tensor> leaves64 = ember_test::make_leaves(c, true);
    try {
      EXPECT_TRUE(ember::autograd::gradcheck(
          [&](const std::vector<Tensor>& v) { return f(ember_test::views_of(v, c)); }, leaves64));
    } catch (const ember::Error& e) {
      ADD_FAILURE() << "gradcheck: " << e.what();
    }
  }
}

TEST(NnFunctional, ValuesGradientsAndGradcheck) {
  const auto& ref = nn_ref().at("grad_cases");
  const auto& fns = grad_functions();
  EXPECT_EQ(ref.size(), fns.size());
  for (const auto& [key, c] : ref.items()) {
    auto it = fns.find(key);
    if (it == fns.end()) {
      ADD_FAILURE() << "no C++ function for " << key;
      continue;
    }
    check_case(key, c, it->second);
  }
}

TEST(NnFunctional, OneHot) {
  const auto& ref = nn_ref().at("values");
  EXPECT_TRUE(same_tensor(F::one_hot(ember::tensor({{0, 2}, {1, 4}})),
                          tensor_from_reference(ref.at("one_hot"))));
  EXPECT_TRUE(same_tensor(F::one_hot(ember::tensor({1, 0}), 3),
                          tensor_from_reference(ref.at("one_hot_classes"))));
  EXPECT_EQ(F::one_hot(ember::empty({0}, ember::kLong), 2).sizes(),
            tensor_from_reference(ref.at("one_hot_empty")).sizes());
}

TEST(NnFunctional, BatchNormUpdatesRunningStatistics) {
  const auto& c = nn_ref().at("functional_batch_norm_running");
  Tensor rm = ember::zeros({3}), rv = ember::ones({3});
  F::batch_norm(tensor_from_reference(c.at("input")), rm, rv,
                F::BatchNormFuncOptions().training(true).momentum(0.2));
  EXPECT_TRUE(close_tensor(rm, tensor_from_reference(c.at("running_mean"))));
  EXPECT_TRUE(close_tensor(rv, tensor_from_reference(c.at("running_var"))));
}

TEST(NnFunctional, DropoutDrawsPyTorchsStream) {
  const auto& c = nn_ref().at("functional_dropout");
  ember::manual_seed(0);
  Tensor x = tensor_from_reference(c.at("input"));
  EXPECT_TRUE(same_tensor(F::dropout(x, F::DropoutFuncOptions().p(0.4)),
                          tensor_from_reference(c.at("output"))));
  EXPECT_TRUE(same_tensor(F::dropout(x, F::DropoutFuncOptions().p(0.1).training(true)),
                          tensor_from_reference(c.at("output2"))));
  EXPECT_TRUE(F::dropout(x, F::DropoutFuncOptions().training(false)).is_same(x));
  // In place: the input is the output.
  Tensor y = x.clone();
  EXPECT_TRUE(F::dropout(y, F::DropoutFuncOptions().inplace(true)).is_same(y));
  // Gradient: the mask scaled by 1 / (1 - p).
  Tensor leaf = ember::ones({50}, ember::requires_grad());
  Tensor out = ember::dropout(leaf, 0.5, true);
  out.sum().backward();
  EXPECT_TRUE(same_tensor(leaf.grad(), out.detach()));
}

TEST(NnFunctional, EmbeddingMaxNormRenormalizesRows) {
  Tensor w = ember::tensor({{3.0f, 4.0f}, {0.3f, 0.4f}, {6.0f, 8.0f}});
  Tensor out = F::embedding(ember::tensor({0, 1, 0}), w, F::EmbeddingFuncOptions().max_norm(1.0));
  // Rows 0 and 1 were looked up: row 0 (norm 5) scaled to norm 1, row 1 kept, row 2 untouched.
  EXPECT_TRUE(w.allclose(ember::tensor({{0.6f, 0.8f}, {0.3f, 0.4f}, {6.0f, 8.0f}}), 1e-6, 1e-6));
  EXPECT_TRUE(out.allclose(ember::tensor({{0.6f, 0.8f}, {0.3f, 0.4f}, {0.6f, 0.8f}}), 1e-6, 1e-6));
}

TEST(NnFunctional, ClipGradNorm) {
  for (const auto& [name, c] : nn_ref().at("clip").items()) {
    SCOPED_TRACE(name);
    std::vector<Tensor> params;
    for (const auto& g : c.at("grads")) {
      Tensor grad = tensor_from_reference(g);
      Tensor p = ember::zeros_like(grad).requires_grad_();
      p.mutable_grad() = grad;
      params.push_back(p);
    }
    const auto& nt = c.at("norm_type");
    const double norm_type =
        nt.is_string() ? std::numeric_limits<double>::infinity() : nt.get<double>();
    const double total =
        nn::utils::clip_grad_norm_(params, c.at("max_norm").get<double>(), norm_type);
    const double expected = std::strtod(c.at("total_norm").get<std::string>().c_str(), nullptr);
    EXPECT_NEAR(total, expected, 1e-6 * std::abs(expected));
    for (size_t i = 0; i < params.size(); ++i) {
      EXPECT_TRUE(close_tensor(params[i].grad(), tensor_from_reference(c.at("clipped")[i])));
    }
  }
  // No gradients: 0. A non-finite norm with error_if_nonfinite: libtorch's message.
  EXPECT_EQ(nn::utils::clip_grad_norm_(std::vector<Tensor>{ember::ones({2})}, 1.0), 0.0);
  Tensor p = ember::ones({2}, ember::requires_grad());
  p.mutable_grad() = ember::tensor({INFINITY, 1.0f});
  EXPECT_EQ(ember_test::error_message([&] { nn::utils::clip_grad_norm_(p, 1.0, 2.0, true); }),
            "The total norm of order 2 for gradients from `parameters` is non-finite, so it "
            "cannot be clipped. To disable this error and scale the gradients with the "
            "non-finite norm anyway, set `error_if_nonfinite=false`");
  // clip_grad_value_ clamps.
  Tensor q = ember::ones({3}, ember::requires_grad());
  q.mutable_grad() = ember::tensor({-3.0f, 0.5f, 2.0f});
  nn::utils::clip_grad_value_({q}, 1.0);
  EXPECT_TRUE(same_tensor(q.grad(), ember::tensor({-1.0f, 0.5f, 1.0f})));
}

TEST(NnFunctional, ParametersToVectorAndBack) {
  nn::Linear l(3, 2);
  Tensor v = nn::utils::parameters_to_vector(l->parameters());
  EXPECT_EQ(v.sizes(), (std::vector<int64_t>{8}));
  nn::utils::vector_to_parameters(ember::arange(8).to(ember::kFloat), l->parameters());
  EXPECT_TRUE(same_tensor(l->bias.detach(), ember::tensor({6.0f, 7.0f})));
}

TEST(NnFunctional, ErrorsAreTorchs) {
  const auto& errors = nn_ref().at("errors");
  auto expect = [&](const char* key, const std::function<void()>& f) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ember_test::error_message(f), errors.at(key).at("message").get<std::string>());
  };
  expect("ce_target_out_of_bounds", [] {
    F::cross_entropy(ember::randn({3, 4}), ember::tensor({0, 1, 5}));
  });
  expect("ce_batch_mismatch", [] {
    F::cross_entropy(ember::randn({3, 4}), ember::tensor({0, 1}));
  });
  expect("ce_probs_ignore_index", [] {
    F::cross_entropy(ember::randn({3, 4}), ember::rand({3, 4}), CE().ignore_index(1));
  });
  expect("ce_smoothing_range", [] {
    F::cross_entropy(ember::randn({3, 4}), ember::tensor({0, 1, 2}), CE().label_smoothing(1.5));
  });
  expect("nll_target_dtype", [] {
    F::nll_loss(ember::randn({3, 4}), ember::tensor({0.5f, 1.0f, 2.0f}));
  });
  expect("nll_weight_size", [] {
    F::nll_loss(ember::randn({3, 4}), ember::tensor({0, 1, 2}),
                F::NLLLossFuncOptions().weight(ember::ones({3})));
  });
  expect("bce_input_range",
         [] { F::binary_cross_entropy(ember::rand({3}) + 1, ember::rand({3})); });
  expect("one_hot_dtype", [] { F::one_hot(ember::tensor({1.0f})); });
  expect("one_hot_negative", [] { F::one_hot(ember::tensor({-1})); });
  expect("one_hot_too_small", [] { F::one_hot(ember::tensor({3}), 3); });
  expect("one_hot_empty", [] { F::one_hot(ember::empty({0}, ember::kLong)); });
  expect("layer_norm_weight", [] {
    F::layer_norm(ember::rand({2, 3}), F::LayerNormFuncOptions({3}).weight(ember::ones({4})));
  });
  expect("batch_norm_features", [] {
    F::batch_norm(ember::rand({2, 4}), ember::zeros({3}), ember::ones({3}));
  });
  expect("batch_norm_weight", [] {
    F::batch_norm(ember::rand({2, 3}), ember::zeros({3}), ember::ones({3}),
                  F::BatchNormFuncOptions().weight(ember::ones({2})));
  });
  expect("batch_norm_eval_no_stats", [] {
    F::batch_norm(ember::rand({2, 3}), Tensor(), ember::ones({3}));
  });
  // Python formats the probability as a Python float (-1.0); libtorch's check prints -1.
  EXPECT_EQ(ember_test::error_message(
                [] { F::dropout(ember::ones({2}), F::DropoutFuncOptions().p(-1)); }),
            "dropout probability has to be between 0 and 1, but got -1");
  // libtorch's functional checks (messages printed by libtorch 1.13.1).
  auto msg = [](const std::function<void()>& f) { return ember_test::error_message(f); };
  EXPECT_EQ(msg([] {
              F::binary_cross_entropy(ember::rand({3}), ember::rand({3, 1}));
            }),
            "Using a target size ([3, 1]) that is different to the input size ([3]) is "
            "deprecated. Please ensure they have the same size.");
  EXPECT_EQ(msg([] {
              F::binary_cross_entropy_with_logits(ember::rand({3}), ember::rand({3, 1}));
            }),
            "Target size ([3, 1]) must be the same as input size ([3])");
  EXPECT_EQ(msg([] { F::pad(ember::rand({3}), F::PadFuncOptions({1})); }),
            "Padding length must be divisible by 2");
  EXPECT_EQ(msg([] {
              F::pad(ember::rand({3}), F::PadFuncOptions({1, 1, 1, 1}));
            }),
            "Padding length too large");
  EXPECT_EQ(msg([] {
              F::pad(ember::rand({1, 3}), F::PadFuncOptions({3, 3}).mode(ember::kReflect));
            }),
            "Argument #4: Padding size should be less than the corresponding input dimension, but "
            "got: padding (3, 3) at dimension 1 of input [1, 3]");
  EXPECT_EQ(msg([] {
              F::pad(ember::rand({1, 3}), F::PadFuncOptions({1, 1}).mode(ember::kReflect).value(1));
            }),
            "Padding mode \"reflect\" doesn't take in value argument");
  EXPECT_EQ(msg([] {
              F::linear(ember::rand({2, 3}), ember::rand({4, 2}));
            }),
            "mat1 and mat2 shapes cannot be multiplied (2x3 and 2x4)");
  EXPECT_EQ(msg([] {
              F::linear(ember::rand({3}), ember::rand({4, 2}));
            }),
            "mat1 and mat2 shapes cannot be multiplied (1x3 and 2x4)");
  EXPECT_EQ(msg([] {
              F::embedding(ember::tensor({1}), ember::rand({3, 2}),
                           F::EmbeddingFuncOptions().padding_idx(5));
            }),
            "Padding_idx must be within num_embeddings");
  EXPECT_EQ(msg([] { F::mse_loss(ember::rand({3}), ember::rand({2})); }),
            "The size of tensor a (3) must match the size of tensor b (2) at non-singleton "
            "dimension 0");
}

}  // namespace
