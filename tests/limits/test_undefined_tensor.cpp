// Every public op given an undefined tensor (`Tensor u;`) in a tensor position throws
// ember::Error, as libtorch throws c10::Error ("Expected a proper Tensor but got None (or an
// undefined Tensor in C++) for argument #0 'self'"), instead of dereferencing null. One case per
// op and position; an optional tensor (a bias, clamp's bounds) that is undefined means "none", as
// in libtorch.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using ember::Tensor;
namespace F = ember::nn::functional;

// Fresh operands for each case (in-place cases write into them).
Tensor A() { return ember::ones({2, 2}); }
Tensor V() { return ember::ones({2}); }
Tensor L() { return ember::zeros({2}, ember::kLong); }
Tensor L22() { return ember::zeros({2, 2}, ember::kLong); }
Tensor M() { return ember::ones({2, 2}, ember::kBool); }
Tensor X4() { return ember::ones({1, 1, 3, 3}); }
Tensor W4() { return ember::ones({1, 1, 1, 1}); }

struct Case {
  const char* name;
  std::function<void(Tensor u)> call;
};

#define CASE(...)                                       \
  Case {                                                \
#__VA_ARGS__, [](Tensor u) { (void)(__VA_ARGS__); } \
  }
// For calls returning a reference (in-place ops on a local).
#define CASE_STMT(name, ...)            \
  Case {                                \
    name, [](Tensor u) { __VA_ARGS__; } \
  }

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      // ---- Tensor's attributes, conversions and copies.
      CASE(u.sizes()),
      CASE(u.strides()),
      CASE(u.shape()),
      CASE(u.size(0)),
      CASE(u.stride(0)),
      CASE(u.dim()),
      CASE(u.numel()),
      CASE(u.dtype()),
      CASE(u.device()),
      CASE(u.options()),
      CASE(u.is_contiguous()),
      CASE(u.element_size()),
      CASE(u.nbytes()),
      CASE(u.storage_offset()),
      CASE(u.is_floating_point()),
      CASE(u.data_ptr()),
      CASE(u.data_ptr<float>()),
      CASE(u.item()),
      CASE(u.item<float>()),
      CASE(u.to(ember::kDouble)),
      CASE(u.to(ember::Device(ember::kCPU))),
      CASE(u.to(A())),
      CASE(A().to(u)),
      CASE(u.cpu()),
      CASE(u.clone()),
      CASE(u.contiguous()),
      CASE_STMT("u.fill_(1)", u.fill_(1)),
      CASE_STMT("u.zero_()", u.zero_()),
      CASE_STMT("u.copy_(A)", u.copy_(A())),
      CASE_STMT("A.copy_(u)", A().copy_(u)),
      CASE(u.as_strided({1}, {1})),
      CASE(u.transpose(0, 1)),
      CASE(u.t()),
      CASE(u.select(0, 0)),
      CASE(u.narrow(0, 0, 1)),
      CASE(u[0]),
      // ---- Shapes and views.
      CASE(u.view({4})),
      CASE(u.reshape({4})),
      CASE(u.flatten()),
      CASE(u.unflatten(0, {1, 2})),
      CASE(u.squeeze()),
      CASE(u.squeeze(0)),
      CASE(u.unsqueeze(0)),
      CASE(u.permute({1, 0})),
      CASE(u.expand({2, 2})),
      CASE(u.expand_as(A())),
      CASE(A().expand_as(u)),
      CASE(u.slice(0)),
      CASE(u.mT()),
      CASE(u.unbind()),
      CASE(u.chunk(2)),
      CASE(u.split(1)),
      CASE(u.split({1, 1})),
      CASE(u.flip({0})),
      CASE(u.roll({1})),
      CASE(u.repeat({2})),
      CASE(u.tril()),
      CASE(u.triu()),
      CASE(u.diag()),
      CASE(ember::cat({u, A()})),
      CASE(ember::cat({A(), u})),
      CASE(ember::stack({u, A()})),
      CASE(ember::stack({A(), u})),
      CASE(ember::reshape(u, {4})),
      CASE(ember::flatten(u)),
      CASE(ember::squeeze(u)),
      CASE(ember::unsqueeze(u, 0)),
      CASE(ember::transpose(u, 0, 1)),
      CASE(ember::t(u)),
      CASE(ember::permute(u, {0})),
      CASE(ember::select(u, 0, 0)),
      CASE(ember::narrow(u, 0, 0, 1)),
      CASE(ember::unbind(u)),
      CASE(ember::chunk(u, 2)),
      CASE(ember::split(u, 1)),
      CASE(ember::flip(u, {0})),
      CASE(ember::roll(u, {1})),
      CASE(ember::tril(u)),
      CASE(ember::triu(u)),
      CASE(ember::diag(u)),
      // ---- Indexing.
      CASE(u.index({0})),
      CASE(A().index({u})),
      CASE(u.index({ember::indexing::Slice()})),
      CASE_STMT("u.index_put_({0}, A)", u.index_put_({0}, A())),
      CASE_STMT("A.index_put_({0}, u)", A().index_put_({0}, u)),
      CASE_STMT("A.index_put_({u}, 1)", A().index_put_({u}, 1)),
      CASE_STMT("u.index_put_({0}, 1)", u.index_put_({0}, 1)),
      CASE(u.gather(0, L22())),
      CASE(A().gather(0, u)),
      CASE(u.scatter(0, L22(), A())),
      CASE(A().scatter(0, u, A())),
      CASE(A().scatter(0, L22(), u)),
      CASE(u.scatter(0, L22(), 1)),
      CASE(A().scatter(0, u, 1)),
      CASE_STMT("u.scatter_(0, L, A)", u.scatter_(0, L22(), A())),
      CASE_STMT("A.scatter_(0, u, A)", A().scatter_(0, u, A())),
      CASE_STMT("A.scatter_(0, L, u)", A().scatter_(0, L22(), u)),
      CASE(u.index_select(0, L())),
      CASE(A().index_select(0, u)),
      CASE(u.masked_fill(M(), 1)),
      CASE(A().masked_fill(u, 1)),
      CASE(A().masked_fill(M(), u)),
      CASE(u.masked_fill(M(), V())),
      CASE_STMT("u.masked_fill_(M, 1)", u.masked_fill_(M(), 1)),
      CASE_STMT("A.masked_fill_(u, 1)", A().masked_fill_(u, 1)),
      CASE(u.masked_select(M())),
      CASE(A().masked_select(u)),
      CASE(u.nonzero()),
      CASE(ember::gather(u, 0, L22())),
      CASE(ember::index_select(u, 0, L())),
      CASE(ember::masked_fill(u, M(), 1)),
      CASE(ember::masked_select(A(), u)),
      CASE(ember::nonzero(u)),
      // ---- Element-wise binary: each operand, and the operators.
      CASE(u.add(A())),
      CASE(A().add(u)),
      CASE(u.add(1)),
      CASE(u + 1),
      CASE(1 + u),
      CASE(A() + u),
      CASE(u + A()),
      CASE(u - 1),
      CASE(1 - u),
      CASE(A() - u),
      CASE(u * 1),
      CASE(A() * u),
      CASE(u * A()),
      CASE(2 * u),
      CASE(u / 2),
      CASE(2 / u),
      CASE(A() / u),
      CASE(u % 2),
      CASE(2 % u),
      CASE(A() % u),
      CASE(u & A()),
      CASE(A() | u),
      CASE(u ^ 1),
      CASE(1 ^ u),
      CASE(u == A()),
      CASE(A() == u),
      CASE(u == 1),
      CASE(1 == u),
      CASE(u != A()),
      CASE(u < A()),
      CASE(u <= 1),
      CASE(u > A()),
      CASE(1 >= u),
      CASE(-u),
      CASE(~u),
      CASE_STMT("u.add_(1)", u.add_(1)),
      CASE_STMT("u.add_(A)", u.add_(A())),
      CASE_STMT("A.add_(u)", A().add_(u)),
      CASE_STMT("u += 1", u += 1),
      CASE_STMT("A -= u",
                {
                  Tensor a = A();
                  a -= u;
                }),
      CASE_STMT("u *= A", u *= A()),
      CASE_STMT("u /= 2", u /= 2),
      CASE_STMT("u &= 1", u &= 1),
      CASE_STMT("u.sub_(1)", u.sub_(1)),
      CASE_STMT("u.mul_(A)", u.mul_(A())),
      CASE_STMT("u.div_(2)", u.div_(2)),
      CASE_STMT("u.remainder_(2)", u.remainder_(2)),
      CASE_STMT("u.pow_(2)", u.pow_(2)),
      CASE_STMT("A.pow_(u)", A().pow_(u)),
      CASE_STMT("u.bitwise_or_(1)", u.bitwise_or_(1)),
      CASE_STMT("u.bitwise_xor_(A)", u.bitwise_xor_(A())),
      CASE(u.sub(A())),
      CASE(A().sub(u)),
      CASE(u.mul(2)),
      CASE(u.div(A(), "floor")),
      CASE(A().div(u)),
      CASE(u.remainder(A())),
      CASE(u.fmod(2)),
      CASE(A().fmod(u)),
      CASE(u.pow(2)),
      CASE(u.pow(A())),
      CASE(A().pow(u)),
      CASE(ember::pow(u, A())),
      CASE(ember::pow(2, u)),
      CASE(ember::pow(A(), u)),
      CASE(u.maximum(A())),
      CASE(A().minimum(u)),
      CASE(u.atan2(A())),
      CASE(A().atan2(u)),
      CASE(u.eq(1)),
      CASE(u.ne(A())),
      CASE(A().lt(u)),
      CASE(u.le(1)),
      CASE(u.gt(A())),
      CASE(u.ge(1)),
      CASE(u.logical_and(A())),
      CASE(A().logical_or(u)),
      CASE(u.logical_xor(A())),
      CASE(u.logical_not()),
      CASE(u.bitwise_and(1)),
      CASE(A().bitwise_or(u)),
      CASE(u.bitwise_xor(A())),
      CASE(u.bitwise_not()),
      CASE(ember::rsub(u, A())),
      CASE(ember::rsub(A(), u)),
      CASE(ember::rsub(u, 1)),
      CASE(ember::remainder(2, u)),
      CASE(ember::floor_divide(u, A())),
      CASE(ember::true_divide(A(), u)),
      CASE(ember::where(M(), u, A())),
      CASE(ember::where(M(), A(), u)),
      CASE(ember::where(u, A(), A())),
      CASE(ember::where(u, 1, A())),
      CASE(ember::where(M(), 1, u)),
      CASE(ember::where(M(), u, 1)),
      CASE(ember::where(u, 1, 2)),
      CASE(ember::threshold_backward(u, A(), 0)),
      CASE(ember::threshold_backward(A(), u, 0)),
      CASE(u.clamp(0, 1)),
      CASE(u.clamp(std::optional<Tensor>(A()))),
      CASE(u.clamp_min(0)),
      CASE(u.clamp_max(1)),
      CASE_STMT("u.clamp_(0, 1)", u.clamp_(0, 1)),
      CASE(u.lerp(A(), 0.5)),
      CASE(A().lerp(u, 0.5)),
      CASE(u.lerp(A(), A())),
      CASE(A().lerp(u, A())),
      CASE(A().lerp(A(), u)),
      // ---- Element-wise unary.
      CASE(u.neg()),
      CASE(u.positive()),
      CASE(u.abs()),
      CASE(u.sign()),
      CASE(u.exp()),
      CASE(u.exp2()),
      CASE(u.expm1()),
      CASE(u.log()),
      CASE(u.log2()),
      CASE(u.log10()),
      CASE(u.log1p()),
      CASE(u.sqrt()),
      CASE(u.rsqrt()),
      CASE(u.sin()),
      CASE(u.cos()),
      CASE(u.tan()),
      CASE(u.asin()),
      CASE(u.acos()),
      CASE(u.atan()),
      CASE(u.sinh()),
      CASE(u.cosh()),
      CASE(u.tanh()),
      CASE(u.sigmoid()),
      CASE(u.relu()),
      CASE(u.erf()),
      CASE(u.floor()),
      CASE(u.ceil()),
      CASE(u.round()),
      CASE(u.trunc()),
      CASE(u.frac()),
      CASE(u.reciprocal()),
      CASE(u.square()),
      CASE(u.isnan()),
      CASE(u.isinf()),
      CASE(u.isfinite()),
      CASE(u.nan_to_num()),
      CASE(u.softmax(0)),
      CASE(u.log_softmax(0)),
      CASE_STMT("u.neg_()", u.neg_()),
      CASE_STMT("u.abs_()", u.abs_()),
      CASE_STMT("u.exp_()", u.exp_()),
      CASE_STMT("u.log_()", u.log_()),
      CASE_STMT("u.sqrt_()", u.sqrt_()),
      CASE_STMT("u.tanh_()", u.tanh_()),
      CASE_STMT("u.sigmoid_()", u.sigmoid_()),
      CASE_STMT("u.relu_()", u.relu_()),
      CASE(ember::gelu(u)),
      CASE(ember::silu(u)),
      CASE(ember::negative(u)),
      CASE(ember::softmax(u, 0)),
      // ---- Matrix products: each operand.
      CASE(u.matmul(A())),
      CASE(A().matmul(u)),
      CASE(u.mm(A())),
      CASE(A().mm(u)),
      CASE(u.bmm(A())),
      CASE(A().bmm(u)),
      CASE(u.mv(V())),
      CASE(A().mv(u)),
      CASE(u.dot(V())),
      CASE(V().dot(u)),
      CASE(u.outer(V())),
      CASE(V().outer(u)),
      CASE(u.addmm(A(), A())),
      CASE(A().addmm(u, A())),
      CASE(A().addmm(A(), u)),
      CASE(ember::matmul(u, A())),
      CASE(ember::mm(A(), u)),
      // ---- Reductions.
      CASE(u.sum()),
      CASE(u.sum({0})),
      CASE(u.mean()),
      CASE(u.mean({0})),
      CASE(u.prod()),
      CASE(u.prod(0)),
      CASE(u.max()),
      CASE(u.max(0)),
      CASE(u.min()),
      CASE(u.min(0)),
      CASE(u.amax()),
      CASE(u.amin()),
      CASE(u.argmax()),
      CASE(u.argmin()),
      CASE(u.std()),
      CASE(u.var({0})),
      CASE(u.norm()),
      CASE(u.logsumexp({0})),
      CASE(u.cumsum(0)),
      CASE(u.cumprod(0)),
      CASE(u.all()),
      CASE(u.any(0)),
      CASE(u.sort()),
      CASE(u.topk(1)),
      CASE(u.allclose(A())),
      CASE(A().allclose(u)),
      CASE(u.equal(A())),
      CASE(A().equal(u)),
      CASE(ember::std_mean(u)),
      CASE(ember::var_mean(u)),
      CASE(ember::sort(u, true)),
      // ---- Creation from another tensor.
      CASE(ember::empty_like(u)),
      CASE(ember::zeros_like(u)),
      CASE(ember::ones_like(u)),
      CASE(ember::full_like(u, 1)),
      CASE(ember::rand_like(u)),
      CASE(ember::randn_like(u)),
      CASE(ember::randint_like(u, 5)),
      CASE(ember::normal(u)),
      CASE(ember::normal(0.0, u)),
      CASE(ember::normal(u, A())),
      CASE(ember::normal(A(), u)),
      CASE_STMT("u.uniform_()", u.uniform_()),
      CASE_STMT("u.normal_()", u.normal_()),
      CASE_STMT("u.bernoulli_()", u.bernoulli_()),
      CASE(u.bernoulli(0.5)),
      // ---- Autograd.
      CASE(u.requires_grad()),
      CASE_STMT("u.requires_grad_()", u.requires_grad_()),
      CASE(u.is_leaf()),
      CASE(u.grad_fn()),
      CASE(u.grad()),
      CASE(u.mutable_grad()),
      CASE(u.detach()),
      CASE_STMT("u.detach_()", u.detach_()),
      CASE(u.retain_grad()),
      CASE(u.retains_grad()),
      CASE(u._version()),
      CASE(u.is_view()),
      CASE(u._base()),
      CASE(u.output_nr()),
      CASE(u.backward()),
      CASE(u.register_hook([](const Tensor&) {})),
      CASE_STMT("u.set_data(A)", u.set_data(A())),
      CASE_STMT("A.set_data(u)", A().set_data(u)),
      CASE(ember::autograd::backward({u})),
      CASE(ember::autograd::grad({u}, {A()})),
      CASE(ember::autograd::grad({A().requires_grad_().sum()}, {u})),
      CASE(ember::autograd::to_dot(u)),
      // ---- nn::functional and the ATen functions behind it.
      CASE(F::relu(u)),
      CASE(F::gelu(u)),
      CASE(F::softmax(u, 0)),
      CASE(F::log_softmax(u, 0)),
      CASE(F::linear(u, A())),
      CASE(F::linear(A(), u)),
      CASE(F::dropout(u)),
      CASE(F::embedding(u, A())),
      CASE(F::embedding(L(), u)),
      CASE(F::one_hot(u)),
      CASE(F::conv2d(u, W4())),
      CASE(F::conv2d(X4(), u)),
      CASE(F::max_pool2d(u, F::MaxPool2dFuncOptions(2))),
      CASE(F::max_pool2d_with_indices(u, F::MaxPool2dFuncOptions(2))),
      CASE(F::avg_pool2d(u, F::AvgPool2dFuncOptions(2))),
      CASE(F::adaptive_avg_pool2d(u, F::AdaptiveAvgPool2dFuncOptions(1))),
      CASE(F::pad(u, F::PadFuncOptions({1, 1}))),
      CASE(F::batch_norm(u, V(), V())),
      CASE(F::batch_norm(A(), u, V())),
      CASE(F::batch_norm(A(), V(), u)),
      CASE(F::layer_norm(u, F::LayerNormFuncOptions({2}))),
      CASE(F::cross_entropy(u, L())),
      CASE(F::cross_entropy(A(), u)),
      CASE(F::nll_loss(u, L())),
      CASE(F::nll_loss(A(), u)),
      CASE(F::mse_loss(u, A())),
      CASE(F::mse_loss(A(), u)),
      CASE(F::l1_loss(u, A())),
      CASE(F::l1_loss(A(), u)),
      CASE(F::binary_cross_entropy(u, A())),
      CASE(F::binary_cross_entropy(A(), u)),
      CASE(F::binary_cross_entropy_with_logits(u, A())),
      CASE(F::binary_cross_entropy_with_logits(A(), u)),
      CASE(ember::dropout(u, 0.5, true)),
      CASE(ember::embedding(u, L())),
      CASE(ember::one_hot(u)),
      CASE(ember::constant_pad_nd(u, {1, 1})),
      CASE(ember::conv2d(u, W4())),
      CASE(ember::conv2d(X4(), u)),
      CASE(ember::max_pool2d(u, {2})),
      CASE(ember::avg_pool2d(u, {2})),
      CASE(ember::adaptive_avg_pool2d(u, {1, 1})),
      CASE(ember::layer_norm(u, {2})),
      CASE(ember::cross_entropy_loss(u, L())),
      CASE(ember::nll_loss_nd(A(), u)),
      CASE(ember::mse_loss(u, A())),
      CASE(ember::binary_cross_entropy(A(), u)),
  };
  return all;
}

