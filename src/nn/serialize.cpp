// Saving and loading a module's state as safetensors (include/ember/nn/serialize.h).
#include "ember/nn/serialize.h"

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"

namespace ember {

std::map<std::string, Tensor> nn::state_dict(const Module& module) {
  std::map<std::string, Tensor> state;
  for (const auto& p : module.named_parameters()) state[p.key()] = p.value();
  for (const auto& b : module.named_buffers()) state[b.key()] = b.value();
  return state;
}

void save(const nn::Module& module, const std::string& path,
          const std::map<std::string, std::string>& metadata) {
  save(nn::state_dict(module), path, metadata);
}

void load(nn::Module& module, const std::string& path) {
  const std::map<std::string, Tensor> saved = load_tensors(path);
  NoGradGuard no_grad;
  // In the module's order (parameters, then buffers), as libtorch reads them.
  auto read = [&](const std::string& name, Tensor tensor) {
    auto it = saved.find(name);
    EMBER_CHECK(it != saved.end(), "No such serialized tensor '", name, "' in ", path);
    EMBER_CHECK(it->second.sizes() == tensor.sizes(), "size mismatch for ", name,
                ": copying a param with shape ", it->second.sizes(), " from ", path,
                ", the shape in current model is ", tensor.sizes(), ".");
    tensor.copy_(it->second);  // tensor shares the module's TensorImpl
  };
  for (const auto& p : module.named_parameters()) read(p.key(), p.value());
  for (const auto& b : module.named_buffers()) read(b.key(), b.value());
}

}  // namespace ember
