// The API rule: libtorch code within what ember covers compiles unchanged with
// `namespace torch = ember;`. Each statement below is written as a libtorch user writes it.
#include <ember/ember.h>
#include <gtest/gtest.h>

namespace torch = ember;

TEST(LibtorchApi, CreationCallsCompileAndBehave) {
  torch::manual_seed(0);
  torch::Tensor t = torch::tensor({{1, 2, 3}, {4, 5, 6}});
  EXPECT_EQ(t.scalar_type(), torch::kLong);
  EXPECT_TRUE(t.device().is_cpu());
  EXPECT_EQ(t.sizes(), torch::IntArrayRef({2, 3}));

  auto z = torch::zeros({2, 3}, torch::kInt);
  EXPECT_EQ(z.scalar_type(), torch::kInt32);
  auto o = torch::ones({2, 2}, torch::TensorOptions().dtype(torch::kFloat64).device(torch::kCPU));
  EXPECT_EQ(o.dtype(), torch::kDouble);
  auto e = torch::empty({3}, torch::dtype(torch::kFloat).requires_grad(true));
  EXPECT_TRUE(e.requires_grad());
  auto f = torch::full({2}, 3.5, torch::dtype(torch::kFloat32));
  EXPECT_EQ(f.select(0, 1).item<float>(), 3.5f);
}

TEST(LibtorchApi, MimickingAndRandomCallsCompileAndBehave) {
  torch::manual_seed(0);
  auto current = torch::tensor({{1, 2}, {3, 4}});
  auto r = torch::randn_like(current, torch::kFloat);
  EXPECT_EQ(r.scalar_type(), torch::kFloat);
  EXPECT_EQ(r.sizes(), current.sizes());
  auto ri = torch::randint_like(current, 10);
  EXPECT_EQ(ri.scalar_type(), torch::kLong);
  auto ri2 = torch::randint_like(current, 5, 10);
  for (int64_t i = 0; i < 2; ++i) {
    for (int64_t j = 0; j < 2; ++j) {
      int64_t v = ri2.select(0, i).select(0, j).item<int64_t>();
      EXPECT_TRUE(v >= 5 && v < 10) << v;
    }
  }
  auto u = torch::rand({2, 3});
  auto n = torch::randn({2, 3}, torch::requires_grad());
  EXPECT_TRUE(n.requires_grad());
  auto p = torch::randperm(5);
  EXPECT_EQ(p.scalar_type(), torch::kLong);
  auto g = torch::make_generator<torch::CPUGeneratorImpl>(42);
  auto a = torch::randint(0, 10, {3}, g);
  auto b = torch::randint(10, {3}, torch::kInt);
  EXPECT_EQ(b.scalar_type(), torch::kInt);
  auto nrm = torch::normal(0.0, 1.0, {4});
  EXPECT_EQ(nrm.numel(), 4);
  EXPECT_EQ(u.dim(), 2);
  EXPECT_EQ(a.numel(), 3);
}

TEST(LibtorchApi, AttributeAndConversionCallsCompileAndBehave) {
  auto t = torch::arange(6).to(torch::kDouble);
  EXPECT_EQ(t.scalar_type(), torch::kDouble);
  EXPECT_EQ(t.options().dtype(), torch::kDouble);
  EXPECT_EQ(t.to(torch::Device(torch::kCPU)).device().type(), torch::kCPU);
  EXPECT_EQ(t.contiguous().is_contiguous(), true);
  EXPECT_EQ(t.clone().data_ptr<double>()[5], 5.0);
  EXPECT_EQ(t.size(0), 6);
  EXPECT_EQ(t.numel(), 6);
  EXPECT_EQ(t.element_size(), 8);
  EXPECT_TRUE(torch::isFloatingType(t.scalar_type()));
  EXPECT_EQ(torch::get_default_dtype(), torch::kFloat);
  auto l = torch::linspace(0, 1, 5);
  auto i = torch::eye(3);
  EXPECT_EQ(l.numel() + i.numel(), 14);
  float buf[4] = {1, 2, 3, 4};
  auto blob = torch::from_blob(buf, {2, 2});
  EXPECT_EQ(blob.data_ptr<float>(), buf);
}
