// Creating tensors from data, from a shape and by mimicking another tensor, against PyTorch.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "reference.h"

using namespace ember;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;

namespace {

const nlohmann::json& find_case(const std::string& section, const std::string& name) {
  for (const auto& c : reference("core").at(section)) {
    if (c.at("name") == name) return c;
  }
  throw std::runtime_error("no reference case " + section + "/" + name);
}

// The C++ spelling of each Python literal in gen_core.py's data_cases.
const std::map<std::string, std::function<Tensor()>>& data_cases() {
  static const std::map<std::string, std::function<Tensor()>> cases = {
      {"ints_2d",
       [] {
         return tensor({{1, 2, 3}, {4, 5, 6}});
       }},
      {"floats_1d",
       [] {
         return tensor({1.5, 2.0, -3.25});
       }},
      {"mixed_int_float",
       [] {
         return tensor({1, 2.5});
       }},
      {"bools",
       [] {
         return tensor({true, false, true});
       }},
      {"bool_int",
       [] {
         return tensor({true, 2});
       }},
      {"bool_float",
       [] {
         return tensor({1.5, true});
       }},
      {"scalar_int", [] { return tensor(7); }},
      {"scalar_float", [] { return tensor(3.5); }},
      {"scalar_bool", [] { return tensor(true); }},
      {"empty", [] { return tensor({}); }},
      {"empty_2d",
       [] {
         return tensor({{}, {}});
       }},
      {"deep",
       [] {
         return tensor({{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}});
       }},
      {"negative",
       [] {
         return tensor({{-1, -2}, {3, -4}});
       }},
      {"large_int",
       [] {
         return tensor({int64_t(1) << 40, -(int64_t(1) << 50)});
       }},
  };
  return cases;
}

template <class E>
void expect_error(const std::function<void()>& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "expected an error: " << message;
  } catch (const E& e) {
    EXPECT_EQ(std::string(e.what()), message);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type, message: " << e.what();
  }
}

// PyTorch's error for a case, checked against the ember exception class Python's type maps to.
void expect_pytorch_error(const std::string& section, const std::string& name,
                          const std::function<void()>& f) {
  const auto& c = find_case(section, name);
  const std::string type = c.at("type");
  std::string msg = c.at("message");
  if (auto p = msg.find("Torch not compiled"); p != std::string::npos) msg.replace(p, 5, "ember");
  if (type == "ValueError") {
    expect_error<ValueError>(f, msg);
  } else if (type == "TypeError") {
    expect_error<TypeError>(f, msg);
  } else if (type == "IndexError") {
    expect_error<IndexError>(f, msg);
  } else {
    expect_error<Error>(f, msg);
  }
}

}  // namespace

TEST(TensorFromData, InfersDtypeAndShapeAsPyTorch) {
  for (const auto& c : reference("core").at("tensor_data")) {
    const std::string name = c.at("name");
    ASSERT_TRUE(data_cases().count(name)) << name;
    EXPECT_TRUE(same_tensor(data_cases().at(name)(), tensor_from_reference(c))) << name;
  }
}

TEST(TensorFromData, FloatingValuesFollowTheDefaultDtype) {
  set_default_dtype(kDouble);
  for (const auto& c : reference("core").at("tensor_data_default_double")) {
    const std::string name = c.at("name");
    EXPECT_TRUE(same_tensor(data_cases().at(name)(), tensor_from_reference(c))) << name;
  }
  set_default_dtype(kFloat);
}

TEST(TensorFromData, RaggedAndMisnestedListsThrowPyTorchsMessages) {
  expect_pytorch_error("tensor_errors", "ragged_dim1", [] { tensor({{1, 2}, {3}}); });
  expect_pytorch_error("tensor_errors", "ragged_dim1_longer", [] { tensor({{1, 2}, {3, 4, 5}}); });
  expect_pytorch_error("tensor_errors", "ragged_dim2", [] {
    tensor({{{1, 2}, {3, 4}}, {{1, 2}, {3}}});
  });
  expect_pytorch_error("tensor_errors", "scalar_where_list", [] { tensor({{1, 2}, 3}); });
  expect_pytorch_error("tensor_errors", "list_where_scalar", [] { tensor({1, {2, 3}}); });
}

TEST(TensorFromData, OptionsOverrideTheInferredDtype) {
  Tensor t = tensor({{1, 2}, {3, 4}}, kFloat);
  EXPECT_EQ(t.dtype(), kFloat);
  EXPECT_EQ(t.select(0, 0).select(0, 0).item<float>(), 1.0f);
}

