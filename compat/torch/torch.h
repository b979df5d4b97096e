#pragma once
// libtorch's <torch/torch.h>, for libtorch programs built against ember unchanged.
//
// ember's API is libtorch's: the namespaces torch, at and c10 are ember's here, with the few
// names that only libtorch's c10/ATen layers have (c10::optional, c10::irange, c10::str, the
// type-mapping traits, TORCH_CHECK, AT_ASSERT, AT_DISPATCH_*...). Every other libtorch header
// this directory has (<ATen/ATen.h>, <torch/script.h>, <c10/util/Optional.h>, ...) includes this
// one. Build with the CMake target ember::torch (find_package(ember COMPONENTS torch)), with
// find_package(Torch) pointed at ember (Torch_DIR=<prefix>/lib/cmake/ember/torch), or with
// `pkg-config ember-torch`.

// The standard headers libtorch's own includes bring, which libtorch programs rely on.
#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ember/core/demangle.h"
#include "ember/core/print.h"
#include "ember/ember.h"

namespace c10 {
using namespace ::ember;

using std::make_optional;
using std::nullopt;
using std::nullopt_t;
using std::optional;

namespace impl {
// ScalarTypeToCPPType<kFloat>::type is float.
template <ScalarType S>
struct ScalarTypeToCPPType;
#define EMBER_COMPAT_ST_TO_CPP(T, Name)          \
  template <>                                    \
  struct ScalarTypeToCPPType<ScalarType::Name> { \
    using type = T;                              \
  };
EMBER_FORALL_SCALAR_TYPES(EMBER_COMPAT_ST_TO_CPP)
#undef EMBER_COMPAT_ST_TO_CPP
template <ScalarType S>
using ScalarTypeToCPPTypeT = typename ScalarTypeToCPPType<S>::type;
}  // namespace impl

// "Float", "Long", ...
inline const char* toString(ScalarType t) { return to_string(t).data(); }
inline size_t elementSize(ScalarType t) { return static_cast<size_t>(element_size(t)); }

// Concatenates the arguments as an ostream prints them.
template <class... Args>
std::string str(const Args&... args) {
  std::ostringstream os;
  ((os << args), ...);
  return os.str();
}

// for (const auto i : c10::irange(n)) / c10::irange(begin, end): the integers in [begin, end).
template <class I>
class integer_range {
  static_assert(std::is_integral_v<I>, "c10::irange needs integers");

 public:
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = I;
    using difference_type = std::ptrdiff_t;
    using pointer = const I*;
    using reference = I;
    explicit iterator(I v) : v_(v) {}
    I operator*() const { return v_; }
    iterator& operator++() {
      ++v_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++v_;
      return old;
    }
    bool operator==(const iterator& o) const { return v_ == o.v_; }
    bool operator!=(const iterator& o) const { return v_ != o.v_; }

   private:
    I v_;
  };
  integer_range(I begin, I end) : begin_(begin), end_(std::max(begin, end)) {}
  iterator begin() const { return iterator(begin_); }
  iterator end() const { return iterator(end_); }

 private:
  I begin_;
  I end_;
};
template <class I1, class I2>
integer_range<std::common_type_t<I1, I2>> irange(I1 begin, I2 end) {
  using I = std::common_type_t<I1, I2>;
  return integer_range<I>(static_cast<I>(begin), static_cast<I>(end));
}
template <class I>
integer_range<I> irange(I end) {
  return integer_range<I>(I{0}, end);
}

namespace compat_detail {
template <class... Args>
[[noreturn]] void check_failed(const char* condition, const Args&... args) {
  if constexpr (sizeof...(Args) == 0) {
    ::ember::detail::fail<>("Expected ", condition,
                            " to be true, but got false.  (Could this error message be improved?  "
                            "If so, please report an enhancement request to PyTorch.)");
  } else {
    ::ember::detail::fail<>(args...);
  }
}
template <class... Args>
[[noreturn]] void internal_assert_failed(const char* condition, const char* file, int line,
                                         const Args&... args) {
  ::ember::detail::fail<>(condition, " INTERNAL ASSERT FAILED at \"", file, "\":", line,
                          ", please report a bug to PyTorch. ", args...);
}
}  // namespace compat_detail
}  // namespace c10

// A libtorch program prints ember's names as libtorch's ("torch::nn::Linear(...)"). Every file
// that includes this header sets it before main() runs.
namespace c10::compat_detail {
[[maybe_unused]] static const bool torch_names =
    (::ember::detail::set_printed_namespace_torch(true), true);
}  // namespace c10::compat_detail

namespace at {
using namespace ::c10;
}  // namespace at

namespace torch {
using namespace ::at;
}  // namespace torch

namespace caffe2 {
using namespace ::c10;
}  // namespace caffe2

