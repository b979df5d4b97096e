// Training throughput, ember against libtorch in the same process, on the same model, batch size,
// thread count, initial weights and data:
//
//   {ember,libtorch}_mlp_step_b64/threads:T   one SGD step (zero_grad, forward, backward, step) of
//                                              an MLP 784-256-10 on a fixed random batch of 64
//   {ember,libtorch}_fashion_{mlp,cnn}_epoch/threads:T
//                                              the two models of examples/fashion_mnist (Adam lr
//                                              1e-3, batch 64) on the shuffled batches of the
//                                              Fashion-MNIST training set, one epoch or the
//                                              prefix that fits a time budget; counters: images/s
//                                              and the time of a 60,000-image epoch extrapolated
//
// The batches are read by ember's MNIST reader, normalized, shuffled with a fixed seed and cut
// into ember tensors once; libtorch gets copies of the very same tensors, and its models start
// from copies of ember's initial weights. Batching is done before timing, so the figures are
// the training step alone (no data loader).
//
// Environment:
//   EMBER_BENCH_BATCHES=N        batches per epoch benchmark (default and at most 937: one epoch;
//                                300 in the RSS mode)
//   EMBER_BENCH_SECONDS=S        an epoch benchmark stops after the first batch ending past S
//                                seconds (default 12): the `batches` counter says how many ran
//   EMBER_BENCH_DATA=DIR         Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)
//   EMBER_BENCH_RSS=ember|libtorch
//                                run no benchmark: train the CNN on one side only for N batches
//                                and print the peak resident set size (compare two processes).
//   EMBER_BENCH_THREADS=T        the RSS mode's intra-op threads (default 1)
#include <benchmark/benchmark.h>
#include <ember/ember.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#ifdef EMBER_BENCH_LIBTORCH
#include <torch/torch.h>
#endif

namespace {

using Clock = std::chrono::steady_clock;

constexpr int64_t kBatch = 64;
constexpr double kMean = 0.2860, kStd = 0.3530;  // Fashion-MNIST's pixel statistics
constexpr int64_t kEpochImages = 60000;

int64_t env_int(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoll(v, nullptr, 10) : fallback;
}

// ---- Models -------------------------------------------------------------------------------------
// Written once per library (the same code with `torch` naming either one).

namespace ember_side {
namespace torch = ::ember;

torch::nn::Sequential step_mlp() {
  return torch::nn::Sequential(torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 10));
}
torch::nn::Sequential fashion_mlp() {
  return torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 128), torch::nn::ReLU(),
                               torch::nn::Linear(128, 10));
}
torch::nn::Sequential fashion_cnn() {
  using torch::nn::Conv2dOptions;
  return torch::nn::Sequential(
      torch::nn::Conv2d(Conv2dOptions(1, 16, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
      torch::nn::Conv2d(Conv2dOptions(16, 32, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)), torch::nn::Flatten(),
      torch::nn::Linear(32 * 7 * 7, 128), torch::nn::ReLU(), torch::nn::Linear(128, 10));
}
torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& target) {
  return torch::nn::functional::cross_entropy(logits, target);
}
}  // namespace ember_side

#ifdef EMBER_BENCH_LIBTORCH
namespace torch_side {
torch::nn::Sequential step_mlp() {
  return torch::nn::Sequential(torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 10));
}
torch::nn::Sequential fashion_mlp() {
  return torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 128), torch::nn::ReLU(),
                               torch::nn::Linear(128, 10));
}
torch::nn::Sequential fashion_cnn() {
  using torch::nn::Conv2dOptions;
  return torch::nn::Sequential(
      torch::nn::Conv2d(Conv2dOptions(1, 16, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),
      torch::nn::Conv2d(Conv2dOptions(16, 32, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)), torch::nn::Flatten(),
      torch::nn::Linear(32 * 7 * 7, 128), torch::nn::ReLU(), torch::nn::Linear(128, 10));
}
torch::Tensor loss(const torch::Tensor& logits, const torch::Tensor& target) {
  return torch::nn::functional::cross_entropy(logits, target);
}

// A libtorch copy of an ember tensor (float32 or int64, any layout).
torch::Tensor to_torch(const ember::Tensor& t) {
  const ember::Tensor c = t.contiguous();
  const std::vector<int64_t> sizes(c.sizes().begin(), c.sizes().end());
  const auto dtype = c.scalar_type() == ember::kLong ? torch::kLong : torch::kFloat;
  return torch::from_blob(c.data_ptr(), sizes, torch::TensorOptions().dtype(dtype)).clone();
}

// Gives `dst` ember's initial weights (the same architecture: parameters in the same order).
void copy_parameters(const ember::nn::Sequential& src, torch::nn::Sequential& dst) {
  const std::vector<ember::Tensor> from = src->parameters();
  std::vector<torch::Tensor> to = dst->parameters();
  if (from.size() != to.size()) throw std::runtime_error("parameter lists differ");
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < to.size(); ++i) {
    if (from[i].numel() != to[i].numel()) throw std::runtime_error("parameter shapes differ");
    to[i].copy_(to_torch(from[i]).view_as(to[i]));
  }
}
}  // namespace torch_side
#endif

