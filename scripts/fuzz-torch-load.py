#!/usr/bin/env python3
"""Fuzzes ember.load (PyTorch's zip format, python/ember/serialization.py) for a bounded time.

    /usr/bin/python3 scripts/fuzz-torch-load.py [SECONDS (default 60)] [--build build] [--seed N]

Seeds: files written by ember.save and, when Debian's PyTorch is there, by torch.save (tensors of
several dtypes, views sharing a storage, a state_dict, nested containers). Each input is a seed
mutated at one of three depths, so that the mutations reach past the zip's checksums into the
parts ember reads itself: the whole file's bytes (flips, insertions, deletions, truncation);
one archive member's bytes, re-zipped with a valid checksum (data.pkl, a storage record, the
version or byteorder records); or data.pkl's pickle opcodes and arguments (ints and tuples of the
tensor's storage offset, sizes, strides, dtype names and storage keys replaced by edge values).
Every input is loaded twice, with weights_only False and True.

Passes when every load returns or raises an ordinary Python exception. Fails on a crash (the
process dies by a signal: ASan/UBSan builds report there), a hang (no progress for 20 s), a
MemoryError/SystemError/RecursionError, or a weights_only load that imported a module outside the
allow-list. The input that failed is written to build-fuzz/torch-load-artifacts/ (reproduce with
`python3 -c "import ember; ember.load('FILE')"`), and the script exits 1.
"""
import argparse
import io
import os
import pathlib
import pickletools
import random
import struct
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EDGE_INTS = [0, 1, -1, 2, 3, 7, 255, 256, 2**31 - 1, 2**31, 2**32, 2**62, 2**63 - 1, -2**63,
             10**12, -7]
EDGE_NAMES = ["FloatStorage", "DoubleStorage", "LongStorage", "BoolStorage", "HalfStorage",
              "ByteStorage", "QInt8Storage", "ComplexFloatStorage", "UntypedStorage", "Nope",
              "_rebuild_tensor_v2", "_rebuild_parameter", "system", "OrderedDict", "cpu", "cuda",
              "cuda:7", "meta", "0", "1", "99", "../data.pkl", ""]


def seeds(work):
    """Paths of the seed files (written into work)."""
    code = """
import collections, sys
lib = __import__(sys.argv[1])
t = lib.arange(24, dtype=lib.float32).reshape(4, 6)
objs = {
    "tensors": [t, t[1:, ::2], t.t(), lib.tensor([True, False]), lib.arange(5, dtype=lib.int64),
                lib.ones(3, dtype=lib.float64), lib.zeros(2, dtype=lib.float16), lib.tensor(7)],
    "state_dict": collections.OrderedDict(w=lib.ones(2, 3), b=lib.zeros(3)),
    "nested": {"a": [1, 2.5, "x", (None, True)], "t": t[2], "n": {"m": lib.ones(1)}},
    "parameter": lib.nn.Parameter(lib.ones(2)),
}
for name, obj in objs.items():
    lib.save(obj, f"{sys.argv[2]}/{sys.argv[1]}_{name}.pt")
"""
    env = dict(os.environ, PYTHONPATH=str(work["build"] / "python"))
    for lib in ("ember", "torch"):
        subprocess.run([sys.executable, "-c", code, lib, str(work["dir"])], env=env,
                       capture_output=True, check=lib == "ember")
    return sorted(work["dir"].glob("*.pt"))


