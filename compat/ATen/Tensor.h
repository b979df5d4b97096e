#pragma once
// libtorch's <ATen/Tensor.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
