// ember::optim against real PyTorch 1.13 (tests/reference/optim.json, from gen_optim.py): the
// optimizers' trajectories on a least-squares problem, the learning-rate schedules and the option
// errors; plus libtorch 1.13's C++ behaviour where it is C++-only (zero_grad, param groups,
// state keys, StepLR's counting), as a libtorch probe showed it.
#include <ember/optim/optim.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "error_of.h"
#include "reference.h"

namespace torch = ember;  // the libtorch spelling must compile unchanged

namespace {

using ember_test::reference;
using ember_test::same_tensor;
using ember_test::tensor_from_reference;
using json = nlohmann::json;
using ember::Tensor;

double hex(const json& j) { return std::strtod(j.get<std::string>().c_str(), nullptr); }

const json& optim_ref() { return reference("optim"); }

const json& find_case(const std::string& name) {
  for (const auto& c : optim_ref().at("cases")) {
    if (c.at("name") == name) return c;
  }
  throw std::runtime_error("no reference case " + name);
}

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  for (const auto& c : optim_ref().at("cases")) names.push_back(c.at("name"));
  return names;
}

// ---- building an optimizer from a reference case --------------------------------------------

torch::optim::SGDOptions sgd_options(const json& g) {
  return torch::optim::SGDOptions(hex(g.at("lr")))
      .momentum(hex(g.at("momentum")))
      .dampening(hex(g.at("dampening")))
      .weight_decay(hex(g.at("weight_decay")))
      .nesterov(g.at("nesterov").get<bool>());
}

template <class Options>
Options adam_like_options(const json& g) {
  return Options(hex(g.at("lr")))
      .betas({hex(g.at("betas")[0]), hex(g.at("betas")[1])})
      .eps(hex(g.at("eps")))
      .weight_decay(hex(g.at("weight_decay")))
      .amsgrad(g.at("amsgrad").get<bool>());
}

torch::optim::RMSpropOptions rmsprop_options(const json& g) {
  return torch::optim::RMSpropOptions(hex(g.at("lr")))
      .alpha(hex(g.at("alpha")))
      .eps(hex(g.at("eps")))
      .weight_decay(hex(g.at("weight_decay")))
      .momentum(hex(g.at("momentum")))
      .centered(g.at("centered").get<bool>());
}

// The case's optimizer over {w, b}: one group, or group 0 = {w} and group 1 = {b}. A group whose
// options equal the defaults is given none (the optimizer fills in its defaults).
template <class Opt, class Options>
std::unique_ptr<torch::optim::Optimizer> build(const json& c, Options (*make)(const json&),
                                               const Tensor& w, const Tensor& b) {
  const Options defaults = make(c.at("defaults"));
  const auto& groups = c.at("groups");
  if (groups.size() == 1) return std::make_unique<Opt>(std::vector<Tensor>{w, b}, defaults);
  std::vector<torch::optim::OptimizerParamGroup> param_groups;
  const Tensor params[2] = {w, b};
  for (size_t i = 0; i < 2; ++i) {
    const Options options = make(groups[i]);
    if (options == defaults) {
      param_groups.emplace_back(std::vector<Tensor>{params[i]});
    } else {
      param_groups.emplace_back(std::vector<Tensor>{params[i]}, std::make_unique<Options>(options));
    }
  }
  return std::make_unique<Opt>(param_groups, defaults);
}

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const json& c, const Tensor& w,
                                                        const Tensor& b) {
  const std::string kind = c.at("optimizer");
  if (kind == "SGD") return build<torch::optim::SGD>(c, &sgd_options, w, b);
  if (kind == "Adam") {
    return build<torch::optim::Adam>(c, &adam_like_options<torch::optim::AdamOptions>, w, b);
  }
  if (kind == "AdamW") {
    return build<torch::optim::AdamW>(c, &adam_like_options<torch::optim::AdamWOptions>, w, b);
  }
  return build<torch::optim::RMSprop>(c, &rmsprop_options, w, b);
}

