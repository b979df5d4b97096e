#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. scripts/setup.sh: packages and the Release build (build/);
#   2. ctest on the Release build, then the Python module's pytest suite (tests/python) against
#      real PyTorch, with Debian's python3;
#   3. the `sanitize` preset (Debug, ASan + UBSan, build-sanitize/): build and ctest again;
#   4. the `tsan` preset (Debug, ThreadSanitizer, build-tsan/): the concurrency tests
#      (tests/concurrency) under ThreadSanitizer.
# Fails if any test fails, or if a suite ran no test.
# Environment: EMBER_BUILD_DIR (default build/), EMBER_SANITIZE_BUILD_DIR (default
# build-sanitize/), EMBER_TSAN_BUILD_DIR (default build-tsan/), EMBER_JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EMBER_BUILD_DIR:-$root/build}
build_san=${EMBER_SANITIZE_BUILD_DIR:-$root/build-sanitize}
build_tsan=${EMBER_TSAN_BUILD_DIR:-$root/build-tsan}
jobs=${EMBER_JOBS:-2}
export EMBER_BUILD_DIR=$build EMBER_JOBS=$jobs

start=$SECONDS
bash "$root/scripts/setup.sh"

failed=()
echo "== tests: Release ($build)"
if ! ctest --test-dir "$build" --output-on-failure --no-tests=error -j "$jobs"; then
  failed+=(release)
fi

echo "== tests: Python module (pytest tests/python, Release build $build)"
# pytest exits non-zero when a test fails and when none ran (exit code 5).
if ! EMBER_PYTHON_PATH="$build/python" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
    "$root/tests/python"; then
  failed+=(python)
fi

echo "== configuring and building the sanitizer build (preset sanitize) in $build_san"
cmake --preset sanitize -S "$root" -B "$build_san"
cmake --build "$build_san" -j "$jobs"
echo "== tests: ASan + UBSan ($build_san)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if ! ctest --test-dir "$build_san" --output-on-failure --no-tests=error -j "$jobs"; then
  failed+=(sanitize)
fi

echo "== configuring and building the ThreadSanitizer build (preset tsan) in $build_tsan"
cmake --preset tsan -S "$root" -B "$build_tsan"
cmake --build "$build_tsan" -j "$jobs" --target test_concurrency
echo "== tests: ThreadSanitizer, the concurrency tests ($build_tsan)"
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:die_after_fork=0}
if ! ctest --test-dir "$build_tsan" --output-on-failure --no-tests=error -R '^test_concurrency$'; then
  failed+=(tsan)
fi

echo "== test.sh finished in $((SECONDS - start)) s"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED suites: ${failed[*]}" >&2
  exit 1
fi
echo "All suites passed (Release, ASan+UBSan and ThreadSanitizer)."
