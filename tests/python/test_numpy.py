"""NumPy interop against PyTorch: t.numpy() and ember.from_numpy(a) share memory, ember.tensor(a)
copies, np.asarray(t) works, NumPy scalars are numbers, NumPy operators defer to tensors, and the
errors are PyTorch's."""
import numpy as np
import pytest

import ember
from differential import check

CASES = [
    "torch.tensor([[1., 2.], [3., 4.]]).numpy()",
    "torch.tensor([1, 2]).numpy()",
    "torch.tensor([True, False]).numpy()",
    "torch.tensor([1, 2], dtype=torch.uint8).numpy()",
    "torch.tensor([1, 2], dtype=torch.int8).numpy()",
    "torch.tensor([1, 2], dtype=torch.int16).numpy()",
    "torch.tensor([1, 2], dtype=torch.int32).numpy()",
    "torch.tensor([1.5], dtype=torch.float16).numpy()",
    "torch.tensor([1.5], dtype=torch.float64).numpy()",
    "torch.tensor(3.5).numpy()",
    "torch.arange(6.).reshape(2, 3).t().numpy()",
    "torch.arange(6.).reshape(2, 3)[:, ::2].numpy()",
    "torch.tensor([1., 2.]).expand(3, 2).numpy()",
    "torch.zeros(0, 3).numpy()",
    "torch.ones(2, requires_grad=True).detach().numpy()",
    "torch.ones(2, requires_grad=True).numpy(force=True)",
    "np.asarray(torch.tensor([1., 2.]))",
    "np.array(torch.tensor([[1, 2]]))",
    "np.asarray(torch.tensor([1., 2.]), dtype=np.float64)",
    "torch.from_numpy(np.array([1., 2.]))",
    "torch.from_numpy(np.array([1, 2], dtype=np.int32))",
    "torch.from_numpy(np.array([True]))",
    "torch.from_numpy(np.arange(6).reshape(2, 3).T)",
    "torch.from_numpy(np.ones(5)[::2])",
    "torch.from_numpy(np.float32(2.5) * np.ones((2, 2), dtype=np.float32))",
    "torch.from_numpy(np.zeros((0, 2)))",
    "torch.from_numpy(np.array(7))",
    "torch.tensor(np.array([[1, 2], [3, 4]]))",
    "torch.tensor(np.array([1., 2.]), dtype=torch.float32)",
    "torch.as_tensor(np.array([1, 2]))",
    "torch.as_tensor([1, 2], dtype=torch.float64)",
    "torch.tensor([np.float64(1.5), np.int32(2)])",
    "torch.tensor(np.bool_(True))",
    "torch.ones(2) * np.float32(3)",
    "torch.ones(2) + np.int64(2)",
    "torch.ones(2) + np.ones(2)",
    "torch.ones(2, dtype=torch.int64)[np.int64(1)]",
    "torch.zeros(3)[np.array([0, 2])]",
    "torch.zeros(2, 2).sum(np.int64(0))",
    "torch.zeros(2, 3).view(np.int64(3), np.int64(2))",
    "np.sin(torch.tensor([0., 1.]))",
    # errors
    "torch.ones(2, requires_grad=True).numpy()",
    "torch.ones(2, dtype=torch.bfloat16).numpy()",
    "torch.from_numpy(np.array([1, 2])[::-1])",
    "torch.from_numpy(np.array(['a']))",
    "torch.from_numpy(np.array([1, 2], dtype='>i4'))",
    "torch.from_numpy(np.zeros(3, dtype=np.uint16))",
    "torch.from_numpy([1, 2])",
    "torch.tensor(np.array([1, 2], dtype=np.uint16))",
]


@pytest.mark.parametrize("expr", CASES)
def test_numpy(expr):
    check(expr)


def test_numpy_shares_memory():
    t = ember.zeros(2, 3)
    a = t.numpy()
    a[0, 1] = 5.0
    assert t[0, 1].item() == 5.0
    t[1, 2] = 7.0
    assert a[1, 2] == 7.0
    v = t.t().numpy()  # a view keeps its strides
    assert v.strides == (4, 12) and v[1, 0] == 5.0


def test_numpy_keeps_tensor_alive():
    a = ember.arange(4.).numpy()
    import gc
    gc.collect()
    assert a.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_from_numpy_shares_memory_and_keeps_array_alive():
    arr = np.arange(6, dtype=np.float64).reshape(2, 3)
    t = ember.from_numpy(arr)
    arr[0, 0] = -1
    assert t[0, 0].item() == -1
    t[1, 1] = 42
    assert arr[1, 1] == 42
    del arr
    import gc
    gc.collect()
    assert t.tolist() == [[-1.0, 1.0, 2.0], [3.0, 42.0, 5.0]]


def test_tensor_of_array_copies():
    arr = np.ones(3)
    t = ember.tensor(arr)
    arr[0] = 9
    assert t[0].item() == 1.0


def test_asarray_shares_memory():
    t = ember.ones(3)
    a = np.asarray(t)
    a[0] = 3
    assert t[0].item() == 3.0
