#pragma once
// libtorch's C++ printing of tensors: what `std::cout << tensor` shows in a libtorch program,
//    1  2  3
//    4  5  6
//   [ CPULongType{2,3} ]
// (operator<< for Tensor, declared in Tensor.h, is print(os, t, 80)). Python's repr is
// ember::repr / Tensor::repr (ember/core/repr.h).
#include <cstdint>
#include <ostream>

#include "ember/core/Tensor.h"

namespace ember {

// Writes t in libtorch's format, with matrices wider than linesize characters split into
// column blocks. No newline follows the "[ ... ]" footer. The stream's format flags are kept.
std::ostream& print(std::ostream& os, const Tensor& t, int64_t linesize = 80);
// The same on std::cout.
void print(const Tensor& t, int64_t linesize = 80);

}  // namespace ember
