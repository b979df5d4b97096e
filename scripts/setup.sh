#!/usr/bin/env bash
# Prepares a Debian 12 machine and builds ember (Release, in build/):
#   1. installs the Debian packages the build needs, only those missing (apt-get; as root, or
#      through sudo);
#   2. configures with the `release` preset (CMakePresets.json) and builds with 2 jobs.
# Environment: EMBER_BUILD_DIR (default build/), EMBER_JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EMBER_BUILD_DIR:-$root/build}
jobs=${EMBER_JOBS:-2}

# The compiler and make, CMake, pkg-config (for the install test), GoogleTest, nlohmann/json,
# OpenBLAS (float matrix products; its cblas.h too). The ASan/UBSan runtimes come with g++
# (libasan8, libubsan1).
packages=(build-essential cmake pkg-config libgtest-dev nlohmann-json3-dev libopenblas-dev)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "== installing missing packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo)
  else
    echo "setup.sh: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y "${missing[@]}"
else
  echo "== packages present: ${packages[*]}"
fi

echo "== configuring (preset release) in $build"
cmake --preset release -S "$root" -B "$build"
echo "== building with $jobs jobs"
cmake --build "$build" -j "$jobs"
