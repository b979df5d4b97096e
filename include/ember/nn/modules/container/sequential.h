#pragma once
// nn::Sequential: libtorch's chain of modules. forward(x) passes x through each module in turn
// (the first may take several arguments; each next one takes the previous output).
//
//   nn::Sequential seq(nn::Linear(3, 4), nn::ReLU(), nn::Linear(4, 1));
//   seq->push_back(nn::Sigmoid());
//   torch::Tensor y = seq->forward(x);       // or seq(x)
//   auto& fc = seq->at<nn::LinearImpl>(0);   // seq[0] is a std::shared_ptr<nn::Module>
//   nn::Sequential named({{"fc", nn::Linear(3, 4)}, {"act", nn::ReLU()}});
//
// Submodules are named "0", "1", ... (or as given).
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/modules/container/any.h"
#include "ember/nn/modules/container/named_any.h"

namespace ember::nn {

class SequentialImpl : public Cloneable<SequentialImpl> {
 public:
  using Iterator = std::vector<AnyModule>::iterator;
  using ConstIterator = std::vector<AnyModule>::const_iterator;

  SequentialImpl() = default;
  template <typename... Modules>
  requires(sizeof...(Modules) > 0 &&
           !(sizeof...(Modules) == 1 && (std::is_same_v<std::decay_t<Modules>, SequentialImpl> &&
                                         ...))) explicit SequentialImpl(Modules&&... modules) {
    modules_.reserve(sizeof...(Modules));
    (push_back(std::forward<Modules>(modules)), ...);
  }
  explicit SequentialImpl(OrderedDict<std::string, AnyModule>&& ordered_dict) {
    modules_.reserve(ordered_dict.size());
    for (auto& item : ordered_dict) push_back(item.key(), std::move(item.value()));
  }
  explicit SequentialImpl(std::initializer_list<NamedAnyModule> named_modules) {
    modules_.reserve(named_modules.size());
    for (const auto& named : named_modules) push_back(named.name(), named.module());
  }

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    auto clone = std::make_shared<SequentialImpl>();
    for (const auto& module : modules_) clone->push_back(module.clone(device));
    return clone;
  }
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::Sequential";
  }

  template <typename ReturnType = Tensor, typename... InputTypes>
  ReturnType forward(InputTypes&&... inputs) {
    EMBER_CHECK(!is_empty(), "Cannot call forward() on an empty Sequential");
    auto it = modules_.begin();
    AnyValue input = it->any_forward(std::forward<InputTypes>(inputs)...);
    for (++it; it != modules_.end(); ++it) input = it->any_forward(std::move(input));
    if (auto* value = input.template try_get<ReturnType>()) return std::move(*value);
    ember::detail::fail("The type of the return value is ",
                        detail::demangle(input.type_info().name()), ", but you asked for type ",
                        detail::demangle(typeid(ReturnType).name()));
  }

  // Appends a module (a holder, a std::shared_ptr, a module value or an AnyModule), named by its
  // position unless a name is given.
  template <typename ModuleType>
  void push_back(std::shared_ptr<ModuleType> module_ptr) {
    push_back(std::to_string(modules_.size()), std::move(module_ptr));
  }
  template <typename ModuleType>
  void push_back(std::string name, std::shared_ptr<ModuleType> module_ptr) {
    push_back(std::move(name), AnyModule(std::move(module_ptr)));
  }
  template <typename M>
  requires detail::is_module_v<M>
  void push_back(M&& module) {
    push_back(std::to_string(modules_.size()), std::forward<M>(module));
  }
  template <typename M>
  requires detail::is_module_v<M>
  void push_back(std::string name, M&& module) {
    push_back(std::move(name),
              std::make_shared<std::remove_reference_t<M>>(std::forward<M>(module)));
  }
  template <typename M>
  void push_back(const ModuleHolder<M>& module_holder) {
    push_back(std::to_string(modules_.size()), module_holder);
  }
  template <typename M>
  void push_back(std::string name, const ModuleHolder<M>& module_holder) {
    push_back(std::move(name), module_holder.ptr());
  }
  void push_back(AnyModule any_module) {
    push_back(std::to_string(modules_.size()), std::move(any_module));
  }
  void push_back(std::string name, AnyModule any_module) {
    modules_.push_back(std::move(any_module));
    register_module(std::move(name), modules_.back().ptr());
  }
  // Appends every module of a container (another Sequential's modules, a vector, ...).
  template <typename Container>
  void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  // The module at index as its exact type T (throws for another type or a bad index).
  template <typename T>
  T& at(size_t index) {
    static_assert(detail::is_module_v<T>, "Can only call Sequential::at with an nn::Module type");
    EMBER_CHECK(index < size(), "Index out of range");
    return modules_[index].get<T>();
  }
  template <typename T>
  const T& at(size_t index) const {
    static_assert(detail::is_module_v<T>, "Can only call Sequential::at with an nn::Module type");
    EMBER_CHECK(index < size(), "Index out of range");
    return modules_[index].get<T>();
  }
  std::shared_ptr<Module> ptr(size_t index) const {
    EMBER_CHECK(index < size(), "Index out of range");
    return modules_[index].ptr();
  }
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    static_assert(detail::is_module_v<T>, "Can only call Sequential::ptr with an nn::Module type");
    EMBER_CHECK(index < size(), "Index out of range");
    return modules_[index].ptr<T>();
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return size() == 0; }

 private:
  std::vector<AnyModule> modules_;
};

class Sequential : public ModuleHolder<SequentialImpl> {
 public:
  using ModuleHolder<SequentialImpl>::ModuleHolder;
  Sequential() : ModuleHolder() {}
  Sequential(std::initializer_list<NamedAnyModule> named_modules)  // NOLINT: as libtorch
      : ModuleHolder(std::make_shared<SequentialImpl>(std::move(named_modules))) {}
};

}  // namespace ember::nn
