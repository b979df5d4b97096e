// Per-tensor autograd state and the Tensor methods that use it: grad, grad_fn (regenerated for
// views whose base changed), hooks, detach; how ops connect their nodes; saved variables;
// in-place ops on tensors with history (rebasing, CopySlices for views).
#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>

#include "autograd/function.h"
#include "ember/autograd/autograd.h"
#include "ember/core/broadcast.h"
#include "ember/core/host_lock.h"
#include "ember/core/repr.h"
#include "ember/ops/creation.h"
#include "ember/ops/elementwise.h"
#include "ember/ops/reduce.h"

namespace ember::autograd {

thread_local bool GradMode::enabled_ = true;

namespace {

// What a tensor that requires grad (or retains it) owns beyond TensorImpl's inline fields.
struct AutogradMeta final : AutogradMetaInterface {
  Tensor grad;
  std::shared_ptr<AccumulateGrad> accumulator;  // leaves: created on first use
  // retain_grad(): the hook stores into this impl while it lives.
  std::shared_ptr<TensorImpl*> retain_slot;
  // Forward and backward passes in several threads may set up and accumulate into one leaf.
  // accumulator_mutex guards `accumulator` (held briefly, never around other locks or kernels);
  // grad_mutex the accumulation into `grad` (held around its kernel; taken after a node's lock,
  // never before one).
  std::mutex accumulator_mutex;
  std::mutex grad_mutex;
  ~AutogradMeta() override {
    // Nobody else reaches a dying tensor's state: an AccumulateGrad finds its leaf gone.
    if (accumulator) accumulator->forget_variable();
    if (retain_slot) *retain_slot = nullptr;
  }
};

AutogradMeta* meta_of(TensorImpl* impl) {
  return static_cast<AutogradMeta*>(impl->autograd_meta());
}
AutogradMeta& materialize_meta(TensorImpl* impl) {
  if (AutogradMeta* m = meta_of(impl)) return *m;
  return *static_cast<AutogradMeta*>(impl->install_autograd_meta(std::make_unique<AutogradMeta>()));
}

std::atomic<unsigned> next_hook_id{0};

// repr shows grad_fn=<Name> through core's hook.
const bool repr_hook_installed = [] {
  set_grad_fn_name_hook([](const Tensor& t) -> std::optional<std::string> {
    if (const auto& fn = t.grad_fn()) return fn->name();
    return std::nullopt;
  });
  return true;
}();
thread_local uint64_t next_sequence_nr = 0;

std::shared_ptr<AccumulateGrad> accumulator_of(TensorImpl* leaf) {
  AutogradMeta& m = materialize_meta(leaf);
  const std::lock_guard<std::mutex> lock(m.accumulator_mutex);
  if (!m.accumulator) m.accumulator = std::make_shared<AccumulateGrad>(leaf);
  return m.accumulator;
}

// Dense extent of a strided geometry in storage: [offset, offset + extent).
int64_t extent_of(const Geometry& g) {
  int64_t e = 1;
  for (size_t d = 0; d < g.sizes.size(); ++d) {
    if (g.sizes[d] == 0) return 0;
    e += (g.sizes[d] - 1) * g.strides[d];
  }
  return e;
}

// Whether distinct elements of g are distinct memory locations.
bool non_overlapping(const Geometry& g) {
  std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, size)
  for (size_t d = 0; d < g.sizes.size(); ++d) {
    if (g.sizes[d] > 1) dims.emplace_back(g.strides[d], g.sizes[d]);
  }
  std::sort(dims.begin(), dims.end());
  int64_t span = 1;  // elements reachable through the smaller dims
  for (auto [stride, size] : dims) {
    if (stride < span) return false;
    span = stride * size;
  }
  return true;
}

// A view's history after its base got a new grad_fn: the view of the base's gradient.
class AsStridedBackward0 final : public Node {
 public:
  AsStridedBackward0(Geometry base, Geometry view)
      : base_(std::move(base)), view_(std::move(view)) {}
  std::string name() const override { return "AsStridedBackward0"; }
  tensor_list apply(tensor_list&& grads) override {
    return {as_strided_backward(grads[0], base_, view_)};
  }

