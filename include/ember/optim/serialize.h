#pragma once
// torch::save(optimizer, path) / torch::load(optimizer, path): an optimizer's state (each
// parameter group's options and each parameter's state: step counts, momentum buffers, moment
// estimates) in a safetensors file, so that training resumes where it stopped:
//   torch::save(optimizer, "opt.safetensors");
//   ...
//   torch::optim::Adam resumed(model->parameters(), torch::optim::AdamOptions(1e-3));
//   torch::load(resumed, "opt.safetensors");
// The optimizer loaded into must be of the same type with the same groups of the same sizes;
// parameters are matched by their position (group by group), as PyTorch's load_state_dict
// matches them. Tensors are named "state.<i>.<field>"; numbers (options, steps) are in the
// file's metadata as "param_groups.<g>.<option>" / "state.<i>.step".
#include <string>

#include "ember/optim/optimizer.h"

namespace ember {

void save(const optim::Optimizer& optimizer, const std::string& path);
void load(optim::Optimizer& optimizer, const std::string& path);

}  // namespace ember
