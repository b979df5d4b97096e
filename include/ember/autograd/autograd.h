#pragma once
// Reverse-mode differentiation: backward(), grad(), gradcheck() and to_dot(), as
// torch::autograd offers them.
#include <functional>
#include <optional>
#include <ostream>
#include <string>

#include "ember/autograd/Node.h"
#include "ember/autograd/grad_mode.h"

namespace ember::autograd {

// Computes the gradients of `tensors` (seeded with grad_tensors; a scalar output may omit its
// seed) and accumulates them into the .grad of the leaves (or only of `inputs`, when given).
void backward(const variable_list& tensors, const variable_list& grad_tensors = {},
              std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
              const variable_list& inputs = {});

// Returns the gradients of `outputs` with respect to `inputs` without touching any .grad.
variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs = {},
                   std::optional<bool> retain_graph = std::nullopt, bool create_graph = false,
                   bool allow_unused = false);

// Compares the gradients autograd computes for f at `inputs` with central finite differences
// (as torch.autograd.gradcheck: eps 1e-6, atol 1e-5, rtol 1e-3; use float64 inputs). Returns
// true when they agree; otherwise throws ember::Error describing the mismatch (or returns false
// when raise_exception is false).
struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
  bool raise_exception = true;
  // Also checks the gradient of the gradient (torch.autograd.gradgradcheck).
  bool check_grad_of_grad = false;
};
bool gradcheck(const std::function<variable_list(const variable_list&)>& f,
               const variable_list& inputs, const GradcheckOptions& options = {});
bool gradcheck(const std::function<Tensor(const variable_list&)>& f, const variable_list& inputs,
               const GradcheckOptions& options = {});

// Records an operation whose derivative the caller writes itself (a Python
// torch.autograd.Function, libtorch's custom functions): a node named `name` becomes the grad_fn
// of `outputs` (tensors computed without history), with an edge to each of `inputs` (an
// undefined tensor: no edge). The backward pass calls backward(grads), grads holding one gradient
// per output (undefined where none flowed); it returns one gradient (or an undefined tensor) per
// input. release (optional) runs when a backward pass without retain_graph frees the node's saved
// values.
using CustomBackward = std::function<variable_list(const variable_list& grads)>;
void record_custom(std::string name, const variable_list& outputs, const variable_list& inputs,
                   CustomBackward backward, std::function<void()> release = {});

// The node holding t's hooks (t's grad_fn, or its leaf's AccumulateGrad) when t is its only
// owner and t is referenced by one handle only: then those hooks belong to that handle alone. For
// garbage collectors of host languages (Python's), which must see what a tensor object keeps
// alive to free cycles through hooks. Null otherwise.
Node* hooks_owned_by(const Tensor& t);

// The graph that computes `root`, in Graphviz DOT: one box per node named as PyTorch names it,
// leaves as their shapes. Render with `dot -Tpng`.
std::string to_dot(const Tensor& root);
void to_dot(const Tensor& root, std::ostream& out);

}  // namespace ember::autograd