 private:
  Geometry base_, view_;
};

// In-place op on a view: the base's new history. The base's gradient passes through unchanged
// except where the view lies: there the in-place op's own node (fn) turns it into the gradient
// of the view's old value, and fn's other inputs get theirs.
class CopySlices final : public Node {
 public:
  CopySlices(Geometry base, Geometry view, std::shared_ptr<Node> fn)
      : base_(std::move(base)), view_(std::move(view)), fn_(std::move(fn)) {}
  std::string name() const override { return "CopySlices"; }
  tensor_list apply(tensor_list&& grads) override {
    const Tensor& grad = grads[0];
    const int64_t extent = extent_of(base_);
    Tensor buf = zeros({extent}, TensorOptions().dtype(grad.dtype()));
    const int64_t origin = base_.offset;
    Tensor base_view = detail::alias(buf, base_.sizes, base_.strides, 0);
    base_view.copy_(grad);
    Tensor slot = detail::alias(buf, view_.sizes, view_.strides, view_.offset - origin);
    tensor_list fn_grads = fn_->apply(tensor_list{slot.clone()});
    if (fn_grads[0].defined()) {
      slot.copy_(fn_grads[0]);
    } else {
      slot.zero_();
    }
    tensor_list result;
    result.push_back(base_view.clone());
    for (size_t i = 1; i < fn_grads.size(); ++i) result.push_back(std::move(fn_grads[i]));
    return result;
  }
  void release_variables() override { fn_->release_variables(); }

 private:
  Geometry base_, view_;
  std::shared_ptr<Node> fn_;
};

// The grad_fn of a view whose base has history: regenerated when the storage changed since.
// Threads may read one view's grad_fn at once: it is checked and regenerated under one of a few
// locks, picked by the view's address.
std::mutex& view_lock(const TensorImpl* view) {
  static std::mutex locks[32];
  return locks[(reinterpret_cast<uintptr_t>(view) >> 6) % 32];
}

void refresh_view_grad_fn(TensorImpl* view) {
  TensorImpl* base = view->view_base().get();
  if (!base->requires_grad()) return;
  const std::lock_guard<std::mutex> lock(view_lock(view));
  const uint32_t version = view->storage()->version();
  if (view->grad_fn() && view->grad_fn_version() == version) return;
  Tensor base_t{intrusive_ptr<TensorImpl>(base)};
  Tensor view_t{intrusive_ptr<TensorImpl>(view)};
  auto node = std::make_shared<AsStridedBackward0>(Geometry(base_t), Geometry(view_t));
  node->add_next_edge(gradient_edge(base_t));
  node->add_input_metadata(view_t);
  view->set_grad_fn(std::move(node), 0);
  view->set_grad_fn_version(version);
}

}  // namespace

// ---- Node ------------------------------------------------------------------------------------

Node::Node() : sequence_nr_(next_sequence_nr++) {}

namespace {
thread_local std::vector<std::shared_ptr<Node>> nodes_to_free;
thread_local bool freeing_nodes = false;
}  // namespace

void release_node(std::shared_ptr<Node>&& node) noexcept {
  if (!node) return;
  if (node.use_count() > 1) {
    node.reset();
    return;
  }
  nodes_to_free.push_back(std::move(node));
  if (freeing_nodes) return;  // the loop below, further up the stack, frees it
  freeing_nodes = true;
  while (!nodes_to_free.empty()) {
    std::shared_ptr<Node> n = std::move(nodes_to_free.back());
    nodes_to_free.pop_back();
    n.reset();  // its destructor hands its own edges back to this loop
  }
  freeing_nodes = false;
}

Node::~Node() {
  for (Edge& e : next_edges_) release_node(std::move(e.function));
}

void Node::add_input_metadata(const Tensor& output) {
  input_metadata_.push_back(
      InputMetadata{DimVector(output.sizes()), output.dtype(), output.device()});
}

void Node::add_pre_hook(uint32_t output_nr, unsigned id, Hook hook) {
  if (!pre_hooks_) pre_hooks_ = std::make_unique<std::vector<PreHook>>();
  pre_hooks_->push_back(PreHook{output_nr, id, std::move(hook)});
}

bool Node::remove_pre_hook(unsigned id) {
  if (!pre_hooks_) return false;
  for (auto it = pre_hooks_->begin(); it != pre_hooks_->end(); ++it) {
    if (it->id == id) {
      pre_hooks_->erase(it);
      return true;
    }
  }
  return false;
}

