#!/usr/bin/env python3
"""Trains a small CNN on Fashion-MNIST: a plain PyTorch program that runs unchanged on ember.

    /usr/bin/python3 examples/python/fashion_mnist.py [--lib ember|torch] [--epochs N]
        [--limit N] [--batch-size N] [--lr X] [--seed N] [--threads N] [--data DIR] [--out PATH]
        [--expect ACCURACY]

The library is picked by --lib (ember by default) and bound to the name `torch`; everything
below uses only PyTorch's API through that name (torch.nn, torch.nn.functional, torch.optim,
torch.utils.data, torch.save / torch.load). ember is found on sys.path, or in the build folder
next to this file (build/python), or where $EMBER_PYTHON_PATH says.

Data: Debian's dataset-fashion-mnist package (/usr/share/datasets/fashion-mnist), or any folder
with the four gzipped IDX files (train-images-idx3-ubyte.gz, ...).

--limit N: only the first N training images (a quick smoke run; the test set stays whole).
--expect ACCURACY: exit with status 1 unless the final test accuracy (a fraction) reaches it.
At the end the weights are saved with torch.save(model.state_dict(), --out), loaded back into a
fresh model with torch.load + load_state_dict, and the reloaded model's test accuracy is checked
to equal the trained one's.
"""
import argparse
import gzip
import importlib
import os
import pathlib
import sys
import time

import numpy as np

try:
    from tqdm import tqdm
except ImportError:  # Debian's python3-tqdm not installed: plain prints instead
    tqdm = None

DEBIAN_ROOT = "/usr/share/datasets/fashion-mnist"
# Fashion-MNIST's training-set pixel mean and standard deviation (pixels in [0, 1]).
MEAN, STD = 0.2860, 0.3530


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", default="ember", choices=("ember", "torch"),
                        help="the library to run on (default: ember)")
    parser.add_argument("--epochs", type=int, default=3, help="training epochs (default: 3)")
    parser.add_argument("--limit", type=int, default=0,
                        help="use only the first N training images (0: all 60,000)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate")
    parser.add_argument("--seed", type=int, default=0, help="torch.manual_seed")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch.set_num_threads (0: the library's default)")
    parser.add_argument("--data", default=DEBIAN_ROOT, help="folder of the gzipped IDX files")
    parser.add_argument("--out", default="fashion_mnist_cnn.pt",
                        help="where torch.save writes the trained state_dict")
    parser.add_argument("--expect", type=float, default=0.0,
                        help="fail unless the final test accuracy reaches this fraction")
    args = parser.parse_args()
    if args.epochs < 1 or args.limit < 0 or args.batch_size < 1 or not args.lr > 0:
        parser.error("--epochs and --batch-size must be positive, --limit >= 0, --lr > 0")
    return args


def import_library(name):
    """The library as a module: ember from sys.path, $EMBER_PYTHON_PATH or this checkout's build."""
    if name == "ember":
        candidates = [os.environ.get("EMBER_PYTHON_PATH"),
                      pathlib.Path(__file__).resolve().parents[2] / "build" / "python"]
        for path in candidates:
            if path and (pathlib.Path(path) / "ember" / "__init__.py").exists():
                sys.path.insert(0, str(path))
                break
    try:
        return importlib.import_module(name)
    except ImportError as e:
        sys.exit(f"fashion_mnist.py: cannot import {name} ({e}); build ember (build/python) or "
                 f"set EMBER_PYTHON_PATH, or install python3-torch for --lib torch")


args = parse_args()
torch = import_library(args.lib)
nn = torch.nn
F = torch.nn.functional
Dataset = torch.utils.data.Dataset
DataLoader = torch.utils.data.DataLoader


# ---- Data ----------------------------------------------------------------------------------

def read_idx(path, magic, dims):
    """An IDX file's array (uint8), after checking its magic number and its dimensions."""
    if not path.exists():
        sys.exit(f"fashion_mnist.py: {path} is missing (Debian: apt-get install "
                 f"dataset-fashion-mnist, or point --data at a folder with the IDX files)")
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError) as e:
        sys.exit(f"fashion_mnist.py: cannot read {path}: {e}")
    header = 4 + 4 * len(dims)
    if len(data) < header:
        sys.exit(f"fashion_mnist.py: {path}: truncated header ({len(data)} bytes)")
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        sys.exit(f"fashion_mnist.py: {path}: magic number {found:#010x}, expected {magic:#010x}")
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(len(dims)))
    for got, want in zip(shape[1:], dims[1:]):
        if got != want:
            sys.exit(f"fashion_mnist.py: {path}: shape {shape}, expected (N, {dims[1:]})")
    if shape[0] != dims[0]:
        sys.exit(f"fashion_mnist.py: {path}: {shape[0]} items, expected {dims[0]}")
    size = int(np.prod(shape))
    if len(data) != header + size:
        sys.exit(f"fashion_mnist.py: {path}: {len(data) - header} bytes of data, "
                 f"expected {size}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def load_split(root, prefix, count):
    root = pathlib.Path(root)
    images = read_idx(root / f"{prefix}-images-idx3-ubyte.gz", 0x00000803, (count, 28, 28))
    labels = read_idx(root / f"{prefix}-labels-idx1-ubyte.gz", 0x00000801, (count,))
    if labels.max() > 9:
        sys.exit(f"fashion_mnist.py: {root}/{prefix}-labels: label {labels.max()} out of 0..9")
    return images, labels


class FashionMNIST(Dataset):
    """Images as float32 1x28x28 tensors (pixels in [0, 1], then normalised), labels as ints."""

    def __init__(self, images, labels, limit=0):
        if limit:
            images, labels = images[:limit], labels[:limit]
        x = images.astype(np.float32)[:, None, :, :] / 255.0
        self.images = torch.from_numpy((x - MEAN) / STD)
        self.labels = labels.astype(np.int64)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.images[i], int(self.labels[i])


# ---- Model ---------------------------------------------------------------------------------

class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),   # 32 x 13 x 13
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),  # 64 x 5 x 5
        )
        self.flatten = nn.Flatten()
        self.fc1 = nn.Linear(64 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.flatten(self.features(x))
        return self.fc2(F.relu(self.fc1(x)))


# ---- Training and evaluation ---------------------------------------------------------------

def progress(iterable, desc, total):
    if tqdm is not None:
        return tqdm(iterable, desc=desc, total=total, leave=False, file=sys.stderr,
                    dynamic_ncols=True)
    return iterable


def train_epoch(model, loader, loss_fn, optimizer, epoch):
    model.train()
    total_loss, seen, steps = 0.0, 0, len(loader)
    bar = progress(loader, f"epoch {epoch}", steps)
    for step, (x, y) in enumerate(bar, 1):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(y)
        seen += len(y)
        if tqdm is not None:
            if step % 20 == 0:
                bar.set_postfix(loss=f"{total_loss / seen:.4f}")
        elif step % 200 == 0 or step == steps:
            print(f"  epoch {epoch} step {step}/{steps} loss {total_loss / seen:.4f}", flush=True)
    return total_loss / seen


def evaluate(model, loader):
    model.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(dim=1) == y).sum().item()
            total += len(y)
    return correct / total


