// Fuzzes the safetensors loader (ember::load_from_bytes): any input must either load or throw
// ember::Error, never read out of bounds, crash or leak; whatever loads must survive a save/load
// round trip unchanged.
//
// Two builds:
//  - scripts/fuzz-safetensors.sh builds it with clang -fsanitize=fuzzer,address,undefined
//    (EMBER_LIBFUZZER defined) and runs libFuzzer;
//  - the normal build makes it the test program test_fuzz (tests/CMakeLists.txt builds every
//    tests/<dir>/*.cpp), whose test replays the inputs in tests/fuzz/corpus/, so inputs that once
//    crashed stay fixed in the Release and sanitizer test runs.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ember/serialize/safetensors.h"

namespace {

bool same_bytes(const ember::Tensor& a, const ember::Tensor& b) {
  return a.dtype() == b.dtype() && a.sizes() == b.sizes() && a.nbytes() == b.nbytes() &&
         (a.nbytes() == 0 ||
          std::memcmp(a.data_ptr(), b.data_ptr(), static_cast<size_t>(a.nbytes())) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ember::SafeTensors st;
  try {
    st = ember::load_from_bytes(data, size);
  } catch (const ember::Error&) {
    return 0;  // rejected cleanly
  }
  const ember::SafeTensors back =
      ember::load_from_bytes(ember::save_to_bytes(st.tensors, st.metadata));
  if (back.metadata != st.metadata || back.tensors.size() != st.tensors.size()) __builtin_trap();
  for (const auto& [name, t] : st.tensors) {
    auto it = back.tensors.find(name);
    if (it == back.tensors.end() || !same_bytes(it->second, t)) __builtin_trap();
  }
  return 0;
}

#ifndef EMBER_LIBFUZZER
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

TEST(FuzzSafetensors, ReplaysCorpus) {
  const std::filesystem::path corpus =
      std::filesystem::path(EMBER_REFERENCE_DIR) / ".." / "fuzz" / "corpus";
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().filename().string());
    EXPECT_EQ(LLVMFuzzerTestOneInput(bytes.data(), bytes.size()), 0);
    ++n;
  }
  EXPECT_GT(n, 10);
}
#endif