AccumulateGrad::AccumulateGrad(TensorImpl* leaf)
    : Node(std::numeric_limits<uint64_t>::max()), leaf_(leaf) {
  add_input_metadata(Tensor(intrusive_ptr<TensorImpl>(leaf)));
}

// The leaf, unless it is going (its count already at zero) or gone.
Tensor AccumulateGrad::leaf_locked() const {
  return Tensor(intrusive_ptr<TensorImpl>::retain_if_alive(leaf_));
}

Tensor AccumulateGrad::variable() const {
  const HostAwareLock<std::recursive_mutex> lock(mutex_);
  return leaf_locked();
}

void AccumulateGrad::forget_variable() {
  const HostAwareLock<std::recursive_mutex> lock(mutex_);
  leaf_ = nullptr;
}

void accumulate_grad(TensorImpl* leaf, Tensor&& new_grad) {
  AutogradMeta& m = materialize_meta(leaf);
  const HostAwareLock<std::mutex> lock(m.grad_mutex);
  if (!m.grad.defined()) {
    if (GradMode::is_enabled()) {
      m.grad = std::move(new_grad);  // create_graph: the gradient keeps its history
      return;
    }
    // Steal a gradient nobody else sees; copy one that may be shared or strided.
    const bool exclusive = new_grad.use_count() == 1 &&
                           new_grad.impl()->storage().use_count() == 1 &&
                           new_grad.is_contiguous() && new_grad.grad_fn() == nullptr;
    m.grad = exclusive ? std::move(new_grad) : new_grad.detach().clone();
    return;
  }
  if (GradMode::is_enabled()) {
    m.grad = m.grad + new_grad;
  } else {
    m.grad.add_(new_grad);
  }
}

tensor_list AccumulateGrad::apply(tensor_list&& grads) {  // under mutex_
  if (!grads[0].defined()) return {};
  const Tensor leaf = leaf_locked();
  if (leaf.defined()) accumulate_grad(leaf.unsafeGetTensorImpl(), std::move(grads[0]));
  return {};
}

// ---- Connecting ops ---------------------------------------------------------------------------

bool should_record_list(ArrayRef<Tensor> inputs) {
  if (!GradMode::is_enabled()) return false;
  for (const Tensor& t : inputs) {
    if (requires_grad_of(t)) return true;
  }
  return false;
}

Edge gradient_edge(const Tensor& t) {
  if (!requires_grad_of(t)) return Edge{};
  if (const auto& fn = t.grad_fn()) return Edge{fn, t.output_nr()};
  return Edge{accumulator_of(t.unsafeGetTensorImpl()), 0};
}

void connect(const std::shared_ptr<Node>& node, ArrayRef<Tensor> outputs, const Inputs& inputs) {
  for (const Tensor* in : inputs.list()) node->add_next_edge(gradient_edge(*in));
  uint32_t nr = 0;
  for (const Tensor& out : outputs) {
    node->add_input_metadata(out);
    TensorImpl* impl = out.unsafeGetTensorImpl();
    impl->set_grad_fn(node, nr++);
    impl->set_grad_fn_version(impl->storage()->version());
  }
}

void connect(const std::shared_ptr<Node>& node, const Tensor& output, const Inputs& inputs) {
  connect(node, ArrayRef<Tensor>(&output, 1), inputs);
}

namespace {
// The node of record_custom.
class CustomNode final : public Node {
 public:
  CustomNode(std::string name, CustomBackward backward, std::function<void()> release)
      : name_(std::move(name)), backward_(std::move(backward)), release_(std::move(release)) {}
  std::string name() const override { return name_; }
  tensor_list apply(tensor_list&& grads) override {
    tensor_list result;
    for (Tensor& g : backward_(variable_list(grads.begin(), grads.end()))) {
      result.push_back(std::move(g));
    }
    return result;
  }
  void release_variables() override {
    if (release_) release_();
  }

 private:
  std::string name_;
  CustomBackward backward_;
  std::function<void()> release_;
};
}  // namespace

void record_custom(std::string name, const variable_list& outputs, const variable_list& inputs,
                   CustomBackward backward, std::function<void()> release) {
  connect(std::make_shared<CustomNode>(std::move(name), std::move(backward), std::move(release)),
          outputs, ArrayRef<Tensor>(inputs));
}

