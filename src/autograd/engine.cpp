// The backward engine: finds the nodes reachable from the roots, counts how many gradients each
// waits for, then runs ready nodes (latest-created first, as PyTorch's engine does) and passes
// their results along the edges, summing gradients that meet. Iterative throughout, so graphs of
// any depth fit; saved tensors are freed as each node finishes unless the graph is retained.
#include <algorithm>
#include <queue>
#include <vector>

#include "autograd/function.h"
#include "ember/autograd/autograd.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"

namespace ember::autograd {

void accumulate_grad(TensorImpl* leaf, Tensor&& new_grad);  // variable.cpp

class Engine {
 public:
  // Runs backward from roots seeded with root_grads. When captures is non-empty it returns the
  // gradients flowing into those edges instead of running the leaves' AccumulateGrad nodes.
  static variable_list execute(const SmallVector<Edge, 2>& roots, tensor_list&& root_grads,
                               bool keep_graph, bool create_graph,
                               const std::vector<Edge>& captures);

 private:
  static Tensor validate(const Node& fn, size_t index, Tensor grad, const InputMetadata& meta);
};

namespace {
std::atomic<uint64_t> next_task_id{1};

struct ByPriority {
  bool operator()(const Node* a, const Node* b) const {
    return a->sequence_nr() < b->sequence_nr();
  }
};

// Sums a gradient into a node's input slot.
void add_into(Tensor& slot, Tensor&& grad) {
  if (!slot.defined()) {
    slot = std::move(grad);
  } else {
    slot = slot + grad;
  }
}
}  // namespace

Tensor Engine::validate(const Node& fn, size_t index, Tensor grad, const InputMetadata& meta) {
  if (grad.sizes() != meta.sizes.ref()) {
    // A broadcast input: its gradient is the sum over the broadcast dimensions.
    bool expandable = grad.dim() >= static_cast<int64_t>(meta.sizes.size());
    const int64_t lead = grad.dim() - static_cast<int64_t>(meta.sizes.size());
    for (size_t d = 0; expandable && d < meta.sizes.size(); ++d) {
      expandable = meta.sizes[d] == 1 || meta.sizes[d] == grad.sizes()[lead + d];
    }
    EMBER_CHECK(expandable, "Function ", fn.name(), " returned an invalid gradient at index ",
                index, " - got ", grad.sizes(), " but expected shape compatible with ",
                meta.sizes.ref());
    grad = sum_to(grad, meta.sizes);
  }
  if (grad.dtype() != meta.dtype) grad = grad.to(meta.dtype);
  return grad;
}

variable_list Engine::execute(const SmallVector<Edge, 2>& roots, tensor_list&& root_grads,
                              bool keep_graph, bool create_graph,
                              const std::vector<Edge>& captures) {
  const uint64_t task = next_task_id++;
  AutoGradMode grad_mode(create_graph);

  // Discovery, depth-first without recursion; `order` ends up children-before-parents.
  std::vector<Node*> order;
  std::vector<std::pair<Node*, size_t>> stack;
  auto visit = [&](Node* n) {
    if (n->task_id_ == task) return false;
    n->task_id_ = task;
    n->dependencies_ = 0;
    n->needed_ = captures.empty();
    n->buffer_.clear();
    stack.emplace_back(n, 0);
    return true;
  };
  for (const Edge& r : roots) {
    if (r.is_valid()) visit(r.function.get());
    while (!stack.empty()) {
      auto& [n, i] = stack.back();
      if (i < n->next_edges_.size()) {
        Node* child = n->next_edges_[i++].function.get();
        if (!child) continue;
        visit(child);
        ++child->dependencies_;
      } else {
        order.push_back(n);
        stack.pop_back();
      }
    }
  }

  // With captures, only nodes on a path to a captured edge run.
  if (!captures.empty()) {
    for (const Edge& c : captures) {
      if (c.function && c.function->task_id_ == task) c.function->needed_ = true;
    }
    for (Node* n : order) {
      for (const Edge& e : n->next_edges_) {
        if (e.function && e.function->needed_) n->needed_ = true;
      }
    }
  }

  struct Cleanup {
    std::vector<Node*>& nodes;
    ~Cleanup() {
      for (Node* n : nodes) n->buffer_.clear();
    }
  } cleanup{order};

  for (size_t i = 0; i < roots.size(); ++i) {
    if (!roots[i].is_valid()) continue;
    Node* n = roots[i].function.get();
    n->buffer_.resize(n->num_inputs());
    add_into(n->buffer_[roots[i].input_nr], std::move(root_grads[i]));
  }

  std::priority_queue<Node*, std::vector<Node*>, ByPriority> ready;
  for (const Edge& r : roots) {
    Node* n = r.function.get();
    if (n && n->dependencies_ == 0 && n->task_id_ == task) {
      n->dependencies_ = -1;  // queued
      ready.push(n);
    }
  }

  variable_list captured(captures.size());
  while (!ready.empty()) {
    Node* n = ready.top();
    ready.pop();
    tensor_list grads = std::move(n->buffer_);
    grads.resize(n->num_inputs());

    tensor_list outputs;
    if (n->needed_) {
      if (n->pre_hooks_) {
        for (auto& h : *n->pre_hooks_) {
          Tensor& g = grads[h.output_nr];
          if (!g.defined()) continue;
          Tensor replaced = h.fn(g);
          if (replaced.defined()) g = std::move(replaced);
        }
      }
      for (size_t c = 0; c < captures.size(); ++c) {
        if (captures[c].function.get() == n) add_into(captured[c], Tensor(grads[captures[c].input_nr]));
      }
      // With captures, a node runs only when a captured edge lies beyond it.
      const bool run = captures.empty() ||
                       std::any_of(n->next_edges_.begin(), n->next_edges_.end(),
                                   [](const Edge& e) { return e.function && e.function->needed_; });
      const bool any = std::any_of(grads.begin(), grads.end(),
                                   [](const Tensor& g) { return g.defined(); });
      if (run && any) {
        if (grads.size() > 1) {
          // Several outputs, not all of which got a gradient: the others' are zeros.
          for (size_t k = 0; k < grads.size(); ++k) {
            if (grads[k].defined()) continue;
            const InputMetadata& m = n->input_metadata(k);
            grads[k] = zeros(m.sizes, TensorOptions().dtype(m.dtype).device(m.device));
          }
        }
        outputs = n->apply(std::move(grads));
        if (!keep_graph) n->release_variables();
        EMBER_CHECK(outputs.empty() || outputs.size() == n->num_outputs(), "function ", n->name(),
                    " returned ", outputs.size(), " gradients, expected ", n->num_outputs());
      }
    }

    for (size_t k = 0; k < n->next_edges_.size(); ++k) {
      const Edge& e = n->next_edges_[k];
      if (!e.function) continue;
      Node* child = e.function.get();
      if (k < outputs.size() && outputs[k].defined()) {
        child->buffer_.resize(child->num_inputs());
        add_into(child->buffer_[e.input_nr],
                 validate(*n, k, std::move(outputs[k]), child->input_metadata(e.input_nr)));
      }
      if (--child->dependencies_ == 0) {
        child->dependencies_ = -1;
        ready.push(child);
      }
    }
  }
  return captured;
}

namespace {

// Checks the outputs and builds the seeds (ones for a scalar output given no gradient).
tensor_list make_grads(const variable_list& outputs, const variable_list& grad_outputs) {
  EMBER_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(),
              "got ", grad_outputs.size(), " tensors and ", outputs.size(), " gradients");
  tensor_list grads;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    EMBER_CHECK(out.requires_grad(), "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    const Tensor* given = i < grad_outputs.size() && grad_outputs[i].defined() ? &grad_outputs[i]
                                                                                : nullptr;
    if (given) {
      EMBER_CHECK(given->sizes() == out.sizes(), "Mismatch in shape: grad_output[", i,
                  "] has a shape of ", Size(given->sizes()), " and output[", i,
                  "] has a shape of ", Size(out.sizes()), ".");
      grads.push_back(*given);
    } else {
      EMBER_CHECK(out.numel() == 1, "grad can be implicitly created only for scalar outputs");
      grads.push_back(ones_like(out));
    }
  }
  return grads;
}

SmallVector<Edge, 2> root_edges(const variable_list& outputs) {
  SmallVector<Edge, 2> roots;
  for (const Tensor& t : outputs) roots.push_back(gradient_edge(t));
  return roots;
}

}  // namespace

