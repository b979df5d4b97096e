#pragma once
// The message of the ember::Error a callable throws, for tests that compare it with PyTorch's.
#include <ember/ember.h>

#include <string>
#include <utility>

namespace ember_test {

// f's ember::Error message, or "(no error)" when f returns normally.
template <class F>
std::string error_of(F&& f) {
  try {
    std::forward<F>(f)();
  } catch (const ember::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace ember_test
