// The CUDA backend against the CPU: every case runs an op on CPU tensors and on copies of them on
// the GPU and compares the results (integers and bool bit for bit, floats within a tolerance).
// Without a GPU (or without the backend) the GPU cases skip, and the error a CUDA tensor gives
// is checked instead.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ember/ember.h"

namespace {

using namespace ember;

bool have_gpu() { return cuda::is_available(); }

class Cuda : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_gpu()) GTEST_SKIP() << "no CUDA backend or GPU on this machine";
  }
};

const std::vector<ScalarType> kAllDtypes = {kFloat, kDouble, kHalf, kBFloat16, kLong, kInt, kBool};
const std::vector<ScalarType> kNumeric = {kFloat, kDouble, kHalf, kBFloat16, kLong, kInt};

// Values that suit every dtype (small integers, some negative).
Tensor sample(IntArrayRef sizes, ScalarType dtype, int seed = 0) {
  manual_seed(seed);
  Tensor t = randint(-4, 5, sizes, TensorOptions(kLong));
  if (dtype == kBool) return t.gt(0);
  return t.to(dtype);
}

double tolerance(ScalarType t) {
  return t == kHalf ? 1e-2 : t == kBFloat16 ? 5e-2 : t == kFloat ? 1e-5 : 1e-12;
}

void expect_same(const Tensor& cpu_result, const Tensor& gpu_result, const std::string& what) {
  ASSERT_TRUE(gpu_result.is_cuda()) << what;
  const Tensor back = gpu_result.cpu();
  ASSERT_EQ(cpu_result.sizes(), back.sizes()) << what;
  ASSERT_EQ(cpu_result.scalar_type(), back.scalar_type()) << what;
  if (is_floating_type(cpu_result.scalar_type())) {
    const double tol = tolerance(cpu_result.scalar_type());
    EXPECT_TRUE(cpu_result.to(kDouble).allclose(back.to(kDouble), tol, tol, /*equal_nan=*/true))
        << what << "\ncpu: " << cpu_result << "\ncuda: " << back;
  } else {
    EXPECT_TRUE(cpu_result.equal(back)) << what << "\ncpu: " << cpu_result << "\ncuda: " << back;
  }
}

// f on CPU operands and on their GPU copies.
void differential(const std::vector<Tensor>& inputs,
                  const std::function<Tensor(const std::vector<Tensor>&)>& f,
                  const std::string& what) {
  std::vector<Tensor> gpu;
  for (const Tensor& t : inputs) gpu.push_back(t.cuda());
  expect_same(f(inputs), f(gpu), what);
}

TEST(CudaAbsent, CudaTensorsThrowAClearError) {
  if (have_gpu()) GTEST_SKIP() << "a GPU is present";
  try {
    (void)zeros({2}, TensorOptions().device(Device("cuda")));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_TRUE(msg.find("CUDA") != std::string::npos) << msg;
  }
  EXPECT_EQ(cuda::device_count(), 0);
}

TEST_F(Cuda, DeviceAttributesAndPrinting) {
  Tensor t = tensor({1.0f, 2.0f, 3.0f}).cuda();
  EXPECT_TRUE(t.is_cuda());
  EXPECT_EQ(t.device(), Device(kCUDA, 0));
  EXPECT_EQ(t.repr(), "tensor([1., 2., 3.], device='cuda:0')");
  EXPECT_EQ(ones({2}, TensorOptions(kLong).device("cuda:0")).repr(),
            "tensor([1, 1], device='cuda:0')");
  EXPECT_GE(cuda::device_count(), 1);
}

TEST_F(Cuda, RoundTripEveryDtype) {
  for (ScalarType dt : kAllDtypes) {
    const Tensor a = sample({3, 5}, dt);
    expect_same(a, a.cuda(), "round trip " + std::string(to_string(dt)));
    expect_same(a.t(), a.cuda().t().contiguous(), "transposed copy");
    for (ScalarType to : kAllDtypes) {
      differential(
          {a}, [&](const auto& x) { return x[0].to(to); }, "conversion");
    }
  }
}

