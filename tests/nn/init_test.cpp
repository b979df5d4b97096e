// Random in-place fills, nn::init and the modules' default initializations, bit for bit against
// PyTorch after the same manual_seed (tests/reference/gen_nn.py).
#include <cmath>
#include <functional>
#include <map>
#include <string>

#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
using ember::Tensor;
using ember_test::nn_ref;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;

TEST(NnInit, InPlaceRandomFillsMatchPyTorch) {
  const std::map<std::string, std::function<Tensor()>> fills = {
      {"uniform_5", [] { return ember::empty({5}).uniform_(-1, 1); }},
      {"uniform_40", [] { return ember::empty({40}).uniform_(-0.3, 0.7); }},
      {"uniform_double", [] { return ember::empty({9}, ember::kDouble).uniform_(-2, 3); }},
      {"uniform_half", [] { return ember::empty({9}, ember::kHalf).uniform_(-2, 3); }},
      {"uniform_bfloat16", [] { return ember::empty({9}, ember::kBFloat16).uniform_(-2, 3); }},
      {"uniform_transposed",
       [] {
         return ember::empty({4, 5}).t().uniform_(0, 2);
       }},
      {"normal_5", [] { return ember::empty({5}).normal_(1, 2); }},
      {"normal_20", [] { return ember::empty({20}).normal_(1, 2); }},
      {"normal_transposed",
       [] {
         return ember::empty({4, 5}).t().normal_();
       }},
      {"normal_double", [] { return ember::empty({17}, ember::kDouble).normal_(-1, 0.5); }},
      {"bernoulli_float", [] { return ember::empty({20}).bernoulli_(0.3); }},
      {"bernoulli_long",
       [] {
         return ember::empty({3, 4}, ember::kLong).bernoulli_(0.7);
       }},
      {"bernoulli_bool", [] { return ember::empty({10}, ember::kBool).bernoulli_(0.5); }},
      {"bernoulli_out_of_place",
       [] {
         return ember::empty({2, 5}).bernoulli(0.25);
       }},
  };
  const auto& ref = nn_ref().at("fills");
  EXPECT_EQ(ref.size(), fills.size());
  for (const auto& [name, fill] : fills) {
    SCOPED_TRACE(name);
    ember::manual_seed(0);
    EXPECT_TRUE(same_tensor(fill(), tensor_from_reference(ref.at(name))));
  }
}

TEST(NnInit, ExplicitGeneratorGivesTheSeededStream) {
  ember::Generator gen = ember::make_generator(0);
  Tensor a = ember::empty({6}).uniform_(-1, 1, gen);
  Tensor b = ember::empty({6}).normal_(0, 1, gen);
  ember::manual_seed(0);
  EXPECT_TRUE(same_tensor(a, ember::empty({6}).uniform_(-1, 1)));
  EXPECT_TRUE(same_tensor(b, ember::empty({6}).normal_(0, 1)));
}

TEST(NnInit, RandomFillsAndAutograd) {
  // A leaf that requires grad refuses in-place fills (PyTorch's message), except under no_grad.
  Tensor leaf = ember::ones({3}, ember::requires_grad());
  EXPECT_EQ(ember_test::error_message([&] { leaf.uniform_(); }),
            nn_ref().at("errors").at("inplace_leaf").at("message").get<std::string>());
  {
    ember::NoGradGuard no_grad;
    const uint32_t v = leaf._version();
    leaf.normal_();
    EXPECT_EQ(leaf._version(), v + 1);
  }
  // On a tensor with history the fill is recorded, with a zero gradient.
  Tensor x = ember::ones({3}, ember::requires_grad());
  Tensor y = x * 2;
  y.uniform_(0, 1);
  ASSERT_TRUE(y.grad_fn());
  EXPECT_EQ(y.grad_fn()->name(), "UniformBackward0");
  (y * 3).sum().backward();
  EXPECT_TRUE(same_tensor(x.grad(), ember::zeros({3})));
  EXPECT_TRUE(y.ge(0).logical_and(y.lt(1)).all().item<bool>());
}

