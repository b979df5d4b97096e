// Reference output for tests/nn/containers_test.cpp: libtorch 1.13's ModuleDict, ParameterList
// and ParameterDict (every method, printing, nesting in a module, parameter order, clone(),
// to(kDouble) and the error messages). The program builds against libtorch and, unchanged,
// against ember's compat/ headers; both must print the same text:
// g++ -std=c++17 nn_containers.cpp -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu
//     -lc10 -o nn_containers && ./nn_containers
// Errors print the first line of what() (libtorch appends the place it was raised from).
#include <torch/torch.h>

#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace nn = torch::nn;

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

template <class Fn>
void error(const std::string& name, Fn&& fn) {
  try {
    fn();
    std::cout << name << ": no error\n";
  } catch (const c10::Error& e) {
    std::cout << name << ": " << first_line(e.what()) << "\n";
  }
}

std::string values(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kDouble).contiguous().view({-1});
  std::ostringstream out;
  out << "{";
  for (int64_t i = 0; i < c.numel(); ++i) {
    out << (i ? ", " : "") << std::setprecision(9) << c[i].item<double>();
  }
  out << "}";
  return out.str();
}

// "name: Float [2, 3] grad=1 {values}".
void show(const std::string& name, const torch::Tensor& t) {
  std::cout << name << ": " << t.scalar_type() << " " << t.sizes() << " grad=" << t.requires_grad()
            << " " << values(t) << "\n";
}

void show_keys(const std::string& name, const std::vector<std::string>& keys) {
  std::cout << name << ":";
  for (const auto& k : keys) std::cout << " " << k;
  std::cout << "\n";
}

void show_named(const std::string& name, const torch::OrderedDict<std::string, torch::Tensor>& d) {
  std::cout << name << " (" << d.size() << "):";
  for (const auto& item : d) {
    std::cout << " " << item.key() << item.value().sizes() << item.value().scalar_type();
  }
  std::cout << "\n";
}

void print(const std::string& name, const nn::Module& module) {
  std::cout << name << ":\n" << module << "\n";
}

// t, requiring grad (requires_grad_() returns a const Tensor&, which libtorch's ParameterList
// constructor does not take).
torch::Tensor grad(torch::Tensor t) {
  t.requires_grad_();
  return t;
}

torch::Tensor ramp(std::vector<int64_t> shape, double scale = 1) {
  int64_t n = 1;
  for (auto s : shape) n *= s;
  return torch::arange(n, torch::kFloat).mul(scale).view(shape);
}

// A Linear with weight = ramp / 10 and bias = 1 (libtorch's and ember's random inits differ).
nn::Linear linear(int64_t in, int64_t out) {
  nn::Linear fc(in, out);
  torch::NoGradGuard no_grad;
  fc->weight.copy_(ramp({out, in}, 0.1));
  fc->bias.fill_(1);
  return fc;
}

using ModulePairs = std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>>;

