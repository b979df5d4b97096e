#!/usr/bin/env bash
# Runs one deck card program and compares its stdout with what real PyTorch printed for the card's
# Python version (tests/reference/cards/cardNN.txt, written by tests/reference/gen_cards.py), with
# `torch.` replaced by `ember.`. Object addresses (`<MulBackward0 object at 0x...>`) are masked on
# both sides.
#
#   tests/cards/check_cards.sh BUILT_CARD_PROGRAM EXPECTED_TXT
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 CARD_PROGRAM EXPECTED_TXT" >&2
  exit 2
fi
program=$1
expected_file=$2
[[ -x $program ]] || { echo "not an executable: $program" >&2; exit 1; }
[[ -f $expected_file ]] || { echo "missing reference: $expected_file" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sed -E "s/torch\\./ember./g; s/ object at 0x[0-9a-f]+>/ object at 0x>/g" "$expected_file" >"$work/expected"
status=0
"$program" >"$work/actual.raw" || status=$?
sed -E "s/ object at 0x[0-9a-f]+>/ object at 0x>/g" "$work/actual.raw" >"$work/actual"
if [[ $status -ne 0 ]]; then
  echo "FAIL: $program exited with status $status; its output:" >&2
  cat "$work/actual" >&2
  exit 1
fi
if ! diff -u --label "expected (PyTorch)" --label "actual ($(basename "$program"))" \
  "$work/expected" "$work/actual"; then
  echo "FAIL: $(basename "$program") differs from PyTorch's output" >&2
  exit 1
fi
echo "OK: $(basename "$program") prints what PyTorch prints"
