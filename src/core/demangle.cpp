#include "ember/core/demangle.h"

#include <cxxabi.h>

#include <cstdlib>

namespace ember::detail {

std::string demangle(const char* mangled) {
  int status = 0;
  char* out = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  if (status != 0 || out == nullptr) return mangled;
  std::string result(out);
  std::free(out);  // NOLINT: allocated by __cxa_demangle
  return result;
}

}  // namespace ember::detail
