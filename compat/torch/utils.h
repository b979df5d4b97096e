#pragma once
// libtorch's <torch/utils.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
