// The backward engine: finds the nodes reachable from the roots, counts how many gradients each
// waits for, then runs ready nodes (latest-created first, as PyTorch's engine does) and passes
// their results along the edges, summing gradients that meet. Iterative throughout, so graphs of
// any depth fit; saved tensors are freed as each node finishes unless the graph is retained.
// A pass keeps its per-node state (dependencies, gradient buffers) in its own table, never in the
// nodes: passes in several threads may share nodes (a shared parameter's AccumulateGrad), and
// each node runs under its own lock.
#include <algorithm>
#include <queue>
#include <vector>

#include "autograd/function.h"
#include "ember/autograd/autograd.h"
#include "ember/core/host_lock.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"

namespace ember::autograd {

void accumulate_grad(TensorImpl* leaf, Tensor&& new_grad);  // variable.cpp

namespace {

// One node's state in one backward pass.
struct NodeTask {
  Node* node;
  int32_t dependencies = 0;  // gradients still to come; -1 once queued
  bool needed = true;        // with captures: whether a captured edge lies at or beyond it
  tensor_list buffer;        // the gradients received so far, one per node input
};

// The nodes of one pass: NodeTask by Node*, in an open-addressed table (graphs have from a few
// to hundreds of thousands of nodes).
class TaskTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t find(const Node* n) const {
    if (slots_.empty()) return kNone;
    for (size_t i = hash(n);; i = (i + 1) & mask()) {
      const uint32_t s = slots_[i];
      if (s == kNone || tasks_[s].node == n) return s;
    }
  }
  // The index of n's task, and whether it was just created.
  std::pair<uint32_t, bool> insert(Node* n) {
    if ((tasks_.size() + 1) * 2 > slots_.size()) grow();
    size_t i = hash(n);
    for (; slots_[i] != kNone; i = (i + 1) & mask()) {
      if (tasks_[slots_[i]].node == n) return {slots_[i], false};
    }
    slots_[i] = static_cast<uint32_t>(tasks_.size());
    tasks_.push_back(NodeTask{n, 0, true, {}});
    return {slots_[i], true};
  }
  NodeTask& operator[](uint32_t i) { return tasks_[i]; }
  std::vector<NodeTask>& tasks() { return tasks_; }

 private:
  size_t mask() const { return slots_.size() - 1; }
  size_t hash(const Node* n) const {
    auto h = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(n)) * 0x9E3779B97F4A7C15ull;
    return static_cast<size_t>(h >> 32) & mask();
  }
  void grow() {
    slots_.assign(std::max<size_t>(16, slots_.size() * 2), kNone);
    for (size_t t = 0; t < tasks_.size(); ++t) {
      size_t i = hash(tasks_[t].node);
      while (slots_[i] != kNone) i = (i + 1) & mask();
      slots_[i] = static_cast<uint32_t>(t);
    }
  }

  std::vector<NodeTask> tasks_;
  std::vector<uint32_t> slots_;
};

// libtorch's type string of a tensor ("CPUFloatType").
std::string type_string(const Tensor& t) {
  return detail::str_cat(t.is_cuda() ? "CUDA" : "CPU", to_string(t.scalar_type()), "Type");
}

// A hook's replacement gradient must keep the gradient's dtype, device and shape.
void check_hook_result(const Tensor& original, const Tensor& result, const std::string& name) {
  EMBER_CHECK(
      result.scalar_type() == original.scalar_type() && result.device() == original.device(),
      "hook '", name, "' has changed the type of value (was ", type_string(original), " got ",
      type_string(result), ")");
  EMBER_CHECK(result.sizes() == original.sizes(), "hook '", name,
              "' has changed the size of value");
}

// Sums a gradient into a node's input slot.
void add_into(Tensor& slot, Tensor&& grad) {
  if (!slot.defined()) {
    slot = std::move(grad);
  } else {
    slot = slot + grad;
  }
}

}  // namespace

class Engine {
 public:
  // Runs backward from roots seeded with root_grads. When captures is non-empty it returns the
  // gradients flowing into those edges instead of running the leaves' AccumulateGrad nodes.
  static variable_list execute(const SmallVector<Edge, 2>& roots, tensor_list&& root_grads,
                               bool keep_graph, bool create_graph,
                               const std::vector<Edge>& captures);

 private:
  static Tensor validate(const Node& fn, size_t index, Tensor grad, const InputMetadata& meta);
  static void run_pre_hooks(Node& n, tensor_list& grads);
};

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

// A hook may replace a gradient with one of the same shape, dtype and device only (libtorch's
// check_variable_result; hooks are named by their position among the output's hooks).
void Engine::run_pre_hooks(Node& n, tensor_list& grads) {
  if (!n.pre_hooks_) return;
  std::vector<uint32_t> position(grads.size(), 0);
  for (auto& h : *n.pre_hooks_) {
    const uint32_t index = position[h.output_nr]++;
    Tensor& g = grads[h.output_nr];
    if (!g.defined()) continue;
    Tensor replaced = h.fn(g);
    if (!replaced.defined()) continue;
    check_hook_result(g, replaced, std::to_string(index));
    g = std::move(replaced);
  }
}

