#!/usr/bin/env bash
# Runs one libtorch-style program built against ember and compares its stdout with what the same
# source printed when built against Debian's real libtorch (tests/reference/libtorch/NAME.txt,
# written by scripts/gen-libtorch-refs.sh). The outputs must be identical.
#
#   tests/libtorch/check_output.sh BUILT_PROGRAM EXPECTED_TXT
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PROGRAM EXPECTED_TXT" >&2
  exit 2
fi
program=$1
expected_file=$2
name=$(basename "$program")
[[ -x $program ]] || { echo "FAIL: not an executable: $program" >&2; exit 1; }
[[ -f $expected_file ]] || { echo "FAIL: missing reference: $expected_file" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

status=0
"$program" >"$work/actual" || status=$?
if [[ $status -ne 0 ]]; then
  echo "FAIL: $name exited with status $status; its output:" >&2
  cat "$work/actual" >&2
  exit 1
fi
if ! diff -u --label "expected (libtorch)" --label "actual ($name, ember)" \
  "$expected_file" "$work/actual"; then
  echo "FAIL: $name differs from libtorch's output ($expected_file)" >&2
  exit 1
fi
echo "OK: $name prints what libtorch prints"
