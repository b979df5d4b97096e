// The modules against PyTorch (tests/reference/gen_nn.py): each built after manual_seed, run
// forward and backward on PyTorch's input; BatchNorm's running statistics over several batches;
// parameter naming in a nested model; and libtorch's Module API (holders, containers, train/eval,
// to(), zero_grad, clone, printing).
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <string>

#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
namespace F = ember::nn::functional;
using ember::Tensor;
using ember_test::close_tensor;
using ember_test::nn_ref;
using ember_test::printed;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;

const std::map<std::string, std::function<nn::AnyModule()>>& module_makers() {
  static const std::map<std::string, std::function<nn::AnyModule()>> makers = {
      {"linear", [] { return nn::AnyModule(nn::Linear(3, 2)); }},
      {"linear_3d", [] { return nn::AnyModule(nn::Linear(3, 5)); }},
      {"linear_1d_nobias",
       [] { return nn::AnyModule(nn::Linear(nn::LinearOptions(4, 2).bias(false))); }},
      {"conv2d", [] { return nn::AnyModule(nn::Conv2d(2, 3, 3)); }},
      {"conv2d_pad_stride",
       [] { return nn::AnyModule(nn::Conv2d(nn::Conv2dOptions(1, 4, 3).stride(2).padding(1))); }},
      {"conv2d_groups_dilation",
       [] {
         return nn::AnyModule(
             nn::Conv2d(nn::Conv2dOptions(4, 4, {3, 2}).dilation({1, 2}).groups(2)));
       }},
      {"conv2d_same",
       [] {
         return nn::AnyModule(
             nn::Conv2d(nn::Conv2dOptions(2, 2, {3, 4}).padding(ember::kSame).bias(false)));
       }},
      {"conv2d_reflect",
       [] {
         return nn::AnyModule(
             nn::Conv2d(nn::Conv2dOptions(1, 2, 3).padding(1).padding_mode(ember::kReflect)));
       }},
      {"conv2d_circular",
       [] {
         return nn::AnyModule(
             nn::Conv2d(nn::Conv2dOptions(1, 1, 3).padding({1, 2}).padding_mode(ember::kCircular)));
       }},
      {"maxpool2d", [] { return nn::AnyModule(nn::MaxPool2d(2)); }},
      {"maxpool2d_opts",
       [] {
         return nn::AnyModule(
             nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1).ceil_mode(true)));
       }},
      {"avgpool2d", [] { return nn::AnyModule(nn::AvgPool2d(2)); }},
      {"avgpool2d_opts",
       [] {
         return nn::AnyModule(
             nn::AvgPool2d(nn::AvgPool2dOptions(3).stride(2).padding(1).count_include_pad(false)));
       }},
      {"adaptive_avgpool2d",
       [] {
         return nn::AnyModule(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({2, 3})));
       }},
      {"adaptive_avgpool2d_1", [] { return nn::AnyModule(nn::AdaptiveAvgPool2d(1)); }},
      {"batchnorm1d_train", [] { return nn::AnyModule(nn::BatchNorm1d(3)); }},
      {"batchnorm1d_3d_train", [] { return nn::AnyModule(nn::BatchNorm1d(2)); }},
      {"batchnorm1d_eval", [] { return nn::AnyModule(nn::BatchNorm1d(3)); }},
      {"batchnorm2d_train", [] { return nn::AnyModule(nn::BatchNorm2d(2)); }},
      {"batchnorm2d_noaffine",
       [] {
         return nn::AnyModule(
             nn::BatchNorm2d(nn::BatchNorm2dOptions(2).affine(false).momentum(std::nullopt)));
       }},
      {"batchnorm2d_untracked_eval",
       [] {
         return nn::AnyModule(
             nn::BatchNorm2d(nn::BatchNorm2dOptions(2).track_running_stats(false)));
       }},
      {"layernorm", [] { return nn::AnyModule(nn::LayerNorm(nn::LayerNormOptions({4}))); }},
      {"layernorm_2d",
       [] {
         return nn::AnyModule(nn::LayerNorm(nn::LayerNormOptions({2, 3}).eps(1e-3)));
       }},
      {"layernorm_noaffine",
       [] {
         return nn::AnyModule(nn::LayerNorm(nn::LayerNormOptions({5}).elementwise_affine(false)));
       }},
      {"dropout", [] { return nn::AnyModule(nn::Dropout(0.5)); }},
      {"dropout_p02_large", [] { return nn::AnyModule(nn::Dropout(0.2)); }},
      {"dropout_eval", [] { return nn::AnyModule(nn::Dropout(0.5)); }},
      {"dropout_p1", [] { return nn::AnyModule(nn::Dropout(1.0)); }},
      {"embedding", [] { return nn::AnyModule(nn::Embedding(10, 3)); }},
      {"embedding_padding",
       [] { return nn::AnyModule(nn::Embedding(nn::EmbeddingOptions(5, 2).padding_idx(0))); }},
      {"embedding_scale_freq",
       [] {
         return nn::AnyModule(nn::Embedding(nn::EmbeddingOptions(4, 3).scale_grad_by_freq(true)));
       }},
      {"embedding_max_norm",
       [] { return nn::AnyModule(nn::Embedding(nn::EmbeddingOptions(6, 3).max_norm(1.0))); }},
      {"flatten", [] { return nn::AnyModule(nn::Flatten()); }},
      {"flatten_0_1",
       [] { return nn::AnyModule(nn::Flatten(nn::FlattenOptions().start_dim(0).end_dim(1))); }},
      {"relu", [] { return nn::AnyModule(nn::ReLU()); }},
      {"gelu", [] { return nn::AnyModule(nn::GELU()); }},
      {"gelu_tanh", [] { return nn::AnyModule(nn::GELU(nn::GELUOptions().approximate("tanh"))); }},
      {"sigmoid", [] { return nn::AnyModule(nn::Sigmoid()); }},
      {"tanh", [] { return nn::AnyModule(nn::Tanh()); }},
      {"softmax", [] { return nn::AnyModule(nn::Softmax(1)); }},
      {"log_softmax", [] { return nn::AnyModule(nn::LogSoftmax(0)); }},
      {"identity", [] { return nn::AnyModule(nn::Identity()); }},
      // The layers one statement each: the arguments of one call are evaluated in an unspecified
      // order (GCC: last first), which would draw the initial values in another order than
      // Python's (as with libtorch).
      {"mlp",
       [] {
         nn::Sequential seq;
         seq->push_back(nn::Linear(4, 8));
         seq->push_back(nn::ReLU());
         seq->push_back(nn::Linear(8, 3));
         return nn::AnyModule(seq);
       }},
      {"cnn",
       [] {
         nn::Sequential seq;
         seq->push_back(nn::Conv2d(nn::Conv2dOptions(1, 4, 3).padding(1)));
         seq->push_back(nn::BatchNorm2d(4));
         seq->push_back(nn::ReLU());
         seq->push_back(nn::MaxPool2d(2));
         seq->push_back(nn::Flatten());
         seq->push_back(nn::Dropout(0.3));
         seq->push_back(nn::Linear(16, 3));
         return nn::AnyModule(seq);
       }},
      // A braced list is evaluated in order.
      {"named_sequential",
       [] {
         return nn::AnyModule(nn::Sequential(
             {{"fc", nn::Linear(3, 3)}, {"act", nn::Tanh()}, {"out", nn::Linear(3, 1)}}));
       }},
  };
  return makers;
}

