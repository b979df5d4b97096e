#pragma once
// nn::ParameterDict: libtorch's ordered dictionary of parameters, registered under their keys; it
// has no forward().
//
//   nn::ParameterDict params;
//   params->insert("scale", torch::ones({3}, torch::requires_grad()));
//   params["scale"];   params->get("scale");   for (const auto& item : *params) ...;
//
// As in libtorch: insert() keeps the tensor's own requires_grad flag; the OrderedDict constructor
// takes the dictionary as it is (flags and key description: a missing key then reads
// "Key '<key>' is not defined"); update() only replaces values under keys already present (a new
// key throws "... '<key>' is not defined"); clone() works only on an empty dictionary.
#include <ostream>
#include <string>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/ordered_dict.h"

namespace ember::nn {

class ParameterDictImpl : public Cloneable<ParameterDictImpl> {
 public:
  using Iterator = OrderedDict<std::string, Tensor>::Iterator;
  using ConstIterator = OrderedDict<std::string, Tensor>::ConstIterator;

  ParameterDictImpl() = default;
  explicit ParameterDictImpl(const OrderedDict<std::string, Tensor>& params) {
    parameters_ = params;
  }

  void reset() override {}
  // "ParameterDict(" and one "(key): Parameter containing: [Float of size [2, 3]]" line each.
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::ParameterDict(\n";
    for (const auto& item : parameters_) {
      stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type()
             << " of size " << item.value().sizes() << "]\n";
    }
    stream << ")";
  }

  // Registers param under key, with its own requires_grad flag (a present key throws).
  Tensor& insert(std::string key, Tensor param) {
    const bool requires_grad = param.requires_grad();
    return register_parameter(std::move(key), std::move(param), requires_grad);
  }
  // Removes the parameter under key and returns it.
  Tensor pop(const std::string& key) {
    Tensor param = parameters_[key];
    parameters_.erase(key);
    return param;
  }

  std::vector<std::string> keys() const { return parameters_.keys(); }
  std::vector<Tensor> values() const { return parameters_.values(); }

  Iterator begin() { return parameters_.begin(); }
  ConstIterator begin() const { return parameters_.begin(); }
  Iterator end() { return parameters_.end(); }
  ConstIterator end() const { return parameters_.end(); }

  size_t size() const noexcept { return parameters_.size(); }
  bool empty() const noexcept { return parameters_.is_empty(); }

  // Sets each item's value under its key, which must be present already.
  template <typename Container>
  void update(const Container& container) {
    for (const auto& item : container) parameters_[item.key()] = item.value();
  }
  void clear() { parameters_.clear(); }
  bool contains(const std::string& key) const noexcept { return parameters_.contains(key); }

  // The parameter under key (throws "Parameter '<key>' is not defined").
  const Tensor& get(const std::string& key) const { return parameters_[key]; }
  Tensor& get(const std::string& key) { return parameters_[key]; }
  Tensor& operator[](const std::string& key) { return parameters_[key]; }
  const Tensor& operator[](const std::string& key) const { return parameters_[key]; }
};

EMBER_MODULE(ParameterDict);

}  // namespace ember::nn
