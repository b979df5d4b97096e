#include "ember/core/demangle.h"

#include <cxxabi.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <string_view>

namespace ember::detail {

namespace {
std::atomic<bool> g_torch_names{false};
}  // namespace

const char* printed_namespace() {
  return g_torch_names.load(std::memory_order_relaxed) ? "torch" : "ember";
}

void set_printed_namespace_torch(bool torch) {
  g_torch_names.store(torch, std::memory_order_relaxed);
}

std::string demangle(const char* mangled) {
  int status = 0;
  char* out = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  if (status != 0 || out == nullptr) return mangled;
  std::string result(out);
  std::free(out);  // NOLINT: allocated by __cxa_demangle
  if (g_torch_names.load(std::memory_order_relaxed)) {
    // Each "ember::" that starts a name (not the tail of a longer identifier) becomes "torch::".
    constexpr std::string_view from = "ember::";
    for (size_t at = result.find(from); at != std::string::npos; at = result.find(from, at)) {
      const bool starts_name =
          at == 0 || !(std::isalnum(static_cast<unsigned char>(result[at - 1])) ||
                       result[at - 1] == '_' || result[at - 1] == ':');
      if (starts_name) {
        result.replace(at, from.size(), "torch::");
        at += 7;
      } else {
        at += from.size();
      }
    }
  }
  return result;
}

}  // namespace ember::detail