TEST(NnModules, ForwardAndBackwardMatchPyTorch) {
  const auto& ref = nn_ref().at("modules");
  const auto& makers = module_makers();
  EXPECT_EQ(ref.size(), makers.size());
  for (const auto& [name, c] : ref.items()) {
    SCOPED_TRACE("module case " + name);
    auto it = makers.find(name);
    if (it == makers.end()) {
      ADD_FAILURE() << "no C++ module for " << name;
      continue;
    }
    ember::manual_seed(c.at("seed").get<uint64_t>());
    nn::AnyModule m = it->second();
    std::shared_ptr<nn::Module> module = m.ptr();
    module->train(c.at("train").get<bool>());
    ember_test::expect_named_tensors(module->named_parameters(), c.at("before").at("parameters"),
                                     true, "initial parameters");
    ember_test::expect_named_tensors(module->named_buffers(), c.at("before").at("buffers"), true,
                                     "initial buffers");
    Tensor x = tensor_from_reference(c.at("input"));
    if (x.is_floating_point()) x.requires_grad_();
    Tensor out = m.forward(x);
    const Tensor expected = tensor_from_reference(c.at("output"));
    if (name.rfind("dropout", 0) == 0) {
      EXPECT_TRUE(same_tensor(out.detach(), expected));  // the mask is PyTorch's, bit for bit
    } else {
      EXPECT_TRUE(close_tensor(out.detach(), expected));
    }
    out.backward(tensor_from_reference(c.at("grad_output")));
    if (!c.at("input_grad").is_null()) {
      ASSERT_TRUE(x.grad().defined());
      EXPECT_TRUE(close_tensor(x.grad(), tensor_from_reference(c.at("input_grad"))));
    }
    const auto& grads = c.at("param_grads");
    for (const auto& p : module->named_parameters()) {
      SCOPED_TRACE("grad of " + p.key());
      if (!grads.contains(p.key())) {
        EXPECT_FALSE(p.value().grad().defined());
        continue;
      }
      ASSERT_TRUE(p.value().grad().defined());
      EXPECT_TRUE(close_tensor(p.value().grad(), tensor_from_reference(grads.at(p.key()))));
    }
    ember_test::expect_named_tensors(module->named_parameters(), c.at("after").at("parameters"),
                                     false, "final parameters");
    ember_test::expect_named_tensors(module->named_buffers(), c.at("after").at("buffers"), false,
                                     "final buffers");
  }
}

TEST(NnModules, BatchNormRunningStatisticsOverSeveralBatches) {
  const std::map<std::string, std::function<std::shared_ptr<nn::Module>()>> makers = {
      {"bn1d", [] { return nn::BatchNorm1d(3).ptr(); }},
      {"bn1d_cumulative",
       [] { return nn::BatchNorm1d(nn::BatchNorm1dOptions(3).momentum(std::nullopt)).ptr(); }},
      {"bn2d_momentum",
       [] { return nn::BatchNorm2d(nn::BatchNorm2dOptions(2).momentum(0.3)).ptr(); }},
  };
  for (const auto& [name, c] : nn_ref().at("batchnorm_sequence").items()) {
    SCOPED_TRACE(name);
    ember::manual_seed(0);
    auto m = makers.at(name)();
    auto forward = [&](const Tensor& x) {
      if (auto* b1 = m->as<nn::BatchNorm1dImpl>()) return b1->forward(x);
      return m->as<nn::BatchNorm2dImpl>()->forward(x);
    };
    int step = 0;
    for (const auto& s : c.at("steps")) {
      SCOPED_TRACE("step " + std::to_string(step++));
      EXPECT_TRUE(close_tensor(forward(tensor_from_reference(s.at("input"))),
                               tensor_from_reference(s.at("output"))));
      ember_test::expect_named_tensors(m->named_buffers(), s.at("buffers"), false, "buffers");
    }
    m->eval();
    EXPECT_TRUE(close_tensor(forward(tensor_from_reference(c.at("eval_input"))),
                             tensor_from_reference(c.at("eval_output"))));
  }
}

