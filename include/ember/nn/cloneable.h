#pragma once
// nn::Cloneable<Derived>: libtorch's base for modules that can be deep-copied. Derived implements
// reset(), which (re)creates all of its parameters, buffers and submodules; clone() copies the
// module, calls reset() on the copy and then copies the original's tensor values into it.
#include <memory>
#include <optional>

#include "ember/autograd/grad_mode.h"
#include "ember/nn/module.h"

namespace ember::nn {

template <typename Derived>
class Cloneable : public Module {
 public:
  using Module::Module;

  // (Re)creates the module's parameters, buffers and submodules from its options.
  virtual void reset() = 0;

  std::shared_ptr<Module> clone(const std::optional<Device>& device = std::nullopt) const override {
    NoGradGuard no_grad;
    const auto& self = static_cast<const Derived&>(*this);
    auto copy = std::make_shared<Derived>(self);
    copy->parameters_.clear();
    copy->buffers_.clear();
    copy->children_.clear();
    copy->reset();
    EMBER_CHECK(copy->parameters_.size() == parameters_.size(),
                "The cloned module does not have the same number of parameters as the original "
                "module after calling reset(). Are you sure you called register_parameter() "
                "inside reset() and not the constructor?");
    for (const auto& parameter : parameters_) {
      copy_value(copy->parameters_[parameter.key()], parameter.value(), device);
    }
    EMBER_CHECK(copy->buffers_.size() == buffers_.size(),
                "The cloned module does not have the same number of buffers as the original "
                "module after calling reset(). Are you sure you called register_buffer() inside "
                "reset() and not the constructor?");
    for (const auto& buffer : buffers_) {
      copy_value(copy->buffers_[buffer.key()], buffer.value(), device);
    }
    static_cast<Module&>(*copy).refresh_tensor_members();
    EMBER_CHECK(copy->children_.size() == children_.size(),
                "The cloned module does not have the same number of child modules as the "
                "original module after calling reset(). Are you sure you called "
                "register_module() inside reset() and not the constructor?");
    for (const auto& child : children_) {
      copy->children_[child.key()]->clone_(*child.value(), device);
    }
    return copy;
  }

 private:
  // The copy's tensor (made by reset()) takes the original's value and requires_grad flag.
  static void copy_value(Tensor& slot, const Tensor& original,
                         const std::optional<Device>& device) {
    if (!original.defined()) {
      slot = Tensor();
      return;
    }
    Tensor data = device && original.device() != *device ? original.to(*device) : original.clone();
    set_slot(slot, data);
    if (data.is_floating_point()) slot.requires_grad_(original.requires_grad());
  }

  void clone_(Module& other, const std::optional<Device>& device) final {
    auto clone = std::dynamic_pointer_cast<Derived>(other.clone(device));
    EMBER_CHECK(clone != nullptr,
                "Attempted to clone submodule, but it is of a different type than the submodule "
                "it was to be cloned into");
    static_cast<Derived&>(*this) = *clone;
  }
};

}  // namespace ember::nn
