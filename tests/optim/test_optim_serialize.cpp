// torch::save(optimizer, path) / torch::load(optimizer, path): a run that saves its optimizer and
// model, and a fresh run that loads both, take bit-identical steps afterwards.
#include <ember/ember.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "error_of.h"

namespace torch = ember;

namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "ember_optim_" + name + ".safetensors";
}

struct Net : torch::nn::Module {
  Net() {
    fc1 = register_module("fc1", torch::nn::Linear(4, 3));
    fc2 = register_module("fc2", torch::nn::Linear(3, 1));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    return fc2->forward(torch::tanh(fc1->forward(x)));
  }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};

using MakeOptimizer =
    std::function<std::unique_ptr<torch::optim::Optimizer>(std::vector<torch::Tensor>)>;

void train(Net& net, torch::optim::Optimizer& opt, int steps, uint64_t seed) {
  torch::manual_seed(seed);
  for (int i = 0; i < steps; ++i) {
    torch::Tensor x = torch::randn({8, 4});
    torch::Tensor y = torch::randn({8, 1});
    opt.zero_grad();
    torch::mse_loss(net.forward(x), y).backward();
    opt.step();
  }
}

// Trains 3 steps, saves, trains 3 more; a fresh net and optimizer load the saved state and train
// the same 3 steps: the parameters must agree exactly.
void check_resume(const std::string& name, const MakeOptimizer& make) {
  torch::manual_seed(0);
  auto net = std::make_shared<Net>();
  auto opt = make(net->parameters());
  train(*net, *opt, 3, 1);
  const std::string model_path = temp_path(name + "_model");
  const std::string opt_path = temp_path(name);
  torch::save(net, model_path);
  torch::save(*opt, opt_path);
  train(*net, *opt, 3, 2);

  torch::manual_seed(5);  // different initial values, overwritten by load
  auto fresh = std::make_shared<Net>();
  auto fresh_opt = make(fresh->parameters());
  torch::load(fresh, model_path);
  torch::load(*fresh_opt, opt_path);
  train(*fresh, *fresh_opt, 3, 2);
  auto a = net->parameters();
  auto b = fresh->parameters();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_TRUE(a[i].equal(b[i])) << name << " parameter " << i;
  std::remove(model_path.c_str());
  std::remove(opt_path.c_str());
}

TEST(OptimSerialize, SgdWithMomentumResumes) {
  check_resume("sgd", [](std::vector<torch::Tensor> p) {
    return std::make_unique<torch::optim::SGD>(
        p, torch::optim::SGDOptions(0.1).momentum(0.9).nesterov(true).weight_decay(1e-3));
  });
}

TEST(OptimSerialize, AdamResumes) {
  check_resume("adam", [](std::vector<torch::Tensor> p) {
    return std::make_unique<torch::optim::Adam>(p, torch::optim::AdamOptions(1e-2).amsgrad(true));
  });
}

TEST(OptimSerialize, AdamWResumes) {
  check_resume("adamw", [](std::vector<torch::Tensor> p) {
    return std::make_unique<torch::optim::AdamW>(p, torch::optim::AdamWOptions(1e-2));
  });
}

TEST(OptimSerialize, RmspropResumes) {
  check_resume("rmsprop", [](std::vector<torch::Tensor> p) {
    return std::make_unique<torch::optim::RMSprop>(
        p, torch::optim::RMSpropOptions(1e-2).momentum(0.5).centered(true));
  });
}

TEST(OptimSerialize, OptionsOfEachGroupAreRestored) {
  torch::Tensor w = torch::ones({2}, torch::requires_grad());
  torch::Tensor b = torch::ones({1}, torch::requires_grad());
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{w},
                      std::make_unique<torch::optim::AdamOptions>(0.5));
  groups.emplace_back(std::vector<torch::Tensor>{b},
                      std::make_unique<torch::optim::AdamOptions>(0.25));
  torch::optim::Adam opt(groups, torch::optim::AdamOptions(0.1));
  static_cast<torch::optim::AdamOptions&>(opt.param_groups()[1].options())
      .betas(std::make_tuple(0.5, 0.75));
  const std::string path = temp_path("groups");
  torch::save(opt, path);

  torch::Tensor w2 = torch::ones({2}, torch::requires_grad());
  torch::Tensor b2 = torch::ones({1}, torch::requires_grad());
  std::vector<torch::optim::OptimizerParamGroup> groups2;
  groups2.emplace_back(std::vector<torch::Tensor>{w2});
  groups2.emplace_back(std::vector<torch::Tensor>{b2});
  torch::optim::Adam loaded(groups2, torch::optim::AdamOptions(0.1));
  torch::load(loaded, path);
  const auto& o1 =
      static_cast<const torch::optim::AdamOptions&>(loaded.param_groups()[1].options());
  EXPECT_EQ(loaded.param_groups()[0].options().get_lr(), 0.5);
  EXPECT_EQ(o1.lr(), 0.25);
  EXPECT_EQ(std::get<1>(o1.betas()), 0.75);
  EXPECT_TRUE(loaded.state().empty());  // no step was taken
  std::remove(path.c_str());
}

TEST(OptimSerialize, MismatchesAreRefusedAndLeaveTheOptimizerAsItWas) {
  torch::Tensor w = torch::ones({2}, torch::requires_grad());
  torch::optim::SGD sgd({w}, torch::optim::SGDOptions(0.1).momentum(0.9));
  const std::string path = temp_path("mismatch");
  torch::save(sgd, path);

  torch::optim::Adam adam({w}, torch::optim::AdamOptions(0.1));
  EXPECT_EQ(ember_test::error_of([&] { torch::load(adam, path); }),
            "torch::load: " + path +
                " holds the state of a ember::optim::SGD optimizer, not of a ember::optim::Adam");
  torch::Tensor v = torch::ones({1}, torch::requires_grad());
  torch::optim::SGD two({w, v}, torch::optim::SGDOptions(0.3));
  EXPECT_EQ(ember_test::error_of([&] { torch::load(two, path); }),
            "loaded state dict contains a parameter group that doesn't match the size of "
            "optimizer's group");
  EXPECT_EQ(two.param_groups()[0].options().get_lr(), 0.3);

  const std::string tensors_path = temp_path("tensors");
  torch::save(std::vector<torch::Tensor>{w}, tensors_path);
  EXPECT_EQ(ember_test::error_of([&] { torch::load(sgd, tensors_path); }),
            "torch::load: " + tensors_path +
                " does not hold an optimizer's state (saved by torch::save(optimizer, path))");
  std::remove(path.c_str());
  std::remove(tensors_path.c_str());
}

}  // namespace