ember::ScalarType case_dtype(const json& c) {
  return c.at("layout").value("dtype", std::string("float32")) == "float64" ? ember::kDouble
                                                                            : ember::kFloat;
}

// The initial parameters of a case (W transposed-contiguous where the case says so).
std::pair<Tensor, Tensor> initial_params(const json& c) {
  const auto& problem = optim_ref().at("problem");
  const auto dt = case_dtype(c);
  Tensor w0 = tensor_from_reference(problem.at("W0")).to(dt);
  Tensor w = c.at("layout").value("transposed_w", false) ? w0.t().contiguous().t() : w0.clone();
  Tensor b = tensor_from_reference(problem.at("b0")).to(dt).clone();
  w.requires_grad_();
  b.requires_grad_();
  return {w, b};
}

// ---- trajectories ------------------------------------------------------------------------------

class Trajectory : public ::testing::TestWithParam<std::string> {};

// PyTorch's gradients fed in at every step: ember's updates must reproduce PyTorch's parameters
// bit for bit (same operations, same roundings, fused multiply-adds where PyTorch fuses them).
TEST_P(Trajectory, ExactWithPyTorchGradients) {
  const json& c = find_case(GetParam());
  auto [w, b] = initial_params(c);
  if (c.at("layout").value("transposed_w", false)) {
    ASSERT_FALSE(w.is_contiguous());
  }
  auto opt = make_optimizer(c, w, b);
  int step = 0;
  for (const auto& s : c.at("steps")) {
    ++step;
    w.mutable_grad() = tensor_from_reference(s.at("grads")[0]);
    b.mutable_grad() = tensor_from_reference(s.at("grads")[1]);
    opt->step();
    ASSERT_TRUE(same_tensor(w.detach(), tensor_from_reference(s.at("params")[0])))
        << "W after step " << step;
    ASSERT_TRUE(same_tensor(b.detach(), tensor_from_reference(s.at("params")[1])))
        << "b after step " << step;
  }
}

