#pragma once
// Differentiable operations whose derivative the user writes (libtorch's
// torch::autograd::Function<T>):
//
//   struct MulConstant : ember::autograd::Function<MulConstant> {
//     static Tensor forward(AutogradContext* ctx, Tensor x, double c) {
//       ctx->saved_data["c"] = c;
//       return x * c;
//     }
//     static variable_list backward(AutogradContext* ctx, variable_list grads) {
//       return {grads[0] * ctx->saved_data["c"].toDouble(), Tensor()};
//     }
//   };
//   Tensor y = MulConstant::apply(x, 2.0);   // y.grad_fn(): CppNode<MulConstant>
//
// forward runs without recording; it returns a Tensor or a variable_list. backward gets one
// gradient per forward output and returns one per forward argument (undefined for arguments that
// are not tensors or need none). Arguments that count as tensors, as in libtorch: Tensor,
// std::optional<Tensor> (when set) and each element of an ArrayRef<Tensor>.
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ember/autograd/Node.h"
#include "ember/autograd/grad_mode.h"
#include "ember/core/IValue.h"

namespace ember::autograd {

namespace detail {
class CustomCall;
}

class AutogradContext {
 public:
  AutogradContext();
  ~AutogradContext();
  AutogradContext(const AutogradContext&) = delete;
  AutogradContext& operator=(const AutogradContext&) = delete;

  // Anything backward needs besides tensors.
  std::unordered_map<std::string, IValue> saved_data;

  // Tensors backward needs (inputs or outputs): get_saved_variables() returns them, after
  // checking that none was modified in place since and that the graph was not freed.
  void save_for_backward(variable_list to_save);
  // Inputs forward modified in place (they become outputs of this node).
  void mark_dirty(const variable_list& inputs);
  // Outputs that get no gradient (indices, masks): they do not require grad.
  void mark_non_differentiable(const variable_list& outputs);
  // Whether backward sees zeros (true, the default) or undefined tensors for outputs without a
  // gradient.
  void set_materialize_grads(bool value);

  variable_list get_saved_variables() const;
  // Whether the tensor argument number `index` (counting tensor arguments only) needs a gradient.
  bool needs_input_grad(size_t index) const;

 private:
  friend class detail::CustomCall;

  struct Saved;  // the saved tensors, as SavedVariables (src/autograd/custom_function.cpp)

  variable_list to_save_;
  std::unique_ptr<Saved> saved_;
  std::unordered_set<const TensorImpl*> dirty_;
  std::unordered_set<const TensorImpl*> non_differentiable_;
  std::vector<bool> needs_input_grad_;
  std::weak_ptr<Node> node_;
  bool materialize_grads_ = true;
};

namespace detail {

// The tensor arguments of one apply(): the tensors, and for each argument (each element of a
// tensor list) whether it is one.
struct CustomInputs {
  variable_list tensors;
  std::vector<bool> is_tensor;

  void add(const Tensor& t) {
    is_tensor.push_back(true);
    tensors.push_back(t);
  }
  void add(const std::optional<Tensor>& t) {
    if (t && t->defined()) {
      add(*t);
    } else {
      is_tensor.push_back(false);
    }
  }
  void add(ArrayRef<Tensor> list) {
    for (const Tensor& t : list) add(t);
  }
  template <class X>
  void add(const X& /*not a tensor*/) {
    is_tensor.push_back(false);
  }
};

using CustomBackwardFn = variable_list (*)(AutogradContext*, variable_list);

// The non-generic part of Function<T>::apply (src/autograd/custom_function.cpp).
class CustomCall {
 public:
  CustomCall(std::string name, CustomInputs inputs);
  AutogradContext* ctx() { return ctx_.get(); }
  // Records the node for `outputs` (when an input requires grad and grad mode is on); outputs
  // that are inputs returned unchanged become new tensors sharing their data.
  void finish(variable_list& outputs, CustomBackwardFn backward);

 private:
  std::string name_;
  CustomInputs inputs_;
  std::shared_ptr<AutogradContext> ctx_;
  bool record_;
};

std::string custom_node_name(const char* mangled_type_name);

inline variable_list to_variable_list(Tensor t) { return {std::move(t)}; }
inline variable_list to_variable_list(variable_list v) { return v; }
inline variable_list to_variable_list(const tensor_list& v) {
  return variable_list(v.begin(), v.end());
}

// Calls T::backward with the gradients as the list type it takes (variable_list, or tensor_list
// as libtorch programs often write).
template <class T>
variable_list call_backward(AutogradContext* ctx, variable_list grads) {
  if constexpr (std::is_invocable_v<decltype(&T::backward), AutogradContext*, variable_list>) {
    return to_variable_list(T::backward(ctx, std::move(grads)));
  } else {
    tensor_list list;
    for (Tensor& g : grads) list.push_back(std::move(g));
    return to_variable_list(T::backward(ctx, std::move(list)));
  }
}
template <class Out>
Out from_variable_list(variable_list& v) {
  if constexpr (std::is_same_v<Out, Tensor>) {
    return std::move(v.at(0));
  } else if constexpr (std::is_same_v<Out, tensor_list>) {
    tensor_list list;
    for (Tensor& t : v) list.push_back(std::move(t));
    return list;
  } else {
    return std::move(v);
  }
}

}  // namespace detail

template <class T>
struct Function {
  template <class X = T, class... Args>
  static auto apply(Args&&... args)
      -> std::enable_if_t<std::is_same_v<X, T>,
                          decltype(X::forward(nullptr, std::declval<Args>()...))> {
    using Out = decltype(X::forward(nullptr, std::declval<Args>()...));
    static_assert(std::is_same_v<Out, Tensor> || std::is_same_v<Out, variable_list> ||
                      std::is_same_v<Out, tensor_list>,
                  "forward must return a Tensor, a variable_list or a tensor_list");
    detail::CustomInputs inputs;
    (inputs.add(args), ...);
    static const std::string name = detail::custom_node_name(typeid(T).name());
    detail::CustomCall call(name, std::move(inputs));
    variable_list outputs;
    {
      NoGradGuard no_grad;
      outputs = detail::to_variable_list(T::forward(call.ctx(), std::forward<Args>(args)...));
    }
    call.finish(outputs, &detail::call_backward<T>);
    return detail::from_variable_list<Out>(outputs);
  }
};

}  // namespace ember::autograd