class UndefinedTensor : public testing::TestWithParam<size_t> {};

TEST_P(UndefinedTensor, ThrowsEmberError) {
  const Case& c = cases()[GetParam()];
  EXPECT_THROW(c.call(Tensor()), ember::Error) << c.name;
}

INSTANTIATE_TEST_SUITE_P(EveryOp, UndefinedTensor, testing::Range<size_t>(0, cases().size()),
                         [](const testing::TestParamInfo<size_t>& info) {
                           std::string name;
                           for (char ch : std::string(cases()[info.param].name)) {
                             name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           }
                           return std::to_string(info.param) + "_" + name;
                         });

TEST(UndefinedTensor, MessageIsLibtorchs) {
  try {
    (void)(Tensor() + 1);
    FAIL() << "no error";
  } catch (const ember::Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "Expected a proper Tensor but got None (or an undefined Tensor in C++)", 0),
              0u)
        << e.what();
  }
}

// An optional tensor (clamp's bounds, linear's and conv2d's bias, batch_norm's weight) that is
// undefined means "none", as in libtorch: clamp(A, u, A) and linear(A, A, u) run.
TEST(UndefinedTensor, AsAnOptionalTensorMeansNone) {
  const Tensor u;
  EXPECT_TRUE(A().clamp(std::optional<Tensor>(u), std::optional<Tensor>(A())).equal(A()));
  EXPECT_TRUE(F::linear(A(), A(), u).equal(F::linear(A(), A())));
  EXPECT_TRUE(ember::linear(A(), A(), u).equal(ember::linear(A(), A())));
  EXPECT_TRUE(ember::conv2d(X4(), W4(), u).equal(ember::conv2d(X4(), W4())));
  EXPECT_TRUE(ember::layer_norm(A(), {2}, u, u).equal(ember::layer_norm(A(), {2})));
}

// Printing never throws: libtorch prints "[ Tensor (undefined) ]".
TEST(UndefinedTensor, PrintsAsUndefined) {
  std::ostringstream os;
  os << Tensor();
  EXPECT_EQ(os.str(), "[ Tensor (undefined) ]");
  EXPECT_FALSE(Tensor().defined());
}

}  // namespace
