// Matrix products: float32 square GEMM (n = 1024, 2048) on two threads with a GFLOP/s counter, and
// an int64 256x256 product (no BLAS for integers), ember against libtorch in the same process.
#include <benchmark/benchmark.h>
#include <ember/ember.h>

#ifdef EMBER_BENCH_LIBTORCH
#include <torch/torch.h>
#endif

namespace {

constexpr int kThreads = 2;

// Multiply-adds count two operations: GFLOP/s for floats, GOP/s for integers.
void set_flops(benchmark::State& state, int64_t n, const char* name = "GFLOP/s") {
  const double flops = 2.0 * static_cast<double>(n) * n * n;
  state.counters[name] =
      benchmark::Counter(flops * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}

void ember_matmul_f32(benchmark::State& state, int64_t n) {
  ember::set_num_threads(kThreads);
  ember::manual_seed(0);
  const ember::Tensor a = ember::randn({n, n}), b = ember::randn({n, n});
  for (auto _ : state) benchmark::DoNotOptimize(ember::matmul(a, b));
  set_flops(state, n);
}
void ember_matmul_i64(benchmark::State& state, int64_t n) {
  ember::set_num_threads(kThreads);
  ember::manual_seed(0);
  const ember::Tensor a = ember::randint(-100, 100, {n, n});
  const ember::Tensor b = ember::randint(-100, 100, {n, n});
  for (auto _ : state) benchmark::DoNotOptimize(ember::matmul(a, b));
  set_flops(state, n, "GOP/s");
}
void ember_matmul_f32_1024(benchmark::State& state) { ember_matmul_f32(state, 1024); }
void ember_matmul_f32_2048(benchmark::State& state) { ember_matmul_f32(state, 2048); }
void ember_matmul_i64_256(benchmark::State& state) { ember_matmul_i64(state, 256); }
BENCHMARK(ember_matmul_f32_1024)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_matmul_f32_2048)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(ember_matmul_i64_256)->Unit(benchmark::kMillisecond)->UseRealTime();

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_matmul_f32(benchmark::State& state, int64_t n) {
  at::set_num_threads(kThreads);
  torch::manual_seed(0);
  const torch::Tensor a = torch::randn({n, n}), b = torch::randn({n, n});
  for (auto _ : state) benchmark::DoNotOptimize(torch::matmul(a, b));
  set_flops(state, n);
}
void libtorch_matmul_i64(benchmark::State& state, int64_t n) {
  at::set_num_threads(kThreads);
  torch::manual_seed(0);
  const torch::Tensor a = torch::randint(-100, 100, {n, n});
  const torch::Tensor b = torch::randint(-100, 100, {n, n});
  for (auto _ : state) benchmark::DoNotOptimize(torch::matmul(a, b));
  set_flops(state, n, "GOP/s");
}
void libtorch_matmul_f32_1024(benchmark::State& state) { libtorch_matmul_f32(state, 1024); }
void libtorch_matmul_f32_2048(benchmark::State& state) { libtorch_matmul_f32(state, 2048); }
void libtorch_matmul_i64_256(benchmark::State& state) { libtorch_matmul_i64(state, 256); }
BENCHMARK(libtorch_matmul_f32_1024)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_matmul_f32_2048)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(libtorch_matmul_i64_256)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
