#pragma once
// libtorch's <ATen/TensorIndexing.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
