"""Every error PyTorch raises for these calls, ember raises: the same exception type and the same
message (with "ember." for "torch.")."""
import pytest

from differential import check
from test_differential import case

ERRORS = [
    # bad arguments: TypeError with PyTorch's argument-parser messages
    "torch.tensor(2.0, required_grad=True)",
    "torch.randn(2, 3, required_grad=True)",
    "torch.ones(2, 3, required_grad=True)",
    "torch.zeros(2, dtype=torch.float32, foo=3)",
    "torch.zeros((2, 3), (4,))",
    "torch.tensor()",
    "torch.tensor([1, 2], dtype='float')",
    "torch.add(a)",
    "torch.cat([a, 1])",
    "a.unsqueeze()",
    "a.transpose()",
    "a.unsqueeze(1, 2)",
    "a.topk()",
    "a.as_strided((1,), (1,), 'a')",
    "a.view(2, 'a')",
    "a.view((2, 'a'))",
    "a.view(2.0, 3)",
    "a.sum(dim='a', foo=1)",
    "a.sum(1, dim=1)",
    "a.add(a, 1, 2)",
    "a.clamp(min='a')",
    "a.permute(0, 'x')",
    "a.expand(2, 'x')",
    "a.reshape(2, [3])",
    "a.max(dim=1.5)",
    "a.sum(foo=1)",
    "a.add('a')",
    "a.exp(1)",
    "a.mul(b, b)",
    "a.softmax()",
    "a.to('cpu', 'x')",
    "a.index_select(0, [0])",
    "torch.manual_seed('x')",
    "torch.arange('a')",
    "torch.full((2,), 'x')",
    "torch.randint(5)",
    "torch.eye()",
    "torch.where(m, a)",
    "a.gather(1)",
    "torch.softmax(a)",
    # operators with unsupported operands
    "a + 'x'",
    "'x' + a",
    "a * [1, 2]",
    "[1, 2] + a",
    "a @ 2",
    "2 @ a",
    "pow(a, 2, 3)",
    "a < 'x'",
    "divmod(a, 2)",
    "round(a)",
    "a.x",
    # RuntimeError with PyTorch's messages
    "a * torch.tensor([1., 2.])",
    "a @ a",
    "a.view(4)",
    "a.t().view(6)",
    "a.reshape(4)",
    "a.sum(2)",
    "a.transpose(0, 2)",
    "torch.cat([a, b])",
    "torch.stack([a, b])",
    "i.requires_grad_()",
    "torch.tensor([1], requires_grad=True)",
    "torch.tensor([[1, 2], [3]])",
    "torch.tensor([[1, 2], 3])",
    "torch.tensor([1, [2]])",
    "torch.tensor(['a'])",
    "torch.tensor('a')",
    "torch.tensor(None)",
    "torch.tensor({1: 2})",
    "torch.tensor([300], dtype=torch.uint8)",
    "torch.tensor([2 ** 63])",
    "torch.zeros(-1)",
    "torch.device('gpu')",
    "m - m",
    "-m",
    "+m",
    "i.mean()",
    "i.std()",
    "a.softmax(2)",
    "torch.arange(0, 1, 0)",
    "torch.linspace(0, 1, -1)",
    "torch.randperm(-1)",
    "torch.randint(5, 2, (2,))",
    "i.float().requires_grad_().long().requires_grad_()",
    "(a.requires_grad_() * 2).requires_grad_(False)",
    "x = torch.ones(2); x.requires_grad = 1; x",
    "x = i.clone(); x.requires_grad = True; x",
    "x = torch.ones(2, requires_grad=True); y = x * 2; y.requires_grad = False; y",
    "x = torch.ones(2, requires_grad=True); x.add_(1)",
    "x = torch.ones(2, requires_grad=True); x[0] = 1; x",
    "i.clone().add_(1.5)",
    "a.clone().add_(torch.ones(3, 3))",
    "i.clone() // 0",
    "i % 0",
    "torch.ones(2, requires_grad=True).numpy()",
    "torch.ones(2, dtype=torch.bfloat16).numpy()",
    # ValueError / IndexError
    "float(a)",
    "int(a)",
    "a.item()",
    "bool(a)",
    "bool(torch.tensor([]))",
    "a[5]",
    "a[0, 0, 0]",
    "a[::-1]",
    "a[::0]",
    "a[1.5]",
    "a['a']",
    "a[{1: 2}]",
    "a[torch.tensor(1.)]",
    "a[:, 3]",
    "b[torch.tensor([5])]",
    "a[[True, False, True]]",
    "x = a.clone(); x[0] = 'a'; x",
    "x = a.clone(); x[0] = [1, 2, 3]; x",
    "x = a.clone(); del x[0]; x",
    "x = a.clone(); x[0] = torch.tensor([1., 2.]); x",
    "x = a.clone(); x[0] = 1e40; x",
    "len(s)",
    "iter(s)",
    "a.__index__()",
    "torch.tensor(1.5).__index__()",
    "'a' in a",
    "format(a, '.2f')",
    "torch.Size(['a'])",
    "a.grad = torch.ones(3); a.grad",
    "a.grad = torch.ones(2, 3, dtype=torch.float64); a.grad",
    "a.grad = 3; a.grad",
]


# Debian's PyTorch is built without CUDA: ember matches it where its CUDA backend is not built
# either (a build with the backend raises PyTorch's no-GPU or CUDA errors instead).
CPU_ONLY_ERRORS = ["torch.ones(2, device='cuda')", "torch.zeros(1).cuda()"]


def _cuda_backend_built():
    import ember
    return ember.backends.cuda.is_built()


@pytest.mark.parametrize("expr", CPU_ONLY_ERRORS)
def test_errors_without_cuda_backend(expr):
    if _cuda_backend_built():
        pytest.skip("ember's CUDA backend is built")
    test_errors(expr)


@pytest.mark.parametrize("expr", ERRORS)
def test_errors(expr):
    outcome = check(case(expr))
    assert outcome.error is not None, f"{expr}: expected an error"
