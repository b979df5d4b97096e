#!/usr/bin/env python3
"""What releasing the GIL buys and costs: ember (as built, and with its host-lock hooks removed,
as before the release existed) against PyTorch.

    /usr/bin/python3 bench/python/bench_gil.py [--build build] [--repeats 5]

1. The longest pause of a second Python thread (a loop reading the clock) while the main thread
   runs two 2048x2048 float32 matmuls: with the GIL held for the kernel, the other thread stops
   for the whole of it. Median over the repeats, in milliseconds.
2. The cost of the release machinery per call on tiny tensors (below the release threshold) and
   on a small forward+backward: ember with and without the hooks, medians of best-of-7 timings,
   in nanoseconds.
3. Memory: RSS growth over 50,000 leaves whose hook closure refers to the leaf (a reference cycle
   through C++), which Python's garbage collector frees only when tensors take part in it.
Not a test: timings depend on the machine and its load.
"""
import argparse
import ctypes
import gc
import pathlib
import statistics
import sys
import threading
import time
import timeit


def longest_pause(lib, a):
    stop = False
    gaps = []

    def ticker():
        last = time.perf_counter()
        while not stop:
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    t = threading.Thread(target=ticker)
    t.start()
    time.sleep(0.05)
    lib.mm(a, a)
    lib.mm(a, a)
    stop = True
    t.join()
    return max(gaps) * 1e3


def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def cycle_growth(lib):
    def make(n):
        for _ in range(n):
            x = lib.ones(256, requires_grad=True)
            x.register_hook(lambda g, x=x: g)
    make(2000)
    gc.collect()
    before = rss_mib()
    make(50000)
    gc.collect()
    return rss_mib() - before


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "python"))
    import ember
    import torch

    so = ctypes.CDLL(str(build / "libember.so"))
    set_hooks = so["_ZN5ember19set_host_lock_hooksEPKNS_13HostLockHooksE"]
    hooks = ctypes.c_void_p.in_dll(so, "_ZN5ember6detail15host_lock_hooksE").value

    def release(on):
        set_hooks(ctypes.c_void_p(hooks if on else None))

    torch.set_num_threads(2)
    ember.set_num_threads(2)
    a_e, a_t = ember.randn(2048, 2048), torch.randn(2048, 2048)
    pauses = {"ember": [], "ember, GIL held": [], "torch": []}
    for _ in range(args.repeats):
        release(True)
        pauses["ember"].append(longest_pause(ember, a_e))
        release(False)
        pauses["ember, GIL held"].append(longest_pause(ember, a_e))
        pauses["torch"].append(longest_pause(torch, a_t))
    release(True)
    print("longest pause of another Python thread during two 2048x2048 matmuls (median ms)")
    for name, values in pauses.items():
        print(f"  {name:18s} {statistics.median(values):8.1f}")

    ember.set_num_threads(1)
    cases = [("a + b", "a = lib.ones(2, 3); b = lib.ones(2, 3)"), ("a.exp()", "a = lib.ones(2, 3)"),
             ("a @ b", "a = lib.ones(2, 3); b = lib.ones(3, 2)"),
             ("(w * x).sum().backward()",
              "w = lib.ones(2, 3, requires_grad=True); x = lib.ones(2, 3)")]
    print("per call (median of best-of-7, ns): ember with the release, without, difference")
    for stmt, setup in cases:
        times = {True: [], False: []}
        for _ in range(3):
            for on in (True, False):
                release(on)
                timer = timeit.Timer(stmt, setup, globals={"lib": ember})
                times[on].append(min(timer.repeat(7, 20000)) / 20000 * 1e9)
        release(True)
        on, off = statistics.median(times[True]), statistics.median(times[False])
        print(f"  {stmt:28s} {on:8.0f} {off:8.0f} {on - off:+6.0f}")

    print("RSS growth over 50,000 self-referencing hooked leaves (MiB)")
    print(f"  ember {cycle_growth(ember):6.1f}   torch {cycle_growth(torch):6.1f}")


if __name__ == "__main__":
    main()
