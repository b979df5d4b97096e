#pragma once
// nn::ModuleList: libtorch's list of modules, registered as "0", "1", ...; it has no forward().
//
//   nn::ModuleList layers(nn::Linear(3, 3), nn::ReLU());
//   for (const auto& m : *layers) ...;   layers[0];   layers->at<nn::LinearImpl>(0);
#include <memory>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"

namespace ember::nn {

class ModuleListImpl : public Cloneable<ModuleListImpl> {
 public:
  using Iterator = std::vector<std::shared_ptr<Module>>::iterator;
  using ConstIterator = std::vector<std::shared_ptr<Module>>::const_iterator;

  ModuleListImpl() = default;
  template <typename... Modules>
  requires(sizeof...(Modules) > 0 &&
           !(sizeof...(Modules) == 1 && (std::is_same_v<std::decay_t<Modules>, ModuleListImpl> &&
                                         ...))) explicit ModuleListImpl(Modules&&... modules) {
    modules_.reserve(sizeof...(Modules));
    (push_back(std::forward<Modules>(modules)), ...);
  }

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    auto clone = std::make_shared<ModuleListImpl>();
    for (const auto& module : modules_) clone->push_back(module->clone(device));
    return clone;
  }
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::ModuleList";
  }

  void push_back(std::shared_ptr<Module> module) {
    modules_.push_back(std::move(module));
    register_module(std::to_string(modules_.size() - 1), modules_.back());
  }
  template <typename M>
  requires detail::is_module_v<M>
  void push_back(M&& module) {
    push_back(std::make_shared<std::remove_reference_t<M>>(std::forward<M>(module)));
  }
  template <typename M>
  void push_back(const ModuleHolder<M>& module_holder) {
    push_back(module_holder.ptr());
  }
  template <typename Container>
  void extend(const Container& container) {
    for (const auto& module : container) push_back(module);
  }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  // The module at index as T (throws for a bad index or another type).
  template <typename T>
  T& at(size_t index) {
    static_assert(detail::is_module_v<T>, "Can only call ModuleList::at with an nn::Module type");
    return *checked<T>(index);
  }
  template <typename T>
  const T& at(size_t index) const {
    static_assert(detail::is_module_v<T>, "Can only call ModuleList::at with an nn::Module type");
    return *checked<T>(index);
  }
  std::shared_ptr<Module> ptr(size_t index) const {
    EMBER_CHECK(index < size(), "Index out of range");
    return modules_[index];
  }
  template <typename T>
  std::shared_ptr<T> ptr(size_t index) const {
    static_assert(detail::is_module_v<T>, "Can only call ModuleList::ptr with an nn::Module type");
    EMBER_CHECK(index < size(), "Index out of range");
    return std::dynamic_pointer_cast<T>(modules_[index]);
  }
  std::shared_ptr<Module> operator[](size_t index) const { return ptr(index); }
  size_t size() const noexcept { return modules_.size(); }
  bool is_empty() const noexcept { return size() == 0; }

  // Inserts before position index (the modules after it are renamed to their new positions).
  void insert(size_t index, std::shared_ptr<Module> module) {
    EMBER_CHECK(index <= size(), "Index out of range");
    if (index == size()) {
      push_back(std::move(module));
      return;
    }
    modules_.insert(modules_.begin() + static_cast<std::ptrdiff_t>(index), std::move(module));
    for (size_t i = index; i + 1 < size(); ++i) replace_module(std::to_string(i), modules_[i]);
    register_module(std::to_string(size() - 1), modules_.back());
  }
  template <typename M>
  void insert(size_t index, const ModuleHolder<M>& module_holder) {
    insert(index, module_holder.ptr());
  }
  template <typename M>
  requires detail::is_module_v<M>
  void insert(size_t index, M&& module) {
    insert(index, std::make_shared<std::remove_reference_t<M>>(std::forward<M>(module)));
  }

 private:
  template <typename T>
  T* checked(size_t index) const {
    EMBER_CHECK(index < size(), "Index out of range");
    T* m = modules_[index]->as<T>();
    EMBER_CHECK(m != nullptr, "Attempted to cast module of type ", modules_[index]->name(),
                " to type ", detail::demangle(typeid(T).name()));
    return m;
  }

  std::vector<std::shared_ptr<Module>> modules_;
};

EMBER_MODULE(ModuleList);

}  // namespace ember::nn
