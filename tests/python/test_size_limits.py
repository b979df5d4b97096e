"""Sizes near 2^31, 2^62 and 2^63 at every entry point that computes sizes, strides, offsets or
bytes: ember raises what PyTorch raises (the same exception type and message) where PyTorch once
crashed ember or read outside its memory. Nothing here allocates more than a few bytes under
either library: the huge tensors are views of one element expanded (`h(...)`), and the sizes that
pass the overflow checks cannot be allocated (2^58 float32 elements are 2^60 bytes, past any
address space)."""
import re

import pytest

from differential import check, compare, run

def _env(module):
    """h(*sizes): a one-element tensor expanded to sizes (stride 0), huge and free."""
    def h(*sizes, dtype=None):
        dtype = dtype or module.float32
        return module.zeros([1] * len(sizes), dtype=dtype).expand(*sizes)
    return {"h": h}


SIZES = [
    # creation: the bytes past int64 ("Storage size calculation overflowed with sizes=[...]")
    "torch.empty(2**62)",
    "torch.empty(2**61)",
    "torch.empty((2**62,))",
    "torch.empty([2**62])",
    "torch.empty(size=(2**62,))",
    "torch.empty(2**63 - 1, dtype=torch.int16)",
    "torch.empty(2**31, 2**31)",
    "torch.empty(2**31, 2**32)",
    "torch.empty(2**32, 2**32)",
    "torch.empty(2**62, 2**62, 0)",
    "torch.empty(2**31, 2**31, 2**31, 0)",
    "torch.empty(2**62, 2, 0).shape",
    "torch.empty(0, 2**62, 2**62).stride()",
    "torch.empty(2**63)",
    "torch.empty(2**64)",
    "torch.zeros(2**62)",
    "torch.zeros(2**63 - 1, dtype=torch.int16)",
    "torch.ones(2**62)",
    "torch.ones(2**31, 2**31)",
    "torch.full((2**62,), 1.)",
    "torch.full((2**62,), 1)",
    "torch.rand(2**62)",
    "torch.randn(2**62)",
    "torch.randint(5, (2**62,))",
    "torch.randint(0, 5, (2**62,))",
    "torch.randperm(2**62)",
    "torch.randperm(2**63 - 1)",
    "torch.normal(0., 1., (2**62,))",
    "torch.arange(2**62)",
    "torch.arange(0, 2**62)",
    "torch.arange(0., 2.**62)",
    "torch.arange(0, 2**62, 1.)",
    "torch.arange(0., 1., 2.**-62)",
    "torch.arange(0., 1e30)",
    "torch.arange(-1e30, 1e30, 1e-30)",
    "torch.arange(-2**63, 2**63 - 1)",
    "torch.arange(2**63 - 1, -2**63, -1)",
    "torch.arange(-2**63, 2**63 - 1, 2**62)",
    "torch.linspace(0, 1, 2**62)",
    "torch.linspace(0, 1, 2**63 - 1)",
    "torch.eye(2**31)",
    "torch.eye(2**31, 2**31)",
    "torch.eye(2**62, 1)",
    "torch.eye(1, 2**62)",
    "torch.eye(2**62, 0).shape",
    "torch.eye(2**62, 2**62)",
    # *_like and new_*: PyTorch's empty_like names the strides it would use
    "torch.empty_like(h(2**62))",
    "torch.zeros_like(h(2**62))",
    "torch.ones_like(h(2**62))",
    "torch.full_like(h(2**62), 2)",
    "torch.rand_like(h(2**62))",
    "torch.randn_like(h(2**62))",
    "torch.randint_like(h(2**62), 5)",
    "torch.empty_like(h(2**31, 2**31))",
    "torch.empty_like(h(2**31, 2**31).t())",
    "torch.zeros(1).new_empty(2**62)",
    "torch.zeros(1).new_empty((2**62,))",
    "torch.zeros(1).new_zeros(2**62)",
    "torch.zeros(1).new_ones(2**62)",
    "torch.zeros(1).new_full((2**62,), 1)",
    # ember.Size's product wraps as PyTorch's
    "torch.Size([2**62, 4]).numel()",
    "torch.Size([2**63 - 1, 2**63 - 1]).numel()",
    # copies and element-wise results of huge views
    "h(2**62).contiguous()",
    "h(2**62).clone()",
    "h(2**62).to(torch.float64)",
    "h(2**62).double()",
    "h(2**31, 2**31).t().contiguous()",
    "h(2**62) + 1",
    "h(2**62) + h(2**62)",
    "-h(2**62)",
    "h(2**62).exp()",
    "torch.where(h(2**62, dtype=torch.bool), 1., 0.)",
    "h(2**62, 1) * h(1, 2**62)",
    "h(2**31, 1) + h(1, 2**31)",
    "h(2**62).numpy()",
    # views: the numel, and the storage bounds of as_strided
    "h(2**62).shape",
    "h(2**63 - 1).shape",
    "h(2**62, 0).shape",
    "h(2**62, 2)",
    "h(2**62, 4)",
    "h(2**32, 2**32)",
    "torch.zeros(1).expand(2**63)",
    "torch.zeros(4).view(2**62, 0)",
    "torch.zeros(4).view(2**62, -1)",
    "torch.zeros(4).reshape(2**62, -1)",
    "torch.zeros(0).view(2**62, 2**62, 0)",
    "torch.zeros(0).view(2**62, 0).shape",
    "torch.zeros(0).view(0, 2**62, 2**62).shape",
    "torch.zeros(0).view(-1, 2**62).shape",
    "torch.zeros(0).view(-1, 2**62, 2**62)",
    "torch.zeros(0).reshape(2**62, 2**62, 0)",
    "torch.zeros(0).reshape(0, 2**62, 2**62).shape",
    "torch.zeros(0).reshape(-1, 2**62, 2**62)",
    "torch.zeros(0).unflatten(0, (2**62, 2**62, 0))",
    "torch.zeros(0).unflatten(0, (0, 2**62, 2**62)).shape",
    "h(2**62).view(-1, 2**61).shape",
    "h(2**62).view(2**62, 2**62)",
    "h(2**62).reshape(2**61, 2).shape",
    "h(2**62).flatten().shape",
    "h(2**31, 2**31).flatten().shape",
    "h(2**31, 2**31).t().reshape(-1).shape",
    "h(2**62)[None].shape",
    "h(2**62)[..., None].shape",
    "torch.arange(6.).as_strided((2,), (2**61,))",
    "torch.arange(6.).as_strided((2,), (2**61,)).add_(1)",
    "torch.arange(6.).as_strided((2,), (2**62,))",
    "torch.arange(6.).as_strided((2**62,), (1,))",
    "torch.arange(6.).as_strided((2**60,), (1,))",
    "torch.arange(6.).as_strided((2**62,), (0,)).shape",
    "torch.arange(6.).as_strided((2**62, 2), (0, 2**62))",
    "torch.arange(6.).as_strided((2, 2), (2**62, 2**62))",
    "torch.arange(6.).as_strided((3, 3), (2**62, 2**62))",
    "torch.arange(6.).as_strided((2,), (1,), 2**60)",
    "torch.arange(6.).as_strided((0,), (1,), 2**62).shape",
    "torch.arange(6.).as_strided((-2,), (1,))",
    "torch.arange(6.).as_strided((2,), (-1,))",
    "torch.arange(6.).as_strided((2,), (1,), -1)",
    # select / narrow / slice offsets
    "h(2**62).narrow(0, 2**62 - 1, 1).shape",
    "h(2**62)[2**62 - 1].shape",
    "h(2**62)[-2**62].shape",
    "h(2**62)[2**62]",
    "h(2**62)[2**62 - 2:].shape",
    "h(2**62)[::2**61].shape",
    "h(2**62)[::2**61].stride()",
    "h(2**62)[2**62 - 1:2**63 - 1].shape",
    "torch.zeros(3)[2**63 - 1:].shape",
    "torch.zeros(3)[2**62:2**63 - 1:2**62]",
    "torch.zeros(3).narrow(0, 2**63 - 1, 1)",
    "torch.zeros(3).narrow(0, -2**63, 1)",
    "torch.zeros(3).narrow(0, 5, 1)",
    "torch.zeros(3).narrow(0, 1, 2**63 - 1)",
    "torch.zeros(3).select(0, 2**63 - 1)",
    "torch.zeros(3).select(0, -2**63)",
    "torch.zeros(3).unsqueeze(2**63 - 1)",
    "torch.zeros(3).transpose(0, 2**63 - 1)",
    "torch.zeros(3).sum(2**63 - 1)",
    "torch.zeros(3).sum(-2**63)",
    "torch.zeros(3).topk(2**63 - 1)",
    # split / chunk / unbind / roll / diag / tril
    "torch.zeros(3).split(2**63 - 1)",
    "torch.zeros(3).chunk(2**63 - 1)",
    "torch.zeros(3).split([2**63 - 1, 2])",
    "h(2**62).unbind()",
    "torch.arange(3.).roll(2**63 - 1)",
    "torch.roll(h(2**62), 1)",
    "torch.zeros(3, 3).diag(2**63 - 1)",
    "torch.zeros(3, 3).diag(-2**63)",
    "torch.zeros(3).diag(2**62)",
    "torch.zeros(3).diag(2**63 - 1)",
    "torch.zeros(3).diag(-2**63)",
    "torch.diag(h(2**62))",
    "torch.diag(h(2**31))",
    "torch.ones(3, 3).triu(-2**63)",
    "torch.tril(h(2**62, 2**62))",
    # repeat
    "torch.zeros(1).repeat(2**62)",
    "torch.zeros(3).repeat(2**62)",
    "torch.zeros(1).repeat(2**31, 2**31)",
    "torch.zeros(2).repeat(2**62, 2)",
    "torch.zeros(0).repeat(2**62).shape",
    "torch.zeros(0).repeat(2**62, 2**62).shape",
    "torch.zeros(1).repeat(2**63 - 1, 2)",
    # cat / stack
    "torch.cat([h(2**62), h(2**62)])",
    "torch.cat([h(2**61)] * 4)",
    "torch.cat([h(2**62), h(2**62 - 1)])",
    "torch.cat([h(2**62), torch.zeros(1)])",
    "torch.cat([h(2**62 - 1), h(2**62)])",
    "torch.cat([h(2**63 - 1), torch.zeros(1)])",
    "torch.cat([h(2**31, 2**31), h(2**31, 2**31)], 1)",
    "torch.stack([h(2**62), h(2**62)])",
    "torch.stack([h(2**61)] * 2)",
    "torch.stack([h(2**62)])",
    # matrix products
    "torch.mm(h(2**62, 1), h(1, 2**62))",
    "torch.mm(h(2**31, 1), h(1, 2**31))",
    "torch.matmul(h(2**62, 1), h(1, 2**62))",
    "h(2**62, 1) @ h(1, 2**62)",
    "torch.bmm(h(2**31, 2**31, 1), h(2**31, 1, 2**31))",
    "torch.bmm(h(2, 2**62, 1), h(2, 1, 2**62))",
    "torch.matmul(h(2**31, 2**31, 1), h(1, 2**31))",
    "torch.matmul(h(2**62, 1, 1), h(2**62, 1, 1))",
    "torch.outer(h(2**62), h(2**62))",
    "torch.outer(h(2**31), h(2**31))",
    "torch.mv(h(2**62, 1), torch.zeros(1))",
    "torch.addmm(torch.zeros(1), h(2**62, 1), h(1, 2**62))",
    # indexing
    "h(2**62)[torch.tensor([0, 1])]",
    "h(2**62, 1)[:, torch.tensor([0, 0])]",
    "h(2**62).index_select(0, torch.tensor([0, 0]))",
    "h(2**62, 1).index_select(1, torch.tensor([0, 0]))",
    "h(2**31, 1).index_select(1, h(2**31, dtype=torch.long))",
    "h(2**62, 1).gather(1, h(2**62, 1, dtype=torch.long))",
    "torch.zeros(3)[torch.tensor([2**63 - 1])]",
    "torch.zeros(3)[torch.tensor([-2**63])]",
    "torch.zeros(3).index_select(0, torch.tensor([2**63 - 1]))",
    "torch.zeros(3).gather(0, torch.tensor([2**63 - 1]))",
    "torch.zeros(3).gather(0, torch.tensor([-2**63]))",
    "torch.zeros(3).scatter(0, torch.tensor([2**63 - 1]), 1.)",
    "torch.zeros(3).masked_fill(h(2**62, 3, dtype=torch.bool), 1.)",
    "h(2**62).masked_select(torch.tensor(False))",
    # reductions and friends whose result is as large as the input
    "h(2**62).sort()",
    "torch.flip(h(2**62), (0,))",
    "h(2**62).cumsum(0)",
    "h(2**62).softmax(0)",
    "h(2**62, 2**62).sum(0)",
    "h(2, 2**62).sum(0)",
]

