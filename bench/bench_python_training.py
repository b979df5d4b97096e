#!/usr/bin/env python3
"""Training from Python: ember against PyTorch, side by side in one process, the same programs.

    /usr/bin/python3 bench/bench_python_training.py [--build build] [--quick] [--repeats N]
        [--batches N] [--threads N] [--data DIR] [--json out.json] [--markdown out.md]

Cases (both libraries get the same initial weights, copied from ember's model, and the same data):
  mlp_step_b64        one training step of an MLP 784-256-10 on a fixed random batch of 64:
                      zero_grad, forward, cross-entropy, backward, Adam step (lr 1e-3); time per
                      step, the median over repeats of a block of steps (at least 3, filling
                      0.5 s; 0.2 s with --quick), after 3 warm-up steps.
  cnn_step_b64        the same for the CNN of examples/python/fashion_mnist.py (Conv2d(1,32,3)-
                      ReLU-MaxPool2d(2)-Conv2d(32,64,3)-ReLU-MaxPool2d(2)-Flatten-Linear(1600,128)-
                      ReLU-Linear(128,10)) on a fixed batch of 64 Fashion-MNIST images.
  cnn_fashion_200     the first N (default 200) batches of an epoch of that CNN, written as the
                      example is: a Dataset subclass over the normalised Fashion-MNIST training
                      images, DataLoader(batch_size=64, shuffle=True), the Adam loop with
                      loss.item() per step; time per batch (data loading included), the median
                      over repeats (at most 3) of the N-batch run, each from fresh weights.
Both libraries run with set_num_threads(--threads, default 2); their repeats alternate, so that
a change of load on the machine touches both. The ratio is PyTorch's time over ember's (above
1: ember is faster). Not a test: timings depend on the machine and its load.
"""
import argparse
import gzip
import json
import os
import pathlib
import platform
import statistics
import sys
import time

import numpy as np

DEBIAN_ROOT = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530  # Fashion-MNIST's training-set pixel statistics


def read_idx(path, magic, count, item_shape):
    """The uint8 array of one gzipped IDX file, after checking its magic number and its size."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * (1 + len(item_shape))
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big")
                  for i in range(1 + len(item_shape)))
    if int.from_bytes(data[:4], "big") != magic or shape != (count, *item_shape) \
            or len(data) != header + int(np.prod(shape)):
        raise ValueError(f"{path}: not an IDX file of shape {(count, *item_shape)}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load_training_set(root):
    root = pathlib.Path(root)
    images = read_idx(root / "train-images-idx3-ubyte.gz", 0x803, 60000, (28, 28))
    labels = read_idx(root / "train-labels-idx1-ubyte.gz", 0x801, 60000, ())
    x = (images.astype(np.float32)[:, None] / 255.0 - MEAN) / STD
    return x.astype(np.float32), labels.astype(np.int64)


def make_mlp(lib):
    nn = lib.nn
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def make_cnn(lib):
    nn = lib.nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


def copy_weights(dst_lib, dst, src):
    """Loads src's state_dict (any library) into dst (a dst_lib model) through numpy copies."""
    dst.load_state_dict({k: dst_lib.from_numpy(np.array(v.detach().numpy(), copy=True))
                         for k, v in src.state_dict().items()})


def step_time(lib, model, x, y, min_s, repeats_out):
    """Appends to repeats_out the time per step of one block of training steps: at least 3
    steps, and as many more as fit min_s seconds."""
    opt = lib.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = lib.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(3):  # warm-up: Adam's state, allocator caches
        step()
    steps, t0 = 0, time.perf_counter()
    while steps < 3 or time.perf_counter() - t0 < min_s:
        loss = step()
        steps += 1
    loss.item()
    repeats_out.append((time.perf_counter() - t0) / steps)


def make_dataset_class(lib):
    class FashionMNIST(lib.utils.data.Dataset):
        def __init__(self, images, labels):
            self.images = lib.from_numpy(images)
            self.labels = labels

        def __len__(self):
            return len(self.labels)

        def __getitem__(self, i):
            return self.images[i], int(self.labels[i])

    return FashionMNIST


def loader_run(lib, init, dataset, batches, seed):
    """Time per batch of the first `batches` batches of an epoch, as the example trains."""
    lib.manual_seed(seed)
    model = make_cnn(lib)
    copy_weights(lib, model, init)
    loader = lib.utils.data.DataLoader(dataset, batch_size=64, shuffle=True)
    opt = lib.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = lib.nn.CrossEntropyLoss()
    model.train()
    total, n = 0.0, 0
    t0 = time.perf_counter()
    for x, y in loader:
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        total += loss.item()
        n += 1
        if n == batches:
            break
    return (time.perf_counter() - t0) / n, total / n


