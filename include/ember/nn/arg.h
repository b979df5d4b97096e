#pragma once
// EMBER_ARG(T, name): libtorch's TORCH_ARG, the builder-style field of an options struct:
// `options.name(value)` sets it and returns the options, `options.name()` reads it. A default
// follows the macro: `EMBER_ARG(bool, bias) = true;`.
#include <utility>

#define EMBER_ARG(T, name)                                        \
 public:                                                          \
  inline auto name(const T& new_##name)->decltype(*this) {        \
    this->name##_ = new_##name;                                   \
    return *this;                                                 \
  }                                                               \
  inline auto name(T&& new_##name)->decltype(*this) {             \
    this->name##_ = std::move(new_##name);                        \
    return *this;                                                 \
  }                                                               \
  inline const T& name() const noexcept { return this->name##_; } \
  inline T& name() noexcept { return this->name##_; }             \
                                                                  \
 private:                                                         \
  T name##_

// libtorch's spelling, so that option structs written for libtorch compile unchanged.
#ifndef TORCH_ARG
#define TORCH_ARG(T, name) EMBER_ARG(T, name)
#endif
