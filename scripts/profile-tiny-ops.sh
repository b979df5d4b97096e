#!/usr/bin/env bash
# Instructions per call of the tiny ops, ember against libtorch, with callgrind (valgrind): the
# machine-independent side of bench/RESULTS.md's tiny-op rows. Builds bench/profile/tiny_ops.cpp
# against build/libember.so (run scripts/setup.sh or a Release build first) and, when
# libtorch-dev is installed, against libtorch; prints a Markdown table. Takes a few minutes.
# Usage: scripts/profile-tiny-ops.sh [N]   (calls per op, default 2000)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v valgrind >/dev/null || { echo "profile-tiny-ops.sh: needs valgrind" >&2; exit 1; }
g++ -std=c++20 -O2 "$root/bench/profile/tiny_ops.cpp" -o "$work/ember" -I"$root/include" \
  -L"$root/build" -lember -Wl,-rpath,"$root/build"
have_torch=0
if [[ -d /usr/include/torch/csrc/api/include ]]; then
  g++ -std=c++17 -O2 -DEMBER_PROFILE_LIBTORCH "$root/bench/profile/tiny_ops.cpp" -o "$work/torch" \
    -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu -lc10 && have_torch=1
fi
# Instructions of `prog op calls` minus those of `prog op 0`, per call.
per_call() {
  local prog=$1 op=$2 calls=$3 full base
  full=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$prog" "$op" "$calls" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  base=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$prog" "$op" 0 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  echo $(((full - base) / calls))
}
echo "| op (2x3 float32) | ember instructions/call | libtorch instructions/call | ratio |"
echo "|---|---|---|---|"
for op in add mul zeros matmul addgrad fwdbwd; do
  e=$(per_call "$work/ember" $op "$n")
  if [[ $have_torch == 1 ]]; then
    t=$(per_call "$work/torch" $op "$n")
    echo "| $op | $e | $t | $(awk -v e="$e" -v t="$t" 'BEGIN { printf "%.1fx", t / e }') |"
  else
    echo "| $op | $e | not measured | — |"
  fi
done
