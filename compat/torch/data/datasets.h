#pragma once
// libtorch's <torch/data/datasets.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