TEST_F(Cuda, CreationOnTheDevice) {
  const TensorOptions on_gpu = TensorOptions().device(kCUDA);
  expect_same(zeros({2, 3}), zeros({2, 3}, on_gpu), "zeros");
  expect_same(ones({4}, TensorOptions(kInt)), ones({4}, on_gpu.dtype(kInt)), "ones");
  expect_same(full({2}, 7.5), full({2}, 7.5, on_gpu), "full");
  expect_same(arange(0, 10, 3), arange(0, 10, 3, on_gpu), "arange");
  expect_same(linspace(0, 1, 5), linspace(0, 1, 5, on_gpu), "linspace");
  expect_same(eye(3), eye(3, on_gpu), "eye");
  manual_seed(3);
  const Tensor r1 = rand({100}, on_gpu);
  manual_seed(3);
  const Tensor r2 = rand({100}, on_gpu);
  EXPECT_TRUE(r1.cpu().equal(r2.cpu())) << "manual_seed seeds the GPU's numbers";
  EXPECT_TRUE(r1.is_cuda());
  EXPECT_TRUE(randn({3}, on_gpu).is_cuda());
  EXPECT_TRUE(randint(0, 4, {3}, on_gpu).is_cuda());
}

TEST_F(Cuda, BinaryOpsMatchTheCpu) {
  using Op = std::function<Tensor(const Tensor&, const Tensor&)>;
  const std::vector<std::pair<std::string, Op>> ops = {
      {"add", [](const Tensor& a, const Tensor& b) { return a + b; }},
      {"sub", [](const Tensor& a, const Tensor& b) { return a.sub(b, 2); }},
      {"mul", [](const Tensor& a, const Tensor& b) { return a * b; }},
      {"eq", [](const Tensor& a, const Tensor& b) { return a.eq(b); }},
      {"lt", [](const Tensor& a, const Tensor& b) { return a < b; }},
      {"maximum", [](const Tensor& a, const Tensor& b) { return a.maximum(b); }},
      {"minimum", [](const Tensor& a, const Tensor& b) { return a.minimum(b); }},
  };
  for (ScalarType dt : kNumeric) {
    // b broadcasts along dim 0 and a is a transposed view.
    const Tensor a = sample({5, 4}, dt, 1).t(), b = sample({1, 5}, dt, 2);
    for (const auto& [name, op] : ops) {
      differential(
          {a, b}, [&](const auto& x) { return op(x[0], x[1]); },
          name + " " + std::string(to_string(dt)));
    }
    differential(
        {a, b}, [](const auto& x) { return x[0] + 3; }, "add scalar");
  }
  for (ScalarType dt : {kFloat, kDouble, kHalf, kBFloat16}) {
    const Tensor a = sample({4, 6}, dt, 3), b = sample({4, 6}, dt, 4).add(0.5);
    differential(
        {a, b}, [](const auto& x) { return x[0] / x[1]; }, "div");
    differential(
        {a, b}, [](const auto& x) { return x[0].pow(x[1].abs()); }, "pow");
    differential(
        {a, b}, [](const auto& x) { return x[0].remainder(x[1]); }, "remainder");
  }
  for (ScalarType dt : {kLong, kInt}) {
    const Tensor a = sample({4, 6}, dt, 3), b = sample({4, 6}, dt, 4).abs().add(1);
    differential(
        {a, b}, [](const auto& x) { return x[0].div(x[1], "floor"); }, "floor_divide");
    differential(
        {a, b}, [](const auto& x) { return x[0].remainder(x[1]); }, "remainder");
    differential(
        {a, b}, [](const auto& x) { return x[0].bitwise_xor(x[1]); }, "xor");
  }
  const Tensor c = sample({3, 3}, kBool, 5), d = sample({3, 3}, kBool, 6);
  differential(
      {c, d}, [](const auto& x) { return x[0].logical_and(x[1]); }, "logical_and");
  differential(
      {c, sample({3, 3}, kFloat, 7), sample({3, 3}, kFloat, 8)},
      [](const auto& x) { return where(x[0], x[1], x[2]); }, "where");
}

TEST_F(Cuda, UnaryOpsMatchTheCpu) {
  for (ScalarType dt : {kFloat, kDouble, kHalf, kBFloat16}) {
    const Tensor a = sample({3, 7}, dt, 9).div(3);
    differential(
        {a}, [](const auto& x) { return x[0].exp(); }, "exp");
    differential(
        {a}, [](const auto& x) { return x[0].abs().add(0.1).log(); }, "log");
    differential(
        {a}, [](const auto& x) { return x[0].tanh(); }, "tanh");
    differential(
        {a}, [](const auto& x) { return x[0].sigmoid(); }, "sigmoid");
    differential(
        {a}, [](const auto& x) { return x[0].relu(); }, "relu");
    differential(
        {a}, [](const auto& x) { return x[0].neg(); }, "neg");
    differential(
        {a}, [](const auto& x) { return x[0].clamp(-0.5, 0.5); }, "clamp");
    differential(
        {a}, [](const auto& x) { return x[0].isnan(); }, "isnan");
  }
  for (ScalarType dt : {kLong, kInt}) {
    const Tensor a = sample({3, 7}, dt, 10);
    differential(
        {a}, [](const auto& x) { return x[0].abs(); }, "abs int");
    differential(
        {a}, [](const auto& x) { return x[0].neg(); }, "neg int");
    differential(
        {a}, [](const auto& x) { return x[0].pow(2); }, "pow int");
  }
}