void module_dict() {
  std::cout << "== ModuleDict\n";
  nn::ModuleDict empty;
  std::cout << "empty size=" << empty->size() << " empty=" << empty->empty() << "\n";
  print("empty", *empty);
  std::cout << "holder: " << empty << "\n";

  ModulePairs pairs = {{"fc", linear(2, 3).ptr()},
                       {"act", std::make_shared<nn::ReLUImpl>()},
                       {"out", linear(3, 1).ptr()}};
  nn::ModuleDict dict(pairs);
  print("dict", *dict);
  std::cout << "size=" << dict->size() << " empty=" << dict->empty()
            << " contains(fc)=" << dict->contains("fc") << " contains(x)=" << dict->contains("x")
            << "\n";
  show_keys("keys", dict->keys());
  for (const auto& m : dict->values()) std::cout << "value: " << *m << "\n";
  for (const auto& [key, m] : dict->items())
    std::cout << "item " << key << ": " << m->name() << "\n";
  for (const auto& item : *dict)
    std::cout << "iter " << item.key() << ": " << *item.value() << "\n";
  const nn::ModuleDictImpl& const_dict = *dict;
  for (const auto& item : const_dict) std::cout << "const iter " << item.key() << "\n";
  std::cout << "dict[fc]: " << *dict["fc"] << "\n";
  std::cout << "dict->operator[](out): " << *(*dict)["out"] << "\n";
  std::cout << "same ptr: " << (dict["act"] == pairs[1].second) << "\n";
  show("at<LinearImpl>(fc).weight", dict->at<nn::LinearImpl>("fc").weight);
  show("const at<LinearImpl>(out).bias", const_dict.at<nn::LinearImpl>("out").bias);
  std::cout << "as<ReLU>: " << (dict["act"]->as<nn::ReLU>() != nullptr) << "\n";
  show_named("named_parameters", dict->named_parameters());
  show_keys("named_children", dict->named_children().keys());
  auto y = dict["out"]->as<nn::Linear>()->forward(
      dict["act"]->as<nn::ReLU>()->forward(dict->at<nn::LinearImpl>("fc").forward(ramp({2, 2}))));
  show("forward", y);

  // From an OrderedDict.
  torch::OrderedDict<std::string, std::shared_ptr<nn::Module>> od;
  od.insert("b", std::make_shared<nn::TanhImpl>());
  od.insert("a", linear(1, 2).ptr());
  nn::ModuleDict from_od(od);
  print("from OrderedDict", *from_od);

  // update(): present keys are replaced in place, new keys are appended.
  dict->update(ModulePairs{{"act", std::make_shared<nn::TanhImpl>()},
                           {"extra", std::make_shared<nn::SigmoidImpl>()}});
  print("after update(vector)", *dict);
  show_keys("keys", dict->keys());
  dict->update(*from_od);
  print("after update(ModuleDict)", *dict);
  torch::OrderedDict<std::string, std::shared_ptr<nn::Module>> od2;
  od2.insert("extra", std::make_shared<nn::ReLUImpl>());
  od2.insert("z", std::make_shared<nn::IdentityImpl>());
  dict->update(od2);
  print("after update(OrderedDict)", *dict);
  show_named("named_parameters", dict->named_parameters());

  // pop() keeps the module registered.
  auto popped = dict->pop("act");
  std::cout << "popped: " << *popped << "\n";
  std::cout << "size=" << dict->size() << " contains(act)=" << dict->contains("act") << "\n";
  show_keys("keys", dict->keys());
  show_keys("named_children", dict->named_children().keys());
  print("after pop", *dict);
  error("pop(nope)", [&] { dict->pop("nope"); });
  error("operator[](nope)", [&] { (*dict)["nope"]; });
  error("holder[nope]", [&] { dict["nope"]; });
  error("at(nope)", [&] { dict->at<nn::LinearImpl>("nope"); });
  error("update re-inserting popped key", [&] {
    dict->update(ModulePairs{{"act", std::make_shared<nn::ReLUImpl>()}});
  });
  std::cout << "after failed insert: contains(act)=" << dict->contains("act")
            << " size=" << dict->size() << "\n";
  print("after failed insert", *dict);
  error("update with a dot", [&] {
    dict->update(ModulePairs{{"x.y", std::make_shared<nn::ReLUImpl>()}});
  });
  error("update with empty key", [&] {
    dict->update(ModulePairs{{"", std::make_shared<nn::ReLUImpl>()}});
  });
  show_keys("keys", dict->keys());

  // train / eval reach the modules.
  dict->eval();
  std::cout << "eval: " << dict->is_training() << dict["fc"]->is_training() << "\n";
  dict->train();
  std::cout << "train: " << dict->is_training() << dict["fc"]->is_training() << "\n";

  // clone() deep-copies the modules in the dictionary.
  nn::ModuleDict small(
      ModulePairs{{"fc", linear(2, 2).ptr()}, {"act", std::make_shared<nn::ReLUImpl>()}});
  auto cloned = std::dynamic_pointer_cast<nn::ModuleDictImpl>(small->clone());
  std::cout << "clone is ModuleDict: " << (cloned != nullptr) << "\n";
  print("clone", *cloned);
  show_keys("clone keys", cloned->keys());
  auto& w0 = small->at<nn::LinearImpl>("fc").weight;
  auto& w1 = cloned->at<nn::LinearImpl>("fc").weight;
  std::cout << "clone equal=" << torch::equal(w0, w1)
            << " shares data=" << (w0.data_ptr() == w1.data_ptr()) << " grad=" << w1.requires_grad()
            << "\n";
  show_named("clone named_parameters", cloned->named_parameters());

  // to(kDouble).
  small->to(torch::kDouble);
  show_named("to(kDouble)", small->named_parameters());
  show("to(kDouble) weight", small->at<nn::LinearImpl>("fc").weight);

  // clear() keeps the modules registered.
  dict->clear();
  std::cout << "clear: size=" << dict->size() << " empty=" << dict->empty() << "\n";
  print("after clear", *dict);
  show_named("named_parameters after clear", dict->named_parameters());
  nn::ModuleDict cloned_after_clear = std::dynamic_pointer_cast<nn::ModuleDictImpl>(dict->clone());
  print("clone after clear", *cloned_after_clear);
}