// ---- libtorch's checking macros --------------------------------------------------------------
// TORCH_CHECK(cond, message parts...) throws c10::Error (ember::Error) with the parts
// concatenated; without parts, with libtorch's "Expected cond to be true, but got false." text.
#define TORCH_CHECK(cond, ...)                                              \
  do {                                                                      \
    if (__builtin_expect(!(cond), 0)) {                                     \
      ::c10::compat_detail::check_failed(#cond __VA_OPT__(, ) __VA_ARGS__); \
    }                                                                       \
  } while (0)
#define TORCH_CHECK_INDEX(cond, ...) \
  EMBER_CHECK_T(::ember::IndexError, cond, "" __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_CHECK_VALUE(cond, ...) \
  EMBER_CHECK_T(::ember::ValueError, cond, "" __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_CHECK_TYPE(cond, ...) \
  EMBER_CHECK_T(::ember::TypeError, cond, "" __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_CHECK_NOT_IMPLEMENTED(cond, ...) TORCH_CHECK(cond __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_INTERNAL_ASSERT(cond, ...)                                                 \
  do {                                                                                   \
    if (__builtin_expect(!(cond), 0)) {                                                  \
      ::c10::compat_detail::internal_assert_failed(#cond, __FILE__,                      \
                                                   __LINE__ __VA_OPT__(, ) __VA_ARGS__); \
    }                                                                                    \
  } while (0)
#define TORCH_INTERNAL_ASSERT_DEBUG_ONLY(cond, ...) \
  TORCH_INTERNAL_ASSERT(cond __VA_OPT__(, ) __VA_ARGS__)
#define AT_ASSERT(cond, ...) TORCH_INTERNAL_ASSERT(cond __VA_OPT__(, ) __VA_ARGS__)
#define AT_ASSERTM(cond, ...) TORCH_INTERNAL_ASSERT(cond __VA_OPT__(, ) __VA_ARGS__)
#define TORCH_ERROR(...) ::ember::detail::fail<>(__VA_ARGS__)
#define AT_ERROR(...) ::ember::detail::fail<>(__VA_ARGS__)
#define TORCH_WARN(...) ::ember::warn(::c10::str(__VA_ARGS__))
#define TORCH_WARN_ONCE(...)                       \
  do {                                             \
    static const bool ember_compat_warned_ = [&] { \
      ::ember::warn(::c10::str(__VA_ARGS__));      \
      return true;                                 \
    }();                                           \
    (void)ember_compat_warned_;                    \
  } while (0)

// ---- AT_DISPATCH_*: run a lambda with scalar_t set to the dtype's C++ type ---------------------
#define EMBER_COMPAT_DISPATCH_CASE(Name, ...)                         \
  case ::ember::ScalarType::Name: {                                   \
    using scalar_t [[maybe_unused]] =                                 \
        ::c10::impl::ScalarTypeToCPPTypeT<::ember::ScalarType::Name>; \
    return __VA_ARGS__();                                             \
  }
#define EMBER_COMPAT_DISPATCH(TYPE, NAME, CASES, ...)                           \
  [&] {                                                                         \
    const ::ember::ScalarType ember_dispatch_type_ = TYPE;                      \
    switch (ember_dispatch_type_) {                                             \
      CASES(__VA_ARGS__)                                                        \
      default:                                                                  \
        ::ember::detail::fail<>("\"", NAME, "\" not implemented for '",         \
                                ::ember::to_string(ember_dispatch_type_), "'"); \
    }                                                                           \
  }()
#define EMBER_COMPAT_FLOATING_CASES(...)          \
  EMBER_COMPAT_DISPATCH_CASE(Double, __VA_ARGS__) \
  EMBER_COMPAT_DISPATCH_CASE(Float, __VA_ARGS__)
#define EMBER_COMPAT_INTEGRAL_CASES(...)        \
  EMBER_COMPAT_DISPATCH_CASE(Byte, __VA_ARGS__) \
  EMBER_COMPAT_DISPATCH_CASE(Char, __VA_ARGS__) \
  EMBER_COMPAT_DISPATCH_CASE(Int, __VA_ARGS__)  \
  EMBER_COMPAT_DISPATCH_CASE(Long, __VA_ARGS__) \
  EMBER_COMPAT_DISPATCH_CASE(Short, __VA_ARGS__)
#define EMBER_COMPAT_FLOATING_HALF_CASES(...) \
  EMBER_COMPAT_FLOATING_CASES(__VA_ARGS__)    \
  EMBER_COMPAT_DISPATCH_CASE(Half, __VA_ARGS__)
#define EMBER_COMPAT_ALL_CASES(...)        \
  EMBER_COMPAT_INTEGRAL_CASES(__VA_ARGS__) \
  EMBER_COMPAT_FLOATING_CASES(__VA_ARGS__)
#define AT_DISPATCH_FLOATING_TYPES(TYPE, NAME, ...) \
  EMBER_COMPAT_DISPATCH(TYPE, NAME, EMBER_COMPAT_FLOATING_CASES, __VA_ARGS__)
#define AT_DISPATCH_FLOATING_TYPES_AND_HALF(TYPE, NAME, ...) \
  EMBER_COMPAT_DISPATCH(TYPE, NAME, EMBER_COMPAT_FLOATING_HALF_CASES, __VA_ARGS__)
#define AT_DISPATCH_INTEGRAL_TYPES(TYPE, NAME, ...) \
  EMBER_COMPAT_DISPATCH(TYPE, NAME, EMBER_COMPAT_INTEGRAL_CASES, __VA_ARGS__)
#define AT_DISPATCH_ALL_TYPES(TYPE, NAME, ...) \
  EMBER_COMPAT_DISPATCH(TYPE, NAME, EMBER_COMPAT_ALL_CASES, __VA_ARGS__)
