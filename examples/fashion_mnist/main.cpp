// Trains an MLP (784-256-128-10) and a small CNN (two conv layers) on Fashion-MNIST with ember,
// written as a libtorch program (`namespace torch = ember`): torch::nn modules, torch::optim::Adam,
// torch::data's dataset / transforms / data loader. Reports the test accuracy on the 10,000 test
// images, shows a progress bar (stderr), saves the trained weights as safetensors, reloads them to
// check, and draws the loss curves as an SVG picture.
//
//   fashion_mnist [--model mlp|cnn|both] [--epochs N] [--batch-size N] [--lr X] [--limit N]
//                 [--data DIR] [--out DIR] [--seed N] [--threads N]
//                 [--expect-mlp ACCURACY] [--expect-cnn ACCURACY]
//
// --limit N: only the first N training and N test images (a quick run).
// --expect-*: exit with status 1 unless that model's final test accuracy (a fraction) reaches it.
//
// Data: Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist), or any
// folder with the four (optionally gzipped) IDX files.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "ember/data/data.h"
#include "ember/ember.h"
#include "ember/nn/functional.h"
#include "ember/nn/modules.h"
#include "ember/optim/optim.h"
#include "ember/serialize/safetensors.h"

namespace torch = ember;
namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::string model = "both";
  int epochs = 5;
  size_t batch_size = 64;
  double lr = 1e-3;
  int64_t limit = 0;  // 0: all 60,000 training and 10,000 test images
  std::string data = torch::data::datasets::FashionMNIST::kDebianRoot;
  std::string out = "fashion_mnist_out";
  uint64_t seed = 0;
  int threads = 0;  // 0: ember's default
  double expect_mlp = 0, expect_cnn = 0;
};

[[noreturn]] void usage(const char* msg = nullptr) {
  if (msg) std::cerr << "fashion_mnist: " << msg << "\n";
  std::cerr << "usage: fashion_mnist [--model mlp|cnn|both] [--epochs N] [--batch-size N] "
               "[--lr X] [--limit N] [--data DIR] [--out DIR] [--seed N] [--threads N] "
               "[--expect-mlp ACCURACY] [--expect-cnn ACCURACY]\n";
  std::exit(msg ? 2 : 0);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "-h" || flag == "--help") usage();
    if (i + 1 >= argc) usage(("missing value after " + flag).c_str());
    const std::string v = argv[++i];
    try {
      if (flag == "--model") {
        a.model = v;
      } else if (flag == "--epochs") {
        a.epochs = std::stoi(v);
      } else if (flag == "--batch-size") {
        a.batch_size = std::stoul(v);
      } else if (flag == "--lr") {
        a.lr = std::stod(v);
      } else if (flag == "--limit") {
        a.limit = std::stoll(v);
      } else if (flag == "--data") {
        a.data = v;
      } else if (flag == "--out") {
        a.out = v;
      } else if (flag == "--seed") {
        a.seed = std::stoull(v);
      } else if (flag == "--threads") {
        a.threads = std::stoi(v);
      } else if (flag == "--expect-mlp") {
        a.expect_mlp = std::stod(v);
      } else if (flag == "--expect-cnn") {
        a.expect_cnn = std::stod(v);
      } else {
        usage(("unknown flag " + flag).c_str());
      }
    } catch (const std::logic_error&) {
      usage(("bad value for " + flag + ": " + v).c_str());
    }
  }
  if (a.model != "mlp" && a.model != "cnn" && a.model != "both") usage("--model: mlp, cnn or both");
  if (a.epochs < 1 || a.batch_size < 1 || a.limit < 0 || !(a.lr > 0)) usage("bad numeric value");
  return a;
}

// ---- Data ---------------------------------------------------------------------------------------

// The first `limit` examples of MNIST-format images and targets (a custom torch::data dataset).
class ImageDataset : public torch::data::datasets::Dataset<ImageDataset> {
 public:
  ImageDataset(torch::Tensor images, torch::Tensor targets, int64_t limit)
      : images_(limit ? images.narrow(0, 0, std::min(limit, images.size(0))) : images),
        targets_(limit ? targets.narrow(0, 0, std::min(limit, targets.size(0))) : targets) {}
  torch::data::Example<> get(size_t i) override {
    return {images_[static_cast<int64_t>(i)], targets_[static_cast<int64_t>(i)]};
  }
  std::optional<size_t> size() const override { return static_cast<size_t>(images_.size(0)); }

 private:
  torch::Tensor images_, targets_;
};

// Fashion-MNIST's training-set mean and standard deviation of the pixels (in [0, 1]).
constexpr double kMean = 0.2860, kStd = 0.3530;