void parameter_list() {
  std::cout << "== ParameterList\n";
  nn::ParameterList empty;
  std::cout << "empty size=" << empty->size() << " is_empty=" << empty->is_empty() << "\n";
  print("empty", *empty);

  torch::Tensor a = ramp({2, 3}).requires_grad_();
  torch::Tensor b = torch::ones({3});
  nn::ParameterList list(a, b, grad(torch::zeros({1, 2}, torch::kDouble)));
  print("list", *list);
  std::cout << "holder: " << list << "\n";
  std::cout << "size=" << list->size() << " is_empty=" << list->is_empty() << "\n";
  for (const auto& item : *list) show("iter " + item.key(), item.value());
  const nn::ParameterListImpl& const_list = *list;
  for (const auto& item : const_list) std::cout << "const iter " << item.key() << "\n";
  show("at(0)", list->at(0));
  show("const at(1)", const_list.at(1));
  show("list[2]", list[2]);
  show("operator[](1)", (*list)[1]);
  show("const [0]", const_list[0]);
  std::cout << "shares a: " << (list[0].data_ptr() == a.data_ptr())
            << " same impl: " << list[0].is_same(a) << "\n";
  b.add_(1);
  show("after b.add_(1)", list[1]);

  list->append(torch::full({2}, 5.0));
  torch::Tensor c = torch::arange(4, torch::kLong);
  list->append(c);
  list->append(torch::tensor(3.5).requires_grad_());
  list->append(torch::tensor({true, false}));
  list->append(torch::zeros({2, 0, 3}, torch::kInt));
  print("after append", *list);

  nn::ParameterList other(torch::ones({1}), grad(torch::ones({2})));
  list->extend(*other);
  list->extend(std::vector<torch::Tensor>{torch::zeros({4}), torch::zeros({5})});
  *list += *other;
  list->append(*other->begin());
  print("after extend", *list);
  show_named("named_parameters", list->named_parameters());
  std::cout << "parameters: " << list->parameters().size() << "\n";
  for (const auto& item : *list) std::cout << item.key() << ":" << item->requires_grad() << " ";
  std::cout << "\n";

  error("at(size)", [&] { list->at(list->size()); });
  error("[100]", [&] { list[100]; });
  error("const at(100)", [&] { const_list.at(100); });

  // Gradients reach the listed tensors.
  (list[0] * 2).sum().backward();
  show("list[0].grad", list[0].grad());
  show("a.grad", a.grad());
  list->zero_grad();
  show("after zero_grad", list[0].grad());

  // clone() needs reset() to recreate the parameters: it fails unless the list is empty.
  error("clone", [&] { list->clone(); });
  auto empty_clone = std::dynamic_pointer_cast<nn::ParameterListImpl>(empty->clone());
  std::cout << "empty clone: " << (empty_clone != nullptr) << " size=" << empty_clone->size()
            << "\n";

  // to(kDouble) converts in place (the list still holds a's impl).
  nn::ParameterList small(grad(ramp({2})), torch::arange(3, torch::kLong));
  torch::Tensor first = small[0];
  small->to(torch::kDouble);
  print("to(kDouble)", *small);
  show("to(kDouble) [0]", small[0]);
  show("to(kDouble) [1]", small[1]);
  show("first", first);
}

