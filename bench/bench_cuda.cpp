// ember on a CUDA GPU (scripts/gpu-check.sh runs it next to bench/python/bench_cuda.py, PyTorch's
// side of the same cases, and prints the table of the CUDA issue's targets):
//
//   cuda_add_2p28              c = a + b on 2^28 float32 (12 bytes moved per element)
//   cuda_matmul_f32_N/tf32:T   N x N float32 product, TF32 off (0) or on (1)
//   cuda_mlp_step_b64          one SGD step of an MLP 784-256-10 on a batch of 64 (zero_grad,
//                              forward, cross-entropy, backward, step), waited for
//   cuda_add_2x3               a tiny add, per call (launches queue up; waited for at the end)
//
// Each timed iteration ends with cuda::synchronize() except the tiny add's, as the PyTorch side.
// Skips every case (with a message) when no GPU is there.
#include <benchmark/benchmark.h>
#include <ember/ember.h>

namespace {

namespace torch = ::ember;

bool have_gpu(benchmark::State& state) {
  if (torch::cuda::is_available()) return true;
  state.SkipWithError("no CUDA GPU");
  return false;
}

const torch::TensorOptions kGpu = torch::TensorOptions().device(torch::kCUDA);

void cuda_add_2p28(benchmark::State& state) {
  if (!have_gpu(state)) return;
  const int64_t n = int64_t{1} << 28;
  const torch::Tensor a = torch::ones({n}, kGpu), b = torch::ones({n}, kGpu);
  for (auto _ : state) {
    torch::Tensor c = a + b;
    torch::cuda::synchronize();
    benchmark::DoNotOptimize(c);
  }
  state.counters["GB/s"] =
      benchmark::Counter(static_cast<double>(n) * 12, benchmark::Counter::kIsIterationInvariantRate,
                         benchmark::Counter::OneK::kIs1000);
}
BENCHMARK(cuda_add_2p28)->Unit(benchmark::kMillisecond)->UseRealTime();

void cuda_matmul_f32(benchmark::State& state) {
  if (!have_gpu(state)) return;
  const int64_t n = state.range(0);
  torch::cuda::set_allow_tf32(state.range(1) != 0);
  torch::manual_seed(0);
  const torch::Tensor a = torch::randn({n, n}, kGpu), b = torch::randn({n, n}, kGpu);
  (void)a.matmul(b);  // cuBLAS's first call sets up its handle and workspace
  torch::cuda::synchronize();
  for (auto _ : state) {
    torch::Tensor c = a.matmul(b);
    torch::cuda::synchronize();
    benchmark::DoNotOptimize(c);
  }
  torch::cuda::set_allow_tf32(false);
  state.counters["TFLOP/s"] =
      benchmark::Counter(2.0 * n * n * n / 1e12, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(cuda_matmul_f32)
    ->ArgNames({"n", "tf32"})
    ->Args({4096, 0})
    ->Args({4096, 1})
    ->Args({8192, 0})
    ->Args({8192, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void cuda_mlp_step_b64(benchmark::State& state) {
  if (!have_gpu(state)) return;
  torch::manual_seed(0);
  torch::nn::Sequential model(torch::nn::Linear(784, 256), torch::nn::ReLU(),
                              torch::nn::Linear(256, 10));
  model->to(torch::Device(torch::kCUDA));
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01));
  const torch::Tensor x = torch::randn({64, 784}, kGpu);
  const torch::Tensor y = torch::randint(0, 10, {64}, kGpu.dtype(torch::kLong));
  auto step = [&] {
    optimizer.zero_grad();
    torch::Tensor loss = torch::nn::functional::cross_entropy(model->forward(x), y);
    loss.backward();
    optimizer.step();
    torch::cuda::synchronize();
  };
  for (int i = 0; i < 5; ++i) step();  // warm-up: cuBLAS, the allocator's cache
  for (auto _ : state) step();
}
BENCHMARK(cuda_mlp_step_b64)->Unit(benchmark::kMicrosecond)->UseRealTime();

void cuda_add_2x3(benchmark::State& state) {
  if (!have_gpu(state)) return;
  const torch::Tensor a = torch::ones({2, 3}, kGpu), b = torch::ones({2, 3}, kGpu);
  for (auto _ : state) benchmark::DoNotOptimize(a + b);
  torch::cuda::synchronize();
}
BENCHMARK(cuda_add_2x3)->UseRealTime();

}  // namespace
BENCHMARK_MAIN();
