// Tensor printing against Python's repr (tests/reference/repr.json, from gen_repr.py).
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "ember/core/repr.h"
#include "reference.h"

namespace {

using nlohmann::json;

ember::ScalarType dtype_named(const std::string& name) {
  for (int i = 0; i < ember::kNumScalarTypes; ++i) {
    auto t = static_cast<ember::ScalarType>(i);
    if (ember::python_name(t) == name) return t;
  }
  throw std::runtime_error("unknown dtype " + name);
}

std::string replace_torch(std::string s) {
  const std::string from = "torch.", to = "ember.";
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

// The base tensor, element by element (the floating values are Python reprs of doubles, exact
// in the case's dtype).
ember::Tensor build_base(const json& c) {
  const ember::ScalarType dt = dtype_named(c.at("dtype").get<std::string>());
  const auto sizes = c.at("shape").get<std::vector<int64_t>>();
  const json& values = c.at("values");
  ember::Tensor t = ember::empty(sizes, ember::dtype(dt));
  EXPECT_EQ(static_cast<size_t>(t.numel()), values.size());
  ember::visit_dtype(dt, [&]<class T>() {
    T* p = t.data_ptr<T>();
    for (size_t i = 0; i < values.size(); ++i) {
      if constexpr (std::is_same_v<T, bool>) {
        p[i] = values[i].get<bool>();
      } else if constexpr (std::is_integral_v<T>) {
        p[i] = static_cast<T>(values[i].get<int64_t>());
      } else {
        const double d = std::strtod(values[i].get<std::string>().c_str(), nullptr);
        if constexpr (std::is_same_v<T, double>) {
          p[i] = d;
        } else {
          p[i] = T(static_cast<float>(d));
        }
      }
    }
  });
  return t;
}

ember::Tensor apply_transform(ember::Tensor t, const json& transform) {
  for (const json& op : transform) {
    const auto kind = op.at("op").get<std::string>();
    if (kind == "t") {
      t = t.t();
    } else if (kind == "transpose") {
      t = t.transpose(op.at("dim0").get<int64_t>(), op.at("dim1").get<int64_t>());
    } else if (kind == "narrow") {
      t = t.narrow(op.at("dim").get<int64_t>(), op.at("start").get<int64_t>(),
                   op.at("length").get<int64_t>());
    } else if (kind == "select") {
      t = t.select(op.at("dim").get<int64_t>(), op.at("index").get<int64_t>());
    } else if (kind == "as_strided") {
      t = t.as_strided(op.at("size").get<std::vector<int64_t>>(),
                       op.at("stride").get<std::vector<int64_t>>(), op.at("offset").get<int64_t>());
    } else {
      throw std::runtime_error("unknown transform " + kind);
    }
  }
  return t;
}

// Sets the default dtype and print options for one case; restores them on destruction.
class Settings {
 public:
  Settings(const json& c)
      : dtype_(ember::get_default_dtype()), options_(ember::get_printoptions()) {
    ember::set_default_dtype(dtype_named(c.at("default_dtype").get<std::string>()));
    ember::PrintOptions o;  // Python applies the case's options to the defaults
    const json& p = c.at("printoptions");
    if (p.contains("precision")) o.precision = p["precision"].get<int>();
    if (p.contains("threshold")) o.threshold = p["threshold"].get<int64_t>();
    if (p.contains("edgeitems")) o.edgeitems = p["edgeitems"].get<int64_t>();
    if (p.contains("linewidth")) o.linewidth = p["linewidth"].get<int64_t>();
    if (p.contains("sci_mode") && !p["sci_mode"].is_null()) o.sci_mode = p["sci_mode"].get<bool>();
    ember::set_printoptions(o);
  }
  ~Settings() {
    ember::set_default_dtype(dtype_);
    ember::set_printoptions(options_);
  }
  Settings(const Settings&) = delete;
  Settings& operator=(const Settings&) = delete;

 private:
  ember::ScalarType dtype_;
  ember::PrintOptions options_;
};

struct Case {
  std::string name;
  const json* data;
};

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  try {
    for (const json& c : ember_test::reference("repr").at("cases")) {
      cases.push_back({c.at("name").get<std::string>(), &c});
    }
  } catch (const std::exception&) {
    // ReprReference.FileLoads reports the problem.
  }
  return cases;
}

class ReprReference : public ::testing::TestWithParam<Case> {};

TEST_P(ReprReference, MatchesPython) {
  const json& c = *GetParam().data;
  SCOPED_TRACE("repr case " + GetParam().name);
  ember::Tensor t = apply_transform(build_base(c), c.at("transform"));
  if (c.at("requires_grad").get<bool>()) t.requires_grad_();
  Settings settings(c);
  EXPECT_EQ(ember::repr(t), replace_torch(c.at("expected").get<std::string>()))
      << "repr case '" << GetParam().name << "' differs";
}

INSTANTIATE_TEST_SUITE_P(Repr, ReprReference, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(ReprFile, Loads) {
  const json& ref = ember_test::reference("repr");
  EXPECT_GE(ref.at("cases").size(), 150u);
}

// ---- hand-written -------------------------------------------------------------------------------

class ReprOptions : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = ember::get_printoptions(); }
  void TearDown() override { ember::set_printoptions(saved_); }
  ember::PrintOptions saved_;
};

