#pragma once
// torch::save(module, path) / torch::load(module, path): a module's state (its parameters and
// buffers, under their dotted names as named_parameters() gives them) in a safetensors file, so
// that Python's `safetensors.torch.load_file` and `model.load_state_dict` read it too.
//
//   torch::nn::Linear net(3, 2);
//   torch::save(net, "net.safetensors");
//   torch::nn::Linear fresh(3, 2);
//   torch::load(fresh, "net.safetensors");   // fresh's tensors now hold net's values
#include <map>
#include <memory>
#include <string>
#include <type_traits>

#include "ember/nn/module.h"
#include "ember/nn/pimpl.h"
#include "ember/serialize/safetensors.h"

namespace ember {

namespace nn {
// The module's parameters then buffers, by dotted name (a state dict).
std::map<std::string, Tensor> state_dict(const Module& module);
}  // namespace nn

// Writes the module's state; `metadata` goes into the file's "__metadata__".
void save(const nn::Module& module, const std::string& path,
          const std::map<std::string, std::string>& metadata = {});
// Copies the file's tensors into the module's parameters and buffers (no autograd history; the
// module keeps its tensors, so optimizers holding them see the new values). Every parameter and
// buffer must be in the file with its shape (the dtype is converted); the file may hold more.
void load(nn::Module& module, const std::string& path);

template <class M>
requires std::is_base_of_v<nn::Module, M>
void save(const std::shared_ptr<M>& module, const std::string& path,
          const std::map<std::string, std::string>& metadata = {}) {
  save(static_cast<const nn::Module&>(*module), path, metadata);
}
template <class M>
requires std::is_base_of_v<nn::Module, M>
void load(const std::shared_ptr<M>& module, const std::string& path) {
  load(static_cast<nn::Module&>(*module), path);
}
template <class Impl>
void save(const nn::ModuleHolder<Impl>& module, const std::string& path,
          const std::map<std::string, std::string>& metadata = {}) {
  save(static_cast<const nn::Module&>(*module), path, metadata);
}
template <class Impl>
void load(nn::ModuleHolder<Impl>& module, const std::string& path) {
  load(static_cast<nn::Module&>(*module), path);
}

}  // namespace ember
