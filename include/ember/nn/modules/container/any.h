#pragma once
// AnyValue and AnyModule: libtorch's type-erased value and module, what Sequential stores.
// AnyModule keeps any module together with the signature of its forward() (taken from
// &Module::forward), so that forward can be called with arguments whose types are only checked
// at run time:
//
//   nn::AnyModule any(nn::Linear(3, 2));
//   torch::Tensor y = any.forward(x);      // any.forward<ReturnType>(args...) in general
//   nn::LinearImpl& linear = any.get<nn::LinearImpl>();
#include <any>
#include <memory>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "ember/nn/module.h"

namespace ember::nn {

// A value of any type, with its type checked when read.
class AnyValue {
 public:
  template <typename T>
  requires(!std::is_same_v<std::decay_t<T>, AnyValue>) explicit AnyValue(T&& value)
      : value_(std::decay_t<T>(std::forward<T>(value))) {}
  AnyValue(AnyValue&&) = default;
  AnyValue& operator=(AnyValue&&) = default;
  AnyValue(const AnyValue&) = default;
  AnyValue& operator=(const AnyValue&) = default;

  // The value when it is a T, else nullptr.
  template <typename T>
  T* try_get() {
    static_assert(!std::is_reference_v<T>,
                  "AnyValue stores decayed types, you cannot cast it "
                  "to a reference type");
    return std::any_cast<T>(&value_);
  }
  // The value as a T; throws when it is of another type.
  template <typename T>
  T get() {
    if (T* v = try_get<T>()) return *v;
    ember::detail::fail("Attempted to cast AnyValue to ", detail::demangle(typeid(T).name()),
                        ", but its actual type is ", detail::demangle(type_info().name()));
  }
  const std::type_info& type_info() const noexcept { return value_.type(); }

 private:
  std::any value_;
};

namespace detail {

// The argument types of a module's forward(): from &M::forward when that names one member
// function, else one Tensor (a module whose forward is a template, such as Sequential).
template <class F>
struct forward_arguments;
template <class R, class C, class... Args>
struct forward_arguments<R (C::*)(Args...)> {
  using type = std::tuple<Args...>;
};
template <class R, class C, class... Args>
struct forward_arguments<R (C::*)(Args...) const> {
  using type = std::tuple<Args...>;
};
template <class M>
struct module_forward_arguments {
  using type = std::tuple<Tensor>;
};
template <class M>
requires requires { &M::forward; }
struct module_forward_arguments<M> {
  using type = typename forward_arguments<decltype(&M::forward)>::type;
};

}  // namespace detail

// Declares, inside a module class, the defaults of forward()'s trailing arguments as
// {index, AnyValue(value)} pairs, so that AnyModule and Sequential may omit them:
//   FORWARD_HAS_DEFAULT_ARGS({1, AnyValue(std::optional<IntArrayRef>())})
#define EMBER_FORWARD_HAS_DEFAULT_ARGS(...)                                                \
  template <class, class>                                                                  \
  friend struct ::ember::nn::detail::AnyModuleHolder;                                      \
  static std::vector<std::pair<unsigned, ::ember::nn::AnyValue>> _forward_default_args() { \
    return {__VA_ARGS__};                                                                  \
  }
#ifndef FORWARD_HAS_DEFAULT_ARGS
#define FORWARD_HAS_DEFAULT_ARGS(...) EMBER_FORWARD_HAS_DEFAULT_ARGS(__VA_ARGS__)
#endif

namespace detail {

struct AnyModulePlaceholder {
  explicit AnyModulePlaceholder(const std::type_info& info) : type_info(info) {}
  virtual ~AnyModulePlaceholder() = default;
  virtual AnyValue forward(std::vector<AnyValue>&& arguments) = 0;
  virtual std::shared_ptr<Module> ptr() = 0;
  virtual std::unique_ptr<AnyModulePlaceholder> copy() const = 0;
  virtual std::unique_ptr<AnyModulePlaceholder> clone_module(
      std::optional<Device> device) const = 0;
  const std::type_info& type_info;
};

template <class ModuleType, class ArgumentTuple>
struct AnyModuleHolder;

template <class ModuleType, class... ArgumentTypes>
struct AnyModuleHolder<ModuleType, std::tuple<ArgumentTypes...>> : AnyModulePlaceholder {
  explicit AnyModuleHolder(std::shared_ptr<ModuleType>&& m)
      : AnyModulePlaceholder(typeid(ModuleType)), module(std::move(m)) {}

