// to_dot: the recorded graph in Graphviz's DOT language. Nodes are boxes named as PyTorch names
// them; a leaf's AccumulateGrad shows the leaf's shape; the root tensor is an oval.
#include <sstream>
#include <unordered_map>
#include <vector>

#include "ember/autograd/autograd.h"

namespace ember::autograd {

void to_dot(const Tensor& root, std::ostream& out) {
  out << "digraph {\n  graph [rankdir=BT]\n  node [shape=box, fontname=\"monospace\"]\n";
  out << "  root [shape=oval, label=\"" << Size(root.sizes()) << "\"]\n";
  const std::shared_ptr<Node>& top = root.grad_fn();
  if (!top) {
    out << "}\n";
    return;
  }
  std::unordered_map<const Node*, size_t> ids;
  std::vector<const Node*> todo{top.get()};
  ids[top.get()] = 0;
  while (!todo.empty()) {
    const Node* n = todo.back();
    todo.pop_back();
    const size_t id = ids[n];
    out << "  n" << id << " [label=\"" << n->name();
    if (auto* acc = dynamic_cast<const AccumulateGrad*>(n)) {
      const Tensor leaf = acc->variable();
      if (leaf.defined()) out << "\\n" << Size(leaf.sizes());
      out << "\", style=filled, fillcolor=lightblue";
    } else {
      out << "\"";
    }
    out << "]\n";
    for (const Edge& e : n->next_edges()) {
      if (!e.function) continue;
      auto [it, fresh] = ids.emplace(e.function.get(), ids.size());
      if (fresh) todo.push_back(e.function.get());
      out << "  n" << it->second << " -> n" << id << "\n";
    }
  }
  out << "  n0 -> root\n}\n";
}

std::string to_dot(const Tensor& root) {
  std::ostringstream os;
  to_dot(root, os);
  return os.str();
}

}  // namespace ember::autograd