TEST(NnInit, FillErrorsAreTorchs) {
  const auto& errors = nn_ref().at("errors");
  auto expect = [&](const char* key, const std::function<void()>& f) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ember_test::error_message(f), errors.at(key).at("message").get<std::string>());
  };
  expect("uniform_bounds", [] { ember::empty({2}).uniform_(1, 0); });
  expect("uniform_long", [] { ember::empty({2}, ember::kLong).uniform_(); });
  expect("normal_std", [] { ember::empty({2}).normal_(0, -1); });
  expect("bernoulli_p", [] { ember::empty({2}).bernoulli_(1.5); });
  expect("fan_1d", [] { nn::init::kaiming_uniform_(ember::empty({3})); });
  // An infinite bound (Linear(0, n): fan_in 0) is out of range for float, as in libtorch.
  EXPECT_EQ(ember_test::error_message([] { nn::Linear(0, 2); }), "from is out of bounds for float");
}

TEST(NnInit, InitFunctionsMatchPyTorch) {
  using namespace nn::init;
  const std::map<std::string, std::function<Tensor()>> fns = {
      {"uniform_",
       [] {
         return uniform_(ember::empty({3, 5}), -2.0, 0.5);
       }},
      {"normal_",
       [] {
         return normal_(ember::empty({4, 5}), 1.0, 0.5);
       }},
      {"normal_small", [] { return normal_(ember::empty({7}), -1.0, 2.0); }},
      {"kaiming_uniform_",
       [] {
         return kaiming_uniform_(ember::empty({4, 6}));
       }},
      {"kaiming_uniform_a_fanout_relu",
       [] {
         return kaiming_uniform_(ember::empty({3, 2, 2, 2}), 0.2, ember::kFanOut, ember::kReLU);
       }},
      {"kaiming_normal_",
       [] {
         return kaiming_normal_(ember::empty({5, 4}));
       }},
      {"kaiming_normal_fanout",
       [] {
         return kaiming_normal_(ember::empty({2, 3, 3}), 0, ember::kFanOut);
       }},
      {"xavier_uniform_",
       [] {
         return xavier_uniform_(ember::empty({4, 6}));
       }},
      {"xavier_uniform_gain",
       [] {
         return xavier_uniform_(ember::empty({3, 2, 5}), 2.0);
       }},
      {"xavier_normal_",
       [] {
         return xavier_normal_(ember::empty({6, 4}));
       }},
      {"xavier_normal_double",
       [] {
         return xavier_normal_(ember::empty({3, 3}, ember::kDouble));
       }},
      {"uniform_double",
       [] {
         return uniform_(ember::empty({2, 3}, ember::kDouble), -1, 1);
       }},
      {"constant_",
       [] {
         return constant_(ember::empty({2, 2}), 0.25);
       }},
      {"ones_", [] { return ones_(ember::empty({3})); }},
      {"zeros_", [] { return zeros_(ember::empty({3})); }},
      {"eye_",
       [] {
         return eye_(ember::empty({2, 3}));
       }},
  };
  const auto& ref = nn_ref().at("init_fns");
  EXPECT_EQ(ref.size(), fns.size());
  for (const auto& [name, fn] : fns) {
    SCOPED_TRACE(name);
    ember::manual_seed(0);
    EXPECT_TRUE(same_tensor(fn(), tensor_from_reference(ref.at(name))));
  }
  // The initializers do not record history on parameters.
  Tensor p = ember::empty({2, 2}, ember::requires_grad());
  nn::init::xavier_uniform_(p);
  EXPECT_TRUE(p.is_leaf());
  EXPECT_FALSE(p.grad_fn());
}

