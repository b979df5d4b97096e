// nn::ModuleDict, nn::ParameterList and nn::ParameterDict against libtorch 1.13: the API, what
// pop() / clear() / update() leave behind, parameter order in a model, clone(), to(kDouble),
// printing and messages. Every expected string is the output of
// tests/reference/libtorch/nn_containers.cpp built against libtorch (the tests print torch::
// names, as a libtorch program does).
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "error_of.h"
#include "nn/nn_reference.h"

namespace {

namespace nn = ember::nn;
using ember::Tensor;
using ember_test::error_of;
using ember_test::printed;
using Keys = std::vector<std::string>;
using ModulePairs = std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>>;

// Prints module names as libtorch does ("torch::nn::ModuleDict") while a test runs.
class NnContainers : public ::testing::Test {
 protected:
  void SetUp() override {
    was_torch_ = std::string(ember::detail::printed_namespace()) == "torch";
    ember::detail::set_printed_namespace_torch(true);
  }
  void TearDown() override { ember::detail::set_printed_namespace_torch(was_torch_); }

 private:
  bool was_torch_ = false;
};

Tensor ramp(std::vector<int64_t> shape) {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return ember::arange(n, ember::kFloat).view(shape);
}

std::vector<float> values(const Tensor& t) {
  Tensor c = t.detach().to(ember::kFloat).contiguous().view({-1});
  std::vector<float> out;
  for (int64_t i = 0; i < c.numel(); ++i) out.push_back(c[i].item<float>());
  return out;
}

const char* const kLinear23 = "torch::nn::Linear(in_features=2, out_features=3, bias=true)";
const char* const kLinear31 = "torch::nn::Linear(in_features=3, out_features=1, bias=true)";

nn::ModuleDict three_modules() {
  return nn::ModuleDict(ModulePairs{{"fc", nn::Linear(2, 3).ptr()},
                                    {"act", std::make_shared<nn::ReLUImpl>()},
                                    {"out", nn::Linear(3, 1).ptr()}});
}

TEST_F(NnContainers, ModuleDictApi) {
  nn::ModuleDict empty;
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(printed(*empty), "torch::nn::ModuleDict");

  auto relu = std::make_shared<nn::ReLUImpl>();
  nn::ModuleDict dict(
      ModulePairs{{"fc", nn::Linear(2, 3).ptr()}, {"act", relu}, {"out", nn::Linear(3, 1).ptr()}});
  EXPECT_EQ(printed(*dict), std::string("torch::nn::ModuleDict(\n  (fc): ") + kLinear23 +
                                "\n  (act): torch::nn::ReLU()\n  (out): " + kLinear31 + "\n)");
  std::ostringstream holder;
  holder << dict;
  EXPECT_EQ(holder.str(), printed(*dict));
  EXPECT_EQ(dict->size(), 3u);
  EXPECT_FALSE(dict->empty());
  EXPECT_TRUE(dict->contains("fc"));
  EXPECT_FALSE(dict->contains("x"));
  EXPECT_EQ(dict->keys(), (Keys{"fc", "act", "out"}));
  ASSERT_EQ(dict->values().size(), 3u);
  EXPECT_EQ(printed(*dict->values()[1]), "torch::nn::ReLU()");
  const auto items = dict->items();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2].first, "out");
  EXPECT_EQ(items[0].second->name(), "torch::nn::LinearImpl");
  Keys iterated;
  for (const auto& item : *dict) iterated.push_back(item.key());
  EXPECT_EQ(iterated, (Keys{"fc", "act", "out"}));
  EXPECT_EQ(dict["act"], relu);
  EXPECT_EQ(printed(*(*dict)["out"]), kLinear31);
  EXPECT_EQ(dict->at<nn::LinearImpl>("fc").weight.sizes(), (std::vector<int64_t>{3, 2}));
  const nn::ModuleDictImpl& const_dict = *dict;
  EXPECT_EQ(const_dict.at<nn::LinearImpl>("out").bias.sizes(), (std::vector<int64_t>{1}));
  EXPECT_EQ(dict->named_parameters().keys(),
            (Keys{"fc.weight", "fc.bias", "out.weight", "out.bias"}));
  EXPECT_EQ(dict->named_children().keys(), (Keys{"fc", "act", "out"}));

  nn::ModuleDict from_od(ember::OrderedDict<std::string, std::shared_ptr<nn::Module>>{
      {"b", std::make_shared<nn::TanhImpl>()}, {"a", nn::Linear(1, 2).ptr()}});
  EXPECT_EQ(printed(*from_od),
            "torch::nn::ModuleDict(\n"
            "  (b): torch::nn::Tanh()\n"
            "  (a): torch::nn::Linear(in_features=1, out_features=2, bias=true)\n"
            ")");

  dict->eval();
  EXPECT_FALSE(dict["fc"]->is_training());
  dict->train();
  EXPECT_TRUE(dict["fc"]->is_training());
}