TEST(NnModules, DropoutTrainAndEval) {
  nn::Dropout d(0.5);
  Tensor x = ember::ones({100});
  EXPECT_TRUE(d->is_training());
  Tensor y = d(x);
  // Training: elements are 0 or 2.
  EXPECT_TRUE(y.eq(0).logical_or(y.eq(2)).all().item<bool>());
  EXPECT_FALSE(y.equal(x));
  d->eval();
  EXPECT_TRUE(d(x).is_same(x));  // eval: the input itself
  nn::Dropout in_place(nn::DropoutOptions(0.5).inplace(true));
  Tensor z = ember::ones({10});
  EXPECT_TRUE(in_place(z).is_same(z));
}

// ---- libtorch's Module API ----------------------------------------------------------------------

struct NetImpl : nn::Module {
  NetImpl() {
    fc1 = register_module("fc1", nn::Linear(3, 4));
    seq = register_module("seq", nn::Sequential(nn::Linear(4, 4), nn::ReLU(), nn::Dropout(0.2)));
    bn = register_module("bn", nn::BatchNorm1d(4));
    w = register_parameter("w", ember::ones({2}));
    b = register_buffer("b", ember::zeros({2}));
  }
  Tensor forward(const Tensor& x) { return bn(seq->forward(fc1(x))).sum() * w.sum(); }
  nn::Linear fc1{nullptr};
  nn::Sequential seq{nullptr};
  nn::BatchNorm1d bn{nullptr};
  Tensor w, b;
};
EMBER_MODULE(Net);

TEST(NnModules, NestedModelNamesValuesAndGradients) {
  const auto& ref = nn_ref().at("nested");
  ember::manual_seed(0);
  Net net;
  EXPECT_EQ(net->named_parameters().keys(),
            ref.at("parameter_names").get<std::vector<std::string>>());
  EXPECT_EQ(net->named_buffers().keys(), ref.at("buffer_names").get<std::vector<std::string>>());
  EXPECT_EQ(net->named_modules().keys(), ref.at("module_names").get<std::vector<std::string>>());
  EXPECT_EQ(net->named_children().keys(), ref.at("children").get<std::vector<std::string>>());
  ember_test::expect_named_tensors(net->named_parameters(), ref.at("parameters"), true,
                                   "parameters");
  EXPECT_EQ(net->parameters().size(), 7u);
  EXPECT_EQ(net->parameters(/*recurse=*/false).size(), 1u);
  EXPECT_EQ(net->buffers().size(), 4u);
  EXPECT_EQ(net->modules().size(), 7u);
  EXPECT_EQ(net->modules(/*include_self=*/false).size(), 6u);
  EXPECT_EQ(net->children().size(), 3u);
  EXPECT_EQ(net->named_modules("net").keys().at(2), "net.seq");
  // The module's name is its class name.
  EXPECT_EQ(net->name(), "(anonymous namespace)::NetImpl");
  EXPECT_EQ(nn::Linear(1, 1)->name(), "ember::nn::LinearImpl");

  Tensor y = net->forward(tensor_from_reference(ref.at("input")));
  EXPECT_TRUE(close_tensor(y.detach(), tensor_from_reference(ref.at("output"))));
  y.backward();
  for (const auto& p : net->named_parameters()) {
    SCOPED_TRACE(p.key());
    EXPECT_TRUE(close_tensor(p.value().grad(), tensor_from_reference(ref.at("grads").at(p.key()))));
  }
  // zero_grad: zeroes (libtorch 1.13's default) or drops the gradients.
  net->zero_grad();
  for (const auto& p : net->parameters()) EXPECT_TRUE(same_tensor(p.grad(), ember::zeros_like(p)));
  net->zero_grad(/*set_to_none=*/true);
  for (const auto& p : net->parameters()) EXPECT_FALSE(p.grad().defined());
}

TEST(NnModules, TrainEvalPropagate) {
  Net net;
  EXPECT_TRUE(net->is_training());
  net->eval();
  for (const auto& m : net->modules()) EXPECT_FALSE(m->is_training());
  net->train();
  for (const auto& m : net->modules()) EXPECT_TRUE(m->is_training());
}

