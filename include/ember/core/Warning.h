#pragma once
// Warnings (libtorch's TORCH_WARN): a message handed to the installed handler. By default it is
// printed to standard error ("Warning: <message>"); the Python module installs a handler that
// issues Python's UserWarning.
#include <string>

namespace ember {

using WarningHandler = void (*)(const std::string& message);

// Installs handler (nullptr: the default, standard error); returns the one it replaces.
WarningHandler set_warning_handler(WarningHandler handler);

void warn(const std::string& message);

}  // namespace ember
