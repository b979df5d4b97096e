// Sizes near 2^31, 2^62 and 2^63 at every entry point that computes sizes, strides, offsets or
// bytes: PyTorch's errors ("Storage size calculation overflowed with sizes=[...]", "numel: integer
// multiplication overflow", the allocator's "can't allocate memory") instead of a wrapped size,
// an out-of-bounds view or a crash. Where PyTorch's own int64 arithmetic wraps and it goes on
// with the wrapped value, ember refuses too (the cases say so). Nothing here allocates more than a
// few bytes: every huge tensor is an expanded view of one element, and the sizes that pass the
// overflow checks are beyond any machine's address space (or at least its memory).
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

#include "error_of.h"

// The allocation failures below ask malloc for up to 2^63 bytes: AddressSanitizer must return
// null for those (as malloc does) rather than abort.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }
#endif
#endif

namespace {

using ember::Tensor;
namespace F = ember::nn::functional;

constexpr int64_t k31 = int64_t{1} << 31;
constexpr int64_t k58 = int64_t{1} << 58;
constexpr int64_t k60 = int64_t{1} << 60;
constexpr int64_t k61 = int64_t{1} << 61;
constexpr int64_t k62 = int64_t{1} << 62;
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// One element seen as `sizes` (stride 0 everywhere): a huge tensor that costs nothing.
Tensor huge(std::initializer_list<int64_t> sizes, ember::ScalarType dtype = ember::kFloat) {
  std::vector<int64_t> ones(sizes.size(), 1);
  return ember::zeros(ones, dtype).expand(sizes);
}

using ember_test::error_of;

#define EXPECT_ERROR(expr, message) \
  EXPECT_EQ(error_of([&] { (void)(expr); }), std::string(message)) << #expr

const std::string k62s = "4611686018427387904";
const std::string overflow62 = "Storage size calculation overflowed with sizes=[" + k62s + "]";
const std::string overflow62_strided = overflow62 + " and strides=[1]";
const std::string overflow31x31 =
    "Storage size calculation overflowed with sizes=[2147483648, 2147483648]";
const std::string numel_overflow = "numel: integer multiplication overflow";

std::string cannot_allocate(const std::string& bytes) {
  return "DefaultCPUAllocator: can't allocate memory: you tried to allocate " + bytes +
         " bytes. Error code 12 (Cannot allocate memory)";
}

// ---- Creation ----------------------------------------------------------------------------------

TEST(SizeLimits, CreationPastInt64BytesReportsTheOverflow) {
  EXPECT_ERROR(ember::empty({k62}), overflow62);
  EXPECT_ERROR(ember::zeros({k62}), overflow62);
  EXPECT_ERROR(ember::ones({k62}), overflow62);
  EXPECT_ERROR(ember::full({k62}, 1.5), overflow62);
  EXPECT_ERROR(ember::rand({k62}), overflow62);
  EXPECT_ERROR(ember::randn({k62}), overflow62);
  EXPECT_ERROR(ember::randint(5, {k62}), overflow62);
  EXPECT_ERROR(ember::randint(0, 5, {k62}), overflow62);
  EXPECT_ERROR(ember::randperm(k62), overflow62);
  EXPECT_ERROR(ember::normal(0.0, 1.0, {k62}), overflow62);
  EXPECT_ERROR(ember::arange(k62), overflow62);
  EXPECT_ERROR(ember::arange(0, k62), overflow62);
  EXPECT_ERROR(ember::arange(0.0, 0x1p62), overflow62);
  EXPECT_ERROR(ember::arange(0.0, 1.0, 0x1p-62), overflow62);
  EXPECT_ERROR(ember::linspace(0, 1, k62), overflow62);
  EXPECT_ERROR(ember::zeros({kMax}, ember::kShort),
               "Storage size calculation overflowed with sizes=[9223372036854775807]");
  EXPECT_ERROR(ember::linspace(0, 1, kMax),
               "Storage size calculation overflowed with sizes=[9223372036854775807]");
  EXPECT_ERROR(ember::randperm(kMax),
               "Storage size calculation overflowed with sizes=[9223372036854775807]");
}

TEST(SizeLimits, CreationNear2To31PerDim) {
  EXPECT_ERROR(ember::empty({k31, k31}), overflow31x31);
  EXPECT_ERROR(ember::ones({k31, k31}), overflow31x31);
  EXPECT_ERROR(ember::eye(k31), overflow31x31);
  EXPECT_ERROR(ember::eye(k31, k31), overflow31x31);
  EXPECT_ERROR(ember::empty({k31, int64_t{1} << 32}),
               "Storage size calculation overflowed with sizes=[2147483648, 4294967296]");
  EXPECT_ERROR(ember::empty({k31, k31, k31, 0}),
               "Storage size calculation overflowed with sizes=[2147483648, 2147483648, "
               "2147483648, 0]");
}

TEST(SizeLimits, EyeChecksTheNumelBeforeTheBytes) {
  EXPECT_ERROR(ember::eye(k62, k62), numel_overflow);
  EXPECT_ERROR(ember::eye(k62, 1),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 1]");
  EXPECT_EQ(ember::eye(k62, 0).sizes().vec(), (std::vector<int64_t>{k62, 0}));
}

TEST(SizeLimits, EmptySizesFollowPyTorchsProductOrder) {
  // PyTorch multiplies in order, in uint64: a product that overflowed before a 0 still overflows.
  EXPECT_ERROR(ember::empty({k62, k62, 0}),
               "Storage size calculation overflowed with sizes=[" + k62s + ", " + k62s + ", 0]");
  Tensor a = ember::empty({0, k62, k62});
  EXPECT_EQ(a.numel(), 0);
  EXPECT_EQ(a.strides().vec(), (std::vector<int64_t>{0, k62, 1}));  // wrapped, as PyTorch's
  Tensor b = ember::empty({k62, 2, 0});
  EXPECT_EQ(b.strides().vec(), (std::vector<int64_t>{2, 1, 1}));
  EXPECT_EQ(ember::zeros({0}).view({0, k62, k62}).sizes().vec(),
            (std::vector<int64_t>{0, k62, k62}));
}

TEST(SizeLimits, ArangeRefusesASizeOf2To63) {
  // PyTorch's bound (INT64_MAX as a double) lets 2^63 through; it then fails on the wrapped size.
  EXPECT_ERROR(ember::arange(0, kMax), "invalid size, possible overflow?");
  EXPECT_ERROR(ember::arange(0.0, 1e30), "invalid size, possible overflow?");
  EXPECT_ERROR(ember::arange(kMin, kMax), "invalid size, possible overflow?");
  EXPECT_ERROR(ember::arange(kMax, kMin, -1), "invalid size, possible overflow?");
  // The difference wraps to the other sign in PyTorch: no elements.
  EXPECT_EQ(ember::arange(kMin, kMax, k62).numel(), 0);
}

TEST(SizeLimits, LikeFunctionsNameTheStrides) {
  const Tensor h = huge({k62});
  EXPECT_ERROR(ember::empty_like(h), overflow62_strided);
  EXPECT_ERROR(ember::zeros_like(h), overflow62_strided);
  EXPECT_ERROR(ember::ones_like(h), overflow62_strided);
  EXPECT_ERROR(ember::full_like(h, 2), overflow62_strided);
  EXPECT_ERROR(ember::rand_like(h), overflow62_strided);
  EXPECT_ERROR(ember::randn_like(h), overflow62_strided);
  EXPECT_ERROR(ember::randint_like(h, 5), overflow62_strided);
  EXPECT_ERROR(ember::empty_like(huge({k31, k31})), overflow31x31 + " and strides=[2147483648, 1]");
  EXPECT_ERROR(h.clone(), overflow62_strided);
  EXPECT_ERROR(h.to(ember::kDouble), overflow62_strided);
  EXPECT_ERROR(h.contiguous(), overflow62);  // contiguous() asks for a contiguous result
}

TEST(SizeLimits, FromBlobChecksTheViewsExtent) {
  float data[4] = {};
  EXPECT_ERROR(ember::from_blob(data, {2}, {k62}),
               "Storage size calculation overflowed with sizes=[2] and strides=[" + k62s + "]");
  EXPECT_ERROR(ember::from_blob(data, {k62}), overflow62_strided);
  EXPECT_EQ(ember::from_blob(data, {k62, 0}).numel(), 0);
}

TEST(SizeLimits, TensorFromValuesChecksTheShape) {
  EXPECT_ERROR(ember::tensor(std::vector<float>{1}, {k62, k62}), numel_overflow);
  EXPECT_ERROR(ember::tensor(std::vector<float>{1}, {k62}),
               "shape '[" + k62s + "]' is invalid for input of size 1");
}

// ---- Allocation --------------------------------------------------------------------------------

TEST(SizeLimits, MemoryThatIsNotThereIsAnEmberError) {
  // 2^60 bytes: valid sizes, but past any address space (x86-64's is at most 2^57 bytes).
  EXPECT_ERROR(ember::empty({k58}), cannot_allocate("1152921504606846976"));
  EXPECT_ERROR(ember::empty({k62}, ember::kByte), cannot_allocate(k62s));
  EXPECT_ERROR(ember::empty({kMax}, ember::kChar), cannot_allocate("9223372036854775807"));
  EXPECT_ERROR(ember::empty({k31, k31}, ember::kByte), cannot_allocate(k62s));
  EXPECT_ERROR(ember::arange(k58), cannot_allocate("2305843009213693952"));
  EXPECT_ERROR(huge({k60}).to(ember::kChar), cannot_allocate("1152921504606846976"));
  EXPECT_ERROR(huge({k62}) == 0, cannot_allocate(k62s));  // a bool result
  EXPECT_ERROR(ember::StorageImpl::allocate(SIZE_MAX, ember::Device(ember::kCPU)),
               cannot_allocate("18446744073709551615"));
  EXPECT_ERROR(ember::StorageImpl::allocate(SIZE_MAX - 100, ember::Device(ember::kCPU)),
               cannot_allocate("18446744073709551515"));
}

TEST(SizeLimits, FourTebibytesFailUnlessTheKernelOvercommits) {
  // PyTorch's own example (torch.empty(2**40)); with overcommit_memory=1 malloc would succeed.
  std::ifstream f("/proc/sys/vm/overcommit_memory");
  int mode = -1;
  if (!(f >> mode) || mode == 1) GTEST_SKIP() << "overcommit_memory is " << mode;
  EXPECT_ERROR(ember::empty({int64_t{1} << 40}), cannot_allocate("4398046511104"));
}

TEST(SizeLimits, TheAllocatorNeverRoundsAHugeRequestToZero) {
  // Storage adds its header, the caching allocator rounds to a size class and to huge pages: none
  // of that may wrap past 2^64 into a small block.
  const ember::Device cpu(ember::kCPU);
  for (size_t n : {size_t{1} << 62, (size_t{1} << 62) + 1, (size_t{1} << 61) + 3,
                   (size_t{1} << 63) - 1, (size_t{1} << 63) - 100}) {
    EXPECT_ERROR(ember::StorageImpl::allocate(n, cpu), cannot_allocate(std::to_string(n)));
  }
  EXPECT_EQ(ember::StorageImpl::allocate(100, cpu)->nbytes(), 100u);  // and still serves
}

// ---- Views -------------------------------------------------------------------------------------

TEST(SizeLimits, AsStridedChecksItsExtent) {
  const Tensor a = ember::arange(6.0f);
  EXPECT_ERROR(
      a.as_strided({2}, {k61}),
      "Storage size calculation overflowed with sizes=[2] and strides=[2305843009213693952]");
  EXPECT_ERROR(
      a.as_strided({2}, {k61}).add_(1),
      "Storage size calculation overflowed with sizes=[2] and strides=[2305843009213693952]");
  EXPECT_ERROR(a.as_strided({k62}, {1}), overflow62_strided);
  EXPECT_ERROR(a.as_strided({3, 3}, {k62, k62}),
               "Storage size calculation overflowed with sizes=[3, 3] and strides=[" + k62s + ", " +
                   k62s + "]");
  EXPECT_ERROR(a.as_strided({k62, 2}, {0, k62}),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 2] and strides=[0, " +
                   k62s + "]");
  EXPECT_ERROR(a.as_strided({int64_t{1} << 60}, {1}),
               "setStorage: sizes [1152921504606846976], strides [1], storage offset 0, and "
               "itemsize 4 requiring a storage size of 4611686018427387904 are out of bounds for "
               "storage of size 24");
  EXPECT_ERROR(a.as_strided({-2}, {1}),
               "Storage size calculation overflowed with sizes=[-2] and strides=[1]");
  EXPECT_ERROR(a.as_strided({-2}, {0}), numel_overflow);
  EXPECT_ERROR(a.as_strided({kMin}, {1}),
               "Storage size calculation overflowed with sizes=[-9223372036854775808] and "
               "strides=[1]");
  EXPECT_EQ(a.as_strided({k62}, {0}).numel(), k62);
  EXPECT_EQ(a.as_strided({0}, {k62}, k62).numel(), 0);
}

TEST(SizeLimits, AsStridedChecksAHugeOffset) {
  const Tensor a = ember::arange(6.0f);
  EXPECT_ERROR(a.as_strided({2}, {1}, int64_t{1} << 60),
               "setStorage: sizes [2], strides [1], storage offset 1152921504606846976, and "
               "itemsize 4 requiring a storage size of 4611686018427387912 are out of bounds for "
               "storage of size 24");
  // PyTorch adds the offset's bytes unchecked, so these pass there (a view far outside the
  // storage); the overflow is an error here.
  for (int64_t offset : {k61, k62, kMax}) {
    EXPECT_ERROR(a.as_strided({2}, {1}, offset),
                 "Storage size calculation overflowed with sizes=[2] and strides=[1]")
        << offset;
  }
}

TEST(SizeLimits, ExpandViewReshapeCheckTheNumel) {
  EXPECT_EQ(huge({k62}).numel(), k62);
  EXPECT_EQ(huge({kMax}).numel(), kMax);
  EXPECT_ERROR(huge({k62, 4}), numel_overflow);
  EXPECT_ERROR(huge({k62, 2}), numel_overflow);
  EXPECT_ERROR(huge({int64_t{1} << 32, int64_t{1} << 32}), numel_overflow);
  EXPECT_EQ(huge({k62, 0}).numel(), 0);
  EXPECT_ERROR(ember::zeros({4}).view({k62, 0}),
               "shape '[" + k62s + ", 0]' is invalid for input of size 4");
  EXPECT_ERROR(ember::zeros({4}).view({k62, -1}),
               "shape '[" + k62s + ", -1]' is invalid for input of size 4");
  EXPECT_ERROR(ember::zeros({0}).view({k62, k62, 0}), numel_overflow);
  EXPECT_ERROR(ember::zeros({0}).reshape({k62, k62, 0}), numel_overflow);
  EXPECT_ERROR(ember::zeros({0}).view({-1, k62, k62}),
               "cannot reshape tensor of 0 elements into shape [-1, " + k62s + ", " + k62s +
                   "] because the unspecified dimension size -1 can be any value and is "
                   "ambiguous");
  EXPECT_ERROR(huge({k62}).view({k62, k62}),
               "shape '[" + k62s + ", " + k62s + "]' is invalid for input of size " + k62s);
  EXPECT_EQ(huge({k62}).view({-1, k61}).sizes().vec(), (std::vector<int64_t>{2, k61}));
  EXPECT_EQ(huge({k62}).reshape({k61, 2}).sizes().vec(), (std::vector<int64_t>{k61, 2}));
  EXPECT_EQ(huge({k31, k31}).flatten().numel(), k62);
  EXPECT_ERROR(ember::zeros({0}).unflatten(0, {k62, k62, 0}), numel_overflow);
  EXPECT_EQ(huge({k62}).unsqueeze(0).sizes().vec(), (std::vector<int64_t>{1, k62}));
  EXPECT_EQ(huge({k62}).nbytes(), 0);  // numel * itemsize wraps, as PyTorch's
}

TEST(SizeLimits, FlattenOfAnEmptyTensorChecksTheMergedSize) {
  // [2^62, 2, 0]: its first two sizes multiply past int64 (PyTorch: "Expected !is_symbolic() to
  // be true, but got false", its product having wrapped to -2^63).
  EXPECT_ERROR(ember::empty({k62, 2, 0}).flatten(0, 1), numel_overflow);
  EXPECT_EQ(ember::empty({k62, 2, 0}).flatten().sizes().vec(), (std::vector<int64_t>{0}));
  EXPECT_EQ(ember::empty({0, k62, 2}).flatten().numel(), 0);
}

TEST(SizeLimits, SelectNarrowSliceOffsets) {
  const Tensor h = huge({k62});
  EXPECT_EQ(h.narrow(0, k62 - 1, 1).numel(), 1);
  EXPECT_EQ(h[k62 - 1].dim(), 0);
  EXPECT_EQ(h[-k62].dim(), 0);
  EXPECT_EQ(h.slice(0, k62 - 2).numel(), 2);
  EXPECT_EQ(h.slice(0, 0, std::nullopt, k61).numel(), 2);
  EXPECT_EQ(h.slice(0, k62 - 1, kMax).numel(), 1);
  EXPECT_EQ(h.slice(0, kMin).numel(), k62);
  const Tensor a = ember::arange(3.0f);
  // PyTorch's (end - start + step - 1) / step wraps for a huge step; the slice has one element.
  EXPECT_EQ(a.slice(0, 0, std::nullopt, kMax).sizes().vec(), (std::vector<int64_t>{1}));
  EXPECT_EQ(a.slice(0, 1, std::nullopt, kMax).item<float>(), 1.0f);
  EXPECT_EQ(a.slice(0, kMax).numel(), 0);
  EXPECT_ERROR(a.narrow(0, kMax, 1),
               "Dimension out of range (expected to be in range of [-3, 2], but got "
               "9223372036854775807)");
  EXPECT_ERROR(a.narrow(0, kMin, 1),
               "Dimension out of range (expected to be in range of [-3, 2], but got "
               "-9223372036854775808)");
  EXPECT_ERROR(a.narrow(0, 1, kMax),
               "start (1) + length (9223372036854775807) exceeds dimension size (3).");
  EXPECT_ERROR(a.select(0, kMax),
               "select(): index 9223372036854775807 out of range for tensor of size [3] at "
               "dimension 0");
  EXPECT_ERROR(a.select(0, kMin),
               "select(): index -9223372036854775808 out of range for tensor of size [3] at "
               "dimension 0");
}

TEST(SizeLimits, SplitChunkUnbind) {
  const Tensor a = ember::arange(3.0f);
  EXPECT_EQ(a.split(kMax).size(), 1u);
  EXPECT_ERROR(a.chunk(kMax), "split expects split_size be non-negative, but got split_size=-1");
  EXPECT_ERROR(a.split(std::vector<int64_t>{kMax, 2}),
               "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at "
               "dimension 0), but got split_sizes=[9223372036854775807, 2]");
  // These add up to 3 modulo 2^64 (PyTorch returns views far outside the tensor).
  EXPECT_ERROR(a.split(std::vector<int64_t>{kMax, kMax, 5}),
               "split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's size at "
               "dimension 0), but got split_sizes=[9223372036854775807, 9223372036854775807, 5]");
  EXPECT_ERROR(huge({k62}).unbind(), "cannot create std::vector larger than max_size()");
}

TEST(SizeLimits, RollTakesShiftsModuloTheSize) {
  const Tensor a = ember::arange(3.0f);
  // 2^63 - 1 = 1, -2^63 = 1 and 2 * (2^63 - 1) = 2 (mod 3). PyTorch's roll(-2**63) shifts by 2.
  EXPECT_TRUE(a.roll({kMax}).equal(a.roll({1})));
  EXPECT_TRUE(a.roll({kMin}).equal(a.roll({1})));
  EXPECT_TRUE(a.roll({kMax, kMax}, {0, 0}).equal(a.roll({2})));
  EXPECT_ERROR(huge({k62}).roll({1}), overflow62);
}

TEST(SizeLimits, RepeatChecksItsProduct) {
  EXPECT_ERROR(ember::zeros({1}).repeat({k62}), overflow62);
  EXPECT_ERROR(ember::zeros({1}).repeat({k31, k31}), overflow31x31);
  EXPECT_ERROR(ember::zeros({2}).repeat({k62, 2}),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 4]");
  EXPECT_ERROR(ember::zeros({1}).repeat({kMax, 2}),
               "Storage size calculation overflowed with sizes=[9223372036854775807, 2]");
  // 3 * 2^62 wraps to -2^62 in PyTorch, which it reports.
  EXPECT_ERROR(ember::zeros({3}).repeat({k62}),
               "Trying to create tensor with negative dimension -4611686018427387904: "
               "[-4611686018427387904]");
  // 2 * 2^62 wraps to -2^63 (PyTorch: "IntArrayRef contains an int that cannot be represented
  // as a SymInt: -9223372036854775808").
  EXPECT_ERROR(ember::zeros({2}).repeat({k62}),
               "Trying to create tensor with negative dimension -9223372036854775808: "
               "[-9223372036854775808]");
  // 5 * 2^62 wraps to 2^62, which PyTorch would allocate and fill past its end.
  EXPECT_ERROR(
      ember::zeros({5}).repeat({k62}),
      "repeat(): the repeated sizes [" + k62s + "] overflow; repeats: [" + k62s + "], sizes: [5]");
  EXPECT_EQ(ember::zeros({0}).repeat({k62}).numel(), 0);
  EXPECT_EQ(ember::zeros({0}).repeat({k62, k62}).sizes().vec(), (std::vector<int64_t>{k62, 0}));
}

TEST(SizeLimits, CatAndStackAddTheSizesWithAnOverflowCheck) {
  EXPECT_ERROR(ember::cat({huge({k62}), ember::zeros({1})}),
               "Storage size calculation overflowed with sizes=[4611686018427387905]");
  EXPECT_ERROR(ember::cat({huge({k62}), huge({k62 - 1})}),
               "Storage size calculation overflowed with sizes=[9223372036854775807]");
  EXPECT_ERROR(ember::cat({huge({k62}), huge({k62})}),
               "Trying to create tensor with negative dimension -9223372036854775808: "
               "[-9223372036854775808]");
  EXPECT_ERROR(ember::cat({huge({kMax}), huge({kMax}), huge({5})}),
               "cat(): the sizes of the tensors in dimension 0 add up to more than "
               "9223372036854775807");
  EXPECT_ERROR(ember::cat({huge({k31, k31}), huge({k31, k31})}, 1),
               "Storage size calculation overflowed with sizes=[2147483648, 4294967296]");
  EXPECT_ERROR(ember::stack({huge({k62}), huge({k62})}),
               "Trying to create tensor with negative dimension -9223372036854775808: "
               "[-9223372036854775808]");
  EXPECT_ERROR(ember::stack({huge({k61}), huge({k61})}), overflow62);
  EXPECT_ERROR(ember::stack({huge({k62})}), overflow62);
}

TEST(SizeLimits, DiagTrilTriu) {
  EXPECT_ERROR(ember::zeros({3}).diag(k62), numel_overflow);
  EXPECT_ERROR(ember::zeros({3}).diag(kMax), numel_overflow);
  EXPECT_ERROR(ember::zeros({3}).diag(kMin), numel_overflow);
  EXPECT_ERROR(ember::zeros({3, 3}).diag(kMax), numel_overflow);
  EXPECT_ERROR(ember::zeros({3, 3}).diag(kMin), numel_overflow);
  EXPECT_ERROR(huge({k31}).diag(), overflow31x31);
  EXPECT_ERROR(huge({k62}).diag(), numel_overflow);
  // PyTorch's kernel overflows on the largest diagonal (its tril(2**63 - 1) is all zeros).
  const Tensor a = ember::ones({3, 3});
  EXPECT_TRUE(a.tril(kMax).equal(a));
  EXPECT_TRUE(a.triu(kMin).equal(a));
  EXPECT_TRUE(a.tril(kMin).equal(ember::zeros({3, 3})));
}

// ---- Element-wise, indexing, reductions ---------------------------------------------------------

TEST(SizeLimits, ElementwiseResultsCheckTheirSize) {
  const Tensor h = huge({k62});
  EXPECT_ERROR(h + 1, overflow62);
  EXPECT_ERROR(h + h, overflow62);
  EXPECT_ERROR(-h, overflow62);
  EXPECT_ERROR(h.exp(), overflow62);
  EXPECT_ERROR(ember::where(huge({k62}, ember::kBool), 1.0, 0.0), overflow62);
  // Two valid operands whose broadcast shape is not.
  EXPECT_ERROR(huge({k62, 1}) * huge({1, k62}),
               "Storage size calculation overflowed with sizes=[" + k62s + ", " + k62s + "]");
  EXPECT_ERROR(huge({k31, 1}) + huge({1, k31}), overflow31x31);
}

TEST(SizeLimits, IndexingResultsCheckTheirSize) {
  const Tensor idx = ember::zeros({2}, ember::kLong);
  EXPECT_ERROR(huge({k62, 1}).index_select(1, idx), numel_overflow);
  EXPECT_ERROR(huge({k62, 1}).index({ember::indexing::Slice(), idx}), numel_overflow);
  EXPECT_ERROR(huge({k31, 1}).index_select(1, huge({k31}, ember::kLong)), overflow31x31);
  EXPECT_ERROR(huge({k62, 1}).gather(1, huge({k62, 1}, ember::kLong)),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 1]");
  EXPECT_ERROR(huge({k62}).masked_select(ember::tensor(false)), overflow62_strided);
  EXPECT_EQ(huge({k62}).index({idx}).numel(), 2);
  EXPECT_EQ(huge({k62}).index_select(0, idx).numel(), 2);
}

TEST(SizeLimits, ReductionResultsCheckTheirSize) {
  EXPECT_ERROR(huge({k62}).cumsum(0), overflow62);
  EXPECT_ERROR(huge({k62}).softmax(0), overflow62);
  EXPECT_ERROR(huge({k62}).sort(), overflow62_strided);
  EXPECT_ERROR(huge({k62}).flip({0}), overflow62_strided);
}

// ---- Matrix products ----------------------------------------------------------------------------

TEST(SizeLimits, MatrixProductsCheckTheirResult) {
  const std::string m62 =
      "Storage size calculation overflowed with sizes=[" + k62s + ", " + k62s + "]";
  EXPECT_ERROR(ember::mm(huge({k62, 1}), huge({1, k62})), m62);
  EXPECT_ERROR(ember::matmul(huge({k62, 1}), huge({1, k62})), m62);
  EXPECT_ERROR(ember::addmm(ember::zeros({1}), huge({k62, 1}), huge({1, k62})), m62);
  EXPECT_ERROR(ember::outer(huge({k62}), huge({k62})), m62);
  EXPECT_ERROR(ember::mm(huge({k31, 1}), huge({1, k31})), overflow31x31);
  EXPECT_ERROR(ember::outer(huge({k31}), huge({k31})), overflow31x31);
  EXPECT_ERROR(ember::mv(huge({k62, 1}), ember::zeros({1})), overflow62);
  EXPECT_ERROR(ember::bmm(huge({k31, k31, 1}), huge({k31, 1, k31})),
               "Storage size calculation overflowed with sizes=[2147483648, 2147483648, "
               "2147483648]");
  EXPECT_ERROR(ember::bmm(huge({2, k62, 1}), huge({2, 1, k62})), numel_overflow);
  EXPECT_ERROR(ember::matmul(huge({k31, k31, 1}), huge({1, k31})),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 2147483648]");
  EXPECT_ERROR(ember::matmul(huge({k62, 1, 1}), huge({k62, 1, 1})),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 1, 1]");
  EXPECT_ERROR(ember::mv(huge({k58, 1}), ember::zeros({1})),
               cannot_allocate("1152921504606846976"));
}

// ---- Convolution, pooling, padding, one_hot
// ------------------------------------------------------

TEST(SizeLimits, Conv2dChecksItsGeometry) {
  const Tensor x = ember::zeros({1, 1, 3, 3}), w1 = ember::zeros({1, 1, 1, 1}),
               w2 = ember::zeros({1, 1, 2, 2});
  EXPECT_ERROR(ember::conv2d(huge({k31, 1, k31, 1}), w1),
               "Storage size calculation overflowed with sizes=[2147483648, 1, 2147483648, 1]");
  EXPECT_ERROR(ember::conv2d(huge({k62, 1, 1, 1}), ember::zeros({4, 1, 1, 1})),
               "Storage size calculation overflowed with sizes=[" + k62s + ", 4, 1, 1]");
  // PyTorch's padded size wraps negative, which its check reports.
  EXPECT_ERROR(ember::conv2d(x, w1, {}, {1}, {k62}),
               "Calculated padded input size per channel: (-9223372036854775805 x "
               "-9223372036854775805). Kernel size: (1 x 1). Kernel size can't be greater than "
               "actual input size");
  EXPECT_ERROR(ember::conv2d(x, w2, {}, {1}, std::vector<int64_t>{0}, {k62}),
               "Calculated padded input size per channel: (3 x 3). Kernel size: "
               "(4611686018427387905 x 4611686018427387905). Kernel size can't be greater than "
               "actual input size");
  // Here PyTorch's wrapped sizes pass its check and it returns a tensor of the wrong shape.
  EXPECT_ERROR(ember::conv2d(x, w1, {}, {1}, {kMax}),
               "conv2d: the padded input size (3 + 2 * 9223372036854775807) or the dilated kernel "
               "size (1 * (1 - 1) + 1) overflows int64");
  EXPECT_ERROR(ember::conv2d(x, w2, {}, {1}, std::vector<int64_t>{0}, {kMax}),
               "conv2d: the padded input size (3 + 2 * 0) or the dilated kernel size "
               "(9223372036854775807 * (2 - 1) + 1) overflows int64");
  EXPECT_ERROR(ember::conv2d(x, w1, {}, {1}, {k61}),
               "Storage size calculation overflowed with sizes=[1, 1, 4611686018427387907, "
               "4611686018427387907]");
  EXPECT_EQ(ember::conv2d(x, w1, {}, {kMax}).sizes().vec(), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_EQ(ember::conv2d(x, w1, {}, {1}, std::vector<int64_t>{0}, {k62}).sizes().vec(),
            (std::vector<int64_t>{1, 1, 3, 3}));
}

TEST(SizeLimits, MaxPoolKeepsItsArgumentsInInt) {
  const Tensor x = ember::zeros({1, 1, 3, 3});
  EXPECT_ERROR(ember::max_pool2d(x, {kMax}), "integer out of range");
  EXPECT_ERROR(ember::max_pool2d(x, {2}, {kMax}), "integer out of range");
  EXPECT_ERROR(ember::max_pool2d(x, {2}, {}, {k62}), "integer out of range");
  EXPECT_ERROR(ember::max_pool2d(x, {2}, {}, {0}, {k62}), "integer out of range");
  EXPECT_ERROR(ember::max_pool2d(huge({k31, k31, 1, 1}), {1}),
               "Storage size calculation overflowed with sizes=[2147483648, 2147483648, 1, 1]");
  EXPECT_EQ(ember::max_pool2d(x, {2}, {(int64_t{1} << 31) - 1}).sizes().vec(),
            (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_ERROR(ember::max_pool2d(x, {2}, {}, {0}, {(int64_t{1} << 31) - 1}),
               "Given input size: (1x3x3). Calculated output size: (1x-1073741822x-1073741822). "
               "Output size is too small");
  // A window span past int64 (an expanded input of 2^63 - 1 rows).
  EXPECT_ERROR(ember::max_pool2d(huge({1, 1, kMax, 1}), {2, 1}, {1, 1}, {1, 0}),
               "pooling: the padded input size (9223372036854775807 + 2 * 1) or the dilated "
               "kernel size (1 * (2 - 1) + 1) overflows int64");
}

TEST(SizeLimits, AvgPoolTakesItsArgumentsWhole) {
  // PyTorch 1.13 cuts avg_pool2d's kernel size and stride to int for some of its checks and not
  // for others (kernel 2^63 - 1: "kernel size should be greater than zero, but got kH: -1"; kernel
  // 2^32 + 2 pools as 2); here they are the int64 they are given.
  const Tensor x = ember::zeros({1, 1, 3, 3});
  const std::string too_small =
      "Given input size: (1x3x3). Calculated output size: (1x0x0). Output size is too small";
  EXPECT_ERROR(ember::avg_pool2d(x, {kMax}), too_small);
  EXPECT_ERROR(ember::avg_pool2d(x, {k31}), too_small);
  EXPECT_ERROR(ember::avg_pool2d(x, {(int64_t{1} << 32) + 2}), too_small);
  EXPECT_EQ(ember::avg_pool2d(x, {2}, {kMax}).sizes().vec(), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_ERROR(
      ember::avg_pool2d(x, {2}, {}, {k62}),
      "pad should be at most half of kernel size, but got pad=" + k62s + " and kernel_size=2");
  EXPECT_ERROR(ember::avg_pool2d(x, {2}, {-1}),
               "stride should be greater than zero, but got dH: -1 dW: -1");
  EXPECT_ERROR(ember::avg_pool2d(huge({1, 1, kMax, 1}), {2, 1}, {1, 1}, {1, 0}),
               "pooling: the padded input size (9223372036854775807 + 2 * 1) or the dilated "
               "kernel size (1 * (2 - 1) + 1) overflows int64");
  EXPECT_ERROR(ember::avg_pool2d(huge({k31, k31, 1, 1}), {1}),
               "Storage size calculation overflowed with sizes=[2147483648, 2147483648, 1, 1]");
}

TEST(SizeLimits, AdaptiveAvgPoolChecksTheNumelFirst) {
  const Tensor x = ember::zeros({1, 1, 3, 3});
  EXPECT_ERROR(ember::adaptive_avg_pool2d(x, {k62, k62}), numel_overflow);
  EXPECT_ERROR(ember::adaptive_avg_pool2d(x, {kMax, kMax}), numel_overflow);
  EXPECT_ERROR(ember::adaptive_avg_pool2d(x, {k31, k31}),
               "Storage size calculation overflowed with sizes=[1, 1, 2147483648, 2147483648]");
  EXPECT_EQ(ember::adaptive_avg_pool2d(x, {k62, 0}).numel(), 0);
}

TEST(SizeLimits, ConstantPadChecksTheSum) {
  const Tensor a = ember::zeros({3});
  EXPECT_ERROR(F::pad(a, F::PadFuncOptions({k62, k62})),
               "The input size 3, plus negative padding " + k62s + " and " + k62s +
                   " resulted in a negative output size, which is invalid. Check dimension 0 of "
                   "your input.");
  EXPECT_ERROR(F::pad(a, F::PadFuncOptions({kMax, 1})),
               "The input size 3, plus negative padding 9223372036854775807 and 1 resulted in a "
               "negative output size, which is invalid. Check dimension 0 of your input.");
  // 3 + 2 * (2^63 - 1) wraps to 1 (PyTorch then narrows out of range).
  EXPECT_ERROR(F::pad(a, F::PadFuncOptions({kMax, kMax})),
               "The input size 3, plus padding 9223372036854775807 and 9223372036854775807 "
               "overflows int64. Check dimension 0 of your input.");
  EXPECT_ERROR(F::pad(a, F::PadFuncOptions({kMin, 1})),
               "Dimension out of range (expected to be in range of [-3, 2], but got "
               "-9223372036854775808)");
  EXPECT_ERROR(F::pad(ember::zeros({1, 1}), F::PadFuncOptions({k31, 0, k31, 0})),
               "Storage size calculation overflowed with sizes=[2147483649, 2147483649]");
  EXPECT_ERROR(F::pad(a, F::PadFuncOptions({k62, 0})),
               "Storage size calculation overflowed with sizes=[4611686018427387907]");
}

TEST(SizeLimits, ReplicatePadChecksTheSizeBeforeBuildingIndices) {
  const Tensor a = ember::zeros({1, 3});
  const auto replicate = [](std::vector<int64_t> pad) {
    return F::PadFuncOptions(std::move(pad)).mode(ember::kReplicate);
  };
  EXPECT_ERROR(F::pad(a, replicate({k62, 0})),
               "Storage size calculation overflowed with sizes=[1, 4611686018427387907]");
  EXPECT_ERROR(F::pad(a, replicate({kMax, 1})),
               "input ([1, 3]) padded by [9223372036854775807, 1] overflows int64 in dimension 1");
  EXPECT_ERROR(F::pad(a, replicate({kMin, 1})),
               "input ([1, 3]) is too small for the padding [-9223372036854775808, 1]");
  // The output's bytes fit in int64, its int64 indices' do not.
  EXPECT_ERROR(F::pad(a, replicate({k60, 0})),
               "Storage size calculation overflowed with sizes=[1152921504606846979]");
}

TEST(SizeLimits, OneHotSizesItsResult) {
  const Tensor zero = ember::zeros({1}, ember::kLong);
  EXPECT_ERROR(F::one_hot(zero, k62),
               "Storage size calculation overflowed with sizes=[1, " + k62s + "]");
  EXPECT_ERROR(F::one_hot(zero, kMax),
               "Storage size calculation overflowed with sizes=[1, 9223372036854775807]");
  EXPECT_ERROR(F::one_hot(ember::full({1}, k62, ember::kLong)),
               "Storage size calculation overflowed with sizes=[1, 4611686018427387905]");
  // The largest class + 1 wraps (PyTorch: "IntArrayRef contains an int that cannot be
  // represented as a SymInt").
  EXPECT_ERROR(F::one_hot(ember::full({1}, kMax, ember::kLong)),
               "Trying to create tensor with negative dimension -9223372036854775808: [1, "
               "-9223372036854775808]");
}

}  // namespace