TEST(NnModules, RegistrationRules) {
  Net net;
  auto msg = [](const std::function<void()>& f) { return ember_test::error_message(f); };
  EXPECT_EQ(msg([&] { net->register_parameter("w", ember::ones({1})); }),
            "Parameter 'w' already defined");
  EXPECT_EQ(msg([&] { net->register_parameter("a.b", ember::ones({1})); }),
            "Parameter name must not contain a dot (got 'a.b')");
  EXPECT_EQ(msg([&] { net->register_parameter("", ember::ones({1})); }),
            "Parameter name must not be empty");
  EXPECT_EQ(msg([&] { net->register_module("fc1", nn::Linear(1, 1)); }),
            "Submodule 'fc1' already defined");
  EXPECT_EQ(msg([&] { net->register_module("a.b", nn::Linear(1, 1)); }),
            "Submodule name must not contain a dot (got 'a.b')");
  EXPECT_EQ(msg([&] { net->register_buffer("b", ember::ones({1})); }),
            "Buffer 'b' already defined");
  EXPECT_EQ(msg([&] { net->unregister_module("nope"); }),
            "No Module with name `nope` is registered");
  // register_parameter sets requires_grad as asked; an undefined parameter is skipped.
  nn::Module m;
  Tensor& p = m.register_parameter("p", ember::ones({2}), /*requires_grad=*/false);
  EXPECT_FALSE(p.requires_grad());
  m.register_parameter("none", Tensor(), false);
  EXPECT_EQ(m.named_parameters().keys(), std::vector<std::string>{"p"});
  // replace_module / unregister_module.
  auto replaced = net->replace_module("fc1", nn::Linear(3, 4));
  EXPECT_FALSE(replaced.get() == net->fc1.get());
  net->unregister_module("bn");
  EXPECT_EQ(net->named_children().keys(), (std::vector<std::string>{"fc1", "seq"}));
  // A module on the stack has no shared_ptr to give: modules() says so, as libtorch.
  EXPECT_NE(msg([&] { m.modules(); }).find("Use std::make_shared<ember::nn::Module>"),
            std::string::npos);
  // as<>() casts to a module class or a holder's module class.
  EXPECT_NE(net->fc1->as<nn::Linear>(), nullptr);
  EXPECT_EQ(net->fc1->as<nn::ReLUImpl>(), nullptr);
}

TEST(NnModules, HolderSemantics) {
  nn::Linear empty = nullptr;
  EXPECT_TRUE(empty.is_empty());
  EXPECT_FALSE(static_cast<bool>(empty));
  EXPECT_EQ(ember_test::error_message([&] { empty->forward(ember::ones({1})); }),
            "Accessing empty ModuleHolder");
  nn::Linear a(2, 3);
  nn::Linear b = a;  // shares the module
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(a(ember::ones({1, 2})).sizes(), (std::vector<int64_t>{1, 3}));
  std::shared_ptr<nn::LinearImpl> impl = a.ptr();
  nn::Linear from_ptr(impl);
  EXPECT_EQ(from_ptr.get(), a.get());
  nn::Module parent;
  nn::Linear registered = parent.register_module("fc", nn::Linear(3, 2));
  EXPECT_EQ(registered->options.in_features(), 3);
  EXPECT_EQ(parent.named_parameters().keys(), (std::vector<std::string>{"fc.weight", "fc.bias"}));
}

TEST(NnModules, SequentialApi) {
  ember::manual_seed(0);
  nn::Sequential seq(nn::Linear(3, 4), nn::ReLU(), nn::Linear(4, 2));
  EXPECT_EQ(seq->size(), 3u);
  seq->push_back(nn::Sigmoid());
  seq->push_back("out", nn::Tanh());
  EXPECT_EQ(seq->named_children().keys(), (std::vector<std::string>{"0", "1", "2", "3", "out"}));
  Tensor x = ember::randn({5, 3});
  Tensor expected =
      (seq->at<nn::LinearImpl>(2).forward(seq->at<nn::LinearImpl>(0).forward(x).relu()))
          .sigmoid()
          .tanh();
  EXPECT_TRUE(same_tensor(seq->forward(x), expected));
  EXPECT_TRUE(same_tensor(seq(x), expected));
  EXPECT_EQ(seq[1]->name(), "ember::nn::ReLUImpl");
  EXPECT_EQ(seq->ptr<nn::LinearImpl>(0)->options.out_features(), 4);
  EXPECT_EQ(ember_test::error_message([&] { seq[9]; }), "Index out of range");
  EXPECT_EQ(ember_test::error_message([&] { seq->at<nn::LinearImpl>(1); }),
            "Attempted to cast module of type ember::nn::ReLUImpl to type ember::nn::LinearImpl");
  EXPECT_EQ(ember_test::error_message([&] { seq->forward<int>(x); }),
            "The type of the return value is ember::Tensor, but you asked for type int");
  EXPECT_EQ(ember_test::error_message([] { nn::Sequential().ptr()->forward(ember::ones({1})); }),
            "Cannot call forward() on an empty Sequential");
  // Named construction, nesting, extend, iteration.
  nn::Sequential named({{"fc", nn::Linear(2, 3)}, {"act", nn::Tanh()}});
  EXPECT_EQ(named->named_parameters().keys(), (std::vector<std::string>{"fc.weight", "fc.bias"}));
  nn::Sequential outer(named, nn::Linear(3, 1));
  EXPECT_EQ(outer->named_parameters().keys(),
            (std::vector<std::string>{"0.fc.weight", "0.fc.bias", "1.weight", "1.bias"}));
  EXPECT_EQ(outer->forward(ember::ones({4, 2})).sizes(), (std::vector<int64_t>{4, 1}));
  nn::Sequential more;
  more->extend(*seq);
  EXPECT_EQ(more->size(), seq->size());
  size_t n = 0;
  for (const auto& m : *seq) n += m.ptr() ? 1 : 0;
  EXPECT_EQ(n, 5u);
  // A wrapped function.
  nn::Sequential with_fn(nn::Linear(2, 2), nn::Functional(ember::relu));
  EXPECT_GE(with_fn->forward(ember::randn({3, 2})).min().item<float>(), 0.0f);
}