// ---- Saved variables ---------------------------------------------------------------------------

SavedVariable::SavedVariable(const Tensor& t, bool is_output) : is_output_(is_output) {
  if (!t.defined()) return;
  was_saved_ = true;
  version_ = t._version();
  if (is_output) {
    output_nr_ = t.output_nr();
    data_ = plain_alias(t);
  } else {
    data_ = t;
  }
}

void SavedVariable::rebind_output(const Tensor& t) {
  if (!was_saved_ || !is_output_ || freed_) return;
  data_ = detail::alias(t, t.sizes(), t.strides(), t.storage_offset());
  data_.unsafeGetTensorImpl()->set_view_base({});
  version_ = t._version();
}

void SavedVariable::reset() {
  if (!was_saved_) return;
  data_ = Tensor();
  freed_ = true;
}

Tensor SavedVariable::unpack(const std::shared_ptr<Node>& owner) const {
  if (!was_saved_) return Tensor();
  EMBER_CHECK(
      !freed_,
      "Trying to backward through the graph a second time (or directly access saved "
      "tensors after they have already been freed). Saved intermediate values of the graph "
      "are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if "
      "you need to backward through the graph a second time or if you need to access saved "
      "tensors after calling backward.");
  const uint32_t now = data_._version();
  if (now != version_) {
    std::string which;
    const std::shared_ptr<Node>& fn = is_output_ ? owner : data_.grad_fn();
    if (fn) {
      which = detail::str_cat(", which is output ", is_output_ ? output_nr_ : data_.output_nr(),
                              " of ", fn->name(), ",");
    }
    detail::fail(
        "one of the variables needed for gradient computation has been modified by an "
        "inplace operation: [",
        legacy_type_name(data_.dtype()), " ", data_.sizes(), "]", which, " is at version ", now,
        "; expected version ", version_,
        " instead. Hint: enable anomaly detection to find the operation that failed to "
        "compute its gradient, with torch.autograd.set_detect_anomaly(True).");
  }
  if (is_output_ && GradMode::is_enabled()) {
    // Higher-order gradients: the output, connected to the node that produced it again.
    Tensor t = detail::alias(data_, data_.sizes(), data_.strides(), data_.storage_offset());
    t.unsafeGetTensorImpl()->set_view_base({});
    t.unsafeGetTensorImpl()->set_grad_fn(owner, output_nr_);
    return t;
  }
  return data_;
}

// ---- In-place ops ------------------------------------------------------------------------------

void check_inplace(const Tensor& self) {
  if (!GradMode::is_enabled()) return;
  TensorImpl* impl = self.unsafeGetTensorImpl();
  if (impl->is_view()) {
    TensorImpl* base = impl->view_base().get();
    EMBER_CHECK(!(base->requires_grad() && !base->grad_fn()),
                "a view of a leaf Variable that requires grad is being used in an in-place "
                "operation.");
    return;
  }
  EMBER_CHECK(!(impl->requires_grad() && !impl->grad_fn()),
              "a leaf Variable that requires grad is being used in an in-place operation.");
}

void rebase_history(Tensor& self, const Tensor& result) {
  const std::shared_ptr<Node>& fn = result.grad_fn();
  if (!fn) return;
  TensorImpl* impl = self.unsafeGetTensorImpl();
  if (impl->is_view()) {
    Tensor base(impl->view_base());
    auto copy_slices = std::make_shared<CopySlices>(Geometry(base), Geometry(self), fn);
    copy_slices->add_next_edge(gradient_edge(base));
    for (size_t i = 1; i < fn->num_outputs(); ++i) copy_slices->add_next_edge(fn->next_edge(i));
    copy_slices->add_input_metadata(base);
    base.unsafeGetTensorImpl()->set_grad_fn(std::move(copy_slices), 0);
    impl->set_grad_fn(nullptr, 0);  // regenerated from the base on next use
    return;
  }
  impl->set_grad_fn(fn, result.output_nr());
  impl->set_grad_fn_version(impl->storage()->version());
}

Tensor plain_alias(const Tensor& self) {
  Tensor a = detail::alias(self, self.sizes(), self.strides(), self.storage_offset());
  a.unsafeGetTensorImpl()->set_view_base({});
  return a;
}