void parameter_dict() {
  std::cout << "== ParameterDict\n";
  nn::ParameterDict empty;
  std::cout << "empty size=" << empty->size() << " empty=" << empty->empty() << "\n";
  print("empty", *empty);

  nn::ParameterDict dict;
  torch::Tensor a = ramp({2, 2}).requires_grad_();
  torch::Tensor& stored = dict->insert("a", a);
  std::cout << "insert returns the stored tensor: " << stored.is_same(a) << "\n";
  dict->insert("b", torch::ones({3}));
  dict->insert("c", torch::arange(2, torch::kLong));
  dict->insert("d", torch::tensor(2.5, torch::kDouble).requires_grad_());
  print("dict", *dict);
  std::cout << "holder: " << dict << "\n";
  std::cout << "size=" << dict->size() << " empty=" << dict->empty()
            << " contains(a)=" << dict->contains("a") << " contains(x)=" << dict->contains("x")
            << "\n";
  show_keys("keys", dict->keys());
  for (const auto& v : dict->values()) show("value", v);
  for (const auto& item : *dict) show("iter " + item.key(), item.value());
  const nn::ParameterDictImpl& const_dict = *dict;
  for (const auto& item : const_dict) std::cout << "const iter " << item.key() << "\n";
  show("get(a)", dict->get("a"));
  show("const get(b)", const_dict.get("b"));
  show("dict[c]", dict["c"]);
  show("operator[](d)", (*dict)["d"]);
  show("const [a]", const_dict["a"]);
  show_named("named_parameters", dict->named_parameters());

  error("insert(a) again", [&] { dict->insert("a", torch::zeros({1})); });
  error("insert(x.y)", [&] { dict->insert("x.y", torch::zeros({1})); });
  error("insert('')", [&] { dict->insert("", torch::zeros({1})); });
  error("get(zz)", [&] { dict->get("zz"); });
  error("const get(zz)", [&] { const_dict.get("zz"); });
  error("[zz]", [&] { dict["zz"]; });
  error("pop(zz)", [&] { dict->pop("zz"); });

  torch::Tensor popped = dict->pop("b");
  show("pop(b)", popped);
  show_keys("keys after pop", dict->keys());
  print("after pop", *dict);
  show_named("named_parameters after pop", dict->named_parameters());
  dict->insert("b", torch::zeros({2}));
  show_keys("keys after re-insert", dict->keys());

  // update() assigns under keys already present; a new key throws (after the earlier ones).
  torch::OrderedDict<std::string, torch::Tensor> od;
  od.insert("c", torch::full({4}, 7.0));
  od.insert("a", torch::ones({1}));
  dict->update(od);
  print("after update(OrderedDict)", *dict);
  show("a after update", dict["a"]);
  std::cout << "a is still the old tensor: " << dict["a"].is_same(a) << "\n";
  torch::OrderedDict<std::string, torch::Tensor> od_new;
  od_new.insert("d", torch::zeros({3, 3}));
  od_new.insert("new", torch::zeros({1}));
  error("update with a new key", [&] { dict->update(od_new); });
  print("after failed update", *dict);
  nn::ParameterDict other;
  other->insert("b", torch::full({2}, 9.0).requires_grad_());
  dict->update(*other);
  show("b after update(ParameterDict)", dict["b"]);
  std::cout << "b is other's: " << dict["b"].is_same(other["b"]) << "\n";

  // Gradients.
  (dict["b"] * dict["b"]).sum().backward();
  show("b.grad", dict["b"].grad());
  dict->zero_grad(true);
  std::cout << "after zero_grad(true): " << dict["b"].grad().defined() << "\n";

  // From an OrderedDict: taken as it is (flags, key description).
  torch::OrderedDict<std::string, torch::Tensor> params;
  params.insert("w", ramp({2}));
  params.insert("v", torch::ones({1}).requires_grad_());
  nn::ParameterDict from_od(params);
  print("from OrderedDict", *from_od);
  for (const auto& item : *from_od) show("from_od " + item.key(), item.value());
  std::cout << "shares w: " << from_od["w"].is_same(params["w"]) << "\n";
  show_named("from_od named_parameters", from_od->named_parameters());
  error("from_od get(q)", [&] { from_od->get("q"); });
  error("from_od pop(q)", [&] { from_od->pop("q"); });
  error("from_od update with a new key", [&] { from_od->update(od_new); });
  from_od->insert("u", torch::zeros({1}));
  error("from_od insert(u) again", [&] { from_od->insert("u", torch::zeros({1})); });

  // clone() fails unless the dictionary is empty.
  error("clone", [&] { dict->clone(); });
  auto empty_clone = std::dynamic_pointer_cast<nn::ParameterDictImpl>(empty->clone());
  std::cout << "empty clone: " << (empty_clone != nullptr) << " size=" << empty_clone->size()
            << "\n";

  // to(kDouble) converts in place: from_od's tensors are params' tensors.
  from_od->to(torch::kDouble);
  print("to(kDouble)", *from_od);
  show("params[w] after to(kDouble)", params["w"]);
  show("from_od[v] after to(kDouble)", from_od["v"]);

  dict->clear();
  std::cout << "clear: size=" << dict->size() << " empty=" << dict->empty() << "\n";
  print("after clear", *dict);
  show_named("named_parameters after clear", dict->named_parameters());
}

