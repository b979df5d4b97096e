#pragma once
// nn::ModuleDict: libtorch's ordered dictionary of modules, each registered as a submodule under
// its key; it has no forward().
//
//   nn::ModuleDict heads({{"cls", std::make_shared<nn::LinearImpl>(8, 10)},
//                         {"box", std::make_shared<nn::LinearImpl>(8, 4)}});
//   heads["cls"];   heads->at<nn::LinearImpl>("box");   for (const auto& item : *heads) ...;
//
// As in libtorch (and Python), pop() and clear() take modules out of the dictionary but leave
// them registered: named_parameters() and printing still show them, and inserting one of their
// keys again throws "Submodule '<key>' already defined".
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <typeinfo>
#include <utility>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/ordered_dict.h"

namespace ember::nn {

class ModuleDictImpl : public Cloneable<ModuleDictImpl> {
 public:
  using Iterator = OrderedDict<std::string, std::shared_ptr<Module>>::Iterator;
  using ConstIterator = OrderedDict<std::string, std::shared_ptr<Module>>::ConstIterator;

  ModuleDictImpl() = default;
  explicit ModuleDictImpl(
      const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
    update(modules);
  }
  explicit ModuleDictImpl(const OrderedDict<std::string, std::shared_ptr<Module>>& modules) {
    update(modules);
  }

  // (key, module) pairs, keys and modules, in insertion order.
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> items() const {
    return modules_.pairs();
  }
  std::vector<std::string> keys() const { return modules_.keys(); }
  std::vector<std::shared_ptr<Module>> values() const { return modules_.values(); }

  Iterator begin() { return modules_.begin(); }
  ConstIterator begin() const { return modules_.begin(); }
  Iterator end() { return modules_.end(); }
  ConstIterator end() const { return modules_.end(); }

  size_t size() const noexcept { return modules_.size(); }
  bool empty() const noexcept { return modules_.is_empty(); }
  bool contains(const std::string& key) const noexcept { return modules_.contains(key); }

  // Empties the dictionary; the modules stay registered (see above).
  void clear() { modules_.clear(); }

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    auto clone = std::make_shared<ModuleDictImpl>();
    for (const auto& item : modules_) clone->insert(item.key(), item.value()->clone(device));
    return clone;
  }
  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::ModuleDict";
  }

  // The module under key (throws "Key '<key>' is not defined").
  std::shared_ptr<Module> operator[](const std::string& key) const { return modules_[key]; }

  // The module under key as T (throws for a missing key or a module of another type).
  template <typename T>
  T& at(const std::string& key) {
    static_assert(detail::is_module_v<T>, "Can only call ModuleList::at with an nn::Module type");
    return *checked<T>(key);
  }
  template <typename T>
  const T& at(const std::string& key) const {
    static_assert(detail::is_module_v<T>, "Can only call ModuleList::at with an nn::Module type");
    return *checked<T>(key);
  }

  // Removes the module under key from the dictionary and returns it (it stays registered).
  std::shared_ptr<Module> pop(const std::string& key) {
    std::shared_ptr<Module> module = modules_[key];
    modules_.erase(key);
    return module;
  }

  // Inserts each (key, module); a key already present gets the new module in its place.
  void update(const std::vector<std::pair<std::string, std::shared_ptr<Module>>>& modules) {
    for (const auto& [key, module] : modules) insert(key, module);
  }
  // The same from any container of items with key() and value() (an OrderedDict, a ModuleDict).
  template <typename Container>
  void update(const Container& container) {
    for (const auto& item : container) insert(item.key(), item.value());
  }

 private:
  void insert(const std::string& key, std::shared_ptr<Module> module) {
    if (std::shared_ptr<Module>* present = modules_.find(key)) {
      *present = std::move(module);
      replace_module(key, *present);
    } else {
      register_module(key, modules_.insert(key, std::move(module)));
    }
  }

  // libtorch dereferences a null pointer for a module of another type; ember throws instead.
  template <typename T>
  T* checked(const std::string& key) const {
    const std::shared_ptr<Module>& module = modules_[key];
    T* m = module->as<T>();
    EMBER_CHECK(m != nullptr, "Attempted to cast module of type ", module->name(), " to type ",
                detail::demangle(typeid(T).name()));
    return m;
  }

  OrderedDict<std::string, std::shared_ptr<Module>> modules_;
};

EMBER_MODULE(ModuleDict);

}  // namespace ember::nn
