#!/usr/bin/env bash
# Rebuilds and runs every benchmark, then writes bench/RESULTS.md:
#   1. configures build-bench/ (Release, benchmarks on, tests and examples off, the Python module
#      when pybind11 and Python's headers are there) and builds it;
#   2. runs each bench/bench_* program (Google Benchmark, JSON, medians of N repetitions),
#      bench/python/bench_calls.py against PyTorch, bench/bench_python_training.py (training
#      from Python, ember against PyTorch) and bench/footprint.py;
#   3. bench/report.py turns the JSON files (kept in build-bench/results/) into bench/RESULTS.md,
#      and bench_python_training.py's section (python_training.md there) is appended to it.
# Nothing is installed: what is missing (libtorch, PyTorch, Google Benchmark, the Python module) is
# said, and its rows read "not measured". Never part of the test suite.
# Environment: EMBER_BENCH_REPETITIONS (default 5), EMBER_BENCH_MIN_TIME (seconds per repetition,
# Google Benchmark's default when unset), EMBER_BENCH_BUILD_DIR (default build-bench/),
# EMBER_JOBS (default 2), EMBER_BENCH_QUICK=1 (fewer Python repeats and compiles),
# EMBER_BENCH_TRAINING_ALL=1 (bench_training's Fashion-MNIST epochs too, not only its MLP step).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EMBER_BENCH_BUILD_DIR:-$root/build-bench}
reps=${EMBER_BENCH_REPETITIONS:-5}
jobs=${EMBER_JOBS:-2}
quick=${EMBER_BENCH_QUICK:-0}
python=/usr/bin/python3
results=$build/results
start=$SECONDS

missing=()
say_missing() {
  echo "bench.sh: $1" >&2
  missing+=("$1")
}

# What is there.
bench_opt=ON
if [[ ! -f /usr/include/benchmark/benchmark.h ]]; then
  say_missing "Google Benchmark (libbenchmark-dev) not found: no C++ benchmarks"
  bench_opt=OFF
fi
if [[ ! -d /usr/lib/x86_64-linux-gnu/cmake/Torch && ! -d /usr/share/cmake/Torch ]]; then
  say_missing "libtorch (libtorch-dev) not found: libtorch columns not measured"
fi
python_opt=OFF
if [[ ! -x $python ]]; then
  say_missing "$python not found: Python rows not measured"
elif ! "$python" -c 'import sysconfig, os, sys
sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
  say_missing "Python headers (python3-dev) not found: no Python module, Python rows not measured"
elif [[ ! -d /usr/lib/cmake/pybind11 && ! -d /usr/share/cmake/pybind11 ]]; then
  say_missing "pybind11 (pybind11-dev) not found: no Python module, Python rows not measured"
else
  python_opt=ON
fi
if [[ -x $python ]] && ! "$python" -c 'import torch' 2>/dev/null; then
  say_missing "PyTorch (python3-torch) not found: Python rows and import torch not measured"
fi

echo "== configure $build"
if ! cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMBER_BUILD_BENCH=$bench_opt \
    -DEMBER_BUILD_TESTS=OFF -DEMBER_BUILD_EXAMPLES=OFF -DEMBER_BUILD_PYTHON=$python_opt \
    >"$build.configure.log" 2>&1; then
  cat "$build.configure.log" >&2
  echo "bench.sh: configure failed" >&2
  exit 1
fi
rm -f "$build.configure.log"

echo "== build (-j$jobs)"
if ! cmake --build "$build" -j "$jobs" --target ember; then
  echo "bench.sh: libember failed to build" >&2
  exit 1
fi
programs=()
if [[ $bench_opt == ON ]]; then
  for src in "$root"/bench/bench_*.cpp; do
    name=$(basename "$src" .cpp)
    if cmake --build "$build" -j "$jobs" --target "$name"; then
      programs+=("$name")
    else
      say_missing "$name failed to build: its rows not measured"
    fi
  done
fi
if [[ $python_opt == ON ]] && ! cmake --build "$build" -j "$jobs" --target ember_python; then
  say_missing "the Python module failed to build: Python rows not measured"
  python_opt=OFF
fi

rm -rf "$results"
mkdir -p "$results"

min_time=()
[[ -n ${EMBER_BENCH_MIN_TIME:-} ]] && min_time=(--benchmark_min_time="$EMBER_BENCH_MIN_TIME")
for name in "${programs[@]}"; do
  echo "== $name (${reps} repetitions)"
  t0=$SECONDS
  filter=()
  # bench_training: the MLP step only; its Fashion-MNIST epochs take minutes each.
  if [[ $name == bench_training && ${EMBER_BENCH_TRAINING_ALL:-0} != 1 ]]; then
    filter=(--benchmark_filter=mlp_step)
  fi
  if ! "$build/bench/$name" --benchmark_format=json --benchmark_repetitions="$reps" \
      --benchmark_report_aggregates_only=true "${min_time[@]}" "${filter[@]}" \
      >"$results/$name.json"; then
    say_missing "$name failed while running: its rows not measured"
    rm -f "$results/$name.json"
  fi
  echo "   $((SECONDS - t0)) s"
done

if [[ $python_opt == ON ]]; then
  echo "== bench/python/bench_calls.py"
  quick_flag=()
  [[ $quick == 1 ]] && quick_flag=(--quick)
  if ! "$python" "$root/bench/python/bench_calls.py" --build "$build" "${quick_flag[@]}" \
      --json "$results/python_calls.json"; then
    say_missing "bench_calls.py failed: Python rows not measured"
  fi
  echo "== bench/bench_python_training.py"
  t0=$SECONDS
  if ! "$python" "$root/bench/bench_python_training.py" --build "$build" "${quick_flag[@]}" \
      --repeats "$reps" --json "$results/python_training.json" \
      --markdown "$results/python_training.md"; then
    say_missing "bench_python_training.py failed: Python training rows not measured"
    rm -f "$results/python_training.md"
  fi
  echo "   $((SECONDS - t0)) s"
fi

echo "== footprint"
compile_runs=3
[[ $quick == 1 ]] && compile_runs=1
runs=$((reps < 5 ? 5 : reps))
if [[ -x $python ]]; then
  "$python" "$root/bench/footprint.py" --build "$build" --out "$results/footprint.json" \
    --runs "$runs" --compile-runs "$compile_runs" --python "$python" ||
    say_missing "footprint.py failed: footprint not measured"
fi

printf '%s\n' "${missing[@]}" >"$results/missing.txt"
echo "== report"
report_python=$python
[[ -x $report_python ]] || report_python=python3
EMBER_BENCH_REPETITIONS=$reps "$report_python" "$root/bench/report.py" --results "$results" \
  --out "$root/bench/RESULTS.md" || exit 1
if [[ -f $results/python_training.md ]]; then
  { echo; cat "$results/python_training.md"; } >>"$root/bench/RESULTS.md"
fi
echo "bench.sh: done in $((SECONDS - start)) s; report in bench/RESULTS.md, raw JSON in $results"
