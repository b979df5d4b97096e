// Reference values for tests/nn/margin_losses_test.cpp: libtorch 1.13's MarginRankingLoss,
// HingeEmbeddingLoss, CosineEmbeddingLoss, MultiMarginLoss, MultiLabelMarginLoss,
// MultiLabelSoftMarginLoss, TripletMarginLoss, TripletMarginWithDistanceLoss and PoissonNLLLoss
// (printing, values, gradients, errors).
// g++ -std=c++17 nn_margin_losses.cpp -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu
//     -lc10 -o nn_margin_losses && ./nn_margin_losses
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

// Two inputs and a target: f(a, b, t) and the gradients of (y * w).sum() for a and b.
template <class Fn>
void run3(const std::string& name, torch::Tensor a, torch::Tensor b, torch::Tensor t, Fn&& fn) {
  run2(name, a, b, [&](auto x, auto y) { return fn(x, y, t); });
}

torch::Tensor sign_target(std::vector<int64_t> shape) {
  return other(shape).sign().add(0.5).sign();
}

void buffers(const std::string& name, const nn::Module& m) {
  std::cout << name << " buffers:";
  for (const auto& q : m.named_buffers()) std::cout << " " << q.key() << q.value().sizes();
  std::cout << " params: " << m.named_parameters().size() << "\n";
}

