#pragma once
// The readable name of a C++ type from its typeid(...).name() (messages, node and module names).
#include <string>

namespace ember::detail {
std::string demangle(const char* mangled_name);
}  // namespace ember::detail
