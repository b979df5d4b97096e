#pragma once
// Type promotion: the dtype two dtypes combine to, as torch.promote_types.
#include "ember/core/ScalarType.h"

namespace ember {

// The whole lattice: bool < integers < floats; within integers the wider wins, uint8 with a signed
// type goes to the smallest signed type holding both; float16 with bfloat16 gives float32.
constexpr ScalarType promote_types(ScalarType a, ScalarType b) {
  if (a == b) return a;
  if (a == kBool) return b;
  if (b == kBool) return a;
  const bool fa = is_floating_type(a), fb = is_floating_type(b);
  if (fa != fb) return fa ? a : b;
  if (fa) {
    if ((a == kHalf && b == kBFloat16) || (a == kBFloat16 && b == kHalf)) return kFloat;
    return element_size(a) >= element_size(b) ? a : b;
  }
  if (a == kByte || b == kByte) {  // uint8 with a signed integer
    ScalarType s = a == kByte ? b : a;
    return s == kChar ? kShort : s;
  }
  return element_size(a) >= element_size(b) ? a : b;
}

}  // namespace ember
