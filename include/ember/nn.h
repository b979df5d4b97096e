#pragma once
// ember's torch::nn (libtorch's torch/nn.h): Module and the module holders, the modules, their
// options, nn::functional, nn::init and nn::utils.
//
//   #include <ember/nn.h>
//   namespace torch = ember;
//   namespace F = torch::nn::functional;
//   torch::nn::Sequential net(torch::nn::Linear(4, 8), torch::nn::ReLU(), torch::nn::Linear(8, 3));
//   torch::Tensor loss = F::cross_entropy(net->forward(x), target);
#include "ember/nn/arg.h"
#include "ember/nn/cloneable.h"
#include "ember/nn/enum.h"
#include "ember/nn/expanding_array.h"
#include "ember/nn/functional.h"
#include "ember/nn/init.h"
#include "ember/nn/module.h"
#include "ember/nn/modules.h"
#include "ember/nn/options.h"
#include "ember/nn/ordered_dict.h"
#include "ember/nn/pimpl.h"
#include "ember/nn/serialize.h"
#include "ember/nn/utils.h"