TEST(NnModules, ModuleListApi) {
  nn::ModuleList list(nn::Linear(2, 2), nn::ReLU());
  list->push_back(nn::Linear(2, 1));
  EXPECT_EQ(list->size(), 3u);
  EXPECT_EQ(list->named_parameters().keys(),
            (std::vector<std::string>{"0.weight", "0.bias", "2.weight", "2.bias"}));
  EXPECT_EQ(list->at<nn::LinearImpl>(2).options.out_features(), 1);
  EXPECT_EQ(list[1]->name(), "ember::nn::ReLUImpl");
  EXPECT_EQ(ember_test::error_message([&] { list[5]; }), "Index out of range");
  EXPECT_EQ(ember_test::error_message([&] { list->insert(9, nn::ReLU()); }), "Index out of range");
  list->insert(0, nn::Tanh());
  EXPECT_EQ(list[0]->name(), "ember::nn::TanhImpl");
  EXPECT_EQ(list->named_children().keys(), (std::vector<std::string>{"0", "1", "2", "3"}));
  EXPECT_EQ(list[1]->name(), "ember::nn::LinearImpl");
  Tensor x = ember::randn({4, 2});
  for (const auto& m : *list) {
    if (auto* l = m->as<nn::LinearImpl>()) x = l->forward(x);
  }
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{4, 1}));
}

TEST(NnModules, AnyModuleChecksArguments) {
  nn::AnyModule any(nn::Linear(2, 2));
  EXPECT_EQ(ember_test::error_message([&] { any.forward(1); }),
            "Expected argument #0 to be of type ember::Tensor, but received value of type int");
  EXPECT_EQ(ember_test::error_message([&] { any.forward(ember::ones({2}), ember::ones({2})); }),
            "ember::nn::LinearImpl's forward() method expects 1 argument(s), but received 2.");
  EXPECT_EQ(any.get<nn::LinearImpl>().options.in_features(), 2);
  EXPECT_EQ(any.get<nn::Linear>()->options.out_features(), 2);
}

TEST(NnModules, ToConvertsParametersAndBuffers) {
  ember::manual_seed(0);
  nn::Sequential seq(nn::Linear(3, 2), nn::BatchNorm1d(2));
  const Tensor w = seq->named_parameters()["0.weight"].clone();
  seq->to(ember::kDouble);
  for (const auto& p : seq->named_parameters()) {
    EXPECT_EQ(p.value().dtype(), ember::kDouble);
    EXPECT_TRUE(p.value().requires_grad() && p.value().is_leaf());
  }
  // libtorch converts every buffer, num_batches_tracked included.
  for (const auto& b : seq->named_buffers()) EXPECT_EQ(b.value().dtype(), ember::kDouble);
  // The modules' members follow (forward works in float64).
  auto& linear = seq->at<nn::LinearImpl>(0);
  EXPECT_EQ(linear.weight.dtype(), ember::kDouble);
  EXPECT_TRUE(same_tensor(linear.weight.detach(), w.to(ember::kDouble)));
  Tensor y = seq->forward(ember::randn({4, 3}, ember::kDouble));
  EXPECT_EQ(y.dtype(), ember::kDouble);
  y.sum().backward();
  EXPECT_TRUE(linear.weight.grad().defined());
}

TEST(NnModules, ToConvertsInPlaceSoHandlesStayValid) {
  // libtorch's to() uses Tensor::set_data: a handle taken before (an optimizer's) sees the change.
  nn::Linear linear(3, 2);
  Tensor handle = linear->weight;
  linear->to(ember::kDouble);
  EXPECT_TRUE(handle.is_same(linear->weight));
  EXPECT_EQ(handle.dtype(), ember::kDouble);
  EXPECT_TRUE(handle.requires_grad() && handle.is_leaf());
}

TEST(NnModules, SaveAndLoadTheState) {
  ember::manual_seed(0);
  nn::Sequential seq(nn::Linear(3, 2), nn::BatchNorm1d(2));
  seq->forward(ember::randn({4, 3}));  // running statistics move off their initial values
  const auto path = (std::filesystem::temp_directory_path() /
                     ("ember_nn_state_" + std::to_string(::getpid()) + ".safetensors"))
                        .string();
  ember::save(seq, path, {{"note", "test"}});
  const auto file = ember::load_safetensors(path);
  EXPECT_EQ(file.metadata.at("note"), "test");
  std::vector<std::string> names;
  for (const auto& [name, t] : file.tensors) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"0.bias", "0.weight", "1.bias", "1.num_batches_tracked",
                                      "1.running_mean", "1.running_var", "1.weight"}));

  nn::Sequential fresh(nn::Linear(3, 2), nn::BatchNorm1d(2));
  Tensor handle = fresh->named_parameters()["0.weight"];
  ember::load(fresh, path);
  for (const auto& [name, t] : ember::nn::state_dict(*seq)) {
    EXPECT_TRUE(same_tensor(t.detach(), ember::nn::state_dict(*fresh).at(name).detach())) << name;
  }
  EXPECT_TRUE(handle.is_same(fresh->named_parameters()["0.weight"]));
  EXPECT_TRUE(handle.requires_grad() && handle.is_leaf());

  nn::Linear wrong(3, 4);
  EXPECT_EQ(ember_test::error_message([&] { ember::load(wrong, path); }),
            "No such serialized tensor 'weight' in " + path);
  nn::Sequential bigger(nn::Linear(3, 5));
  EXPECT_EQ(ember_test::error_message([&] { ember::load(bigger, path); }),
            "size mismatch for 0.weight: copying a param with shape [2, 3] from " + path +
                ", the shape in current model is [5, 3].");
  std::filesystem::remove(path);
}

