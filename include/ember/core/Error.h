#pragma once
// ember::Error: every misuse of the library is reported by throwing this, carrying PyTorch's
// message where PyTorch has one.
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace ember {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

// Python raises these particular classes; C++ callers can catch them as ember::Error.
class TypeError : public Error {
 public:
  using Error::Error;
};
class ValueError : public Error {
 public:
  using Error::Error;
};
class IndexError : public Error {
 public:
  using Error::Error;
};

namespace detail {
template <class... Args>
std::string str_cat(const Args&... args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}
template <class E = Error, class... Args>
[[noreturn]] void fail(const Args&... args) {
  throw E(str_cat(args...));
}
}  // namespace detail

}  // namespace ember

// EMBER_CHECK(cond, message parts...): throws ember::Error with the concatenated message.
#define EMBER_CHECK(cond, ...)              \
  do {                                      \
    if (__builtin_expect(!(cond), 0)) {     \
      ::ember::detail::fail<>(__VA_ARGS__); \
    }                                       \
  } while (0)

#define EMBER_CHECK_T(ExcType, cond, ...)          \
  do {                                             \
    if (__builtin_expect(!(cond), 0)) {            \
      ::ember::detail::fail<ExcType>(__VA_ARGS__); \
    }                                              \
  } while (0)
