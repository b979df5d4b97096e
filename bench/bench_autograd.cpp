// Autograd overhead on tiny tensors: recording an op, and a whole forward + backward
// (x * (a + b)).sum().backward(), ember against libtorch in the same process.
#include <benchmark/benchmark.h>
#include <ember/ember.h>

#ifdef EMBER_BENCH_LIBTORCH
#include <torch/torch.h>
#endif

namespace {

void ember_add_requires_grad_2x3(benchmark::State& state) {
  const ember::Tensor a = ember::rand({2, 3}, ember::requires_grad());
  const ember::Tensor b = ember::rand({2, 3}, ember::requires_grad());
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
}
void ember_tiny_forward_backward(benchmark::State& state) {
  const ember::Tensor a = ember::rand({2, 3}, ember::requires_grad());
  const ember::Tensor b = ember::rand({2, 3}, ember::requires_grad());
  const ember::Tensor x = ember::rand({2, 3}, ember::requires_grad());
  for (auto _ : state) {
    (x * (a + b)).sum().backward();
  }
}
BENCHMARK(ember_add_requires_grad_2x3);
BENCHMARK(ember_tiny_forward_backward);

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_add_requires_grad_2x3(benchmark::State& state) {
  const torch::Tensor a = torch::rand({2, 3}, torch::requires_grad());
  const torch::Tensor b = torch::rand({2, 3}, torch::requires_grad());
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
}
void libtorch_tiny_forward_backward(benchmark::State& state) {
  const torch::Tensor a = torch::rand({2, 3}, torch::requires_grad());
  const torch::Tensor b = torch::rand({2, 3}, torch::requires_grad());
  const torch::Tensor x = torch::rand({2, 3}, torch::requires_grad());
  for (auto _ : state) {
    (x * (a + b)).sum().backward();
  }
}
BENCHMARK(libtorch_add_requires_grad_2x3);
BENCHMARK(libtorch_tiny_forward_backward);
#endif

}  // namespace

BENCHMARK_MAIN();
