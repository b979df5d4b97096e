// Draws the graph autograd records for card 9 (z = x * (a + b)) with Graphviz: writes
// card09_graph.dot (ember::autograd::to_dot) and renders card09_graph.png with Debian's `dot`.
//
//   autograd_graph [OUTPUT_DIR]
#include <ember/ember.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

namespace torch = ember;

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : ".";
  torch::Tensor a = torch::tensor(2.0, torch::requires_grad());
  torch::Tensor b = torch::tensor(3.0, torch::requires_grad());
  torch::Tensor x = torch::tensor(4.0, torch::requires_grad());
  torch::Tensor z = x * (a + b);

  const std::string dot_file = dir + "/card09_graph.dot";
  const std::string png_file = dir + "/card09_graph.png";
  {
    std::ofstream out(dot_file);
    torch::autograd::to_dot(z, out);
    if (!out) {
      std::cerr << "cannot write " << dot_file << "\n";
      return 1;
    }
  }
  std::cout << "wrote " << dot_file << ":\n" << torch::autograd::to_dot(z);
  const std::string cmd = "dot -Tpng -o '" + png_file + "' '" + dot_file + "'";
  if (std::system(cmd.c_str()) != 0) {
    std::cerr << "rendering failed (is Graphviz installed? apt-get install graphviz): " << cmd
              << "\n";
    return 1;
  }
  std::cout << "rendered " << png_file << "\n";
}
