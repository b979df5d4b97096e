#!/usr/bin/env bash
# The CUDA backend's checks, for a machine with an NVIDIA GPU (the device tool lends one):
#   1. builds ember with CUDA (sm_90 + PTX) in build-gpu/: the library, libember_cuda.so, the GPU
#      tests (tests/cuda) and the GPU benchmark (bench/bench_cuda.cpp);
#   2. runs the GPU tests;
#   3. runs bench_cuda and PyTorch's side of the same cases (bench/python/bench_cuda.py, the
#      machine's python3 and its CUDA PyTorch) and prints the table of the targets
#      (bench/gpu_report.py). Files land in $OUT (or build-gpu/gpu-check/) when set.
#
# The GPU machine has nvcc, CMake, ninja and PyTorch but not Debian's GoogleTest, Google Benchmark
# or nlohmann_json. Stage them here first, into .gpu-deps/ (git-ignored), and carry that folder:
#   scripts/gpu-check.sh stage          # on this machine
#   device run, carry [".gpu-deps"]:  bash scripts/gpu-check.sh
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deps=$root/.gpu-deps

if [[ ${1:-} == stage ]]; then
  multiarch=lib/x86_64-linux-gnu
  rm -rf "$deps" && mkdir -p "$deps/include" "$deps/$multiarch/cmake" "$deps/share/cmake" || exit 1
  cp -r /usr/include/gtest /usr/include/benchmark /usr/include/nlohmann "$deps/include/" &&
    mkdir -p "$deps/lib" && cp /usr/$multiarch/libgtest.a /usr/$multiarch/libgtest_main.a "$deps/lib/" &&
    cp /usr/$multiarch/libbenchmark.so* \
      /usr/$multiarch/libbenchmark_main.a "$deps/$multiarch/" &&
    cp -r /usr/$multiarch/cmake/benchmark "$deps/$multiarch/cmake/" &&
    cp -r /usr/share/cmake/nlohmann_json "$deps/share/cmake/" || {
    echo "gpu-check.sh stage: needs googletest, libgtest-dev, libbenchmark-dev and" \
      "nlohmann-json3-dev (scripts/setup.sh installs them)" >&2
    exit 1
  }
  git -C "$root" rev-parse --git-dir >/dev/null 2>&1 &&
    { grep -qx '/.gpu-deps/' "$root/.git/info/exclude" 2>/dev/null ||
      echo '/.gpu-deps/' >>"$root/.git/info/exclude"; }
  echo "staged $(du -sh "$deps" | cut -f1) in $deps"
  exit 0
fi

out=${OUT:-$root/build-gpu/gpu-check}
mkdir -p "$out"
build=$root/build-gpu
start=$SECONDS
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee "$out/gpu.txt"
nvcc --version | tail -1

extra=()
if [[ -d $deps ]]; then
  extra+=(-DGTEST_ROOT="$deps" -Dbenchmark_DIR="$deps/lib/x86_64-linux-gnu/cmake/benchmark"
    -Dnlohmann_json_DIR="$deps/share/cmake/nlohmann_json")
  export LD_LIBRARY_PATH=$deps/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

echo "== configure ($((SECONDS - start)) s)"
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DEMBER_BUILD_CUDA=ON \
  -DEMBER_BUILD_PYTHON=OFF -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_BENCH=ON \
  -DCMAKE_CUDA_ARCHITECTURES="90-real;90-virtual" "${extra[@]}" >"$out/configure.log" 2>&1 ||
  { tail -40 "$out/configure.log"; exit 1; }
grep -i 'CUDA backend' "$out/configure.log"
echo "== build ($((SECONDS - start)) s)"
cmake --build "$build" -j"$(nproc)" --target ember_cuda test_cuda test_core bench_cuda \
  >"$out/build.log" 2>&1 || { grep -B2 -A6 -i 'error' "$out/build.log" | head -80; exit 1; }

status=0
echo "== GPU tests ($((SECONDS - start)) s)"
"$build/tests/test_cuda" 2>&1 | tee "$out/test_cuda.txt" | grep -E '^\[  (PASSED|FAILED|SKIPPED) |^\[==========\]|Failure|error' | head -60
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
echo "== core tests with the CUDA backend present ($((SECONDS - start)) s)"
"$build/tests/test_core" --gtest_brief=1 >"$out/test_core.txt" 2>&1 || status=1
tail -3 "$out/test_core.txt"

echo "== benchmarks ($((SECONDS - start)) s)"
"$build/bench/bench_cuda" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/bench_cuda.json" --benchmark_out_format=json 2>&1 | tail -20
PYTHONUNBUFFERED=1 python3 "$root/bench/python/bench_cuda.py" >"$out/torch_cuda.json" ||
  echo "bench_cuda.py failed" >&2
python3 "$root/bench/gpu_report.py" "$out/bench_cuda.json" "$out/torch_cuda.json" |
  tee "$out/table.md"
echo "== done in $((SECONDS - start)) s, status $status"
exit $status
