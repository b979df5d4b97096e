// Function<T>::apply's non-generic part and AutogradContext
// (include/ember/autograd/custom_function.h): the node itself is record_custom's; this file decides
// which outputs it owns, keeps the saved tensors as SavedVariables and checks what the user's
// backward returns, with libtorch's messages.
#include "ember/autograd/custom_function.h"

#include <algorithm>

#include "autograd/function.h"
#include "ember/autograd/autograd.h"
#include "ember/core/demangle.h"
#include "ember/ops/creation.h"

namespace ember::autograd {

struct AutogradContext::Saved {
  std::vector<SavedVariable> variables;
  bool freed = false;
};

AutogradContext::AutogradContext() : saved_(std::make_unique<Saved>()) {}
AutogradContext::~AutogradContext() = default;

void AutogradContext::save_for_backward(variable_list to_save) { to_save_ = std::move(to_save); }

void AutogradContext::mark_dirty(const variable_list& inputs) {
  dirty_.clear();
  for (const Tensor& t : inputs) dirty_.insert(t.unsafeGetTensorImpl());
}

void AutogradContext::mark_non_differentiable(const variable_list& outputs) {
  non_differentiable_.clear();
  for (const Tensor& t : outputs) non_differentiable_.insert(t.unsafeGetTensorImpl());
}

void AutogradContext::set_materialize_grads(bool value) { materialize_grads_ = value; }

variable_list AutogradContext::get_saved_variables() const {
  EMBER_CHECK(!saved_->freed,
              "Trying to backward through the graph a second time (or directly access saved "
              "tensors after they have already been freed). Saved intermediate values of the "
              "graph are freed when you call .backward() or autograd.grad(). Specify "
              "retain_graph=True if you need to backward through the graph a second time or if "
              "you need to access saved tensors after calling backward.");
  if (saved_->variables.empty()) return to_save_;  // not recorded (yet): as given
  const std::shared_ptr<Node> node = node_.lock();
  variable_list result;
  result.reserve(saved_->variables.size());
  for (const SavedVariable& v : saved_->variables) result.push_back(v.unpack(node));
  return result;
}

bool AutogradContext::needs_input_grad(size_t index) const {
  EMBER_CHECK(index < needs_input_grad_.size(), "Index out of range");
  return needs_input_grad_[index];
}

namespace detail {

std::string custom_node_name(const char* mangled_type_name) {
  return std::string(ember::detail::printed_namespace()) + "::autograd::CppNode<" +
         ember::detail::demangle(mangled_type_name) + ">";
}

CustomCall::CustomCall(std::string name, CustomInputs inputs)
    : name_(std::move(name)),
      inputs_(std::move(inputs)),
      ctx_(std::make_shared<AutogradContext>()),
      record_(should_record_list(inputs_.tensors)) {
  for (const Tensor& t : inputs_.tensors) {
    ctx_->needs_input_grad_.push_back(record_ && requires_grad_of(t));
  }
}

namespace {
// The shape, dtype and device of a forward output: backward sees zeros of it where no gradient
// flowed (materialize_grads).
struct OutputInfo {
  bool defined = false;
  std::vector<int64_t> sizes;
  TensorOptions options;
};
}  // namespace

void CustomCall::finish(variable_list& outputs, CustomBackwardFn backward) {
  if (!record_) return;
  AutogradContext& ctx = *ctx_;
  const auto is_input = [&](const TensorImpl* impl) {
    return std::any_of(inputs_.tensors.begin(), inputs_.tensors.end(),
                       [&](const Tensor& t) { return t.unsafeGetTensorImpl() == impl; });
  };
  variable_list recorded;
  std::vector<size_t> positions;
  std::vector<OutputInfo> info(outputs.size());
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor& out = outputs[i];
    if (!out.defined()) continue;
    info[i] = {true, std::vector<int64_t>(out.sizes().begin(), out.sizes().end()),
               TensorOptions().dtype(out.scalar_type()).device(out.device())};
    const TensorImpl* impl = out.unsafeGetTensorImpl();
    const bool dirty = ctx.dirty_.count(impl) != 0;
    EMBER_CHECK(!(dirty && out.is_leaf() && out.requires_grad()),
                "a leaf Variable that requires grad is being used in an in-place operation.");
    // An input returned unchanged: a new tensor on the same data gets this node's history.
    if (is_input(impl) && !dirty) out = out.detach();
    if (ctx.non_differentiable_.count(impl) != 0 || !out.is_floating_point()) {
      if (out.requires_grad()) out = out.detach();
      continue;
    }
    recorded.push_back(out);
    positions.push_back(i);
  }

  const std::shared_ptr<AutogradContext> context = ctx_;
  const std::vector<bool> is_tensor = inputs_.is_tensor;
  auto run_backward = [context, backward, positions, info, is_tensor,
                       name = name_](const variable_list& grads) {
    variable_list full(info.size());
    for (size_t k = 0; k < positions.size(); ++k) full[positions[k]] = grads[k];
    if (context->materialize_grads_) {
      for (size_t i = 0; i < full.size(); ++i) {
        if (!full[i].defined() && info[i].defined) full[i] = zeros(info[i].sizes, info[i].options);
      }
    }
    variable_list result = backward(context.get(), std::move(full));
    const size_t expected = is_tensor.size();
    if (result.size() > expected &&
        std::none_of(result.begin() + static_cast<std::ptrdiff_t>(expected), result.end(),
                     [](const Tensor& g) { return g.defined(); })) {
      result.resize(expected);
    }
    EMBER_CHECK(result.size() == expected, "function ", name,
                " returned an incorrect number of gradients (expected ", expected, ", got ",
                result.size(), ")");
    variable_list per_tensor;
    for (size_t i = 0; i < expected; ++i) {
      if (is_tensor[i]) {
        per_tensor.push_back(std::move(result[i]));
      } else {
        EMBER_CHECK(!result[i].defined(), "function ", name,
                    " returned a gradient different that is defined at position ", i + 1,
                    ", but the corresponding forward input was not a Variable");
      }
    }
    return per_tensor;
  };
  auto release = [context] {
    for (SavedVariable& v : context->saved_->variables) v.reset();
    context->saved_->freed = true;
  };
  record_custom(name_, recorded, inputs_.tensors, std::move(run_backward), std::move(release));
  if (recorded.empty()) return;

  // Saved outputs are kept without their grad_fn (no cycle through this node).
  ctx.node_ = recorded.front().grad_fn();
  for (const Tensor& t : ctx.to_save_) {
    const auto output = std::find_if(recorded.begin(), recorded.end(), [&](const Tensor& o) {
      return t.defined() && o.unsafeGetTensorImpl() == t.unsafeGetTensorImpl();
    });
    ctx.saved_->variables.emplace_back(output != recorded.end() ? *output : t,
                                       output != recorded.end());
  }
  ctx.to_save_.clear();
}

}  // namespace detail
}  // namespace ember::autograd
