"""ember.utils.data against torch.utils.data: datasets, samplers (the same random order seed for
seed), random_split, default_collate / default_convert, DataLoader's batches, lengths and
errors, iterable datasets, and worker processes (seeding, get_worker_info, order)."""
import collections
import math
import random
import time

import numpy as np
import pytest

import ember.utils.data  # noqa: F401  (until ember/__init__.py imports ember.utils)
import torch.utils.data  # noqa: F401
from differential import check

D = "D = torch.utils.data; "
DS = D + "ds = D.TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5)); "
BIG = D + "ds = D.TensorDataset(torch.arange(23)); "

Point = collections.namedtuple("Point", ["x", "y"])


def _env(lib):
    """The classes the cases use, built on lib.utils.data."""
    data = lib.utils.data

    class Stream(data.IterableDataset):
        """range(start, end), split between the workers (by get_worker_info) when there are."""

        def __init__(self, start, end, split=True):
            self.start, self.end, self.split = start, end, split

        def __iter__(self):
            info = data.get_worker_info()
            if info is None or not self.split:
                return iter(range(self.start, self.end))
            per = int(math.ceil((self.end - self.start) / info.num_workers))
            begin = self.start + info.id * per
            return iter(range(begin, min(begin + per, self.end)))

        def __len__(self):
            return self.end - self.start

    class Squares(data.Dataset):
        def __getitem__(self, i):
            return i * i

        def __len__(self):
            return 6

    return {"Stream": Stream, "Squares": Squares, "Point": Point}


@pytest.mark.parametrize("code", [
    # datasets
    DS + "(len(ds), ds[3], ds[-1])",
    D + "D.TensorDataset(torch.ones(3), torch.ones(4))",
    D + "c = Squares() + Squares(); (len(c), c[7], c[-1], c.cumulative_sizes)",
    D + "c = D.ConcatDataset([Squares(), [10, 11]]); (c[6], c[7], c[-8])",
    D + "D.ConcatDataset([Squares()])[-7]",
    D + "D.ConcatDataset([])",
    D + "D.ConcatDataset([Stream(0, 3)])",
    D + "c = Stream(0, 3) + Stream(5, 7); (type(c).__name__, list(c), len(c))",
    D + "list(D.ChainDataset([Stream(0, 2), Squares()]))",
    D + "s = D.Subset(Squares(), [5, 1, 3]); (len(s), s[0], s[-1], list(s))",
    # samplers
    D + "list(D.SequentialSampler(range(4)))",
    D + "torch.manual_seed(0); s = D.RandomSampler(range(10)); (list(s), list(s))",
    D + "torch.manual_seed(1); list(D.RandomSampler(range(7), num_samples=17))",
    D + "torch.manual_seed(2); list(D.RandomSampler(range(7), replacement=True, num_samples=70))",
    D + "g = torch.Generator().manual_seed(5); s = D.RandomSampler(range(9), generator=g); "
        "(list(s), list(s), len(s))",
    D + "D.RandomSampler(range(3), replacement=1)",
    D + "D.RandomSampler(range(3), num_samples=0)",
    D + "D.RandomSampler([])",
    D + "torch.manual_seed(3); list(D.SubsetRandomSampler([5, 6, 7, 8, 9]))",
    D + "list(D.SubsetRandomSampler(torch.tensor([5, 6, 7]), torch.Generator().manual_seed(1)))",
    D + "torch.manual_seed(4); list(D.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0], 12))",
    D + "g = torch.Generator().manual_seed(6); "
        "s = D.WeightedRandomSampler([0.9, 0.4, 0.05, 0.2], 4, replacement=False, generator=g); "
        "(list(s), len(s), s.weights)",
    D + "D.WeightedRandomSampler([1.0, 2.0], 0)",
    D + "D.WeightedRandomSampler([1.0, 2.0], True)",
    D + "D.WeightedRandomSampler([1.0, 2.0], 2, replacement=None)",
    D + "D.WeightedRandomSampler([[1.0, 2.0]], 2)",
    D + "b = D.BatchSampler(range(10), 3, False); (list(b), len(b))",
    D + "b = D.BatchSampler(range(10), 3, True); (list(b), len(b))",
    D + "b = D.BatchSampler(range(9), 3, True); (list(b), len(b))",
    D + "D.BatchSampler(range(10), 0, False)",
    D + "D.BatchSampler(range(10), True, False)",
    D + "D.BatchSampler(range(10), 2, 0)",
    # random_split
    D + "torch.manual_seed(7); [s.indices for s in D.random_split(range(10), [3, 7])]",
    D + "[s.indices for s in D.random_split(range(10), [3, 7], torch.Generator().manual_seed(42))]",
    D + "torch.manual_seed(8); [s.indices for s in D.random_split(range(11), [0.3, 0.3, 0.4])]",
    D + "torch.manual_seed(9); [len(s) for s in D.random_split(range(7), [0.25, 0.25, 0.5])]",
    D + "D.random_split(range(10), [3, 6])",
    D + "D.random_split(range(10), [1.5, -0.5])",
    D + "import warnings\nwith warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    s = D.random_split(range(2), [0.5, 0.5, 0.0])\n"
        "([str(x.message) for x in w], [len(p) for p in s])",
])
def test_datasets_samplers_split(code):
    check(code, env=_env)


