// Reference values for tests/nn/conv_pool_modules_test.cpp: libtorch 1.13's Conv1d,
// ConvTranspose1d/2d, MaxPool1d, AvgPool1d, AdaptiveAvgPool1d, AdaptiveMaxPool2d (printing,
// parameters after manual_seed, forward values, gradients, errors).
// g++ -std=c++17 nn_conv_pool.cpp -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu
//     -lc10 -o nn_conv_pool && ./nn_conv_pool
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

// Forward, then backward of (y * y).sum() / 2: the module's parameters' and the input's gradients.
template <class M, class Fn>
void run(const char* name, M& m, torch::Tensor x, Fn&& fn) {
  x.requires_grad_(true);
  auto y = fn(x);
  (y * y).sum().div(2).backward();
  std::cout << name << "\n";
  for (const auto& p : m->named_parameters()) show(("  " + p.key()).c_str(), p.value());
  show("  y", y);
  show("  x.grad", x.grad());
  for (const auto& p : m->named_parameters())
    show(("  " + p.key() + ".grad").c_str(), p.value().grad());
}

int main() {
  std::cout << *nn::Conv1d(2, 4, 3) << "\n";
  std::cout << *nn::Conv1d(nn::Conv1dOptions(2, 4, 3)
                               .stride(2)
                               .padding(1)
                               .dilation(2)
                               .groups(2)
                               .bias(false)
                               .padding_mode(torch::kCircular))
            << "\n";
  std::cout << *nn::Conv1d(nn::Conv1dOptions(2, 4, 4).padding(torch::kSame)) << "\n";
  std::cout << *nn::ConvTranspose1d(2, 4, 3) << "\n";
  std::cout << *nn::ConvTranspose2d(2, 4, 3) << "\n";
  std::cout << *nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 4, {3, 2})
                                        .stride({2, 1})
                                        .padding({1, 0})
                                        .output_padding({1, 0})
                                        .groups(2)
                                        .bias(false)
                                        .dilation(2))
            << "\n";
  std::cout << *nn::ConvTranspose2d(
                   nn::ConvTranspose2dOptions(2, 4, 3).padding_mode(torch::kReflect))
            << "\n";
  std::cout << *nn::MaxPool1d(3) << "\n";
  std::cout << *nn::MaxPool1d(
                   nn::MaxPool1dOptions(3).stride(2).padding(1).dilation(2).ceil_mode(true))
            << "\n";
  std::cout << *nn::AvgPool1d(3) << "\n";
  std::cout << *nn::AvgPool1d(
                   nn::AvgPool1dOptions(3).stride(2).padding(1).ceil_mode(true).count_include_pad(
                       false))
            << "\n";
  std::cout << *nn::AdaptiveAvgPool1d(3) << "\n";
  std::cout << *nn::AdaptiveMaxPool2d(3) << "\n";
  std::cout << *nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({2, c10::nullopt})) << "\n";
  std::cout << *nn::AdaptiveMaxPool1d(2) << "\n";

  torch::manual_seed(0);
  {
    nn::Conv1d m(nn::Conv1dOptions(2, 4, 3).stride(2).padding(1));
    run("conv1d", m, input({2, 2, 7}), [&](auto x) { return m(x); });
  }
  {
    nn::Conv1d m(nn::Conv1dOptions(2, 4, 4).padding(torch::kSame).dilation(1).groups(2));
    run("conv1d same groups", m, input({1, 2, 6}), [&](auto x) { return m(x); });
  }
  {
    nn::Conv1d m(nn::Conv1dOptions(2, 3, 3).padding(2).padding_mode(torch::kCircular).bias(false));
    run("conv1d circular", m, input({1, 2, 5}), [&](auto x) { return m(x); });
    error("conv1d circular unbatched", [&] { m(input({2, 5})); });
  }
  {
    nn::ConvTranspose1d m(
        nn::ConvTranspose1dOptions(2, 3, 3).stride(3).padding(1).output_padding(2));
    run("convt1d", m, input({2, 2, 4}), [&](auto x) { return m(x); });
  }
  {
    nn::ConvTranspose2d m(nn::ConvTranspose2dOptions(2, 4, {3, 2})
                              .stride({2, 1})
                              .padding({1, 0})
                              .output_padding({1, 0})
                              .groups(2));
    run("convt2d groups", m, input({1, 2, 3, 3}), [&](auto x) { return m(x); });
  }
  {
    nn::ConvTranspose2d m(
        nn::ConvTranspose2dOptions(3, 2, 3).stride(2).padding(2).dilation(2).bias(false));
    run("convt2d dilation output_size", m, input({1, 3, 3, 2}), [&](auto x) {
      return m(x, at::IntArrayRef{4, 2});
    });
    error("convt2d bad output_size", [&] { m(input({1, 3, 3, 2}), at::IntArrayRef{9, 4}); });
    error("convt2d output_size length", [&] { m(input({1, 3, 3, 2}), at::IntArrayRef{9}); });
    show("convt2d output_size 4", m(input({1, 3, 3, 2}), at::IntArrayRef{1, 2, 3, 1}));
    show("convt2d unbatched", m(input({3, 3, 2})));
    error("convt2d channels", [&] { m(input({1, 2, 3, 2})); });
    error("convt2d 2d input", [&] { m(input({3, 2})); });
  }
  {
    nn::ConvTranspose2d m(nn::ConvTranspose2dOptions(1, 1, 2).padding(3));
    error("convt2d negative output", [&] { m(input({1, 1, 2, 2})); });
  }
  error("convt2d reflect", [] {
    nn::ConvTranspose2d m(nn::ConvTranspose2dOptions(2, 4, 3).padding_mode(torch::kReflect));
    m(input({1, 2, 3, 3}));
  });
  error("convt2d groups",
        [] { nn::ConvTranspose2d(nn::ConvTranspose2dOptions(3, 4, 3).groups(2)); });
  error("F convt2d output_padding", [] {
    F::conv_transpose2d(input({1, 2, 3, 3}), torch::ones({2, 1, 3, 3}),
                        F::ConvTranspose2dFuncOptions().stride(2).output_padding(2));
  });
  error("F convt1d output_padding", [] {
    F::conv_transpose1d(input({1, 2, 3}), torch::ones({2, 1, 3}),
                        F::ConvTranspose1dFuncOptions().stride(2).output_padding(2));
  });
  error("conv1d 4d", [] { nn::Conv1d(2, 4, 3)(input({1, 2, 3, 3})); });
  show("F convt2d",
       F::conv_transpose2d(
           input({1, 2, 2, 3}), input({2, 3, 2, 2}),
           F::ConvTranspose2dFuncOptions().stride(2).padding(1).output_padding(1).dilation(2)));
  {
    torch::manual_seed(3);
    nn::Sequential seq(nn::ConvTranspose2d(nn::ConvTranspose2dOptions(2, 1, 2).stride(2)));
    show("sequential convt2d", seq->forward(input({1, 2, 2, 2})));
  }

  // Pooling.
  {
    auto x = input({2, 2, 7}).requires_grad_(true);
    auto y = F::max_pool1d(
        x, F::MaxPool1dFuncOptions(3).stride(2).padding(1).dilation(2).ceil_mode(true));
    (y * y).sum().div(2).backward();
    show("maxpool1d y", y);
    show("maxpool1d x.grad", x.grad());
    auto r = nn::MaxPool1d(nn::MaxPool1dOptions(2))->forward_with_indices(input({2, 5}));
    show("maxpool1d idx y", std::get<0>(r));
    show("maxpool1d idx i", std::get<1>(r));
    error("maxpool1d 4d", [] { nn::MaxPool1d(2)(input({1, 1, 2, 4})); });
    error("maxpool1d 1d", [] { nn::MaxPool1d(2)(input({4})); });
  }
  {
    auto x = input({2, 2, 7}).requires_grad_(true);
    auto y = nn::AvgPool1d(
        nn::AvgPool1dOptions(3).stride(2).padding(1).ceil_mode(true).count_include_pad(false))(x);
    (y * y).sum().div(2).backward();
    show("avgpool1d y", y);
    show("avgpool1d x.grad", x.grad());
    show("avgpool1d default", nn::AvgPool1d(2)(input({1, 5})));
    error("avgpool1d 4d", [] { nn::AvgPool1d(2)(input({1, 1, 2, 4})); });
  }
  {
    auto x = input({2, 7}).requires_grad_(true);
    auto y = nn::AdaptiveAvgPool1d(3)(x);
    (y * y).sum().div(2).backward();
    show("adaptiveavgpool1d y", y);
    show("adaptiveavgpool1d x.grad", x.grad());
    error("adaptiveavgpool1d 4d", [] { nn::AdaptiveAvgPool1d(2)(input({1, 1, 2, 4})); });
  }
  {
    auto x = input({1, 2, 5, 7}).requires_grad_(true);
    auto r = nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({3, 4}))->forward_with_indices(x);
    auto y = std::get<0>(r);
    (y * y).sum().div(2).backward();
    show("adaptivemaxpool2d y", y);
    show("adaptivemaxpool2d i", std::get<1>(r));
    show("adaptivemaxpool2d x.grad", x.grad());
    show("adaptivemaxpool2d none",
         nn::AdaptiveMaxPool2d(nn::AdaptiveMaxPool2dOptions({2, c10::nullopt}))(input({2, 3, 3})));
    error("adaptivemaxpool2d 2d", [] { nn::AdaptiveMaxPool2d(2)(input({3, 3})); });
  }
}