  AnyValue forward(std::vector<AnyValue>&& arguments) override {
    constexpr size_t n = sizeof...(ArgumentTypes);
    if constexpr (requires { ModuleType::_forward_default_args(); }) {
      // {index, value} of the trailing arguments forward() declares defaults for.
      std::vector<std::pair<unsigned, AnyValue>> defaults = ModuleType::_forward_default_args();
      const size_t required = defaults.front().first;
      EMBER_CHECK(arguments.size() >= required && arguments.size() <= n, demangle(type_info.name()),
                  "'s forward() method expects at least ", required, " argument(s) and at most ", n,
                  " argument(s), but received ", arguments.size(), ".");
      for (auto& [index, value] : defaults) {
        if (index >= arguments.size()) arguments.push_back(std::move(value));
      }
      return invoke(arguments, std::index_sequence_for<ArgumentTypes...>{});
    }
    EMBER_CHECK(arguments.size() == n, demangle(type_info.name()), "'s forward() method expects ",
                n, " argument(s), but received ", arguments.size(), ".",
                arguments.size() < n
                    ? " If " + demangle(type_info.name()) +
                          "'s forward() method has default arguments, please make sure the "
                          "forward() method is declared with a corresponding "
                          "`FORWARD_HAS_DEFAULT_ARGS` macro."
                    : std::string());
    return invoke(arguments, std::index_sequence_for<ArgumentTypes...>{});
  }
  std::shared_ptr<Module> ptr() override { return module; }
  std::unique_ptr<AnyModulePlaceholder> copy() const override {
    return std::make_unique<AnyModuleHolder>(*this);
  }
  std::unique_ptr<AnyModulePlaceholder> clone_module(std::optional<Device> device) const override {
    return std::make_unique<AnyModuleHolder>(
        std::dynamic_pointer_cast<ModuleType>(module->clone(device)));
  }

  std::shared_ptr<ModuleType> module;

 private:
  template <class T>
  static std::decay_t<T>&& argument(std::vector<AnyValue>& arguments, size_t index) {
    if (auto* v = arguments[index].template try_get<std::decay_t<T>>()) return std::move(*v);
    ember::detail::fail("Expected argument #", index, " to be of type ", demangle(typeid(T).name()),
                        ", but received value of type ",
                        demangle(arguments[index].type_info().name()));
  }
  template <size_t... I>
  AnyValue invoke(std::vector<AnyValue>& arguments, std::index_sequence<I...>) {
    return AnyValue(module->forward(argument<ArgumentTypes>(arguments, I)...));
  }
};

}  // namespace detail

class AnyModule {
 public:
  AnyModule() = default;
  template <typename ModuleType>
  explicit AnyModule(std::shared_ptr<ModuleType> module)
      : content_(make_holder(std::move(module))) {}
  template <typename ModuleType>
  requires detail::is_module_v<ModuleType>
  explicit AnyModule(ModuleType&& module)
      : AnyModule(std::make_shared<std::decay_t<ModuleType>>(std::forward<ModuleType>(module))) {}
  template <typename ModuleType>
  explicit AnyModule(const ModuleHolder<ModuleType>& module_holder)
      : AnyModule(module_holder.ptr()) {}

