#!/usr/bin/env python3
"""What using ember costs before any arithmetic, against libtorch and PyTorch: library size
(stripped), the compile time of a hello world, its start-up time and peak memory, and the time
of `import ember` / `import torch`. Medians of several runs. Python 3 standard library only.

    python3 bench/footprint.py --build build-bench --out footprint.json [--runs 5]

A figure that cannot be measured (no libtorch, no Python module, ...) is written as null with the
reason in "notes".
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIBDIR = pathlib.Path("/usr/lib/x86_64-linux-gnu")
TORCH_LIBS = ["libtorch_cpu.so", "libc10.so", "libtorch.so"]
TORCH_INCLUDES = ["/usr/include/torch/csrc/api/include"]

HELLO_EMBER = """#include <ember/ember.h>
#include <iostream>
int main() { std::cout << ember::ones({2, 3}) + 1 << "\\n"; }
"""
HELLO_TORCH = """#include <torch/torch.h>
#include <iostream>
int main() { std::cout << torch::ones({2, 3}) + 1 << "\\n"; }
"""


def stripped_size(path, tmp):
    """Size in bytes of `path` after `strip --strip-unneeded` (on a copy)."""
    copy = pathlib.Path(tmp) / ("stripped_" + path.name)
    subprocess.run(["strip", "--strip-unneeded", "-o", str(copy), str(path)], check=True)
    size = copy.stat().st_size
    copy.unlink()
    return size


def timed(cmd, **kwargs):
    """Wall time (s) and peak RSS (KiB) of one run of cmd, which must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {err[-2000:]}")
    return elapsed, usage.ru_maxrss


def median_run(cmd, runs, **kwargs):
    times, rss = [], []
    for _ in range(runs):
        t, m = timed(cmd, **kwargs)
        times.append(t)
        rss.append(m)
    return statistics.median(times), statistics.median(rss)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build-bench", help="ember build folder")
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--runs", type=int, default=5, help="runs per timing (median)")
    parser.add_argument("--compile-runs", type=int, default=3, help="compiles per hello world")
    parser.add_argument("--python", default="/usr/bin/python3", help="interpreter for imports")
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    result, notes = {}, []

    def attempt(key, fn):
        try:
            result[key] = fn()
        except Exception as exc:  # a missing tool or library: recorded, not fatal
            result[key] = None
            notes.append(f"{key}: {exc}")

    cxx = os.environ.get("CXX", "g++")
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = pathlib.Path(tmp)
        libember = build / "libember.so"
        attempt("ember_lib_bytes", lambda: stripped_size(libember.resolve(), tmp))

        def torch_size():
            paths = [(LIBDIR / n).resolve() for n in TORCH_LIBS]
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                raise FileNotFoundError("missing " + ", ".join(missing))
            return sum(stripped_size(p, tmp) for p in paths)

        attempt("libtorch_lib_bytes", torch_size)

        (tmpdir / "hello_ember.cpp").write_text(HELLO_EMBER)
        (tmpdir / "hello_torch.cpp").write_text(HELLO_TORCH)
        ember_cmd = [cxx, "-std=c++20", "-O2", "-I", str(ROOT / "include"),
                     str(tmpdir / "hello_ember.cpp"), "-o", str(tmpdir / "hello_ember"),
                     "-L", str(build), "-lember", f"-Wl,-rpath,{build}"]
        torch_cmd = [cxx, "-std=c++20", "-O2"] + [f"-I{d}" for d in TORCH_INCLUDES] + [
            str(tmpdir / "hello_torch.cpp"), "-o", str(tmpdir / "hello_torch"),
            "-ltorch", "-ltorch_cpu", "-lc10"]

        def compile_time(cmd, runs):
            return median_run(cmd, runs)[0]

        attempt("ember_compile_s", lambda: compile_time(ember_cmd, args.compile_runs))
        # libtorch's headers take tens of seconds: one compile fewer keeps the run short.
        attempt("libtorch_compile_s",
                lambda: compile_time(torch_cmd, max(1, args.compile_runs - 1)))

        for lib in ("ember", "torch"):
            exe = tmpdir / f"hello_{lib}"
            key = "libtorch" if lib == "torch" else "ember"
            if not exe.exists():
                result[f"{key}_startup_s"] = result[f"{key}_maxrss_kib"] = None
                notes.append(f"{key}_startup_s: hello world not built")
                continue
            try:
                timed([str(exe)])  # warm the page cache
                t, m = median_run([str(exe)], args.runs)
                result[f"{key}_startup_s"], result[f"{key}_maxrss_kib"] = t, m
            except Exception as exc:
                result[f"{key}_startup_s"] = result[f"{key}_maxrss_kib"] = None
                notes.append(f"{key}_startup_s: {exc}")

    # Imports: `python3 -c 'import X'` minus `python3 -c pass`, medians, with the ember package of
    # this build first on the path.
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(build / "python")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    if not shutil.which(args.python):
        notes.append(f"imports: {args.python} not found")
        result["python_base_s"] = result["ember_import_s"] = result["torch_import_s"] = None
    else:
        attempt("python_base_s", lambda: median_run([args.python, "-c", "pass"], args.runs,
                                                    env=env)[0])

        def import_time(module):
            base = result.get("python_base_s")
            if base is None:
                raise RuntimeError("no baseline")
            timed([args.python, "-c", f"import {module}"], env=env)  # warm the page cache
            return median_run([args.python, "-c", f"import {module}"], args.runs,
                              env=env)[0] - base

        attempt("ember_import_s", lambda: import_time("ember"))
        attempt("torch_import_s", lambda: import_time("torch"))

    result["notes"] = notes
    pathlib.Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    for key, value in result.items():
        if key != "notes":
            print(f"{key:22} {value}")
    for note in notes:
        print("note:", note, file=sys.stderr)


if __name__ == "__main__":
    main()