// ---- Models -------------------------------------------------------------------------------------

torch::nn::Sequential make_mlp() {
  return torch::nn::Sequential(torch::nn::Flatten(), torch::nn::Linear(784, 256), torch::nn::ReLU(),
                               torch::nn::Linear(256, 128), torch::nn::ReLU(),
                               torch::nn::Linear(128, 10));
}

torch::nn::Sequential make_cnn() {
  using torch::nn::Conv2dOptions;
  return torch::nn::Sequential(
      torch::nn::Conv2d(Conv2dOptions(1, 16, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),  // 16 x 14 x 14
      torch::nn::Conv2d(Conv2dOptions(16, 32, 3).padding(1)), torch::nn::ReLU(),
      torch::nn::MaxPool2d(torch::nn::MaxPool2dOptions(2)),  // 32 x 7 x 7
      torch::nn::Flatten(), torch::nn::Linear(32 * 7 * 7, 128), torch::nn::ReLU(),
      torch::nn::Linear(128, 10));
}

// ---- Progress -----------------------------------------------------------------------------------

// One line on stderr, redrawn with carriage returns at most every 100 ms.
class Progress {
 public:
  Progress(std::string label, size_t total) : label_(std::move(label)), total_(total) {}

  void update(size_t done, double loss, double images_per_s, bool force = false) {
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const double frac = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth) bar += '>';
    bar.resize(kWidth, ' ');
    char line[256];
    std::snprintf(line, sizeof line, "\r%s [%s] %6zu/%zu  loss %.4f  %7.0f img/s", label_.c_str(),
                  bar.c_str(), done, total_, loss, images_per_s);
    std::cerr << line << std::flush;
  }
  void finish() { std::cerr << "\n"; }

 private:
  std::string label_;
  size_t total_;
  Clock::time_point last_{};
};

// ---- Training -----------------------------------------------------------------------------------

struct Result {
  std::string name;
  std::vector<double> losses;  // one per batch
  std::vector<double> epoch_seconds;
  std::vector<double> epoch_accuracy;
  double accuracy = 0;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Fraction of the test set (its first `limit` images; 0: all) classified correctly.
double evaluate(torch::nn::Sequential& model, const torch::Tensor& images,
                const torch::Tensor& targets, int64_t limit) {
  torch::NoGradGuard no_grad;
  model->eval();
  ImageDataset images_used(images, targets, limit);
  const size_t n = *images_used.size();
  auto test = std::move(images_used)
                  .map(torch::data::transforms::Normalize<>(kMean, kStd))
                  .map(torch::data::transforms::Stack<>());
  auto loader = torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
      std::move(test), torch::data::DataLoaderOptions().batch_size(1000));
  int64_t correct = 0;
  for (auto& batch : *loader) {
    torch::Tensor predicted = model->forward(batch.data).argmax(1);
    correct += predicted.eq(batch.target).sum().item<int64_t>();
  }
  model->train();
  return static_cast<double>(correct) / static_cast<double>(n);
}

