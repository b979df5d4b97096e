// The tensor handle: attributes, views sharing storage, conversions, element access and errors.
#include <gtest/gtest.h>

#include <sstream>

#include "reference.h"

using namespace ember;
using ember_test::reference;

namespace {
Tensor view_case(const Tensor& base, const std::string& name) {
  if (name == "contiguous") return base;
  if (name == "transpose_0_2") return base.transpose(0, 2);
  if (name == "select_1_2") return base.select(1, 2);
  if (name == "narrow_2_1_2") return base.narrow(2, 1, 2);
  if (name == "t_of_matrix") return base.select(0, 0).t();
  if (name == "select_neg") return base.select(-1, -1);
  if (name == "narrow_neg_start") return base.narrow(-1, -3, 2);
  throw std::runtime_error("unknown view " + name);
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

std::string pytorch_message(const std::string& name) {
  for (const auto& c : reference("core").at("creation_errors")) {
    if (c.at("name") == name) return c.at("message");
  }
  throw std::runtime_error("no reference " + name);
}
}  // namespace

TEST(TensorViews, SizesStridesOffsetsAndValuesMatchPyTorch) {
  Tensor base = tensor(std::vector<int64_t>([] {
                         std::vector<int64_t> v(24);
                         for (int i = 0; i < 24; ++i) v[i] = i;
                         return v;
                       }()),
                       {2, 3, 4});
  for (const auto& c : reference("core").at("views")) {
    const std::string name = c.at("name");
    Tensor v = view_case(base, name);
    EXPECT_EQ(v.sizes().vec(), c.at("shape").get<std::vector<int64_t>>()) << name;
    EXPECT_EQ(v.strides().vec(), c.at("strides").get<std::vector<int64_t>>()) << name;
    EXPECT_EQ(v.storage_offset(), c.at("storage_offset").get<int64_t>()) << name;
    EXPECT_EQ(v.is_contiguous(), c.at("is_contiguous").get<bool>()) << name;
    Tensor expected = ember_test::tensor_from_reference(
        {{"dtype", "int64"}, {"shape", c.at("shape")}, {"values", c.at("values")}});
    EXPECT_TRUE(ember_test::same_tensor(v, expected)) << name;
    Tensor cont = v.contiguous();
    EXPECT_TRUE(cont.is_contiguous());
    EXPECT_EQ(cont.strides().vec(), c.at("contiguous_strides").get<std::vector<int64_t>>()) << name;
    EXPECT_EQ(cont.is_same(v), v.is_contiguous())
        << "contiguous() of a contiguous tensor is itself";
  }
}

TEST(TensorViews, WritesThroughAViewChangeTheBase) {
  Tensor base = zeros({3, 4});
  Tensor row = base.select(0, 1);
  row.fill_(5);
  Tensor col = base.t().select(0, 3);  // column 3
  col.fill_(-1);
  EXPECT_EQ(base.select(0, 1).select(0, 0).item<float>(), 5.0f);
  EXPECT_EQ(base.select(0, 1).select(0, 3).item<float>(), -1.0f);
  EXPECT_EQ(base.select(0, 0).select(0, 3).item<float>(), -1.0f);
  EXPECT_EQ(base.select(0, 0).select(0, 0).item<float>(), 0.0f);
  EXPECT_EQ(row.impl()->storage().get(), base.impl()->storage().get());
}

TEST(TensorViews, CloneAndContiguousCopy) {
  Tensor a = arange(6).as_strided({2, 3}, {1, 2});
  EXPECT_FALSE(a.is_contiguous());
  Tensor c = a.clone();
  EXPECT_TRUE(c.is_contiguous());
  EXPECT_NE(c.data_ptr(), a.data_ptr());
  EXPECT_TRUE(ember_test::same_tensor(c, a));
  a.fill_(0);
  EXPECT_EQ(c.select(0, 1).select(0, 2).item<int64_t>(), 5);
}

TEST(TensorViews, AsStridedOutsideTheStorageThrowsPyTorchsMessage) {
  EXPECT_EQ(message_of([] {
              zeros({4}).as_strided({3, 3}, {1, 1});
            }),
            pytorch_message("view_bad_storage"));
}

TEST(TensorAttributes, SizeAndStrideAcceptNegativeDims) {
  Tensor t = zeros({2, 3, 4});
  EXPECT_EQ(t.size(-1), 4);
  EXPECT_EQ(t.size(0), 2);
  EXPECT_EQ(t.stride(-1), 1);
  EXPECT_EQ(t.stride(0), 12);
  EXPECT_EQ(t.dim(), 3);
  EXPECT_EQ(t.numel(), 24);
  EXPECT_EQ(t.element_size(), 4);
  EXPECT_EQ(t.nbytes(), 96);
  EXPECT_TRUE(t.is_contiguous());
  EXPECT_TRUE(t.is_floating_point());
  EXPECT_FALSE(zeros({2}, kInt).is_floating_point());
}

TEST(TensorAttributes, OutOfRangeDimsThrowPyTorchsIndexError) {
  Tensor t = zeros({2, 3});
  EXPECT_THROW(t.size(2), IndexError);
  EXPECT_EQ(message_of([&] { t.size(2); }), pytorch_message("size_out_of_range"));
  EXPECT_EQ(message_of([&] { t.size(-3); }), pytorch_message("size_out_of_range_neg"));
  EXPECT_EQ(message_of([] { tensor(1.0).size(0); }), pytorch_message("size_0d"));
}

TEST(TensorAttributes, ShapeDtypeAndDevicePrint) {
  // shape() prints as Python's torch.Size; dtype() (a TypeMeta), scalar_type(), a device and
  // sizes() as libtorch prints them.
  Tensor t = zeros({2, 3});
  std::ostringstream os;
  os << t.shape() << " " << t.dtype() << " " << t.scalar_type() << " " << t.device() << " "
     << t.sizes() << " " << repr(t.dtype());
  EXPECT_EQ(os.str(), "ember.Size([2, 3]) float Float cpu [2, 3] ember.float32");
}

TEST(TensorElements, ItemConvertsTheOnlyElement) {
  EXPECT_EQ(tensor(3.5).item<double>(), 3.5);
  EXPECT_EQ(tensor({{7}}).item<int64_t>(), 7);
  EXPECT_EQ(tensor(true).item<int>(), 1);
  Scalar s = tensor(2.25, kHalf).item();
  EXPECT_TRUE(s.isFloatingPoint());
  EXPECT_EQ(s.toDouble(), 2.25);
  EXPECT_EQ(message_of([] {
              tensor({1, 2}).item();
            }),
            "a Tensor with 2 elements cannot be converted to Scalar");
  EXPECT_EQ(message_of([] { zeros({0}).item(); }),
            "a Tensor with 0 elements cannot be converted to Scalar");
}

TEST(TensorElements, DataPtrChecksTheType) {
  Tensor t = tensor({1.0f, 2.0f});
  EXPECT_EQ(t.data_ptr<float>()[1], 2.0f);
  EXPECT_EQ(message_of([&] { t.data_ptr<int64_t>(); }),
            "expected scalar type Long but found Float");
  EXPECT_EQ(message_of([] {
              tensor({1, 2}).data_ptr<double>();
            }),
            "expected scalar type Double but found Long");
}

TEST(TensorConversions, ToSameDtypeReturnsTheSameTensorUnlessCopyIsAsked) {
  Tensor t = tensor({1.5, 2.5});
  EXPECT_TRUE(t.to(kFloat).is_same(t));
  EXPECT_FALSE(t.to(kFloat, false, true).is_same(t));
  EXPECT_TRUE(t.to(Device(kCPU)).is_same(t));
  Tensor i = t.to(kInt);
  EXPECT_EQ(i.dtype(), kInt);
  EXPECT_EQ(i.data_ptr<int32_t>()[1], 2);
  Tensor d = t.to(TensorOptions(kDouble));
  EXPECT_EQ(d.dtype(), kDouble);
  EXPECT_EQ(t.to(d).dtype(), kDouble);
}

TEST(TensorConversions, CopyBroadcastsAndConverts) {
  Tensor dst = zeros({2, 3}, kDouble);
  dst.copy_(tensor({1, 2, 3}));
  EXPECT_EQ(dst.select(0, 1).select(0, 2).item<double>(), 3.0);
  EXPECT_EQ(
      message_of([&] {
        dst.copy_(tensor({1, 2}));
      }),
      "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1");
}

TEST(TensorAutogradFlag, RequiresGradOnlyForFloatingTensors) {
  Tensor w = tensor({{1.0}, {2.0}});
  EXPECT_FALSE(w.requires_grad());
  w.requires_grad_();
  EXPECT_TRUE(w.requires_grad());
  w.set_requires_grad(false);
  EXPECT_FALSE(w.requires_grad());
  EXPECT_EQ(message_of([] {
              tensor({1, 2}).requires_grad_();
            }),
            pytorch_message("requires_grad_int_method"));
  EXPECT_NO_THROW(tensor({1, 2}).requires_grad_(false));
}

TEST(TensorHandle, CopiesShareTheImplementation) {
  Tensor a = ones({2});
  Tensor b = a;
  EXPECT_TRUE(a.is_same(b));
  EXPECT_EQ(a.use_count(), 2u);
  Tensor undefined;
  EXPECT_FALSE(undefined.defined());
  EXPECT_THROW(undefined.sizes(), Error);
}

TEST(Devices, ParseAndPrintAsPyTorch) {
  for (const auto& c : reference("core").at("devices")) {
    Device d(c.at("spec").get<std::string>());
    EXPECT_EQ(d.str(), c.at("str").get<std::string>());
    EXPECT_EQ(d.is_cuda(), c.at("type") == "cuda");
    EXPECT_EQ(d.has_index(), !c.at("index").is_null());
    if (d.has_index()) {
      EXPECT_EQ(d.index(), c.at("index").get<int>());
    }
  }
  EXPECT_EQ(message_of([] { Device("gpu"); }), pytorch_message("bad_device"));
  EXPECT_THROW(Device("cuda:x"), Error);
  EXPECT_EQ(Device(kCUDA, 1).str(), "cuda:1");
  EXPECT_TRUE(zeros({1}).device().is_cpu());
}

TEST(TensorConversions, CopyIntoASmallerShapeThrowsPyTorchsMessage) {
  EXPECT_EQ(message_of([] {
              zeros({3}).copy_(zeros({2, 3}));
            }),
            "output with shape [3] doesn't match the broadcast shape [2, 3]");
}