variable_list Engine::execute(const SmallVector<Edge, 2>& roots, tensor_list&& root_grads,
                              bool keep_graph, bool create_graph,
                              const std::vector<Edge>& captures) {
  AutoGradMode grad_mode(create_graph);
  TaskTable table;

  // Discovery, depth-first without recursion: every reachable node and how many edges lead to it.
  std::vector<std::pair<uint32_t, size_t>> stack;  // (task, next edge to follow)
  std::vector<uint32_t> order;                     // children before parents
  for (const Edge& r : roots) {
    if (!r.is_valid()) continue;
    auto [root, fresh] = table.insert(r.function.get());
    if (!fresh) continue;
    stack.emplace_back(root, 0);
    while (!stack.empty()) {
      auto& [t, i] = stack.back();
      Node* n = table[t].node;
      if (i < n->next_edges_.size()) {
        Node* child = n->next_edges_[i++].function.get();
        if (!child) continue;
        auto [c, created] = table.insert(child);
        ++table[c].dependencies;
        if (created) stack.emplace_back(c, 0);  // invalidates t and i: used no more this turn
      } else {
        order.push_back(t);
        stack.pop_back();
      }
    }
  }

  // With captures, only nodes on a path to a captured edge run.
  if (!captures.empty()) {
    for (NodeTask& task : table.tasks()) task.needed = false;
    for (const Edge& c : captures) {
      const uint32_t t = c.function ? table.find(c.function.get()) : TaskTable::kNone;
      if (t != TaskTable::kNone) table[t].needed = true;
    }
    for (uint32_t t : order) {
      for (const Edge& e : table[t].node->next_edges_) {
        if (!e.function) continue;
        if (table[table.find(e.function.get())].needed) table[t].needed = true;
      }
    }
  }

  for (size_t i = 0; i < roots.size(); ++i) {
    if (!roots[i].is_valid()) continue;
    NodeTask& task = table[table.find(roots[i].function.get())];
    task.buffer.resize(task.node->num_inputs());
    add_into(task.buffer[roots[i].input_nr], std::move(root_grads[i]));
  }

  // Ready nodes, latest-created first.
  auto later_first = [&table](uint32_t a, uint32_t b) {
    return table[a].node->sequence_nr() < table[b].node->sequence_nr();
  };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(later_first)> ready(later_first);
  for (const Edge& r : roots) {
    if (!r.is_valid()) continue;
    const uint32_t t = table.find(r.function.get());
    if (table[t].dependencies == 0) {
      table[t].dependencies = -1;  // queued
      ready.push(t);
    }
  }

  variable_list captured(captures.size());
  while (!ready.empty()) {
    const uint32_t t = ready.top();
    ready.pop();
    Node* n = table[t].node;
    tensor_list grads = std::move(table[t].buffer);
    grads.resize(n->num_inputs());

    tensor_list outputs;
    if (table[t].needed) {
      run_pre_hooks(*n, grads);
      for (size_t c = 0; c < captures.size(); ++c) {
        if (captures[c].function.get() == n) {
          add_into(captured[c], Tensor(grads[captures[c].input_nr]));
        }
      }
      // With captures, a node runs only when a captured edge lies beyond it.
      const bool run =
          captures.empty() ||
          std::any_of(n->next_edges_.begin(), n->next_edges_.end(), [&](const Edge& e) {
            return e.function && table[table.find(e.function.get())].needed;
          });
      if (run) outputs = (*n)(std::move(grads), /*release_saved=*/!keep_graph);
    }

    for (size_t k = 0; k < n->next_edges_.size(); ++k) {
      const Edge& e = n->next_edges_[k];
      if (!e.function) continue;
      NodeTask& child = table[table.find(e.function.get())];
      if (k < outputs.size() && outputs[k].defined()) {
        child.buffer.resize(child.node->num_inputs());
        add_into(child.buffer[e.input_nr],
                 validate(*n, k, std::move(outputs[k]), child.node->input_metadata(e.input_nr)));
      }
      if (--child.dependencies == 0) {
        child.dependencies = -1;
        ready.push(table.find(e.function.get()));
      }
    }
  }
  return captured;
}

tensor_list Node::operator()(tensor_list&& grads, bool release_saved) {
  if (grads.size() != num_inputs()) {
    throw TypeError(
        detail::str_cat("expected ", num_inputs(), " arguments, got ", grads.size(), " instead"));
  }
  if (std::none_of(grads.begin(), grads.end(), [](const Tensor& g) { return g.defined(); })) {
    return {};
  }
  if (grads.size() > 1) {
    // Several outputs, not all of which got a gradient: the others' are zeros.
    for (size_t k = 0; k < grads.size(); ++k) {
      if (grads[k].defined()) continue;
      const InputMetadata& m = input_metadata(k);
      grads[k] = zeros(m.sizes, TensorOptions().dtype(m.dtype).device(m.device));
    }
  }
  tensor_list outputs;
  {
    const HostAwareLock<std::recursive_mutex> lock(mutex_);
    outputs = apply(std::move(grads));
    if (release_saved) release_variables();
  }
  EMBER_CHECK(outputs.empty() || outputs.size() == num_outputs(), "function ", name(), " returned ",
              outputs.size(), " gradients, expected ", num_outputs());
  return outputs;
}

namespace {

// Checks the outputs and builds the seeds (ones for a scalar output given no gradient).
tensor_list make_grads(const variable_list& outputs, const variable_list& grad_outputs) {
  EMBER_CHECK(grad_outputs.empty() || grad_outputs.size() == outputs.size(), "got ",
              grad_outputs.size(), " tensors and ", outputs.size(), " gradients");
  tensor_list grads;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const Tensor& out = outputs[i];
    EMBER_CHECK(out.requires_grad(), "element ", i,
                " of tensors does not require grad and does not have a grad_fn");
    const Tensor* given =
        i < grad_outputs.size() && grad_outputs[i].defined() ? &grad_outputs[i] : nullptr;
    if (given) {
      EMBER_CHECK(given->sizes() == out.sizes(), "Mismatch in shape: grad_output[", i,
                  "] has a shape of ", Size(given->sizes()), " and output[", i, "] has a shape of ",
                  Size(out.sizes()), ".");
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
