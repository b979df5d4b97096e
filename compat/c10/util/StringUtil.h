#pragma once
// libtorch's <c10/util/StringUtil.h>: everything libtorch programs take from it is in <torch/torch.h>.
#include <torch/torch.h>