TEST_F(NnContainers, ModuleDictUpdateReplacesInPlaceAndAppends) {
  nn::ModuleDict dict = three_modules();
  dict->update(ModulePairs{{"act", std::make_shared<nn::TanhImpl>()},
                           {"extra", std::make_shared<nn::SigmoidImpl>()}});
  EXPECT_EQ(printed(*dict), std::string("torch::nn::ModuleDict(\n  (fc): ") + kLinear23 +
                                "\n  (act): torch::nn::Tanh()\n  (out): " + kLinear31 +
                                "\n  (extra): torch::nn::Sigmoid()\n)");
  nn::ModuleDict other(ModulePairs{{"b", std::make_shared<nn::TanhImpl>()}});
  dict->update(*other);
  ember::OrderedDict<std::string, std::shared_ptr<nn::Module>> od;
  od.insert("extra", std::make_shared<nn::ReLUImpl>());
  od.insert("z", std::make_shared<nn::IdentityImpl>());
  dict->update(od);
  EXPECT_EQ(dict->keys(), (Keys{"fc", "act", "out", "extra", "b", "z"}));
  EXPECT_EQ(printed(*dict["extra"]), "torch::nn::ReLU()");
  EXPECT_EQ(dict->named_children().keys(), dict->keys());
}

TEST_F(NnContainers, ModuleDictPopAndClearKeepModulesRegistered) {
  nn::ModuleDict dict = three_modules();
  auto act = dict["act"];
  EXPECT_EQ(dict->pop("act"), act);
  EXPECT_EQ(dict->size(), 2u);
  EXPECT_FALSE(dict->contains("act"));
  EXPECT_EQ(dict->keys(), (Keys{"fc", "out"}));
  EXPECT_EQ(dict->named_children().keys(), (Keys{"fc", "act", "out"}));
  EXPECT_EQ(printed(*dict), std::string("torch::nn::ModuleDict(\n  (fc): ") + kLinear23 +
                                "\n  (act): torch::nn::ReLU()\n  (out): " + kLinear31 + "\n)");

  EXPECT_EQ(error_of([&] { dict->pop("nope"); }), "Key 'nope' is not defined");
  EXPECT_EQ(error_of([&] { (*dict)["nope"]; }), "Key 'nope' is not defined");
  EXPECT_EQ(error_of([&] { dict["nope"]; }), "Key 'nope' is not defined");
  EXPECT_EQ(error_of([&] { dict->at<nn::LinearImpl>("nope"); }), "Key 'nope' is not defined");
  // libtorch dereferences a null pointer here; ember throws.
  EXPECT_THROW(dict->at<nn::LinearImpl>("act"), ember::Error);

  // Inserting a popped key again: the dictionary takes it, the registration throws.
  EXPECT_EQ(error_of([&] {
              dict->update(ModulePairs{{"act", std::make_shared<nn::TanhImpl>()}});
            }),
            "Submodule 'act' already defined");
  EXPECT_TRUE(dict->contains("act"));
  EXPECT_EQ(dict->size(), 3u);
  EXPECT_EQ(printed(*dict["fc"]), kLinear23);
  EXPECT_EQ(error_of([&] {
              dict->update(ModulePairs{{"x.y", std::make_shared<nn::ReLUImpl>()}});
            }),
            "Submodule name must not contain a dot (got 'x.y')");
  EXPECT_EQ(error_of([&] {
              dict->update(ModulePairs{{"", std::make_shared<nn::ReLUImpl>()}});
            }),
            "Submodule name must not be empty");
  EXPECT_EQ(dict->keys(), (Keys{"fc", "out", "act", "x.y", ""}));

  dict->clear();
  EXPECT_EQ(dict->size(), 0u);
  EXPECT_TRUE(dict->empty());
  EXPECT_EQ(dict->named_parameters().keys(),
            (Keys{"fc.weight", "fc.bias", "out.weight", "out.bias"}));
  EXPECT_EQ(printed(*dict->clone()), "torch::nn::ModuleDict");
}

