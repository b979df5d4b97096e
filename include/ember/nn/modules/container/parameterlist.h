#pragma once
// nn::ParameterList: libtorch's list of parameters, registered as "0", "1", ...; it has no
// forward().
//
//   nn::ParameterList weights(torch::randn({3, 3}, torch::requires_grad()), torch::zeros({3}));
//   weights->append(torch::ones({2}));   weights[0];   for (const auto& item : *weights) ...;
//
// A parameter keeps the requires_grad flag it arrives with (torch::zeros({3}) above does not
// require grad), and the list holds the tensor itself, not a copy. As in libtorch, clone() works
// only on an empty list (reset() cannot recreate the parameters).
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/ordered_dict.h"

namespace ember::nn {

class ParameterListImpl : public Cloneable<ParameterListImpl> {
 public:
  using Iterator = OrderedDict<std::string, Tensor>::Iterator;
  using ConstIterator = OrderedDict<std::string, Tensor>::ConstIterator;

  ParameterListImpl() = default;
  template <typename... Tensors>
  requires(sizeof...(Tensors) > 0 &&
           !(sizeof...(Tensors) == 1 && (std::is_same_v<std::decay_t<Tensors>, ParameterListImpl> &&
                                         ...))) explicit ParameterListImpl(Tensors&&... params) {
    parameters_.reserve(sizeof...(Tensors));
    (append(std::forward<Tensors>(params)), ...);
  }

  void reset() override {}
  // "ParameterList(" and one "(i): Parameter containing: [Float of size [2, 3]]" line each.
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::ParameterList(\n";
    for (const auto& item : parameters_) {
      stream << "(" << item.key() << "): Parameter containing: [" << item.value().scalar_type()
             << " of size " << item.value().sizes() << "]\n";
    }
    stream << ")";
  }

  // Appends param as parameter "<size()>", with its own requires_grad flag.
  void append(const Tensor& param) {
    register_parameter(std::to_string(parameters_.size()), param, param.requires_grad());
  }
  void append(const OrderedDict<std::string, Tensor>::Item& item) { append(item.value()); }
  // Appends every tensor (or item of another ParameterList / OrderedDict) of container.
  template <typename Container>
  void extend(const Container& container) {
    for (const auto& param : container) append(param);
  }
  // Appends other's parameters (libtorch declares Container& as the result; ember returns this
  // list for every container).
  template <typename Container>
  ParameterListImpl& operator+=(const Container& other) {
    extend(other);
    return *this;
  }

  Iterator begin() { return parameters_.begin(); }
  ConstIterator begin() const { return parameters_.begin(); }
  Iterator end() { return parameters_.end(); }
  ConstIterator end() const { return parameters_.end(); }

  // The parameter at idx (throws "Index out of range").
  Tensor& at(size_t idx) {
    EMBER_CHECK(idx < size(), "Index out of range");
    return parameters_[std::to_string(idx)];
  }
  const Tensor& at(size_t idx) const {
    EMBER_CHECK(idx < size(), "Index out of range");
    return parameters_[std::to_string(idx)];
  }
  Tensor& operator[](size_t idx) { return at(idx); }
  const Tensor& operator[](size_t idx) const { return at(idx); }

  size_t size() const noexcept { return parameters_.size(); }
  bool is_empty() const noexcept { return parameters_.is_empty(); }
};

EMBER_MODULE(ParameterList);

}  // namespace ember::nn