def mutate_bytes(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(5)
        if not data:
            break
        i = rng.randrange(len(data))
        if kind == 0:
            data[i] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[i] = rng.randrange(256)
        elif kind == 2:
            data[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif kind == 3:
            del data[i:i + rng.randint(1, 16)]
        else:
            del data[i:]
    return bytes(data)


def mutate_pickle(data, rng):
    """Replaces one int, tuple of ints or string argument of data.pkl's opcodes with an edge
    value, re-encoding that opcode (the pickle stays well formed where possible)."""
    ops = list(pickletools.genops(data))
    picks = [k for k, (op, arg, _) in enumerate(ops) if isinstance(arg, (int, str))]
    if not picks:
        return mutate_bytes(data, rng)
    k = rng.choice(picks)
    op, arg, pos = ops[k]
    end = ops[k + 1][2] if k + 1 < len(ops) else len(data)
    if isinstance(arg, int) and op.name in ("BININT", "BININT1", "BININT2", "LONG1", "BINPUT",
                                           "BINGET", "LONG_BINPUT", "LONG_BINGET"):
        if op.name in ("BINPUT", "BINGET", "LONG_BINPUT", "LONG_BINGET"):
            return mutate_bytes(data, rng)
        value = rng.choice(EDGE_INTS)
        raw = value.to_bytes((value.bit_length() + 8) // 8 or 1, "little", signed=True)
        new = b"\x8a" + bytes([len(raw)]) + raw  # LONG1
    elif isinstance(arg, str):
        text = rng.choice(EDGE_NAMES).encode()
        new = b"X" + struct.pack("<I", len(text)) + text  # BINUNICODE
    else:
        return mutate_bytes(data, rng)
    return data[:pos] + new + data[end:]


def mutate(seed_bytes, rng):
    depth = rng.randrange(3)
    if depth == 0:
        return mutate_bytes(seed_bytes, rng)
    src = zipfile.ZipFile(io.BytesIO(seed_bytes))
    names = src.namelist()
    pkl = [n for n in names if n.endswith("data.pkl")]
    target = pkl[0] if depth == 2 or rng.random() < 0.5 else rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for n in names:
            data = src.read(n)
            if n == target:
                data = mutate_pickle(data, rng) if n.endswith("data.pkl") and depth == 2 \
                    else mutate_bytes(data, rng)
            dst.writestr(n, data)
    return out.getvalue()


CHILD = r"""
import importlib, os, sys
sys.setrecursionlimit(10000)
import ember
allowed = set(sys.modules)
path, progress = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    n = line.strip()
    for weights_only in (False, True):
        with open(progress, "w") as f:
            f.write(f"{n} {weights_only}\n")
        before = set(sys.modules)
        try:
            ember.load(path + n, weights_only=weights_only)
        except (MemoryError, SystemError, RecursionError) as e:
            print(f"FAIL {n} {weights_only} {type(e).__name__}: {e}", flush=True)
            sys.exit(3)
        except Exception:
            pass
        new = set(sys.modules) - before
        if weights_only and new:
            print(f"FAIL {n} weights_only imported {sorted(new)}", flush=True)
            sys.exit(3)
    print(f"ok {n}", flush=True)
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("seconds", nargs="?", type=float, default=60)
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    artifacts = ROOT / "build-fuzz" / "torch-load-artifacts"
    with tempfile.TemporaryDirectory() as tmp:
        work = {"dir": pathlib.Path(tmp), "build": pathlib.Path(args.build)}
        seed_files = seeds(work)
        seed_data = [p.read_bytes() for p in seed_files]
        print(f"fuzz-torch-load: {len(seed_files)} seeds, seed {args.seed}, {args.seconds:g} s")
        inputs = pathlib.Path(tmp) / "in"
        inputs.mkdir()
        progress = pathlib.Path(tmp) / "progress"
        env = dict(os.environ, PYTHONPATH=str(work["build"] / "python"))
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(inputs) + "/", str(progress)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
        start, count = time.time(), 0
        failure = None
        while time.time() - start < args.seconds:
            name = f"{count}.pt"
            (inputs / name).write_bytes(mutate(rng.choice(seed_data), rng))
            child.stdin.write(name + "\n")
            child.stdin.flush()
            line = _read_line(child, 20)
            if line is None or not line.startswith("ok "):
                failure = line or "hang (no answer in 20 s)" if child.poll() is None else \
                    line or f"crash (exit {child.returncode})"
                break
            (inputs / name).unlink()
            count += 1
        child.kill()
        if failure is None:
            print(f"fuzz-torch-load: {count} inputs, {2 * count} loads, no failure")
            return 0
        artifacts.mkdir(parents=True, exist_ok=True)
        kept = artifacts / f"seed{args.seed}-{count}.pt"
        kept.write_bytes((inputs / f"{count}.pt").read_bytes())
        print(f"fuzz-torch-load: FAILED after {count} inputs: {failure.strip()}; input kept in "
              f"{kept}")
        return 1


def _read_line(child, timeout):
    """The child's next line, or None when it sends none within timeout seconds."""
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(child.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        return None
    return child.stdout.readline() or None


if __name__ == "__main__":
    sys.exit(main())
