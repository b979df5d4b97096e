#pragma once
// libtorch's <torch/csrc/autograd/variable.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