// The intra-op thread count of both libraries for one scope.
class ThreadScope {
 public:
  explicit ThreadScope(int n) : ember_(ember::get_num_threads()) {
    ember::set_num_threads(n);
#ifdef EMBER_BENCH_LIBTORCH
    torch_ = torch::get_num_threads();
    torch::set_num_threads(n);
#endif
  }
  ~ThreadScope() {
    ember::set_num_threads(ember_);
#ifdef EMBER_BENCH_LIBTORCH
    torch::set_num_threads(torch_);
#endif
  }
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;

 private:
  int ember_;
#ifdef EMBER_BENCH_LIBTORCH
  int torch_ = 1;
#endif
};

// One training step, the same for both libraries.
template <class Model, class Optimizer, class Tensor, class Loss>
Tensor train_step(Model& model, Optimizer& optimizer, const Tensor& x, const Tensor& y, Loss loss) {
  optimizer.zero_grad();
  Tensor l = loss(model->forward(x), y);
  l.backward();
  optimizer.step();
  return l;
}

// ---- One MLP step on a fixed random batch
// --------------------------------------------------------

struct StepData {
  ember::Tensor x, y;
  StepData() {
    ember::manual_seed(1);
    x = ember::randn({kBatch, 784});
    y = ember::randint(0, 10, {kBatch}, ember::dtype(ember::kLong));
  }
};
const StepData& step_data() {
  static const StepData data;
  return data;
}

void ember_mlp_step_b64(benchmark::State& state) {
  const ThreadScope threads(static_cast<int>(state.range(0)));
  const StepData& d = step_data();
  ember::manual_seed(0);
  ember::nn::Sequential model = ember_side::step_mlp();
  ember::optim::SGD optimizer(model->parameters(), ember::optim::SGDOptions(0.01));
  for (auto _ : state) {
    benchmark::DoNotOptimize(train_step(model, optimizer, d.x, d.y, ember_side::loss));
  }
}
BENCHMARK(ember_mlp_step_b64)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_mlp_step_b64(benchmark::State& state) {
  const ThreadScope threads(static_cast<int>(state.range(0)));
  const StepData& d = step_data();
  const torch::Tensor x = torch_side::to_torch(d.x), y = torch_side::to_torch(d.y);
  ember::manual_seed(0);
  torch::nn::Sequential model = torch_side::step_mlp();
  torch_side::copy_parameters(ember_side::step_mlp(), model);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.01));
  for (auto _ : state) {
    benchmark::DoNotOptimize(train_step(model, optimizer, x, y, torch_side::loss));
  }
}
BENCHMARK(libtorch_mlp_step_b64)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
#endif

// ---- Fashion-MNIST batches
// -----------------------------------------------------------------------

struct Fashion {
  std::string error;  // not empty: no data
  std::vector<ember::Tensor> x, y;
#ifdef EMBER_BENCH_LIBTORCH
  std::vector<torch::Tensor> tx, ty;
#endif
};

// The first `n` batches of the normalized training set, shuffled with a fixed seed; libtorch
// copies only when asked (`for_torch`).
Fashion load_fashion(int64_t n, bool for_ember, bool for_torch) {
  Fashion f;
  const char* dir = std::getenv("EMBER_BENCH_DATA");
  const std::string root = dir && *dir ? dir : ember::data::datasets::FashionMNIST::kDebianRoot;
  try {
    ember::Tensor images, targets;
    {
      const ember::data::datasets::MNIST train(root, ember::data::datasets::MNIST::Mode::kTrain);
      images = train.images();
      targets = train.targets();
    }
    const int64_t total = images.size(0);
    n = std::clamp<int64_t>(n, 1, total / kBatch);
    std::vector<int64_t> order(static_cast<size_t>(total));
    std::iota(order.begin(), order.end(), int64_t{0});
    std::shuffle(order.begin(), order.end(), std::mt19937_64(42));
    for (int64_t b = 0; b < n; ++b) {
      const ember::Tensor index =
          ember::from_blob(order.data() + b * kBatch, {kBatch}, ember::dtype(ember::kLong)).clone();
      ember::Tensor x = ((images.index_select(0, index) - kMean) / kStd).contiguous();
      ember::Tensor y = targets.index_select(0, index).contiguous();
#ifdef EMBER_BENCH_LIBTORCH
      if (for_torch) {
        f.tx.push_back(torch_side::to_torch(x));
        f.ty.push_back(torch_side::to_torch(y));
      }
#else
      (void)for_torch;
#endif
      if (for_ember) {
        f.x.push_back(std::move(x));
        f.y.push_back(std::move(y));
      }
    }
  } catch (const std::exception& e) {
    f.error = "Fashion-MNIST not readable from " + root + ": " + e.what();
  }
  return f;
}

