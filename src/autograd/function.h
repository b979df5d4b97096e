#pragma once
// How an op records itself in the autograd graph (used by src/ops). An op that computed `out`
// from inputs that require grad calls
//
//   if (autograd::should_record(self, other))
//     autograd::record("MulBackward0", out, {self, other},
//                      [](const autograd::Grads& g, const Tensor& self, const Tensor& other) {
//                        return autograd::tensor_list{g.needs(0) ? g[0] * other : Tensor(),
//                                                     g.needs(1) ? g[0] * self : Tensor()};
//                      },
//                      autograd::save(self), autograd::save(other));
//
// The lambda is the op's derivative, written once next to the op: it receives the gradients of
// the op's outputs and the saved values (SavedVariables unpacked to tensors, anything else as
// stored) and returns one gradient per input. The node holds lambda and saved values in its own
// allocation. Broadcast gradients need no reduction in the formula: the engine sums them back to
// each input's shape and dtype. Formulas are ordinary tensor code, so with create_graph they are
// recorded too (higher-order gradients).
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ember/autograd/Node.h"
#include "ember/autograd/grad_mode.h"

namespace ember::autograd {

inline bool requires_grad_of(const Tensor& t) { return t.defined() && t.requires_grad(); }

// Whether an op on these inputs must be recorded: grad mode is on and one of them requires grad.
template <class... T>
bool should_record(const T&... inputs) {
  return GradMode::is_enabled() && (requires_grad_of(inputs) || ...);
}
bool should_record_list(ArrayRef<Tensor> inputs);

// The edge a gradient for `t` flows into: its grad_fn, or its leaf's AccumulateGrad node, or
// nothing (invalid edge) when t does not require grad.
Edge gradient_edge(const Tensor& t);

// A tensor kept for backward. Unpacking checks that it was not modified in place since (PyTorch's
// message) and that the graph was not freed by an earlier backward.
class SavedVariable {
 public:
  SavedVariable() = default;
  // An output of the node that saves it is stored without its grad_fn (no reference cycle) and
  // gets the node back when unpacked.
  SavedVariable(const Tensor& t, bool is_output);
  Tensor unpack(const std::shared_ptr<Node>& owner) const;
  void reset();
  // For a saved output: the output now lives in `t` (an in-place op copied it there).
  void rebind_output(const Tensor& t);

 private:
  Tensor data_;
  uint32_t version_ = 0;
  uint32_t output_nr_ = 0;
  bool is_output_ = false;
  bool was_saved_ = false;  // false: nothing was saved (an undefined tensor unpacks as such)
  bool freed_ = false;
};

inline SavedVariable save(const Tensor& t) { return SavedVariable(t, false); }
inline SavedVariable save_if(bool condition, const Tensor& t) {
  return condition ? save(t) : SavedVariable();
}
inline SavedVariable save_output(const Tensor& t) { return SavedVariable(t, true); }

// What a formula sees: the gradient of each output, and which inputs want a gradient.
class Grads {
 public:
  Grads(const tensor_list& grads, const Node& node) : grads_(grads), node_(node) {}
  const Tensor& operator[](size_t i) const { return grads_[i]; }
  size_t size() const { return grads_.size(); }
  bool needs(size_t input) const { return node_.should_compute_output(input); }

 private:
  const tensor_list& grads_;
  const Node& node_;
};

namespace formula_detail {
inline Tensor unpack(const SavedVariable& s, const std::shared_ptr<Node>& owner) {
  return s.unpack(owner);
}
template <class T>
const T& unpack(const T& v, const std::shared_ptr<Node>&) {
  return v;
}
inline void release(SavedVariable& s) { s.reset(); }
template <class T>
void release(T&) {}
inline void rebind(SavedVariable& s, const Tensor& t) { s.rebind_output(t); }
template <class T>
void rebind(T&, const Tensor&) {}
inline tensor_list to_list(tensor_list&& l) { return std::move(l); }
inline tensor_list to_list(Tensor&& t) { return tensor_list{std::move(t)}; }
}  // namespace formula_detail

// A node whose derivative is a lambda over saved values.
template <class F, class... S>
class FunctionNode final : public Node {
 public:
  FunctionNode(const char* name, F f, S... saved)
      : name_(name), f_(std::move(f)), saved_(std::move(saved)...) {}
  std::string name() const override { return name_; }
  tensor_list apply(tensor_list&& grads) override {
    const Grads g(grads, *this);
    const std::shared_ptr<Node> self = shared_from_this();
    return std::apply(
        [&](const S&... s) {
          return formula_detail::to_list(f_(g, formula_detail::unpack(s, self)...));
        },
        saved_);
  }
  void release_variables() override {
    std::apply([](S&... s) { (formula_detail::release(s), ...); }, saved_);
  }
  void rebind_saved_outputs(const Tensor& t) override {
    std::apply([&](S&... s) { (formula_detail::rebind(s, t), ...); }, saved_);
  }

