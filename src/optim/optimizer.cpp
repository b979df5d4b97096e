#include "ember/optim/optimizer.h"

#include <sstream>
#include <utility>

#include "ember/autograd/grad_mode.h"
#include "ember/core/Error.h"

namespace ember::optim {

std::unique_ptr<OptimizerParamState> OptimizerParamState::clone() const {
  detail::fail<>("clone() has not been implemented for torch::optim::OptimizerParamState. ",
                 "Subclass torch::optim::OptimizerCloneableParamState<YourOptimizerParamState> ",
                 "instead of torch::optim::OptimizerParamState to inherit the ability to clone.");
}

std::unique_ptr<OptimizerOptions> OptimizerOptions::clone() const {
  detail::fail<>("clone() has not been implemented for torch::optim::OptimizerOptions. ",
                 "Subclass torch::optim::OptimizerCloneableOptions<YourOptimizerOptions> ",
                 "instead of torch::optim::OptimizerOptions to inherit the ability to clone.");
}

const Tensor& OptimizerArchive::tensor(const std::string& name) const {
  auto it = tensors.find(name);
  EMBER_CHECK(it != tensors.end(), "the saved optimizer has no tensor \"", name, "\"");
  return it->second;
}

double OptimizerArchive::number(const std::string& name) const {
  auto it = numbers.find(name);
  EMBER_CHECK(it != numbers.end(), "the saved optimizer has no value \"", name, "\"");
  return it->second;
}

Tensor OptimizerArchive::optional_tensor(const std::string& name) const {
  auto it = tensors.find(name);
  return it == tensors.end() ? Tensor() : it->second;
}

void OptimizerParamState::save(OptimizerArchive&, const std::string&) const {
  detail::fail<>("save() has not been implemented for this torch::optim::OptimizerParamState: ",
                 "override save() and load() in it to save and load its optimizer");
}
void OptimizerParamState::load(const OptimizerArchive&, const std::string&) {
  detail::fail<>("load() has not been implemented for this torch::optim::OptimizerParamState: ",
                 "override save() and load() in it to save and load its optimizer");
}
void OptimizerOptions::save(OptimizerArchive&, const std::string&) const {
  detail::fail<>("save() has not been implemented for this torch::optim::OptimizerOptions: ",
                 "override save() and load() in it to save and load its optimizer");
}
void OptimizerOptions::load(const OptimizerArchive&, const std::string&) {
  detail::fail<>("load() has not been implemented for this torch::optim::OptimizerOptions: ",
                 "override save() and load() in it to save and load its optimizer");
}
std::unique_ptr<OptimizerParamState> Optimizer::make_param_state() const {
  detail::fail<>("make_param_state() has not been implemented for this optimizer: override it ",
                 "to load the optimizer's state");
}

double OptimizerOptions::get_lr() const {
  detail::fail<>(
      "double get_lr() has not been overidden and implemented in subclass of "
      "torch::optim::OptimizerOptions, you must override it in your subclass.");
}

void OptimizerOptions::set_lr(const double) {
  detail::fail<>(
      "double set_lr() has not been overidden and implemented in subclass of "
      "torch::optim::OptimizerOptions, you must override it in your subclass.");
}

OptimizerOptions& OptimizerParamGroup::options() {
  return const_cast<OptimizerOptions&>(std::as_const(*this).options());
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  // libtorch's TORCH_CHECK(has_options()) message.
  EMBER_CHECK(has_options(),
              "Expected has_options() to be true, but got false.  (Could this error message be "
              "improved?  If so, please report an enhancement request to PyTorch.)");
  return *options_;
}

Optimizer::Optimizer(std::vector<OptimizerParamGroup> param_groups,
                     std::unique_ptr<OptimizerOptions> defaults)
    : defaults_(std::move(defaults)) {
  EMBER_CHECK(defaults_ != nullptr, "an optimizer needs default options");
  for (const auto& group : param_groups) add_param_group(group);
}

std::string Optimizer::param_key(const Tensor& p) {
  // c10::guts::to_string(p.unsafeGetTensorImpl()), as libtorch keys its state.
  std::ostringstream os;
  os << static_cast<const void*>(p.unsafeGetTensorImpl());
  return os.str();
}

void Optimizer::add_param_group(const OptimizerParamGroup& param_group) {
  for (const auto& param : param_group.params()) {
    EMBER_CHECK(param.is_leaf(), "can't optimize a non-leaf Tensor");
  }
  OptimizerParamGroup group(param_group.params());
  group.set_options(param_group.has_options() ? param_group.options().clone() : defaults_->clone());
  for (const auto& p : group.params()) {
    EMBER_CHECK(state_.count(param_key(p)) == 0,
                "some parameters appear in more than one parameter group");
  }
  param_groups_.emplace_back(std::move(group));
}

void Optimizer::add_parameters(const std::vector<Tensor>& parameters) {
  auto& params = this->parameters();
  params.insert(params.end(), parameters.begin(), parameters.end());
}

void Optimizer::zero_grad() {
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) {
      Tensor grad = p.grad();  // shares the gradient's TensorImpl
      if (grad.defined()) {
        grad.detach_();
        NoGradGuard no_grad;
        grad.zero_();
      }
    }
  }
}

const std::vector<Tensor>& Optimizer::parameters() const {
  EMBER_CHECK(!param_groups_.empty(), "parameters(): the optimizer has no param_groups");
  return param_groups_.front().params();
}

std::vector<Tensor>& Optimizer::parameters() {
  return const_cast<std::vector<Tensor>&>(std::as_const(*this).parameters());
}

size_t Optimizer::size() const noexcept {
  size_t count = 0;
  for (const auto& group : param_groups_) count += group.params().size();
  return count;
}

}  // namespace ember::optim