// Batches per epoch benchmark (default: the whole training set, 937 full batches).
int64_t epoch_batches(int64_t fallback) {
  return std::clamp<int64_t>(env_int("EMBER_BENCH_BATCHES", fallback), 1, kEpochImages / kBatch);
}
// Each epoch benchmark stops after this many seconds even if batches are left.
double epoch_budget_s() { return static_cast<double>(env_int("EMBER_BENCH_SECONDS", 12)); }

const Fashion& fashion() {
  static const Fashion f = load_fashion(epoch_batches(kEpochImages / kBatch), true, true);
  return f;
}

enum class Model { kMlp, kCnn };

// Trains on the batches in order until all are done or `budget_s` has passed (checked after each
// batch); the batches done, the seconds taken and the last loss.
struct EpochResult {
  int64_t batches = 0;
  double seconds = 0, last_loss = 0;
};
template <class Model_, class Optimizer, class Tensor, class Loss>
EpochResult train_batches(Model_& model, Optimizer& optimizer, const std::vector<Tensor>& x,
                          const std::vector<Tensor>& y, Loss loss, double budget_s) {
  EpochResult r;
  const auto start = Clock::now();
  Tensor l;
  for (size_t b = 0; b < x.size(); ++b) {
    l = train_step(model, optimizer, x[b], y[b], loss);
    ++r.batches;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (r.seconds > budget_s) break;
  }
  r.last_loss = l.template item<double>();
  return r;
}

template <class Model_, class Optimizer, class Tensor, class Loss>
void run_epoch_benchmark(benchmark::State& state, Model_& model, Optimizer& optimizer,
                         const std::vector<Tensor>& x, const std::vector<Tensor>& y, Loss loss) {
  train_step(model, optimizer, x[0], y[0], loss);  // warm-up
  EpochResult total;
  for (auto _ : state) {
    const EpochResult r = train_batches(model, optimizer, x, y, loss, epoch_budget_s());
    total.batches += r.batches;
    total.seconds += r.seconds;
    total.last_loss = r.last_loss;
  }
  const double images = static_cast<double>(total.batches * kBatch);
  state.counters["images_per_s"] = benchmark::Counter(images, benchmark::Counter::kIsRate);
  state.counters["epoch_s"] = total.seconds / images * kEpochImages;  // extrapolated
  state.counters["batches"] =
      benchmark::Counter(static_cast<double>(total.batches), benchmark::Counter::kAvgIterations);
  state.counters["last_loss"] = total.last_loss;
}

void ember_fashion_epoch(benchmark::State& state, Model which) {
  const Fashion& f = fashion();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  const ThreadScope threads(static_cast<int>(state.range(0)));
  ember::manual_seed(0);
  ember::nn::Sequential model =
      which == Model::kMlp ? ember_side::fashion_mlp() : ember_side::fashion_cnn();
  ember::optim::Adam optimizer(model->parameters(), ember::optim::AdamOptions(1e-3));
  run_epoch_benchmark(state, model, optimizer, f.x, f.y, ember_side::loss);
}
void ember_fashion_mlp_epoch(benchmark::State& state) { ember_fashion_epoch(state, Model::kMlp); }
void ember_fashion_cnn_epoch(benchmark::State& state) { ember_fashion_epoch(state, Model::kCnn); }

