// Matrix products (matmul, mm, bmm, mv, dot, outer, addmm) against PyTorch: every case of
// tests/reference/linalg.json (written by gen_linalg.py) rebuilt here, plus the blocking of
// ember's own kernel at sizes the references do not reach.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "ember/ops/linalg.h"
#include "reference.h"

using namespace ember;
using ember_test::dtype_from_name;
using ember_test::reference;
using ember_test::same_tensor;

namespace {

// {"dtype", "shape", "values"}: integers and bools as JSON numbers/booleans; floats as numbers
// when integral, else float.hex() strings.
Tensor load_tensor(const nlohmann::json& j) {
  const ScalarType dt = dtype_from_name(j.at("dtype").get<std::string>());
  const std::vector<int64_t> shape = j.at("shape").get<std::vector<int64_t>>();
  const auto& vals = j.at("values");
  if (is_floating_type(dt)) {
    std::vector<double> v;
    for (const auto& x : vals) {
      v.push_back(x.is_string() ? std::strtod(x.get<std::string>().c_str(), nullptr)
                                : x.get<double>());
    }
    return tensor(v, shape, kDouble).to(dt);
  }
  if (dt == kBool) {
    std::vector<uint8_t> v;
    for (const auto& x : vals) v.push_back(x.get<bool>() ? 1 : 0);
    return tensor(v, shape).to(kBool);
  }
  std::vector<int64_t> v;
  for (const auto& x : vals) v.push_back(x.get<int64_t>());
  return tensor(v, shape).to(dt);
}

// An operand: a view (sizes, strides, offset) of its contiguous base.
Tensor load_operand(const nlohmann::json& j) {
  return load_tensor(j.at("base"))
      .as_strided(j.at("sizes").get<std::vector<int64_t>>(),
                  j.at("strides").get<std::vector<int64_t>>(), j.at("offset").get<int64_t>());
}

Scalar load_scalar(const nlohmann::json& j) {
  const std::string kind = j.at("kind");
  if (kind == "bool") return Scalar(j.at("value").get<bool>());
  if (kind == "int") return Scalar(j.at("value").get<int64_t>());
  return Scalar(std::strtod(j.at("value").get<std::string>().c_str(), nullptr));
}

Tensor run(const nlohmann::json& c) {
  std::vector<Tensor> in;
  for (const auto& j : c.at("inputs")) in.push_back(load_operand(j));
  const std::string op = c.at("op");
  if (op == "matmul") return matmul(in[0], in[1]);
  if (op == "mm") return mm(in[0], in[1]);
  if (op == "bmm") return bmm(in[0], in[1]);
  if (op == "mv") return mv(in[0], in[1]);
  if (op == "dot") return dot(in[0], in[1]);
  if (op == "outer") return outer(in[0], in[1]);
  if (op == "addmm") {
    const auto& kw = c.at("kwargs");
    const Scalar beta = kw.contains("beta") ? load_scalar(kw.at("beta")) : Scalar(1);
    const Scalar alpha = kw.contains("alpha") ? load_scalar(kw.at("alpha")) : Scalar(1);
    return addmm(in[0], in[1], in[2], beta, alpha);
  }
  throw std::runtime_error("unknown op " + op);
}

// Python's messages name types as torch.X; ember's as ember.X.
std::string ember_message(std::string m) {
  for (size_t p = m.find("torch."); p != std::string::npos; p = m.find("torch.", p)) {
    m.replace(p, 6, "ember.");
  }
  return m;
}

class LinalgReference : public ::testing::TestWithParam<std::string> {};

const nlohmann::json& find_case(const std::string& name) {
  for (const auto& c : reference("linalg").at("cases")) {
    if (c.at("name") == name) return c;
  }
  throw std::runtime_error("no case " + name);
}

TEST_P(LinalgReference, MatchesPyTorch) {
  const nlohmann::json& c = find_case(GetParam());
  if (c.contains("error")) {
    const std::string expected = ember_message(c.at("error").at("message"));
    const bool index_error = c.at("error").at("type") == "IndexError";
    try {
      Tensor r = run(c);
      ADD_FAILURE() << "expected an error: " << expected << "; got " << r;
    } catch (const IndexError& e) {
      EXPECT_TRUE(index_error) << "raised IndexError: " << e.what();
      EXPECT_EQ(std::string(e.what()), expected);
    } catch (const Error& e) {
      EXPECT_FALSE(index_error) << "expected IndexError: " << expected;
      EXPECT_EQ(std::string(e.what()), expected);
    }
    return;
  }
  const Tensor got = run(c);
  const Tensor expected = load_tensor(c.at("result"));
  ASSERT_EQ(got.dtype(), expected.dtype());
  ASSERT_EQ(got.sizes(), expected.sizes());
  EXPECT_EQ(got.is_contiguous(), c.at("contiguous").get<bool>());
  if (!c.contains("tolerance") || c.at("exact").get<bool>()) {
    EXPECT_TRUE(same_tensor(got, expected));
    return;
  }
  // |got - expected| within the rounding error K summed products may make, relative to the
  // sum of the products' absolute values.
  const double tol = c.at("tolerance");
  const auto& scale = c.at("scale");
  const Tensor g = got.to(kDouble).contiguous(), e = expected.to(kDouble).contiguous();
  const double* pg = g.data_ptr<double>();
  const double* pe = e.data_ptr<double>();
  for (int64_t i = 0; i < g.numel(); ++i) {
    if (std::isnan(pe[i]) || std::isinf(pe[i])) {
      EXPECT_TRUE((std::isnan(pe[i]) && std::isnan(pg[i])) || pe[i] == pg[i])
          << "element " << i << ": " << pg[i] << " vs " << pe[i];
      continue;
    }
    const double bound = tol * scale[i].get<double>() * 1.001 + 1e-300;
    ASSERT_LE(std::abs(pg[i] - pe[i]), bound)
        << "element " << i << ": " << pg[i] << " vs PyTorch's " << pe[i];
  }
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& c : reference("linalg").at("cases")) names.push_back(c.at("name"));
  return names;
}