struct NetImpl : nn::Module {
  NetImpl() {
    scale = register_parameter("scale", torch::ones({1}));
    heads = register_module("heads", nn::ModuleDict(ModulePairs{{"cls", linear(2, 3).ptr()},
                                                                {"box", linear(2, 4).ptr()}}));
    weights = register_module("weights", nn::ParameterList(grad(ramp({2, 2})), torch::ones({2})));
    extra = register_module("extra", nn::ParameterDict());
    extra->insert("gain", torch::full({2}, 2.0).requires_grad_());
    extra->insert("shift", torch::zeros({2}).requires_grad_());
    nested = register_module(
        "nested", nn::ModuleDict(ModulePairs{
                      {"plist", nn::ParameterList(grad(torch::ones({3}))).ptr()},
                      {"inner", nn::ModuleDict(ModulePairs{{"pd", nn::ParameterDict().ptr()},
                                                           {"fc", linear(1, 1).ptr()}})
                                    .ptr()}}));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    auto h = x.matmul(weights[0]) * extra["gain"] + extra["shift"];
    return heads["cls"]->as<nn::Linear>()->forward(h).sum() * scale;
  }
  torch::Tensor scale;
  nn::ModuleDict heads{nullptr};
  nn::ParameterList weights{nullptr};
  nn::ParameterDict extra{nullptr};
  nn::ModuleDict nested{nullptr};
};
TORCH_MODULE(Net);

void nesting() {
  std::cout << "== nesting\n";
  Net net;
  print("net", *net);
  show_named("named_parameters", net->named_parameters());
  show_named("named_parameters(recurse=false)", net->named_parameters(false));
  std::cout << "parameters: " << net->parameters().size() << "\n";
  show_keys("named_modules", net->named_modules().keys());
  show_keys("named_children", net->named_children().keys());
  auto y = net->forward(ramp({1, 2}));
  show("forward", y);
  y.backward();
  for (const auto& item : net->named_parameters()) {
    const auto& g = item.value().grad();
    std::cout << "grad " << item.key() << ": " << (g.defined() ? values(g) : "undefined") << "\n";
  }
  error("nested clone", [&] { net->nested->clone(); });
  auto heads_clone = std::dynamic_pointer_cast<nn::ModuleDictImpl>(net->heads->clone());
  print("heads clone", *heads_clone);
  net->to(torch::kDouble);
  show_named("to(kDouble)", net->named_parameters());
  show("weights[0]", net->weights[0]);
  show("extra[gain]", net->extra["gain"]);
  print("net after to(kDouble)", *net);
}

int main() {
  module_dict();
  parameter_list();
  parameter_dict();
  nesting();
}