int main() {
  std::cout << *nn::MarginRankingLoss() << "\n";
  std::cout << *nn::MarginRankingLoss(
                   nn::MarginRankingLossOptions().margin(0.5).reduction(torch::kSum))
            << "\n";
  std::cout << *nn::HingeEmbeddingLoss() << "\n";
  std::cout << *nn::HingeEmbeddingLoss(nn::HingeEmbeddingLossOptions().margin(2)) << "\n";
  std::cout << *nn::CosineEmbeddingLoss() << "\n";
  std::cout << *nn::CosineEmbeddingLoss(nn::CosineEmbeddingLossOptions().margin(0.25)) << "\n";
  std::cout << *nn::MultiMarginLoss() << "\n";
  std::cout << *nn::MultiMarginLoss(
                   nn::MultiMarginLossOptions().p(2).margin(0.5).weight(torch::ones({3})))
            << "\n";
  std::cout << *nn::MultiLabelMarginLoss() << "\n";
  std::cout << *nn::MultiLabelSoftMarginLoss() << "\n";
  std::cout << *nn::TripletMarginLoss() << "\n";
  std::cout << *nn::TripletMarginLoss(
                   nn::TripletMarginLossOptions().margin(0.5).p(1).eps(1e-3).swap(true))
            << "\n";
  std::cout << *nn::TripletMarginWithDistanceLoss() << "\n";
  std::cout << *nn::TripletMarginWithDistanceLoss(
                   nn::TripletMarginWithDistanceLossOptions().margin(0.5).swap(true))
            << "\n";
  std::cout << *nn::PoissonNLLLoss() << "\n";
  std::cout << *nn::PoissonNLLLoss(
                   nn::PoissonNLLLossOptions().log_input(false).full(true).eps(1e-4))
            << "\n";

  // MarginRankingLoss.
  run3("margin_ranking", input({6}), other({6}), sign_target({6}),
       [](auto x, auto y, auto t) { return nn::MarginRankingLoss()(x, y, t); });
  run3("margin_ranking 0.5 sum", input({6}), other({6}), sign_target({6}),
       [](auto x, auto y, auto t) {
         return nn::MarginRankingLoss(
             nn::MarginRankingLossOptions().margin(0.5).reduction(torch::kSum))(x, y, t);
       });
  run3("F margin_ranking none", input({2, 3}), other({2, 3}), sign_target({2, 3}),
       [](auto x, auto y, auto t) {
         return F::margin_ranking_loss(
             x, y, t, F::MarginRankingLossFuncOptions().margin(0.2).reduction(torch::kNone));
       });
  error("margin_ranking dims", [] {
    nn::MarginRankingLoss()(input({2, 3}), other({2, 3}), sign_target({6}));
  });

  // HingeEmbeddingLoss.
  run2(
      "hinge", input({2, 5}), sign_target({2, 5}),
      [](auto x, auto t) { return nn::HingeEmbeddingLoss()(x, t); }, false);
  run2(
      "hinge margin2 none", input({2, 5}), sign_target({2, 5}),
      [](auto x, auto t) {
        return F::hinge_embedding_loss(
            x, t, F::HingeEmbeddingLossFuncOptions().margin(2).reduction(torch::kNone));
      },
      false);

  // CosineEmbeddingLoss.
  run3("cosine_embedding", input({4, 3}), other({4, 3}), sign_target({4}),
       [](auto x, auto y, auto t) { return nn::CosineEmbeddingLoss()(x, y, t); });
  run3("cosine_embedding 0.25 none", input({4, 3}), other({4, 3}), sign_target({4}),
       [](auto x, auto y, auto t) {
         return F::cosine_embedding_loss(
             x, y, t, F::CosineEmbeddingLossFuncOptions().margin(0.25).reduction(torch::kNone));
       });
  run3("cosine_embedding 1d", input({5}), other({5}), torch::tensor(-1.0f),
       [](auto x, auto y, auto t) {
         return F::cosine_embedding_loss(x, y, t, F::CosineEmbeddingLossFuncOptions().margin(-0.5));
       });
  error("cosine_embedding target", [] {
    nn::CosineEmbeddingLoss()(input({4, 3}), other({4, 3}), sign_target({4, 1}));
  });
  error("cosine_embedding 1d target 1d",
        [] { nn::CosineEmbeddingLoss()(input({4}), other({4}), sign_target({4})); });
  error("cosine_embedding 0d target", [] {
    nn::CosineEmbeddingLoss()(input({4, 3}), other({4, 3}), torch::tensor(1.0f));
  });

  // MultiMarginLoss.
  auto classes = torch::tensor({2, 0, 4, 1}, torch::kLong);
  run1("multi_margin", input({4, 5}), [&](auto x) { return nn::MultiMarginLoss()(x, classes); });
  {
    nn::MultiMarginLoss m(nn::MultiMarginLossOptions()
                              .p(2)
                              .margin(0.5)
                              .weight(torch::tensor({1.0f, 2.0f, 0.5f, 1.5f, 3.0f}))
                              .reduction(torch::kNone));
    buffers("multi_margin", *m);
    run1("multi_margin p2 weight none", input({4, 5}), [&](auto x) { return m(x, classes); });
  }
  run1("multi_margin 1d sum", input({5}), [&](auto x) {
    return F::multi_margin_loss(x, torch::tensor({3}, torch::kLong),
                                F::MultiMarginLossFuncOptions().reduction(torch::kSum));
  });
  error("multi_margin p", [] { nn::MultiMarginLoss(nn::MultiMarginLossOptions().p(3)); });
  error("F multi_margin p", [] {
    F::multi_margin_loss(input({2, 3}), torch::tensor({0, 1}),
                         F::MultiMarginLossFuncOptions().p(3));
  });
  error("multi_margin weight 2d", [] {
    nn::MultiMarginLoss(nn::MultiMarginLossOptions().weight(torch::ones({2, 2})));
  });
  error("multi_margin target size", [] {
    nn::MultiMarginLoss()(input({2, 3}), torch::tensor({0, 1, 2}));
  });
  error("multi_margin target range", [] {
    nn::MultiMarginLoss()(input({2, 3}), torch::tensor({0, 3}));
  });
  error("multi_margin weight size", [] {
    F::multi_margin_loss(input({2, 3}), torch::tensor({0, 1}),
                         F::MultiMarginLossFuncOptions().weight(torch::ones({2})));
  });
  error("multi_margin input dims", [] {
    nn::MultiMarginLoss()(input({2, 3, 1}), torch::tensor({0, 1}));
  });

  // MultiLabelMarginLoss.
  auto labels = torch::tensor({{3, 0, -1, 1, 2}, {1, 1, 4, -1, 0}, {-1, 2, 0, 0, 0}}, torch::kLong);
  run1("multilabel_margin", input({3, 5}),
       [&](auto x) { return nn::MultiLabelMarginLoss()(x, labels); });
  run1("multilabel_margin none", input({3, 5}), [&](auto x) {
    return F::multilabel_margin_loss(x, labels, F::MultilabelMarginLossFuncOptions(torch::kNone));
  });
  run1("multilabel_margin 1d sum", input({4}), [&](auto x) {
    return F::multilabel_margin_loss(x, torch::tensor({2, 3, -1, 0}, torch::kLong),
                                     F::MultilabelMarginLossFuncOptions(torch::kSum));
  });
  error("multilabel_margin target size", [] {
    nn::MultiLabelMarginLoss()(input({2, 3}), torch::zeros({2, 2}, torch::kLong));
  });
  error("multilabel_margin target range", [] {
    nn::MultiLabelMarginLoss()(input({2, 3}), torch::full({2, 3}, 3, torch::kLong));
  });
  error("multilabel_margin input dims", [] {
    nn::MultiLabelMarginLoss()(input({2, 3, 1}), torch::zeros({2, 3}, torch::kLong));
  });

  // MultiLabelSoftMarginLoss.
  auto multi_hot = other({3, 4}).gt(0).to(torch::kFloat);
  run1("multilabel_soft_margin", input({3, 4}),
       [&](auto x) { return nn::MultiLabelSoftMarginLoss()(x, multi_hot); });
  {
    nn::MultiLabelSoftMarginLoss m(nn::MultiLabelSoftMarginLossOptions()
                                       .weight(torch::tensor({1.0f, 0.5f, 2.0f, 1.5f}))
                                       .reduction(torch::kSum));
    buffers("multilabel_soft_margin", *m);
    std::cout << *m << "\n";
    run1("multilabel_soft_margin weight sum", input({3, 4}),
         [&](auto x) { return m(x, multi_hot); });
  }
  run1("multilabel_soft_margin none", input({3, 4}), [&](auto x) {
    return F::multilabel_soft_margin_loss(
        x, multi_hot, F::MultilabelSoftMarginLossFuncOptions().reduction(torch::kNone));
  });

  // TripletMarginLoss.
  auto negative = input({4, 3}).flip({0}).mul(0.5);
  run3("triplet", input({4, 3}), other({4, 3}), negative,
       [](auto a, auto p, auto n) { return nn::TripletMarginLoss()(a, p, n); });
  run3("triplet p1 swap none", input({4, 3}), other({4, 3}), negative, [](auto a, auto p, auto n) {
    return F::triplet_margin_loss(
        a, p, n,
        F::TripletMarginLossFuncOptions().margin(0.5).p(1).eps(1e-3).swap(true).reduction(
            torch::kNone));
  });
  error("triplet dims", [] { nn::TripletMarginLoss()(input({4, 3}), other({4, 3}), other({3})); });

  // TripletMarginWithDistanceLoss.
  run3("triplet_distance", input({4, 3}), other({4, 3}), negative,
       [](auto a, auto p, auto n) { return nn::TripletMarginWithDistanceLoss()(a, p, n); });
  run3("triplet_distance cosine swap sum", input({4, 3}), other({4, 3}), negative,
       [](auto a, auto p, auto n) {
         return nn::TripletMarginWithDistanceLoss(
             nn::TripletMarginWithDistanceLossOptions()
                 .distance_function([](const torch::Tensor& x, const torch::Tensor& y) {
                   return 1 - F::cosine_similarity(x, y);
                 })
                 .margin(0.5)
                 .swap(true)
                 .reduction(torch::kSum))(a, p, n);
       });

  // PoissonNLLLoss.
  auto counts = other({2, 4}).add(1.2).mul(2).round();
  run1("poisson", input({2, 4}), [&](auto x) { return nn::PoissonNLLLoss()(x, counts); });
  run1("poisson nolog full none", input({2, 4}).abs().add(0.1), [&](auto x) {
    return F::poisson_nll_loss(
        x, counts,
        F::PoissonNLLLossFuncOptions().log_input(false).full(true).eps(1e-4).reduction(
            torch::kNone));
  });
  run1("poisson full sum", input({2, 4}), [&](auto x) {
    return nn::PoissonNLLLoss(nn::PoissonNLLLossOptions().full(true).reduction(torch::kSum))(
        x, counts);
  });
  show("poisson counts", counts);
}