void backward(const variable_list& tensors, const variable_list& grad_tensors,
              std::optional<bool> retain_graph, bool create_graph, const variable_list& inputs) {
  EMBER_CHECK(!tensors.empty(), "backward: no tensors given");
  tensor_list grads = make_grads(tensors, grad_tensors);
  const bool keep = retain_graph.value_or(create_graph);
  if (inputs.empty()) {
    Engine::execute(root_edges(tensors), std::move(grads), keep, create_graph, {});
    return;
  }
  // Only the given inputs receive their gradient.
  std::vector<Edge> captures;
  for (const Tensor& in : inputs) {
    EMBER_CHECK(in.requires_grad(), "One of the differentiated Tensors does not require grad");
    captures.push_back(gradient_edge(in));
  }
  variable_list got =
      Engine::execute(root_edges(tensors), std::move(grads), keep, create_graph, captures);
  AutoGradMode mode(create_graph);
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (got[i].defined()) accumulate_grad(inputs[i].unsafeGetTensorImpl(), std::move(got[i]));
  }
}

variable_list grad(const variable_list& outputs, const variable_list& inputs,
                   const variable_list& grad_outputs, std::optional<bool> retain_graph,
                   bool create_graph, bool allow_unused) {
  tensor_list grads = make_grads(outputs, grad_outputs);
  std::vector<Edge> captures;
  for (const Tensor& in : inputs) {
    EMBER_CHECK(in.requires_grad(), "One of the differentiated Tensors does not require grad");
    captures.push_back(gradient_edge(in));
  }
  variable_list got = Engine::execute(root_edges(outputs), std::move(grads),
                                      retain_graph.value_or(create_graph), create_graph, captures);
  for (const Tensor& g : got) {
    EMBER_CHECK(allow_unused || g.defined(),
                "One of the differentiated Tensors appears to not have been used in the graph. "
                "Set allow_unused=True if this is the desired behavior.");
  }
  return got;
}

}  // namespace ember::autograd
