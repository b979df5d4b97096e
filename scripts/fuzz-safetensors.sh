#!/usr/bin/env bash
# Fuzzes the safetensors loader with libFuzzer for a bounded time:
#   1. builds libember with clang, AddressSanitizer + UndefinedBehaviorSanitizer and libFuzzer's
#      coverage instrumentation (CMake, in $EMBER_FUZZ_DIR; incremental on later runs);
#   2. links tests/fuzz/fuzz_safetensors.cpp against it with -fsanitize=fuzzer;
#   3. runs it over a working corpus seeded from tests/fuzz/corpus/ and the reference files
#      tests/reference/serialize_*.safetensors, with the dictionary tests/fuzz/safetensors.dict.
# A crash leaves its input in $EMBER_FUZZ_DIR/artifacts/; copy it into tests/fuzz/corpus/ once
# fixed, so test_fuzz replays it in every test run.
#
# Usage: scripts/fuzz-safetensors.sh [SECONDS (default 60)] [more libFuzzer flags...]
# Environment: EMBER_FUZZ_DIR (default build-fuzz/), EMBER_JOBS (default 2), CLANGXX (default
# clang++; Debian's clang package, with libclang_rt.fuzzer).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${EMBER_FUZZ_DIR:-$root/build-fuzz}
jobs=${EMBER_JOBS:-2}
cxx=${CLANGXX:-clang++}
seconds=${1:-60}
shift || true

command -v "$cxx" >/dev/null || { echo "fuzz-safetensors.sh: $cxx not found (apt-get install clang)" >&2; exit 1; }

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# Clang 14 cannot multiversion templates (target_clones on micro_kernel in src/cpu/gemm_kernels.cpp):
# the macro turns every target_clones attribute into `unused`, for this build only.
noclones="-D'target_clones(...)=unused'"
echo "== building libember with $cxx (ASan + UBSan + fuzzer coverage) in $out"
cmake -S "$root" -B "$out/lib" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_CXX_FLAGS="$san -fsanitize=fuzzer-no-link $noclones -Wno-unknown-warning-option" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DEMBER_BUILD_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_PYTHON=OFF >/dev/null
cmake --build "$out/lib" -j "$jobs" --target ember

echo "== linking the fuzzer"
"$cxx" -std=c++20 -O1 -g $san -fsanitize=fuzzer -DEMBER_LIBFUZZER \
  -I "$root/include" "$root/tests/fuzz/fuzz_safetensors.cpp" \
  -L "$out/lib" -lember -Wl,-rpath,"$out/lib" -o "$out/fuzz_safetensors"

corpus=$out/corpus
mkdir -p "$corpus" "$out/artifacts"
cp -n "$root"/tests/fuzz/corpus/* "$corpus"/ 2>/dev/null || true
cp -n "$root"/tests/reference/serialize_*.safetensors "$corpus"/ 2>/dev/null || true

echo "== fuzzing for ${seconds}s"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
"$out/fuzz_safetensors" "$corpus" \
  -dict="$root/tests/fuzz/safetensors.dict" \
  -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$@"