TEST(NnInit, CalculateGain) {
  const auto& ref = nn_ref().at("gain");
  auto hex = [&](const char* k) {
    return std::strtod(ref.at(k).get<std::string>().c_str(), nullptr);
  };
  using nn::init::calculate_gain;
  EXPECT_EQ(calculate_gain(ember::kLinear), hex("linear"));
  EXPECT_EQ(calculate_gain(ember::kConv2D), hex("conv2d"));
  EXPECT_EQ(calculate_gain(ember::kSigmoid), hex("sigmoid"));
  EXPECT_EQ(calculate_gain(ember::kTanh), hex("tanh"));
  EXPECT_EQ(calculate_gain(ember::kReLU), hex("relu"));
  EXPECT_EQ(calculate_gain(ember::kLeakyReLU), hex("leaky_relu"));
  EXPECT_EQ(calculate_gain(ember::kLeakyReLU, 0.2), hex("leaky_relu_0.2"));
  auto [fan_in, fan_out] = nn::init::_calculate_fan_in_and_fan_out(ember::empty({4, 3, 2, 5}));
  EXPECT_EQ(fan_in, 30);
  EXPECT_EQ(fan_out, 40);
}

// Each module, built right after manual_seed(0), holds PyTorch's initial parameters and buffers.
TEST(NnInit, ModuleDefaultInitializationsMatchPyTorch) {
  const std::map<std::string, std::function<std::shared_ptr<nn::Module>()>> makers = {
      {"linear_3_2", [] { return nn::Linear(3, 2).ptr(); }},
      {"linear_5_4_nobias", [] { return nn::Linear(nn::LinearOptions(5, 4).bias(false)).ptr(); }},
      {"linear_20_30", [] { return nn::Linear(20, 30).ptr(); }},
      {"conv2d_2_4_3", [] { return nn::Conv2d(2, 4, 3).ptr(); }},
      {"conv2d_1_8_3_pad1",
       [] { return nn::Conv2d(nn::Conv2dOptions(1, 8, 3).stride(1).padding(1)).ptr(); }},
      {"conv2d_4_6_k2x3_groups2",
       [] {
         return nn::Conv2d(nn::Conv2dOptions(4, 6, {2, 3}).groups(2).bias(false)).ptr();
       }},
      {"embedding_10_3", [] { return nn::Embedding(10, 3).ptr(); }},
      {"embedding_5_4_pad1",
       [] { return nn::Embedding(nn::EmbeddingOptions(5, 4).padding_idx(1)).ptr(); }},
      {"embedding_6_2_padneg",
       [] { return nn::Embedding(nn::EmbeddingOptions(6, 2).padding_idx(-2)).ptr(); }},
      {"batchnorm1d_3", [] { return nn::BatchNorm1d(3).ptr(); }},
      {"batchnorm2d_4_noaffine",
       [] { return nn::BatchNorm2d(nn::BatchNorm2dOptions(4).affine(false)).ptr(); }},
      {"layernorm_2_3",
       [] {
         return nn::LayerNorm(std::vector<int64_t>{2, 3}).ptr();
       }},
      // One layer per statement: the arguments of one call are evaluated in an unspecified order.
      {"mlp",
       [] {
         nn::Sequential seq;
         seq->push_back(nn::Linear(4, 8));
         seq->push_back(nn::ReLU());
         seq->push_back(nn::Linear(8, 3));
         return seq.ptr();
       }},
  };
  const auto& ref = nn_ref().at("init");
  EXPECT_EQ(ref.size(), makers.size());
  for (const auto& [name, make] : makers) {
    SCOPED_TRACE(name);
    ember::manual_seed(0);
    auto m = make();
    ember_test::expect_named_tensors(m->named_parameters(), ref.at(name).at("parameters"), true,
                                     "parameters");
    ember_test::expect_named_tensors(m->named_buffers(), ref.at(name).at("buffers"), true,
                                     "buffers");
    for (const auto& p : m->parameters()) EXPECT_TRUE(p.requires_grad() && p.is_leaf());
  }
  // libtorch's own spot check: Linear(3, 2) after manual_seed(0).
  ember::manual_seed(0);
  nn::Linear l(3, 2);
  EXPECT_TRUE(l->weight.allclose(
      ember::tensor({{-0.0043f, 0.3097f, -0.4752f}, {-0.4249f, -0.2224f, 0.1548f}}), 0, 1e-4));
  EXPECT_TRUE(l->bias.allclose(ember::tensor({-0.0114f, 0.4578f}), 0, 1e-4));
}

}  // namespace
