#!/usr/bin/env bash
# Regenerates every reference file from real PyTorch (Debian's python3-torch, under Debian's own
# python3): tests/reference/gen_<name>.py writes tests/reference/<name>.json.
set -euo pipefail
cd "$(dirname "$0")"
for gen in gen_*.py; do
  echo "== $gen"
  /usr/bin/python3 "$gen"
done
