// Per-call instruction counts of the tiny ops, for callgrind (scripts/profile-tiny-ops.sh builds
// this file twice: against ember, and against libtorch with EMBER_PROFILE_LIBTORCH defined).
//   tiny_ops OP N   runs OP (add, mul, zeros, matmul, addgrad, fwdbwd) N times on 2x3 float32.
// The script subtracts a run with N = 0, so start-up and set-up cancel out.
#ifdef EMBER_PROFILE_LIBTORCH
#include <torch/torch.h>
#else
#include <ember/ember.h>
namespace torch = ember;
#endif
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  const char* op = argc > 1 ? argv[1] : "add";
  const int n = argc > 2 ? std::atoi(argv[2]) : 100000;
  const torch::Tensor a = torch::ones({2, 3}), b = torch::ones({2, 3});
  const torch::Tensor x = torch::ones({2, 3}, torch::requires_grad());
  const torch::Tensor w = torch::ones({2, 3}, torch::requires_grad());
  auto is = [&](const char* name) { return std::strcmp(op, name) == 0; };
  for (int i = 0; i < n; ++i) {
    if (is("add")) {
      torch::Tensor c = a + b;
    } else if (is("mul")) {
      torch::Tensor c = a * b;
    } else if (is("zeros")) {
      torch::Tensor c = torch::zeros({2, 3});
    } else if (is("matmul")) {
      torch::Tensor c = a.matmul(b.t());
    } else if (is("addgrad")) {
      torch::Tensor c = x + w;
    } else if (is("fwdbwd")) {
      (x * (w + a)).sum().backward();
    }
  }
  return 0;
}