TEST_F(ReprOptions, BothPathsAgreeAndOstreamIsLibtorchs) {
  auto t = ember::tensor({1.0, 2.5});
  const std::string expected = "tensor([1.0000, 2.5000])";
  EXPECT_EQ(ember::repr(t), expected);
  EXPECT_EQ(t.repr(), expected);
  // operator<< and toString() are libtorch's (tests/libtorch/print_formats.cpp covers them).
  EXPECT_EQ(t.toString(), "CPUFloatType");
  std::ostringstream os;
  os << t;
  EXPECT_EQ(os.str(), " 1.0000\n 2.5000\n[ CPUFloatType{2} ]");
}

TEST_F(ReprOptions, DefaultsAndRoundTrip) {
  ember::set_printoptions(ember::PrintOptions{});
  ember::PrintOptions o = ember::get_printoptions();
  EXPECT_EQ(o.precision, 4);
  EXPECT_EQ(o.threshold, 1000);
  EXPECT_EQ(o.edgeitems, 3);
  EXPECT_EQ(o.linewidth, 80);
  EXPECT_FALSE(o.sci_mode.has_value());
  o.precision = 2;
  o.sci_mode = true;
  ember::set_printoptions(o);
  EXPECT_EQ(ember::get_printoptions().precision, 2);
  EXPECT_EQ(ember::get_printoptions().sci_mode, std::optional<bool>(true));
  EXPECT_EQ(ember::repr(ember::tensor({1.5, -2.25})), "tensor([1.50e+00, -2.25e+00])");
}

TEST_F(ReprOptions, Profiles) {
  ember::set_printoptions_profile("short");
  EXPECT_EQ(ember::get_printoptions().precision, 2);
  EXPECT_EQ(ember::get_printoptions().edgeitems, 2);
  EXPECT_EQ(ember::repr(ember::arange(10)), "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])");
  ember::set_printoptions_profile("full");
  const std::string full = ember::repr(ember::arange(2000));
  EXPECT_EQ(full.find("..."), std::string::npos);
  ember::set_printoptions_profile("default");
  EXPECT_EQ(ember::repr(ember::arange(2000)), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])");
  EXPECT_THROW(ember::set_printoptions_profile("long"), ember::Error);
}

TEST_F(ReprOptions, RejectsNegativeOptions) {
  ember::PrintOptions o;
  o.precision = -1;
  EXPECT_THROW(ember::set_printoptions(o), ember::Error);
  o = ember::PrintOptions{};
  o.edgeitems = -2;
  EXPECT_THROW(ember::set_printoptions(o), ember::Error);
}

TEST(Repr, Threshold5SummarizesArange) {
  ember::PrintOptions saved = ember::get_printoptions();
  ember::PrintOptions o;
  o.threshold = 5;
  ember::set_printoptions(o);
  EXPECT_EQ(ember::repr(ember::arange(10)), "tensor([0, 1, 2,  ..., 7, 8, 9])");
  ember::set_printoptions(saved);
}

TEST(Repr, EdgeItemsZeroFailsForMatricesAsPyTorch) {
  ember::PrintOptions saved = ember::get_printoptions();
  ember::PrintOptions o;
  o.threshold = 5;
  o.edgeitems = 0;
  ember::set_printoptions(o);
  EXPECT_THROW(ember::repr(ember::zeros({2, 5})), ember::Error);
  EXPECT_EQ(ember::repr(ember::arange(7)), "tensor([ ..., 0, 1, 2, 3, 4, 5, 6])");
  ember::set_printoptions(saved);
}

TEST(Repr, UndefinedTensor) { EXPECT_EQ(ember::repr(ember::Tensor()), "[ Tensor (undefined) ]"); }

std::optional<std::string> fake_grad_fn(const ember::Tensor& t) {
  if (t.numel() == 3) return std::string("AddBackward0");
  return std::nullopt;
}

TEST(Repr, GradFnHookWinsOverRequiresGrad) {
  ember::set_grad_fn_name_hook(&fake_grad_fn);
  auto a = ember::tensor({1.0, 2.0, 3.0});
  auto b = ember::tensor({1.0, 2.0}).requires_grad_();
  EXPECT_EQ(ember::repr(a), "tensor([1., 2., 3.], grad_fn=<AddBackward0>)");
  EXPECT_EQ(ember::repr(b), "tensor([1., 2.], requires_grad=True)");
  ember::set_grad_fn_name_hook(nullptr);
  EXPECT_EQ(ember::repr(a), "tensor([1., 2., 3.])");
}

}  // namespace
