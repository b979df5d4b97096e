#pragma once
// libtorch's <torch/csrc/api/include/torch/torch.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
