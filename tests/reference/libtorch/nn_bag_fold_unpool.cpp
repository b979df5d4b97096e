// Reference values for tests/nn/bag_fold_unpool_test.cpp: libtorch 1.13's EmbeddingBag, Fold,
// Unfold, LPPool1d/2d, MaxUnpool1d/2d and ConvTranspose3d (printing, values, gradients, initial
// parameters after manual_seed, errors).
// g++ -std=c++17 nn_bag_fold_unpool.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_bag_fold_unpool && ./nn_bag_fold_unpool
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

int main() {
  std::cout << *nn::EmbeddingBag(10, 3) << "\n";
  std::cout << *nn::EmbeddingBag(nn::EmbeddingBagOptions(5, 2)
                                     .max_norm(1.5)
                                     .norm_type(1)
                                     .scale_grad_by_freq(true)
                                     .mode(torch::kSum)
                                     .include_last_offset(true)
                                     .padding_idx(-1))
            << "\n";
  std::cout << *nn::EmbeddingBag(nn::EmbeddingBagOptions(5, 2).mode(torch::kMax).padding_idx(2))
            << "\n";
  std::cout << *nn::Fold(nn::FoldOptions({4, 5}, {2, 3})) << "\n";
  std::cout << *nn::Fold(nn::FoldOptions({4, 5}, 2).dilation(2).padding({1, 0}).stride(3)) << "\n";
  std::cout << *nn::Unfold(nn::UnfoldOptions({2, 3})) << "\n";
  std::cout << *nn::Unfold(nn::UnfoldOptions(2).dilation({1, 2}).padding(1).stride({2, 1})) << "\n";
  std::cout << *nn::LPPool1d(nn::LPPool1dOptions(2, 3)) << "\n";
  std::cout << *nn::LPPool2d(nn::LPPool2dOptions(1.5, {2, 3}).stride(1).ceil_mode(true)) << "\n";
  std::cout << *nn::MaxUnpool1d(3) << "\n";
  std::cout << *nn::MaxUnpool2d(nn::MaxUnpool2dOptions({2, 3}).stride(1).padding({1, 0})) << "\n";
  std::cout << *nn::ConvTranspose3d(2, 4, 3) << "\n";
  std::cout << *nn::ConvTranspose3d(nn::ConvTranspose3dOptions(2, 4, {1, 2, 3})
                                        .stride({1, 2, 1})
                                        .padding(1)
                                        .output_padding({0, 1, 0})
                                        .groups(2)
                                        .bias(false)
                                        .dilation(2))
            << "\n";

  // EmbeddingBag.
  {
    torch::manual_seed(0);
    nn::EmbeddingBag bag(6, 3);
    std::cout << "embeddingbag params:";
    for (const auto& q : bag->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    show("embeddingbag weight", bag->weight);
    auto idx = torch::tensor({1, 2, 4, 5, 4, 3, 2, 0}, torch::kLong);
    auto offsets = torch::tensor({0, 3, 3, 5}, torch::kLong);
    auto y = bag(idx, offsets);
    auto w = torch::arange(y.numel(), torch::kFloat).div(10).add(1).view(y.sizes());
    (y * w).sum().backward();
    show("embeddingbag mean y", y);
    show("embeddingbag mean weight.grad", bag->weight.grad());
    show("embeddingbag 2d", bag(torch::tensor({{1, 2}, {3, 3}, {0, 5}}, torch::kLong)).detach());
    bag->weight.mutable_grad() = torch::Tensor();
    auto ws = bag->weight.detach().clone().requires_grad_(true);
    auto psw =
        torch::tensor({0.5f, 1.0f, -1.0f, 2.0f, 0.25f, 1.5f, 1.0f, 3.0f}).requires_grad_(true);
    auto ys = F::embedding_bag(
        idx, ws,
        F::EmbeddingBagFuncOptions().offsets(offsets).mode(torch::kSum).per_sample_weights(psw));
    (ys * torch::arange(ys.numel(), torch::kFloat).div(10).add(1).view(ys.sizes()))
        .sum()
        .backward();
    show("F embedding_bag sum psw y", ys);
    show("F embedding_bag sum psw weight.grad", ws.grad());
    show("F embedding_bag sum psw psw.grad", psw.grad());
    auto wm = bag->weight.detach().clone().requires_grad_(true);
    auto ym =
        F::embedding_bag(idx, wm, F::EmbeddingBagFuncOptions().offsets(offsets).mode(torch::kMax));
    (ym * torch::arange(ym.numel(), torch::kFloat).div(10).add(1).view(ym.sizes()))
        .sum()
        .backward();
    show("F embedding_bag max y", ym);
    show("F embedding_bag max weight.grad", wm.grad());
    auto wl = bag->weight.detach().clone().requires_grad_(true);
    auto yl = F::embedding_bag(idx, wl,
                               F::EmbeddingBagFuncOptions()
                                   .offsets(torch::tensor({0, 2, 5, 8}, torch::kLong))
                                   .mode(torch::kMean)
                                   .include_last_offset(true)
                                   .padding_idx(4));
    (yl * torch::arange(yl.numel(), torch::kFloat).div(10).add(1).view(yl.sizes()))
        .sum()
        .backward();
    show("F embedding_bag last padding y", yl);
    show("F embedding_bag last padding weight.grad", wl.grad());
    torch::manual_seed(1);
    nn::EmbeddingBag padded(nn::EmbeddingBagOptions(5, 2).padding_idx(-2).mode(torch::kSum));
    show("embeddingbag padding weight", padded->weight);
    std::cout << "embeddingbag padding_idx " << *padded->options.padding_idx() << "\n";
    torch::manual_seed(2);
    nn::EmbeddingBag normed(nn::EmbeddingBagOptions(4, 3).max_norm(0.5));
    show("embeddingbag max_norm y",
         normed(torch::tensor({0, 2, 2, 3}, torch::kLong), torch::tensor({0, 1}, torch::kLong)));
    show("embeddingbag max_norm weight", normed->weight);
    auto pre = nn::EmbeddingBag::from_pretrained(torch::tensor({{1.0f, 2.0f}, {3.0f, 4.0f}}));
    std::cout << *pre << " requires_grad=" << pre->weight.requires_grad() << "\n";
    error("embeddingbag 2d offsets", [&] {
      bag(torch::tensor({{1, 2}}, torch::kLong), torch::tensor({0}, torch::kLong));
    });
    error("embeddingbag 1d no offsets", [&] { bag(torch::tensor({1, 2}, torch::kLong)); });
    error("embeddingbag offsets0", [&] {
      bag(torch::tensor({1, 2}, torch::kLong), torch::tensor({1}, torch::kLong));
    });
    error("embeddingbag offsets last", [&] {
      bag(torch::tensor({1, 2}, torch::kLong), torch::tensor({0, 3}, torch::kLong));
    });
    error("embeddingbag 3d", [&] { bag(torch::zeros({1, 1, 1}, torch::kLong)); });
    error("embeddingbag psw mean", [&] {
      F::embedding_bag(idx, ws,
                       F::EmbeddingBagFuncOptions().offsets(offsets).per_sample_weights(psw));
    });
    error("embeddingbag psw shape", [&] {
      F::embedding_bag(idx, ws,
                       F::EmbeddingBagFuncOptions()
                           .offsets(offsets)
                           .mode(torch::kSum)
                           .per_sample_weights(torch::ones({3})));
    });
    error("embeddingbag max scale", [&] {
      F::embedding_bag(
          idx, ws,
          F::EmbeddingBagFuncOptions().offsets(offsets).mode(torch::kMax).scale_grad_by_freq(true));
    });
    error("embeddingbag weight shape", [] {
      nn::EmbeddingBag(nn::EmbeddingBagOptions(2, 3)._weight(torch::ones({3, 3})));
    });
    error("embeddingbag from_pretrained 1d",
          [] { nn::EmbeddingBag::from_pretrained(torch::ones({3})); });
    error("embeddingbag padding range",
          [] { nn::EmbeddingBag(nn::EmbeddingBagOptions(5, 2).padding_idx(5)); });
    error("embeddingbag padding range neg",
          [] { nn::EmbeddingBag(nn::EmbeddingBagOptions(5, 2).padding_idx(-6)); });
  }

  // Fold / Unfold.
  run1("unfold", input({2, 2, 3, 4}), [](auto x) {
    return nn::Unfold(nn::UnfoldOptions({2, 3}))(x);
  });
  run1("unfold opts", input({1, 2, 4, 5}), [](auto x) {
    return F::unfold(x, F::UnfoldFuncOptions(2).dilation({1, 2}).padding(1).stride({2, 1}));
  });
  run1("fold", input({2, 6, 4}), [](auto x) {
    return nn::Fold(nn::FoldOptions({3, 4}, {2, 3}))(x);
  });
  run1("fold unbatched opts", input({8, 15}), [](auto x) {
    return F::fold(x, F::FoldFuncOptions({4, 5}, 2).dilation({1, 2}).padding(1).stride({2, 1}));
  });
  error("unfold dims", [] { nn::Unfold(nn::UnfoldOptions(2))(input({2, 3, 4})); });
  error("unfold small", [] { nn::Unfold(nn::UnfoldOptions(4))(input({1, 1, 3, 5})); });
  error("fold dims", [] { nn::Fold(nn::FoldOptions({3, 4}, 2))(input({1, 2, 4, 5})); });
  error("fold divisible", [] { nn::Fold(nn::FoldOptions({3, 4}, 2))(input({1, 6, 6})); });
  error("fold blocks", [] { nn::Fold(nn::FoldOptions({3, 4}, 2))(input({1, 8, 5})); });

  // LPPool.
  run1("lppool1d", input({2, 2, 7}).abs().add(0.1),
       [](auto x) { return nn::LPPool1d(nn::LPPool1dOptions(2, 3))(x); });
  run1("lppool1d p1 stride ceil", input({1, 3, 6}), [](auto x) {
    return F::lp_pool1d(x, F::LPPool1dFuncOptions(1, 2).stride(3).ceil_mode(true));
  });
  run1("lppool2d", input({1, 2, 4, 5}).abs().add(0.1), [](auto x) {
    return nn::LPPool2d(nn::LPPool2dOptions(1.5, {2, 3}).stride(1).ceil_mode(true))(x);
  });
  run1("lppool2d p3", input({2, 3, 4}),
       [](auto x) { return F::lp_pool2d(x, F::LPPool2dFuncOptions(3, 2)); });

  error("lppool1d dims", [] { nn::LPPool1d(nn::LPPool1dOptions(2, 3))(torch::ones({5})); });

  // MaxUnpool.
  {
    auto [v, i] = F::max_pool1d_with_indices(input({2, 2, 7}), F::MaxPool1dFuncOptions(2));
    run1("maxunpool1d", v, [&](auto x) { return nn::MaxUnpool1d(2)(x, i); });
    run1("maxunpool1d size", v, [&](auto x) {
      return nn::MaxUnpool1d(2)(x, i, std::vector<int64_t>{2, 2, 7});
    });
    auto [v2, i2] = F::max_pool2d_with_indices(
        input({1, 2, 4, 5}), F::MaxPool2dFuncOptions({2, 3}).stride(1).padding({1, 0}));
    run1("maxunpool2d", v2, [&](auto x) {
      return nn::MaxUnpool2d(nn::MaxUnpool2dOptions({2, 3}).stride(1).padding({1, 0}))(x, i2);
    });
    auto [v3, i3] = F::max_pool2d_with_indices(input({1, 2, 5, 5}), F::MaxPool2dFuncOptions(2));
    run1("F maxunpool2d size", v3, [&](auto x) {
      return F::max_unpool2d(
          x, i3, F::MaxUnpool2dFuncOptions(2).output_size(std::vector<int64_t>{1, 2, 5, 5}));
    });
    // libtorch 1.13 takes output_size only with the (N, C) dims in front.
    error("maxunpool2d size 2 elements", [&] {
      F::max_unpool2d(v3, i3, F::MaxUnpool2dFuncOptions(2).output_size(std::vector<int64_t>{5, 5}));
    });
    error("maxunpool2d size", [&] {
      nn::MaxUnpool2d(2)(v3, i3, std::vector<int64_t>{1, 2, 8, 8});
    });
    error("maxunpool2d size len", [&] { nn::MaxUnpool2d(2)(v3, i3, std::vector<int64_t>{5}); });
    error("maxunpool2d index", [&] { nn::MaxUnpool2d(2)(v3, i3.mul(10)); });
    error("maxunpool2d shape", [&] { nn::MaxUnpool2d(2)(v3, i3.narrow(1, 0, 1)); });
    error("maxunpool1d dims", [&] { nn::MaxUnpool1d(2)(input({2, 2, 2, 2}), i3); });
  }

  // ConvTranspose3d.
  {
    torch::manual_seed(3);
    nn::ConvTranspose3d c(nn::ConvTranspose3dOptions(2, 3, {2, 2, 3}));
    std::cout << "convtranspose3d params:";
    for (const auto& q : c->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    show("convtranspose3d weight", c->weight);
    show("convtranspose3d bias", c->bias);
    run1("convtranspose3d", input({1, 2, 2, 3, 2}), [&](auto x) { return c(x); });
    show("convtranspose3d weight.grad", c->weight.grad());
    run1("convtranspose3d unbatched", input({2, 1, 2, 2}), [&](auto x) { return c(x); });
    torch::manual_seed(4);
    nn::ConvTranspose3d g(nn::ConvTranspose3dOptions(2, 4, {2, 1, 2})
                              .stride({2, 1, 2})
                              .padding({1, 0, 0})
                              .output_padding({1, 0, 1})
                              .groups(2)
                              .dilation({1, 2, 1}));
    run1("convtranspose3d strided groups", input({2, 2, 3, 2, 2}), [&](auto x) { return g(x); });
    run1("convtranspose3d output_size", input({1, 2, 3, 2, 2}), [&](auto x) {
      return g(x, std::vector<int64_t>{5, 2, 5});
    });
    run2("F conv_transpose3d", input({1, 2, 2, 2, 3}), other({2, 1, 2, 2, 2}), [](auto x, auto w) {
      return F::conv_transpose3d(x, w,
                                 F::ConvTranspose3dFuncOptions().stride(2).padding(1).groups(2));
    });
    error("convtranspose3d dims", [&] { c(input({2, 3, 4})); });
    error("convtranspose3d channels", [&] { c(input({1, 3, 2, 2, 2})); });
    error("convtranspose3d output_padding", [] {
      F::conv_transpose3d(input({1, 2, 2, 2, 2}), other({2, 1, 2, 2, 2}),
                          F::ConvTranspose3dFuncOptions().output_padding(1));
    });
    error("convtranspose3d output_size", [&] {
      g(input({1, 2, 3, 2, 2}), std::vector<int64_t>{9, 2, 6});
    });
  }
}