Tensor alias_with_history(const Tensor& self) {
  const Edge old = gradient_edge(self);
  Tensor a = plain_alias(self);
  if (old.is_valid()) a.unsafeGetTensorImpl()->set_grad_fn(old.function, old.input_nr);
  return a;
}

Tensor& record_inplace(Tensor& self, const std::function<Tensor(const Tensor&)>& f) {
  check_inplace(self);
  // The old value with self's old history, so the recorded formula sees what it would have seen.
  Tensor original;
  {
    NoGradGuard no_grad;
    original = self.clone();
  }
  const Edge old = gradient_edge(self);
  if (old.is_valid()) original.unsafeGetTensorImpl()->set_grad_fn(old.function, old.input_nr);
  Tensor result = f(original);
  // What the in-place kernel would have refused: a result that broadcasts beyond self, or whose
  // dtype self cannot hold (bool.add_(float)).
  EMBER_CHECK(result.sizes() == self.sizes(), "output with shape ", self.sizes(),
              " doesn't match the broadcast shape ", result.sizes());
  EMBER_CHECK(can_cast(result.scalar_type(), self.scalar_type()), "result type ",
              to_string(result.scalar_type()), " can't be cast to the desired output type ",
              to_string(self.scalar_type()));
  // Written as the in-place kernel would write it: the op has made its checks (an expanded self
  // may be filled, not added to).
  detail::copy_raw(self, result);
  self.impl()->storage()->bump_version();
  if (const auto& fn = result.grad_fn()) fn->rebind_saved_outputs(self);
  rebase_history(self, result);
  return self;
}

// ---- Helpers for formulas ----------------------------------------------------------------------

Tensor sum_to(const Tensor& grad, IntArrayRef sizes) {
  if (grad.sizes() == sizes) return grad;
  const int64_t lead = grad.dim() - static_cast<int64_t>(sizes.size());
  DimVector dims;
  for (int64_t d = 0; d < grad.dim(); ++d) {
    if (d < lead || (sizes[d - lead] == 1 && grad.sizes()[d] != 1)) dims.push_back(d);
  }
  Tensor r = dims.empty() ? grad : grad.sum(dims, /*keepdim=*/true);
  return r.sizes() == sizes ? r : r.view(sizes);
}

Tensor as_strided_backward(const Tensor& grad, const Geometry& in, const Geometry& view) {
  EMBER_CHECK(non_overlapping(view),
              "as_strided: the backward of a view whose elements overlap in memory is not "
              "supported by ember");
  const int64_t origin = std::min(in.offset, view.offset);
  const int64_t end = std::max(in.offset + extent_of(in), view.offset + extent_of(view));
  Tensor buf = zeros({end - origin}, TensorOptions().dtype(grad.dtype()));
  Tensor slot = detail::alias(buf, view.sizes, view.strides, view.offset - origin);
  slot.copy_(grad);  // recorded when grad mode is on (create_graph)
  return detail::alias(buf, in.sizes, in.strides, in.offset - origin).clone();
}

Node* hooks_owned_by(const Tensor& t) {
  if (!t.defined() || t.use_count() != 1) return nullptr;
  TensorImpl* impl = t.unsafeGetTensorImpl();
  if (const auto& fn = impl->grad_fn()) return fn.use_count() == 1 ? fn.get() : nullptr;
  AutogradMeta* m = meta_of(impl);
  if (!m) return nullptr;
  const std::lock_guard<std::mutex> lock(m->accumulator_mutex);
  return m->accumulator && m->accumulator.use_count() == 1 ? m->accumulator.get() : nullptr;
}

}  // namespace ember::autograd

// ---- Tensor's autograd methods -----------------------------------------------------------------

