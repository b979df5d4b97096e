// Card 9 -- write z = x*y with y = a+b so that PyTorch builds a graph; show the proof.
//   What creates the graph is requires_grad on the inputs. (The card writes
//   `required_grad=True`; the keyword is requires_grad: PyTorch's Python rejects the misspelling
//   with a TypeError, and in C++ TensorOptions has no such member.)
//   The proof is grad_fn: a tensor created by an operation remembers it (MulBackward0 for z,
//   AddBackward0 for y); the inputs a, b and x were not created by an operation: grad_fn is null.
//   The graph can be drawn: examples/autograd_graph.cpp writes it for Graphviz.
#include <ember/ember.h>

#include <charconv>
#include <iostream>
#include <sstream>
#include <string>

namespace torch = ember;
using torch::autograd::Node;

// Python's repr of a node: <MulBackward0 object at 0x...>, or None.
static std::string repr(const std::shared_ptr<Node>& fn) {
  if (!fn) return "None";
  std::ostringstream os;
  os << "<" << fn->name() << " object at " << static_cast<const void*>(fn.get()) << ">";
  return os.str();
}

// Python's repr of grad_fn.next_functions: ((<AccumulateGrad object at 0x...>, 0), ...).
static std::string next_functions(const std::shared_ptr<Node>& fn) {
  std::ostringstream os;
  os << "(";
  const auto& edges = fn->next_edges();
  for (size_t i = 0; i < edges.size(); ++i) {
    os << (i > 0 ? ", " : "") << "(" << repr(edges[i].function) << ", " << edges[i].input_nr << ")";
  }
  os << (edges.size() == 1 ? ",)" : ")");
  return os.str();
}

// Python's format of a 0-d tensor in an f-string: its value as a Python float ("4.0").
static std::string py_float(const torch::Tensor& t) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, t.item<double>()).ptr;
  std::string s(buf, end);  // shortest round-trip digits, as Python's repr
  if (s.find_first_of(".ein") == std::string::npos) s += ".0";
  return s;
}

// The chain from a node back to the leaves, one node per line.
static void walk(const std::shared_ptr<Node>& fn, int depth = 0) {
  std::cout << std::string(2 * depth, ' ') << fn->name() << "\n";
  for (const auto& e : fn->next_edges()) {
    if (e.function) walk(e.function, depth + 1);
  }
}

int main() {
  torch::Tensor a = torch::tensor(2.0, torch::requires_grad());
  torch::Tensor b = torch::tensor(3.0, torch::requires_grad());
  torch::Tensor x = torch::tensor(4.0, torch::requires_grad());

  // First operation: a new node in the graph connects a and b to an addition.
  torch::Tensor y = a + b;
  // This connects x and y through a multiplication.
  torch::Tensor z = x * y;

  std::cout << z.repr() << "\n";
  std::cout << repr(z.grad_fn()) << "\n";  // MulBackward0: z was made by a multiplication
  std::cout << repr(y.grad_fn()) << "\n";  // AddBackward0: y was made by an addition
  std::cout << repr(a.grad_fn()) << "\n";  // None: a was not made by an operation

  // The whole chain, from z back to the leaves (AccumulateGrad stores a leaf's gradient).
  std::cout << next_functions(z.grad_fn()) << "\n";
  std::cout << next_functions(y.grad_fn()) << "\n";
  walk(z.grad_fn());

  // The graph is what backward() follows: dz/da = x, dz/db = x, dz/dx = a + b.
  z.backward();
  std::cout << "a.grad=" << py_float(a.grad()) << ", b.grad=" << py_float(b.grad())
            << ", x.grad=" << py_float(x.grad()) << "\n";
}