TEST_F(Cuda, ReductionsMatchTheCpu) {
  for (ScalarType dt : kNumeric) {
    const Tensor a = sample({6, 5, 4}, dt, 11);
    differential(
        {a}, [](const auto& x) { return x[0].sum(); }, "sum");
    differential(
        {a}, [](const auto& x) { return x[0].sum(1); }, "sum dim");
    differential(
        {a},
        [](const auto& x) {
          return x[0].sum({0, 2}, true);
        },
        "sum dims keepdim");
    differential(
        {a}, [](const auto& x) { return x[0].amax(1); }, "amax");
    differential(
        {a}, [](const auto& x) { return x[0].max(); }, "max");
    differential(
        {a}, [](const auto& x) { return x[0].min(); }, "min");
    differential(
        {a}, [](const auto& x) { return std::get<1>(x[0].max(2)); }, "argmax");
  }
  for (ScalarType dt : {kFloat, kDouble}) {
    const Tensor big = sample({300000}, dt, 12);
    differential(
        {big}, [](const auto& x) { return x[0].sum(); }, "large sum");
    differential(
        {big}, [](const auto& x) { return x[0].mean(); }, "large mean");
    differential(
        {sample({4, 9}, dt, 13)}, [](const auto& x) { return x[0].prod(1); }, "prod");
  }
  const Tensor m = sample({4, 5}, kBool, 14);
  differential(
      {m}, [](const auto& x) { return x[0].all(1); }, "all");
  differential(
      {m}, [](const auto& x) { return x[0].any(); }, "any");
  Tensor nan = tensor({1.0f, NAN, 3.0f});
  differential(
      {nan}, [](const auto& x) { return x[0].max(); }, "max propagates NaN");
}

TEST_F(Cuda, MatrixProductsMatchTheCpu) {
  for (ScalarType dt : {kFloat, kDouble, kHalf, kBFloat16, kLong, kInt}) {
    const Tensor a = sample({7, 9}, dt, 15), b = sample({9, 5}, dt, 16);
    differential(
        {a, b}, [](const auto& x) { return x[0].matmul(x[1]); }, "mm");
    differential(
        {a, b}, [](const auto& x) { return x[1].t().matmul(x[0].t()); }, "mm transposed");
    const Tensor p = sample({3, 4, 6}, dt, 17), q = sample({6, 2}, dt, 18);
    differential(
        {p, q}, [](const auto& x) { return x[0].matmul(x[1]); }, "batched, broadcast");
    differential(
        {a, sample({9}, dt, 19)}, [](const auto& x) { return x[0].mv(x[1]); }, "mv");
  }
  // A larger float32 product with and without TF32.
  const Tensor a = randn({256, 512}), b = randn({512, 128});
  const Tensor ref = a.matmul(b);
  const Tensor exact = a.cuda().matmul(b.cuda()).cpu();
  EXPECT_TRUE(ref.allclose(exact, 1e-4, 1e-4));
  cuda::set_allow_tf32(true);
  const Tensor tf32 = a.cuda().matmul(b.cuda()).cpu();
  cuda::set_allow_tf32(false);
  EXPECT_TRUE(ref.allclose(tf32, 5e-2, 5e-2));
}

