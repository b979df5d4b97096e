"""The worker processes' side of a DataLoader: their loop, their seeds, get_worker_info, and
how tensors cross process boundaries."""
import os
import queue
import random
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from typing import Optional

import ember

from . import HAS_NUMPY, MP_STATUS_CHECK_INTERVAL, ExceptionWrapper


class ManagerWatchdog:
    """Tells whether the process that started this worker is still alive."""

    def __init__(self):
        self.manager_pid = os.getppid()
        self.manager_dead = False

    def is_alive(self):
        if not self.manager_dead:
            self.manager_dead = os.getppid() != self.manager_pid
        return not self.manager_dead


_worker_info = None


class WorkerInfo:
    """What get_worker_info returns in a worker: id, num_workers, seed, dataset (read-only)."""
    __initialized = False

    def __init__(self, **kwargs):
        for k, v in kwargs.items():
            setattr(self, k, v)
        self.__keys = tuple(kwargs.keys())
        self.__initialized = True

    def __setattr__(self, key, val):
        if self.__initialized:
            raise RuntimeError("Cannot assign attributes to {} objects".format(
                self.__class__.__name__))
        return super().__setattr__(key, val)

    def __repr__(self):
        items = ", ".join("{}={}".format(k, getattr(self, k)) for k in self.__keys)
        return "{}({})".format(self.__class__.__name__, items)


def get_worker_info():
    """In a DataLoader worker process, its WorkerInfo (id, num_workers, seed, and its copy of
    the dataset); None in the main process."""
    return _worker_info


@dataclass(frozen=True)
class _IterableDatasetStopIteration:
    """A worker's signal that its copy of an iterable dataset is exhausted."""
    worker_id: int


@dataclass(frozen=True)
class _ResumeIteration:
    """The signal to a persistent worker that a new epoch starts."""
    seed: Optional[int] = None


def _generate_state(base_seed, worker_id):
    """NumPy's seed for a worker: PyTorch's hash of (worker_id, base_seed), after NumPy's
    SeedSequence, into four 32-bit words."""
    init_a, mult_a = 0x43b0d7e5, 0x931e8875
    init_b, mult_b = 0x8b51f9dd, 0x58f38ded
    mix_mult_l, mix_mult_r = 0xca01f9dd, 0x4973f715
    xshift = 16
    mask = 0xFFFFFFFF

    entropy = [worker_id, base_seed & mask, base_seed >> 32, 0]
    hash_const_a = init_a

    def hash_(value):
        nonlocal hash_const_a
        value = (value ^ hash_const_a) & mask
        hash_const_a = (hash_const_a * mult_a) & mask
        value = (value * hash_const_a) & mask
        return (value ^ (value >> xshift)) & mask

    def mix(x, y):
        result = ((mix_mult_l * x) & mask) - ((mix_mult_r * y) & mask)
        result &= mask
        return (result ^ (result >> xshift)) & mask

    pool = [hash_(e) for e in entropy]
    for i_src in range(4):
        for i_dst in range(4):
            if i_src != i_dst:
                pool[i_dst] = mix(pool[i_dst], hash_(pool[i_src]))

    hash_const_b = init_b
    state = []
    for value in pool:
        value = (value ^ hash_const_b) & mask
        hash_const_b = (hash_const_b * mult_b) & mask
        value = (value * hash_const_b) & mask
        state.append((value ^ (value >> xshift)) & mask)
    return state


def _worker_loop(dataset_kind, dataset, index_queue, data_queue, done_event, auto_collation,
                 collate_fn, drop_last, base_seed, init_fn, worker_id, num_workers,
                 persistent_workers, shared_seed):
    """A worker: seeds Python, ember and NumPy, runs init_fn, then fetches the batches whose
    indices come on index_queue and puts (task index, batch or wrapped exception) on data_queue,
    until it gets None."""
    from ..dataloader import _DatasetKind
    global _worker_info
    try:
        ember.set_num_threads(1)
        seed = base_seed + worker_id
        random.seed(seed)
        ember.manual_seed(seed)
        if HAS_NUMPY:
            import numpy as np
            np.random.seed(_generate_state(base_seed, worker_id))

        _worker_info = WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed,
                                  dataset=dataset)
        init_exception = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
            fetcher = _DatasetKind.create_fetcher(dataset_kind, dataset, auto_collation,
                                                  collate_fn, drop_last)
        except Exception:
            init_exception = ExceptionWrapper(
                where="in DataLoader worker process {}".format(worker_id))

        # After an iterable dataset's end, the tasks still coming are skipped until the main
        # process sends None (or, with persistent workers, _ResumeIteration).
        iteration_end = False
        watchdog = ManagerWatchdog()
        while watchdog.is_alive():
            try:
                r = index_queue.get(timeout=MP_STATUS_CHECK_INTERVAL)
            except queue.Empty:
                continue
            if isinstance(r, _ResumeIteration):
                data_queue.put((r, None))
                iteration_end = False
                fetcher = _DatasetKind.create_fetcher(dataset_kind, dataset, auto_collation,
                                                      collate_fn, drop_last)
                continue
            if r is None:
                assert done_event.is_set() or iteration_end
                break
            if done_event.is_set() or iteration_end:
                continue
            idx, index = r
            if init_exception is not None:
                data = init_exception
                init_exception = None
            else:
                try:
                    data = fetcher.fetch(index)
                except Exception as e:
                    if isinstance(e, StopIteration) and dataset_kind == _DatasetKind.Iterable:
                        data = _IterableDatasetStopIteration(worker_id)
                        iteration_end = True
                    else:
                        data = ExceptionWrapper(
                            where="in DataLoader worker process {}".format(worker_id))
            data_queue.put((idx, data))
            del data, idx, index, r
    except KeyboardInterrupt:
        pass
    if done_event.is_set():
        data_queue.cancel_join_thread()
        data_queue.close()


def _rebuild_tensor(array, dtype_name, device, requires_grad):
    tensor = ember.from_numpy(array)
    if dtype_name == "bfloat16":
        tensor = tensor.view(ember.bfloat16)
    if device.type != "cpu":
        tensor = tensor.to(device)
    return tensor.requires_grad_() if requires_grad else tensor


def _reduce_tensor(tensor):
    """A tensor as (its elements in a NumPy array, dtype, device, requires_grad), for the queues
    between processes (as torch.multiprocessing's reductions, but copied, not shared). The dtype
    goes by name: pickling an ember.dtype looks for it through every module."""
    if tensor.requires_grad and not tensor.is_leaf:
        raise RuntimeError("Cowardly refusing to serialize non-leaf tensor which requires_grad, "
                           "since autograd does not support crossing process boundaries.  "
                           "If you just want to transfer the data, call detach() on the tensor "
                           "before serializing (e.g., putting it on the queue).")
    data = tensor.detach().cpu()
    if data.dtype == ember.bfloat16:
        data = data.view(ember.int16)
    dtype_name = str(tensor.dtype).rpartition(".")[2]
    return _rebuild_tensor, (data.numpy(), dtype_name, tensor.device, tensor.requires_grad)


ForkingPickler.register(ember.Tensor, _reduce_tensor)
