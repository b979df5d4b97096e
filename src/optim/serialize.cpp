// Saving and loading an optimizer's state as safetensors (include/ember/optim/serialize.h).
#include "ember/optim/serialize.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"
#include "ember/core/demangle.h"
#include "ember/serialize/safetensors.h"

namespace ember {

namespace {

constexpr const char* kFormat = "ember.optimizer";

// The mangled name (what is compared) does not depend on how names are printed.
std::string type_name(const optim::Optimizer& optimizer) { return typeid(optimizer).name(); }

// Exactly (17 significant digits round-trip a double).
std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double parse_number(const std::string& key, const std::string& text, const std::string& path) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  EMBER_CHECK(!text.empty() && end == text.c_str() + text.size() && errno != ERANGE,
              "torch::load: ", path, " has a malformed value for \"", key, "\": \"", text, "\"");
  return v;
}

}  // namespace

void save(const optim::Optimizer& optimizer, const std::string& path) {
  optim::OptimizerArchive archive;
  const auto& groups = optimizer.param_groups();
  archive.numbers["param_groups"] = static_cast<double>(groups.size());
  size_t index = 0;  // the parameter's position over all groups
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string group_prefix = "param_groups." + std::to_string(g) + ".";
    archive.numbers[group_prefix + "params"] = static_cast<double>(groups[g].params().size());
    const optim::OptimizerOptions& options =
        groups[g].has_options() ? groups[g].options() : optimizer.defaults();
    options.save(archive, group_prefix);
    for (const Tensor& p : groups[g].params()) {
      auto it = optimizer.state().find(optim::Optimizer::param_key(p));
      if (it != optimizer.state().end()) {
        it->second->save(archive, "state." + std::to_string(index) + ".");
      }
      ++index;
    }
  }
  std::map<std::string, std::string> metadata{{"format", kFormat},
                                              {"optimizer", type_name(optimizer)}};
  for (const auto& [key, value] : archive.numbers) metadata[key] = number_text(value);
  save(archive.tensors, path, metadata);
}

void load(optim::Optimizer& optimizer, const std::string& path) {
  SafeTensors file = load_safetensors(path);
  auto meta = [&](const std::string& key) -> const std::string* {
    auto it = file.metadata.find(key);
    return it == file.metadata.end() ? nullptr : &it->second;
  };
  const std::string* format = meta("format");
  EMBER_CHECK(format && *format == kFormat, "torch::load: ", path,
              " does not hold an optimizer's state (saved by torch::save(optimizer, path))");
  const std::string* saved_type = meta("optimizer");
  const std::string type = type_name(optimizer);
  EMBER_CHECK(saved_type && *saved_type == type, "torch::load: ", path, " holds the state of a ",
              saved_type ? detail::demangle(saved_type->c_str()) : "(unnamed)",
              " optimizer, not of a ", detail::demangle(type.c_str()));
  optim::OptimizerArchive archive;
  archive.tensors = std::move(file.tensors);
  for (const auto& [key, text] : file.metadata) {
    if (key != "format" && key != "optimizer") archive.numbers[key] = parse_number(key, text, path);
  }
  auto& groups = optimizer.param_groups();
  // PyTorch's load_state_dict messages.
  EMBER_CHECK(archive.number("param_groups") == static_cast<double>(groups.size()),
              "loaded state dict has a different number of parameter groups");
  for (size_t g = 0; g < groups.size(); ++g) {
    EMBER_CHECK(archive.number("param_groups." + std::to_string(g) + ".params") ==
                    static_cast<double>(groups[g].params().size()),
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group");
  }
  // Everything is read before the optimizer changes, so a bad file leaves it as it was.
  std::vector<std::unique_ptr<optim::OptimizerOptions>> options(groups.size());
  optim::Optimizer::StateMap state;
  size_t index = 0;
  NoGradGuard no_grad;
  for (size_t g = 0; g < groups.size(); ++g) {
    const std::string group_prefix = "param_groups." + std::to_string(g) + ".";
    options[g] = (groups[g].has_options() ? groups[g].options() : optimizer.defaults()).clone();
    options[g]->load(archive, group_prefix);
    for (const Tensor& p : groups[g].params()) {
      const std::string prefix = "state." + std::to_string(index++) + ".";
      auto first = archive.numbers.lower_bound(prefix);
      auto first_tensor = archive.tensors.lower_bound(prefix);
      const bool has_state =
          (first != archive.numbers.end() && first->first.rfind(prefix, 0) == 0) ||
          (first_tensor != archive.tensors.end() && first_tensor->first.rfind(prefix, 0) == 0);
      if (!has_state) continue;
      std::unique_ptr<optim::OptimizerParamState> st = optimizer.make_param_state();
      st->load(archive, prefix);
      state[optim::Optimizer::param_key(p)] = std::move(st);
    }
  }
  for (size_t g = 0; g < groups.size(); ++g) groups[g].set_options(std::move(options[g]));
  optimizer.state() = std::move(state);
}

}  // namespace ember
