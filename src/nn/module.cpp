// nn::Module: registration, traversal, training mode, conversion and printing, as libtorch's
// torch/csrc/api/src/nn/module.cpp.
#include "ember/nn/module.h"

#include <ostream>

#include "ember/autograd/grad_mode.h"
#include "ember/core/demangle.h"

namespace ember::nn {

namespace {

// "prefix.name", or "name" for an empty prefix.
std::string join_name(const std::string& name_prefix, const std::string& name) {
  return name_prefix.empty() ? name : name_prefix + "." + name;
}

}  // namespace

Module::Module(std::string name) : name_(std::move(name)) {}
Module::Module() = default;

const std::string& Module::name() const noexcept {
  // Not in the constructor: there typeid(*this) is the base class being constructed.
  if (!name_) name_ = detail::demangle(typeid(*this).name());
  return *name_;
}

namespace {
[[noreturn]] void fail_not_cloneable(const std::string& name) {
  const char* ns = ::ember::detail::printed_namespace();
  ember::detail::fail("clone() has not been implemented for ", name, ". Subclass ", ns,
                      "::nn::Cloneable<", name, "> instead of ", ns,
                      "::nn::Module to inherit the ability to clone.");
}
}  // namespace

std::shared_ptr<Module> Module::clone(const std::optional<Device>& /*device*/) const {
  fail_not_cloneable(name());
}

void Module::clone_(Module& /*other*/, const std::optional<Device>& /*device*/) {
  fail_not_cloneable(name());
}

// ---- traversal ------------------------------------------------------------------------------

void Module::apply(const ModuleApplyFunction& function) {
  function(*this);
  apply_to_submodules([&function](const std::string&, const std::shared_ptr<Module>& module) {
    function(*module);
  });
}

void Module::apply(const ConstModuleApplyFunction& function) const {
  function(*this);
  apply_to_submodules([&function](const std::string&, const std::shared_ptr<Module>& module) {
    function(*module);
  });
}

void Module::apply(const NamedModuleApplyFunction& function, const std::string& name_prefix) {
  function(name_prefix, *this);
  apply_to_submodules(
      [&function](const std::string& name, const std::shared_ptr<Module>& module) {
        function(name, *module);
      },
      name_prefix);
}

void Module::apply(const ConstNamedModuleApplyFunction& function,
                   const std::string& name_prefix) const {
  function(name_prefix, *this);
  apply_to_submodules(
      [&function](const std::string& name, const std::shared_ptr<Module>& module) {
        function(name, *module);
      },
      name_prefix);
}

void Module::apply(const ModulePointerApplyFunction& function) const {
  function(shared_from_this_checked());
  apply_to_submodules(
      [&function](const std::string&, const std::shared_ptr<Module>& module) { function(module); });
}

void Module::apply(const NamedModulePointerApplyFunction& function,
                   const std::string& name_prefix) const {
  function(name_prefix, shared_from_this_checked());
  apply_to_submodules(function, name_prefix);
}

void Module::apply_to_submodules(const NamedModulePointerApplyFunction& function,
                                 const std::string& name_prefix) const {
  for (const auto& child : children_) {
    const std::string qualified = join_name(name_prefix, child.key());
    function(qualified, child.value());
    child.value()->apply_to_submodules(function, qualified);
  }
}

std::shared_ptr<Module> Module::shared_from_this_checked() const {
  std::shared_ptr<const Module> ptr;
  try {
    ptr = shared_from_this();
  } catch (const std::bad_weak_ptr&) {
    ember::detail::fail(
        "It looks like you attempted to retrieve your top-level module as a shared_ptr, but it "
        "is not stored in a shared_ptr. Use std::make_shared<",
        name(),
        "> instead of creating your module on the stack, or alternatively do not try to "
        "access your top-level module at all by passing /*include_self=*/false to "
        "modules() or named_modules()");
  }
  return std::const_pointer_cast<Module>(ptr);
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  return named_parameters(recurse).values();
}

OrderedDict<std::string, Tensor> Module::named_parameters(bool recurse) const {
  OrderedDict<std::string, Tensor> result;
  if (!recurse) {
    for (const auto& p : parameters_) {
      if (p.value().defined()) result.insert(p.key(), p.value());
    }
    return result;
  }
  apply([&result](const std::string& name, const Module& module) {
    for (const auto& p : module.named_parameters(/*recurse=*/false)) {
      result.insert(join_name(name, p.key()), p.value());
    }
  });
  return result;
}

std::vector<Tensor> Module::buffers(bool recurse) const { return named_buffers(recurse).values(); }

OrderedDict<std::string, Tensor> Module::named_buffers(bool recurse) const {
  OrderedDict<std::string, Tensor> result;
  if (!recurse) {
    for (const auto& b : buffers_) {
      if (b.value().defined()) result.insert(b.key(), b.value());
    }
    return result;
  }
  apply([&result](const std::string& name, const Module& module) {
    for (const auto& b : module.named_buffers(/*recurse=*/false)) {
      result.insert(join_name(name, b.key()), b.value());
    }
  });
  return result;
}

std::vector<std::shared_ptr<Module>> Module::modules(bool include_self) const {
  std::vector<std::shared_ptr<Module>> result;
  if (include_self) {
    apply([&result](const std::shared_ptr<Module>& module) { result.push_back(module); });
  } else {
    apply_to_submodules([&result](const std::string&, const std::shared_ptr<Module>& module) {
      result.push_back(module);
    });
  }
  return result;
}

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_modules(
    const std::string& name_prefix, bool include_self) const {
  OrderedDict<std::string, std::shared_ptr<Module>> result;
  if (include_self) {
    apply([&result](const std::string& key,
                    const std::shared_ptr<Module>& module) { result.insert(key, module); },
          name_prefix);
  } else {
    apply_to_submodules(
        [&result](const std::string& key, const std::shared_ptr<Module>& module) {
          result.insert(key, module);
        },
        name_prefix);
  }
  return result;
}

std::vector<std::shared_ptr<Module>> Module::children() const { return children_.values(); }

OrderedDict<std::string, std::shared_ptr<Module>> Module::named_children() const {
  return children_;
}

// ---- modes, conversion, gradients -------------------------------------------------------------

void Module::train(bool on) {
  for (auto& child : children_) child.value()->train(on);
  is_training_ = on;
}

void Module::eval() { train(/*on=*/false); }

bool Module::is_training() const noexcept { return is_training_; }

// As libtorch: Tensor::set_data converts in place, so every handle to a parameter (the module's
// members, an optimizer's list) sees the converted tensor.
void Module::set_slot(Tensor& slot, const Tensor& value) {
  if (slot.defined()) {
    slot.set_data(value);
  } else {
    slot = value.detach();
  }
}

void Module::convert_tensors(const std::function<Tensor(const Tensor&)>& convert) {
  auto convert_dict = [&](OrderedDict<std::string, Tensor>& dict) {
    for (auto& item : dict) {
      Tensor& t = item.value();
      if (!t.defined()) continue;
      Tensor converted = convert(t);
      if (converted.is_same(t)) continue;
      set_slot(t, converted);
    }
  };
  {
    NoGradGuard no_grad;
    convert_dict(parameters_);
    convert_dict(buffers_);
  }
  refresh_tensor_members();
}

void Module::to(Device device, ScalarType dtype, bool non_blocking) {
  for (auto& child : children_) child.value()->to(device, dtype, non_blocking);
  convert_tensors([&](const Tensor& t) { return t.to(device, dtype, non_blocking); });
}

void Module::to(ScalarType dtype, bool non_blocking) {
  for (auto& child : children_) child.value()->to(dtype, non_blocking);
  convert_tensors([&](const Tensor& t) { return t.to(dtype, non_blocking); });
}

void Module::to(Device device, bool non_blocking) {
  for (auto& child : children_) child.value()->to(device, non_blocking);
  convert_tensors([&](const Tensor& t) { return t.to(device, non_blocking); });
}

void Module::zero_grad(bool set_to_none) {
  for (auto& child : children_) child.value()->zero_grad(set_to_none);
  for (auto& p : named_parameters(/*recurse=*/false)) {
    Tensor& grad = p.value().mutable_grad();
    if (!grad.defined()) continue;
    if (set_to_none) {
      grad = Tensor();
    } else {
      grad = grad.detach();
      grad.zero_();
    }
  }
}

// ---- registration -----------------------------------------------------------------------------

Tensor& Module::register_parameter(std::string name, Tensor tensor, bool requires_grad) {
  EMBER_CHECK(!name.empty(), "Parameter name must not be empty");
  EMBER_CHECK(name.find('.') == std::string::npos, "Parameter name must not contain a dot (got '",
              name, "')");
  // An undefined tensor cannot require grad: libtorch warns and ignores requires_grad then.
  if (tensor.defined()) tensor.requires_grad_(requires_grad);
  return parameters_.insert(std::move(name), std::move(tensor));
}

Tensor& Module::register_buffer(std::string name, Tensor tensor) {
  EMBER_CHECK(!name.empty(), "Buffer name must not be empty");
  EMBER_CHECK(name.find('.') == std::string::npos, "Buffer name must not contain a dot (got '",
              name, "')");
  return buffers_.insert(std::move(name), std::move(tensor));
}

Tensor Module::registered_parameter(const std::string& name) const {
  const Tensor* t = parameters_.find(name);
  return t ? *t : Tensor();
}

Tensor Module::registered_buffer(const std::string& name) const {
  const Tensor* t = buffers_.find(name);
  return t ? *t : Tensor();
}

void Module::check_submodule_name(const std::string& name) {
  EMBER_CHECK(!name.empty(), "Submodule name must not be empty");
  EMBER_CHECK(name.find('.') == std::string::npos, "Submodule name must not contain a dot (got '",
              name, "')");
}

void Module::unregister_module(const std::string& name) {
  EMBER_CHECK(children_.contains(name), "No Module with name `", name, "` is registered");
  children_.erase(name);
}

// ---- printing ---------------------------------------------------------------------------------

void Module::pretty_print(std::ostream& stream) const { stream << name(); }

void Module::pretty_print_recursive(std::ostream& stream, const std::string& indentation) const {
  pretty_print(stream);
  if (!children_.is_empty()) {
    stream << "(\n";
    const std::string next = indentation + "  ";
    for (const auto& child : children_) {
      stream << next << "(" << child.key() << "): ";
      child.value()->pretty_print_recursive(stream, next);
      stream << '\n';
    }
    stream << indentation << ")";
  }
}

std::ostream& operator<<(std::ostream& stream, const Module& module) {
  module.pretty_print_recursive(stream, "");
  return stream;
}

}  // namespace ember::nn