#ifdef EMBER_BENCH_LIBTORCH
void libtorch_fashion_epoch(benchmark::State& state, Model which) {
  const Fashion& f = fashion();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  const ThreadScope threads(static_cast<int>(state.range(0)));
  ember::manual_seed(0);  // libtorch starts from ember's initial weights
  torch::nn::Sequential model =
      which == Model::kMlp ? torch_side::fashion_mlp() : torch_side::fashion_cnn();
  torch_side::copy_parameters(
      which == Model::kMlp ? ember_side::fashion_mlp() : ember_side::fashion_cnn(), model);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  run_epoch_benchmark(state, model, optimizer, f.tx, f.ty, torch_side::loss);
}
void libtorch_fashion_mlp_epoch(benchmark::State& state) {
  libtorch_fashion_epoch(state, Model::kMlp);
}
void libtorch_fashion_cnn_epoch(benchmark::State& state) {
  libtorch_fashion_epoch(state, Model::kCnn);
}
#endif

void epoch_options(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
}
BENCHMARK(ember_fashion_mlp_epoch)->Apply(epoch_options);
#ifdef EMBER_BENCH_LIBTORCH
BENCHMARK(libtorch_fashion_mlp_epoch)->Apply(epoch_options);
#endif
BENCHMARK(ember_fashion_cnn_epoch)->Apply(epoch_options);
#ifdef EMBER_BENCH_LIBTORCH
BENCHMARK(libtorch_fashion_cnn_epoch)->Apply(epoch_options);
#endif

// ---- Peak memory of one side
// ---------------------------------------------------------------------

// A field of /proc/self/status in KiB (VmRSS, VmHWM), -1 when unreadable.
long proc_status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(field);
  while (std::getline(status, line))
    if (line.compare(0, len, field) == 0 && line.size() > len && line[len] == ':')
      return std::strtol(line.c_str() + len + 1, nullptr, 10);
  return -1;
}

long max_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int run_rss(const std::string& side) {
#ifdef EMBER_BENCH_LIBTORCH
  const bool torch_side_wanted = side == "libtorch";
#else
  const bool torch_side_wanted = false;
  if (side == "libtorch") {
    std::fprintf(stderr, "bench_training: built without libtorch\n");
    return 2;
  }
#endif
  if (side != "ember" && side != "libtorch") {
    std::fprintf(stderr, "bench_training: EMBER_BENCH_RSS must be ember or libtorch\n");
    return 2;
  }
  const int threads = static_cast<int>(env_int("EMBER_BENCH_THREADS", 1));
  const ThreadScope thread_scope(threads);
  const long at_start = max_rss_kib();
  Fashion f = load_fashion(epoch_batches(300), !torch_side_wanted, torch_side_wanted);
  if (!f.error.empty()) {
    std::fprintf(stderr, "bench_training: %s\n", f.error.c_str());
    return 1;
  }
  const long after_load = max_rss_kib();
  // Forget the reader's peak (the whole training set as float32): VmHWM restarts from now on.
  const bool reset = static_cast<bool>(std::ofstream("/proc/self/clear_refs") << "5\n");
  const long base_rss = proc_status_kib("VmRSS");

  ember::manual_seed(0);
  const auto start = Clock::now();
  double last = 0;
  size_t batches = 0;
  if (!torch_side_wanted) {
    ember::nn::Sequential model = ember_side::fashion_cnn();
    ember::optim::Adam optimizer(model->parameters(), ember::optim::AdamOptions(1e-3));
    for (size_t b = 0; b < f.x.size(); ++b)
      last = train_step(model, optimizer, f.x[b], f.y[b], ember_side::loss).item<double>();
    batches = f.x.size();
  }
#ifdef EMBER_BENCH_LIBTORCH
  else {
    torch::nn::Sequential model = torch_side::fashion_cnn();
    torch_side::copy_parameters(ember_side::fashion_cnn(), model);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    for (size_t b = 0; b < f.tx.size(); ++b)
      last = train_step(model, optimizer, f.tx[b], f.ty[b], torch_side::loss).item<double>();
    batches = f.tx.size();
  }
#endif
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  const long peak_hwm = proc_status_kib("VmHWM");
  std::printf(
      "side=%s threads=%d batches=%zu seconds=%.2f last_loss=%.4f\n"
      "ru_maxrss_kib=%ld (at start %ld, after loading data %ld)\n"
      "training: rss_before_kib=%ld peak_rss_kib=%ld%s increase_kib=%ld\n",
      side.c_str(), threads, batches, secs, last, max_rss_kib(), at_start, after_load, base_rss,
      peak_hwm, reset ? "" : " (VmHWM not reset: includes loading)", peak_hwm - base_rss);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* side = std::getenv("EMBER_BENCH_RSS"); side && *side) {
    try {
      return run_rss(side);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "bench_training: %s\n", e.what());
      return 1;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