TEST_F(Cuda, ViewsAndIndexingMatchTheCpu) {
  for (ScalarType dt : kAllDtypes) {
    const Tensor a = sample({5, 6}, dt, 20);
    const Tensor idx = tensor({4, 0, 2, 2});
    differential(
        {a}, [&](const auto& x) { return x[0].index_select(0, idx.to(x[0].device())); },
        "index_select");
    differential(
        {a},
        [&](const auto& x) {
          return x[0].gather(1, tensor({{0, 5}, {1, 1}, {2, 3}, {0, 0}, {5, 4}}).to(x[0].device()));
        },
        "gather");
    differential(
        {a}, [](const auto& x) { return x[0].slice(1, 1, 5, 2).t().contiguous(); }, "slice");
    differential(
        {a}, [](const auto& x) { return x[0].flip({0}); }, "flip");
    differential(
        {a}, [](const auto& x) { return x[0].triu(1); }, "triu");
    differential(
        {a},
        [](const auto& x) {
          return x[0].reshape({3, 10});
        },
        "reshape");
    differential(
        {a},
        [](const auto& x) {
          return x[0].unsqueeze(0).expand({2, 5, 6}).sum(0);
        },
        "expand");
  }
  const Tensor f = sample({4, 5}, kFloat, 21);
  differential(
      {f}, [](const auto& x) { return std::get<0>(x[0].sort(1)); }, "sort");
  differential(
      {f}, [](const auto& x) { return std::get<0>(x[0].topk(2)); }, "topk");
  differential(
      {f}, [](const auto& x) { return x[0].softmax(1); }, "softmax");
  differential(
      {f}, [](const auto& x) { return x[0].log_softmax(0); }, "log_softmax");
  differential(
      {f}, [](const auto& x) { return x[0].masked_fill(x[0] > 0, -1.0); }, "masked_fill");
  differential(
      {f}, [](const auto& x) { return x[0].cumsum(1); }, "cumsum");
}

TEST_F(Cuda, OutOfRangeIndexThrowsTheCpuMessage) {
  const Tensor a = zeros({3, 4}, TensorOptions().device(kCUDA));
  try {
    (void)a.gather(1, tensor({{0}, {9}, {1}}).cuda());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "index 9 is out of bounds for dimension 1 with size 4");
  }
}

TEST_F(Cuda, AutogradRunsOnTheDevice) {
  // A small MLP step: same gradients on both devices.
  manual_seed(0);
  const Tensor x = randn({8, 10}), w1 = randn({10, 16}), w2 = randn({16, 3});
  const Tensor target = tensor({0, 2, 1, 1, 0, 2, 2, 1});
  auto grads = [&](Device dev) {
    Tensor a = w1.to(dev).detach().requires_grad_(true);
    Tensor b = w2.to(dev).detach().requires_grad_(true);
    Tensor h = x.to(dev).matmul(a).relu();
    Tensor loss = nn::functional::cross_entropy(h.matmul(b), target.to(dev));
    loss.backward();
    EXPECT_EQ(loss.device(), dev);
    EXPECT_EQ(a.grad().device(), dev);
    return std::vector<Tensor>{loss.detach(), a.grad(), b.grad()};
  };
  const auto cpu = grads(Device(kCPU));
  const auto gpu = grads(Device(kCUDA, 0));
  for (size_t i = 0; i < cpu.size(); ++i)
    expect_same(cpu[i], gpu[i], "gradient " + std::to_string(i));
  Tensor p = ones({2, 3}, TensorOptions().device(kCUDA).requires_grad(true));
  Tensor q = p * 2;
  EXPECT_EQ(q.grad_fn()->name(), "MulBackward0");
}

TEST_F(Cuda, MixingDevicesThrowsPyTorchsMessage) {
  const Tensor g = ones({2}, TensorOptions().device(kCUDA)), c = ones({2});
  const std::string expected =
      "Expected all tensors to be on the same device, but found at least two devices, cuda:0 "
      "and cpu!";
  for (auto f : std::vector<std::function<Tensor()>>{[&] { return g + c; }, [&] { return c * g; },
                                                     [&] { return g.matmul(c); }}) {
    try {
      (void)f();
      FAIL() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), expected);
    }
  }
  // A 0-d CPU tensor joins a GPU operation as a number, as in PyTorch.
  expect_same(ones({2}) * 3, g * tensor(3.0f), "0-d CPU operand");
}

TEST_F(Cuda, ItemAndCopiesAreSynchronous) {
  Tensor t = arange(0, 1000000, TensorOptions(kFloat).device(kCUDA));
  EXPECT_EQ(t.sum().item<double>(), 499999500000.0);
  Tensor host = empty({1000000});
  host.copy_(t);
  EXPECT_EQ(host[999999].item<float>(), 999999.0f);
}

TEST_F(Cuda, FreedBlocksAreReused) {
  void* first = nullptr;
  {
    Tensor t = empty({1 << 20}, TensorOptions().device(kCUDA));
    first = t.data_ptr();
  }
  Tensor again = empty({1 << 20}, TensorOptions().device(kCUDA));
  EXPECT_EQ(again.data_ptr(), first);
}

}  // namespace