# Valid sizes that no machine can allocate: PyTorch's allocator message, without its
# "[enforce fail at alloc_cpu.cpp:75] err == 0. " prefix (a place in PyTorch's sources).
ALLOCATION = [
    "torch.empty(2**58)",
    "torch.empty(2**62, dtype=torch.int8)",
    "torch.empty(2**63 - 1, dtype=torch.int8)",
    "torch.empty(2**31, 2**31, dtype=torch.uint8)",
    "torch.arange(2**58)",
    "torch.zeros_like(h(2**62), dtype=torch.int8)",
    "h(2**62) == 0",
    "torch.mv(h(2**58, 1), torch.zeros(1))",
    "torch.mm(h(2**31, 1, dtype=torch.int8), h(1, 2**31, dtype=torch.int8))",
]

# 2^40 float32 elements (4 TiB): PyTorch's own example. A kernel that overcommits without limit
# (vm.overcommit_memory = 1) would hand out the address space, so these run only where it does not.
ALLOCATION_4TIB = [
    "torch.empty(2**40)",
    "torch.randperm(2**40)",
    "torch.arange(2**40)",
    "torch.linspace(0, 1, 2**40)",
    "torch.eye(2**20, 2**20)",
    "h(2**40).contiguous()",
    "h(2**40).clone()",
]

