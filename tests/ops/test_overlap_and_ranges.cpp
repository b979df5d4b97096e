// What PyTorch 1.13 refuses instead of computing a wrong result, pinned: writes into memory that
// aliases itself or the op's inputs (ATen's MemoryOverlap checks), numbers a dtype cannot hold
// (c10's checked Scalar conversion), uint8 masks with values other than 0 and 1, `.data` of another
// kind, and the clamps of binary_cross_entropy's gradient and of clamp's NaN bounds. Each
// expectation is what PyTorch returns or raises for the same call (tests/python/test_checks.py
// compares the Python API with PyTorch directly).
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "ember/core/MemoryOverlap.h"
#include "error_of.h"

namespace {

using ember::Tensor;
using ember::indexing::Slice;
namespace F = ember::nn::functional;

const char* kInternal =
    "unsupported operation: more than one element of the written-to tensor refers to a single "
    "memory location. Please clone() the tensor before performing the operation.";
const char* kPartial =
    "unsupported operation: some elements of the input tensor and the written-to tensor refer to "
    "a single memory location. Please clone() the tensor before performing the operation.";
const double kNaN = std::numeric_limits<double>::quiet_NaN();

using ember_test::error_of;

std::string overflow(const char* type) {
  return std::string("value cannot be converted to type ") + type + " without overflow";
}

Tensor expanded() { return ember::zeros({1}).expand({4}); }
Tensor range5() { return ember::arange(5.0); }
Tensor u8(std::initializer_list<int64_t> v) {
  return ember::tensor(std::vector<int64_t>(v)).to(ember::kByte);
}

// ---- the overlap tests themselves ---------------------------------------------------------------

TEST(MemoryOverlap, InternalOverlapOnlyForAZeroStrideOverSeveralElements) {
  EXPECT_EQ(ember::has_internal_overlap(ember::ones({2, 3})), ember::MemOverlap::No);
  EXPECT_EQ(ember::has_internal_overlap(ember::ones({2, 3}).t()), ember::MemOverlap::No);
  EXPECT_EQ(ember::has_internal_overlap(expanded()), ember::MemOverlap::Yes);
  EXPECT_EQ(ember::has_internal_overlap(ember::zeros({1}).expand({1})), ember::MemOverlap::No);
  EXPECT_EQ(ember::has_internal_overlap(ember::zeros({1}).expand({0})), ember::MemOverlap::No);
  // Overlapping or gapped strides without a zero stride: too hard to judge, not refused.
  EXPECT_EQ(ember::has_internal_overlap(ember::zeros({10}).as_strided({3, 3}, {2, 1})),
            ember::MemOverlap::TooHard);
  EXPECT_EQ(ember::has_internal_overlap(ember::zeros({10}).slice(0, 0, 10, 2)),
            ember::MemOverlap::TooHard);
}

TEST(MemoryOverlap, StatusComparesTheByteRangesOfDenseTensors) {
  using S = ember::MemOverlapStatus;
  Tensor x = range5();
  EXPECT_EQ(ember::get_overlap_status(x, x), S::Full);
  EXPECT_EQ(ember::get_overlap_status(x, x.slice(0, 0, 5)), S::Full);
  EXPECT_EQ(ember::get_overlap_status(x.slice(0, 1, 5), x.slice(0, 0, 4)), S::Partial);
  EXPECT_EQ(ember::get_overlap_status(x.slice(0, 0, 2), x.slice(0, 2, 4)), S::No);
  EXPECT_EQ(ember::get_overlap_status(x, range5()), S::No);
  EXPECT_EQ(ember::get_overlap_status(x.slice(0, 0, 0), x), S::No);
  // Same range, other strides (a transpose, a view with another shape): partial.
  Tensor sq = ember::ones({3, 3});
  EXPECT_EQ(ember::get_overlap_status(sq, sq.t()), S::Partial);
  Tensor v = ember::arange(4.0);
  EXPECT_EQ(ember::get_overlap_status(v.view({1, 4}), v), S::Partial);
  // Same bytes, another dtype of the same size: full.
  const ember::TensorImpl& f = *v.unsafeGetTensorImpl();
  Tensor as_int(ember::make_intrusive<ember::TensorImpl>(f.storage(), ember::kInt, f.sizes(),
                                                         f.strides(), f.storage_offset()));
  EXPECT_EQ(ember::get_overlap_status(as_int, v), S::Full);
  // An expanded tensor is not dense: too hard.
  EXPECT_EQ(ember::get_overlap_status(x, x.slice(0, 0, 1).expand({5})), S::TooHard);
}

// ---- in-place element-wise ops ------------------------------------------------------------------

TEST(OverlapChecks, InPlaceOpOnAnExpandedTensorIsRefused) {
  EXPECT_EQ(error_of([] { expanded().add_(1); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().mul_(2); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().neg_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().exp_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().relu_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().sigmoid_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().clamp_(0, 1); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().clamp_(kNaN, 1); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().pow_(2); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().pow_(0); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().pow_(1); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().div_(2, "trunc"); }), kInternal);
  EXPECT_EQ(error_of([] { ember::zeros({1}, ember::kInt).expand({3}).bitwise_and_(1); }),
            kInternal);
  // The memory check comes before the shape check, as in TensorIterator.
  EXPECT_EQ(error_of([] { expanded().add_(ember::ones({3})); }), kInternal);
}

TEST(OverlapChecks, InPlaceOpReadingPartOfItsDestinationIsRefused) {
  Tensor x = range5();
  EXPECT_EQ(error_of([&] { x.slice(0, 1, 5).add_(x.slice(0, 0, 4)); }), kPartial);
  EXPECT_TRUE(x.equal(range5())) << "nothing may be written before the error";
  Tensor sq = ember::ones({3, 3});
  EXPECT_EQ(error_of([&] { sq.add_(sq.t()); }), kPartial);
  EXPECT_EQ(error_of([&] { x.add_(x[0]); }), kPartial);  // a 0-d view inside x
  EXPECT_EQ(error_of([&] { x.slice(0, 1, 5).pow_(x.slice(0, 0, 4)); }), kPartial);
  EXPECT_EQ(error_of([&] { x.slice(0, 1, 5).remainder_(x.slice(0, 0, 4)); }), kPartial);
  EXPECT_EQ(error_of([&] { x.slice(0, 1, 5).lerp(x.slice(0, 0, 4), 0.5); }), "(no error)");
}

TEST(OverlapChecks, InPlaceOpOnTheSameMemoryIsAllowed) {
  Tensor x = range5();
  x.add_(x);
  EXPECT_TRUE(x.equal(ember::tensor({0.0, 2.0, 4.0, 6.0, 8.0})));
  Tensor y = range5();
  y.mul_(y.slice(0, 0, 5));  // another view of the very same elements
  EXPECT_TRUE(y.equal(ember::tensor({0.0, 1.0, 4.0, 9.0, 16.0})));
  Tensor z = range5();
  z.slice(0, 0, 2).add_(z.slice(0, 2, 4));  // disjoint
  EXPECT_TRUE(z.equal(ember::tensor({2.0, 4.0, 2.0, 3.0, 4.0})));
  Tensor w = range5();
  w.add_(w.slice(0, 0, 1).expand({5}));  // an expanded input: too hard to judge, allowed
  EXPECT_TRUE(w.equal(ember::tensor({0.0, 1.0, 2.0, 3.0, 4.0})));
}

TEST(OverlapChecks, InPlaceOpWithHistoryChecksAsWell) {
  Tensor leaf = ember::arange(5.0).requires_grad_();
  Tensor y = leaf * 1;
  EXPECT_EQ(error_of([&] { y.slice(0, 1, 5).add_(y.slice(0, 0, 4)); }), kPartial);
  EXPECT_EQ(error_of([&] { y.slice(0, 0, 2).mul_(y.slice(0, 1, 3)); }), kPartial);
  Tensor z = ember::zeros({1}).requires_grad_() * 1;
  EXPECT_EQ(error_of([&] { z.expand({3}).add_(1); }), kInternal);
  EXPECT_EQ(error_of([&] { z.expand({3}).exp_(); }), kInternal);
  Tensor v = leaf * 1;
  v.add_(v);
  EXPECT_EQ(v.grad_fn()->name(), "AddBackward0");
}

// ---- copy_, fill_, the indexing writes, random fills --------------------------------------------

TEST(OverlapChecks, CopyRefusesAnExpandedDestinationAndPartOfItself) {
  EXPECT_EQ(error_of([] { expanded().copy_(ember::ones({4})); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().copy_(ember::ones({1})); }), kInternal);
  Tensor x = range5();
  EXPECT_EQ(error_of([&] { x.slice(0, 1, 5).copy_(x.slice(0, 0, 4)); }), kPartial);
  Tensor sq = ember::arange(4.0).view({2, 2});
  EXPECT_EQ(error_of([&] { sq.copy_(sq.t()); }), kPartial);
  // A two expands of one element are two tensors: refused; one tensor onto itself is not.
  Tensor one = ember::zeros({1});
  EXPECT_EQ(error_of([&] { one.expand({3}).copy_(one.expand({3})); }), kInternal);
  Tensor e = one.expand({3});
  EXPECT_EQ(error_of([&] { e.copy_(e); }), "(no error)");
  x.copy_(x.slice(0, 0, 5));
  EXPECT_TRUE(x.equal(range5()));
}

TEST(OverlapChecks, FillOfAnExpandedTensorIsAllowed) {
  Tensor base = ember::zeros({1});
  base.expand({4}).fill_(3);
  EXPECT_EQ(base.item<float>(), 3.0f);
  base.expand({4}).zero_();
  EXPECT_EQ(base.item<float>(), 0.0f);
}

TEST(OverlapChecks, SettingAnExpandedTensorIsAllowed) {
  Tensor base = ember::zeros({1});
  Tensor e = base.expand({4});
  e.index_put_({Slice(0, 2)}, 1);
  EXPECT_EQ(base.item<float>(), 1.0f);
  e.index_put_({ember::tensor({int64_t{0}})}, 2);  // index_put_ only warns in PyTorch
  EXPECT_EQ(base.item<float>(), 2.0f);
  e.masked_fill_(ember::tensor({true, false, false, false}), 5.0);
  EXPECT_EQ(base.item<float>(), 5.0f);
}

TEST(OverlapChecks, IndexPutRefusesValuesAndIndicesThatShareItsMemory) {
  Tensor x = range5();
  Tensor idx = ember::tensor({int64_t{0}, int64_t{1}});
  EXPECT_EQ(error_of([&] { x.index_put_({idx}, x.slice(0, 1, 3)); }), kPartial);
  EXPECT_EQ(error_of([&] { x.index_put_({ember::arange(5)}, x); }), kPartial);  // full, too
  EXPECT_EQ(error_of([&] { x.index_put_({idx}, x[0]); }), kPartial);
  Tensor i = ember::arange(5);
  EXPECT_EQ(error_of([&] { i.index_put_({i.slice(0, 0, 2)}, ember::tensor({int64_t{7}})); }),
            kPartial);
  // Slices set through copy_: partial overlap refused.
  EXPECT_EQ(error_of([&] { x.index_put_({Slice(0, 2)}, x.slice(0, 1, 3)); }), kPartial);
  // One mask and one value: filled through masked_fill_, not checked.
  x.index_put_({ember::tensor({true, false, true, false, false})}, x[1]);
  EXPECT_TRUE(x.equal(ember::tensor({1.0, 1.0, 1.0, 3.0, 4.0})));
  Tensor y = ember::arange(5.0).requires_grad_() * 1;
  EXPECT_EQ(error_of([&] { y.index_put_({idx}, y.slice(0, 1, 3)); }), kPartial);
}

TEST(OverlapChecks, MaskedFillRefusesAMaskOverlappingPartOfSelf) {
  Tensor m = ember::tensor({true, false, true, false});
  EXPECT_EQ(error_of([&] { m.slice(0, 1, 4).masked_fill_(m.slice(0, 0, 3), true); }), kPartial);
  m.masked_fill_(m, false);
  EXPECT_TRUE(m.equal(ember::zeros({4}, ember::kBool)));
}

TEST(OverlapChecks, ScatterRefusesAnExpandedSelfAndSharedSourcesOrIndices) {
  Tensor idx = ember::tensor({int64_t{0}});
  EXPECT_EQ(error_of([&] { expanded().scatter_(0, idx, ember::ones({1})); }), kInternal);
  EXPECT_EQ(error_of([&] { expanded().scatter_(0, idx, 1.0); }), kInternal);
  Tensor x = range5();
  EXPECT_EQ(error_of([&] { x.slice(0, 0, 3).scatter_(0, idx, x.slice(0, 1, 5)); }), kPartial);
  EXPECT_EQ(error_of([&] { x.scatter_(0, idx, x); }), kPartial);
  Tensor i = ember::arange(5);
  EXPECT_EQ(error_of([&] { i.scatter_(0, i.slice(0, 0, 1), 7); }), kPartial);
}

TEST(OverlapChecks, RandomFillsOfAnExpandedTensorAreRefused) {
  EXPECT_EQ(error_of([] { expanded().uniform_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().normal_(); }), kInternal);
  EXPECT_EQ(error_of([] { expanded().bernoulli_(0.5); }), kInternal);
}

// ---- numbers a dtype cannot hold ----------------------------------------------------------------

TEST(ScalarRanges, FillRefusesNumbersTheDtypeCannotHold) {
  auto fill = [](ember::ScalarType dt, const ember::Scalar& v) {
    return error_of([&] { ember::zeros({2}, dt).fill_(v); });
  };
  EXPECT_EQ(fill(ember::kByte, 300), overflow("uint8_t"));
  EXPECT_EQ(fill(ember::kByte, -256), overflow("uint8_t"));
  EXPECT_EQ(fill(ember::kByte, -1.0), overflow("uint8_t"));
  EXPECT_EQ(fill(ember::kByte, 255.5), overflow("uint8_t"));
  EXPECT_EQ(fill(ember::kByte, kNaN), overflow("uint8_t"));
  EXPECT_EQ(fill(ember::kChar, -129), overflow("int8_t"));
  EXPECT_EQ(fill(ember::kShort, 1e6), overflow("int16_t"));
  EXPECT_EQ(fill(ember::kInt, kNaN), overflow("int"));
  EXPECT_EQ(fill(ember::kInt, 2147483648.0), overflow("int"));
  EXPECT_EQ(fill(ember::kLong, INFINITY), overflow("int64_t"));
  EXPECT_EQ(fill(ember::kHalf, 1e6), overflow("at::Half"));
  EXPECT_EQ(fill(ember::kHalf, 65520.0), overflow("at::Half"));
  EXPECT_EQ(fill(ember::kBFloat16, 3.4e38), overflow("at::BFloat16"));
  EXPECT_EQ(fill(ember::kFloat, 1e300), overflow("float"));
  EXPECT_EQ(fill(ember::kFloat, 3.4028235e38), overflow("float"));
  // What fits: negative integers wrap into uint8 down to -255; infinities and NaN fit floats;
  // anything fits bool.
  EXPECT_EQ(fill(ember::kByte, -255), "(no error)");
  EXPECT_EQ(fill(ember::kHalf, 65504.0), "(no error)");
  EXPECT_EQ(fill(ember::kHalf, -INFINITY), "(no error)");
  EXPECT_EQ(fill(ember::kFloat, kNaN), "(no error)");
  EXPECT_EQ(fill(ember::kFloat, 1e-300), "(no error)");
  EXPECT_EQ(fill(ember::kDouble, 1e300), "(no error)");
  EXPECT_EQ(fill(ember::kBool, 300), "(no error)");
  EXPECT_EQ(ember::zeros({1}, ember::kByte).fill_(-1).item<uint8_t>(), 255);
  // Even an empty tensor checks its value.
  EXPECT_EQ(error_of([] { ember::zeros({0}, ember::kByte).fill_(300); }), overflow("uint8_t"));
}

TEST(ScalarRanges, FullAndSetItemCheckTheirValue) {
  EXPECT_EQ(error_of([] { ember::full({2}, 300, ember::kByte); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::full({2}, kNaN, ember::kInt); }), overflow("int"));
  EXPECT_EQ(error_of([] { ember::full_like(ember::zeros({2}, ember::kByte), 300); }),
            overflow("uint8_t"));
  Tensor t = ember::zeros({3}, ember::kByte);
  EXPECT_EQ(error_of([&] { t.index_put_({0}, 300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] {
              t.index_put_({ember::tensor({true, false, true})}, 300);
            }),
            overflow("uint8_t"));
  EXPECT_EQ(error_of([&] {
              t.masked_fill_(ember::tensor({true, false, true}), 300);
            }),
            overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { t.scatter_(0, ember::tensor({int64_t{0}}), 300); }),
            overflow("uint8_t"));
  EXPECT_TRUE(t.equal(ember::zeros({3}, ember::kByte)));
}

TEST(ScalarRanges, LinspaceChecksItsEnds) {
  EXPECT_EQ(error_of([] { ember::linspace(0, 300, 3, ember::kByte); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::linspace(0, 1e300, 3); }), overflow("float"));
  EXPECT_EQ(error_of([] { ember::linspace(300, 0, 1, ember::kByte); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::linspace(0, 300, 1, ember::kByte); }), "(no error)");
  EXPECT_EQ(error_of([] { ember::linspace(0, 300, 0, ember::kByte); }), "(no error)");
  EXPECT_TRUE(ember::linspace(-1, 3, 3, ember::kByte).equal(u8({255, 129, 3})));
}

TEST(ScalarRanges, ClampChecksItsBoundsAgainstTheResultDtype) {
  Tensor b = ember::zeros({2}, ember::kByte);
  EXPECT_EQ(error_of([&] { b.clamp(300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { b.clamp(std::nullopt, 300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { b.clamp_min(-256); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { b.clamp_max(-300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::zeros({2}).clamp(-1e300, 1e300); }), overflow("float"));
  EXPECT_TRUE(b.clamp(-1).equal(u8({255, 255})));  // -1 wraps to 255
  // A float bound promotes an integer tensor: then it is a float.
  EXPECT_TRUE(ember::zeros({2}, ember::kInt).clamp(0.5, 2).equal(ember::full({2}, 0.5)));
  // With a NaN bound clamp fills NaN without reading the other bound.
  EXPECT_TRUE(ember::zeros({2}).clamp(kNaN, 1e300).isnan().all().item<bool>());
}

TEST(ScalarRanges, AlphaIsAValueOfTheComputeDtype) {
  Tensor b = ember::zeros({3}, ember::kByte);
  EXPECT_EQ(error_of([&] { b.add(b, 300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { b.add(1, 300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { b.add_(b, 300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::zeros({2}).add(ember::zeros({2}), 1e300); }), overflow("float"));
  EXPECT_EQ(
      error_of([] { ember::zeros({2}, ember::kHalf).add(ember::zeros({2}, ember::kHalf), 1e6); }),
      overflow("at::Half"));
  // sub adds -alpha (wrapping for integers).
  EXPECT_EQ(error_of([&] { b.sub(b, -255); }), "(no error)");
  EXPECT_EQ(error_of([&] { b.sub(b, 256); }), overflow("uint8_t"));
  Tensor c = ember::zeros({3}, ember::kChar);
  EXPECT_EQ(error_of([&] { c.sub(c, 128); }), "(no error)");
  EXPECT_EQ(error_of([&] { c.sub(c, -128); }), overflow("int8_t"));
  EXPECT_EQ(error_of([&] { ember::rsub(b, b, 300); }), overflow("uint8_t"));
  // Without alpha, a number operand wraps as in PyTorch.
  EXPECT_TRUE(b.add(300).equal(u8({44, 44, 44})));
  EXPECT_TRUE(b.mul(300).equal(u8({0, 0, 0})));
}

TEST(ScalarRanges, PowExponentIsAValueOfTheDtypeExceptForFloatAndDouble) {
  EXPECT_EQ(error_of([] { ember::zeros({2}, ember::kByte).pow(300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::zeros({2}, ember::kByte).pow_(300); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([] { ember::zeros({2}, ember::kHalf).pow(1e6); }), overflow("at::Half"));
  EXPECT_EQ(error_of([] { ember::zeros({2}, ember::kBFloat16).pow(1e300); }),
            overflow("at::BFloat16"));
  EXPECT_EQ(error_of([] { ember::zeros({2}).pow(1e300); }), "(no error)");
  EXPECT_EQ(error_of([] { ember::zeros({2}, ember::kByte).pow(2.5); }), "(no error)");
}

TEST(ScalarRanges, LerpWeightAndWhereNumbersAreChecked) {
  EXPECT_EQ(error_of([] { ember::zeros({2}).lerp(ember::zeros({2}), 1e300); }), overflow("float"));
  Tensor c = ember::tensor({true});
  Tensor b = ember::zeros({1}, ember::kByte);
  EXPECT_EQ(error_of([&] { ember::where(c, b, 256); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { ember::where(c, b, -256); }), overflow("uint8_t"));
  EXPECT_EQ(error_of([&] { ember::where(c, b, -200); }), "(no error)");  // wraps, as fill_
}

// ---- uint8 masks
// ----------------------------------------------------------------------------------

TEST(MaskValues, Uint8MasksMayHoldOnlyZeroAndOne) {
  const std::string msg = "Mask tensor can take 0 and 1 values only";
  Tensor t = ember::arange(3.0);
  EXPECT_EQ(error_of([&] { t.masked_fill(u8({0, 2, 1}), 1.0); }), msg);
  EXPECT_EQ(error_of([&] { t.clone().masked_fill_(u8({0, 2, 1}), 1.0); }), msg);
  EXPECT_EQ(error_of([&] { t.masked_fill(u8({0, 2, 1}), ember::tensor(1.0)); }), msg);
  EXPECT_EQ(error_of([&] { t.masked_select(u8({0, 2, 1})); }), msg);
  EXPECT_EQ(error_of([&] { t.masked_select(u8({2})); }), msg);  // broadcast
  EXPECT_EQ(error_of([&] { t.clone().index_put_({u8({0, 2, 1})}, 5.0); }), msg);
  EXPECT_TRUE(t.masked_fill(u8({0, 1, 1}), 9.0).equal(ember::tensor({0.0, 9.0, 9.0})));
  EXPECT_TRUE(t.masked_select(u8({0, 1, 1})).equal(ember::tensor({1.0, 2.0})));
  // The value is converted first, as in PyTorch's kernel.
  EXPECT_EQ(error_of([] {
              ember::zeros({3}, ember::kByte).masked_fill(u8({0, 2, 1}), 300);
            }),
            overflow("uint8_t"));
  // Indexing with a uint8 mask, index_put_ with several values and where do not check.
  EXPECT_TRUE(t.index({u8({0, 2, 1})}).equal(ember::tensor({1.0, 2.0})));
  EXPECT_TRUE(t.clone()
                  .index_put_({u8({0, 2, 1})}, ember::tensor({5.0, 6.0}))
                  .equal(ember::tensor({0.0, 5.0, 6.0})));
  EXPECT_TRUE(ember::where(u8({0, 2, 1}), t, -t).equal(ember::tensor({-0.0, 1.0, 2.0})));
}

// ---- .data
// ----------------------------------------------------------------------------------------

TEST(SetData, ATensorThatRequiresGradKeepsAFloatingDtype) {
  const std::string msg =
      "data set to a tensor that requires gradients must be floating point or complex dtype";
  Tensor g = ember::ones({2}, ember::requires_grad());
  EXPECT_EQ(error_of([&] { g.set_data(ember::ones({2}, ember::kLong)); }), msg);
  EXPECT_EQ(error_of([&] { g.set_data(ember::ones({2}, ember::kBool)); }), msg);
  Tensor y = g * 2;
  EXPECT_EQ(error_of([&] { y.set_data(ember::ones({2}, ember::kInt)); }), msg);
  EXPECT_EQ(g.scalar_type(), ember::kFloat);
  g.set_data(ember::ones({3}, ember::kDouble));
  EXPECT_EQ(g.scalar_type(), ember::kDouble);
  EXPECT_TRUE(g.requires_grad());
  Tensor h = ember::ones({2});
  h.set_data(ember::ones({3}, ember::kLong));
  EXPECT_EQ(h.scalar_type(), ember::kLong);
}

// ---- binary_cross_entropy at 0 and 1 ----------------------------------------------------------

Tensor bce_input() {
  return ember::tensor({0.0, 0.25, 1.0, 1e-13, 0.999}, ember::kDouble).requires_grad_();
}
Tensor bce_target() {
  return ember::tensor({0.0, 1.0, 1.0, 0.3, 0.2}, ember::kDouble).requires_grad_();
}
Tensor bce_weight() { return ember::tensor({1.0, 2.0, 3.0, 0.5, 4.0}, ember::kDouble); }

void expect_close(const Tensor& a, std::initializer_list<double> b) {
  ASSERT_EQ(a.numel(), static_cast<int64_t>(b.size()));
  Tensor flat = a.reshape({-1});
  int64_t i = 0;
  for (double want : b) {
    const double got = flat[i].item<double>();
    if (std::isinf(want) || want == 0) {
      EXPECT_EQ(got, want) << "element " << i;
    } else {
      EXPECT_NEAR(got, want, 1e-9 * std::abs(want)) << "element " << i;
    }
    ++i;
  }
}

TEST(BinaryCrossEntropy, GradientIsFiniteAtZeroAndOne) {
  Tensor x = bce_input(), t = bce_target();
  Tensor loss =
      F::binary_cross_entropy(x, t, F::BinaryCrossEntropyFuncOptions().reduction(ember::kNone));
  EXPECT_EQ(loss.grad_fn()->name(), "BinaryCrossEntropyBackward0");
  expect_close(loss, {0.0, 1.3862943611198906, 0.0, 8.980081862676847, 5.526404323252426});
  loss.sum().backward();
  expect_close(x.grad(), {0.0, -4.0, 0.0, -300000001198.64087, 799.799799799799});
  // The target's gradient is not clamped: infinite where x is 0 or 1.
  expect_close(t.grad(),
               {INFINITY, 1.0986122886681096, -INFINITY, 29.933606208922495, -6.906754778648552});
}

TEST(BinaryCrossEntropy, GradientWithWeightAndMean) {
  Tensor x = bce_input(), t = bce_target();
  Tensor loss =
      F::binary_cross_entropy(x, t, F::BinaryCrossEntropyFuncOptions().weight(bce_weight()));
  expect_close(loss, {5.873649389317582});
  loss.backward();
  expect_close(x.grad(), {0.0, -1.6, 0.0, -30000000119.864086, 639.8398398398392});
  expect_close(t.grad(),
               {INFINITY, 0.43944491546724385, -INFINITY, 2.9933606208922496, -5.525403822918841});
}

TEST(BinaryCrossEntropy, GradientWithWeightAndSum) {
  Tensor x = bce_input(), t = bce_target();
  Tensor loss = F::binary_cross_entropy(
      x, t, F::BinaryCrossEntropyFuncOptions().weight(bce_weight()).reduction(ember::kSum));
  expect_close(loss, {29.36824694658791});
  loss.backward();
  expect_close(x.grad(), {0.0, -8.0, 0.0, -150000000599.32043, 3199.199199199196});
}

TEST(BinaryCrossEntropy, SecondDerivativesArePyTorchsFormulas) {
  Tensor x = bce_input(), t = bce_target();
  Tensor go = ember::tensor(1.5, ember::kDouble).requires_grad_();
  Tensor loss =
      F::binary_cross_entropy(x, t, F::BinaryCrossEntropyFuncOptions().weight(bce_weight()));
  Tensor g =
      ember::autograd::grad({loss}, {x}, {go}, /*retain_graph=*/true, /*create_graph=*/true)[0];
  EXPECT_EQ(g.grad_fn()->name(), "BinaryCrossEntropyBackwardBackward0");
  expect_close(g.detach(), {0.0, -2.4, 0.0, -45000000179.79613, 959.7597597597587});
  auto gg = ember::autograd::grad({g.sum()}, {x, t, go});
  EXPECT_TRUE(ember::allclose(
      gg[0],
      ember::tensor({0.0, 9.599999999897602, 0.0, 3.7190082644553725e+22, 960000.2385587966},
                    ember::kDouble),
      1e-6))
      << gg[0];
  expect_close(gg[1], {-300000000000.0, -3.2, -900000000000.0, -150000000000.0, -1201.2012012012});
  EXPECT_NEAR(gg[2].item<double>(), -27272726634.453804, 1e-3);
}

TEST(BinaryCrossEntropy, AWeightThatRequiresGradIsRefused) {
  Tensor w = bce_weight().requires_grad_();
  EXPECT_EQ(error_of([&] {
              F::binary_cross_entropy(bce_input(), bce_target(),
                                      F::BinaryCrossEntropyFuncOptions().weight(w));
            }),
            "The function 'binary_cross_entropy' is not differentiable with respect to argument "
            "'weight'. This input cannot have requires_grad True.");
  ember::NoGradGuard no_grad;
  EXPECT_EQ(error_of([&] {
              F::binary_cross_entropy(bce_input(), bce_target(),
                                      F::BinaryCrossEntropyFuncOptions().weight(w));
            }),
            "(no error)");
}

// ---- clamp with NaN bounds (PyTorch 1.13) -----------------------------------------------------

TEST(ClampNaN, OneNaNBoundOfClampIsIgnored) {
  Tensor x = ember::tensor({1.0f, 2.0f, NAN, -1.0f});
  Tensor expected = x.clone();
  auto same = [](const Tensor& a, const Tensor& b) {
    return ember::allclose(a, b, 0, 0, /*equal_nan=*/true);
  };
  EXPECT_TRUE(same(x.clamp(kNaN), expected));
  EXPECT_TRUE(same(x.clamp(std::nullopt, kNaN), expected));
  EXPECT_TRUE(same(x.clone().clamp_(kNaN), expected));
  EXPECT_TRUE(same(ember::arange(3, ember::kInt).clamp(kNaN), ember::arange(3.0)));
  // Both bounds with a NaN, clamp_min and clamp_max fill NaN.
  EXPECT_TRUE(x.clamp(kNaN, 1).isnan().all().item<bool>());
  EXPECT_TRUE(x.clamp(0, kNaN).isnan().all().item<bool>());
  EXPECT_TRUE(x.clamp_min(kNaN).isnan().all().item<bool>());
  EXPECT_TRUE(x.clamp_max(kNaN).isnan().all().item<bool>());
  // The ignored bound still has no gradient.
  Tensor leaf = ember::tensor({1.0, 2.0}, ember::requires_grad());
  Tensor y = leaf.clamp(kNaN);
  EXPECT_EQ(y.grad_fn()->name(), "ClampBackward1");
  y.sum().backward();
  EXPECT_TRUE(leaf.grad().equal(ember::zeros({2}, ember::kDouble)));
}

TEST(ClampNaN, HalfClampMinWithNaNFillsWithoutTheKernel) {
  Tensor h = ember::tensor({1.0, 2.0}).to(ember::kHalf);
  EXPECT_TRUE(h.clamp_min(kNaN).isnan().all().item<bool>());
  EXPECT_EQ(error_of([&] { h.clamp(kNaN); }), "\"clamp_min_cpu\" not implemented for 'Half'");
}

}  // namespace