 private:
  const char* name_;
  F f_;
  std::tuple<S...> saved_;
};

// The inputs an op records edges to, in the order its formula returns their gradients.
class Inputs {
 public:
  Inputs(std::initializer_list<std::reference_wrapper<const Tensor>> ts) {
    for (const Tensor& t : ts) list_.push_back(&t);
  }
  Inputs(ArrayRef<Tensor> ts) {  // NOLINT: implicit by design
    for (const Tensor& t : ts) list_.push_back(&t);
  }
  const SmallVector<const Tensor*, 3>& list() const { return list_; }

 private:
  SmallVector<const Tensor*, 3> list_;
};

// Makes `node` the grad_fn of outputs[i] (output number i), after wiring its edges to `inputs`.
void connect(const std::shared_ptr<Node>& node, ArrayRef<Tensor> outputs, const Inputs& inputs);
void connect(const std::shared_ptr<Node>& node, const Tensor& output, const Inputs& inputs);

template <class F, class... S>
void record(const char* name, const Tensor& output, const Inputs& inputs, F f, S... saved) {
  if (!is_floating_type(output.scalar_type())) return;  // integer results never require grad
  connect(std::make_shared<FunctionNode<F, S...>>(name, std::move(f), std::move(saved)...), output,
          inputs);
}

// An op with several differentiable outputs (unbind, split, ...): one node, output i of it.
template <class F, class... S>
void record_multi(const char* name, ArrayRef<Tensor> outputs, const Inputs& inputs, F f,
                  S... saved) {
  connect(std::make_shared<FunctionNode<F, S...>>(name, std::move(f), std::move(saved)...), outputs,
          inputs);
}

// An in-place op that must be recorded: throws PyTorch's error for (views of) leaves that
// require grad, runs the out-of-place form `f(original)` on a copy of self's value (so that its
// formula is the one recorded), writes the result into self and makes self's history that
// result's (through CopySlices when self is a view).
Tensor& record_inplace(Tensor& self, const std::function<Tensor(const Tensor&)>& f);

// Throws PyTorch's message when self, a leaf or a view of a leaf that requires grad, is about to
// be modified in place with grad mode on.
void check_inplace(const Tensor& self);
// Makes self's history that of `result`, which holds self's new value (see record_inplace).
void rebase_history(Tensor& self, const Tensor& result);

// A tensor over self's memory and geometry that is no view and has no history.
Tensor plain_alias(const Tensor& self);
// plain_alias(self) carrying self's present gradient edge: what an in-place op records as its
// input before it writes self.
Tensor alias_with_history(const Tensor& self);

// An in-place op whose derivative reads at most its result (exp_, tanh_, neg_, ...): after
// check_inplace, `kernel` writes self's new value, then a node of formula `f` (saving the new
// value when f takes it) takes over self's history. Unlike record_inplace, self's old value is
// not copied: nothing reads it.
template <class K, class F>
Tensor& record_inplace_result(Tensor& self, const char* name, K kernel, F f) {
  check_inplace(self);
  const Tensor before = alias_with_history(self);
  kernel();
  Tensor after = plain_alias(self);
  if constexpr (std::is_invocable_v<F, const Grads&, const Tensor&>) {
    record(name, after, {before}, std::move(f), save_output(after));
  } else {
    record(name, after, {before}, std::move(f));
  }
  rebase_history(self, after);
  return self;
}

// Reduces a gradient to `sizes` by summing the broadcast dimensions.
Tensor sum_to(const Tensor& grad, IntArrayRef sizes);

}  // namespace ember::autograd

namespace ember::autograd {

// Sizes, strides and storage offset of a strided tensor.
struct Geometry {
  DimVector sizes;
  DimVector strides;
  int64_t offset = 0;
  explicit Geometry(const Tensor& t)
      : sizes(t.sizes()), strides(t.strides()), offset(t.storage_offset()) {}
};

// The gradient of `input` (geometry `in`) for the view out = input.as_strided(view): grad, shaped
// as the view, added into a zero gradient shaped as the input at the places the view reads.
Tensor as_strided_backward(const Tensor& grad, const Geometry& in, const Geometry& view);

}  // namespace ember::autograd
