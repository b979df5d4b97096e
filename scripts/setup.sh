#!/usr/bin/env bash
# Prepares a Debian 12 machine and builds ember (Release, in build/):
#   1. installs the Debian packages the build needs, only those missing (apt-get; as root, or
#      through sudo);
#   2. configures with the `release` preset (CMakePresets.json) and builds with 2 jobs;
#   3. makes `import ember` work in Debian's python3: a .pth file in its site-packages (the
#      user's site-packages when not root) names the build's python/ folder.
# Environment: EMBER_BUILD_DIR (default build/), EMBER_JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${EMBER_BUILD_DIR:-$root/build}
jobs=${EMBER_JOBS:-2}

# The compiler and make, CMake, pkg-config (for the install test), GoogleTest, nlohmann/json,
# Graphviz (the autograd graph example), python3 (the build generates the ops of src/ops/*.yaml
# with tools/opgen.py; python3-dev brings it); the ASan/UBSan runtimes come with g++ (libasan8,
# libubsan1). The Python module: Python's headers and pybind11; its tests run with pytest and
# hypothesis against real PyTorch (python3-torch), and use NumPy. Training: zlib (gzipped IDX
# files) and the Fashion-MNIST data (dataset-fashion-mnist, /usr/share/datasets/fashion-mnist);
# the Python example's progress bar (python3-tqdm).
packages=(build-essential cmake pkg-config libgtest-dev nlohmann-json3-dev graphviz
          python3-dev pybind11-dev python3-numpy python3-pytest python3-hypothesis python3-torch
          zlib1g-dev dataset-fashion-mnist python3-tqdm)

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
# The Python module explicitly: its packages are installed above (a cache from an older configure
# may hold OFF).
cmake --preset release -S "$root" -B "$build" -DEMBER_BUILD_PYTHON=ON
echo "== building with $jobs jobs"
cmake --build "$build" -j "$jobs"

# `import ember` in Debian's python3 (/usr/bin/python3, whatever python3 is first on PATH).
if [[ -d "$build/python/ember" ]]; then
  python=/usr/bin/python3
  [[ -x $python ]] || python=python3
  if [[ $(id -u) -eq 0 ]]; then
    site=$("$python" -c 'import site; print(site.getsitepackages()[0])')
  else
    site=$("$python" -m site --user-site)
  fi
  mkdir -p "$site"
  package_dir=$(cd "$build/python" && pwd)
  echo "$package_dir" > "$site/ember.pth"
  echo "== import ember: $site/ember.pth -> $package_dir"
  "$python" -c 'import ember; print("== ember", ember.__version__, "imports in", ember.__file__)'
fi
