#pragma once
// nn::Functional: wraps a function Tensor -> Tensor as a module, to put it in a Sequential:
//
//   nn::Sequential seq(nn::Linear(3, 3), nn::Functional(torch::relu));
//   nn::Functional(torch::leaky_relu, /*negative_slope=*/0.2)   // extra arguments bound
#include <functional>
#include <ostream>
#include <utility>

#include "ember/core/demangle.h"
#include "ember/nn/cloneable.h"

namespace ember::nn {

class FunctionalImpl : public Cloneable<FunctionalImpl> {
 public:
  using Function = std::function<Tensor(Tensor)>;

  explicit FunctionalImpl(Function function) : function_(std::move(function)) {}
  template <typename SomeFunction, typename... Args>
  requires(sizeof...(Args) > 0) explicit FunctionalImpl(SomeFunction original_function,
                                                        Args&&... args)
      : function_([f = std::move(original_function), ... bound = std::forward<Args>(args)](
                      Tensor input) { return f(std::move(input), bound...); }) {}

  void reset() override {}
  void pretty_print(std::ostream& stream) const override {
    stream << ::ember::detail::printed_namespace() << "::nn::Functional()";
  }
  Tensor forward(Tensor input) { return function_(std::move(input)); }
  Tensor operator()(Tensor input) { return forward(std::move(input)); }
  bool is_serializable() const override { return false; }

 private:
  Function function_;
};

EMBER_MODULE(Functional);

}  // namespace ember::nn