TEST_F(NnContainers, ModuleDictCloneAndTo) {
  nn::ModuleDict dict(
      ModulePairs{{"fc", nn::Linear(2, 2).ptr()}, {"act", std::make_shared<nn::ReLUImpl>()}});
  auto cloned = std::dynamic_pointer_cast<nn::ModuleDictImpl>(dict->clone());
  ASSERT_NE(cloned, nullptr);
  EXPECT_EQ(printed(*cloned),
            "torch::nn::ModuleDict(\n"
            "  (fc): torch::nn::Linear(in_features=2, out_features=2, bias=true)\n"
            "  (act): torch::nn::ReLU()\n"
            ")");
  EXPECT_EQ(cloned->keys(), (Keys{"fc", "act"}));
  const Tensor& w0 = dict->at<nn::LinearImpl>("fc").weight;
  const Tensor& w1 = cloned->at<nn::LinearImpl>("fc").weight;
  EXPECT_TRUE(ember::equal(w0, w1));
  EXPECT_NE(w0.data_ptr(), w1.data_ptr());
  EXPECT_TRUE(w1.requires_grad());
  EXPECT_EQ(cloned->named_parameters().keys(), (Keys{"fc.weight", "fc.bias"}));

  dict->to(ember::kDouble);
  for (const auto& p : dict->named_parameters()) EXPECT_EQ(p.value().scalar_type(), ember::kDouble);
  EXPECT_TRUE(dict->at<nn::LinearImpl>("fc").weight.requires_grad());
}

