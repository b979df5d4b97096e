// Placeholder until the printing module lands.
#include "ember/core/repr.h"

#include <sstream>

namespace ember {
std::string repr(const Tensor& t) {
  std::ostringstream os;
  os << "tensor(<" << t.numel() << " elements>)";
  return os.str();
}
std::string Tensor::repr() const { return ember::repr(*this); }
std::ostream& operator<<(std::ostream& os, const Tensor& t) { return os << repr(t); }
}  // namespace ember