def main():
    torch.manual_seed(args.seed)
    if args.threads:
        torch.set_num_threads(args.threads)
    train_images, train_labels = load_split(args.data, "train", 60000)
    test_images, test_labels = load_split(args.data, "t10k", 10000)
    train_set = FashionMNIST(train_images, train_labels, args.limit)
    test_set = FashionMNIST(test_images, test_labels)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=1000)

    model = CNN()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    params = sum(p.numel() for p in model.parameters())
    print(f"{args.lib} {torch.__version__}, {torch.get_num_threads()} threads; CNN with "
          f"{params} parameters; {len(train_set)} training, {len(test_set)} test images; "
          f"batch {args.batch_size}, Adam lr {args.lr}, seed {args.seed}", flush=True)

    accuracy = 0.0
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        loss = train_epoch(model, train_loader, loss_fn, optimizer, epoch)
        t1 = time.perf_counter()
        accuracy = evaluate(model, test_loader)
        t2 = time.perf_counter()
        print(f"epoch {epoch}/{args.epochs}: loss {loss:.4f}, test accuracy {accuracy:.4f}, "
              f"train {t1 - t0:.1f} s, test {t2 - t1:.1f} s", flush=True)

    torch.save(model.state_dict(), args.out)
    reloaded = CNN()
    reloaded.load_state_dict(torch.load(args.out))
    again = evaluate(reloaded, test_loader)
    print(f"saved {args.out}; reloaded model's test accuracy {again:.4f}", flush=True)
    if again != accuracy:
        sys.exit(f"fashion_mnist.py: the reloaded model's accuracy {again:.4f} differs from "
                 f"the trained model's {accuracy:.4f}")
    if accuracy < args.expect:
        sys.exit(f"fashion_mnist.py: test accuracy {accuracy:.4f} below --expect {args.expect}")


if __name__ == "__main__":
    main()
