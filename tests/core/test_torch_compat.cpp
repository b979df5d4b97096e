// libtorch's own headers and names over ember (compat/: <torch/torch.h>, <ATen/ATen.h>, c10/...),
// and the Tensor members libtorch programs use: accessors, assignment into an indexing result,
// in-place methods on a const Tensor&, toString. Each statement is written as a libtorch program
// writes it; the values expected are what libtorch 1.13 gives.
#include <ATen/ATen.h>
#include <c10/util/Optional.h>
#include <c10/util/irange.h>
#include <gtest/gtest.h>
#include <torch/script.h>
#include <torch/torch.h>

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "error_of.h"

namespace {

using torch::indexing::None;
using torch::indexing::Slice;

TEST(TorchCompat, NamespacesNameEmbersTypes) {
  static_assert(std::is_same_v<at::Tensor, torch::Tensor>);
  static_assert(std::is_same_v<c10::ScalarType, ember::ScalarType>);
  static_assert(std::is_same_v<at::IntArrayRef, c10::IntArrayRef>);
  static_assert(std::is_same_v<c10::optional<int64_t>, std::optional<int64_t>>);
  static_assert(std::is_same_v<c10::impl::ScalarTypeToCPPTypeT<at::kFloat>, float>);
  static_assert(
      std::is_same_v<c10::impl::ScalarTypeToCPPType<c10::ScalarType::Long>::type, int64_t>);
  static_assert(c10::CppTypeToScalarType<double>::value == at::kDouble);
  at::Tensor t = at::ones({2, 2});
  torch::Tensor u = t.index({Slice(), 0});
  EXPECT_EQ(u.sizes(), c10::IntArrayRef({2}));
  c10::optional<at::Tensor> none = c10::nullopt;
  EXPECT_FALSE(none.has_value());
  EXPECT_EQ(std::string(c10::toString(at::kBFloat16)), "BFloat16");
  EXPECT_EQ(torch::elementSize(torch::kHalf), 2u);
  EXPECT_EQ(torch::str("x", 1, '/', 2.5), "x1/2.5");
  EXPECT_EQ(c10::str(), "");
}

TEST(TorchCompat, IrangeCountsUpAndIsEmptyBackwards) {
  std::vector<int64_t> seen;
  for (const auto i : c10::irange(int64_t{3})) seen.push_back(i);
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2}));
  seen.clear();
  for (const auto i : c10::irange(2, 5)) seen.push_back(i);
  EXPECT_EQ(seen, (std::vector<int64_t>{2, 3, 4}));
  seen.clear();
  for (const auto i : c10::irange(5, 2)) seen.push_back(i);
  EXPECT_TRUE(seen.empty());
}

TEST(TorchCompat, CheckMacrosThrowLibtorchsMessages) {
  const int64_t n = 3;
  EXPECT_EQ(ember_test::error_of([&] { TORCH_CHECK(n == 2, "n must be 2, got ", n); }),
            "n must be 2, got 3");
  EXPECT_EQ(ember_test::error_of([&] { TORCH_CHECK(n < 0); }),
            "Expected n < 0 to be true, but got false.  (Could this error message be improved?  "
            "If so, please report an enhancement request to PyTorch.)");
  EXPECT_NO_THROW(TORCH_CHECK(n == 3));
  const std::string internal = ember_test::error_of([&] { AT_ASSERT(n == 0); });
  EXPECT_EQ(internal.rfind("n == 0 INTERNAL ASSERT FAILED at \"", 0), 0u) << internal;
  EXPECT_NE(internal.find("please report a bug to PyTorch."), std::string::npos) << internal;
  EXPECT_THROW(TORCH_CHECK_INDEX(n < 0, "bad index ", n), ember::IndexError);
  EXPECT_THROW(TORCH_CHECK_VALUE(n < 0), ember::ValueError);
  EXPECT_THROW(TORCH_CHECK_TYPE(n < 0, "bad type"), ember::TypeError);
  EXPECT_THROW(AT_ERROR("unsupported: ", n), c10::Error);
}

