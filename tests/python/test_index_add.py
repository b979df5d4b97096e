"""index_add / index_add_ against PyTorch: values (repeated indices, every dim, 0-d and 1-d
tensors, alpha, integer dtypes), out=, in-place versions, errors, gradients."""
import pytest

from differential import check

SELF = "torch.arange(12.0).reshape(3, 4)"


@pytest.mark.parametrize("call", [
    f"{SELF}.index_add(0, torch.tensor([0, 2, 0]), torch.ones(3, 4))",
    f"{SELF}.index_add(1, torch.tensor([3, 1]), torch.arange(6.0).reshape(3, 2), alpha=-2)",
    f"{SELF}.index_add(-1, torch.tensor([3, 1], dtype=torch.int32), torch.ones(3, 2))",
    f"torch.index_add({SELF}, 0, torch.tensor([1]), torch.ones(1, 4))",
    "torch.zeros(5).index_add(0, torch.tensor([4, 0, 4]), torch.tensor([1.5, 2.0, 3.0]))",
    "torch.zeros(()).index_add(0, torch.tensor([0]), torch.tensor(2.0))",
    "torch.zeros(3, dtype=torch.long).index_add(0, torch.tensor([0, 0]), torch.tensor([1, 2]), alpha=3)",
    f"{SELF}.index_add(0, torch.tensor([], dtype=torch.long), torch.ones(0, 4))",
    # errors: PyTorch's messages and types
    f"{SELF}.index_add(0, torch.tensor([0]), torch.ones(1, 4, dtype=torch.float64))",
    f"{SELF}.index_add(0, torch.tensor([[0]]), torch.ones(1, 4))",
    f"{SELF}.index_add(0, torch.tensor([0.0]), torch.ones(1, 4))",
    f"{SELF}.index_add(0, torch.tensor([0, 1, 2]), torch.ones(2, 4))",
    f"{SELF}.index_add(0, torch.tensor([5, 1]), torch.ones(2, 4))",
    f"{SELF}.index_add(0, torch.tensor([-1, 1]), torch.ones(2, 4))",
    f"{SELF}.index_add(2, torch.tensor([0]), torch.ones(1, 4))",
    f"{SELF}.index_add(0, torch.tensor([0, 1]), torch.ones(2, 3))",
    "torch.zeros(3, dtype=torch.long).index_add(0, torch.tensor([0]), torch.tensor([1]), alpha=0.5)",
])
def test_values_and_errors(call):
    check(call)


def test_out_and_inplace():
    check(f"o = torch.empty(3, 4); r = torch.index_add({SELF}, 0, torch.tensor([2, 2]), "
          "torch.ones(2, 4), out=o); (o, r is o)")
    check(f"x = {SELF}; y = x.index_add_(0, torch.tensor([2, 0, 2]), torch.ones(3, 4), alpha=2); "
          "(x, y is x, x._version)")
    check(f"x = {SELF}; v = x[:, 1:]; v.index_add_(1, torch.tensor([0]), torch.ones(3, 1)); x")


def test_gradients():
    a = "torch.arange(12.0, dtype=torch.float64).reshape(3, 4).requires_grad_()"
    s = "torch.linspace(-1, 1, 8, dtype=torch.float64).reshape(2, 4).requires_grad_()"
    check(f"a = {a}; s = {s}; y = a.index_add(0, torch.tensor([2, 2]), s, alpha=1.5); "
          "w = torch.arange(12.0, dtype=torch.float64).reshape(3, 4); "
          "(y.grad_fn.name(), torch.autograd.grad((y * w).sum(), (a, s)))")
    check(f"a = {a}; s = torch.tensor(2.0, dtype=torch.float64, requires_grad=True); "
          "y = torch.zeros((), dtype=torch.float64).index_add(0, torch.tensor([0]), s); "
          "torch.autograd.grad(y * 3, s)")
    check(f"a = {a}; s = {s}; x = a * 1; x.index_add_(0, torch.tensor([0, 1]), s); "
          "(x.grad_fn.name(), torch.autograd.grad((x * x).sum(), (a, s)))")
    check(f"a = {a}; s = {s}; (ga, gs) = torch.autograd.grad(a.index_add(0, torch.tensor([1, 1]), "
          "s * s).sum(), (a, s), create_graph=True); gs.sum().backward(); s.grad")