// The whole loop in ember (forward, backward, zero_grad, step): the gradients come from ember's
// autograd and its own GEMM, whose sums round differently from PyTorch's (OpenBLAS), so
// parameters agree within float tolerance (float64: tighter). RMSprop and Adam divide by the root
// of the squared-gradient average, which turns last-bit gradient differences into relative
// parameter differences of a few 1e-7 in float32 after 20 steps.
TEST_P(Trajectory, TrainingLoopClose) {
  const json& c = find_case(GetParam());
  const auto& problem = optim_ref().at("problem");
  const auto dt = case_dtype(c);
  const double rtol = dt == ember::kDouble ? 1e-12 : 1e-5;
  const double atol = dt == ember::kDouble ? 1e-15 : 1e-6;
  Tensor X = tensor_from_reference(problem.at("X")).to(dt);
  Tensor Y = tensor_from_reference(problem.at("Y")).to(dt);
  auto [w, b] = initial_params(c);
  auto opt = make_optimizer(c, w, b);
  int step = 0;
  for (const auto& s : c.at("steps")) {
    ++step;
    opt->zero_grad();
    Tensor loss = (X.matmul(w) + b - Y).pow(2).mean();
    loss.backward();
    opt->step();
    EXPECT_NEAR(loss.item<double>(), hex(s.at("loss")), 1e-6) << "loss at step " << step;
    for (int i = 0; i < 2; ++i) {
      Tensor got = (i == 0 ? w : b).detach().to(ember::kDouble);
      Tensor want = tensor_from_reference(s.at("params")[i]).to(ember::kDouble);
      const double err = ((got - want).abs() - want.abs() * rtol).max().item<double>();
      ASSERT_LE(err, atol) << (i == 0 ? "W" : "b") << " after step " << step << "\n"
                           << got << "\n"
                           << want;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(PyTorch, Trajectory, ::testing::ValuesIn(case_names()),
                         [](const auto& info) { return info.param; });

// ---- libtorch's API and C++ behaviour --------------------------------------------------------

TEST(Optim, LibtorchSpelling) {
  auto w = torch::ones({3}, torch::requires_grad());
  torch::optim::SGD opt({w}, torch::optim::SGDOptions(0.1).momentum(0.9));
  opt.zero_grad();
  auto loss = (w * w).sum();
  loss.backward();
  opt.step();
  // p -= 0.1 * 2p on the first step (the momentum buffer starts as the gradient).
  EXPECT_TRUE(w.allclose(torch::full({3}, 0.8f)));
  auto& options = static_cast<torch::optim::SGDOptions&>(opt.param_groups()[0].options());
  EXPECT_EQ(options.momentum(), 0.9);
  options.lr(0.5);
  EXPECT_EQ(opt.param_groups()[0].options().get_lr(), 0.5);
  auto& state = static_cast<torch::optim::SGDParamState&>(
      *opt.state().at(torch::optim::Optimizer::param_key(w)));
  EXPECT_TRUE(state.momentum_buffer().defined());
}

TEST(Optim, OptionDefaultsAreLibtorchs) {
  torch::optim::SGDOptions sgd(0.1);
  EXPECT_EQ(sgd.lr(), 0.1);
  EXPECT_EQ(sgd.momentum(), 0);
  EXPECT_EQ(sgd.dampening(), 0);
  EXPECT_EQ(sgd.weight_decay(), 0);
  EXPECT_FALSE(sgd.nesterov());
  torch::optim::AdamOptions adam;
  EXPECT_EQ(adam.lr(), 1e-3);
  EXPECT_EQ(std::get<0>(adam.betas()), 0.9);
  EXPECT_EQ(std::get<1>(adam.betas()), 0.999);
  EXPECT_EQ(adam.eps(), 1e-8);
  EXPECT_EQ(adam.weight_decay(), 0);
  EXPECT_FALSE(adam.amsgrad());
  torch::optim::AdamWOptions adamw;
  EXPECT_EQ(adamw.lr(), 1e-3);
  EXPECT_EQ(adamw.weight_decay(), 1e-2);
  EXPECT_EQ(adamw.eps(), 1e-8);
  torch::optim::RMSpropOptions rms;
  EXPECT_EQ(rms.lr(), 1e-2);
  EXPECT_EQ(rms.alpha(), 0.99);
  EXPECT_EQ(rms.eps(), 1e-8);
  EXPECT_EQ(rms.momentum(), 0);
  EXPECT_FALSE(rms.centered());
  EXPECT_EQ(torch::optim::AdamOptions(0.5).lr(), 0.5);
  EXPECT_TRUE(torch::optim::AdamOptions() == torch::optim::AdamOptions());
  EXPECT_FALSE(torch::optim::AdamOptions() == torch::optim::AdamOptions().amsgrad(true));
}

TEST(Optim, OptionsCloneAndLr) {
  std::unique_ptr<torch::optim::OptimizerOptions> options =
      std::make_unique<torch::optim::RMSpropOptions>(torch::optim::RMSpropOptions(0.3).alpha(0.5));
  auto copy = options->clone();
  copy->set_lr(0.7);
  EXPECT_EQ(options->get_lr(), 0.3);
  EXPECT_EQ(copy->get_lr(), 0.7);
  EXPECT_EQ(static_cast<torch::optim::RMSpropOptions&>(*copy).alpha(), 0.5);
}

// libtorch 1.13's C++ zero_grad (unlike Python 2.x's set_to_none default): gradients stay
// defined, become zeros in place (the same tensor) and lose their history.
TEST(Optim, ZeroGradZeroesInPlace) {
  auto w = torch::tensor({1.0f, 2.0f}, torch::requires_grad());
  auto unused = torch::tensor({1.0f}, torch::requires_grad());
  (w * w * w).sum().backward({}, true, /*create_graph=*/true);
  ASSERT_NE(w.grad().grad_fn(), nullptr);
  Tensor grad = w.grad();
  torch::optim::Adam opt({w, unused});
  opt.zero_grad();
  EXPECT_TRUE(w.grad().defined());
  EXPECT_TRUE(w.grad().is_same(grad));
  EXPECT_EQ(w.grad().grad_fn(), nullptr);
  EXPECT_FALSE(w.grad().requires_grad());
  EXPECT_TRUE(same_tensor(w.grad(), torch::zeros({2})));
  EXPECT_FALSE(unused.grad().defined());
  // Accumulating after zero_grad starts from zero.
  (w * 3).sum().backward();
  EXPECT_TRUE(same_tensor(w.grad(), torch::full({2}, 3.0f)));
}

TEST(Optim, ParametersWithoutGradientAreSkipped) {
  auto w = torch::tensor({1.0f, 2.0f}, torch::requires_grad());
  auto frozen = torch::tensor({5.0f}, torch::requires_grad());
  torch::optim::RMSprop opt({w, frozen}, torch::optim::RMSpropOptions(0.1).momentum(0.9));
  (w * w).sum().backward();
  opt.step();
  opt.step();
  EXPECT_TRUE(same_tensor(frozen.detach(), torch::tensor({5.0f})));
  EXPECT_EQ(opt.state().size(), 1u);
  EXPECT_EQ(opt.state().count(torch::optim::Optimizer::param_key(frozen)), 0u);
}

TEST(Optim, StateAsLibtorchKeepsIt) {
  auto w = torch::tensor({1.0f, -2.0f}, torch::requires_grad());
  auto b = torch::tensor({0.5f}, torch::requires_grad());
  torch::optim::Adam adam({w, b}, torch::optim::AdamOptions(0.1).amsgrad(true));
  for (int i = 0; i < 3; ++i) {
    adam.zero_grad();
    ((w * w).sum() + b.sum()).backward();
    adam.step();
  }
  ASSERT_EQ(adam.state().size(), 2u);
  std::ostringstream key;
  key << static_cast<const void*>(w.unsafeGetTensorImpl());
  auto& s = static_cast<torch::optim::AdamParamState&>(*adam.state().at(key.str()));
  EXPECT_EQ(s.step(), 3);
  EXPECT_TRUE(s.exp_avg().defined());
  EXPECT_TRUE(s.exp_avg_sq().defined());
  EXPECT_TRUE(s.max_exp_avg_sq().defined());
  EXPECT_FALSE(s.exp_avg().requires_grad());
  auto copy = static_cast<const torch::optim::OptimizerParamState&>(s)
                  .clone();  // private in the derived class, as in libtorch
  EXPECT_TRUE(static_cast<torch::optim::AdamParamState&>(*copy) == s);

  torch::optim::SGD plain({w}, torch::optim::SGDOptions(0.1));
  plain.step();
  EXPECT_TRUE(plain.state().empty());  // no momentum, no state

  torch::optim::RMSprop rms({w}, torch::optim::RMSpropOptions(0.1).centered(true));
  rms.step();
  auto& r = static_cast<torch::optim::RMSpropParamState&>(
      *rms.state().at(torch::optim::Optimizer::param_key(w)));
  EXPECT_EQ(r.step(), 1);
  EXPECT_TRUE(r.grad_avg().defined());
  EXPECT_FALSE(r.momentum_buffer().defined());
}

TEST(Optim, StepRunsClosureWithGradAndReturnsItsLoss) {
  auto w = torch::tensor({1.0f, 2.0f}, torch::requires_grad());
  torch::optim::SGD opt({w}, torch::optim::SGDOptions(0.25));
  torch::NoGradGuard no_grad;  // the closure still records
  Tensor loss = opt.step([&] {
    opt.zero_grad();
    Tensor l = (w * w).sum();
    l.backward();
    return l;
  });
  EXPECT_EQ(loss.item<float>(), 5.0f);
  EXPECT_TRUE(same_tensor(w.detach(), torch::tensor({0.5f, 1.0f})));
  EXPECT_FALSE(opt.step().defined());  // no closure: an undefined loss
}

TEST(Optim, StepDoesNotRecordHistory) {
  auto w = torch::tensor({1.0f, 2.0f}, torch::requires_grad());
  torch::optim::AdamW opt({w});
  (w * w).sum().backward();
  const auto version = w._version();
  opt.step();
  EXPECT_TRUE(w.is_leaf());
  EXPECT_TRUE(w.requires_grad());
  EXPECT_GT(w._version(), version);  // updated in place
}

TEST(Optim, ParamGroups) {
  auto a = torch::ones({2}, torch::requires_grad());
  auto b = torch::ones({3}, torch::requires_grad());
  auto c = torch::ones({1}, torch::requires_grad());
  torch::optim::SGD opt({a}, torch::optim::SGDOptions(0.1));
  EXPECT_EQ(opt.param_groups().size(), 1u);
  opt.add_param_group(torch::optim::OptimizerParamGroup({b}));
  opt.add_param_group(torch::optim::OptimizerParamGroup(
      {c}, std::make_unique<torch::optim::SGDOptions>(torch::optim::SGDOptions(1.0))));
  ASSERT_EQ(opt.param_groups().size(), 3u);
  EXPECT_EQ(opt.param_groups()[1].options().get_lr(), 0.1);  // the defaults, copied
  EXPECT_EQ(opt.param_groups()[2].options().get_lr(), 1.0);
  EXPECT_EQ(opt.size(), 3u);
  EXPECT_EQ(opt.parameters().size(), 1u);
  EXPECT_EQ(opt.defaults().get_lr(), 0.1);
  // Changing one group's options leaves the defaults and other groups alone.
  opt.param_groups()[1].options().set_lr(0.2);
  EXPECT_EQ(opt.defaults().get_lr(), 0.1);
  EXPECT_EQ(opt.param_groups()[0].options().get_lr(), 0.1);
  ((a.sum() + b.sum()) + c.sum()).backward();
  opt.step();
  EXPECT_TRUE(same_tensor(a.detach(), torch::full({2}, 0.9f)));
  EXPECT_TRUE(same_tensor(b.detach(), torch::full({3}, 0.8f)));
  EXPECT_TRUE(same_tensor(c.detach(), torch::full({1}, 0.0f)));
  // add_parameters extends the first group.
  auto d = torch::ones({1}, torch::requires_grad());
  opt.add_parameters({d});
  EXPECT_EQ(opt.parameters().size(), 2u);
  EXPECT_EQ(opt.size(), 4u);
  // Group copies clone their options.
  torch::optim::OptimizerParamGroup copy(opt.param_groups()[2]);
  copy.options().set_lr(3.0);
  EXPECT_EQ(opt.param_groups()[2].options().get_lr(), 1.0);
}

TEST(Optim, OptimizerIsMovable) {
  auto w = torch::tensor({1.0f}, torch::requires_grad());
  torch::optim::SGD a({w}, torch::optim::SGDOptions(0.5).momentum(0.5));
  (w * 2).sum().backward();
  a.step();
  torch::optim::SGD b(std::move(a));
  b.step();
  // Step 1: buf = 2, w = 1 - 1 = 0; step 2: buf = 0.5 * 2 + 2 = 3, w = 0 - 1.5.
  EXPECT_TRUE(same_tensor(w.detach(), torch::tensor({-1.5f})));
}

// ---- errors ------------------------------------------------------------------------------------

using ember_test::error_of;

TEST(OptimErrors, InvalidOptionsAsPyTorch) {
  const auto& e = optim_ref().at("errors");
  auto p = std::vector<Tensor>{torch::zeros({2}, torch::requires_grad())};
  using namespace torch::optim;
  auto check = [&](const char* key, auto make) {
    EXPECT_EQ(error_of(make), e.at(key).at("message").get<std::string>()) << key;
  };
  check("sgd_lr", [&] { SGD(p, SGDOptions(-0.1)); });
  check("sgd_momentum", [&] { SGD(p, SGDOptions(0.1).momentum(-0.5)); });
  check("sgd_weight_decay", [&] { SGD(p, SGDOptions(0.1).weight_decay(-0.001)); });
  check("sgd_nesterov_no_momentum", [&] { SGD(p, SGDOptions(0.1).nesterov(true)); });
  check("sgd_nesterov_dampening",
        [&] { SGD(p, SGDOptions(0.1).momentum(0.9).dampening(0.1).nesterov(true)); });
  check("adam_lr", [&] { Adam(p, AdamOptions(-0.5)); });
  check("adam_eps", [&] { Adam(p, AdamOptions().eps(-1e-08)); });
  check("adam_beta0", [&] { Adam(p, AdamOptions().betas({1.5, 0.999})); });
  check("adam_beta1", [&] { Adam(p, AdamOptions().betas({0.9, -0.1})); });
  check("adam_weight_decay", [&] { Adam(p, AdamOptions().weight_decay(-0.1)); });
  check("adamw_lr", [&] { AdamW(p, AdamWOptions(-0.1)); });
  check("adamw_eps", [&] { AdamW(p, AdamWOptions().eps(-0.1)); });
  check("adamw_beta0", [&] { AdamW(p, AdamWOptions().betas({-0.5, 0.999})); });
  check("adamw_beta1", [&] { AdamW(p, AdamWOptions().betas({0.9, 1.5})); });
  check("adamw_weight_decay", [&] { AdamW(p, AdamWOptions().weight_decay(-0.01)); });
  check("rmsprop_lr", [&] { RMSprop(p, RMSpropOptions(-0.1)); });
  check("rmsprop_eps", [&] { RMSprop(p, RMSpropOptions().eps(-0.1)); });
  check("rmsprop_momentum", [&] { RMSprop(p, RMSpropOptions().momentum(-0.5)); });
  check("rmsprop_weight_decay", [&] { RMSprop(p, RMSpropOptions().weight_decay(-0.5)); });
  check("rmsprop_alpha", [&] { RMSprop(p, RMSpropOptions().alpha(-0.5)); });
  check("non_leaf", [&] { SGD({p[0] * 2}, SGDOptions(0.1)); });
}

// Messages only libtorch has (as its 1.13 build prints them).
TEST(OptimErrors, LibtorchOnly) {
  using namespace torch::optim;
  auto p = torch::ones({2}, torch::requires_grad());
  // libtorch rejects a parameter already in a group only once it has state.
  SGD sgd({p}, SGDOptions(0.1).momentum(0.9));
  EXPECT_EQ(error_of([&] { sgd.add_param_group(OptimizerParamGroup({p})); }), "(no error)");
  (p * p).sum().backward();
  sgd.step();
  EXPECT_EQ(error_of([&] { sgd.add_param_group(OptimizerParamGroup({p})); }),
            "some parameters appear in more than one parameter group");
  EXPECT_EQ(error_of([] { OptimizerParamGroup(std::vector<Tensor>{}).options(); }),
            "Expected has_options() to be true, but got false.  (Could this error message be "
            "improved?  If so, please report an enhancement request to PyTorch.)");
  EXPECT_EQ(error_of([] { OptimizerOptions().get_lr(); }),
            "double get_lr() has not been overidden and implemented in subclass of "
            "torch::optim::OptimizerOptions, you must override it in your subclass.");
  EXPECT_EQ(error_of([] { OptimizerOptions().set_lr(1); }),
            "double set_lr() has not been overidden and implemented in subclass of "
            "torch::optim::OptimizerOptions, you must override it in your subclass.");
  EXPECT_EQ(error_of([] { OptimizerOptions().clone(); }),
            "clone() has not been implemented for torch::optim::OptimizerOptions. Subclass "
            "torch::optim::OptimizerCloneableOptions<YourOptimizerOptions> instead of "
            "torch::optim::OptimizerOptions to inherit the ability to clone.");
  EXPECT_EQ(error_of([] { OptimizerParamState().clone(); }),
            "clone() has not been implemented for torch::optim::OptimizerParamState. Subclass "
            "torch::optim::OptimizerCloneableParamState<YourOptimizerParamState> instead of "
            "torch::optim::OptimizerParamState to inherit the ability to clone.");
  // Where libtorch would terminate or read out of bounds, ember throws.
  SGD empty(std::vector<OptimizerParamGroup>{}, SGDOptions(0.1));
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_NE(error_of([&] { empty.parameters(); }), "(no error)");
  EXPECT_NE(error_of([&] { empty.add_parameters({p}); }), "(no error)");
  // A group given another optimizer's options (libtorch: undefined behaviour).
  Adam adam(std::vector<OptimizerParamGroup>{OptimizerParamGroup(
                {p}, std::make_unique<SGDOptions>(SGDOptions(0.1)))},
            AdamOptions());
  EXPECT_EQ(error_of([&] { adam.step(); }), "Adam: a param group's options are not AdamOptions");
}

// ---- schedulers --------------------------------------------------------------------------------

std::vector<Tensor> one_param_per_group(size_t n) {
  std::vector<Tensor> ps;
  for (size_t i = 0; i < n; ++i) ps.push_back(torch::zeros({1}, torch::requires_grad()));
  return ps;
}

std::unique_ptr<torch::optim::SGD> sgd_with_lrs(const json& base) {
  auto ps = one_param_per_group(base.size());
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (size_t i = 0; i < base.size(); ++i) {
    groups.emplace_back(std::vector<Tensor>{ps[i]}, std::make_unique<torch::optim::SGDOptions>(
                                                        torch::optim::SGDOptions(base[i])));
  }
  return std::make_unique<torch::optim::SGD>(groups, torch::optim::SGDOptions(base[0]));
}

std::vector<double> lrs_of(const torch::optim::Optimizer& opt) {
  std::vector<double> lrs;
  for (const auto& g : opt.param_groups()) lrs.push_back(g.options().get_lr());
  return lrs;
}

std::vector<double> hex_list(const json& j) {
  std::vector<double> v;
  for (const auto& x : j) v.push_back(hex(x));
  return v;
}

// libtorch 1.13's StepLR decays one call later than Python's (its step count starts at 0 and is
// checked before counting): after k calls ember and libtorch have Python's rates after k - 1 calls.
TEST(Schedulers, StepLRAsLibtorch) {
  for (const char* name : {"step_lr_3_half", "step_lr_1_default"}) {
    const auto& s = optim_ref().at("schedules").at(name);
    auto opt = sgd_with_lrs(s.at("base"));
    const auto step_size = s.at("step_size").get<unsigned>();
    const double gamma = s.at("gamma");
    std::unique_ptr<torch::optim::StepLR> sched =
        gamma == 0.1 ? std::make_unique<torch::optim::StepLR>(*opt, step_size)
                     : std::make_unique<torch::optim::StepLR>(*opt, step_size, gamma);
    const auto& py = s.at("lrs");
    EXPECT_EQ(lrs_of(*opt), hex_list(py[0])) << name;
    for (size_t k = 1; k < py.size(); ++k) {
      opt->step();
      sched->step();
      EXPECT_EQ(lrs_of(*opt), hex_list(py[k - 1])) << name << " after " << k << " steps";
    }
  }
  // The probe's sequence for step_size 3, gamma 0.5 from lr 1: 1 1 1 1 0.5 0.5 0.5 0.25 ...
  auto opt = sgd_with_lrs(json::array({1.0}));
  torch::optim::StepLR sched(*opt, 3, 0.5);
  std::vector<double> seen;
  for (int i = 0; i < 8; ++i) {
    seen.push_back(opt->param_groups()[0].options().get_lr());
    sched.step();
  }
  EXPECT_EQ(seen, (std::vector<double>{1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25}));
}

TEST(Schedulers, StepLRZeroStepSizeThrows) {
  auto opt = sgd_with_lrs(json::array({1.0}));
  torch::optim::StepLR sched(*opt, 0);
  sched.step();  // the first step never decays
  EXPECT_EQ(error_of([&] { sched.step(); }), "integer division or modulo by zero");
}

// ember::optim::CosineAnnealingLR follows Python's, bit for bit, including the rise after T_max.
TEST(Schedulers, CosineAnnealingLRAsPython) {
  for (const char* name : {"cosine_10", "cosine_7_zero_min", "cosine_1"}) {
    const auto& s = optim_ref().at("schedules").at(name);
    auto opt = sgd_with_lrs(s.at("base"));
    const auto T_max = s.at("T_max").get<int64_t>();
    const double eta_min = s.at("eta_min");
    std::unique_ptr<ember::optim::CosineAnnealingLR> sched =
        eta_min == 0 ? std::make_unique<ember::optim::CosineAnnealingLR>(*opt, T_max)
                     : std::make_unique<ember::optim::CosineAnnealingLR>(*opt, T_max, eta_min);
    const auto& py = s.at("lrs");
    EXPECT_EQ(lrs_of(*opt), hex_list(py[0])) << name;
    EXPECT_EQ(sched->get_last_lr(), hex_list(py[0])) << name;
    for (size_t k = 1; k < py.size(); ++k) {
      opt->step();
      sched->step();
      EXPECT_EQ(lrs_of(*opt), hex_list(py[k])) << name << " after " << k << " steps";
      EXPECT_EQ(sched->get_last_lr(), lrs_of(*opt)) << name;
    }
  }
}

TEST(Schedulers, CosineAnnealingLRErrors) {
  auto opt = sgd_with_lrs(json::array({1.0}));
  ember::optim::CosineAnnealingLR zero(*opt, 0);
  EXPECT_EQ(error_of([&] { zero.step(); }), "integer division or modulo by zero");
  ember::optim::CosineAnnealingLR sched(*opt, 5);
  opt->add_param_group(torch::optim::OptimizerParamGroup(one_param_per_group(1)));
  EXPECT_EQ(error_of([&] { sched.step(); }),
            "CosineAnnealingLR: the optimizer has 2 param groups but had 1 when the scheduler "
            "was created");
}

TEST(Schedulers, LearningRateCountMustMatchGroups) {
  struct TwoRates : torch::optim::LRScheduler {
    using LRScheduler::LRScheduler;
    std::vector<double> get_lrs() override { return {1, 2}; }
  };
  auto opt = sgd_with_lrs(json::array({1.0}));
  TwoRates sched(*opt);
  EXPECT_EQ(error_of([&] { sched.step(); }),
            "Number of learning rates not equal to the number of param groups\n"
            "Number of learning rates given: 2\nNumber of param groups: 1");
}

// A scheduler driving training: the optimizer uses the rate the scheduler set.
TEST(Schedulers, OptimizerUsesScheduledRate) {
  auto w = torch::tensor({1.0f}, torch::requires_grad());
  torch::optim::SGD opt({w}, torch::optim::SGDOptions(1.0));
  torch::optim::StepLR sched(opt, 1, 0.5);
  sched.step();  // libtorch: the first call keeps 1.0
  sched.step();  // 0.5
  w.sum().backward();
  opt.step();
  EXPECT_TRUE(same_tensor(w.detach(), torch::tensor({0.5f})));
}

}  // namespace
