#!/usr/bin/env bash
# Rebuilds the references of the libtorch differential tests: compiles each program in
# tests/libtorch/ against Debian's real libtorch (package libtorch-dev, 1.13), runs it and stores
# its stdout as tests/reference/libtorch/<program>.txt. ember's test suite builds the same sources
# against ember and compares (tests/libtorch/check_output.sh).
#
#   scripts/gen-libtorch-refs.sh              every program
#   scripts/gen-libtorch-refs.sh NAME...      only these (tensor_basics, dcgan, ...)
#
# Compiles one program at a time (~20-40 s each). CXX overrides the compiler (default g++).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sources=$root/tests/libtorch
references=$root/tests/reference/libtorch
torch_api_include=/usr/include/torch/csrc/api/include
cxx=${CXX:-g++}

if [[ ! -f $torch_api_include/torch/torch.h ]]; then
  echo "error: libtorch's C++ headers are missing ($torch_api_include/torch/torch.h);" \
    "install Debian's libtorch-dev: sudo apt-get install libtorch-dev" >&2
  exit 1
fi
if ! command -v "$cxx" >/dev/null; then
  echo "error: no C++ compiler '$cxx' (set CXX)" >&2
  exit 1
fi

if [[ $# -gt 0 ]]; then
  programs=()
  for name in "$@"; do
    name=$(basename "$name" .cpp)
    [[ -f $sources/$name.cpp ]] || { echo "error: no program $sources/$name.cpp" >&2; exit 1; }
    programs+=("$sources/$name.cpp")
  done
else
  programs=("$sources"/*.cpp)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$references"

for source in "${programs[@]}"; do
  name=$(basename "$source" .cpp)
  echo "== $name: compiling against libtorch"
  nice "$cxx" -std=c++17 -O1 "$source" -I"$torch_api_include" -ltorch -ltorch_cpu -lc10 \
    -o "$work/$name"
  start=$(date +%s.%N)
  if ! (cd "$work" && "./$name") >"$work/$name.txt"; then
    echo "error: $name failed under libtorch; its output:" >&2
    cat "$work/$name.txt" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  mv "$work/$name.txt" "$references/$name.txt"
  awk -v s="$start" -v e="$end" -v f="${references#"$root"/}/$name.txt" \
    'BEGIN { printf "   ran in %.2f s, wrote %s\n", e - s, f }'
done
