// Reference values for tests/nn/misc_modules_test.cpp: libtorch 1.13's SmoothL1Loss, HuberLoss,
// KLDivLoss, SoftMarginLoss, CosineSimilarity, PairwiseDistance, ZeroPad2d, ConstantPad2d,
// ReflectionPad2d, ReplicationPad2d, PixelShuffle, PixelUnshuffle, GroupNorm and Upsample
// (printing, values, gradients, errors).
// g++ -std=c++17 nn_misc_modules.cpp -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu
//     -lc10 -o nn_misc_modules && ./nn_misc_modules
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

int main() {
  std::cout << *nn::SmoothL1Loss() << "\n";
  std::cout << *nn::SmoothL1Loss(nn::SmoothL1LossOptions().beta(0.5).reduction(torch::kSum))
            << "\n";
  std::cout << *nn::HuberLoss() << "\n";
  std::cout << *nn::KLDivLoss() << "\n";
  std::cout << *nn::SoftMarginLoss() << "\n";
  std::cout << *nn::CosineSimilarity() << "\n";
  std::cout << *nn::CosineSimilarity(nn::CosineSimilarityOptions().dim(0).eps(1e-3)) << "\n";
  std::cout << *nn::PairwiseDistance() << "\n";
  std::cout << *nn::PairwiseDistance(nn::PairwiseDistanceOptions().p(1).eps(0.5).keepdim(true))
            << "\n";
  std::cout << *nn::ZeroPad2d(2) << "\n";
  std::cout << *nn::ZeroPad2d(nn::ZeroPad2dOptions({1, 2, 3, 0})) << "\n";
  std::cout << *nn::ConstantPad2d(nn::ConstantPad2dOptions({1, 0, 2, 1}, 3.5)) << "\n";
  std::cout << *nn::ReflectionPad2d(1) << "\n";
  std::cout << *nn::ReplicationPad2d(nn::ReplicationPad2dOptions({1, 0, 2, 1})) << "\n";
  std::cout << *nn::PixelShuffle(2) << "\n";
  std::cout << *nn::PixelUnshuffle(3) << "\n";
  std::cout << *nn::GroupNorm(2, 4) << "\n";
  std::cout << *nn::GroupNorm(nn::GroupNormOptions(1, 3).eps(1e-3).affine(false)) << "\n";
  std::cout << *nn::Upsample(nn::UpsampleOptions()
                                 .scale_factor(std::vector<double>{2, 3})
                                 .mode(torch::kBilinear)
                                 .align_corners(true))
            << "\n";
  std::cout << *nn::Upsample(nn::UpsampleOptions().size(std::vector<int64_t>{5, 7})) << "\n";

  // Losses.
  auto a = input({2, 5});
  auto b = other({2, 5});
  run2("smooth_l1", a, b, [](auto x, auto t) { return nn::SmoothL1Loss()(x, t); });
  run2("smooth_l1 beta0.5 sum", a, b, [](auto x, auto t) {
    return nn::SmoothL1Loss(nn::SmoothL1LossOptions().beta(0.5).reduction(torch::kSum))(x, t);
  });
  run2("F smooth_l1 none beta", a, b, [](auto x, auto t) {
    return F::smooth_l1_loss(x, t, F::SmoothL1LossFuncOptions(torch::kNone), 0.25);
  });
  run2("huber", a, b, [](auto x, auto t) { return nn::HuberLoss()(x, t); });
  run2("huber 0.3 none", a, b, [](auto x, auto t) {
    return F::huber_loss(x, t, F::HuberLossFuncOptions().delta(0.3).reduction(torch::kNone));
  });
  auto p = torch::softmax(other({2, 5}), 1);
  run2("kl_div batchmean", torch::log_softmax(input({2, 5}), 1), p,
       [](auto x, auto t) { return F::kl_div(x, t, F::KLDivFuncOptions(torch::kBatchMean)); });
  run2("kl_div none", input({2, 5}), torch::cat({p.narrow(1, 0, 4), torch::zeros({2, 1})}, 1),
       [](auto x, auto t) { return nn::KLDivLoss(nn::KLDivLossOptions(torch::kNone))(x, t); });
  run2("kl_div log_target sum", input({2, 5}), other({2, 5}), [](auto x, auto t) {
    return F::kl_div(x, t, F::KLDivFuncOptions().reduction(torch::kSum).log_target(true));
  });
  run2("kl_div mean", input({2, 5}), p, [](auto x, auto t) { return nn::KLDivLoss()(x, t); });
  auto sign = other({2, 5}).sign().add(0.5).sign();
  run2(
      "soft_margin", a, sign, [](auto x, auto t) { return nn::SoftMarginLoss()(x, t); }, false);
  run2(
      "soft_margin none", a, sign,
      [](auto x, auto t) {
        return F::soft_margin_loss(x, t, F::SoftMarginLossFuncOptions(torch::kNone));
      },
      false);
  error("soft_margin target grad",
        [&] { nn::SoftMarginLoss()(a, sign.clone().requires_grad_(true)); });
  error("huber delta", [&] { F::huber_loss(a, b, F::HuberLossFuncOptions().delta(0)); });
  error("smooth_l1 beta", [&] { F::smooth_l1_loss(a, b, {}, -1); });
  error("soft_margin shape", [&] { nn::SoftMarginLoss()(a, b.view({5, 2})); });

  // Distances.
  run2("cosine", input({2, 3, 4}), other({2, 3, 4}),
       [](auto x, auto y) { return nn::CosineSimilarity()(x, y); });
  run2("cosine dim0 broadcast", input({3, 4}), other({1, 4}), [](auto x, auto y) {
    return F::cosine_similarity(x, y, F::CosineSimilarityFuncOptions().dim(0));
  });
  run2("cosine zero", torch::zeros({2, 3}), other({2, 3}),
       [](auto x, auto y) { return nn::CosineSimilarity()(x, y); });
  run2("pairwise", input({3, 4}), other({3, 4}),
       [](auto x, auto y) { return nn::PairwiseDistance()(x, y); });
  run2("pairwise p1 keepdim", input({3, 4}), other({3, 4}), [](auto x, auto y) {
    return F::pairwise_distance(x, y, F::PairwiseDistanceFuncOptions().p(1).keepdim(true));
  });
  run2("pairwise 1d", input({4}), other({4}),
       [](auto x, auto y) { return nn::PairwiseDistance()(x, y); });

  // Padding.
  run1("zeropad", input({1, 2, 2, 3}), [](auto x) {
    return nn::ZeroPad2d(nn::ZeroPad2dOptions({1, 2, 0, 1}))(x);
  });
  run1("zeropad negative", input({1, 1, 3, 4}), [](auto x) {
    return nn::ZeroPad2d(nn::ZeroPad2dOptions({-1, 1, 1, -2}))(x);
  });
  run1("constantpad", input({2, 2, 3}), [](auto x) {
    return nn::ConstantPad2d(nn::ConstantPad2dOptions({1, 0, 2, 1}, 3.5))(x);
  });
  run1("reflectionpad", input({1, 1, 3, 4}), [](auto x) {
    return nn::ReflectionPad2d(nn::ReflectionPad2dOptions({2, 1, 2, 0}))(x);
  });
  run1("replicationpad", input({1, 3, 2}), [](auto x) {
    return nn::ReplicationPad2d(nn::ReplicationPad2dOptions({1, 0, 2, 1}))(x);
  });
  error("reflectionpad too large", [] { nn::ReflectionPad2d(3)(input({1, 1, 3, 3})); });

  // PixelShuffle.
  run1("pixelshuffle", input({1, 8, 2, 3}), [](auto x) { return nn::PixelShuffle(2)(x); });
  run1("pixelunshuffle", input({2, 1, 4, 6}), [](auto x) { return nn::PixelUnshuffle(2)(x); });
  error("pixelshuffle channels", [] { nn::PixelShuffle(2)(input({1, 5, 2, 2})); });
  error("pixelshuffle dims", [] { nn::PixelShuffle(2)(input({4, 2})); });
  error("pixelunshuffle size", [] { nn::PixelUnshuffle(2)(input({1, 1, 3, 4})); });

  // GroupNorm.
  {
    nn::GroupNorm g(nn::GroupNormOptions(2, 4));
    std::cout << "groupnorm params:";
    for (const auto& q : g->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    {
      torch::NoGradGuard ng;
      g->weight.copy_(torch::tensor({1.0f, 0.5f, -1.0f, 2.0f}));
      g->bias.copy_(torch::tensor({0.0f, 0.1f, 0.2f, 0.3f}));
    }
    run1("groupnorm", input({2, 4, 3}), [&](auto x) { return g(x); });
    show("groupnorm weight.grad", g->weight.grad());
    show("groupnorm bias.grad", g->bias.grad());
    run1("groupnorm noaffine", input({1, 3, 2, 2}), [](auto x) {
      return nn::GroupNorm(nn::GroupNormOptions(1, 3).eps(1e-3).affine(false))(x);
    });
    error("groupnorm channels", [&] { g(input({2, 6, 3})); });
    error("groupnorm divisible", [] { nn::GroupNorm(3, 4); });
  }

  // Upsample / interpolate.
  run1("upsample nearest", input({1, 1, 2, 3}), [](auto x) {
    return nn::Upsample(nn::UpsampleOptions().scale_factor(std::vector<double>{2, 2}))(x);
  });
  run1("upsample nearest size", input({1, 2, 3, 2}), [](auto x) {
    return nn::Upsample(nn::UpsampleOptions().size(std::vector<int64_t>{5, 3}))(x);
  });
  run1("upsample bilinear", input({1, 1, 2, 3}), [](auto x) {
    return nn::Upsample(nn::UpsampleOptions()
                            .scale_factor(std::vector<double>{2, 1.5})
                            .mode(torch::kBilinear)
                            .align_corners(false))(x);
  });
  run1("upsample bilinear ac", input({1, 2, 3, 2}), [](auto x) {
    return nn::Upsample(nn::UpsampleOptions()
                            .size(std::vector<int64_t>{4, 5})
                            .mode(torch::kBilinear)
                            .align_corners(true))(x);
  });
  run1("interpolate linear", input({1, 2, 3}), [](auto x) {
    return F::interpolate(x, F::InterpolateFuncOptions()
                                 .size(std::vector<int64_t>{7})
                                 .mode(torch::kLinear)
                                 .align_corners(false));
  });
  run1("interpolate nearest 1d", input({1, 2, 3}), [](auto x) {
    return F::interpolate(x, F::InterpolateFuncOptions().scale_factor(std::vector<double>{1.7}));
  });
  error("interpolate both", [] {
    F::interpolate(input({1, 1, 2, 2}), F::InterpolateFuncOptions()
                                            .size(std::vector<int64_t>{4, 4})
                                            .scale_factor(std::vector<double>{2, 2}));
  });
  error("interpolate neither", [] {
    F::interpolate(input({1, 1, 2, 2}), F::InterpolateFuncOptions());
  });
  error("interpolate ac nearest", [] {
    F::interpolate(
        input({1, 1, 2, 2}),
        F::InterpolateFuncOptions().size(std::vector<int64_t>{4, 4}).align_corners(true));
  });
  error("interpolate bilinear 3d", [] {
    F::interpolate(input({1, 2, 3}), F::InterpolateFuncOptions()
                                         .size(std::vector<int64_t>{4})
                                         .mode(torch::kBilinear)
                                         .align_corners(false));
  });
  error("interpolate size len", [] {
    F::interpolate(input({1, 1, 2, 2}), F::InterpolateFuncOptions().size(std::vector<int64_t>{4}));
  });
}
