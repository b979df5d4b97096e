#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the outputs of scripts/bench.sh: the Google Benchmark JSON files
(bench_*.json), bench_calls.py's python_calls.json and footprint.py's footprint.json, all in one
results folder. Python 3 standard library only.

    python3 bench/report.py --results build-bench/results --out bench/RESULTS.md

Cases pair by name: ember_X against libtorch_X; the ratio is libtorch's time over ember's (above
1: ember is faster). Times are medians over the repetitions (one run when there was one). A case
that is absent from the results (program not built, libtorch missing, ...) reads "not measured".
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import re
import subprocess

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
MIB = 1024 * 1024

# Machine limits, from bench_machine.
ADD_LOOP = "machine_add_loop_2threads"
READ_BW = "machine_read_bandwidth_2threads"
FMA_PEAK = "machine_fma_peak_2threads"


# Targets: each is (text, check) where check(case, limits) -> True/False, or None when a figure
# it needs is missing.
def ratio_at_least(x):
    def check(case, limits):
        return None if case.get("ratio") is None else case["ratio"] >= x
    return (f"≥{x:g}x", check)


def fraction_of(limit, field, x, label):
    def check(case, limits):
        value, ref = case.get("ember_" + field), limits.get(limit)
        if value is None or ref is None:
            return None
        return (value >= x * ref, f"{value / ref * 100:.0f}% of {label}")
    return (f"≥{x * 100:.0f}% of {label}", check)


def both(*targets):
    def check(case, limits):
        results = [t[1](case, limits) for t in targets]
        if None in results:
            return None
        details = [r[1] for r in results if isinstance(r, tuple)]
        met = all(r[0] if isinstance(r, tuple) else r for r in results)
        return (met, ", ".join(details)) if details else met
    return (" and ".join(t[0] for t in targets), check)


TINY = ratio_at_least(10)
GROUPS = [
    ("Tiny ops (2x3 float32, time per call)", [
        ("zeros_2x3", TINY),
        ("add_2x3", TINY),
        ("mul_2x3", TINY),
        ("matmul_2x3_3x2", TINY),
        ("add_requires_grad_2x3", ratio_at_least(8)),
        ("tiny_forward_backward", ratio_at_least(20)),
        ("tensor_2x3", None),
        ("randn_2x3", None),
    ]),
    ("Large element-wise and reductions (float32, both at default threads)", [
        ("add_1e7", fraction_of(ADD_LOOP, "bw", 0.8, "add loop")),
        ("add_inplace_1e7", fraction_of(ADD_LOOP, "bw", 0.8, "add loop")),
        ("mul_1e7", None),
        ("sum_1e7", fraction_of(READ_BW, "bw", 0.9, "read bw")),
        ("max_1e7", fraction_of(READ_BW, "bw", 0.9, "read bw")),
        ("exp_1e6", None),
        ("randn_1e6", None),
        ("add_1e7_1thread", None),
        ("exp_1e6_1thread", None),
    ]),
    ("Matrix products (2 threads)", [
        ("matmul_f32_1024", both(fraction_of(FMA_PEAK, "gflops", 0.85, "FMA peak"),
                                 ratio_at_least(1.8))),
        ("matmul_f32_2048", both(fraction_of(FMA_PEAK, "gflops", 0.85, "FMA peak"),
                                 ratio_at_least(1.8))),
        ("matmul_i64_256", ratio_at_least(3)),
    ]),
]


def load_benchmarks(results):
    """{run name: {"ns", "bw" (bytes/s), "gflops", "program"}} over every bench_*.json, plus the
    context of each program."""
    cases, contexts = {}, {}
    for path in sorted(results.glob("bench_*.json")):
        try:
            data = json.loads(path.read_text())
        except (json.JSONDecodeError, OSError):
            continue
        contexts[path.stem] = data.get("context", {})
        singles = {}
        for b in data.get("benchmarks", []):
            name = b.get("run_name", b["name"])
            real = name.endswith("/real_time")
            base = name.removesuffix("/real_time")
            if b.get("error_occurred") or (b.get("run_type") == "aggregate"
                                           and b.get("aggregate_name") != "median"):
                continue
            entry = {
                "ns": b["real_time" if real else "cpu_time"] * UNIT_NS[b.get("time_unit", "ns")],
                "bw": b.get("bytes_per_second"),
                "gflops": b.get("GFLOP/s", b.get("GOP/s")),
                "label": b.get("label"),
                "program": path.stem,
            }
            if b.get("run_type") == "aggregate":
                cases[base] = entry
            else:  # one repetition: no aggregate, keep the (last) plain run
                singles[base] = entry
        for base, entry in singles.items():
            cases.setdefault(base, entry)
    return cases, contexts


def pair(cases, x):
    e, t = cases.get("ember_" + x), cases.get("libtorch_" + x)
    row = {"case": x}
    for side, entry in (("ember", e), ("libtorch", t)):
        row[side + "_ns"] = entry["ns"] if entry else None
        row[side + "_bw"] = entry["bw"] if entry else None
        row[side + "_gflops"] = entry["gflops"] if entry else None
    row["ratio"] = (t["ns"] / e["ns"]) if e and t and e["ns"] > 0 else None
    return row


