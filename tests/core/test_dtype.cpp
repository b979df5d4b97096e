// dtypes: names, sizes, promotion and value conversion, against PyTorch's own answers.
#include <gtest/gtest.h>

#include <sstream>

#include "reference.h"

using namespace ember;
using ember_test::dtype_from_name;
using ember_test::reference;

TEST(Dtype, NamesSizesAndCategoriesMatchPyTorch) {
  const auto& cases = reference("core").at("dtypes");
  ASSERT_EQ(cases.size(), static_cast<size_t>(kNumScalarTypes));
  for (const auto& c : cases) {
    ScalarType t = dtype_from_name(c.at("name"));
    EXPECT_EQ(element_size(t), c.at("itemsize").get<int64_t>()) << c.at("name");
    EXPECT_EQ(is_floating_type(t), c.at("is_floating_point").get<bool>()) << c.at("name");
    std::string expected = c.at("repr");
    EXPECT_EQ(repr(t), "ember." + expected.substr(expected.find('.') + 1));
  }
}

TEST(Dtype, PromoteTypesMatchesTorchPromoteTypesForEveryPair) {
  for (const auto& c : reference("core").at("promote_types")) {
    EXPECT_EQ(promote_types(dtype_from_name(c.at("a")), dtype_from_name(c.at("b"))),
              dtype_from_name(c.at("result")))
        << c.at("a") << " with " << c.at("b");
  }
}

TEST(Dtype, ConversionsMatchPyTorchBitForBit) {
  for (const auto& c : reference("core").at("conversions")) {
    Tensor src = ember_test::tensor_from_reference(c.at("src"));
    Tensor expected = ember_test::tensor_from_reference(c.at("dst"));
    EXPECT_TRUE(ember_test::same_tensor(src.to(expected.dtype()), expected))
        << c.at("src").at("dtype") << " -> " << c.at("dst").at("dtype");
  }
}

TEST(Dtype, HalfRoundsToNearestEvenAndKeepsSpecials) {
  EXPECT_EQ(Half(1.0f).x, 0x3C00);
  EXPECT_EQ(Half(65504.0f).x, 0x7BFF);
  EXPECT_EQ(Half(65520.0f).x, 0x7C00);  // ties to even: overflows to inf
  EXPECT_EQ(Half(-0.0f).x, 0x8000);
  EXPECT_EQ(Half(5.9604644775390625e-8f).x, 0x0001);  // smallest subnormal
  EXPECT_TRUE(std::isnan(static_cast<float>(Half(std::nanf("")))));
  EXPECT_EQ(static_cast<float>(Half::from_bits(0x3555)), 0.333251953125f);
  for (uint32_t bits = 0; bits < 0x7C00; ++bits) {  // every finite positive half round-trips
    Half h = Half::from_bits(static_cast<uint16_t>(bits));
    ASSERT_EQ(Half(static_cast<float>(h)).x, bits);
  }
}

TEST(Dtype, BFloat16RoundsToNearestEven) {
  EXPECT_EQ(BFloat16(1.0f).x, 0x3F80);
  EXPECT_EQ(static_cast<float>(BFloat16(0.1f)), 0.10009765625f);
  EXPECT_EQ(BFloat16(std::nanf("")).x, 0x7FC0);
  EXPECT_EQ(static_cast<float>(BFloat16::from_bits(0xFF80)), -INFINITY);
}

TEST(Dtype, DefaultDtypeIsFloat32AndAcceptsOnlyFloatingTypes) {
  EXPECT_EQ(get_default_dtype(), kFloat);
  set_default_dtype(kDouble);
  EXPECT_EQ(get_default_dtype(), kDouble);
  EXPECT_EQ(zeros({2}).dtype(), kDouble);
  set_default_dtype(kFloat);
  const auto& err = reference("core").at("creation_errors");
  for (const auto& e : err) {
    if (e.at("name") != "default_dtype_int") continue;
    try {
      set_default_dtype(kLong);
      FAIL() << "no error";
    } catch (const TypeError& ex) {
      EXPECT_EQ(std::string(ex.what()), e.at("message").get<std::string>());
    }
  }
  EXPECT_EQ(get_default_dtype(), kFloat);
}

TEST(Dtype, VisitDtypeNamesUnsupportedTypesAsPyTorch) {
  try {
    visit_floating(kLong, "normal_kernel_cpu", []<class T>() {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "\"normal_kernel_cpu\" not implemented for 'Long'");
  }
}

TEST(Dtype, ResultTypeMatchesTorchResultTypeForTensorsZeroDimTensorsAndScalars) {
  auto scalar_of = [](const std::string& dtype) -> Scalar {
    if (dtype == "bool") return Scalar(true);
    if (dtype == "int64") return Scalar(int64_t{3});
    return Scalar(2.5);
  };
  auto tensor_of = [](const std::string& kind, const std::string& dtype) {
    return kind == "t" ? ones({2}, dtype_from_name(dtype)) : ones({}, dtype_from_name(dtype));
  };
  int n = 0;
  for (const auto& c : reference("core").at("result_type")) {
    const std::string ka = c.at("a")[0], a = c.at("a")[1], kb = c.at("b")[0], b = c.at("b")[1];
    ScalarType got;
    if (ka == "s") {
      got = result_type(scalar_of(a), tensor_of(kb, b));
    } else if (kb == "s") {
      got = result_type(tensor_of(ka, a), scalar_of(b));
    } else {
      got = result_type(tensor_of(ka, a), tensor_of(kb, b));
    }
    EXPECT_EQ(got, dtype_from_name(c.at("result"))) << ka << ":" << a << " with " << kb << ":" << b;
    ++n;
  }
  EXPECT_GT(n, 400);
}
