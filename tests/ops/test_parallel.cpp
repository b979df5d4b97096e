// Intra-op threads: large element-wise ops give the same bits on any number of threads, errors
// raised on a worker thread reach the caller, and the thread count can be changed.
#include <gtest/gtest.h>

#include <cstring>

#include "ember/core/parallel.h"
#include "ember/ember.h"

using namespace ember;

namespace {

// Restores the thread count a test changed.
struct ThreadCountGuard {
  int saved = get_num_threads();
  ~ThreadCountGuard() { set_num_threads(saved); }
};

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() &&
         std::memcmp(a.data_ptr(), b.data_ptr(), static_cast<size_t>(a.nbytes())) == 0;
}

TEST(Parallel, DefaultIsPositiveAndSettable) {
  ThreadCountGuard guard;
  EXPECT_GE(get_num_threads(), 1);
  set_num_threads(3);
  EXPECT_EQ(get_num_threads(), 3);
  EXPECT_THROW(set_num_threads(0), Error);
}

TEST(Parallel, LargeOpsMatchOneThread) {
  ThreadCountGuard guard;
  manual_seed(0);
  const Tensor a = randn({300001}), b = randn({300001});
  const Tensor ad = a.to(kDouble), bd = b.to(kDouble);
  auto compute = [&] {
    return std::vector<Tensor>{a + b,   a * b,           a.add(b, 0.3), a / b,         exp(a),
                               ad + bd, ad.add(bd, 0.3), a + 2.5,       a.to(kDouble), a.clone()};
  };
  set_num_threads(1);
  const std::vector<Tensor> one = compute();
  for (int threads : {2, 3, 4}) {
    set_num_threads(threads);
    const std::vector<Tensor> many = compute();
    for (size_t i = 0; i < one.size(); ++i) {
      EXPECT_TRUE(same_bits(one[i], many[i])) << "op " << i << " on " << threads << " threads";
    }
  }
}

TEST(Parallel, WorkerErrorsReachTheCaller) {
  ThreadCountGuard guard;
  set_num_threads(2);
  Tensor a = ones({200000}, kLong);
  Tensor b = ones({200000}, kLong);
  b.index_put_({199999}, 0);  // in the last chunk: a worker's
  EXPECT_THROW(a.div(b, "trunc"), Error);
  EXPECT_EQ(a.div(ones({200000}, kLong), "trunc").sum().item<int64_t>(), 200000);
}

}  // namespace
