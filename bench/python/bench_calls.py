#!/usr/bin/env python3
"""The cost of calling operations from Python: ember against PyTorch, side by side in one process.

    /usr/bin/python3 bench/python/bench_calls.py [--build build] [--quick] [--json out.json]

Each case runs the same statement on tiny tensors (2x3 unless said), where the time is the
Python-to-C++ call overhead rather than arithmetic: the best of several repeats of many calls,
per call, for torch and ember, and the ratio ember/torch (below 1: ember is cheaper). Both
libraries run single-threaded. Not a test: timings depend on the machine and its load.
"""
import argparse
import json
import os
import pathlib
import platform
import sys
import timeit

CASES = [
    # name, statement, setup (run with `lib` bound to torch or ember)
    ("a + b (2x3)", "a + b", "a = lib.ones(2, 3); b = lib.ones(2, 3)"),
    ("a * 2 (2x3)", "a * 2", "a = lib.ones(2, 3)"),
    ("2 - a (2x3)", "2 - a", "a = lib.ones(2, 3)"),
    ("a += b (2x3)", "a += b", "a = lib.ones(2, 3); b = lib.ones(2, 3)"),
    ("a == b (2x3)", "a == b", "a = lib.ones(2, 3); b = lib.ones(2, 3)"),
    ("a.add(b, alpha=2)", "a.add(b, alpha=2)", "a = lib.ones(2, 3); b = lib.ones(2, 3)"),
    ("lib.add(a, b)", "lib.add(a, b)", "a = lib.ones(2, 3); b = lib.ones(2, 3)"),
    ("a.exp()", "a.exp()", "a = lib.ones(2, 3)"),
    ("a.sum()", "a.sum()", "a = lib.ones(2, 3)"),
    ("a.sum(1, keepdim=True)", "a.sum(1, keepdim=True)", "a = lib.ones(2, 3)"),
    ("a @ b (2x3 @ 3x2)", "a @ b", "a = lib.ones(2, 3); b = lib.ones(3, 2)"),
    ("a.view(3, 2)", "a.view(3, 2)", "a = lib.ones(2, 3)"),
    ("a.T", "a.T", "a = lib.ones(2, 3)"),
    ("a[0]", "a[0]", "a = lib.ones(2, 3)"),
    ("a[:, 1:]", "a[:, 1:]", "a = lib.ones(2, 3)"),
    ("a.shape", "a.shape", "a = lib.ones(2, 3)"),
    ("a.item() (0-d)", "a.item()", "a = lib.tensor(1.5)"),
    ("lib.zeros(2, 3)", "lib.zeros(2, 3)", ""),
    ("lib.tensor([[1, 2, 3], [4, 5, 6]])", "lib.tensor([[1, 2, 3], [4, 5, 6]])", ""),
    ("(w * x).sum() with grad", "(w * x).sum()",
     "w = lib.ones(2, 3, requires_grad=True); x = lib.ones(2, 3)"),
    ("forward + backward", "y = (w * x).sum(); y.backward()",
     "w = lib.ones(2, 3, requires_grad=True); x = lib.ones(2, 3)"),
]


def per_call(stmt, setup, lib, number, repeat):
    ns = {"lib": lib}
    timer = timeit.Timer(stmt, setup, globals=ns)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", help="ember build folder (uses its python/ package)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if args.build:
        sys.path.insert(0, str(pathlib.Path(args.build).resolve() / "python"))
    elif os.environ.get("EMBER_PYTHON_PATH"):
        sys.path.insert(0, os.environ["EMBER_PYTHON_PATH"])

    import torch

    import ember

    torch.set_num_threads(1)
    ember.set_num_threads(1)
    number, repeat = (2000, 3) if args.quick else (20000, 7)

    print(f"Python {platform.python_version()}, torch {torch.__version__}, ember "
          f"{ember.__version__} ({ember.__file__})")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; best of "
          f"{repeat} x {number} calls")
    print(f"{'case':38} {'torch':>10} {'ember':>10} {'ember/torch':>12}")
    results = []
    for name, stmt, setup in CASES:
        t = per_call(stmt, setup, torch, number, repeat)
        e = per_call(stmt, setup, ember, number, repeat)
        results.append({"case": name, "torch_ns": t * 1e9, "ember_ns": e * 1e9, "ratio": e / t})
        print(f"{name:38} {t * 1e9:8.0f}ns {e * 1e9:8.0f}ns {e / t:12.2f}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
