"""DLPack: ember tensors shared without a copy with NumPy and real PyTorch, both ways."""
import numpy as np
import pytest
import torch

import ember
from differential import check


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32", "int16",
                                   "int8", "uint8"])
def test_numpy_both_ways(dtype):
    t = ember.arange(12).to(getattr(ember, dtype)).reshape(3, 4)[:, 1:]
    a = np.from_dlpack(t)
    assert a.dtype == np.dtype(dtype) and a.shape == (3, 3)
    assert a.tolist() == t.tolist()
    t[0, 0] = 100  # one memory
    assert a[0, 0] == 100
    back = ember.from_dlpack(np.arange(6, dtype=dtype).reshape(2, 3).T)
    assert back.dtype == getattr(ember, dtype) and back.stride() == (1, 3)
    assert back.tolist() == np.arange(6, dtype=dtype).reshape(2, 3).T.tolist()


@pytest.mark.parametrize("dtype", ["float32", "bfloat16", "float16", "int64", "uint8"])
def test_pytorch_both_ways(dtype):
    t = ember.arange(6).to(getattr(ember, dtype))
    p = torch.from_dlpack(t)
    assert p.dtype == getattr(torch, dtype) and p.tolist() == t.tolist()
    p[1] = 42
    assert t[1].item() == 42
    src = torch.arange(8).to(getattr(torch, dtype)).reshape(2, 4)[:, ::2]
    e = ember.from_dlpack(src)
    assert e.stride() == src.stride() and e.tolist() == src.tolist()
    src[0, 0] = 7
    assert e[0, 0].item() == 7
    capsule = torch.utils.dlpack.to_dlpack(src)
    assert ember.utils.dlpack.from_dlpack(capsule).tolist() == src.tolist()


def test_lifetime_and_errors():
    t = ember.ones(3)
    a = np.from_dlpack(t)
    del t  # the array keeps the memory alive
    assert a.tolist() == [1.0, 1.0, 1.0]
    p = torch.ones(4)
    e = ember.from_dlpack(p)
    del p
    assert e.tolist() == [1.0] * 4
    capsule = ember.utils.dlpack.to_dlpack(ember.ones(2))
    ember.from_dlpack(capsule)
    with pytest.raises(RuntimeError, match="consumed only once"):
        ember.from_dlpack(capsule)
    ember.utils.dlpack.to_dlpack(ember.ones(2))  # never consumed: freed with its capsule
    check("torch.ones(2, requires_grad=True).__dlpack__()")
    check("torch.ones(2, dtype=torch.bool).__dlpack__()")
    check("int(torch.ones(2).__dlpack_device__()[0]), torch.ones(2).__dlpack_device__()[1]")
