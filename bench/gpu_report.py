"""The table of the CUDA issue's targets from bench_cuda's JSON and bench/python/bench_cuda.py's.

Usage: gpu_report.py BENCH_CUDA_JSON TORCH_JSON  (prints Markdown)
"""
import json
import sys


def ember_times(path):
    """Case name -> seconds per iteration (the median aggregate)."""
    with open(path) as f:
        data = json.load(f)
    times = {}
    for b in data.get("benchmarks", []):
        if b.get("aggregate_name", "median") != "median" or b.get("error_occurred"):
            continue
        name = b["run_name"].removesuffix("/real_time")
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b.get("time_unit", "ns")]
        times[name] = b["real_time"] * scale
    return times


def fmt(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main():
    ember = ember_times(sys.argv[1])
    try:
        with open(sys.argv[2]) as f:
            torch = json.load(f)
    except (OSError, ValueError):
        torch = {}  # PyTorch's side did not run: its column reads "not measured"
    print(f"GPU: {torch.get('device', '?')}, PyTorch {torch.get('torch', '?')}\n")
    print("| case | ember (C++) | PyTorch (Python) | ember speed / PyTorch's | target | met |")
    print("|---|---|---|---|---|---|")
    rows = [("cuda_add_2p28", 0.90, "≥ 90% of PyTorch's bandwidth")]
    for n in (4096, 8192):
        for tf32 in (0, 1):
            rows.append((f"cuda_matmul_f32/n:{n}/tf32:{tf32}", 0.95, "≥ 95% of PyTorch's"))
    rows.append(("cuda_mlp_step_b64", 5.0, "≥ 5x PyTorch's eager step"))
    rows.append(("cuda_add_2x3", 1.0, "no slower than PyTorch from Python"))
    for name, target, text in rows:
        e, t = ember.get(name), torch.get(name)
        if e is None or t is None:
            print(f"| {name} | {fmt(e) if e else 'not measured'} | {fmt(t) if t else 'not measured'} | — | {text} | — |")
            continue
        ratio = t / e
        print(f"| {name} | {fmt(e)} | {fmt(t)} | {ratio:.2f}x | {text} | {'yes' if ratio >= target else '**no**'} |")


if __name__ == "__main__":
    main()
