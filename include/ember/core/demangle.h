#pragma once
// The readable name of a C++ type from its typeid(...).name() (messages, node and module names).
#include <string>

namespace ember::detail {

// The namespace ember's own names are printed with: "ember", or "torch" once a libtorch program's
// <torch/torch.h> (compat/) is included, so that such a program prints what libtorch prints
// ("torch::nn::Linear(...)", "torch::autograd::CppNode<...>").
const char* printed_namespace();
void set_printed_namespace_torch(bool torch);

// The demangled name, with "ember::" printed as printed_namespace() says.
std::string demangle(const char* mangled_name);

}  // namespace ember::detail