TEST(TensorFromData, FromVectorAndSizes) {
  std::vector<float> v{1, 2, 3, 4, 5, 6};
  Tensor t = tensor(v, {2, 3});
  EXPECT_EQ(t.dtype(), kFloat);
  EXPECT_EQ(t.sizes(), IntArrayRef({2, 3}));
  EXPECT_EQ(t.select(0, 1).select(0, 2).item<float>(), 6.0f);
  Tensor d = tensor(std::vector<double>{1.5, 2.5});  // doubles follow the default dtype
  EXPECT_EQ(d.dtype(), kFloat);
  Tensor i = tensor(std::vector<int>{1, 2});
  EXPECT_EQ(i.dtype(), kLong);
  EXPECT_THROW(tensor(v, {4, 2}), Error);
}

TEST(TensorFromData, TensorWithRequiresGrad) {
  Tensor w = tensor({{1.0}, {2.0}}, requires_grad());
  EXPECT_TRUE(w.requires_grad());
  expect_pytorch_error("creation_errors", "requires_grad_int_tensor", [] {
    tensor({1, 2}, requires_grad());
  });
}

TEST(FromBlob, SharesMemoryAndRunsTheDeleterOnce) {
  float data[6] = {1, 2, 3, 4, 5, 6};
  int deleted = 0;
  {
    Tensor t = from_blob(data, {2, 3}, [&](void* p) {
      EXPECT_EQ(p, data);
      ++deleted;
    });
    Tensor alias = t;
    EXPECT_EQ(t.data_ptr(), static_cast<void*>(data));
    t.fill_(7);
    EXPECT_EQ(data[5], 7.0f);
    EXPECT_EQ(deleted, 0);
  }
  EXPECT_EQ(deleted, 1);
  int64_t ints[4] = {1, 2, 3, 4};
  Tensor s = from_blob(ints, {2, 2}, {1, 2}, kLong);  // column-major view
  EXPECT_FALSE(s.is_contiguous());
  EXPECT_EQ(s.select(0, 0).select(0, 1).item<int64_t>(), 3);
}

TEST(Creation, ShapeFactoriesMatchPyTorch) {
  const std::map<std::string, std::function<Tensor()>> cases = {
      {"zeros_2x3",
       [] {
         return zeros({2, 3});
       }},
      {"zeros_int",
       [] {
         return zeros({2, 3}, kInt);
       }},
      {"ones_2x3",
       [] {
         return ones({2, 3});
       }},
      {"ones_bool", [] { return ones({4}, dtype(kBool)); }},
      {"ones_half", [] { return ones({3}, kHalf); }},
      {"ones_0d", [] { return ones({}); }},
      {"zeros_empty",
       [] {
         return zeros({0, 3});
       }},
      {"full_float",
       [] {
         return full({2, 2}, 1.5);
       }},
      {"full_int", [] { return full({3}, 7); }},
      {"full_bool", [] { return full({2}, true); }},
      {"full_int_as_float", [] { return full({2}, 7, kFloat32); }},
      {"full_float_as_long", [] { return full({2}, 2.7, kInt64); }},
      {"arange_5", [] { return arange(5); }},
      {"arange_2_9_3", [] { return arange(2, 9, 3); }},
      {"arange_neg", [] { return arange(10, 0, -3); }},
      {"arange_float", [] { return arange(0, 1, 0.1); }},
      {"arange_float_end", [] { return arange(2.5); }},
      {"arange_float_step", [] { return arange(1, 2.5, 0.5); }},
      {"arange_double", [] { return arange(0, 1, 0.1, kDouble); }},
      {"arange_int_dtype", [] { return arange(0, 10, 2, kInt); }},
      {"arange_half", [] { return arange(0, 3, 0.25, kHalf); }},
      {"arange_float_int_dtype", [] { return arange(0.5, 5, 1.5, kLong); }},
      {"arange_empty", [] { return arange(3, 3); }},
      {"linspace_0_10_5", [] { return linspace(0, 10, 5); }},
      {"linspace_neg", [] { return linspace(-1, 1, 7); }},
      {"linspace_one", [] { return linspace(3, 10, 1); }},
      {"linspace_zero", [] { return linspace(3, 10, 0); }},
      {"linspace_double", [] { return linspace(0, 1, 11, kDouble); }},
      {"linspace_long", [] { return linspace(0, 10, 4, kLong); }},
      {"linspace_long_desc", [] { return linspace(10, -5, 6, kLong); }},
      {"linspace_third", [] { return linspace(0, 1, 4); }},
      {"eye_3", [] { return eye(3); }},
      {"eye_2x4", [] { return eye(2, 4); }},
      {"eye_4x2_int", [] { return eye(4, 2, kLong); }},
      {"eye_0", [] { return eye(0); }},
      {"zeros_like_int",
       [] {
         return zeros_like(tensor({{1, 2}, {3, 4}}));
       }},
      {"ones_like_float",
       [] {
         return ones_like(tensor({{1, 2}, {3, 4}}), kFloat);
       }},
      {"full_like_int",
       [] {
         return full_like(tensor({1, 2, 3}), 2.9);
       }},
      {"full_like_float",
       [] {
         return full_like(tensor({1.0, 2.0}), 2.9);
       }},
  };
  size_t checked = 0;
  for (const auto& c : reference("core").at("creation")) {
    const std::string name = c.at("name");
    ASSERT_TRUE(cases.count(name)) << "no C++ case for " << name;
    EXPECT_TRUE(same_tensor(cases.at(name)(), tensor_from_reference(c))) << name;
    ++checked;
  }
  EXPECT_EQ(checked, cases.size());
}

