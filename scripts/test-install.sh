#!/usr/bin/env bash
# Installs ember into a temporary prefix, then builds and runs examples/consumer against the
# installed copy twice: with CMake (find_package(ember)) and with plain g++ and pkg-config; then
# the libtorch program examples/torch_consumer, unchanged, twice: with its own CMakeLists.txt
# (find_package(Torch) answered by ember) and with pkg-config ember-torch. It must print what
# libtorch prints (examples/torch_consumer/expected-output.txt).
#
#   scripts/test-install.sh [BUILD_DIR]
#
# With BUILD_DIR (an already configured ember build, e.g. build/) the library there is built if
# needed and installed; without it ember is configured and built in a temporary directory first.
# A sanitizer build (EMBER_SANITIZE=ON) works too: its package asks consumers to link the
# sanitizer runtimes. So does a static build (BUILD_SHARED_LIBS=OFF):
# then libember.a is installed and every consumer must be one binary that loads no libember.so.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${EMBER_JOBS:-2}
cxx=${CXX:-g++}

work=$(mktemp -d "${TMPDIR:-/tmp}/ember-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { echo "== $*"; }

if [[ $# -ge 1 ]]; then
  build=$(cd "$1" && pwd)
  [[ -f $build/CMakeCache.txt ]] || { echo "not a configured build directory: $build" >&2; exit 1; }
else
  build=$work/build
  step "configuring ember in $build"
  # Only the library is built, so the CUDA backend (which the install would expect) is off.
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMBER_BUILD_TESTS=OFF \
    -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_CUDA=OFF >"$work/configure.log" || { cat "$work/configure.log"; exit 1; }
fi
step "building the library in $build"
cmake --build "$build" --target ember -j "$jobs" >"$work/build.log" || { cat "$work/build.log"; exit 1; }

prefix=$work/prefix
step "installing into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; exit 1; }

# What must be there. The library directory is lib/ or, for a /usr build, lib/<multiarch>/.
pcfile=$(find "$prefix" -path '*/pkgconfig/ember.pc' | head -n 1)
[[ -n $pcfile ]] || { echo "FAIL: no pkgconfig/ember.pc installed" >&2; exit 1; }
libdir=$(dirname "$(dirname "$pcfile")")
if grep -qx 'BUILD_SHARED_LIBS:BOOL=OFF' "$build/CMakeCache.txt"; then
  library=libember.a
  [[ ! -e $libdir/libember.so ]] || { echo "FAIL: a static build installed libember.so" >&2; exit 1; }
else
  library=libember.so
fi
for f in "$prefix/include/ember/ember.h" "$prefix/include/ember/generated/tensor_methods.inc" \
  "$libdir/$library" "$libdir/cmake/ember/emberConfig.cmake" \
  "$libdir/cmake/ember/emberConfigVersion.cmake" "$libdir/cmake/ember/emberTargets.cmake"; do
  [[ -e $f ]] || { echo "FAIL: not installed: ${f#"$prefix"/}" >&2; exit 1; }
done
echo "installed: headers, $(basename "$(readlink -f "$libdir/$library")"), CMake package, ember.pc"

# Each consumer uses the installed library: the shared one from the prefix, or none at all (the
# static library is inside the program).
check_uses_installed() {
  local exe=$1 used
  used=$(ldd "$exe" | awk '$1 ~ /^libember\.so/ {print $3}')
  if [[ $library == libember.a ]]; then
    [[ -z $used ]] || { echo "FAIL: $exe, linked with the static ember, loads $used" >&2; exit 1; }
    # (grep reads all of nm's output: with -q, nm's SIGPIPE would fail the pipeline.)
    nm -C --defined-only "$exe" | grep ' T ember::' >/dev/null ||
      { echo "FAIL: $exe does not contain ember's code" >&2; exit 1; }
  else
    [[ $(readlink -f "$used") == "$(readlink -f "$libdir")"/* ]] ||
      { echo "FAIL: $exe loads libember from $used, not from the install prefix" >&2; exit 1; }
  fi
}

# 1. CMake: find_package(ember) -> ember::ember.
step "consumer with CMake find_package"
cmake -S "$root/examples/consumer" -B "$work/consumer-cmake" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" >"$work/consumer-configure.log" ||
  { cat "$work/consumer-configure.log"; exit 1; }
grep 'Found ember' "$work/consumer-configure.log" || true
cmake --build "$work/consumer-cmake" -j "$jobs" >"$work/consumer-build.log" ||
  { cat "$work/consumer-build.log"; exit 1; }
"$work/consumer-cmake/consumer" >"$work/out-cmake.txt"
cat "$work/out-cmake.txt"

# 2. pkg-config and the compiler alone.
step "consumer with $cxx and pkg-config"
PKG_CONFIG_PATH="$(dirname "$pcfile")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH
cflags=$(pkg-config --cflags ember)
libs=$(pkg-config --libs ember)
echo "pkg-config --cflags --libs ember: $cflags $libs"
# shellcheck disable=SC2086  # the flags are words
"$cxx" -Wall -Wextra -Werror $cflags "$root/examples/consumer/main.cpp" -o "$work/consumer-pc" $libs \
  -Wl,-rpath,"$(pkg-config --variable=libdir ember)"
"$work/consumer-pc" >"$work/out-pc.txt"

# Both programs use the installed library (not the build tree's) and print the same thing.
if ! diff -u "$work/out-cmake.txt" "$work/out-pc.txt"; then
  echo "FAIL: the two consumers print different output" >&2
  exit 1
fi
grep -qx 'sizes: \[2, 3\], dtype: long int' "$work/out-cmake.txt" ||
  { echo "FAIL: unexpected consumer output" >&2; exit 1; }
for exe in "$work/consumer-cmake/consumer" "$work/consumer-pc"; do
  check_uses_installed "$exe"
done
echo "OK: installed ember ($library) works from CMake (find_package) and from pkg-config"

# 3. A libtorch program and its build file, unchanged: find_package(Torch) finds ember's
#    TorchConfig.cmake through Torch_DIR.
step "libtorch program with its CMakeLists.txt (Torch_DIR=$libdir/cmake/ember/torch)"
for f in "$prefix/include/ember-torch/torch/torch.h" "$prefix/include/ember-torch/ATen/ATen.h" \
  "$libdir/cmake/ember/torch/TorchConfig.cmake" "$libdir/pkgconfig/ember-torch.pc"; do
  [[ -e $f ]] || { echo "FAIL: not installed: ${f#"$prefix"/}" >&2; exit 1; }
done
expected=$root/examples/torch_consumer/expected-output.txt
cmake -S "$root/examples/torch_consumer" -B "$work/torch-cmake" -DCMAKE_BUILD_TYPE=Release \
  -DTorch_DIR="$libdir/cmake/ember/torch" -DCMAKE_CXX_COMPILER="$cxx" \
  >"$work/torch-configure.log" || { cat "$work/torch-configure.log"; exit 1; }
cmake --build "$work/torch-cmake" -j "$jobs" >"$work/torch-build.log" ||
  { cat "$work/torch-build.log"; exit 1; }
"$work/torch-cmake/example-app" >"$work/out-torch-cmake.txt"
check_uses_installed "$work/torch-cmake/example-app"
diff -u "$expected" "$work/out-torch-cmake.txt" ||
  { echo "FAIL: the libtorch program built with CMake does not print what libtorch prints" >&2; exit 1; }

# 4. The same program with the compiler, libtorch's usual -std=c++17 and pkg-config ember-torch
#    (whose flags raise the standard to C++20).
step "libtorch program with $cxx and pkg-config ember-torch"
cflags=$(pkg-config --cflags ember-torch)
libs=$(pkg-config --libs ember-torch)
echo "pkg-config --cflags --libs ember-torch: $cflags $libs"
# shellcheck disable=SC2086  # the flags are words
"$cxx" -std=c++17 -Wall -Wextra -Werror $cflags "$root/examples/torch_consumer/example-app.cpp" \
  -o "$work/torch-pc" $libs -Wl,-rpath,"$(pkg-config --variable=libdir ember)"
"$work/torch-pc" >"$work/out-torch-pc.txt"
check_uses_installed "$work/torch-pc"
diff -u "$expected" "$work/out-torch-pc.txt" ||
  { echo "FAIL: the libtorch program built with pkg-config does not print what libtorch prints" >&2; exit 1; }
echo "OK: a libtorch program builds unchanged against installed ember and prints libtorch's output"