Result train(const std::string& name, torch::nn::Sequential model, const Args& args,
             const torch::data::datasets::MNIST& train_set,
             const torch::data::datasets::MNIST& test_set) {
  Result r;
  r.name = name;
  int64_t n_params = 0;
  for (const auto& p : model->parameters()) n_params += p.numel();
  std::cout << "== " << name << ": " << n_params << " parameters\n";

  auto dataset = ImageDataset(train_set.images(), train_set.targets(), args.limit)
                     .map(torch::data::transforms::Normalize<>(kMean, kStd))
                     .map(torch::data::transforms::Stack<>());
  const size_t n = *dataset.size();
  // Shuffled each epoch, reproducibly: the sampler draws from its own seeded generator.
  auto loader =
      torch::data::make_data_loader(std::move(dataset),
                                    torch::data::samplers::RandomSampler(
                                        static_cast<int64_t>(n), torch::make_generator(args.seed)),
                                    torch::data::DataLoaderOptions().batch_size(args.batch_size));
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(args.lr));
  // The learning rate follows a cosine from lr down to 0 over the epochs (stepped each epoch):
  // Python's torch.optim.lr_scheduler.CosineAnnealingLR (an ember extension in C++).
  torch::optim::CosineAnnealingLR scheduler(optimizer, /*T_max=*/args.epochs);

  for (int epoch = 1; epoch <= args.epochs; ++epoch) {
    Progress progress(name + " epoch " + std::to_string(epoch) + "/" + std::to_string(args.epochs),
                      n);
    const auto start = Clock::now();
    size_t seen = 0;
    double running = 0;
    for (auto& batch : *loader) {
      optimizer.zero_grad();
      torch::Tensor loss = F::cross_entropy(model->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      const double l = loss.item<double>();
      r.losses.push_back(l);
      running = seen ? 0.98 * running + 0.02 * l : l;
      seen += static_cast<size_t>(batch.data.size(0));
      progress.update(seen, running, static_cast<double>(seen) / seconds_since(start));
    }
    const double secs = seconds_since(start);
    progress.update(seen, running, static_cast<double>(seen) / secs, true);
    progress.finish();
    scheduler.step();
    r.epoch_seconds.push_back(secs);
    r.epoch_accuracy.push_back(evaluate(model, test_set.images(), test_set.targets(), args.limit));
    std::printf("%s epoch %d: %.1f s (%.0f img/s), test accuracy %.2f%%\n", name.c_str(), epoch,
                secs, static_cast<double>(seen) / secs, 100 * r.epoch_accuracy.back());
    std::fflush(stdout);
  }
  r.accuracy = r.epoch_accuracy.back();

  // Save, then reload into a fresh model: the same accuracy.
  const std::string path = (std::filesystem::path(args.out) / (name + ".safetensors")).string();
  std::ostringstream acc;
  acc << r.accuracy;
  torch::save(
      model, path,
      {{"model", name}, {"epochs", std::to_string(args.epochs)}, {"test_accuracy", acc.str()}});
  torch::nn::Sequential fresh = name == "mlp" ? make_mlp() : make_cnn();
  torch::load(fresh, path);
  const double reloaded = evaluate(fresh, test_set.images(), test_set.targets(), args.limit);
  std::printf("%s: saved %s; reloaded: test accuracy %.2f%% (%s)\n", name.c_str(), path.c_str(),
              100 * reloaded, reloaded == r.accuracy ? "same" : "DIFFERENT");
  if (reloaded != r.accuracy) throw torch::Error("reloaded weights give a different accuracy");
  return r;
}

// ---- The loss curves as SVG ---------------------------------------------------------------------

std::string fmt(double v, int precision = 2) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", precision, v);
  return b;
}

