#pragma once
// libtorch's <torch/data/dataloader.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
