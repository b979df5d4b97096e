#pragma once
// nn::Module: libtorch's base class of every module. A module owns named parameters (tensors that
// require grad), buffers (state such as BatchNorm's running statistics) and submodules, in
// registration order:
//
//   struct NetImpl : torch::nn::Module {
//     NetImpl() {
//       fc = register_module("fc", torch::nn::Linear(3, 2));
//       scale = register_parameter("scale", torch::ones({2}));
//     }
//     torch::Tensor forward(torch::Tensor x) { return fc(x) * scale; }
//     torch::nn::Linear fc{nullptr};
//     torch::Tensor scale;
//   };
//   TORCH_MODULE(Net);
//
// named_parameters() names them as libtorch and Python do ("scale", "fc.weight", "fc.bias": the
// module's own first, then each submodule's, depth first), and `std::cout << *net` prints the
// module tree in libtorch's format (with ember:: where libtorch prints torch::).
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "ember/core/Device.h"
#include "ember/core/Tensor.h"
#include "ember/core/demangle.h"
#include "ember/nn/ordered_dict.h"
#include "ember/nn/pimpl.h"

namespace ember::nn {

class Module;

namespace detail {
template <class T>
inline constexpr bool is_module_v = std::is_base_of_v<Module, std::decay_t<T>>;
using ember::detail::demangle;
}  // namespace detail

class Module : public std::enable_shared_from_this<Module> {
 public:
  using ModuleApplyFunction = std::function<void(Module&)>;
  using ConstModuleApplyFunction = std::function<void(const Module&)>;
  using NamedModuleApplyFunction = std::function<void(const std::string&, Module&)>;
  using ConstNamedModuleApplyFunction = std::function<void(const std::string&, const Module&)>;
  using ModulePointerApplyFunction = std::function<void(const std::shared_ptr<Module>&)>;
  using NamedModulePointerApplyFunction =
      std::function<void(const std::string&, const std::shared_ptr<Module>&)>;

  // A module named `name` (else name() is its demangled class name).
  explicit Module(std::string name);
  Module();
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;
  virtual ~Module() = default;

  // The module's name: the one given to the constructor or its C++ class name
  // ("ember::nn::LinearImpl", "NetImpl").
  const std::string& name() const noexcept;

  // A deep copy (parameters and buffers copied). Modules deriving from nn::Cloneable implement
  // it; others throw, as libtorch.
  virtual std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const;

  // Calls f on this module and every submodule, depth first (named: with dotted names).
  void apply(const ModuleApplyFunction& function);
  void apply(const ConstModuleApplyFunction& function) const;
  void apply(const NamedModuleApplyFunction& function, const std::string& name_prefix = {});
  void apply(const ConstNamedModuleApplyFunction& function,
             const std::string& name_prefix = {}) const;
  void apply(const ModulePointerApplyFunction& function) const;
  void apply(const NamedModulePointerApplyFunction& function,
             const std::string& name_prefix = {}) const;

