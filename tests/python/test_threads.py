"""ember from several Python threads and processes: the GIL is let go during kernels and the
backward pass, backward passes in threads share parameters correctly, hooks written in Python
take the GIL back, and worker processes made by fork() (os.fork, multiprocessing, DataLoader-style
workers) run ember's parallel kernels instead of hanging."""
import multiprocessing
import os
import signal
import sys
import threading

import pytest

import ember


def _busy_counter():
    """A thread that counts while it holds the GIL; stop() returns the count."""
    state = {"count": 0, "stop": False}

    def spin():
        while not state["stop"]:
            state["count"] += 1

    t = threading.Thread(target=spin)
    t.start()

    def stop():
        state["stop"] = True
        t.join()
        return state["count"]

    return state, stop


@pytest.mark.parametrize(
    "op",
    [
        lambda a: a @ a,
        lambda a: ember.mm(a, a),
        lambda a: (a + a).exp().sum(),
        lambda a: a.sort(dim=1)[0],
        lambda a: ember.randn(3000, 3000),
    ],
    ids=["matmul", "mm", "elementwise", "sort", "randn"],
)
def test_other_threads_run_during_a_long_kernel(op):
    a = ember.randn(1500, 1500)
    old = sys.getswitchinterval()
    sys.setswitchinterval(1.0)  # without a release, the counter could not run during the call
    try:
        state, stop = _busy_counter()
        while state["count"] == 0:  # the counter is running
            pass
        before = state["count"]
        op(a)
        during = state["count"] - before
        stop()
    finally:
        sys.setswitchinterval(old)
    assert during > 0


def test_other_threads_run_during_backward():
    w = ember.randn(1500, 1500, requires_grad=True)
    loss = (w @ w).sum()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        state, stop = _busy_counter()
        while state["count"] == 0:
            pass
        before = state["count"]
        loss.backward()
        during = state["count"] - before
        stop()
    finally:
        sys.setswitchinterval(old)
    assert during > 0
    assert w.grad is not None


def test_backward_from_threads_into_a_shared_parameter():
    w = ember.zeros(32, 8, dtype=ember.float64, requires_grad=True)
    steps, nthreads = 40, 4
    errors = []

    def train(i):
        try:
            x = ember.full((8, 4), float(i + 1), dtype=ember.float64)
            for _ in range(steps):
                (w @ x).sum().backward()
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=train, args=(i,)) for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    expected = sum(steps * 4.0 * (i + 1) for i in range(nthreads))
    assert bool((w.grad == expected).all())


def test_python_hooks_run_during_a_threaded_backward():
    w = ember.ones(3, requires_grad=True)
    seen = []
    lock = threading.Lock()

    def hook(g):
        with lock:
            seen.append(threading.get_ident())
        return g * 2

    w.register_hook(hook)

    def run():
        for _ in range(10):
            (w * 3).sum().backward()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 30
    assert w.grad.tolist() == [180.0, 180.0, 180.0]


def test_an_exception_in_a_hook_reaches_backward():
    w = ember.ones(2, requires_grad=True)

    def bad(g):
        raise ValueError("boom")

    w.register_hook(bad)
    with pytest.raises(ValueError, match="boom"):
        w.sum().backward()


# ---- fork ----------------------------------------------------------------------------------------

_BIG = 500_000


def _parallel_work(seed):
    a = ember.ones(_BIG)
    ember.manual_seed(seed)
    return float((a + a).sum()), tuple(ember.randn(3).tolist())


def _start_pool():
    ember.set_num_threads(2)
    assert float((ember.ones(_BIG) * 2).sum()) == 2 * _BIG  # the intra-op pool is running


def _check_forked_child(seed):
    """fork(); the child runs _parallel_work(seed) and must finish, with the right sum."""
    pid = os.fork()
    if pid == 0:  # the child: a hang is ended by the alarm, and reported by the exit status
        signal.alarm(60)
        try:
            ok = _parallel_work(seed)[0] == 2 * _BIG
        except BaseException:  # noqa: BLE001
            ok = False
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status


def test_os_fork_child_runs_parallel_kernels():
    _start_pool()
    _check_forked_child(0)


def test_multiprocessing_pool_with_fork():
    _start_pool()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        result = pool.map_async(_parallel_work, [0, 1, 0]).get(timeout=120)
    assert [r[0] for r in result] == [2 * _BIG] * 3
    assert result[0][1] == result[2][1]  # same seed, same numbers, in different processes
    assert result[0][1] == _parallel_work(0)[1]


def _loader_worker(index_queue, result_queue):
    # What a DataLoader worker does: takes indices, builds batches with ember, sends them back.
    while True:
        i = index_queue.get()
        if i is None:
            return
        batch = ember.full((_BIG,), float(i)) * 2
        result_queue.put((i, float(batch.sum())))


def test_dataloader_style_worker_processes():
    _start_pool()
    ctx = multiprocessing.get_context("fork")
    index_queue, result_queue = ctx.Queue(), ctx.Queue()
    workers = [ctx.Process(target=_loader_worker, args=(index_queue, result_queue)) for _ in range(2)]
    for w in workers:
        w.start()
    for i in range(6):
        index_queue.put(i)
    results = dict(result_queue.get(timeout=120) for _ in range(6))
    for _ in workers:
        index_queue.put(None)
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert results == {i: 2.0 * i * _BIG for i in range(6)}


def test_fork_while_another_thread_computes():
    _start_pool()
    stop = threading.Event()

    def busy():
        a = ember.ones(_BIG)
        while not stop.is_set():
            (a + a).sum()
            ember.randn(100_000)

    t = threading.Thread(target=busy)
    t.start()
    try:
        for _ in range(3):
            _check_forked_child(1)
    finally:
        stop.set()
        t.join()
