#pragma once
// Differential gradient tests: tests/reference/gen_autograd_<family>.py records, for each named
// case, the leaves, the forward result, its grad_fn name and the leaves' gradients as real
// PyTorch computes them (reflib.grad_case). A test gives the same function in C++ under the same
// name; check_grad_reference rebuilds the leaves (and the transposed/strided/expanded views over
// them), compares everything, and runs gradcheck on the function in float64.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "reference.h"

namespace ember_test {

using GradFn = std::function<ember::Tensor(const std::vector<ember::Tensor>&)>;

// The input the function sees: the leaf itself or a view over it, as the spec's layout says.
inline ember::Tensor apply_layout(const ember::Tensor& leaf, const nlohmann::json& spec) {
  const std::string layout = spec.value("layout", "contiguous");
  if (layout == "t") return leaf.transpose(-1, -2);
  if (layout == "step") {
    return leaf.slice(-1, std::nullopt, std::nullopt, 2);
  }
  if (layout == "expand") return leaf.expand(spec.at("shape").get<std::vector<int64_t>>());
  return leaf;
}

// The leaves a case was recorded with (optionally converted to float64, for gradcheck).
inline std::vector<ember::Tensor> make_leaves(const nlohmann::json& c, bool as_double) {
  std::vector<ember::Tensor> leaves;
  for (const auto& spec : c.at("inputs")) {
    ember::Tensor leaf = tensor_from_reference(spec.at("leaf"));
    if (leaf.is_floating_point()) {
      if (as_double) leaf = leaf.to(ember::kDouble);
      if (spec.value("grad", true)) leaf.requires_grad_();
    }
    leaves.push_back(leaf);
  }
  return leaves;
}

inline std::vector<ember::Tensor> views_of(const std::vector<ember::Tensor>& leaves,
                                           const nlohmann::json& c) {
  std::vector<ember::Tensor> inputs;
  for (size_t i = 0; i < leaves.size(); ++i) {
    inputs.push_back(apply_layout(leaves[i], c.at("inputs")[i]));
  }
  return inputs;
}

// Values equal within float tolerance for the dtype (bit-exact for integers and bools).
inline ::testing::AssertionResult close_tensor(const ember::Tensor& actual,
                                               const ember::Tensor& expected) {
  if (actual.dtype() != expected.dtype())
    return ::testing::AssertionFailure() << "dtype " << actual.dtype() << " vs " << expected.dtype();
  if (actual.sizes() != expected.sizes())
    return ::testing::AssertionFailure()
           << "sizes " << actual.sizes() << " vs " << expected.sizes();
  if (!actual.is_floating_point()) return same_tensor(actual, expected);
  const double tol = actual.dtype() == ember::kDouble ? 1e-10 : 1e-5;
  ember::NoGradGuard no_grad;
  ember::Tensor a = actual.to(ember::kDouble).contiguous();
  ember::Tensor e = expected.to(ember::kDouble).contiguous();
  for (int64_t i = 0; i < a.numel(); ++i) {
    const double x = a.data_ptr<double>()[i], y = e.data_ptr<double>()[i];
    if ((std::isnan(x) && std::isnan(y)) || x == y) continue;  // x == y: infinities too
    if (!(std::abs(x - y) <= tol * (1 + std::abs(y)))) {
      return ::testing::AssertionFailure() << "element " << i << ": " << x << " vs " << y
                                           << "\nactual:\n" << actual << "\nexpected:\n"
                                           << expected;
    }
  }
  return ::testing::AssertionSuccess();
}

// Runs one recorded case against f.
inline void check_grad_case(const std::string& name, const nlohmann::json& c, const GradFn& f) {
  SCOPED_TRACE("case " + name);
  std::vector<ember::Tensor> leaves = make_leaves(c, false);
  ember::Tensor out = f(views_of(leaves, c));
  EXPECT_TRUE(close_tensor(out.detach(), tensor_from_reference(c.at("output"))));
  const auto& fn = c.at("grad_fn");
  EXPECT_EQ(out.grad_fn() ? out.grad_fn()->name() : std::string("None"),
            fn.is_null() ? std::string("None") : fn.get<std::string>());
  if (!c.contains("grad_output")) {
    EXPECT_FALSE(out.requires_grad());
    return;
  }
  out.backward(tensor_from_reference(c.at("grad_output")));
  for (size_t i = 0; i < leaves.size(); ++i) {
    const auto& g = c.at("grads")[i];
    SCOPED_TRACE("grad of input " + std::to_string(i));
    if (g.is_null()) {
      EXPECT_FALSE(leaves[i].grad().defined());
    } else {
      ASSERT_TRUE(leaves[i].grad().defined());
      EXPECT_TRUE(close_tensor(leaves[i].grad(), tensor_from_reference(g)));
    }
  }
  if (c.value("gradcheck", true)) {
    std::vector<ember::Tensor> leaves64 = make_leaves(c, true);
    EXPECT_TRUE(ember::autograd::gradcheck(
        [&](const std::vector<ember::Tensor>& v) { return f(views_of(v, c)); }, leaves64));
  }
}

// Every case in reference `name` has a function in `cases` and passes; every function has a case.
inline void check_grad_reference(const std::string& name, const std::map<std::string, GradFn>& cases) {
  const auto& ref = reference(name);
  for (const auto& [key, c] : ref.at("cases").items()) {
    auto it = cases.find(key);
    if (it == cases.end()) {
      ADD_FAILURE() << "no C++ function for reference case " << key;
      continue;
    }
    check_grad_case(key, c, it->second);
  }
  for (const auto& [key, f] : cases) {
    EXPECT_TRUE(ref.at("cases").contains(key) || ref.at("errors").contains(key))
        << "no reference case " << key;
  }
}

// Every error case in reference `name` raises ember::Error with PyTorch's message.
inline void check_grad_errors(const std::string& name, const std::map<std::string, GradFn>& cases) {
  const auto& ref = reference(name);
  for (const auto& [key, c] : ref.at("errors").items()) {
    SCOPED_TRACE("error case " + key);
    auto it = cases.find(key);
    if (it == cases.end()) {
      ADD_FAILURE() << "no C++ function for reference error case " << key;
      continue;
    }
    std::vector<ember::Tensor> leaves = make_leaves(c, false);
    try {
      it->second(views_of(leaves, c)).sum().backward();
      ADD_FAILURE() << "expected an error: " << c.at("error").at("message");
    } catch (const ember::Error& e) {
      EXPECT_EQ(std::string(e.what()), c.at("error").at("message").get<std::string>());
    }
  }
}

}  // namespace ember_test