def fmt_ns(ns):
    if ns is None:
        return "not measured"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


def fmt_ratio(r):
    return "—" if r is None else f"{r:.2f}x"


def fmt_met(value):
    """True/False/None, or (True/False, what was reached) for a fraction of a limit."""
    if isinstance(value, tuple):
        return f"{fmt_met(value[0])} ({value[1]})"
    return {True: "yes", False: "**no**", None: "not measured"}[value]


def extra(row, side):
    parts = []
    if row.get(side + "_bw"):
        parts.append(f"{row[side + '_bw'] / 1e9:.1f} GB/s")
    if row.get(side + "_gflops"):
        parts.append(f"{row[side + '_gflops']:.0f} GFLOP/s")
    return f" ({', '.join(parts)})" if parts else ""


def table(rows):
    out = ["| case | ember | libtorch | ratio | target | met |", "|---|---|---|---|---|---|"]
    for row in rows:
        ember = fmt_ns(row["ember_ns"]) + (extra(row, "ember") if row["ember_ns"] else "")
        torch = fmt_ns(row["libtorch_ns"]) + (extra(row, "libtorch") if row["libtorch_ns"] else "")
        if row["libtorch_ns"] is None and row.get("ember_only"):
            torch = "—"
        out.append(f"| {row['case']} | {ember} | {torch} | {fmt_ratio(row['ratio'])} | "
                   f"{row.get('target', '—')} | {row.get('met', '—')} |")
    return out