TEST(Creation, EmptyHasShapeDtypeAndDevice) {
  Tensor t = empty({3, 0, 2}, dtype(kInt16).device(kCPU));
  EXPECT_EQ(t.sizes(), IntArrayRef({3, 0, 2}));
  EXPECT_EQ(t.numel(), 0);
  EXPECT_EQ(t.dtype(), kShort);
  EXPECT_TRUE(t.device().is_cpu());
  Tensor like = empty_like(t);
  EXPECT_EQ(like.sizes(), t.sizes());
  EXPECT_EQ(like.dtype(), kShort);
}

TEST(Creation, LikeFunctionsKeepShapeDtypeAndDeviceUnlessTold) {
  Tensor cur = tensor({{1, 2}, {3, 4}});
  EXPECT_EQ(zeros_like(cur).dtype(), kLong);
  EXPECT_EQ(ones_like(cur, kDouble).dtype(), kDouble);
  Tensor f = full_like(cur, 1.5, dtype(kFloat));
  EXPECT_EQ(f.dtype(), kFloat);
  EXPECT_EQ(f.sizes(), cur.sizes());
  EXPECT_EQ(f.select(0, 1).select(0, 1).item<float>(), 1.5f);
  Tensor g = zeros_like(tensor({1.0, 2.0}), requires_grad());
  EXPECT_TRUE(g.requires_grad());
}

TEST(Creation, ErrorsCarryPyTorchsMessages) {
  expect_pytorch_error("creation_errors", "zeros_negative", [] { zeros({2, -1}); });
  expect_pytorch_error("creation_errors", "ones_negative", [] { ones({-3}); });
  expect_pytorch_error("creation_errors", "empty_negative", [] { empty({1, 2, -5}); });
  expect_pytorch_error("creation_errors", "full_negative", [] { full({-2}, 1.0); });
  expect_pytorch_error("creation_errors", "arange_zero_step", [] { arange(0, 10, 0); });
  expect_pytorch_error("creation_errors", "arange_bad_sign", [] { arange(10, 0, 1); });
  expect_pytorch_error("creation_errors", "arange_bad_sign_neg", [] { arange(0, 10, -1); });
  expect_pytorch_error("creation_errors", "linspace_negative", [] { linspace(0, 1, -1); });
  expect_pytorch_error("creation_errors", "arange_bool", [] { arange(5, kBool); });
  expect_pytorch_error("creation_errors", "linspace_bool", [] { linspace(0, 1, 5, kBool); });
  expect_pytorch_error("creation_errors", "eye_negative", [] { eye(-1); });
  expect_pytorch_error("creation_errors", "eye_negative_m", [] { eye(2, -3); });
  expect_pytorch_error("creation_errors", "requires_grad_int_factory",
                       [] { zeros({2}, dtype(kLong).requires_grad(true)); });
  // The reference is a PyTorch built without CUDA; a build with ember's CUDA backend gives the
  // no-GPU error instead (tests/cuda).
  if (!cuda::is_built()) {
    expect_pytorch_error("creation_errors", "cuda_unavailable", [] { zeros({2}, Device("cuda")); });
  }
}

TEST(Creation, CudaWithoutAGpuThrowsEverywhere) {
  if (cuda::is_available()) GTEST_SKIP() << "a GPU is present";
  EXPECT_EQ(cuda::device_count(), 0);
  EXPECT_THROW(ones({2}, kCUDA), Error);
  EXPECT_THROW(tensor({1, 2}, Device("cuda:0")), Error);
  EXPECT_THROW(zeros({2}).to(Device("cuda")), Error);
}

TEST(Creation, RangesMatchPyTorchsLastBits) {
  int n = 0;
  for (const auto& c : reference("core").at("ranges")) {
    Tensor expected = tensor_from_reference(c);
    Tensor got = c.at("fn") == "linspace"
                     ? linspace(c.at("start").get<double>(), c.at("end").get<double>(),
                                c.at("steps").get<int64_t>(), expected.dtype())
                     : arange(c.at("start").get<double>(), c.at("end").get<double>(),
                              c.at("step").get<double>(), expected.dtype());
    EXPECT_TRUE(same_tensor(got, expected))
        << c.at("fn") << " " << c.at("start") << " " << c.at("end") << " " << expected.numel()
        << " " << expected.dtype();
    ++n;
  }
  EXPECT_GT(n, 100);
}
