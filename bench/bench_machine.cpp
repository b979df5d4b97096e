// The machine's own limits, measured with plain loops on two threads, so that the report can say
// how close ember's kernels come to them: the bandwidth of an add into a preallocated buffer
// (12 bytes per element), the read bandwidth of a sum, and the peak of fused multiply-adds
// (AVX-512 when the CPU has it, else AVX2 + FMA). Not a comparison: no libtorch here.
#include <benchmark/benchmark.h>
#include <ember/core/parallel.h>
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 2;
constexpr int64_t kLarge = 10'000'000;

// Runs body(begin, end) over [0, n) split in kThreads contiguous parts, one on this thread.
template <typename Body>
void run_split(int64_t n, Body body) {
  std::vector<std::thread> workers;
  const int64_t chunk = (n + kThreads - 1) / kThreads;
  for (int t = 1; t < kThreads; ++t) {
    const int64_t begin = t * chunk, end = std::min(n, begin + chunk);
    workers.emplace_back([=] { body(begin, end); });
  }
  body(0, std::min(n, chunk));
  for (auto& w : workers) w.join();
}

// c = a + b, eight lanes at a time (explicit vectors, so that the figure does not depend on
// what the compiler's vectorizer decides at this optimization level).
__attribute__((target("avx2"))) void add_avx2(const float* a, const float* b, float* c, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(c + i, _mm256_add_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  }
  for (; i < n; ++i) c[i] = a[i] + b[i];
}

void machine_add_loop_2threads(benchmark::State& state) {
  std::vector<float> a(kLarge, 1.0f), b(kLarge, 2.0f), c(kLarge, 0.0f);
  const float* pa = a.data();
  const float* pb = b.data();
  float* pc = c.data();
  for (auto _ : state) {
    run_split(kLarge, [=](int64_t begin, int64_t end) {
      add_avx2(pa + begin, pb + begin, pc + begin, end - begin);
    });
    benchmark::DoNotOptimize(pc);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * kLarge * 12);
}

// Sums with independent vector accumulators so that the loop is bound by loads, not by the
// latency of one chain of additions.
__attribute__((target("avx2"))) float sum_avx2(const float* p, int64_t n) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_add_ps(acc0, _mm256_loadu_ps(p + i));
    acc1 = _mm256_add_ps(acc1, _mm256_loadu_ps(p + i + 8));
    acc2 = _mm256_add_ps(acc2, _mm256_loadu_ps(p + i + 16));
    acc3 = _mm256_add_ps(acc3, _mm256_loadu_ps(p + i + 24));
  }
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, _mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
  float total = 0;
  for (float v : lanes) total += v;
  for (; i < n; ++i) total += p[i];
  return total;
}

void machine_read_bandwidth_2threads(benchmark::State& state) {
  std::vector<float> a(kLarge, 1.0f);
  const float* pa = a.data();
  float partial[kThreads] = {};
  for (auto _ : state) {
    run_split(kLarge, [&](int64_t begin, int64_t end) {
      partial[begin == 0 ? 0 : 1] = sum_avx2(pa + begin, end - begin);
    });
    benchmark::DoNotOptimize(partial[0] + partial[1]);
  }
  state.SetBytesProcessed(state.iterations() * kLarge * 4);
}

// Peak FMA throughput: 12 independent chains (enough to cover a 4-cycle latency on two ports).
constexpr int64_t kFmaSteps = 4'000'000;
constexpr int kChains = 12;

__attribute__((target("avx512f"))) double fma_avx512(int64_t steps) {
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_ps(static_cast<float>(k));
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int64_t s = 0; s < steps; ++s) {
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_fmadd_ps(acc[k], x, y);
  }
  __m512 total = acc[0];
  for (int k = 1; k < kChains; ++k) total = _mm512_add_ps(total, acc[k]);
  alignas(64) float lanes[16];  // not _mm512_reduce_add_ps: GCC 12 warns inside it
  _mm512_store_ps(lanes, total);
  double sum = 0;
  for (float v : lanes) sum += v;
  return sum;
}

__attribute__((target("avx2,fma"))) double fma_avx2(int64_t steps) {
  __m256 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm256_set1_ps(static_cast<float>(k));
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int64_t s = 0; s < steps; ++s) {
    for (int k = 0; k < kChains; ++k) acc[k] = _mm256_fmadd_ps(acc[k], x, y);
  }
  __m256 total = acc[0];
  for (int k = 1; k < kChains; ++k) total = _mm256_add_ps(total, acc[k]);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, total);
  double sum = 0;
  for (float v : lanes) sum += v;
  return sum;
}

bool has_avx512() { return __builtin_cpu_supports("avx512f"); }

void machine_fma_peak_2threads(benchmark::State& state) {
  const bool wide = has_avx512();
  const int lanes = wide ? 16 : 8;
  double result[kThreads] = {};
  for (auto _ : state) {
    run_split(kThreads, [&](int64_t begin, int64_t) {
      result[begin] = wide ? fma_avx512(kFmaSteps) : fma_avx2(kFmaSteps);
    });
    benchmark::DoNotOptimize(result[0] + result[1]);
  }
  const double flops_per_iter = 2.0 * lanes * kChains * kFmaSteps * kThreads;
  state.counters["GFLOP/s"] =
      benchmark::Counter(flops_per_iter * state.iterations() / 1e9, benchmark::Counter::kIsRate);
  state.SetLabel(wide ? "avx512f" : "avx2+fma");
}

BENCHMARK(machine_add_loop_2threads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(machine_read_bandwidth_2threads)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(machine_fma_peak_2threads)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("ember_num_threads", std::to_string(ember::get_num_threads()));
  benchmark::AddCustomContext("hardware_concurrency",
                              std::to_string(std::thread::hardware_concurrency()));
  benchmark::AddCustomContext("bench_threads", std::to_string(kThreads));
  benchmark::AddCustomContext("fma_isa", has_avx512() ? "avx512f" : "avx2+fma");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