TEST(NnModules, CloneIsDeep) {
  ember::manual_seed(0);
  nn::Sequential seq(nn::Linear(3, 2), nn::BatchNorm1d(2));
  auto copy = std::dynamic_pointer_cast<nn::SequentialImpl>(seq->clone());
  ASSERT_TRUE(copy);
  const auto a = seq->named_parameters(), b = copy->named_parameters();
  ASSERT_EQ(a.keys(), b.keys());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(same_tensor(a[i].value().detach(), b[i].value().detach()));
    EXPECT_FALSE(a[i].value().is_same(b[i].value()));
  }
  // The copy's members are its own tensors.
  auto& l = copy->at<nn::LinearImpl>(0);
  EXPECT_TRUE(l.weight.is_same(b["0.weight"]));
  struct Plain : nn::Module {};
  auto plain = std::make_shared<Plain>();
  EXPECT_NE(ember_test::error_message([&] {
              plain->clone();
            }).find("clone() has not been implemented for"),
            std::string::npos);
}

TEST(NnModules, PrettyPrintIsLibtorchs) {
  // libtorch 1.13.1's output for the same modules, with ember:: for torch::.
  ember::manual_seed(0);
  Net net;
  EXPECT_EQ(printed(*net),
            "(anonymous namespace)::NetImpl(\n"
            "  (fc1): ember::nn::Linear(in_features=3, out_features=4, bias=true)\n"
            "  (seq): ember::nn::Sequential(\n"
            "    (0): ember::nn::Linear(in_features=4, out_features=4, bias=true)\n"
            "    (1): ember::nn::ReLU()\n"
            "    (2): ember::nn::Dropout(p=0.2, inplace=false)\n"
            "  )\n"
            "  (bn): ember::nn::BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=true, "
            "track_running_stats=true)\n"
            ")");
  const std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> cases = {
      {"ember::nn::Linear(in_features=3, out_features=2, bias=false)",
       nn::Linear(nn::LinearOptions(3, 2).bias(false)).ptr()},
      {"ember::nn::Conv2d(1, 8, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1])",
       nn::Conv2d(nn::Conv2dOptions(1, 8, 3).stride(1).padding(1)).ptr()},
      {"ember::nn::Conv2d(2, 8, kernel_size=[3, 5], stride=[1, 1], padding='same', "
       "dilation=[2, 2], groups=2, bias=false)",
       nn::Conv2d(nn::Conv2dOptions(2, 8, {3, 5})
                      .padding(ember::kSame)
                      .stride(1)
                      .dilation(2)
                      .groups(2)
                      .bias(false))
           .ptr()},
      {"ember::nn::Conv2d(2, 8, kernel_size=[3, 3], stride=[1, 1], padding='valid', "
       "padding_mode=kReflect)",
       nn::Conv2d(nn::Conv2dOptions(2, 8, 3).padding(ember::kValid).padding_mode(ember::kReflect))
           .ptr()},
      {"ember::nn::MaxPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0], dilation=[1, 1], "
       "ceil_mode=false)",
       nn::MaxPool2d(2).ptr()},
      {"ember::nn::MaxPool2d(kernel_size=[3, 2], stride=[1, 1], padding=[1, 1], dilation=[2, 2], "
       "ceil_mode=true)",
       nn::MaxPool2d(nn::MaxPool2dOptions({3, 2}).stride(1).padding(1).dilation(2).ceil_mode(true))
           .ptr()},
      {"ember::nn::AvgPool2d(kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])",
       nn::AvgPool2d(2).ptr()},
      {"ember::nn::AvgPool2d(kernel_size=[3, 3], stride=[2, 2], padding=[1, 1])",
       nn::AvgPool2d(nn::AvgPool2dOptions(3)
                         .stride(2)
                         .padding(1)
                         .ceil_mode(true)
                         .count_include_pad(false)
                         .divisor_override(2))
           .ptr()},
      {"ember::nn::AdaptiveAvgPool2d(output_size=[1, 1])", nn::AdaptiveAvgPool2d(1).ptr()},
      {"ember::nn::AdaptiveAvgPool2d(output_size=[3, None])",
       nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({3, std::nullopt})).ptr()},
      {"ember::nn::BatchNorm2d(4, eps=0.001, momentum=None, affine=false, "
       "track_running_stats=false)",
       nn::BatchNorm2d(nn::BatchNorm2dOptions(4)
                           .eps(1e-3)
                           .momentum(std::nullopt)
                           .affine(false)
                           .track_running_stats(false))
           .ptr()},
      {"ember::nn::BatchNorm3d(2, eps=1e-05, momentum=0.1, affine=true, track_running_stats=true)",
       nn::BatchNorm3d(2).ptr()},
      {"ember::nn::LayerNorm([4, 5], eps=1e-05, elementwise_affine=true)",
       nn::LayerNorm(nn::LayerNormOptions({4, 5})).ptr()},
      {"ember::nn::LayerNorm([4], eps=1e-06, elementwise_affine=false)",
       nn::LayerNorm(nn::LayerNormOptions({4}).eps(1e-6).elementwise_affine(false)).ptr()},
      {"ember::nn::Dropout(p=0.5, inplace=false)", nn::Dropout().ptr()},
      {"ember::nn::Dropout(p=0.3, inplace=true)",
       nn::Dropout(nn::DropoutOptions(0.3).inplace(true)).ptr()},
      {"ember::nn::Embedding(num_embeddings=10, embedding_dim=3)", nn::Embedding(10, 3).ptr()},
      {"ember::nn::Embedding(num_embeddings=10, embedding_dim=3, padding_idx=0, max_norm=2, "
       "norm_type=1, scale_grad_by_freq=true, sparse=true)",
       nn::Embedding(nn::EmbeddingOptions(10, 3)
                         .padding_idx(0)
                         .max_norm(2.0)
                         .norm_type(1.0)
                         .scale_grad_by_freq(true)
                         .sparse(true))
           .ptr()},
      {"ember::nn::Flatten(start_dim=1, end_dim=-1)", nn::Flatten().ptr()},
      {"ember::nn::Flatten(start_dim=0, end_dim=2)",
       nn::Flatten(nn::FlattenOptions().start_dim(0).end_dim(2)).ptr()},
      {"ember::nn::ReLU()", nn::ReLU().ptr()},
      {"ember::nn::ReLU(inplace=true)", nn::ReLU(true).ptr()},
      {"ember::nn::GELU()", nn::GELU(nn::GELUOptions().approximate("tanh")).ptr()},
      {"ember::nn::Sigmoid()", nn::Sigmoid().ptr()},
      {"ember::nn::Tanh()", nn::Tanh().ptr()},
      {"ember::nn::Softmax(dim=1)", nn::Softmax(1).ptr()},
      {"ember::nn::LogSoftmax(dim=1)", nn::LogSoftmax(1).ptr()},
      {"ember::nn::Identity()", nn::Identity().ptr()},
      {"ember::nn::Sequential", nn::Sequential().ptr()},
      {"ember::nn::Functional()", nn::Functional(ember::relu).ptr()},
      {"ember::nn::CrossEntropyLoss()", nn::CrossEntropyLoss().ptr()},
      {"ember::nn::MSELoss()", nn::MSELoss(nn::MSELossOptions(ember::kSum)).ptr()},
      {"ember::nn::L1Loss()", nn::L1Loss().ptr()},
      {"ember::nn::BCELoss()", nn::BCELoss().ptr()},
      {"ember::nn::BCEWithLogitsLoss()", nn::BCEWithLogitsLoss().ptr()},
      {"ember::nn::NLLLoss()", nn::NLLLoss().ptr()},
      {"ember::nn::ModuleList(\n"
       "  (0): ember::nn::Linear(in_features=2, out_features=2, bias=true)\n"
       "  (1): ember::nn::ReLU()\n"
       ")",
       nn::ModuleList(nn::Linear(2, 2), nn::ReLU()).ptr()},
      {"ember::nn::Sequential(\n"
       "  (a): ember::nn::Linear(in_features=2, out_features=3, bias=true)\n"
       "  (b): ember::nn::Tanh()\n"
       ")",
       nn::Sequential({{"a", nn::Linear(2, 3)}, {"b", nn::Tanh()}}).ptr()},
  };
  for (const auto& [expected, module] : cases) EXPECT_EQ(printed(*module), expected);
  // A holder prints its module.
  std::ostringstream os;
  os << nn::Softmax(0);
  EXPECT_EQ(os.str(), "ember::nn::Softmax(dim=0)");
}

