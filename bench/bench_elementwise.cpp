// Element-wise throughput and small-op overhead: ember against libtorch in the same process, both
// at their default thread counts (the machine's cores).
#include <benchmark/benchmark.h>
#include <ember/core/parallel.h>
#include <ember/ember.h>

#ifdef EMBER_BENCH_LIBTORCH
#include <torch/torch.h>
#endif

namespace {

constexpr int64_t kLarge = 10'000'000;
constexpr int64_t kMedium = 1'000'000;

void ember_add_1e7(benchmark::State& state) {
  const ember::Tensor a = ember::rand({kLarge}), b = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
void ember_mul_1e7(benchmark::State& state) {
  const ember::Tensor a = ember::rand({kLarge}), b = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a * b);
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
void ember_exp_1e6(benchmark::State& state) {
  const ember::Tensor a = ember::rand({kMedium});
  for (auto _ : state) benchmark::DoNotOptimize(ember::exp(a));
}
void ember_add_2x3(benchmark::State& state) {
  const ember::Tensor a = ember::rand({2, 3}), b = ember::rand({2, 3});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
}
// The same large ops on one thread: what the vectorized loop alone gives.
void ember_add_1e7_1thread(benchmark::State& state) {
  const int saved = ember::get_num_threads();
  ember::set_num_threads(1);
  const ember::Tensor a = ember::rand({kLarge}), b = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
  ember::set_num_threads(saved);
}
void ember_exp_1e6_1thread(benchmark::State& state) {
  const int saved = ember::get_num_threads();
  ember::set_num_threads(1);
  const ember::Tensor a = ember::rand({kMedium});
  for (auto _ : state) benchmark::DoNotOptimize(ember::exp(a));
  ember::set_num_threads(saved);
}
// In place: a += b reads two operands and writes one, the same 12 bytes per element as a + b
// but without allocating (or first touching) an output.
void ember_add_inplace_1e7(benchmark::State& state) {
  ember::Tensor a = ember::rand({kLarge});
  const ember::Tensor b = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.add_(b));
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
// Full reductions: 4 bytes read per element, nothing written but a scalar.
void ember_sum_1e7(benchmark::State& state) {
  const ember::Tensor a = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.sum());
  state.SetBytesProcessed(state.iterations() * kLarge * 4);
}
void ember_max_1e7(benchmark::State& state) {
  const ember::Tensor a = ember::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.max());
  state.SetBytesProcessed(state.iterations() * kLarge * 4);
}
BENCHMARK(ember_add_inplace_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_sum_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_max_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_add_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_mul_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_exp_1e6)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(ember_add_2x3);
BENCHMARK(ember_add_1e7_1thread)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_exp_1e6_1thread)->Unit(benchmark::kMicrosecond)->UseRealTime();

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_add_1e7(benchmark::State& state) {
  const torch::Tensor a = torch::rand({kLarge}), b = torch::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
void libtorch_mul_1e7(benchmark::State& state) {
  const torch::Tensor a = torch::rand({kLarge}), b = torch::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a * b);
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
void libtorch_exp_1e6(benchmark::State& state) {
  const torch::Tensor a = torch::rand({kMedium});
  for (auto _ : state) benchmark::DoNotOptimize(torch::exp(a));
}
void libtorch_add_2x3(benchmark::State& state) {
  const torch::Tensor a = torch::rand({2, 3}), b = torch::rand({2, 3});
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
}
void libtorch_add_inplace_1e7(benchmark::State& state) {
  torch::Tensor a = torch::rand({kLarge});
  const torch::Tensor b = torch::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.add_(b));
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}
void libtorch_sum_1e7(benchmark::State& state) {
  const torch::Tensor a = torch::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.sum());
  state.SetBytesProcessed(state.iterations() * kLarge * 4);
}
void libtorch_max_1e7(benchmark::State& state) {
  const torch::Tensor a = torch::rand({kLarge});
  for (auto _ : state) benchmark::DoNotOptimize(a.max());
  state.SetBytesProcessed(state.iterations() * kLarge * 4);
}
BENCHMARK(libtorch_add_inplace_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_sum_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_max_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_add_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_mul_1e7)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_exp_1e6)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(libtorch_add_2x3);
#endif

}  // namespace

BENCHMARK_MAIN();
