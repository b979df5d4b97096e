#include "ember/core/ArrayRef.h"

namespace ember {

std::ostream& operator<<(std::ostream& os, IntArrayRef a) {
  os << "[";
  for (size_t i = 0; i < a.size(); ++i) os << (i ? ", " : "") << a[i];
  return os << "]";
}

std::ostream& operator<<(std::ostream& os, const Size& s) {
  return os << "ember.Size(" << s.ref() << ")";
}

}  // namespace ember