namespace ember {

using autograd::AutogradMeta;

Tensor& Tensor::requires_grad_(bool r) const {
  TensorImpl* i = impl().get();
  if (i->grad_fn()) {
    EMBER_CHECK(r,
                "you can only change requires_grad flags of leaf variables. If you want to use a "
                "computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach().");
    return const_cast<Tensor&>(*this);
  }
  EMBER_CHECK(!r || is_floating_point(),
              "only Tensors of floating point dtype can require gradients");
  i->set_requires_grad(r);
  return const_cast<Tensor&>(*this);
}

const std::shared_ptr<autograd::Node>& Tensor::grad_fn() const {
  TensorImpl* i = impl().get();
  if (i->is_view()) autograd::refresh_view_grad_fn(i);
  return i->grad_fn();
}

const Tensor& Tensor::grad() const {
  static const Tensor undefined;
  auto* m = autograd::meta_of(impl().get());
  return m ? m->grad : undefined;
}

Tensor& Tensor::mutable_grad() const { return autograd::materialize_meta(impl().get()).grad; }

void Tensor::backward(const Tensor& gradient, std::optional<bool> retain_graph, bool create_graph,
                      std::optional<std::vector<Tensor>> inputs) const {
  autograd::backward({*this}, {gradient}, retain_graph, create_graph,
                     inputs.value_or(std::vector<Tensor>{}));
}

Tensor Tensor::detach() const {
  Tensor r = detail::alias(*this, sizes(), strides(), storage_offset());
  r.unsafeGetTensorImpl()->set_view_base({});
  return r;
}

void Tensor::set_data(const Tensor& new_data) {
  EMBER_CHECK(defined() && new_data.defined(), "set_data: both tensors must be defined");
  EMBER_CHECK(!requires_grad() || is_floating_type(new_data.scalar_type()),
              "data set to a tensor that requires gradients must be floating point or complex "
              "dtype");
  TensorImpl* i = impl().get();
  // The accumulator holds the old shape and dtype (InputMetadata): a new one is made on demand.
  if (autograd::AutogradMeta* m = autograd::meta_of(i)) {
    std::shared_ptr<autograd::AccumulateGrad> old;
    {
      const std::lock_guard<std::mutex> lock(m->accumulator_mutex);
      old = std::move(m->accumulator);
    }
    if (old) old->forget_variable();  // outside the meta's lock: nodes' locks come first
  }
  i->shallow_copy_data_from(*new_data.unsafeGetTensorImpl());
}

Tensor& Tensor::detach_() const {
  Tensor& self = const_cast<Tensor&>(*this);
  TensorImpl* i = impl().get();
  EMBER_CHECK(
      !i->is_view() || !i->view_base()->requires_grad(),
      "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
      "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
      "buckets, and hence detach_() cannot be called on these gradients. To fix &self error, please "
      "refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.");
  i->set_grad_fn(nullptr, 0);
  i->set_requires_grad(false);
  return self;
}

void Tensor::retain_grad() const {
  EMBER_CHECK(requires_grad(), "can't retain_grad on Tensor that has requires_grad=False");
  if (is_leaf()) return;  // leaves keep their grad anyway
  AutogradMeta& m = autograd::materialize_meta(impl().get());
  if (m.retain_slot) return;
  m.retain_slot = std::make_shared<TensorImpl*>(impl().get());
  std::weak_ptr<TensorImpl*> slot = m.retain_slot;
  grad_fn()->add_pre_hook(output_nr(), autograd::next_hook_id++, [slot](const Tensor& g) {
    auto s = slot.lock();
    if (!s || !*s || !g.defined()) return Tensor();
    autograd::accumulate_grad(*s, Tensor(g));
    return Tensor();
  });
}

bool Tensor::retains_grad() const {
  auto* m = autograd::meta_of(impl().get());
  return m && m->retain_slot;
}

unsigned Tensor::add_hook(std::function<Tensor(const Tensor&)> hook) const {
  EMBER_CHECK(requires_grad(), "cannot register a hook on a tensor that doesn't require gradient");
  const unsigned id = autograd::next_hook_id++;
  if (const auto& fn = grad_fn()) {
    fn->add_pre_hook(output_nr(), id, std::move(hook));
  } else {
    autograd::accumulator_of(impl().get())->add_pre_hook(0, id, std::move(hook));
  }
  return id;
}

void Tensor::remove_hook(unsigned id) const {
  bool removed = false;
  if (const auto& fn = grad_fn()) {
    removed = fn->remove_pre_hook(id);
  } else if (auto* m = autograd::meta_of(impl().get()); m && m->accumulator) {
    removed = m->accumulator->remove_pre_hook(id);
  }
  EMBER_CHECK(removed, "Invalid index");
}

Tensor Tensor::_base() const { return impl()->is_view() ? Tensor(impl()->view_base()) : Tensor(); }

}  // namespace ember
