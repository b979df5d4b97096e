"""PyTorch's side of bench/bench_cuda.cpp: the same cases, timed the same way, from Python.

Prints one JSON object: case name -> seconds per iteration (median of repeats). Run by
scripts/gpu-check.sh on the GPU machine; needs a CUDA build of PyTorch and a GPU.
"""
import json
import statistics
import sys
import time

import torch


def timed(fn, iters, repeats=5, sync=True):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iters):
            fn()
            if sync:
                torch.cuda.synchronize()
        torch.cuda.synchronize()
        runs.append((time.perf_counter() - start) / iters)
    return statistics.median(runs)


def main():
    if not torch.cuda.is_available():
        print("bench_cuda.py: no CUDA GPU", file=sys.stderr)
        return 1
    dev = "cuda"
    out = {}
    n = 1 << 28
    a, b = torch.ones(n, device=dev), torch.ones(n, device=dev)
    out["cuda_add_2p28"] = timed(lambda: a + b, 20)
    del a, b
    for size in (4096, 8192):
        torch.manual_seed(0)
        x, y = torch.randn(size, size, device=dev), torch.randn(size, size, device=dev)
        for tf32 in (0, 1):
            torch.backends.cuda.matmul.allow_tf32 = bool(tf32)
            out[f"cuda_matmul_f32/n:{size}/tf32:{tf32}"] = timed(lambda: x @ y, 10 if size == 4096 else 4)
        torch.backends.cuda.matmul.allow_tf32 = False
        del x, y
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 10)).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    xb = torch.randn(64, 784, device=dev)
    yb = torch.randint(0, 10, (64,), device=dev)

    def step():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()

    out["cuda_mlp_step_b64"] = timed(step, 200)
    s, t = torch.ones(2, 3, device=dev), torch.ones(2, 3, device=dev)
    out["cuda_add_2x3"] = timed(lambda: s + t, 20000, sync=False)
    out["device"] = torch.cuda.get_device_name(0)
    out["torch"] = torch.__version__
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
