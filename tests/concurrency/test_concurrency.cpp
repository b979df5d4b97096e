// Several threads using ember at once: forward and backward passes sharing parameters and graphs,
// hooks, random numbers, the intra-op pool (resized while in use), fork() after the pool started,
// and a pool that cannot start its threads. Run under ThreadSanitizer by scripts/test.sh (the
// `tsan` preset), and under ASan+UBSan and in Release like every test.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <barrier>
#include <string>
#include <thread>
#include <vector>

#include "ember/ember.h"

using namespace ember;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

// Runs body(i) on n threads that start together; rethrows nothing (failures are gtest's).
template <class F>
void run_threads(int n, F body) {
  std::barrier start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
  for (std::thread& t : threads) t.join();
}

struct ThreadCountGuard {
  int saved = get_num_threads();
  ~ThreadCountGuard() { set_num_threads(saved); }
};

TEST(Concurrency, BackwardIntoASharedParameterAccumulatesEveryGradient) {
  // Integer-valued float64 gradients: the sum is exact in any order.
  const Tensor w = zeros({64, 16}, TensorOptions(kDouble).requires_grad(true));
  constexpr int kThreads = 4, kSteps = 50;
  run_threads(kThreads, [&](int i) {
    const Tensor x = full({16, 8}, static_cast<double>(i + 1), kDouble);
    for (int s = 0; s < kSteps; ++s) (w.matmul(x).sum() + w.sum()).backward();
  });
  // d/dw of sum(w @ x) is 8 * (i + 1) in every element; of sum(w) is 1.
  double expected = 0;
  for (int i = 0; i < kThreads; ++i) expected += kSteps * (8.0 * (i + 1) + 1.0);
  EXPECT_TRUE(w.grad().eq(expected).all().item<bool>()) << w.grad().min() << " " << w.grad().max();
}

TEST(Concurrency, ForwardPassesAgreeOnOneAccumulatorPerLeaf) {
  for (int round = 0; round < 20; ++round) {
    const Tensor w = ones({3}, TensorOptions().requires_grad(true));  // no autograd state yet
    std::vector<Tensor> outs(8);
    run_threads(8, [&](int i) { outs[i] = w * static_cast<double>(i); });
    const autograd::Node* acc = outs[0].grad_fn()->next_edge(0).function.get();
    ASSERT_NE(acc, nullptr);
    for (const Tensor& o : outs) EXPECT_EQ(o.grad_fn()->next_edge(0).function.get(), acc);
  }
}

TEST(Concurrency, GradThroughASharedRetainedGraph) {
  const Tensor w = tensor({1.0, 2.0, 3.0}, TensorOptions(kDouble).requires_grad(true));
  const Tensor y = (w * w * w).sum();
  std::vector<Tensor> grads(6);
  run_threads(6, [&](int i) {
    for (int s = 0; s < 20; ++s) grads[i] = autograd::grad({y}, {w}, {}, /*retain_graph=*/true)[0];
  });
  for (const Tensor& g : grads) EXPECT_TRUE(g.equal(3 * w.detach() * w.detach()));
  EXPECT_FALSE(w.grad().defined());
}

TEST(Concurrency, SharedGraphWithoutRetainRunsOnceAndRefusesTheOthers) {
  const Tensor w = tensor({1.0, 2.0}, TensorOptions(kDouble).requires_grad(true));
  const Tensor y = (w * w).sum();
  std::atomic<int> ran{0}, refused{0};
  run_threads(4, [&](int) {
    try {
      y.backward();
      ++ran;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("backward through the graph a second time"),
                std::string::npos)
          << e.what();
      ++refused;
    }
  });
  EXPECT_GE(ran.load(), 1);
  EXPECT_EQ(ran + refused, 4);
  EXPECT_TRUE(w.grad().equal(ran.load() * 2 * w.detach()));
}

TEST(Concurrency, HooksRunOncePerGradientFromEveryThread) {
  const Tensor w = ones({4}, TensorOptions().requires_grad(true));
  std::atomic<int> calls{0};
  w.register_hook([&](const Tensor& g) {
    ++calls;
    return g * 2;
  });
  run_threads(4, [&](int) {
    for (int s = 0; s < 25; ++s) (w * 3).sum().backward();
  });
  EXPECT_EQ(calls.load(), 100);
  EXPECT_TRUE(w.grad().eq(600).all().item<bool>());
}

TEST(Concurrency, TrainingStepsOnOneModelFromSeveralThreads) {
  // Hogwild-style: threads share a model's parameters, each with its own batch.
  manual_seed(0);
  nn::Linear fc1(8, 16), fc2(16, 1);
  std::vector<Tensor> params;
  for (const auto& p : fc1->parameters()) params.push_back(p);
  for (const auto& p : fc2->parameters()) params.push_back(p);
  run_threads(4, [&](int i) {
    const Tensor x = full({5, 8}, 0.1 * (i + 1));
    for (int s = 0; s < 10; ++s) {
      const Tensor loss = fc2->forward(relu(fc1->forward(x))).pow(2).mean();
      loss.backward();
    }
  });
  for (const Tensor& p : params) {
    ASSERT_TRUE(p.grad().defined());
    EXPECT_TRUE(p.grad().isfinite().all().item<bool>());
  }
}

