// IValue's messages (include/ember/core/IValue.h).
#include "ember/core/IValue.h"

#include "ember/core/Error.h"

namespace ember {

std::string IValue::tagKind() const {
  static const char* const names[] = {"None",   "Tensor",  "Double",     "Int",       "Bool",
                                      "String", "IntList", "DoubleList", "TensorList"};
  return names[value_.index()];
}

void IValue::fail_kind(const char* expected) const {
  detail::fail("Expected ", expected, " but got ", tagKind());
}

}  // namespace ember