  AnyModule(AnyModule&&) = default;
  AnyModule& operator=(AnyModule&&) = default;
  AnyModule(const AnyModule& other) : content_(other.content_ ? other.content_->copy() : nullptr) {}
  AnyModule& operator=(const AnyModule& other) {
    if (this != &other) content_ = other.content_ ? other.content_->copy() : nullptr;
    return *this;
  }

  // A deep copy of the module (Module::clone).
  AnyModule clone(std::optional<Device> device = std::nullopt) const {
    AnyModule copy;
    copy.content_ = content_ ? content_->clone_module(device) : nullptr;
    return copy;
  }

  template <typename ModuleType>
  AnyModule& operator=(std::shared_ptr<ModuleType> module) {
    return (*this = AnyModule(std::move(module)));
  }

  // Calls forward with these arguments (their types checked against its signature).
  template <typename... ArgumentTypes>
  AnyValue any_forward(ArgumentTypes&&... arguments) {
    EMBER_CHECK(!is_empty(), "Cannot call forward() on an empty AnyModule");
    std::vector<AnyValue> values;
    values.reserve(sizeof...(ArgumentTypes));
    (values.push_back(to_any_value(std::forward<ArgumentTypes>(arguments))), ...);
    return content_->forward(std::move(values));
  }
  template <typename ReturnType = Tensor, typename... ArgumentTypes>
  ReturnType forward(ArgumentTypes&&... arguments) {
    return any_forward(std::forward<ArgumentTypes>(arguments)...).template get<ReturnType>();
  }

  // The module as T (its exact type); throws for another type.
  template <typename T>
  requires detail::is_module_v<T> T& get() {
    EMBER_CHECK(!is_empty(), "Cannot call get() on an empty AnyModule");
    return *checked_ptr<T>();
  }
  template <typename T>
  requires detail::is_module_v<T>
  const T& get() const {
    EMBER_CHECK(!is_empty(), "Cannot call get() on an empty AnyModule");
    return *checked_ptr<T>();
  }
  // The module as a holder (`any.get<nn::Linear>()`).
  template <typename T, typename ContainedType = typename T::ContainedType>
  T get() const {
    return T(ptr<ContainedType>());
  }

  std::shared_ptr<Module> ptr() const {
    EMBER_CHECK(!is_empty(), "Cannot call ptr() on an empty AnyModule");
    return content_->ptr();
  }
  template <typename T>
  requires detail::is_module_v<T> std::shared_ptr<T> ptr()
  const {
    EMBER_CHECK(!is_empty(), "Cannot call ptr() on an empty AnyModule");
    return checked_ptr<T>();
  }

  const std::type_info& type_info() const {
    EMBER_CHECK(!is_empty(), "Cannot call type_info() on an empty AnyModule");
    return content_->type_info;
  }
  bool is_empty() const noexcept { return content_ == nullptr; }

 private:
  template <typename ModuleType>
  static std::unique_ptr<detail::AnyModulePlaceholder> make_holder(
      std::shared_ptr<ModuleType>&& module) {
    static_assert(detail::is_module_v<ModuleType>,
                  "Can only store object derived from nn::Module into AnyModule");
    using Arguments = typename detail::module_forward_arguments<ModuleType>::type;
    return std::make_unique<detail::AnyModuleHolder<ModuleType, Arguments>>(std::move(module));
  }
  template <typename T>
  static AnyValue to_any_value(T&& value) {
    return AnyValue(std::forward<T>(value));  // an AnyValue is moved or copied, not wrapped
  }
  template <typename T>
  std::shared_ptr<T> checked_ptr() const {
    if (typeid(T) != type_info()) {
      ember::detail::fail("Attempted to cast module of type ", detail::demangle(type_info().name()),
                          " to type ", detail::demangle(typeid(T).name()));
    }
    return std::dynamic_pointer_cast<T>(content_->ptr());
  }

  std::unique_ptr<detail::AnyModulePlaceholder> content_;
};

}  // namespace ember::nn