TEST(Concurrency, ALeafFreedBeforeItsGraphRunsGetsNoGradient) {
  Tensor y;
  {
    const Tensor w = ones({3}, TensorOptions().requires_grad(true));
    y = (w * 2).sum();
  }
  EXPECT_NO_THROW(y.backward());
}

TEST(Concurrency, RandomNumbersFromSeveralThreadsShareTheDefaultGenerator) {
  manual_seed(7);
  const Tensor all_at_once = rand({4 * 1000});
  manual_seed(7);
  std::vector<Tensor> parts(4);
  run_threads(4, [&](int i) { parts[i] = rand({1000}); });
  // Every draw comes from the one stream: the parts are its four blocks in some order.
  std::vector<bool> used(4, false);
  for (const Tensor& p : parts) {
    bool found = false;
    for (int b = 0; b < 4 && !found; ++b) {
      if (!used[b] && p.equal(all_at_once.slice(0, b * 1000, (b + 1) * 1000))) {
        used[b] = found = true;
      }
    }
    EXPECT_TRUE(found);
  }
}

TEST(Concurrency, ParallelKernelsFromSeveralThreads) {
  ThreadCountGuard guard;
  set_num_threads(2);
  const Tensor a = arange(400000, kDouble), b = ones({400000}, kDouble);
  const double expected = 399999.0 * 400000.0 / 2 + 400000.0;
  std::vector<double> sums(4);
  run_threads(4, [&](int i) {
    for (int s = 0; s < 10; ++s) sums[i] = (a + b).sum().item<double>();
  });
  for (double s : sums) EXPECT_EQ(s, expected);
}

TEST(Concurrency, ResizingThePoolWhileOthersUseIt) {
  ThreadCountGuard guard;
  const Tensor a = ones({300000});
  std::atomic<bool> done{false};
  std::thread resizer([&] {
    for (int n = 0; !done; n = (n + 1) % 3) set_num_threads(n + 1);
  });
  run_threads(3, [&](int) {
    for (int s = 0; s < 30; ++s) EXPECT_EQ((a * 2).sum().item<float>(), 600000.0f);
  });
  done = true;
  resizer.join();
}

// Runs child() in a forked process with an alarm (a hang fails instead of blocking the suite);
// returns its exit status.
template <class F>
int in_child(F child) {
  const pid_t pid = fork();
  if (pid == 0) {
    alarm(60);
    int code = 1;
    try {
      code = child();
    } catch (...) {
      code = 3;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

TEST(Concurrency, ForkAfterThePoolStarted) {
  ThreadCountGuard guard;
  set_num_threads(2);
  const Tensor a = ones({500000});
  ASSERT_EQ((a + a).sum().item<float>(), 1000000.0f);  // the pool is running now
  manual_seed(3);
  const int status = in_child([&] {
    // The child's first parallel operations start a pool of its own; allocations and random
    // numbers work (their locks were not inherited held).
    const bool sums =
        (a + a).sum().item<float>() == 1000000.0f && (a * 3).sum().item<float>() == 1500000.0f;
    const Tensor r = randn({1000000});
    return sums && r.numel() == 1000000 ? 0 : 2;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ((a * 3).sum().item<float>(), 1500000.0f);  // the parent's pool still works
}

TEST(Concurrency, ForkWhileOtherThreadsComputeAndDraw) {
  ThreadCountGuard guard;
  set_num_threads(2);
  // Set up before the threads start: a fork while another thread is inside a function-local
  // static's initialisation (the default generator's, the pool's) leaves the child waiting for it.
  (void)randn({2});
  (void)(ones({400000}) + 1).sum();
  std::atomic<bool> stop{false};
  std::vector<std::thread> busy;
  for (int i = 0; i < 2; ++i) {
    busy.emplace_back([&, i] {
      const Tensor a = ones({400000});
      while (!stop) {
        if (i == 0) (void)(a + a).sum();
        if (i == 1) (void)randn({200000});
      }
    });
  }
  for (int k = 0; k < 5; ++k) {
    const int status = in_child([] {
      const Tensor a = ones({400000});
      return (a + a).sum().item<float>() == 800000.0f && randn({300000}).numel() == 300000 ? 0 : 2;
    });
    EXPECT_EQ(status, 0) << "fork " << k;
  }
  stop = true;
  for (std::thread& t : busy) t.join();
}

TEST(Concurrency, APoolThatCannotStartItsThreadsRaises) {
  if (kSanitized) GTEST_SKIP() << "address-space limits do not mix with sanitizer shadow memory";
  ThreadCountGuard guard;
  set_num_threads(1);
  const int status = in_child([] {
    const Tensor a = ones({1000000});
    // No room for a thread's stack: starting the pool's threads fails.
    rlimit limit{};
    getrlimit(RLIMIT_AS, &limit);
    limit.rlim_cur = 64ull << 20;  // what is mapped already exceeds this: new mappings fail
    setrlimit(RLIMIT_AS, &limit);
    set_num_threads(8);
    try {
      (void)(a + a);
      return 4;  // should have thrown
    } catch (const Error& e) {
      return std::string(e.what()).find("could not start the intra-op thread pool") !=
                     std::string::npos
                 ? 0
                 : 5;
    }
  });
  EXPECT_EQ(status, 0);
}

}  // namespace
