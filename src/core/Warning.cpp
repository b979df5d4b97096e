#include "ember/core/Warning.h"

#include <atomic>
#include <cstdio>

namespace ember {

namespace {
void print_warning(const std::string& message) {
  std::fprintf(stderr, "Warning: %s\n", message.c_str());
}
std::atomic<WarningHandler> handler{print_warning};
}  // namespace

WarningHandler set_warning_handler(WarningHandler h) {
  return handler.exchange(h ? h : print_warning);
}

void warn(const std::string& message) { handler.load()(message); }

}  // namespace ember