  // Parameters and buffers (undefined ones, such as a Linear's missing bias, are left out).
  std::vector<Tensor> parameters(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_parameters(bool recurse = true) const;
  std::vector<Tensor> buffers(bool recurse = true) const;
  OrderedDict<std::string, Tensor> named_buffers(bool recurse = true) const;

  // This module (when include_self) and all submodules, depth first; named ones by dotted path
  // ("" for this module).
  std::vector<std::shared_ptr<Module>> modules(bool include_self = true) const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_modules(
      const std::string& name_prefix = {}, bool include_self = true) const;
  // The direct submodules.
  std::vector<std::shared_ptr<Module>> children() const;
  OrderedDict<std::string, std::shared_ptr<Module>> named_children() const;

  // Training mode (Dropout drops, BatchNorm uses batch statistics) or evaluation mode, for this
  // module and all submodules.
  virtual void train(bool on = true);
  void eval();
  virtual bool is_training() const noexcept;

  // Converts every parameter and buffer (recursively) to the dtype / device. Parameters stay
  // leaves with their requires_grad flag.
  virtual void to(Device device, ScalarType dtype, bool non_blocking = false);
  virtual void to(ScalarType dtype, bool non_blocking = false);
  virtual void to(Device device, bool non_blocking = false);

  // Resets the gradients of all parameters: to zero, or to undefined when set_to_none
  // (libtorch 1.13's default is false).
  virtual void zero_grad(bool set_to_none = false);

  // This module as ModuleType (a module class or a holder), or nullptr.
  template <typename ModuleType>
  requires detail::is_module_holder_v<ModuleType>
  typename ModuleType::ContainedType* as() noexcept {
    return as<typename ModuleType::ContainedType>();
  }
  template <typename ModuleType>
  requires detail::is_module_holder_v<ModuleType>
  const typename ModuleType::ContainedType* as() const noexcept {
    return as<typename ModuleType::ContainedType>();
  }
  template <typename ModuleType>
  requires(!detail::is_module_holder_v<ModuleType>) ModuleType* as() noexcept {
    return dynamic_cast<ModuleType*>(this);
  }
  template <typename ModuleType>
  requires(!detail::is_module_holder_v<ModuleType>) const ModuleType* as() const noexcept {
    return dynamic_cast<const ModuleType*>(this);
  }

  // The one-line description of this module (without its submodules): its name by default;
  // built-in modules print their options, e.g. "ember::nn::Linear(in_features=3, ...)".
  virtual void pretty_print(std::ostream& stream) const;
  virtual bool is_serializable() const { return true; }

  // Registers a parameter (requires_grad set as asked; an undefined tensor is kept as a
  // placeholder that parameters() skips). Returns the stored tensor.
  Tensor& register_parameter(std::string name, Tensor tensor, bool requires_grad = true);
  Tensor& register_buffer(std::string name, Tensor tensor);

  // Registers a submodule; returns it (a holder converts from the returned shared_ptr).
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              std::shared_ptr<ModuleType> module) {
    check_submodule_name(name);
    auto& base = children_.insert(std::move(name), std::shared_ptr<Module>(std::move(module)));
    return std::dynamic_pointer_cast<ModuleType>(base);
  }
  template <typename ModuleType>
  std::shared_ptr<ModuleType> register_module(std::string name,
                                              ModuleHolder<ModuleType> module_holder) {
    return register_module(std::move(name), module_holder.ptr());
  }
  // Replaces an already registered submodule.
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name,
                                             std::shared_ptr<ModuleType> module) {
    auto& base = (children_[name] = std::shared_ptr<Module>(std::move(module)));
    return std::dynamic_pointer_cast<ModuleType>(base);
  }
  template <typename ModuleType>
  std::shared_ptr<ModuleType> replace_module(const std::string& name,
                                             ModuleHolder<ModuleType> module_holder) {
    return replace_module(name, module_holder.ptr());
  }
  void unregister_module(const std::string& name);

 protected:
  // Called after clone() or to() set this module's parameters and buffers: modules that keep
  // handles to them in members (LinearImpl::weight, ...) refresh those here.
  virtual void refresh_tensor_members() {}
  // The tensor registered as parameter / buffer `name` (undefined when there is none).
  Tensor registered_parameter(const std::string& name) const;
  Tensor registered_buffer(const std::string& name) const;

  OrderedDict<std::string, Tensor> parameters_{"Parameter"};

 private:
  friend std::ostream& operator<<(std::ostream& stream, const Module& module);
  template <typename Derived>
  friend class Cloneable;

  // Makes this module a deep copy of `other` (Cloneable implements it).
  virtual void clone_(Module& other, const std::optional<Device>& device);
  static void check_submodule_name(const std::string& name);
  void pretty_print_recursive(std::ostream& stream, const std::string& indentation) const;
  void apply_to_submodules(const NamedModulePointerApplyFunction& function,
                           const std::string& name_prefix = {}) const;
  std::shared_ptr<Module> shared_from_this_checked() const;
  void convert_tensors(const std::function<Tensor(const Tensor&)>& convert);
  // Makes `slot` hold `value`'s data in place (Tensor::set_data); an undefined slot becomes
  // value.detach() (then refresh_tensor_members() is due).
  static void set_slot(Tensor& slot, const Tensor& value);

  OrderedDict<std::string, Tensor> buffers_{"Buffer"};
  OrderedDict<std::string, std::shared_ptr<Module>> children_{"Submodule"};
  mutable std::optional<std::string> name_;
  bool is_training_ = true;
};

// Prints the module and its submodules, indented, as libtorch does.
std::ostream& operator<<(std::ostream& stream, const Module& module);

}  // namespace ember::nn