@pytest.mark.parametrize("batch", [
    "[torch.tensor([1, 2]), torch.tensor([3, 4])]",
    "[torch.ones(2, 3, dtype=torch.float64), torch.zeros(2, 3, dtype=torch.float64)]",
    "[torch.tensor(1.5), torch.tensor(2.5)]",
    "[1.5, 2.0, -3.25]",
    "[1, 2, 3]",
    "[1, 2.5]",
    "[True, False]",
    "['a', 'b']",
    "[b'a', b'b']",
    "[np.array([1, 2], dtype=np.int16), np.array([3, 4], dtype=np.int16)]",
    "[np.zeros((2, 2), dtype=np.float32), np.ones((2, 2), dtype=np.float32)]",
    "[np.float32(1.5), np.float32(2.5)]",
    "[np.int64(3), np.int64(4)]",
    "[np.bool_(True), np.bool_(False)]",
    "[(1, 'x', 2.0), (3, 'y', 4.0)]",
    "[[1, 2], [3, 4]]",
    "[{'a': 1, 'b': torch.ones(2)}, {'a': 2, 'b': torch.zeros(2)}]",
    "[{'n': {'m': [1.0, 2.0]}}, {'n': {'m': [3.0, 4.0]}}]",
    "[Point(1, 2.0), Point(3, 4.0)]",
    "[collections.OrderedDict(a=1), collections.OrderedDict(a=2)]",
    # errors
    "[[1, 2], [3]]",
    "[object(), object()]",
    "[None, None]",
    "[np.array(['a']), np.array(['b'])]",
    "[np.array([object()]), np.array([object()])]",
    "[torch.ones(2), torch.ones(3)]",
    "[]",
])
@pytest.mark.filterwarnings("ignore:In future, it will be an error for 'np.bool_'")
def test_default_collate(batch):
    env = {"collections": collections, "Point": Point}
    check(f"torch.utils.data.default_collate({batch})", env=env)


@pytest.mark.parametrize("data", [
    "np.array([1, 2], dtype=np.int32)",
    "np.float64(2.5)",
    "(np.array([1.0]), 2, 'a')",
    "[np.array([1]), [np.int8(2)]]",
    "{'a': np.zeros(2), 'b': 'text'}",
    "Point(np.array(1), 2)",
    "torch.ones(2)",
    "'text'",
])
def test_default_convert(data):
    check(f"torch.utils.data.default_convert({data})", env={"Point": Point})
    check(f"x = {data}; torch.utils.data.default_convert(x) is x", env={"Point": Point})


