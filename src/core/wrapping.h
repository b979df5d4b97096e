#pragma once
// int64 arithmetic that wraps around instead of overflowing (which is undefined behaviour).
// PyTorch computes some shapes in plain int64 and checks the wrapped result ("shape '[...]' is
// invalid", "negative dimension", ...); ember computes them with these to give the same answer
// and message, and checks separately wherever a wrapped size could reach memory.
#include <cstdint>

namespace ember::wrapping {

inline int64_t mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
inline int64_t add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t sub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

}  // namespace ember::wrapping
