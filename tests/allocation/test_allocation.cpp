// The small-tensor path: sizes and strides are inline up to 5 dimensions, so creating a small
// tensor costs one heap allocation for the TensorImpl (its data shares one block with the storage
// header, obtained with aligned_alloc, not operator new). A program of its own, since it replaces
// the global operator new to count calls.
// The core headers only: the whole ember.h inlines enough std::function and shared_ptr code for
// GCC to misreport the replaced operator delete below as mismatched (-Wmismatched-new-delete).
#include <ember/autograd/Node.h>
#include <ember/core/Tensor.h>
#include <ember/ops/creation.h>
#include <ember/ops/elementwise.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_news{0};
}

void* operator new(std::size_t n) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_news.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept {
  return ::operator new(n, t);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

TEST(SmallTensorPath, ZerosUpToFiveDimsMakesOneOperatorNew) {
  for (auto sizes : {std::vector<int64_t>{2, 3}, std::vector<int64_t>{1, 2, 1, 2, 2}}) {
    long before = g_news.load();
    {
      ember::Tensor t = ember::zeros(sizes);
      EXPECT_EQ(t.dim(), static_cast<int64_t>(sizes.size()));
    }
    EXPECT_EQ(g_news.load() - before, 1) << sizes.size() << " dims";
  }
}

TEST(SmallTensorPath, MoreThanFiveDimsSpillSizesToTheHeap) {
  long before = g_news.load();
  { ember::Tensor t = ember::zeros({1, 1, 1, 1, 1, 2}); }
  EXPECT_GT(g_news.load() - before, 1);
}

TEST(SmallTensorPath, ViewsAllocateOnlyTheirImpl) {
  ember::Tensor t = ember::zeros({4, 4});
  long before = g_news.load();
  { ember::Tensor v = t.transpose(0, 1); }
  EXPECT_EQ(g_news.load() - before, 1);
}

TEST(AutogradRecording, AnOpOnTensorsThatRequireGradAddsOneAllocation) {
  ember::Tensor a = ember::ones({2, 3}, ember::requires_grad());
  ember::Tensor b = ember::ones({2, 3}, ember::requires_grad());
  // Creates each leaf's AccumulateGrad (they live with the leaf) and the freeing queue once.
  { ember::Tensor warm = a * b; }
  ember::Tensor da = a.detach(), db = b.detach();
  long before = g_news.load();
  { ember::Tensor plain = da * db; }
  const long untracked = g_news.load() - before;
  before = g_news.load();
  {
    ember::Tensor y = a * b;
    EXPECT_EQ(y.grad_fn()->name(), "MulBackward0");
  }
  EXPECT_EQ(g_news.load() - before, untracked + 1);  // the node, holding edges and saved inputs
}
