#pragma once
// ember::Error: every misuse of the library is reported by throwing this, carrying PyTorch's
// message where PyTorch has one.
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
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

class TypeMeta;

namespace detail {
template <class... Args>
std::string str_cat(const Args&... args) {
  // ember's messages name a dtype as PyTorch's do (`Float`: pass scalar_type(), or to_string()),
  // never as a TypeMeta prints (`float`: type_meta_name() where PyTorch's message does).
  static_assert((!std::is_same_v<Args, TypeMeta> && ...),
                "a message streams a TypeMeta (dtype()); pass scalar_type()");
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
