// Per-op overhead of creating small tensors: ember against libtorch in the same process.
#include <benchmark/benchmark.h>
#include <ember/ember.h>

#ifdef EMBER_BENCH_LIBTORCH
#include <torch/torch.h>
#endif

namespace {

void ember_zeros_2x3(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ember::zeros({2, 3}));
}
void ember_tensor_2x3(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ember::tensor({{1, 2, 3}, {4, 5, 6}}));
}
void ember_randn_2x3(benchmark::State& state) {
  ember::manual_seed(0);
  for (auto _ : state) benchmark::DoNotOptimize(ember::randn({2, 3}));
}
void ember_randn_1e6(benchmark::State& state) {
  ember::manual_seed(0);
  for (auto _ : state) benchmark::DoNotOptimize(ember::randn({1000, 1000}));
}
// Tiny arithmetic, where the time is the per-op overhead (dispatch, allocation), not the math.
void ember_mul_2x3(benchmark::State& state) {
  const ember::Tensor a = ember::rand({2, 3}), b = ember::rand({2, 3});
  for (auto _ : state) benchmark::DoNotOptimize(a * b);
}
void ember_matmul_2x3_3x2(benchmark::State& state) {
  const ember::Tensor a = ember::rand({2, 3}), b = ember::rand({3, 2});
  for (auto _ : state) benchmark::DoNotOptimize(ember::matmul(a, b));
}
BENCHMARK(ember_zeros_2x3);
BENCHMARK(ember_mul_2x3);
BENCHMARK(ember_matmul_2x3_3x2);
BENCHMARK(ember_tensor_2x3);
BENCHMARK(ember_randn_2x3);
BENCHMARK(ember_randn_1e6)->Unit(benchmark::kMillisecond);

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_zeros_2x3(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(torch::zeros({2, 3}));
}
void libtorch_tensor_2x3(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(torch::tensor({{1, 2, 3}, {4, 5, 6}}));
}
void libtorch_randn_2x3(benchmark::State& state) {
  torch::manual_seed(0);
  for (auto _ : state) benchmark::DoNotOptimize(torch::randn({2, 3}));
}
void libtorch_randn_1e6(benchmark::State& state) {
  torch::manual_seed(0);
  at::set_num_threads(1);
  for (auto _ : state) benchmark::DoNotOptimize(torch::randn({1000, 1000}));
}
void libtorch_mul_2x3(benchmark::State& state) {
  const torch::Tensor a = torch::rand({2, 3}), b = torch::rand({2, 3});
  for (auto _ : state) benchmark::DoNotOptimize(a * b);
}
void libtorch_matmul_2x3_3x2(benchmark::State& state) {
  const torch::Tensor a = torch::rand({2, 3}), b = torch::rand({3, 2});
  for (auto _ : state) benchmark::DoNotOptimize(torch::matmul(a, b));
}
BENCHMARK(libtorch_zeros_2x3);
BENCHMARK(libtorch_mul_2x3);
BENCHMARK(libtorch_matmul_2x3_3x2);
BENCHMARK(libtorch_tensor_2x3);
BENCHMARK(libtorch_randn_2x3);
BENCHMARK(libtorch_randn_1e6)->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