_ENFORCE_PREFIX = re.compile(r"^\[enforce fail at alloc_cpu\.cpp:\d+\] err == 0\. ")


@pytest.mark.parametrize("expr", SIZES)
def test_sizes(expr):
    check(expr, env=_env)


def _check_allocation(expr):
    expected, actual = run(expr, "torch", _env), run(expr, "ember", _env)
    assert isinstance(expected.error, RuntimeError), f"PyTorch: {expected}"
    assert _ENFORCE_PREFIX.match(str(expected.error)), str(expected.error)
    expected.error = RuntimeError(_ENFORCE_PREFIX.sub("", str(expected.error)))
    compare(expected, actual, label=expr)


@pytest.mark.parametrize("expr", ALLOCATION)
def test_allocation_failure(expr):
    _check_allocation(expr)


def _overcommits():
    try:
        with open("/proc/sys/vm/overcommit_memory") as f:
            return f.read().strip() == "1"
    except OSError:
        return True


@pytest.mark.skipif(_overcommits(), reason="the kernel overcommits: 4 TiB may be handed out")
@pytest.mark.parametrize("expr", ALLOCATION_4TIB)
def test_allocation_failure_4tib(expr):
    _check_allocation(expr)


# Where PyTorch's own int64 arithmetic wraps: ember raises (or, for slices, gives the right answer)
# where PyTorch goes on with the wrapped value or reports it in the words of its SymInt machinery.
# Each case: the expression, what PyTorch does (checked, so that a change there is noticed), and
# what ember does.
DIFFERENCES = [
    # PyTorch adds the offset's bytes unchecked: a view far outside the storage.
    ("torch.arange(6.).as_strided((2,), (1,), 2**61).shape", "torch.Size([2])",
     "RuntimeError: Storage size calculation overflowed with sizes=[2] and strides=[1]"),
    ("torch.arange(6.).as_strided((2,), (1,), 2**63 - 1).shape", "torch.Size([2])",
     "RuntimeError: Storage size calculation overflowed with sizes=[2] and strides=[1]"),
    # (end - start + step - 1) // step wraps in PyTorch; the slice has one element.
    ("torch.zeros(3)[::2**63 - 1].shape",
     "RuntimeError: Storage size calculation overflowed with sizes=[-1] and "
     "strides=[9223372036854775807]", "ember.Size([1])"),
    ("torch.arange(3.)[1::2**63 - 1]",
     "RuntimeError: Storage size calculation overflowed with sizes=[-1] and "
     "strides=[9223372036854775807]", "tensor([1.])"),
    # -2**63 is a "symbolic" int to PyTorch; a start before the beginning to ember.
    ("torch.zeros(3)[-2**63:].shape", "RuntimeError: Expected !is_symbolic() to be true, but got "
     "false.  (Could this error message be improved?  If so, please report an enhancement "
     "request to PyTorch.)", "ember.Size([3])"),
    ("torch.empty(-2**63)", "TypeError: empty(): argument 'size' must be tuple of SymInts, but "
     "found element of type int at pos 1", "RuntimeError: Trying to create tensor with negative "
     "dimension -9223372036854775808: [-9223372036854775808]"),
    # The size 2^63 (double) passes PyTorch's bound and then wraps.
    ("torch.arange(0, 2**63 - 1)", "RuntimeError: IntArrayRef contains an int that cannot be "
     "represented as a SymInt: -9223372036854775808",
     "RuntimeError: invalid size, possible overflow?"),
    # 2 * 2^62 wraps to -2^63 in PyTorch's repeat.
    ("torch.zeros(2).repeat(2**62)", "RuntimeError: IntArrayRef contains an int that cannot be "
     "represented as a SymInt: -9223372036854775808", "RuntimeError: Trying to create tensor "
     "with negative dimension -9223372036854775808: [-9223372036854775808]"),
    # PyTorch's kernels overflow on these: tril keeps nothing, roll shifts the other way.
    ("torch.ones(2, 2).tril(2**63 - 1)", "tensor([[0., 0.],\n        [0., 0.]])",
     "tensor([[1., 1.],\n        [1., 1.]])"),
    ("torch.arange(3.).roll(-2**63)", "tensor([1., 2., 0.])", "tensor([2., 0., 1.])"),
    # The split sizes add up to 3 modulo 2^64: PyTorch returns views outside the tensor.
    ("len(torch.zeros(3).split([2**63 - 1, 2**63 - 1, 5]))", "3",
     "RuntimeError: split_with_sizes expects split_sizes to sum exactly to 3 (input tensor's "
     "size at dimension 0), but got split_sizes=[9223372036854775807, 9223372036854775807, 5]"),
]


def _describe(outcome):
    if outcome.error is not None:
        return f"{type(outcome.error).__name__}: {outcome.error}"
    return str(outcome.value)


@pytest.mark.parametrize("expr,torch_does,ember_does", DIFFERENCES)
def test_known_differences(expr, torch_does, ember_does):
    assert _describe(run(expr, "torch", _env)) == torch_does
    assert _describe(run(expr, "ember", _env)) == ember_does