TEST(TorchCompat, DispatchRunsTheLambdaWithScalarT) {
  at::Tensor t = torch::tensor({1.5, 2.5}, torch::kDouble);
  double sum = AT_DISPATCH_FLOATING_TYPES(t.scalar_type(), "sum_it", [&] {
    EXPECT_EQ(sizeof(scalar_t), sizeof(double));  // the case that runs is the double one
    double s = 0;
    auto a = t.accessor<scalar_t, 1>();
    for (const auto i : c10::irange(a.size(0))) s += a[i];
    return s;
  });
  EXPECT_EQ(sum, 4.0);
  at::Tensor l = torch::tensor({1, 2});
  EXPECT_EQ(
      ember_test::error_of([&] { AT_DISPATCH_FLOATING_TYPES(l.scalar_type(), "sum_it", [&] {}); }),
      "\"sum_it\" not implemented for 'Long'");
  int64_t size =
      AT_DISPATCH_ALL_TYPES(l.scalar_type(), "size_of", [&] { return int64_t(sizeof(scalar_t)); });
  EXPECT_EQ(size, 8);
}

TEST(TorchCompat, AccessorsReadAndWriteThroughStrides) {
  torch::Tensor t = torch::arange(12, torch::kFloat).reshape({3, 4}).t();  // strides (1, 4)
  auto a = t.accessor<float, 2>();
  EXPECT_EQ(a.size(0), 4);
  EXPECT_EQ(a.size(1), 3);
  EXPECT_EQ(a.stride(0), 1);
  EXPECT_EQ(a.stride(1), 4);
  EXPECT_EQ(a[1][2], 9.0f);  // t[1][2] = original [2][1]
  a[1][2] = -1.0f;
  EXPECT_EQ(t.index({1, 2}).item<float>(), -1.0f);
  auto p = t.packed_accessor32<float, 2>();
  EXPECT_EQ(p.size(0), 4);
  EXPECT_EQ(p[3][0], 3.0f);
  p[3][0] = 7.0f;
  EXPECT_EQ(t.index({3, 0}).item<float>(), 7.0f);
  auto p64 = t.packed_accessor64<float, 2, at::RestrictPtrTraits>();
  EXPECT_EQ(p64[3][0], 7.0f);
  EXPECT_EQ(ember_test::error_of([&] { t.accessor<float, 3>(); }),
            "TensorAccessor expected 3 dims but tensor has 2");
  EXPECT_EQ(ember_test::error_of([&] { t.accessor<double, 2>(); }),
            "expected scalar type Double but found Float");
}

TEST(TorchCompat, AssigningToATemporaryWritesItsData) {
  torch::Tensor x = torch::zeros({2, 3});
  x.index({1, 2}) = 3.5f;
  x[0][1] = 2;
  x.select(1, 0) = torch::tensor({7.0f, 8.0f});
  x.index({Slice(), Slice(2, None)}) += 1;
  EXPECT_TRUE(x.equal(torch::tensor({{7.0f, 2.0f, 1.0f}, {8.0f, 0.0f, 4.5f}})));
  // A named tensor rebinds, as libtorch's.
  torch::Tensor y = torch::ones({1});
  torch::Tensor z = y;
  z = torch::zeros({1});
  EXPECT_EQ(y.item<float>(), 1.0f);
}

TEST(TorchCompat, InPlaceMethodsWorkOnAConstTensor) {
  torch::Tensor w = torch::ones({2}, torch::requires_grad());
  (w * 3).sum().backward();
  const torch::Tensor& g = w.grad();
  g.zero_();  // libtorch declares in-place methods const: p.grad().zero_() compiles
  EXPECT_TRUE(w.grad().equal(torch::zeros({2})));
  const torch::Tensor c = torch::ones({2});
  c.mul_(2).add_(1).exp_();
  EXPECT_TRUE(c.allclose(torch::full({2}, std::exp(3.0f))));
}

TEST(TorchCompat, TensorTypeNamesAreLibtorchs) {
  EXPECT_EQ(torch::ones({1}).toString(), "CPUFloatType");
  EXPECT_EQ(torch::ones({1}, torch::kInt8).toString(), "CPUCharType");
  EXPECT_EQ(torch::ones({1}, torch::kUInt8).toString(), "CPUByteType");
  std::ostringstream os;
  os << torch::kFloat << " " << torch::ones({2, 3}).sizes();
  EXPECT_EQ(os.str(), "Float [2, 3]");
}

}  // namespace
