#pragma once
// libtorch's <c10/core/Device.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
