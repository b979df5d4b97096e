#pragma once
// ModuleHolder<Impl>: libtorch's "module holder", a shared pointer to a module with value-like
// syntax. EMBER_MODULE(Linear) (libtorch's TORCH_MODULE) defines the holder `Linear` for
// `LinearImpl`:
//
//   nn::Linear fc(3, 2);                 // make_shared<LinearImpl>(3, 2)
//   fc->weight;  fc(x);  fc->forward(x); // member access and forward through the pointer
//   nn::Linear empty = nullptr;          // no module yet (assigned later)
#include <memory>
#include <ostream>
#include <type_traits>
#include <utility>

#include "ember/core/Error.h"

namespace ember::nn {

namespace detail {
// Base of every ModuleHolder: lets templates tell holders from modules.
struct ModuleHolderIndicator {};

template <class T>
inline constexpr bool is_module_holder_v =
    std::is_base_of_v<ModuleHolderIndicator, std::decay_t<T>>;

template <class T, class Contained>
struct is_module_holder_of : std::false_type {};
template <class T, class Contained>
requires is_module_holder_v<T>
struct is_module_holder_of<T, Contained>
    : std::is_same<typename std::decay_t<T>::ContainedType, Contained> {
};
}  // namespace detail

template <typename Contained>
class ModuleHolder : detail::ModuleHolderIndicator {
 protected:
  std::shared_ptr<Contained> impl_;

 public:
  using ContainedType = Contained;

  // Default-constructs the module when it has a default constructor (else: use = nullptr).
  ModuleHolder() : impl_(default_construct()) {
    static_assert(std::is_default_constructible_v<Contained>,
                  "You are trying to default construct a module which has no default "
                  "constructor. Use = nullptr to give it the empty state (e.g. `Linear linear = "
                  "nullptr;` instead of `Linear linear;`).");
  }
  ModuleHolder(std::nullptr_t) : impl_(nullptr) {}  // NOLINT: implicit, as libtorch

  // Constructs the module from these arguments (`Linear(3, 2)`, `Linear(LinearOptions(3, 2))`).
  template <typename Head, typename... Tail>
  requires(!(detail::is_module_holder_of<Head, Contained>::value &&
             sizeof...(Tail) == 0)) explicit ModuleHolder(Head&& head, Tail&&... tail)
      : impl_(new Contained(std::forward<Head>(head), std::forward<Tail>(tail)...)) {}

  ModuleHolder(std::shared_ptr<Contained> module)  // NOLINT: implicit, as libtorch
      : impl_(std::move(module)) {}

  explicit operator bool() const noexcept { return !is_empty(); }
  Contained* operator->() { return get(); }
  const Contained* operator->() const { return get(); }
  Contained& operator*() { return *get(); }
  const Contained& operator*() const { return *get(); }
  const std::shared_ptr<Contained>& ptr() const {
    EMBER_CHECK(!is_empty(), "Accessing empty ModuleHolder");
    return impl_;
  }
  Contained* get() {
    EMBER_CHECK(!is_empty(), "Accessing empty ModuleHolder");
    return impl_.get();
  }
  const Contained* get() const {
    EMBER_CHECK(!is_empty(), "Accessing empty ModuleHolder");
    return impl_.get();
  }

  // Calls the module's forward().
  template <typename... Args>
  decltype(auto) operator()(Args&&... args) {
    return get()->forward(std::forward<Args>(args)...);
  }
  // Indexes the module (Sequential, ModuleList).
  template <typename Arg>
  decltype(auto) operator[](Arg&& arg) {
    return (*get())[std::forward<Arg>(arg)];
  }

  bool is_empty() const noexcept { return impl_ == nullptr; }

 private:
  static std::shared_ptr<Contained> default_construct() {
    if constexpr (std::is_default_constructible_v<Contained>) {
      return std::make_shared<Contained>();
    } else {
      return nullptr;
    }
  }
};

// Prints the module (libtorch's pretty print).
template <typename ModuleType>
std::ostream& operator<<(std::ostream& stream, const ModuleHolder<ModuleType>& module) {
  return stream << *module;
}

}  // namespace ember::nn

// EMBER_MODULE(Name): the holder class `Name` for the module class `NameImpl`.
#define EMBER_MODULE_IMPL(Name, ImplType)                    \
  class Name : public ::ember::nn::ModuleHolder<ImplType> {  \
   public:                                                   \
    using ::ember::nn::ModuleHolder<ImplType>::ModuleHolder; \
    using Impl = ImplType;                                   \
  }
#define EMBER_MODULE(Name) EMBER_MODULE_IMPL(Name, Name##Impl)

// libtorch's spellings.
#ifndef TORCH_MODULE
#define TORCH_MODULE_IMPL(Name, ImplType) EMBER_MODULE_IMPL(Name, ImplType)
#define TORCH_MODULE(Name) EMBER_MODULE(Name)
#endif
