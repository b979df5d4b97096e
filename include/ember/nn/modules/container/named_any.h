#pragma once
// NamedAnyModule: a name and a module, for Sequential's {{"name", module}, ...} constructor.
#include <memory>
#include <string>
#include <utility>

#include "ember/nn/modules/container/any.h"

namespace ember::nn {

class NamedAnyModule {
 public:
  template <typename ModuleType>
  NamedAnyModule(std::string name, std::shared_ptr<ModuleType> module_ptr)
      : NamedAnyModule(std::move(name), AnyModule(std::move(module_ptr))) {}
  template <typename M>
  requires detail::is_module_v<M> NamedAnyModule(std::string name, M&& module)
      : NamedAnyModule(std::move(name),
                       std::make_shared<std::remove_reference_t<M>>(std::forward<M>(module))) {}
  template <typename M>
  NamedAnyModule(std::string name, const ModuleHolder<M>& module_holder)
      : NamedAnyModule(std::move(name), module_holder.ptr()) {}
  NamedAnyModule(std::string name, AnyModule any_module)
      : name_(std::move(name)), module_(std::move(any_module)) {}

  const std::string& name() const noexcept { return name_; }
  AnyModule& module() noexcept { return module_; }
  const AnyModule& module() const noexcept { return module_; }

 private:
  std::string name_;
  AnyModule module_;
};

}  // namespace ember::nn