void write_svg(const std::string& path, const std::vector<Result>& results,
               size_t batches_per_epoch) {
  constexpr double W = 760, H = 440, L = 70, R = 20, T = 40, B = 60;  // size and margins
  const double pw = W - L - R, ph = H - T - B;
  size_t max_steps = 1;
  double max_loss = 0.5;
  for (const auto& r : results) {
    max_steps = std::max(max_steps, r.losses.size());
    for (double l : r.losses) max_loss = std::max(max_loss, std::min(l, 3.0));
  }
  max_loss = std::ceil(max_loss * 2) / 2;
  auto x = [&](double step) { return L + pw * step / static_cast<double>(max_steps); };
  auto y = [&](double loss) { return T + ph * (1 - std::min(loss, max_loss) / max_loss); };

  std::ofstream svg(path);
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H
      << "\" viewBox=\"0 0 " << W << " " << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << "<text x=\"" << W / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
      << "Fashion-MNIST training loss (ember)</text>\n";
  // Grid and axes.
  for (int i = 0; i <= 5; ++i) {
    const double v = max_loss * i / 5, yy = y(v);
    svg << "<line x1=\"" << L << "\" y1=\"" << fmt(yy) << "\" x2=\"" << L + pw << "\" y2=\""
        << fmt(yy) << "\" stroke=\"#ddd\"/>\n<text x=\"" << L - 8 << "\" y=\"" << fmt(yy + 4)
        << "\" text-anchor=\"end\">" << fmt(v, 2) << "</text>\n";
  }
  const size_t epochs =
      batches_per_epoch ? (max_steps + batches_per_epoch - 1) / batches_per_epoch : 0;
  for (size_t e = 0; e <= epochs; ++e) {
    const double xx = x(static_cast<double>(std::min(e * batches_per_epoch, max_steps)));
    svg << "<line x1=\"" << fmt(xx) << "\" y1=\"" << T << "\" x2=\"" << fmt(xx) << "\" y2=\""
        << T + ph << "\" stroke=\"#eee\"/>\n<text x=\"" << fmt(xx) << "\" y=\"" << T + ph + 18
        << "\" text-anchor=\"middle\">" << e << "</text>\n";
  }
  svg << "<rect x=\"" << L << "\" y=\"" << T << "\" width=\"" << pw << "\" height=\"" << ph
      << "\" fill=\"none\" stroke=\"#444\"/>\n"
      << "<text x=\"" << L + pw / 2 << "\" y=\"" << H - 16
      << "\" text-anchor=\"middle\">epoch</text>\n"
      << "<text transform=\"translate(18 " << T + ph / 2
      << ") rotate(-90)\" text-anchor=\"middle\">"
      << "cross-entropy loss</text>\n";
  // Curves: each batch's loss faintly, its moving average (50 batches) boldly.
  const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c"};
  size_t ci = 0;
  for (const auto& r : results) {
    const char* c = colors[ci++ % 3];
    const size_t stride = std::max<size_t>(1, r.losses.size() / 1500);  // keep the file small
    svg << "<polyline fill=\"none\" stroke=\"" << c
        << "\" stroke-opacity=\"0.25\" stroke-width=\"1\" points=\"";
    for (size_t i = 0; i < r.losses.size(); i += stride)
      svg << fmt(x(double(i))) << "," << fmt(y(r.losses[i])) << " ";
    svg << "\"/>\n<polyline fill=\"none\" stroke=\"" << c << "\" stroke-width=\"2\" points=\"";
    double sum = 0;
    for (size_t i = 0; i < r.losses.size(); ++i) {
      sum += r.losses[i];
      if (i >= 50) sum -= r.losses[i - 50];
      if (i % stride == 0 || i + 1 == r.losses.size())
        svg << fmt(x(double(i))) << "," << fmt(y(sum / double(std::min<size_t>(i + 1, 50)))) << " ";
    }
    svg << "\"/>\n";
    const double ly = T + 16 + 18 * static_cast<double>(ci - 1);
    svg << "<line x1=\"" << L + pw - 200 << "\" y1=\"" << ly << "\" x2=\"" << L + pw - 176
        << "\" y2=\"" << ly << "\" stroke=\"" << c << "\" stroke-width=\"2\"/>\n<text x=\""
        << L + pw - 170 << "\" y=\"" << ly + 4 << "\">" << r.name << ": test accuracy "
        << fmt(100 * r.accuracy) << "%</text>\n";
  }
  svg << "</svg>\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  try {
    if (args.threads > 0) torch::set_num_threads(args.threads);
    torch::manual_seed(args.seed);  // the models' initial weights
    std::filesystem::create_directories(args.out);

    auto t0 = Clock::now();
    torch::data::datasets::MNIST train_set(args.data, torch::data::datasets::MNIST::Mode::kTrain);
    torch::data::datasets::MNIST test_set(args.data, torch::data::datasets::MNIST::Mode::kTest);
    const int64_t n_train = args.limit ? std::min<int64_t>(args.limit, train_set.images().size(0))
                                       : train_set.images().size(0);
    std::printf(
        "Fashion-MNIST from %s: %zu training images (training on %lld), %zu test images, "
        "read in %.2f s; %d threads\n",
        args.data.c_str(), *train_set.size(), static_cast<long long>(n_train), *test_set.size(),
        seconds_since(t0), torch::get_num_threads());

    std::vector<Result> results;
    if (args.model == "mlp" || args.model == "both")
      results.push_back(train("mlp", make_mlp(), args, train_set, test_set));
    if (args.model == "cnn" || args.model == "both")
      results.push_back(train("cnn", make_cnn(), args, train_set, test_set));

    const size_t per_epoch = (static_cast<size_t>(n_train) + args.batch_size - 1) / args.batch_size;
    const std::string svg = (std::filesystem::path(args.out) / "loss.svg").string();
    write_svg(svg, results, per_epoch);
    std::printf(
        "\nsummary (%d epochs, batch size %zu, Adam lr %g, cosine annealing, %lld "
        "training images):\n",
        args.epochs, args.batch_size, args.lr, static_cast<long long>(n_train));
    for (const auto& r : results) {
      double total = 0;
      for (double s : r.epoch_seconds) total += s;
      std::printf("  %s: test accuracy %.2f%%, %.1f s per epoch\n", r.name.c_str(),
                  100 * r.accuracy, total / static_cast<double>(r.epoch_seconds.size()));
    }
    std::printf("loss curves: %s\n", svg.c_str());
    bool met = true;
    for (const auto& r : results) {
      const double expected = r.name == "mlp" ? args.expect_mlp : args.expect_cnn;
      if (expected > 0 && r.accuracy < expected) {
        std::printf("%s: test accuracy %.2f%% is below the expected %.2f%%\n", r.name.c_str(),
                    100 * r.accuracy, 100 * expected);
        met = false;
      }
    }
    if (!met) return 1;
  } catch (const std::exception& e) {
    std::cerr << "\nfashion_mnist: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
