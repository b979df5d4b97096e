#pragma once
// What the nn tests checked against a libtorch program share: a table of libtorch's tensors by
// case name (printed by the program in tests/reference/libtorch/nn_*.cpp), the program's inputs,
// and the checks of a value and its gradients against that table.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nn/nn_reference.h"

namespace libtorch_cases {

struct Reference {
  std::vector<int64_t> shape;
  std::vector<double> values;
};
// case name -> libtorch's tensor
using ReferenceTable = std::map<std::string, Reference>;

using ember_test::error_message;
using ember_test::printed;

// `actual` equals the table's tensor `name` (in double, NaN equal to NaN).
inline void expect_reference(const ReferenceTable& table, const ember::Tensor& actual,
                             const std::string& name) {
  SCOPED_TRACE(name);
  const auto it = table.find(name);
  ASSERT_NE(it, table.end());
  const Reference& r = it->second;
  ASSERT_EQ(actual.sizes(), ember::IntArrayRef(r.shape));
  const ember::Tensor expected =
      ember::tensor(ember::ArrayRef<double>(r.values)).to(ember::kDouble).view(r.shape);
  EXPECT_TRUE(actual.detach().to(ember::kDouble).allclose(expected, 1e-4, 1e-5, /*equal_nan=*/true))
      << actual << "\nexpected\n"
      << expected;
}

inline int64_t numel(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

// The libtorch programs' inputs, (arange(n) * 7 % 11 - 5) / 4 and (arange(n) * 5 % 13 - 6) / 5,
// as fresh leaves.
inline ember::Tensor input(const std::vector<int64_t>& shape) {
  return (ember::arange(numel(shape), ember::kFloat) * 7)
      .remainder(11)
      .sub(5)
      .div(4)
      .view(shape)
      .clone();
}
inline ember::Tensor other(const std::vector<int64_t>& shape) {
  return (ember::arange(numel(shape), ember::kFloat) * 5)
      .remainder(13)
      .sub(6)
      .div(5)
      .view(shape)
      .clone();
}

// (y * w).sum() with the programs' weights w = 1 + arange / 10.
inline ember::Tensor weighted_sum(const ember::Tensor& y) {
  return (y * ember::arange(y.numel(), ember::kFloat).div(10).add(1).view(y.sizes())).sum();
}

// f(a, b) and the gradients of weighted_sum(f(a, b)) against "name y", "name a.grad" and
// "name b.grad".
inline void check2(
    const ReferenceTable& table, const std::string& name, ember::Tensor a, ember::Tensor b,
    const std::function<ember::Tensor(const ember::Tensor&, const ember::Tensor&)>& f,
    bool b_grad = true) {
  a = a.detach().requires_grad_(true);
  b = b.detach().requires_grad_(b_grad);
  ember::Tensor y = f(a, b);
  weighted_sum(y).backward();
  expect_reference(table, y, name + " y");
  expect_reference(table, a.grad(), name + " a.grad");
  if (b_grad) expect_reference(table, b.grad(), name + " b.grad");
}

// f(a) and a's gradient, as check2.
inline void check1(const ReferenceTable& table, const std::string& name, const ember::Tensor& a,
                   const std::function<ember::Tensor(const ember::Tensor&)>& f) {
  check2(
      table, name, a, ember::zeros({1}),
      [&](const ember::Tensor& x, const ember::Tensor&) { return f(x); }, false);
}

// " name[sizes]" for each parameter, or each buffer.
inline std::string parameter_shapes(const ember::nn::Module& m) {
  std::ostringstream os;
  for (const auto& q : m.named_parameters()) os << " " << q.key() << q.value().sizes();
  return os.str();
}
inline std::string buffer_shapes(const ember::nn::Module& m) {
  std::ostringstream os;
  for (const auto& q : m.named_buffers()) os << " " << q.key() << q.value().sizes();
  return os.str();
}

}  // namespace libtorch_cases