TEST(NnModules, ShapeErrorsAreTorchs) {
  const auto& errors = nn_ref().at("errors");
  auto expect = [&](const char* key, const std::function<void()>& f) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ember_test::error_message(f), errors.at(key).at("message").get<std::string>());
  };
  expect("linear_in_features", [] { nn::Linear(3, 2)->forward(ember::ones({2, 4})); });
  expect("linear_3d_in_features", [] { nn::Linear(3, 2)->forward(ember::ones({2, 2, 4})); });
  expect("layer_norm_shape", [] {
    nn::LayerNorm(nn::LayerNormOptions({3}))->forward(ember::ones({1, 4}));
  });
  expect("embedding_index", [] { nn::Embedding(3, 2)->forward(ember::tensor({3})); });
  expect("embedding_dtype", [] { nn::Embedding(3, 2)->forward(ember::tensor({1.0})); });
  // libtorch's own checks (its messages, printed by libtorch 1.13.1).
  auto msg = [](const std::function<void()>& f) { return ember_test::error_message(f); };
  EXPECT_EQ(msg([] {
              nn::BatchNorm1d(3)->forward(ember::ones({2, 4}));
            }),
            "running_mean should contain 4 elements not 3");
  EXPECT_EQ(msg([] {
              nn::BatchNorm1d(3)->forward(ember::ones({1, 3}));
            }),
            "Expected more than 1 value per channel when training, got input size [1, 3]");
  EXPECT_EQ(msg([] {
              nn::BatchNorm2d(3)->forward(ember::ones({1, 3}));
            }),
            "expected 4D input (got 2D input)");
  EXPECT_EQ(msg([] { nn::BatchNorm1d(3)->forward(ember::ones({3})); }),
            "expected 2D or 3D input (got 1D input)");
  EXPECT_EQ(msg([] { nn::Dropout(1.5); }),
            "dropout probability has to be between 0 and 1, but got 1.5");
  EXPECT_EQ(msg([] { nn::Conv2d(nn::Conv2dOptions(3, 4, 3).groups(2)); }),
            "in_channels must be divisible by groups");
  EXPECT_EQ(msg([] { nn::Conv2d(nn::Conv2dOptions(4, 4, 3).stride(2).padding(ember::kSame)); }),
            "padding='same' is not supported for strided convolutions");
  EXPECT_EQ(msg([] { nn::Flatten()->forward(ember::ones({2})); }),
            "Dimension out of range (expected to be in range of [-1, 0], but got 1)");
  EXPECT_EQ(msg([] { nn::Embedding(nn::EmbeddingOptions(3, 2).padding_idx(5)); }),
            "Padding_idx must be within num_embeddings");
  EXPECT_EQ(msg([] { nn::Embedding(nn::EmbeddingOptions(3, 2).padding_idx(-5)); }),
            "Padding_idx must be within num_embedding");
  EXPECT_EQ(msg([] {
              nn::Embedding(nn::EmbeddingOptions(3, 2)._weight(ember::ones({2, 2})));
            }),
            "Shape of _weight does not match num_embeddings and embedding_dim");
  EXPECT_EQ(msg([] {
              nn::MaxPool2dOptions(ember::IntArrayRef({1, 2, 3}));
            }),
            "Expected 2 values, but instead got 3");
}

