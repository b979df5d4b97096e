// Random numbers against PyTorch: every case of tests/reference/random.json (written by
// gen_random.py) is replayed with ember's generator and compared bit for bit, errors by message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reference.h"

using namespace ember;
using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using json = nlohmann::json;

namespace {

const json& all_cases() { return reference("random").at("cases"); }

// A gtest-safe, unique name for each case.
std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& c : all_cases()) {
    std::string n = c.at("name").get<std::string>();
    for (char& ch : n) {
      if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
    }
    while (!seen.insert(n).second) n += "_";
    names.push_back(n);
  }
  return names;
}

// A tensor argument: {"dtype", "shape", "values"}, built transposed when "transpose" is set.
Tensor arg_tensor(const json& spec) {
  if (!spec.value("transpose", false)) return tensor_from_reference(spec);
  json s = spec;
  std::vector<int64_t> shape = spec.at("shape").get<std::vector<int64_t>>();
  s["shape"] = std::vector<int64_t>(shape.rbegin(), shape.rend());
  Tensor t = tensor_from_reference(s).t();
  EXPECT_FALSE(t.is_contiguous());
  return t;
}

TensorOptions dtype_option(const json& call) {
  TensorOptions o;
  if (call.contains("dtype") && !call.at("dtype").is_null()) {
    o = o.dtype(ember_test::dtype_from_name(call.at("dtype").get<std::string>()));
  }
  return o;
}

// A number, or a string such as "nan" for what JSON cannot hold.
double number(const json& j) {
  return j.is_string() ? std::strtod(j.get<std::string>().c_str(), nullptr) : j.get<double>();
}

std::vector<int64_t> size_of(const json& call) {
  return call.at("size").get<std::vector<int64_t>>();
}

// Restores the default dtype when a case changed it.
struct DefaultDtypeGuard {
  ScalarType saved = get_default_dtype();
  ~DefaultDtypeGuard() { set_default_dtype(saved); }
};

class RandomCase : public ::testing::TestWithParam<size_t> {};

// Runs one call; returns the tensor it produced (undefined for manual_seed and initial_seed, which
// are checked here).
Tensor run_call(const json& call, std::optional<Generator>& gen) {
  const std::string fn = call.at("fn").get<std::string>();
  const bool use_gen = call.value("gen", false);
  std::optional<Generator> g = use_gen ? gen : std::nullopt;
  const TensorOptions opts = dtype_option(call);
  if (fn == "manual_seed") {
    const auto seed = call.at("seed").get<uint64_t>();
    if (use_gen) {
      gen->manual_seed(seed);
    } else {
      manual_seed(seed);
    }
    return {};
  }
  if (fn == "initial_seed") {
    const uint64_t s =
        use_gen ? gen->initial_seed() : detail::getDefaultCPUGenerator().initial_seed();
    EXPECT_EQ(s, call.at("seed_value").get<uint64_t>());
    return {};
  }
  if (fn == "rand") return rand(size_of(call), g, opts);
  if (fn == "randn") return randn(size_of(call), g, opts);
  if (fn == "randint") {
    const auto high = call.at("high").get<int64_t>();
    if (call.contains("low"))
      return randint(call.at("low").get<int64_t>(), high, size_of(call), g, opts);
    return randint(high, size_of(call), g, opts);
  }
  if (fn == "randperm") return randperm(call.at("n").get<int64_t>(), g, opts);
  if (fn == "normal") {
    return normal(number(call.at("mean")), number(call.at("std")), size_of(call), g, opts);
  }
  if (fn == "normal_tensor") {
    const json& m = call.at("mean");
    const json& s = call.at("std");
    if (m.is_object() && s.is_object()) return normal(arg_tensor(m), arg_tensor(s), g);
    if (m.is_object()) return normal(arg_tensor(m), s.get<double>(), g);
    return normal(m.get<double>(), arg_tensor(s), g);
  }
  if (fn == "rand_like") return rand_like(arg_tensor(call.at("self")), opts);
  if (fn == "randn_like") return randn_like(arg_tensor(call.at("self")), opts);
  if (fn == "randint_like") {
    const Tensor self = arg_tensor(call.at("self"));
    const auto high = call.at("high").get<int64_t>();
    if (call.contains("low")) return randint_like(self, call.at("low").get<int64_t>(), high, opts);
    return randint_like(self, high, opts);
  }
  if (fn == "multinomial") {
    return multinomial(arg_tensor(call.at("self")), call.at("n").get<int64_t>(),
                       call.at("replacement").get<bool>(), g);
  }
  if (fn == "exponential_") {
    const auto dtype = ember_test::dtype_from_name(call.at("dtype").get<std::string>());
    Tensor t = empty(size_of(call), dtype);
    if (call.value("transpose", false)) t = t.t();
    return t.exponential_(call.at("lambd").get<double>(), g);
  }
  ADD_FAILURE() << "unknown fn " << fn;
  return {};
}