def fmt_time(s):
    if s is None:
        return "not measured"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            v = s / scale
            return f"{v:.3g} {unit}" if v < 1000 else f"{v:.0f} {unit}"
    return f"{s * 1e9:.3g} ns"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", help="ember build folder (uses its python/ package)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and batches")
    parser.add_argument("--repeats", type=int, help="repeats per case (default 5; 3 quick)")
    parser.add_argument("--batches", type=int,
                        help="cnn_fashion batches (default 200; 50 quick)")
    parser.add_argument("--threads", type=int, default=2, help="set_num_threads for both")
    parser.add_argument("--data", default=DEBIAN_ROOT, help="Fashion-MNIST IDX folder")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--markdown", help="also write the markdown section to this file")
    args = parser.parse_args()
    if args.build:
        sys.path.insert(0, str(pathlib.Path(args.build).resolve() / "python"))
    elif os.environ.get("EMBER_PYTHON_PATH"):
        sys.path.insert(0, os.environ["EMBER_PYTHON_PATH"])
    repeats = args.repeats or (3 if args.quick else 5)
    batches = args.batches or (50 if args.quick else 200)
    block_s = 0.2 if args.quick else 0.5  # seconds of steps per repeat of a step case
    epoch_repeats = min(repeats, 3)  # the cnn_fashion runs are long: at most 3 repeats

    import torch

    import ember

    libs = {"torch": torch, "ember": ember}
    for lib in libs.values():
        lib.set_num_threads(args.threads)
    print(f"Python {platform.python_version()}, torch {torch.__version__}, ember "
          f"{ember.__version__} ({ember.__file__})")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    started = time.strftime("%Y-%m-%d %H:%M")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average "
          f"{load}; {args.threads} threads each; "
          f"medians of {repeats} repeats", flush=True)

    results = []

    def record(case, label, times, note=""):
        t, e = statistics.median(times["torch"]), statistics.median(times["ember"])
        results.append({"case": case, "label": label, "torch_s": t, "ember_s": e,
                        "ratio": t / e, "repeats": len(times["ember"]), "note": note,
                        "torch_all_s": times["torch"], "ember_all_s": times["ember"]})
        print(f"{case:20} torch {fmt_time(t):>10}  ember {fmt_time(e):>10}  "
              f"torch/ember {t / e:6.2f}x {note}", flush=True)

    rng = np.random.default_rng(0)

    # (a) MLP 784-256-10 step, fixed random batch of 64.
    ember.manual_seed(0)
    init = make_mlp(ember)
    xs = rng.standard_normal((64, 784), dtype=np.float32)
    ys = rng.integers(0, 10, 64)
    times = {"torch": [], "ember": []}
    models = {}
    for name, lib in libs.items():
        models[name] = make_mlp(lib)
        copy_weights(lib, models[name], init)
    data = {name: (lib.from_numpy(xs.copy()), lib.from_numpy(ys.copy()))
            for name, lib in libs.items()}
    for _ in range(repeats):
        for name, lib in libs.items():
            step_time(lib, models[name], *data[name], block_s, times[name])
    record("mlp_step_b64", "MLP 784-256-10 step, batch 64 (forward, cross-entropy, backward, "
           "Adam)", times)

    # (b) The example's CNN on Fashion-MNIST.
    try:
        images, labels = load_training_set(args.data)
    except (OSError, ValueError) as e:
        print(f"bench_python_training.py: Fashion-MNIST not read ({e}): CNN cases not measured",
              file=sys.stderr)
        images = None
    if images is not None:
        ember.manual_seed(0)
        init = make_cnn(ember)
        batch = rng.choice(len(labels), 64, replace=False)
        times = {"torch": [], "ember": []}
        for name, lib in libs.items():
            models[name] = make_cnn(lib)
            copy_weights(lib, models[name], init)
            data[name] = (lib.from_numpy(images[batch].copy()), lib.from_numpy(labels[batch]))
        for _ in range(repeats):
            for name, lib in libs.items():
                step_time(lib, models[name], *data[name], block_s, times[name])
        record("cnn_step_b64", "CNN step, batch 64 of Fashion-MNIST (forward, cross-entropy, "
               "backward, Adam)", times)

        datasets = {name: make_dataset_class(lib)(images, labels) for name, lib in libs.items()}
        times = {"torch": [], "ember": []}
        losses = {"torch": [], "ember": []}
        for r in range(epoch_repeats):
            for name, lib in libs.items():
                t, loss = loader_run(lib, init, datasets[name], batches, seed=r)
                times[name].append(t)
                losses[name].append(loss)
        record(f"cnn_fashion_{batches}", f"CNN on Fashion-MNIST, first {batches} batches of 64 "
               "of an epoch, per batch (Dataset + DataLoader(shuffle=True) + Adam step + "
               "loss.item())", times,
               f"(mean loss torch {statistics.mean(losses['torch']):.4f}, ember "
               f"{statistics.mean(losses['ember']):.4f})")
        epoch = {k: statistics.median(v) * 60000 / 64 for k, v in times.items()}
        print(f"{'':20} a 60,000-image epoch at that rate: torch {epoch['torch']:.1f} s, "
              f"ember {epoch['ember']:.1f} s")

    command = " ".join(["/usr/bin/python3", os.path.relpath(__file__)] + sys.argv[1:])
    md = [f"## Training from Python (bench/bench_python_training.py, {args.threads} threads, "
          f"medians of {repeats} repeats, {epoch_repeats} for the Fashion-MNIST batches)", "",
          "Ratio = PyTorch time / ember time (above 1: ember is faster); the same model, initial "
          "weights and data in both, in one process, repeats alternating between the two; "
          f"torch {torch.__version__}. Written by `{command}` on "
          f"{started}, load average at start {load}.", "",
          "| case | ember | PyTorch | ratio |", "|---|---|---|---|"]
    for r in results:
        md.append(f"| {r['label']} | {fmt_time(r['ember_s'])} | {fmt_time(r['torch_s'])} | "
                  f"{r['ratio']:.2f}x |")
    if images is None:
        md.append("| CNN on Fashion-MNIST | not measured (no data) | not measured | — |")
    text = "\n".join(md)
    print()
    print(text)
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown:
        pathlib.Path(args.markdown).write_text(text + "\n")


if __name__ == "__main__":
    main()
