// Reference values for tests/nn/norm_dropout_3d_test.cpp: libtorch 1.13's InstanceNorm1d/2d/3d,
// LocalResponseNorm, Unflatten, Bilinear, AlphaDropout, FeatureAlphaDropout, RReLU, Conv3d,
// MaxPool3d, AvgPool3d, AdaptiveAvgPool3d and AdaptiveMaxPool3d (printing, values, gradients,
// random draws, errors).
// g++ -std=c++17 nn_norm_dropout_3d.cpp -I/usr/include/torch/csrc/api/include -ltorch
//     -ltorch_cpu -lc10 -o nn_norm_dropout_3d && ./nn_norm_dropout_3d
#include <torch/torch.h>

#include <iomanip>
#include <iostream>

#include "nn_cases.h"

namespace nn = torch::nn;
namespace F = torch::nn::functional;

int main() {
  std::cout << *nn::InstanceNorm1d(3) << "\n";
  std::cout
      << *nn::InstanceNorm2d(
             nn::InstanceNorm2dOptions(4).eps(1e-3).momentum(0.2).affine(true).track_running_stats(
                 true))
      << "\n";
  std::cout << *nn::InstanceNorm3d(2) << "\n";
  std::cout << *nn::LocalResponseNorm(3) << "\n";
  std::cout << *nn::LocalResponseNorm(nn::LocalResponseNormOptions(2).alpha(0.5).beta(0.25).k(2))
            << "\n";
  std::cout << *nn::Unflatten(nn::UnflattenOptions(1, {2, 3})) << "\n";
  std::cout << *nn::Bilinear(3, 4, 5) << "\n";
  std::cout << *nn::Bilinear(nn::BilinearOptions(2, 3, 1).bias(false)) << "\n";
  std::cout << *nn::AlphaDropout() << "\n";
  std::cout << *nn::AlphaDropout(nn::AlphaDropoutOptions(0.2).inplace(true)) << "\n";
  std::cout << *nn::FeatureAlphaDropout(0.3) << "\n";
  std::cout << *nn::RReLU() << "\n";
  std::cout << *nn::RReLU(nn::RReLUOptions().lower(0.1).upper(0.3).inplace(true)) << "\n";
  std::cout << *nn::Conv3d(2, 4, 3) << "\n";
  std::cout << *nn::Conv3d(nn::Conv3dOptions(2, 4, {1, 2, 3})
                               .stride({1, 2, 1})
                               .padding(1)
                               .dilation(2)
                               .groups(2)
                               .bias(false)
                               .padding_mode(torch::kReflect))
            << "\n";
  std::cout << *nn::Conv3d(nn::Conv3dOptions(1, 1, 3).padding(torch::kSame)) << "\n";
  std::cout << *nn::MaxPool3d(2) << "\n";
  std::cout
      << *nn::MaxPool3d(
             nn::MaxPool3dOptions({1, 2, 3}).stride(1).padding({0, 1, 1}).dilation(2).ceil_mode(
                 true))
      << "\n";
  std::cout << *nn::AvgPool3d(2) << "\n";
  std::cout << *nn::AvgPool3d(nn::AvgPool3dOptions({1, 2, 3})
                                  .stride({1, 2, 1})
                                  .padding(1)
                                  .ceil_mode(true)
                                  .count_include_pad(false)
                                  .divisor_override(3))
            << "\n";
  std::cout << *nn::AdaptiveAvgPool3d(2) << "\n";
  std::cout << *nn::AdaptiveAvgPool3d(nn::AdaptiveAvgPool3dOptions({2, c10::nullopt, 3})) << "\n";
  std::cout << *nn::AdaptiveMaxPool3d(nn::AdaptiveMaxPool3dOptions({3, 1, 2})) << "\n";

  // InstanceNorm.
  run1("instancenorm1d", input({2, 3, 4}), [](auto x) { return nn::InstanceNorm1d(3)(x); });
  run1("instancenorm1d unbatched", input({3, 5}), [](auto x) { return nn::InstanceNorm1d(3)(x); });
  {
    nn::InstanceNorm2d m(
        nn::InstanceNorm2dOptions(3).eps(1e-3).momentum(0.2).affine(true).track_running_stats(
            true));
    std::cout << "instancenorm2d params:";
    for (const auto& q : m->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\ninstancenorm2d buffers:";
    for (const auto& q : m->named_buffers()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    {
      torch::NoGradGuard ng;
      m->weight.copy_(torch::tensor({1.0f, 0.5f, -1.0f}));
      m->bias.copy_(torch::tensor({0.0f, 0.1f, 0.2f}));
    }
    run1("instancenorm2d train", input({2, 3, 2, 3}), [&](auto x) { return m(x); });
    show("instancenorm2d weight.grad", m->weight.grad());
    show("instancenorm2d bias.grad", m->bias.grad());
    show("instancenorm2d running_mean", m->running_mean);
    show("instancenorm2d running_var", m->running_var);
    show("instancenorm2d num_batches_tracked", m->num_batches_tracked);
    m->eval();
    run1("instancenorm2d eval", other({2, 3, 2, 2}), [&](auto x) { return m(x); });
    error("instancenorm2d dim", [&] { m(input({3, 4})); });
  }
  run1("instancenorm3d", input({1, 2, 2, 2, 3}), [](auto x) { return nn::InstanceNorm3d(2)(x); });
  run1("F instance_norm", input({2, 2, 5}), [](auto x) {
    return F::instance_norm(
        x, F::InstanceNormFuncOptions().weight(torch::tensor({2.0f, -1.0f})).eps(0.1));
  });
  error("instancenorm channels", [] {
    nn::InstanceNorm1d(nn::InstanceNorm1dOptions(3).affine(true))(torch::ones({2, 4, 5}));
  });
  error("instancenorm1d dim", [] { nn::InstanceNorm1d(3)(input({2, 3, 4, 5})); });
  error("instancenorm3d dim", [] { nn::InstanceNorm3d(3)(input({2, 3, 4})); });
  error("F instance_norm no stats", [] {
    F::instance_norm(input({2, 2, 5}), F::InstanceNormFuncOptions().use_input_stats(false));
  });

  // LocalResponseNorm.
  run1("lrn 3d", input({2, 5, 3}), [](auto x) { return nn::LocalResponseNorm(3)(x); });
  run1("lrn 4d", input({1, 4, 2, 3}), [](auto x) {
    return nn::LocalResponseNorm(nn::LocalResponseNormOptions(2).alpha(0.5).beta(0.25).k(2))(x);
  });
  run1("lrn 5d", input({1, 3, 2, 1, 2}), [](auto x) {
    return F::local_response_norm(x, F::LocalResponseNormFuncOptions(4).alpha(1));
  });
  error("lrn dim", [] { nn::LocalResponseNorm(3)(input({2, 3})); });

  // Unflatten.
  show("unflatten", nn::Unflatten(nn::UnflattenOptions(1, {2, 3}))(input({2, 6, 1})));
  show("unflatten -1", nn::Unflatten(nn::UnflattenOptions(-1, {2, -1}))(input({2, 6})));
  error("unflatten product", [] { nn::Unflatten(nn::UnflattenOptions(1, {2, 2}))(input({2, 6})); });

  // Bilinear.
  {
    torch::manual_seed(0);
    nn::Bilinear m(3, 4, 2);
    std::cout << "bilinear params:";
    for (const auto& q : m->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    show("bilinear weight", m->weight);
    show("bilinear bias", m->bias);
    run2("bilinear", input({5, 3}), other({5, 4}), [&](auto x, auto y) { return m(x, y); });
    show("bilinear weight.grad", m->weight.grad());
    show("bilinear bias.grad", m->bias.grad());
    run2("F bilinear", input({2, 2, 3}), other({2, 2, 4}),
         [&](auto x, auto y) { return F::bilinear(x, y, m->weight.detach()); });
    error("bilinear in1", [&] { m(input({5, 2}), other({5, 4})); });
    error("bilinear dims", [&] { m(torch::ones({5, 3}), torch::ones({1, 5, 4})); });
    error("bilinear batch", [&] { m(input({5, 3}), other({4, 4})); });
    torch::manual_seed(0);
    nn::Bilinear nb(nn::BilinearOptions(2, 3, 1).bias(false));
    show("bilinear nobias weight", nb->weight);
    std::cout << "bilinear nobias params: " << nb->named_parameters().size() << "\n";
  }

  // AlphaDropout / FeatureAlphaDropout.
  {
    torch::manual_seed(1);
    nn::AlphaDropout m(0.3);
    run1("alphadropout", input({3, 4}), [&](auto x) { return m(x); });
    m->eval();
    show("alphadropout eval", m(input({2, 2})));
    torch::manual_seed(2);
    show("F alpha_dropout default", F::alpha_dropout(input({2, 3})));
    show("F alpha_dropout train",
         F::alpha_dropout(input({2, 3}), F::AlphaDropoutFuncOptions().p(0.5).training(true)));
    show("F alpha_dropout p1",
         F::alpha_dropout(input({2, 3}), F::AlphaDropoutFuncOptions().p(1).training(true)));
    torch::manual_seed(3);
    nn::FeatureAlphaDropout f(0.4);
    run1("featurealphadropout", input({2, 3, 2, 2}), [&](auto x) { return f(x); });
    show("F feature_alpha_dropout train",
         F::feature_alpha_dropout(input({2, 3, 2}),
                                  F::FeatureAlphaDropoutFuncOptions().p(0.25).training(true)));
    show("alpha after", torch::rand({3}));
    error("alphadropout p",
          [] { F::alpha_dropout(input({2}), F::AlphaDropoutFuncOptions().p(1.5)); });
    error("featurealphadropout p", [] {
      F::feature_alpha_dropout(input({2}), F::FeatureAlphaDropoutFuncOptions().p(-0.5));
    });
  }

  // RReLU.
  {
    torch::manual_seed(4);
    nn::RReLU m;
    run1("rrelu train", input({4, 5}), [&](auto x) { return m(x); });
    show("rrelu after", torch::rand({2}));
    m->eval();
    run1("rrelu eval", input({2, 3}), [&](auto x) { return m(x); });
    torch::manual_seed(5);
    show("F rrelu train double",
         F::rrelu(input({3, 3}).to(torch::kDouble),
                  F::RReLUFuncOptions().lower(0.2).upper(0.6).training(true)));
    show("F rrelu default", F::rrelu(input({2, 3})));
    show("rrelu after double", torch::rand({2}));
    auto x = input({2, 3});
    F::rrelu(x, F::RReLUFuncOptions().training(true).inplace(true));
    show("F rrelu inplace", x);
    error("rrelu module bounds", [] { nn::RReLU(nn::RReLUOptions().lower(0.5).upper(0.1)); });
    error("rrelu module forward", [] {
      nn::RReLU m(nn::RReLUOptions().lower(0.5).upper(0.1));
      m(torch::ones({2}));
    });
    error("rrelu bounds",
          [] { F::rrelu(input({2}), F::RReLUFuncOptions().lower(0.5).upper(0.1)); });
  }

  // Conv3d.
  {
    torch::manual_seed(6);
    nn::Conv3d c(nn::Conv3dOptions(2, 3, {2, 3, 2}));
    std::cout << "conv3d params:";
    for (const auto& q : c->named_parameters()) std::cout << " " << q.key() << q.value().sizes();
    std::cout << "\n";
    show("conv3d weight", c->weight);
    show("conv3d bias", c->bias);
    run1("conv3d", input({1, 2, 3, 4, 3}), [&](auto x) { return c(x); });
    show("conv3d weight.grad", c->weight.grad());
    show("conv3d bias.grad", c->bias.grad());
    run1("conv3d unbatched", input({2, 2, 3, 2}), [&](auto x) { return c(x); });
    torch::manual_seed(7);
    nn::Conv3d g(nn::Conv3dOptions(2, 4, {2, 2, 1})
                     .stride({2, 1, 1})
                     .padding({1, 0, 1})
                     .dilation({1, 2, 1})
                     .groups(2));
    run1("conv3d strided groups", input({2, 2, 4, 3, 2}), [&](auto x) { return g(x); });
    torch::manual_seed(8);
    nn::Conv3d r(nn::Conv3dOptions(1, 2, 3).padding(1).padding_mode(torch::kCircular));
    run1("conv3d circular", input({1, 1, 3, 3, 4}), [&](auto x) { return r(x); });
    torch::manual_seed(9);
    nn::Conv3d s(nn::Conv3dOptions(1, 1, {2, 3, 1}).padding(torch::kSame));
    run1("conv3d same", input({1, 1, 3, 3, 2}), [&](auto x) { return s(x); });
    run2("F conv3d", input({1, 2, 3, 3, 3}), other({2, 1, 2, 2, 2}), [](auto x, auto w) {
      return F::conv3d(x, w, F::Conv3dFuncOptions().stride(2).padding(1).groups(2));
    });
    error("conv3d same stride",
          [] { nn::Conv3d(nn::Conv3dOptions(1, 1, 3).padding(torch::kSame).stride(2)); });
    error("conv3d dim", [&] { c(input({2, 3, 4})); });
    error("conv3d channels", [&] { c(input({1, 3, 3, 4, 3})); });
    error("conv3d small", [&] { c(input({1, 2, 1, 4, 3})); });
  }

  // Pool3d.
  run1("maxpool3d", input({1, 2, 4, 4, 5}), [](auto x) { return nn::MaxPool3d(2)(x); });
  run1("maxpool3d opts", input({1, 1, 5, 4, 6}), [](auto x) {
    return nn::MaxPool3d(nn::MaxPool3dOptions({2, 2, 3})
                             .stride({2, 1, 2})
                             .padding({1, 0, 1})
                             .dilation({1, 2, 1})
                             .ceil_mode(true))(x);
  });
  {
    auto [v, i] =
        nn::MaxPool3d(nn::MaxPool3dOptions(2).stride(1))->forward_with_indices(other({2, 3, 3, 4}));
    show("maxpool3d indices values", v);
    show("maxpool3d indices", i);
    auto [av, ai] = F::max_pool3d_with_indices(input({1, 1, 3, 4, 5}),
                                               F::MaxPool3dFuncOptions({3, 2, 2}).padding(1));
    show("F maxpool3d indices values", av);
    show("F maxpool3d indices", ai);
  }
  run1("avgpool3d", input({1, 2, 4, 4, 5}), [](auto x) { return nn::AvgPool3d(2)(x); });
  run1("avgpool3d pad", input({1, 1, 3, 4, 5}), [](auto x) {
    return nn::AvgPool3d(
        nn::AvgPool3dOptions({2, 3, 2}).stride({1, 2, 2}).padding({1, 1, 0}).ceil_mode(true))(x);
  });
  run1("avgpool3d nopad count", input({1, 3, 4, 5}), [](auto x) {
    return nn::AvgPool3d(nn::AvgPool3dOptions(2).padding(1).count_include_pad(false))(x);
  });
  run1("avgpool3d divisor", input({1, 1, 3, 4, 5}), [](auto x) {
    return F::avg_pool3d(x, F::AvgPool3dFuncOptions({2, 2, 3}).stride(1).divisor_override(5));
  });
  run1("adaptiveavgpool3d", input({1, 2, 5, 4, 7}), [](auto x) {
    return nn::AdaptiveAvgPool3d(nn::AdaptiveAvgPool3dOptions({2, 3, 3}))(x);
  });
  run1("adaptiveavgpool3d none", input({2, 3, 4, 5}), [](auto x) {
    return nn::AdaptiveAvgPool3d(nn::AdaptiveAvgPool3dOptions({2, c10::nullopt, 2}))(x);
  });
  run1("adaptivemaxpool3d", other({1, 2, 5, 4, 7}), [](auto x) {
    return nn::AdaptiveMaxPool3d(nn::AdaptiveMaxPool3dOptions({2, 3, 3}))(x);
  });
  {
    auto [v, i] = nn::AdaptiveMaxPool3d(nn::AdaptiveMaxPool3dOptions({3, 2, 2}))
                      ->forward_with_indices(input({1, 5, 4, 3}));
    show("adaptivemaxpool3d indices values", v);
    show("adaptivemaxpool3d indices", i);
  }
  error("maxpool3d dim", [] { nn::MaxPool3d(2)(input({2, 3, 4})); });
  error("maxpool3d pad", [] {
    nn::MaxPool3d(nn::MaxPool3dOptions(2).padding(2))(input({1, 1, 4, 4, 4}));
  });
  error("maxpool3d small", [] { nn::MaxPool3d(3)(input({1, 1, 2, 4, 4})); });
  error("avgpool3d dim", [] { nn::AvgPool3d(2)(input({2, 3, 4})); });
  error("avgpool3d pad", [] {
    nn::AvgPool3d(nn::AvgPool3dOptions(2).padding(2))(input({1, 1, 4, 4, 4}));
  });
  error("avgpool3d small", [] { nn::AvgPool3d(3)(input({1, 1, 2, 4, 4})); });
  error("adaptiveavgpool3d dim", [] { nn::AdaptiveAvgPool3d(2)(input({2, 3, 4})); });
  error("adaptivemaxpool3d dim", [] { nn::AdaptiveMaxPool3d(2)(input({2, 3, 4})); });
}