TEST_P(RandomCase, MatchesPyTorch) {
  const json& c = all_cases().at(GetParam());
  DefaultDtypeGuard guard;
  if (c.contains("default_dtype")) {
    set_default_dtype(ember_test::dtype_from_name(c.at("default_dtype").get<std::string>()));
  }
  if (!c.at("seed").is_null()) manual_seed(c.at("seed").get<uint64_t>());
  std::optional<Generator> gen;
  if (c.contains("gen_seed")) {
    gen = Generator();
    if (!c.at("gen_seed").is_null()) gen->manual_seed(c.at("gen_seed").get<uint64_t>());
  }
  int index = 0;
  for (const json& call : c.at("calls")) {
    SCOPED_TRACE(c.at("name").get<std::string>() + " call " + std::to_string(index++) + " (" +
                 call.at("fn").get<std::string>() + ")");
    if (call.contains("error")) {
      const std::string expected = call.at("error").at("message").get<std::string>();
      try {
        run_call(call, gen);
        ADD_FAILURE() << "expected the error: " << expected;
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), expected);
      }
      continue;
    }
    Tensor got = run_call(call, gen);
    if (!call.contains("result")) continue;
    ASSERT_TRUE(got.defined());
    EXPECT_TRUE(same_tensor(got, tensor_from_reference(call.at("result"))));
  }
}

INSTANTIATE_TEST_SUITE_P(Reference, RandomCase, ::testing::Range<size_t>(0, all_cases().size()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           static const std::vector<std::string> names = case_names();
                           return names.at(info.param);
                         });

// ---- properties not tied to one reference case -------------------------------------------------

TEST(Random, GeneratorDefaultSeed) {
  EXPECT_EQ(Generator().initial_seed(), default_rng_seed_val);
  EXPECT_EQ(default_rng_seed_val, 67280421310721ULL);
}

TEST(Random, ManualSeedTruncatesToUint32ButKeepsSeed) {
  Generator a = make_generator(5);
  Generator b = make_generator((uint64_t{1} << 32) + 5);
  EXPECT_EQ(b.initial_seed(), (uint64_t{1} << 32) + 5);
  EXPECT_TRUE(same_tensor(rand({8}, a), rand({8}, b)));
}

TEST(Random, SameSeedSameNumbers) {
  manual_seed(123);
  Tensor a = randn({3, 5});
  manual_seed(123);
  Tensor b = randn({3, 5});
  EXPECT_TRUE(same_tensor(a, b));
}

TEST(Random, OptionsAreHonoured) {
  manual_seed(0);
  EXPECT_EQ(rand({2}).dtype(), kFloat);
  EXPECT_EQ(randint(5, {2}).dtype(), kLong);
  EXPECT_EQ(randperm(4).dtype(), kLong);
  EXPECT_EQ(randn({2}, dtype(kDouble)).dtype(), kDouble);
  EXPECT_TRUE(rand({2}, requires_grad()).requires_grad());
  EXPECT_TRUE(normal(0, 1, {2}, std::nullopt, requires_grad()).requires_grad());
  EXPECT_FALSE(rand_like(zeros({2}, requires_grad())).requires_grad());
  try {
    randint(3, {2}, requires_grad());
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "Only Tensors of floating point and complex dtype can require gradients");
  }
  EXPECT_EQ(randint_like(zeros({2}, kInt), 7).dtype(), kInt);
  EXPECT_EQ(randn_like(zeros({2}, kDouble), kHalf).dtype(), kHalf);
}

}  // namespace
