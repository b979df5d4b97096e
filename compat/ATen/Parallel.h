#pragma once
// libtorch's <ATen/Parallel.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