TEST(NnModules, EmbeddingFromPretrained) {
  Tensor table = ember::tensor({{1.0f, 2.0f}, {3.0f, 4.0f}, {5.0f, 6.0f}});
  nn::Embedding frozen = nn::Embedding::from_pretrained(table);
  EXPECT_FALSE(frozen->weight.requires_grad());
  EXPECT_TRUE(
      same_tensor(frozen(ember::tensor({2, 0})), ember::tensor({{5.0f, 6.0f}, {1.0f, 2.0f}})));
  nn::Embedding trainable =
      nn::Embedding::from_pretrained(table, nn::EmbeddingFromPretrainedOptions().freeze(false));
  EXPECT_TRUE(trainable->weight.requires_grad());
}

// libtorch-style training: a small classifier learns a separable problem with plain SGD steps.
TEST(NnModules, TrainsASmallNetwork) {
  ember::manual_seed(0);
  nn::Sequential net;
  net->push_back(nn::Linear(2, 16));
  net->push_back(nn::ReLU());
  net->push_back(nn::Dropout(0.1));
  net->push_back(nn::Linear(16, 2));
  Tensor x = ember::randn({64, 2});
  Tensor y = x.select(1, 0).mul(x.select(1, 1)).gt(0).to(ember::kLong);  // XOR-like quadrants
  double first = 0, last = 0;
  for (int step = 0; step < 300; ++step) {
    net->zero_grad();
    Tensor loss = F::cross_entropy(net->forward(x), y);
    loss.backward();
    nn::utils::clip_grad_norm_(net->parameters(), 5.0);
    {
      ember::NoGradGuard no_grad;
      for (auto& p : net->parameters()) p.sub_(p.grad() * 0.5);
    }
    (step == 0 ? first : last) = loss.item<double>();
  }
  EXPECT_LT(last, first * 0.5);
  net->eval();
  Tensor accuracy = net->forward(x).argmax(1).eq(y).to(ember::kFloat).mean();
  EXPECT_GT(accuracy.item<float>(), 0.85f);
}

TEST(NnModules, LossModules) {
  Tensor x = ember::randn({4, 3}, ember::requires_grad());
  Tensor t = ember::tensor({0, 2, 1, 2});
  nn::CrossEntropyLoss ce(
      nn::CrossEntropyLossOptions().label_smoothing(0.1).reduction(ember::kSum));
  EXPECT_TRUE(same_tensor(
      ce(x, t),
      F::cross_entropy(x, t,
                       F::CrossEntropyFuncOptions().label_smoothing(0.1).reduction(ember::kSum))));
  nn::NLLLoss nll(nn::NLLLossOptions().weight(ember::tensor({1.0f, 2.0f, 3.0f})));
  EXPECT_EQ(nll->named_buffers().keys(), std::vector<std::string>{"weight"});
  EXPECT_TRUE(
      same_tensor(nll(x.log_softmax(1), t),
                  F::nll_loss(x.log_softmax(1), t,
                              F::NLLLossFuncOptions().weight(ember::tensor({1.0f, 2.0f, 3.0f})))));
  nn::MSELoss mse(nn::MSELossOptions(ember::kNone));
  EXPECT_EQ(mse(x, x.detach() + 1).sizes(), x.sizes());
  nn::L1Loss l1;
  EXPECT_TRUE(same_tensor(l1(x, ember::zeros_like(x)), x.abs().mean()));
  nn::BCEWithLogitsLoss bce(nn::BCEWithLogitsLossOptions().pos_weight(ember::ones({3})));
  EXPECT_EQ(bce->named_buffers().keys(), std::vector<std::string>{"pos_weight"});
  Tensor loss = bce(x, ember::zeros_like(x)) + nn::BCELoss()(x.sigmoid(), ember::ones_like(x));
  loss.backward();
  EXPECT_TRUE(x.grad().defined());
}

}  // namespace
