#pragma once
// The recorded graph. Every op on tensors that require grad creates a Node (MulBackward0, ...)
// whose next edges point at the nodes of its inputs: their grad_fn, or the AccumulateGrad node of
// a leaf. Backward runs the nodes in reverse (src/autograd/engine.cpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ember/core/SmallVector.h"
#include "ember/core/Tensor.h"

namespace ember::autograd {

class Node;

// Where a gradient goes: input `input_nr` of `function`. An invalid edge (no function) stands
// for an input that needs no gradient; Python shows it as (None, 0).
struct Edge {
  std::shared_ptr<Node> function;
  uint32_t input_nr = 0;
  bool is_valid() const { return function != nullptr; }
};

using edge_list = SmallVector<Edge, 2>;
// Gradients flowing through one node (one per forward output, or one per next edge).
using tensor_list = SmallVector<Tensor, 2>;
using variable_list = std::vector<Tensor>;

// The shape and dtype of a forward output: the engine reduces a broadcast gradient to this shape
// and converts it to this dtype before the node sees it.
struct InputMetadata {
  DimVector sizes;
  ScalarType dtype = kFloat;
  Device device;
};

// A tensor hook: sees the gradient, may return a replacement (an undefined result keeps it).
using Hook = std::function<Tensor(const Tensor&)>;

class Node : public std::enable_shared_from_this<Node> {
 public:
  Node();
  virtual ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // PyTorch's name for this node: "MulBackward0", "AccumulateGrad", ...
  virtual std::string name() const = 0;
  // grads holds one gradient per forward output (undefined where none flowed); the result holds
  // one gradient per next edge (undefined where the input needs none).
  virtual tensor_list apply(tensor_list&& grads) = 0;
  // Runs the node as the engine does: grads holds one gradient per forward output (else
  // ember::TypeError); when none is defined nothing runs and the result is empty, otherwise
  // undefined ones stand for zeros. apply() runs under the node's lock, followed by
  // release_variables() when release_saved.
  tensor_list operator()(tensor_list&& grads, bool release_saved = false);
  // Drops the tensors saved for backward (after a backward without retain_graph).
  virtual void release_variables() {}
  // An in-place op computed this node's output elsewhere and copied it into `t`: saved copies of
  // the output must now follow `t` (so that modifying t again is detected).
  virtual void rebind_saved_outputs(const Tensor& /*t*/) {}

  const edge_list& next_edges() const { return next_edges_; }
  const Edge& next_edge(size_t i) const { return next_edges_[i]; }
  size_t num_outputs() const { return next_edges_.size(); }
  size_t num_inputs() const { return input_metadata_.size(); }
  const InputMetadata& input_metadata(size_t i) const { return input_metadata_[i]; }
  // Whether the gradient for next edge i is wanted.
  bool should_compute_output(size_t i) const {
    return i < next_edges_.size() && next_edges_[i].is_valid();
  }
  // Order of creation: the engine runs later nodes first when several are ready.
  uint64_t sequence_nr() const { return sequence_nr_; }

  // Hooks on the gradient of forward output `output_nr` (Tensor::register_hook).
  struct PreHook {
    uint32_t output_nr;
    unsigned id;
    Hook fn;
  };
  void add_pre_hook(uint32_t output_nr, unsigned id, Hook hook);
  bool remove_pre_hook(unsigned id);
  // The hooks, for a host language's garbage collector (see autograd::hooks_owned_by); null when
  // there are none.
  std::vector<PreHook>* pre_hooks() { return pre_hooks_.get(); }
  // Records the next edges and this node's input metadata (used when a node is built).
  void add_next_edge(Edge e) { next_edges_.push_back(std::move(e)); }
  void add_input_metadata(const Tensor& output);

 protected:
  explicit Node(uint64_t sequence_nr) : sequence_nr_(sequence_nr) {}

 private:
  friend class Engine;

  edge_list next_edges_;
  SmallVector<InputMetadata, 1> input_metadata_;
  std::unique_ptr<std::vector<PreHook>> pre_hooks_;
  uint64_t sequence_nr_;

 protected:
  // Held while the node runs (apply, then release_variables): backward passes in several threads
  // may share a node (a shared parameter's AccumulateGrad, a retained graph). Recursive: a leaf
  // whose last reference goes inside its own AccumulateGrad's apply forgets itself there.
  mutable std::recursive_mutex mutex_;
};

// The node at a leaf that requires grad: adds the incoming gradient into the leaf's .grad.
class AccumulateGrad final : public Node {
 public:
  explicit AccumulateGrad(TensorImpl* leaf);
  std::string name() const override { return "AccumulateGrad"; }
  tensor_list apply(tensor_list&& grads) override;
  // The leaf (undefined once the leaf is gone).
  Tensor variable() const;
  // Called as the leaf goes: waits for a running apply.
  void forget_variable();

 private:
  Tensor leaf_locked() const;
  TensorImpl* leaf_;  // not owning (the leaf owns this node, see AutogradMeta); under mutex_
};

}  // namespace ember::autograd