@pytest.mark.parametrize("code", [
    DS + "list(D.DataLoader(ds, batch_size=2))",
    DS + "list(D.DataLoader(ds, batch_size=2, drop_last=True))",
    DS + "list(D.DataLoader(ds))",
    DS + "list(D.DataLoader(ds, batch_size=None))",
    BIG + "torch.manual_seed(10); [b[0].tolist() for b in D.DataLoader(ds, batch_size=4, "
          "shuffle=True)]",
    BIG + "torch.manual_seed(11); dl = D.DataLoader(ds, batch_size=5, shuffle=True, "
          "drop_last=True); ([b[0].tolist() for b in dl], [b[0].tolist() for b in dl], "
          "torch.rand(2))",
    BIG + "dl = D.DataLoader(ds, batch_size=6, shuffle=True, generator=torch.Generator()."
          "manual_seed(3)); ([b[0].tolist() for b in dl], [b[0].tolist() for b in dl])",
    BIG + "g = torch.Generator().manual_seed(4); s = D.RandomSampler(ds, True, 9, g); "
          "[b[0].tolist() for b in D.DataLoader(ds, batch_size=4, sampler=s)]",
    BIG + "s = D.BatchSampler(D.SequentialSampler(ds), 7, False); "
          "[b[0].tolist() for b in D.DataLoader(ds, batch_sampler=s)]",
    D + "list(D.DataLoader(Squares(), batch_size=4, collate_fn=lambda b: sum(b)))",
    D + "list(D.DataLoader([{'x': np.ones(2), 'y': 'a'}] * 3, batch_size=2))",
    D + "list(D.DataLoader([(1, 2.0)] * 3, batch_size=None))",
    DS + "import warnings\nwith warnings.catch_warnings(record=True) as w:\n"
         "    warnings.simplefilter('always')\n"
         "    out = list(D.DataLoader(ds, batch_size=2, pin_memory=True))\n"
         "(out, [str(x.message) for x in w])",
    # lengths
    DS + "(len(D.DataLoader(ds, batch_size=2)), len(D.DataLoader(ds, batch_size=2, "
         "drop_last=True)), len(D.DataLoader(ds, batch_size=None)))",
    D + "(len(D.DataLoader(Stream(0, 7), batch_size=3)), len(D.DataLoader(Stream(0, 7), "
        "batch_size=3, drop_last=True)), len(D.DataLoader(Stream(0, 7), batch_size=None)))",
    D + "len(iter(D.DataLoader(Squares(), batch_size=4)))",
    # iterable datasets
    D + "list(D.DataLoader(Stream(3, 10), batch_size=3))",
    D + "list(D.DataLoader(Stream(3, 10), batch_size=3, drop_last=True))",
    D + "list(D.DataLoader(Stream(3, 6), batch_size=None))",
    D + "list(D.DataLoader(Stream(3, 6), shuffle=False))",
    D + "import warnings\ndl = D.DataLoader(Stream(0, 4)); n = len(dl); dl.dataset.end = 6\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    warnings.simplefilter('always')\n"
        "    out = list(dl)\n"
        "(n, out, [str(x.message) for x in w])",
    # argument errors
    DS + "D.DataLoader(ds, num_workers=-1)",
    DS + "D.DataLoader(ds, timeout=-1)",
    DS + "D.DataLoader(ds, prefetch_factor=4)",
    DS + "D.DataLoader(ds, persistent_workers=True)",
    DS + "D.DataLoader(ds, sampler=[0, 1], shuffle=True)",
    DS + "D.DataLoader(ds, batch_sampler=[[0, 1]], batch_size=2)",
    DS + "D.DataLoader(ds, batch_sampler=[[0, 1]], drop_last=True)",
    DS + "D.DataLoader(ds, batch_sampler=[[0, 1]], shuffle=True)",
    DS + "D.DataLoader(ds, batch_size=None, drop_last=True)",
    DS + "D.DataLoader(ds, multiprocessing_context='fork')",
    DS + "D.DataLoader(ds, num_workers=1, multiprocessing_context='nonsense')",
    DS + "D.DataLoader(ds, num_workers=1, multiprocessing_context=3)",
    DS + "D.DataLoader(ds, batch_size=0)",
    D + "D.DataLoader(Stream(0, 3), shuffle=True)",
    D + "D.DataLoader(Stream(0, 3), sampler=[0, 1])",
    D + "D.DataLoader(Stream(0, 3), batch_sampler=[[0, 1]])",
    DS + "dl = D.DataLoader(ds); setattr(dl, 'batch_size', 3)",
    DS + "dl = D.DataLoader(ds); dl.num_workers = 3; dl.num_workers",
    DS + "import pickle; pickle.dumps(iter(D.DataLoader(ds)))",
])
def test_dataloader(code):
    check(code, env=_env)