INSTANTIATE_TEST_SUITE_P(Linalg, LinalgReference, ::testing::ValuesIn(case_names()),
                         [](const auto& info) { return info.param; });

// ---- beyond the references: the cache blocks of ember's own kernel (64 x 256 x 256) ----------

// Row-major values of t as doubles.
std::vector<double> values(const Tensor& t) {
  const Tensor c = t.to(kDouble).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

Tensor pattern(int64_t rows, int64_t cols, ScalarType dt, int64_t salt) {
  std::vector<int64_t> v(static_cast<size_t>(rows * cols));
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int64_t>((i * 7 + salt) % 11) - 5;
  return tensor(v, {rows, cols}).to(dt);
}

// a @ b computed here with doubles (exact for these small integers).
std::vector<double> naive_product(const Tensor& a, const Tensor& b) {
  const int64_t m = a.size(0), k = a.size(1), n = b.size(1);
  const std::vector<double> va = values(a), vb = values(b);
  std::vector<double> r(static_cast<size_t>(m * n), 0.0);
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t p = 0; p < k; ++p) {
      for (int64_t j = 0; j < n; ++j) r[i * n + j] += va[i * k + p] * vb[p * n + j];
    }
  }
  return r;
}

TEST(LinalgKernel, IntegerProductSpansSeveralCacheBlocks) {
  for (ScalarType dt : {kLong, kInt, kShort}) {
    const Tensor a = pattern(70, 300, dt, 1), b = pattern(300, 260, dt, 3);
    EXPECT_EQ(values(mm(a, b)), naive_product(a, b)) << dt;
    EXPECT_EQ(values(mm(b.t(), a.t()).t()), naive_product(a, b)) << dt;  // transposed operands
  }
}

TEST(LinalgKernel, FloatProductSpansSeveralBlocksThroughTheBlas) {
  for (ScalarType dt : {kFloat, kDouble, kBFloat16}) {
    const Tensor a = pattern(70, 300, dt, 1), b = pattern(300, 260, dt, 3);
    const std::vector<double> expected = naive_product(a, b);
    std::vector<double> got = values(mm(a, b));
    if (dt == kBFloat16) {  // float accumulation, one rounding to bfloat16
      std::vector<double> rounded;
      for (double x : expected) {
        rounded.push_back(static_cast<double>(static_cast<float>(BFloat16(static_cast<float>(x)))));
      }
      EXPECT_EQ(got, rounded);
    } else {
      EXPECT_EQ(got, expected) << dt;
    }
  }
}

TEST(LinalgKernel, BatchedBroadcastMatchesPerBatchProducts) {
  const Tensor a = pattern(3 * 70, 40, kInt, 2).as_strided({3, 1, 70, 40}, {70 * 40, 0, 40, 1});
  const Tensor b = pattern(2 * 40, 300, kInt, 5).as_strided({2, 40, 300}, {40 * 300, 300, 1});
  const Tensor r = matmul(a, b);
  ASSERT_EQ(r.sizes(), IntArrayRef({3, 2, 70, 300}));
  for (int64_t i = 0; i < 3; ++i) {
    for (int64_t j = 0; j < 2; ++j) {
      EXPECT_EQ(values(r.select(0, i).select(0, j)),
                naive_product(a.select(0, i).select(0, 0), b.select(0, j)));
    }
  }
}

TEST(LinalgMethods, MethodsAreTheFreeFunctions) {
  const Tensor a = pattern(2, 3, kFloat, 0), b = pattern(3, 2, kFloat, 1);
  const Tensor v = pattern(1, 3, kFloat, 2).select(0, 0);
  EXPECT_TRUE(same_tensor(a.matmul(b), matmul(a, b)));
  EXPECT_TRUE(same_tensor(a.mm(b), mm(a, b)));
  EXPECT_TRUE(same_tensor(a.mv(v), mv(a, v)));
  EXPECT_TRUE(same_tensor(v.dot(v), dot(v, v)));
  EXPECT_TRUE(same_tensor(v.outer(v), outer(v, v)));
  const Tensor s = pattern(2, 2, kFloat, 3);
  EXPECT_TRUE(same_tensor(s.addmm(a, b, 0.5, 2), addmm(s, a, b, 0.5, 2)));
  const Tensor a3 = a.as_strided({1, 2, 3}, {6, 3, 1}), b3 = b.as_strided({1, 3, 2}, {6, 2, 1});
  EXPECT_TRUE(same_tensor(a3.bmm(b3), bmm(a3, b3)));
  EXPECT_TRUE(same_tensor(a.t().t(), a));
}

}  // namespace
