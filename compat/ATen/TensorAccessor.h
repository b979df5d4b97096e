#pragma once
// libtorch's <ATen/TensorAccessor.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