# Worker processes: a few cases, each starting two workers.

class _Seeds:
    """Sample i: i with what the worker's seeded generators draw, and its worker info."""

    def __init__(self, lib):
        self.lib = lib

    def __len__(self):
        return 7

    def __getitem__(self, i):
        info = self.lib.utils.data.get_worker_info()
        return (self.lib.tensor([float(i)]), self.lib.rand(()).item(),
                int(np.random.randint(1 << 30)), random.random(), info.id, info.seed,
                info.num_workers)


def _seeded_batches(lib):
    data = lib.utils.data
    lib.manual_seed(12)
    loader = data.DataLoader(_Seeds(lib), batch_size=2, shuffle=True, num_workers=2)
    first = list(loader)
    loader = data.DataLoader(_Seeds(lib), batch_size=3, num_workers=2, prefetch_factor=1,
                             generator=lib.Generator().manual_seed(5))
    return first, list(loader), lib.rand(2)


def _odd_tensors(lib):
    """Tensors of several dtypes and shapes crossing from the workers."""
    samples = [lib.zeros(0, 3), lib.arange(6.0).reshape(2, 3)[:, 1:],
               lib.ones(2, dtype=lib.bfloat16), lib.tensor(True),
               lib.ones(2, requires_grad=True), lib.tensor([1, 2], dtype=lib.int16)]
    loader = lib.utils.data.DataLoader(samples, batch_size=None, num_workers=2)
    return list(loader)


def _iterable_workers(lib):
    env = _env(lib)
    data = lib.utils.data
    stream = env["Stream"]

    def narrow(worker_id):
        info = data.get_worker_info()
        info.dataset.end = info.dataset.start + 2 * (worker_id + 1)

    split = list(data.DataLoader(stream(3, 10), batch_size=2, num_workers=2))
    unsplit = list(data.DataLoader(stream(0, 3, split=False), batch_size=None, num_workers=2))
    narrowed = list(data.DataLoader(stream(0, 10, split=False), batch_size=3, num_workers=2,
                                    worker_init_fn=narrow, drop_last=True))
    return split, unsplit, narrowed


def _persistent_workers(lib):
    loader = lib.utils.data.DataLoader(list(range(7)), batch_size=2, num_workers=2,
                                       shuffle=True, persistent_workers=True,
                                       generator=lib.Generator().manual_seed(1))
    return [[b.tolist() for b in loader] for _ in range(3)]


class _Failing:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise ValueError("bad sample")
        return i


class _Slow:
    def __len__(self):
        return 2

    def __getitem__(self, i):
        time.sleep(0.5)
        return i


def _worker_errors(lib):
    out = []
    for dataset, kwargs in [(_Failing(), {}), (_Slow(), {"timeout": 0.1})]:
        batches = iter(lib.utils.data.DataLoader(dataset, num_workers=2, **kwargs))
        try:
            list(batches)
        except Exception as e:  # noqa: BLE001
            lines = str(e).splitlines()
            out.append((type(e).__name__, lines[0], lines[-1]))
        # Now, not when the garbage collector finds PyTorch's iterator (in a reference cycle
        # through its traceback), which then waits 5 s per worker.
        batches._shutdown_workers()
    return out


@pytest.mark.parametrize("case", [_seeded_batches, _odd_tensors, _iterable_workers,
                                  _persistent_workers, _worker_errors])
def test_workers(case):
    check(case)


def test_pin_memory_without_cuda():
    # Neither library can pin memory without a CUDA device: the loader yields the same batches
    # and Tensor.pin_memory() raises NotImplementedError (PyTorch's dispatcher message differs).
    if torch.cuda.is_available() or ember.cuda.is_available():
        pytest.skip("a CUDA device is present")
    check("ds = torch.utils.data.TensorDataset(torch.arange(10.).view(5, 2)); "
          "list(torch.utils.data.DataLoader(ds, batch_size=2, pin_memory=True))")
    check("torch.ones(2).pin_memory()", message=False)
    check("torch.ones(2).is_pinned()")
