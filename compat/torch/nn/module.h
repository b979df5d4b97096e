#pragma once
// libtorch's <torch/nn/module.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
