"""Graph nodes called from Python, hook results checked, hooks that refer back to their tensor
collected by Python's garbage collector, and nested data in ember.tensor(): each as PyTorch."""
import gc
import weakref

import pytest

from differential import check

import ember

NODE_CALLS = [
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn(None)",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn()",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn(torch.ones(2), torch.ones(2))",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn(5)",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn('x')",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn(torch.ones(2))",
    "g = torch.ones(2, requires_grad=True); (g * 2).grad_fn(grad=torch.ones(2))",
    "g = torch.ones(2, requires_grad=True); (g * g).grad_fn(None)",
    "g = torch.ones(2, requires_grad=True); (g * g).grad_fn(torch.ones(2))",
    "g = torch.ones(2, requires_grad=True); y = g * 2; y.grad_fn.next_functions[0][0](torch.ones(2)); g.grad",
    "g = torch.ones(2, requires_grad=True); y = g * 2; y.grad_fn.next_functions[0][0]()",
    "g = torch.ones(2, requires_grad=True); g.sum().grad_fn(torch.tensor(1.))",
    "g = torch.ones(2, requires_grad=True); g.sum().grad_fn(torch.ones(3))",
    "g = torch.ones(2, requires_grad=True); g.unbind()[0].grad_fn(torch.tensor(1.))",
    "g = torch.ones(2, requires_grad=True); g.unbind()[0].grad_fn(torch.tensor(1.), None)",
    "g = torch.ones(2, requires_grad=True); g.unbind()[0].grad_fn(None, None)",
    "g = torch.ones(2, 3, requires_grad=True); g.exp().grad_fn(torch.ones(2, 3))",
    "g = torch.ones(2, 3, requires_grad=True); (g @ g.t()).grad_fn(torch.ones(2, 2))",
]


@pytest.mark.parametrize("code", NODE_CALLS)
def test_node_calls(code):
    check(code)


HOOK_RESULTS = [
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: torch.ones(3)); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: g.double()); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: g.bool()); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: g.reshape(2, 1)); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: 5); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); x.register_hook(len); x.sum().backward()",
    "x = torch.ones(2, requires_grad=True); y = x * 2; y.register_hook(lambda g: g.half()); y.sum().backward()",
    "x = torch.ones(2, requires_grad=True); y = x * 2; y.register_hook(lambda g: g[:1]); y.sum().backward()",
    "x = torch.ones(2, requires_grad=True); y = x * 2; y.register_hook(lambda g: g * 3); y.sum().backward(); x.grad",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: None); x.sum().backward(); x.grad",
    "x = torch.ones(2, requires_grad=True); x.register_hook(lambda g: g + 1); x.register_hook(lambda g: g.double()); x.sum().backward()",
]


@pytest.mark.parametrize("code", HOOK_RESULTS)
def test_hook_results(code):
    check(code)


class _Named:
    def __call__(self, g):
        return g.double()


def test_hook_without_a_name():
    check(
        "x = torch.ones(2, requires_grad=True); x.register_hook(Named()); x.sum().backward()",
        env={"Named": _Named},
    )


# ---- garbage collection of hooks ------------------------------------------------------------------


def _leaf_with_self_referencing_hook():
    x = ember.ones(1000, requires_grad=True)
    x.register_hook(lambda g: g * x.sum())  # the closure keeps x
    return weakref.ref(x)


def _nonleaf_with_self_referencing_hook():
    w = ember.ones(1000, requires_grad=True)
    y = w * 2
    y.register_hook(lambda g: g + y.detach())
    return weakref.ref(y)


@pytest.mark.parametrize("make", [_leaf_with_self_referencing_hook, _nonleaf_with_self_referencing_hook])
def test_a_hook_referring_to_its_tensor_is_collected(make):
    ref = make()
    gc.collect()
    assert ref() is None


def test_hooks_of_a_live_tensor_survive_collection():
    x = ember.ones(3, requires_grad=True)
    calls = []
    x.register_hook(lambda g: calls.append(x) or g * 2)
    gc.collect()
    x.sum().backward()
    assert calls and x.grad.tolist() == [2.0, 2.0, 2.0]


def test_hooks_kept_by_a_live_graph_survive_collection():
    def make():
        x = ember.ones(3, requires_grad=True)
        x.register_hook(lambda g: g * x.detach().sum())
        return x, (x * 2).sum()

    x, loss = make()
    gc.collect()
    loss.backward()
    assert x.grad.tolist() == [6.0, 6.0, 6.0]


def test_self_referencing_hooks_do_not_grow_memory():
    gc.collect()
    before = len(gc.get_objects())
    for _ in range(2000):
        _leaf_with_self_referencing_hook()
    gc.collect()
    assert len(gc.get_objects()) - before < 100


# ---- nesting in ember.tensor() --------------------------------------------------------------------


def _deep(depth, leaf=1.0):
    data = leaf
    for _ in range(depth):
        data = [data]
    return data


NESTED = [
    "torch.tensor(deep(31))",
    "torch.tensor(deep(32)).shape",
    "torch.tensor(deep(33)).shape",
    "torch.tensor(deep(64)).shape",
    "torch.tensor(deep(65)).shape",
    "torch.tensor(deep(1000))",
    "torch.tensor(deep(100000))",
    "torch.tensor(deep(100000), dtype=torch.float64)",
    "torch.tensor([deep(100000)])",
    "torch.tensor([1.0, deep(20)])",
    "torch.tensor([[1.0], deep(200)])",
    "torch.as_tensor(deep(100000))",
    "torch.Tensor(deep(100000))",
    "torch.tensor(deep(100000, leaf=torch.ones(1)))",
    "l = [1]; l.append(l); torch.tensor(l)",
    "l = []; l.append(l); torch.tensor(l)",
    "l = [1]; l.append(l); torch.tensor(l, dtype=torch.float64)",
    "l = [1]; l.append(l); torch.as_tensor(l)",
    "torch.tensor((1, (2, 3)))",
]


@pytest.mark.parametrize("code", NESTED)
def test_nested_data(code):
    check(code, env={"deep": _deep})


# PyTorch itself overflows its stack on these (it recurses through the whole of the data to infer
# the dtype); ember refuses them as PyTorch refuses their shallower forms (above).
CRASH_PYTORCH = [
    lambda: ember.tensor([1.0, _deep(100000)]),
    lambda: ember.tensor([[1.0], _deep(1000000)]),
    lambda: ember.tensor([1, 2, _deep(1000000, leaf="x")]),
]


@pytest.mark.parametrize("make", CRASH_PYTORCH)
def test_ragged_data_nested_deeper_than_the_stack(make):
    with pytest.raises(TypeError, match="must be real number, not list"):
        make()


def test_a_list_containing_itself_through_another():
    outer = [[1]]
    outer[0].append(outer)
    with pytest.raises(TypeError, match="must be real number, not list"):
        ember.tensor(outer)