TEST_F(NnContainers, ParameterListApi) {
  nn::ParameterList empty;
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_TRUE(empty->is_empty());
  EXPECT_EQ(printed(*empty), "torch::nn::ParameterList(\n)");

  Tensor a = ramp({2, 3}).requires_grad_();
  Tensor b = ember::ones({3});
  nn::ParameterList list(a, b, ember::zeros({1, 2}, ember::kDouble).requires_grad_());
  const std::string three =
      "torch::nn::ParameterList(\n"
      "(0): Parameter containing: [Float of size [2, 3]]\n"
      "(1): Parameter containing: [Float of size [3]]\n"
      "(2): Parameter containing: [Double of size [1, 2]]\n"
      ")";
  EXPECT_EQ(printed(*list), three);
  std::ostringstream holder;
  holder << list;
  EXPECT_EQ(holder.str(), three);
  EXPECT_EQ(list->size(), 3u);
  EXPECT_FALSE(list->is_empty());
  // The list holds the tensors themselves, each with its own requires_grad flag.
  EXPECT_TRUE(list[0].is_same(a));
  EXPECT_TRUE(list->at(0).requires_grad());
  EXPECT_FALSE(list->at(1).requires_grad());
  EXPECT_TRUE((*list)[2].requires_grad());
  b.add_(1);
  EXPECT_EQ(values(list[1]), (std::vector<float>{2, 2, 2}));
  Keys keys;
  for (const auto& item : *list) keys.push_back(item.key());
  EXPECT_EQ(keys, (Keys{"0", "1", "2"}));

  list->append(ember::full({2}, 5.0));
  Tensor c = ember::arange(4, ember::kLong);
  list->append(c);
  list->append(ember::tensor(3.5).requires_grad_());
  list->append(ember::zeros({2}, ember::kBool));
  list->append(ember::zeros({2, 0, 3}, ember::kInt));
  EXPECT_EQ(printed(*list),
            "torch::nn::ParameterList(\n"
            "(0): Parameter containing: [Float of size [2, 3]]\n"
            "(1): Parameter containing: [Float of size [3]]\n"
            "(2): Parameter containing: [Double of size [1, 2]]\n"
            "(3): Parameter containing: [Float of size [2]]\n"
            "(4): Parameter containing: [Long of size [4]]\n"
            "(5): Parameter containing: [Float of size []]\n"
            "(6): Parameter containing: [Bool of size [2]]\n"
            "(7): Parameter containing: [Int of size [2, 0, 3]]\n"
            ")");

  nn::ParameterList other(ember::ones({1}), ember::ones({2}).requires_grad_());
  list->extend(*other);
  list->extend(std::vector<Tensor>{ember::zeros({4}), ember::zeros({5})});
  *list += *other;
  list->append(*other->begin());
  EXPECT_EQ(list->size(), 15u);
  EXPECT_EQ(list->named_parameters().keys(),
            (Keys{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14"}));
  EXPECT_EQ(list->parameters().size(), 15u);
  std::vector<bool> flags;
  for (const auto& item : *list) flags.push_back(item->requires_grad());
  EXPECT_EQ(flags, (std::vector<bool>{true, false, true, false, false, true, false, false, false,
                                      true, false, false, false, true, false}));

  EXPECT_EQ(error_of([&] { list->at(list->size()); }), "Index out of range");
  EXPECT_EQ(error_of([&] { list[100]; }), "Index out of range");
  const nn::ParameterListImpl& const_list = *list;
  EXPECT_EQ(error_of([&] { const_list.at(100); }), "Index out of range");

  (list[0] * 2).sum().backward();
  EXPECT_EQ(values(a.grad()), (std::vector<float>{2, 2, 2, 2, 2, 2}));
  list->zero_grad();
  EXPECT_EQ(values(list[0].grad()), (std::vector<float>{0, 0, 0, 0, 0, 0}));
}

TEST_F(NnContainers, ParameterListCloneAndTo) {
  nn::ParameterList list(ember::ones({1}));
  EXPECT_EQ(error_of([&] { list->clone(); }),
            "The cloned module does not have the same number of parameters as the original "
            "module after calling reset(). Are you sure you called register_parameter() inside "
            "reset() and not the constructor?");
  nn::ParameterList empty;
  auto empty_clone = std::dynamic_pointer_cast<nn::ParameterListImpl>(empty->clone());
  ASSERT_NE(empty_clone, nullptr);
  EXPECT_EQ(empty_clone->size(), 0u);

  nn::ParameterList small(ramp({2}).requires_grad_(), ember::arange(3, ember::kLong));
  Tensor first = small[0];
  small->to(ember::kDouble);
  EXPECT_EQ(printed(*small),
            "torch::nn::ParameterList(\n"
            "(0): Parameter containing: [Double of size [2]]\n"
            "(1): Parameter containing: [Double of size [3]]\n"
            ")");
  EXPECT_TRUE(small[0].requires_grad());
  EXPECT_FALSE(small[1].requires_grad());
  EXPECT_EQ(first.scalar_type(), ember::kDouble);  // converted in place
}

TEST_F(NnContainers, ParameterDictApi) {
  nn::ParameterDict empty;
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_TRUE(empty->empty());
  EXPECT_EQ(printed(*empty), "torch::nn::ParameterDict(\n)");

  nn::ParameterDict dict;
  Tensor a = ramp({2, 2}).requires_grad_();
  EXPECT_TRUE(dict->insert("a", a).is_same(a));
  dict->insert("b", ember::ones({3}));
  dict->insert("c", ember::arange(2, ember::kLong));
  dict->insert("d", ember::tensor(2.5, ember::kDouble).requires_grad_());
  const std::string four =
      "torch::nn::ParameterDict(\n"
      "(a): Parameter containing: [Float of size [2, 2]]\n"
      "(b): Parameter containing: [Float of size [3]]\n"
      "(c): Parameter containing: [Long of size [2]]\n"
      "(d): Parameter containing: [Double of size []]\n"
      ")";
  EXPECT_EQ(printed(*dict), four);
  std::ostringstream holder;
  holder << dict;
  EXPECT_EQ(holder.str(), four);
  EXPECT_EQ(dict->size(), 4u);
  EXPECT_FALSE(dict->empty());
  EXPECT_TRUE(dict->contains("a"));
  EXPECT_FALSE(dict->contains("x"));
  EXPECT_EQ(dict->keys(), (Keys{"a", "b", "c", "d"}));
  ASSERT_EQ(dict->values().size(), 4u);
  EXPECT_TRUE(dict->values()[0].is_same(a));
  EXPECT_TRUE(dict->get("a").requires_grad());
  EXPECT_FALSE(dict["b"].requires_grad());
  EXPECT_EQ((*dict)["c"].scalar_type(), ember::kLong);
  const nn::ParameterDictImpl& const_dict = *dict;
  EXPECT_EQ(const_dict.get("d").scalar_type(), ember::kDouble);
  EXPECT_EQ(dict->named_parameters().keys(), (Keys{"a", "b", "c", "d"}));

  EXPECT_EQ(error_of([&] { dict->insert("a", ember::zeros({1})); }),
            "Parameter 'a' already defined");
  EXPECT_EQ(error_of([&] { dict->insert("x.y", ember::zeros({1})); }),
            "Parameter name must not contain a dot (got 'x.y')");
  EXPECT_EQ(error_of([&] { dict->insert("", ember::zeros({1})); }),
            "Parameter name must not be empty");
  EXPECT_EQ(error_of([&] { dict->get("zz"); }), "Parameter 'zz' is not defined");
  EXPECT_EQ(error_of([&] { const_dict.get("zz"); }), "Parameter 'zz' is not defined");
  EXPECT_EQ(error_of([&] { dict["zz"]; }), "Parameter 'zz' is not defined");
  EXPECT_EQ(error_of([&] { dict->pop("zz"); }), "Parameter 'zz' is not defined");

  Tensor b = dict["b"];
  EXPECT_TRUE(dict->pop("b").is_same(b));
  EXPECT_EQ(dict->keys(), (Keys{"a", "c", "d"}));
  EXPECT_EQ(dict->named_parameters().keys(), (Keys{"a", "c", "d"}));
  dict->insert("b", ember::zeros({2}));
  EXPECT_EQ(dict->keys(), (Keys{"a", "c", "d", "b"}));

  dict->clear();
  EXPECT_EQ(dict->size(), 0u);
  EXPECT_TRUE(dict->empty());
  EXPECT_EQ(printed(*dict), "torch::nn::ParameterDict(\n)");
  EXPECT_TRUE(dict->named_parameters().is_empty());
}

TEST_F(NnContainers, ParameterDictUpdateOnlyReplacesPresentKeys) {
  nn::ParameterDict dict;
  Tensor a = ramp({2, 2}).requires_grad_();
  dict->insert("a", a);
  dict->insert("c", ember::arange(2, ember::kLong));
  dict->insert("d", ember::tensor(2.5, ember::kDouble).requires_grad_());
  dict->insert("b", ember::zeros({2}));
  ember::OrderedDict<std::string, Tensor> od;
  od.insert("c", ember::full({4}, 7.0));
  od.insert("a", ember::ones({1}));
  dict->update(od);
  EXPECT_EQ(printed(*dict),
            "torch::nn::ParameterDict(\n"
            "(a): Parameter containing: [Float of size [1]]\n"
            "(c): Parameter containing: [Float of size [4]]\n"
            "(d): Parameter containing: [Double of size []]\n"
            "(b): Parameter containing: [Float of size [2]]\n"
            ")");
  EXPECT_FALSE(dict["a"].is_same(a));
  EXPECT_FALSE(dict["a"].requires_grad());

  // A new key throws, after the keys before it were updated.
  ember::OrderedDict<std::string, Tensor> od_new;
  od_new.insert("d", ember::zeros({3, 3}));
  od_new.insert("new", ember::zeros({1}));
  EXPECT_EQ(error_of([&] { dict->update(od_new); }), "Parameter 'new' is not defined");
  EXPECT_EQ(dict["d"].sizes(), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(dict->keys(), (Keys{"a", "c", "d", "b"}));

  nn::ParameterDict other;
  other->insert("b", ember::full({2}, 9.0).requires_grad_());
  dict->update(*other);
  EXPECT_TRUE(dict["b"].is_same(other["b"]));
  (dict["b"] * dict["b"]).sum().backward();
  EXPECT_EQ(values(dict["b"].grad()), (std::vector<float>{18, 18}));
  dict->zero_grad(true);
  EXPECT_FALSE(dict["b"].grad().defined());
}

TEST_F(NnContainers, ParameterDictFromOrderedDict) {
  ember::OrderedDict<std::string, Tensor> params;
  params.insert("w", ramp({2}));
  params.insert("v", ember::ones({1}).requires_grad_());
  nn::ParameterDict dict(params);
  EXPECT_EQ(printed(*dict),
            "torch::nn::ParameterDict(\n"
            "(w): Parameter containing: [Float of size [2]]\n"
            "(v): Parameter containing: [Float of size [1]]\n"
            ")");
  // Taken as it is: the flags, the tensors and the dictionary's key description.
  EXPECT_FALSE(dict["w"].requires_grad());
  EXPECT_TRUE(dict["v"].requires_grad());
  EXPECT_TRUE(dict["w"].is_same(params["w"]));
  EXPECT_EQ(dict->named_parameters().keys(), (Keys{"w", "v"}));
  EXPECT_EQ(error_of([&] { dict->get("q"); }), "Key 'q' is not defined");
  EXPECT_EQ(error_of([&] { dict->pop("q"); }), "Key 'q' is not defined");
  dict->insert("u", ember::zeros({1}));
  EXPECT_EQ(error_of([&] { dict->insert("u", ember::zeros({1})); }), "Key 'u' already defined");

  EXPECT_EQ(error_of([&] { dict->clone(); }),
            "The cloned module does not have the same number of parameters as the original "
            "module after calling reset(). Are you sure you called register_parameter() inside "
            "reset() and not the constructor?");
  nn::ParameterDict empty;
  auto empty_clone = std::dynamic_pointer_cast<nn::ParameterDictImpl>(empty->clone());
  ASSERT_NE(empty_clone, nullptr);
  EXPECT_TRUE(empty_clone->empty());

  // to() converts in place: params' tensors are the dictionary's.
  dict->to(ember::kDouble);
  EXPECT_EQ(printed(*dict),
            "torch::nn::ParameterDict(\n"
            "(w): Parameter containing: [Double of size [2]]\n"
            "(v): Parameter containing: [Double of size [1]]\n"
            "(u): Parameter containing: [Double of size [1]]\n"
            ")");
  EXPECT_EQ(params["w"].scalar_type(), ember::kDouble);
  EXPECT_TRUE(dict["v"].requires_grad());
}

// The model of nn_containers.cpp (named as there: this one lives in an anonymous namespace).
struct NetImpl : nn::Module {
  NetImpl() : nn::Module("NetImpl") {
    scale = register_parameter("scale", ember::ones({1}));
    heads = register_module("heads", nn::ModuleDict(ModulePairs{{"cls", nn::Linear(2, 3).ptr()},
                                                                {"box", nn::Linear(2, 4).ptr()}}));
    weights = register_module("weights",
                              nn::ParameterList(ramp({2, 2}).requires_grad_(), ember::ones({2})));
    extra = register_module("extra", nn::ParameterDict());
    extra->insert("gain", ember::full({2}, 2.0).requires_grad_());
    extra->insert("shift", ember::zeros({2}).requires_grad_());
    nested = register_module(
        "nested", nn::ModuleDict(ModulePairs{
                      {"plist", nn::ParameterList(ember::ones({3}).requires_grad_()).ptr()},
                      {"inner", nn::ModuleDict(ModulePairs{{"pd", nn::ParameterDict().ptr()},
                                                           {"fc", nn::Linear(1, 1).ptr()}})
                                    .ptr()}}));
  }
  Tensor scale;
  nn::ModuleDict heads{nullptr};
  nn::ParameterList weights{nullptr};
  nn::ParameterDict extra{nullptr};
  nn::ModuleDict nested{nullptr};
};
EMBER_MODULE(Net);

TEST_F(NnContainers, NestedInAModule) {
  Net net;
  EXPECT_EQ(printed(*net),
            "NetImpl(\n"
            "  (heads): torch::nn::ModuleDict(\n"
            "    (cls): torch::nn::Linear(in_features=2, out_features=3, bias=true)\n"
            "    (box): torch::nn::Linear(in_features=2, out_features=4, bias=true)\n"
            "  )\n"
            "  (weights): torch::nn::ParameterList(\n"
            "(0): Parameter containing: [Float of size [2, 2]]\n"
            "(1): Parameter containing: [Float of size [2]]\n"
            ")\n"
            "  (extra): torch::nn::ParameterDict(\n"
            "(gain): Parameter containing: [Float of size [2]]\n"
            "(shift): Parameter containing: [Float of size [2]]\n"
            ")\n"
            "  (nested): torch::nn::ModuleDict(\n"
            "    (plist): torch::nn::ParameterList(\n"
            "(0): Parameter containing: [Float of size [3]]\n"
            ")\n"
            "    (inner): torch::nn::ModuleDict(\n"
            "      (pd): torch::nn::ParameterDict(\n"
            ")\n"
            "      (fc): torch::nn::Linear(in_features=1, out_features=1, bias=true)\n"
            "    )\n"
            "  )\n"
            ")");
  EXPECT_EQ(net->named_parameters().keys(),
            (Keys{"scale", "heads.cls.weight", "heads.cls.bias", "heads.box.weight",
                  "heads.box.bias", "weights.0", "weights.1", "extra.gain", "extra.shift",
                  "nested.plist.0", "nested.inner.fc.weight", "nested.inner.fc.bias"}));
  EXPECT_EQ(net->named_parameters(false).keys(), (Keys{"scale"}));
  EXPECT_EQ(net->parameters().size(), 12u);
  EXPECT_EQ(net->named_modules().keys(),
            (Keys{"", "heads", "heads.cls", "heads.box", "weights", "extra", "nested",
                  "nested.plist", "nested.inner", "nested.inner.pd", "nested.inner.fc"}));
  EXPECT_EQ(net->named_children().keys(), (Keys{"heads", "weights", "extra", "nested"}));

  EXPECT_EQ(error_of([&] { net->nested->clone(); }),
            "The cloned module does not have the same number of parameters as the original "
            "module after calling reset(). Are you sure you called register_parameter() inside "
            "reset() and not the constructor?");
  EXPECT_EQ(printed(*net->heads->clone()),
            "torch::nn::ModuleDict(\n"
            "  (cls): torch::nn::Linear(in_features=2, out_features=3, bias=true)\n"
            "  (box): torch::nn::Linear(in_features=2, out_features=4, bias=true)\n"
            ")");

  net->to(ember::kDouble);
  for (const auto& p : net->named_parameters()) {
    EXPECT_EQ(p.value().scalar_type(), ember::kDouble) << p.key();
  }
  EXPECT_TRUE(net->weights[0].requires_grad());
  EXPECT_FALSE(net->weights[1].requires_grad());
  EXPECT_EQ(values(net->extra["gain"]), (std::vector<float>{2, 2}));
}

}  // namespace
