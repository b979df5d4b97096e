// MarginRankingLoss, HingeEmbeddingLoss, CosineEmbeddingLoss, MultiMarginLoss,
// MultiLabelMarginLoss, MultiLabelSoftMarginLoss, TripletMarginLoss,
// TripletMarginWithDistanceLoss and PoissonNLLLoss against libtorch 1.13: printing, values,
// gradients and messages. The reference table and the messages are the output of
// tests/reference/libtorch/nn_margin_losses.cpp.
#include <ember/ember.h>
#include <ember/nn.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "nn/libtorch_cases.h"

namespace {

namespace nn = ember::nn;
namespace F = ember::nn::functional;
using ember::Tensor;
using namespace libtorch_cases;

const ReferenceTable& reference() {
  static const ReferenceTable table = {
      {"margin_ranking y", {{}, {1}}},
      {"margin_ranking a.grad",
       {{6}, {0, 0.166666672, -0.166666672, 0.166666672, -0, -0.166666672}}},
      {"margin_ranking b.grad",
       {{6}, {-0, -0.166666672, 0.166666672, -0.166666672, 0, 0.166666672}}},
      {"margin_ranking 0.5 sum y", {{}, {8.90000057}}},
      {"margin_ranking 0.5 sum a.grad", {{6}, {1, 1, -1, 1, -1, -1}}},
      {"margin_ranking 0.5 sum b.grad", {{6}, {-1, -1, 1, -1, 1, 1}}},
      {"F margin_ranking none y",
       {{2, 3}, {0.150000051, 0.899999976, 1.5, 2.25, 0.150000006, 2.1500001}}},
      {"F margin_ranking none a.grad",
       {{2, 3}, {1, 1.10000002, -1.20000005, 1.29999995, -1.39999998, -1.5}}},
      {"F margin_ranking none b.grad",
       {{2, 3}, {-1, -1.10000002, 1.20000005, -1.29999995, 1.39999998, 1.5}}},
      {"hinge y", {{}, {0.449999988}}},
      {"hinge a.grad",
       {{2, 5},
        {-0.100000001, -0.100000001, 0.100000001, 0, 0.100000001, 0.100000001, -0.100000001,
         0.100000001, -0.100000001, 0.100000001}}},
      {"hinge margin2 none y", {{2, 5}, {3.25, 1.5, -0.5, 0.75, 0.25, -0.75, 1, 0, 3, 0.75}}},
      {"hinge margin2 none a.grad",
       {{2, 5},
        {-1, -1.10000002, 1.20000005, -1.29999995, 1.39999998, 1.5, -1.60000002, 1.70000005,
         -1.79999995, 1.89999998}}},
      {"cosine_embedding y", {{}, {0.355997503}}},
      {"cosine_embedding a.grad",
       {{4, 3},
        {-0.0710096359, -0.0528949201, 0.124629132, 0, 0, 0, 0.100369379, -0.0860309005,
         0.100369379, -0.0248473305, 0.153225198, -0.0455534384}}},
      {"cosine_embedding b.grad",
       {{4, 3},
        {-0.0817724913, 0.0710574687, -0.104894355, 0, 0, 0, -0.166024536, 0.0339595675,
         0.0867855549, 0.10870707, -0.0895234644, -0.149205774}}},
      {"cosine_embedding 0.25 none y", {{4}, {0.228228062, 0, 0.655876398, 0.0398855209}}},
      {"cosine_embedding 0.25 none a.grad",
       {{4, 3},
        {-0.284038544, -0.21157968, 0.49851653, 0, 0, 0, 0.481773078, -0.41294834, 0.481773019,
         -0.129206121, 0.796771049, -0.236877888}}},
      {"cosine_embedding 0.25 none b.grad",
       {{4, 3},
        {-0.327089965, 0.284229875, -0.41957742, 0, 0, 0, -0.796917796, 0.163005933, 0.416570663,
         0.565276742, -0.465522051, -0.775870085}}},
      {"cosine_embedding 1d y", {{}, {0.515560508}}},
      {"cosine_embedding 1d a.grad",
       {{5}, {-0.368178487, -0.06435211, 0.251078725, -0.254243582, 0.0611872561}}},
      {"cosine_embedding 1d b.grad",
       {{5}, {-0.382344961, 0.156716973, -0.160051376, 0.393459648, 0.0766912848}}},
      {"multi_margin y", {{}, {1.10000002}}},
      {"multi_margin a.grad",
       {{4, 5},
        {0.0500000007,
         0.0500000007,
         -0.200000003,
         0.0500000007,
         0.0500000007,
         -0.200000003,
         0.0500000007,
         0.0500000007,
         0.0500000007,
         0.0500000007,
         0,
         0,
         0.0500000007,
         0,
         -0.0500000007,
         0.0500000007,
         -0.200000003,
         0.0500000007,
         0.0500000007,
         0.0500000007}}},
      {"multi_margin p2 weight none y", {{4}, {0.887499988, 2.13750005, 0, 3.57500005}}},
      {"multi_margin p2 weight none a.grad",
       {{4, 5},
        {0,           0.300000012, -1,          0.450000018, 0.25,       -2.53000021, 0.990000069,
         0.550000012, 0.110000007, 0.880000055, 0,           0,          0,           0,
         0,           1.56000006,  -5.45999956, 2.33999991,  1.29999995, 0.25999999}}},
      {"multi_margin 1d sum y", {{}, {0.0500000007}}},
      {"multi_margin 1d sum a.grad", {{5}, {0, 0.200000003, 0, -0.200000003, 0}}},
      {"multilabel_margin y", {{}, {0.5}}},
      {"multilabel_margin a.grad",
       {{3, 5},
        {-0.200000018, 0.13333334, 0.0666666701, -0.0666666701, 0.0666666701, 0, 0, 0.0666666701, 0,
         -0.0666666701, 0, 0, 0, 0, 0}}},
      {"multilabel_margin none y", {{3}, {1.45000005, 0.0500000007, 0}}},
      {"multilabel_margin none a.grad",
       {{3, 5},
        {-0.600000024, 0.400000006, 0.200000003, -0.200000003, 0.200000003, 0, 0, 0.220000014, 0,
         -0.220000014, 0, 0, 0, 0, 0}}},
      {"multilabel_margin 1d sum y", {{}, {0.625}}},
      {"multilabel_margin 1d sum a.grad", {{4}, {0.25, 0.5, -0.5, -0.25}}},
      {"multilabel_soft_margin y", {{}, {0.829102695}}},
      {"multilabel_soft_margin a.grad",
       {{3, 4},
        {0.0185583457, 0.0518716089, -0.0518716089, 0.0647749901, -0.036485292, -0.0565982275,
         0.0609215498, -0.0416666679, 0.022411786, 0.0565982275, -0.0468480401, 0.0185583457}}},
      {"multilabel_soft_margin weight sum y", {{}, {3.16552591}}},
      {"multilabel_soft_margin weight sum a.grad",
       {{3, 4},
        {0.0556750372, 0.0778074116, -0.311229646, 0.291487455, -0.109455876, -0.0848973393,
         0.365529299, -0.1875, 0.0672353581, 0.0848973393, -0.281088233, 0.0835125595}}},
      {"multilabel_soft_margin none y", {{3}, {0.925503016, 0.929804802, 0.632000268}}},
      {"multilabel_soft_margin none a.grad",
       {{3, 4},
        {0.0556750372, 0.155614823, -0.155614823, 0.19432497, -0.120401464, -0.18677415,
         0.201041117, -0.137500003, 0.0806824341, 0.20375362, -0.168652952, 0.0668100491}}},
      {"triplet y", {{}, {1.58498693}}},
      {"triplet a.grad",
       {{4, 3},
        {0.224276215, 0.0289427266, -0.237894595, -0.0450222343, -0.0709606186, -0.0968990028,
         0.10301277, -0.0562222227, 0.211288527, -0.0764953271, -0.125256598, 0.039257735}}},
      {"triplet b.grad",
       {{4, 3},
        {0.00846104417, -0.118457258, 0.21999158, -0.181111321, -0.00441743527, 0.172276452,
         -0.229786336, 0.0984796286, -1.64132985e-07, -0.117474861, 0.195791021, 0.101811245}}},
      {"triplet p1 swap none y", {{4}, {0.172999859, 3.29999971, 1.37699986, 1.42299986}}},
      {"triplet p1 swap none a.grad",
       {{4, 3}, {0, 0, -2, 0, 0, 0, 0, 0, 2.4000001, 1.29999995, -1.29999995, -1.29999995}}},
      {"triplet p1 swap none b.grad",
       {{4, 3},
        {1, -1, 1, -1.10000002, -1.10000002, 1.10000002, -1.20000005, 1.20000005, -1.20000005,
         -2.5999999, 0, 2.5999999}}},
      {"triplet_distance y", {{}, {1.58498681}}},
      {"triplet_distance a.grad",
       {{4, 3},
        {0.224276215, 0.0289427266, -0.237894595, -0.0450222343, -0.0709606186, -0.0968990028,
         0.10301277, -0.0562222227, 0.211288527, -0.0764953271, -0.125256598, 0.039257735}}},
      {"triplet_distance b.grad",
       {{4, 3},
        {0.00846104417, -0.118457258, 0.21999158, -0.181111321, -0.00441743527, 0.172276452,
         -0.229786336, 0.0984796286, -1.64132985e-07, -0.117474861, 0.195791021, 0.101811245}}},
      {"triplet_distance cosine swap sum y", {{}, {4.11509418}}},
      {"triplet_distance cosine swap sum a.grad",
       {{4, 3},
        {0, 0, -0, -0.18770647, -0.3003304, -0.41295436, 0.521000385, -0.224600762, 0.521000445,
         0.0993893221, -0.612900794, 0.182213753}}},
      {"triplet_distance cosine swap sum b.grad",
       {{4, 3},
        {0, 0, 0, -0.256276071, -0.197135419, -0.137994796, -0.664098203, 0.135838285, 0.347142249,
         -1.18118, 0.305410236, 0.509016991}}},
      {"poisson y", {{}, {1.53209662}}},
      {"poisson a.grad",
       {{2, 4},
        {0.0358131006, -0.0439098477, -0.424183667, 0.311292887, -0.214496821, -0.565954208,
         0.0897852182, -0.375}}},
      {"poisson nolog full none y",
       {{2, 4},
        {1.35000002, 2.27312422, 5.7998991, 1.04982138, 5.26269102, 6.4328537, 1.56100428,
         12.4636059}}},
      {"poisson nolog full none a.grad",
       {{2, 4},
        {1, -2.5660553, -6.79866695, 0.337108374, -10.5965729, -7.32249069, -1.30882633,
         -66.2320709}}},
      {"poisson full sum y", {{}, {26.4098415}}},
      {"poisson full sum a.grad",
       {{2, 4},
        {0.286504805, -0.351278782, -3.39346933, 2.49034309, -1.71597457, -4.52763367, 0.718281746,
         -3}}},
      {"poisson counts", {{2, 4}, {0, 2, 4, 1, 3, 5, 2, 4}}},

  };
  return table;
}

// f(a, b, t) and the gradients of (y * w).sum() for a and b.
void check3(const std::string& name, const Tensor& a, const Tensor& b, const Tensor& t,
            const std::function<Tensor(const Tensor&, const Tensor&, const Tensor&)>& f) {
  check2(reference(), name, a, b, [&](const Tensor& x, const Tensor& y) { return f(x, y, t); });
}

// 1 or -1, as the libtorch program's targets.
Tensor sign_target(std::vector<int64_t> shape) { return other(shape).sign().add(0.5).sign(); }

TEST(MarginLosses, PrintLikeLibtorch) {
  EXPECT_EQ(printed(*nn::MarginRankingLoss()), "ember::nn::MarginRankingLoss()");
  EXPECT_EQ(printed(*nn::MarginRankingLoss(
                nn::MarginRankingLossOptions().margin(0.5).reduction(ember::kSum))),
            "ember::nn::MarginRankingLoss()");
  EXPECT_EQ(printed(*nn::HingeEmbeddingLoss()), "ember::nn::HingeEmbeddingLoss(margin=1)");
  EXPECT_EQ(printed(*nn::HingeEmbeddingLoss(nn::HingeEmbeddingLossOptions().margin(2))),
            "ember::nn::HingeEmbeddingLoss(margin=2)");
  EXPECT_EQ(printed(*nn::CosineEmbeddingLoss()), "ember::nn::CosineEmbeddingLoss(margin=0)");
  EXPECT_EQ(printed(*nn::CosineEmbeddingLoss(nn::CosineEmbeddingLossOptions().margin(0.25))),
            "ember::nn::CosineEmbeddingLoss(margin=0.25)");
  EXPECT_EQ(printed(*nn::MultiMarginLoss()),
            "ember::nn::MultiMarginLoss(p=1, margin=1, weight=[ Tensor (undefined) ], "
            "reduction=kMean)");
  // A weight prints as the tensor itself ("weight= 1\n 1\n 1\n[ CPUFloatType{3} ]" in libtorch).
  const Tensor weight = ember::ones({3});
  std::ostringstream weight_printed;
  weight_printed << weight;
  EXPECT_EQ(
      printed(*nn::MultiMarginLoss(nn::MultiMarginLossOptions().p(2).margin(0.5).weight(weight))),
      "ember::nn::MultiMarginLoss(p=2, margin=0.5, weight=" + weight_printed.str() +
          ", reduction=kMean)");
  EXPECT_EQ(printed(*nn::MultiLabelMarginLoss()), "ember::nn::MultiLabelMarginLoss()");
  EXPECT_EQ(printed(*nn::MultiLabelSoftMarginLoss()), "ember::nn::MultiLabelSoftMarginLoss()");
  EXPECT_EQ(printed(*nn::TripletMarginLoss()),
            "ember::nn::TripletMarginLoss(margin=1, p=2, eps=1e-06, swap=false)");
  EXPECT_EQ(printed(*nn::TripletMarginLoss(
                nn::TripletMarginLossOptions().margin(0.5).p(1).eps(1e-3).swap(true))),
            "ember::nn::TripletMarginLoss(margin=0.5, p=1, eps=0.001, swap=true)");
  EXPECT_EQ(printed(*nn::TripletMarginWithDistanceLoss()),
            "ember::nn::TripletMarginWithDistanceLoss(margin=1, swap=false)");
  EXPECT_EQ(printed(*nn::TripletMarginWithDistanceLoss(
                nn::TripletMarginWithDistanceLossOptions().margin(0.5).swap(true))),
            "ember::nn::TripletMarginWithDistanceLoss(margin=0.5, swap=true)");
  EXPECT_EQ(printed(*nn::PoissonNLLLoss()), "ember::nn::PoissonNLLLoss()");
  EXPECT_EQ(printed(*nn::PoissonNLLLoss(
                nn::PoissonNLLLossOptions().log_input(false).full(true).eps(1e-4))),
            "ember::nn::PoissonNLLLoss()");
}

TEST(MarginLosses, MarginRankingLoss) {
  check3("margin_ranking", input({6}), other({6}), sign_target({6}),
         [](auto x, auto y, auto t) { return nn::MarginRankingLoss()(x, y, t); });
  check3("margin_ranking 0.5 sum", input({6}), other({6}), sign_target({6}),
         [](auto x, auto y, auto t) {
           return nn::MarginRankingLoss(
               nn::MarginRankingLossOptions().margin(0.5).reduction(ember::kSum))(x, y, t);
         });
  check3("F margin_ranking none", input({2, 3}), other({2, 3}), sign_target({2, 3}),
         [](auto x, auto y, auto t) {
           return F::margin_ranking_loss(
               x, y, t, F::MarginRankingLossFuncOptions().margin(0.2).reduction(ember::kNone));
         });
  EXPECT_EQ(error_message([] {
              nn::MarginRankingLoss()(input({2, 3}), other({2, 3}), sign_target({6}));
            }),
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            "input1: [2, 3], input2: [2, 3], target: [6]");
}

TEST(MarginLosses, HingeEmbeddingLoss) {
  check2(
      reference(), "hinge", input({2, 5}), sign_target({2, 5}),
      [](auto x, auto t) { return nn::HingeEmbeddingLoss()(x, t); }, false);
  check2(
      reference(), "hinge margin2 none", input({2, 5}), sign_target({2, 5}),
      [](auto x, auto t) {
        return F::hinge_embedding_loss(
            x, t, F::HingeEmbeddingLossFuncOptions().margin(2).reduction(ember::kNone));
      },
      false);
}

TEST(MarginLosses, CosineEmbeddingLoss) {
  check3("cosine_embedding", input({4, 3}), other({4, 3}), sign_target({4}),
         [](auto x, auto y, auto t) { return nn::CosineEmbeddingLoss()(x, y, t); });
  check3("cosine_embedding 0.25 none", input({4, 3}), other({4, 3}), sign_target({4}),
         [](auto x, auto y, auto t) {
           return F::cosine_embedding_loss(
               x, y, t, F::CosineEmbeddingLossFuncOptions().margin(0.25).reduction(ember::kNone));
         });
  check3("cosine_embedding 1d", input({5}), other({5}), ember::tensor(-1.0f),
         [](auto x, auto y, auto t) {
           return F::cosine_embedding_loss(x, y, t,
                                           F::CosineEmbeddingLossFuncOptions().margin(-0.5));
         });
  EXPECT_EQ(error_message([] {
              nn::CosineEmbeddingLoss()(input({4, 3}), other({4, 3}), sign_target({4, 1}));
            }),
            "0D or 1D target tensor expected, multi-target not supported");
  EXPECT_EQ(
      error_message([] { nn::CosineEmbeddingLoss()(input({4}), other({4}), sign_target({4})); }),
      "1D target tensor expects 2D input tensors, but found inputs with sizes [4] and [4].");
  EXPECT_EQ(error_message([] {
              nn::CosineEmbeddingLoss()(input({4, 3}), other({4, 3}), ember::tensor(1.0f));
            }),
            "0D target tensor expects 1D input tensors, but found inputs with sizes [4, 3] and "
            "[4, 3].");
}

TEST(MarginLosses, MultiMarginLoss) {
  const Tensor classes = ember::tensor({2, 0, 4, 1}, ember::kLong);
  check1(reference(), "multi_margin", input({4, 5}),
         [&](auto x) { return nn::MultiMarginLoss()(x, classes); });
  nn::MultiMarginLoss weighted(nn::MultiMarginLossOptions()
                                   .p(2)
                                   .margin(0.5)
                                   .weight(ember::tensor({1.0f, 2.0f, 0.5f, 1.5f, 3.0f}))
                                   .reduction(ember::kNone));
  EXPECT_EQ(buffer_shapes(*weighted), " weight[5]");
  EXPECT_TRUE(weighted->parameters().empty());
  check1(reference(), "multi_margin p2 weight none", input({4, 5}),
         [&](auto x) { return weighted(x, classes); });
  check1(reference(), "multi_margin 1d sum", input({5}), [&](auto x) {
    return F::multi_margin_loss(x, ember::tensor({3}, ember::kLong),
                                F::MultiMarginLossFuncOptions().reduction(ember::kSum));
  });
  EXPECT_EQ(error_message([] { nn::MultiMarginLoss(nn::MultiMarginLossOptions().p(3)); }),
            "only p == 1 and p == 2 supported");
  EXPECT_EQ(error_message([] {
              F::multi_margin_loss(input({2, 3}), ember::tensor({0, 1}, ember::kLong),
                                   F::MultiMarginLossFuncOptions().p(3));
            }),
            "only p == 1 and p == 2 supported");
  EXPECT_EQ(error_message([] {
              nn::MultiMarginLoss(nn::MultiMarginLossOptions().weight(ember::ones({2, 2})));
            }),
            "Expected !options.weight().defined() || options.weight().dim() == 1 to be true, but "
            "got false.  (Could this error message be improved?  If so, please report an "
            "enhancement request to PyTorch.)");
  EXPECT_EQ(error_message([] {
              nn::MultiMarginLoss()(input({2, 3}), ember::tensor({0, 1, 2}, ember::kLong));
            }),
            "inconsistent target size, got: [3]");
  EXPECT_EQ(error_message([] {
              nn::MultiMarginLoss()(input({2, 3}), ember::tensor({0, 3}, ember::kLong));
            }),
            "target out of range");
  EXPECT_EQ(error_message([] {
              nn::MultiMarginLoss()(input({2, 3, 1}), ember::tensor({0, 1}, ember::kLong));
            }),
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, "
            "1]");
}

TEST(MarginLosses, MultiLabelMarginLoss) {
  const Tensor labels =
      ember::tensor({{3, 0, -1, 1, 2}, {1, 1, 4, -1, 0}, {-1, 2, 0, 0, 0}}, ember::kLong);
  check1(reference(), "multilabel_margin", input({3, 5}),
         [&](auto x) { return nn::MultiLabelMarginLoss()(x, labels); });
  check1(reference(), "multilabel_margin none", input({3, 5}), [&](auto x) {
    return F::multilabel_margin_loss(x, labels, F::MultilabelMarginLossFuncOptions(ember::kNone));
  });
  check1(reference(), "multilabel_margin 1d sum", input({4}), [&](auto x) {
    return F::multilabel_margin_loss(x, ember::tensor({2, 3, -1, 0}, ember::kLong),
                                     F::MultilabelMarginLossFuncOptions(ember::kSum));
  });
  EXPECT_EQ(error_message([] {
              nn::MultiLabelMarginLoss()(input({2, 3}), ember::zeros({2, 2}, ember::kLong));
            }),
            "inconsistent size [2, 2] for argument #2 'target'");
  EXPECT_EQ(error_message([] {
              nn::MultiLabelMarginLoss()(input({2, 3}), ember::full({2, 3}, 3, ember::kLong));
            }),
            "argument #2 'target' is out of range");
  EXPECT_EQ(error_message([] {
              nn::MultiLabelMarginLoss()(input({2, 3, 1}), ember::zeros({2, 3}, ember::kLong));
            }),
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: [2, 3, "
            "1]");
}

TEST(MarginLosses, MultiLabelSoftMarginLoss) {
  const Tensor multi_hot = other({3, 4}).gt(0).to(ember::kFloat);
  check1(reference(), "multilabel_soft_margin", input({3, 4}),
         [&](auto x) { return nn::MultiLabelSoftMarginLoss()(x, multi_hot); });
  nn::MultiLabelSoftMarginLoss weighted(nn::MultiLabelSoftMarginLossOptions()
                                            .weight(ember::tensor({1.0f, 0.5f, 2.0f, 1.5f}))
                                            .reduction(ember::kSum));
  EXPECT_EQ(buffer_shapes(*weighted), " weight[4]");
  check1(reference(), "multilabel_soft_margin weight sum", input({3, 4}),
         [&](auto x) { return weighted(x, multi_hot); });
  check1(reference(), "multilabel_soft_margin none", input({3, 4}), [&](auto x) {
    return F::multilabel_soft_margin_loss(
        x, multi_hot, F::MultilabelSoftMarginLossFuncOptions().reduction(ember::kNone));
  });
}

TEST(MarginLosses, TripletMarginLosses) {
  const Tensor negative = input({4, 3}).flip({0}).mul(0.5);
  check3("triplet", input({4, 3}), other({4, 3}), negative,
         [](auto a, auto p, auto n) { return nn::TripletMarginLoss()(a, p, n); });
  check3("triplet p1 swap none", input({4, 3}), other({4, 3}), negative,
         [](auto a, auto p, auto n) {
           return F::triplet_margin_loss(
               a, p, n,
               F::TripletMarginLossFuncOptions().margin(0.5).p(1).eps(1e-3).swap(true).reduction(
                   ember::kNone));
         });
  EXPECT_EQ(error_message([] {
              nn::TripletMarginLoss()(input({4, 3}), other({4, 3}), other({3}));
            }),
            "All inputs should have same dimension but got 2D, 2D and 1D inputs.");
  check3("triplet_distance", input({4, 3}), other({4, 3}), negative,
         [](auto a, auto p, auto n) { return nn::TripletMarginWithDistanceLoss()(a, p, n); });
  check3("triplet_distance cosine swap sum", input({4, 3}), other({4, 3}), negative,
         [](auto a, auto p, auto n) {
           return nn::TripletMarginWithDistanceLoss(
               nn::TripletMarginWithDistanceLossOptions()
                   .distance_function([](const Tensor& x, const Tensor& y) {
                     return F::cosine_similarity(x, y).neg().add(1);
                   })
                   .margin(0.5)
                   .swap(true)
                   .reduction(ember::kSum))(a, p, n);
         });
}

TEST(MarginLosses, PoissonNLLLoss) {
  const Tensor counts = other({2, 4}).add(1.2).mul(2).round();
  expect_reference(reference(), counts, "poisson counts");
  check1(reference(), "poisson", input({2, 4}),
         [&](auto x) { return nn::PoissonNLLLoss()(x, counts); });
  check1(reference(), "poisson nolog full none", input({2, 4}).abs().add(0.1), [&](auto x) {
    return F::poisson_nll_loss(
        x, counts,
        F::PoissonNLLLossFuncOptions().log_input(false).full(true).eps(1e-4).reduction(
            ember::kNone));
  });
  check1(reference(), "poisson full sum", input({2, 4}), [&](auto x) {
    return nn::PoissonNLLLoss(nn::PoissonNLLLossOptions().full(true).reduction(ember::kSum))(
        x, counts);
  });
}

}  // namespace