def lscpu():
    info = {}
    try:
        text = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            key, _, value = line.partition(":")
            info[key.strip()] = value.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", default="build-bench/results", help="folder of JSON outputs")
    parser.add_argument("--out", default="bench/RESULTS.md")
    parser.add_argument("--repetitions", default=os.environ.get("EMBER_BENCH_REPETITIONS", "?"))
    args = parser.parse_args()
    results = pathlib.Path(args.results)
    root = pathlib.Path(__file__).resolve().parent.parent
    shown = os.path.relpath(results.resolve(), root)
    cases, contexts = load_benchmarks(results)

    machine = cases.get
    limits = {
        ADD_LOOP: (machine(ADD_LOOP) or {}).get("bw"),
        READ_BW: (machine(READ_BW) or {}).get("bw"),
        FMA_PEAK: (machine(FMA_PEAK) or {}).get("gflops"),
    }
    cpu = lscpu()
    flags = cpu.get("Flags", "").split()
    avx512 = sorted(f for f in flags if f.startswith("avx512"))
    mctx = contexts.get("bench_machine", {})
    any_ctx = next(iter(contexts.values()), {})

    md = ["# Benchmark results", ""]
    md.append("Written by `scripts/bench.sh` (bench/report.py); the raw JSON outputs are in "
              f"`{shown}/`. Ratio = libtorch time / ember time (above 1: ember is faster), on "
              "medians of the repetitions; both libraries in the same process and the same run. "
              "Timings depend on the machine and its load: this is a snapshot, not a test.")
    md.append("")
    md.append(f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}")
    md.append(f"- Machine: {cpu.get('Model name', platform.processor() or '?')}, "
              f"{cpu.get('CPU(s)', os.cpu_count())} CPUs "
              f"({cpu.get('Core(s) per socket', '?')} cores per socket, "
              f"{cpu.get('Thread(s) per core', '?')} threads per core), "
              f"L2 {cpu.get('L2 cache', '?')}, L3 {cpu.get('L3 cache', '?')}")
    md.append(f"- AVX-512: {' '.join(avx512) if avx512 else 'none'}")
    threads = [f"ember::get_num_threads() = {mctx.get('ember_num_threads', 'not measured')}",
               f"hardware concurrency = {mctx.get('hardware_concurrency', '?')}"]
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE",
                "OPENBLAS_L2_SIZE"):
        threads.append(f"{var}={os.environ.get(var, '(unset)')}")
    md.append("- Threads: " + ", ".join(threads) + ". Tiny and element-wise cases run at each "
              "library's default; matrix products set 2 threads in both.")
    load = any_ctx.get("load_avg") or []
    md.append(f"- Repetitions: {args.repetitions} (medians); {any_ctx.get('mhz_per_cpu', '?')} MHz "
              "reported; load average at start "
              + (" ".join(f"{x:.2f}" for x in load) if load else "?")
              + " (other work on the machine slows every figure, the limits included)")
    missing = results / "missing.txt"
    if missing.exists() and missing.read_text().strip():
        md.append("- Not measured: " + "; ".join(missing.read_text().split("\n")).strip("; "))
    md.append("")

    md += ["## Machine limits (bench_machine, 2 threads, plain loops)", ""]
    md += ["| limit | measured |", "|---|---|"]

    def lim(key, unit, scale):
        v = limits.get(key)
        return "not measured" if v is None else f"{v / scale:.1f} {unit}"

    md.append(f"| add loop c = a + b into a preallocated buffer, 1e7 float32 (12 B/element) | "
              f"{lim(ADD_LOOP, 'GB/s', 1e9)} |")
    md.append(f"| read bandwidth (vector sum), 1e7 float32 | {lim(READ_BW, 'GB/s', 1e9)} |")
    isa = (machine(FMA_PEAK) or {}).get("label") or mctx.get("fma_isa", "?")
    md.append(f"| FMA peak float32 ({isa}) | {lim(FMA_PEAK, 'GFLOP/s', 1)} |")
    add_row = pair(cases, "add_1e7")
    if limits[ADD_LOOP] and add_row["libtorch_bw"]:
        md.append(f"| add loop / libtorch a + b (bandwidth) | "
                  f"{limits[ADD_LOOP] / add_row['libtorch_bw']:.1f}x |")
    md.append("")

    listed = set()
    for title, entries in GROUPS:
        rows = []
        for x, target in entries:
            listed.add(x)
            row = pair(cases, x)
            if row["ember_ns"] is None and row["libtorch_ns"] is None and target is None:
                continue  # an optional case that is not there: nothing to say
            row["ember_only"] = x.endswith("_1thread")
            if target:
                row["target"] = target[0]
                row["met"] = fmt_met(target[1](row, limits))
            rows.append(row)
        md += [f"## {title}", ""] + table(rows) + [""]

    # The training step (bench_training, when it exists) and anything else not listed above.
    rest = sorted({n.split("_", 1)[1] for n in cases
                   if n.startswith(("ember_", "libtorch_"))} - listed)
    training = [x for x in rest if "mlp_step" in x or cases.get("ember_" + x, cases.get(
        "libtorch_" + x, {})).get("program") == "bench_training"]
    others = [x for x in rest if x not in training]
    md += ["## Training step (bench_training)", ""]
    if training:
        md += table([pair(cases, x) for x in training]) + [""]
    else:
        md += ["not measured (bench_training was not built or not run)", ""]
    if others:
        md += ["## Other cases", ""] + table([pair(cases, x) for x in others]) + [""]

    # Python call overhead (bench_calls.py): best of repeats, per call.
    md += ["## From Python (bench/python/bench_calls.py, per call, best of repeats, 1 thread)",
           ""]
    py_path = results / "python_calls.json"
    py = json.loads(py_path.read_text()) if py_path.exists() else None
    if not py:
        md += ["not measured (the Python module or PyTorch is missing)", ""]
    else:
        md += ["| case | ember | PyTorch | ratio | target | met |", "|---|---|---|---|---|---|"]
        for r in py:
            ratio = r["torch_ns"] / r["ember_ns"] if r["ember_ns"] else None
            target, met = "—", "—"
            if r["case"] == "a + b (2x3)":
                target, met = "≥2x", fmt_met(ratio >= 2 if ratio else None)
            md.append(f"| `{r['case']}` | {fmt_ns(r['ember_ns'])} | {fmt_ns(r['torch_ns'])} | "
                      f"{fmt_ratio(ratio)} | {target} | {met} |")
        md.append("")

    # Footprint.
    fp_path = results / "footprint.json"
    fp = json.loads(fp_path.read_text()) if fp_path.exists() else {}
    md += ["## Footprint (medians)", ""]
    md += ["| measure | ember | libtorch / PyTorch | ratio | target | met |",
           "|---|---|---|---|---|---|"]

    def fp_row(label, key, fmt, limit, scale=1.0):
        e, t = fp.get("ember_" + key), fp.get(("torch_" if key == "import_s" else "libtorch_")
                                               + key)
        ratio = t / e if e and t else None
        met = fmt_met(None if e is None else e * scale <= limit[0])
        md.append(f"| {label} | {fmt(e)} | {fmt(t)} | {fmt_ratio(ratio)} | {limit[1]} | {met} |")

    def size(v):
        return "not measured" if v is None else f"{v / MIB:.2f} MiB"

    def secs(v):
        return "not measured" if v is None else (f"{v:.2f} s" if v >= 1 else f"{v * 1e3:.1f} ms")

    def kib(v):
        return "not measured" if v is None else f"{v / 1024:.1f} MiB"

    fp_row("library size, stripped (libember.so; libtorch_cpu + libc10 + libtorch)", "lib_bytes",
           size, (5 * MIB, "≤5 MiB"))
    fp_row("hello world compile, g++ -std=c++20 -O2", "compile_s", secs, (3, "≤3 s"))
    fp_row("hello world start-up (run to exit)", "startup_s", secs, (0.020, "≤20 ms"))
    fp_row("hello world max RSS", "maxrss_kib", kib, (15 * 1024, "≤15 MiB"))
    fp_row("`import` in /usr/bin/python3 (minus `python3 -c pass`)", "import_s", secs,
           (0.150, "≤150 ms"))
    md.append("")
    for note in fp.get("notes", []):
        md.append(f"- footprint note: {note}")
    pathlib.Path(args.out).write_text("\n".join(md).rstrip() + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
