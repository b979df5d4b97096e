"""multinomial and exponential_ against PyTorch: the same indices and numbers for the same seed
(with and without replacement, 1-d and 2-d, strided, every floating dtype, generators, out=),
and PyTorch's errors in its order."""
import pytest

from differential import check

P = "torch.tensor([0.1, 0.2, 0.3, 0.4])"
ROWS = "torch.manual_seed(3); p = torch.rand(3, 5)"


@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16", "float16"])
@pytest.mark.parametrize("args", ["3", "4", "1", "1, True", "5, True", "50, replacement=True"])
def test_one_distribution(dtype, args):
    check(f"torch.manual_seed(0); torch.multinomial({P}.to(torch.{dtype}), {args})", exact=True)


@pytest.mark.parametrize("call", [
    "torch.multinomial(p, 4)",
    "torch.multinomial(p, 7, True)",
    "torch.multinomial(p, 1)",
    "torch.multinomial(p.t(), 2, True)",   # strided rows
    "torch.multinomial(p.t(), 3)",          # q filled in p.t()'s memory order
    "p.multinomial(2)",
    "p.multinomial(num_samples=2, replacement=True)",
    "p.double().multinomial(5)",
    # zero probabilities are never drawn (ties broken as PyTorch's topk)
    "torch.multinomial(torch.tensor([0., 1., 0.]), 2)",
    "torch.multinomial(torch.tensor([0., 1., 1.]), 2)",
    "torch.multinomial(torch.tensor([[1., 0.], [0., 3.]]), 1)",
    # long streams: the generator's state after each row
    "torch.manual_seed(0); b = torch.rand(4, 300); "
    "(torch.multinomial(b, 100), torch.multinomial(b, 1000, True), torch.multinomial(b, 17))",
    # bfloat16 accumulates its cumulative distribution in float (300 equal weights reach 299)
    "torch.manual_seed(0); torch.multinomial(torch.ones(300, dtype=torch.bfloat16), 3000, True)",
])
def test_rows(call):
    check(f"{ROWS}; torch.manual_seed(1); {call}", exact=True)


def test_generator_out_and_grad():
    check(f"g = torch.Generator().manual_seed(5); "
          f"(torch.multinomial({P}, 3, generator=g), {P}.multinomial(3, True, generator=g))",
          exact=True)
    check(f"torch.manual_seed(0); o = torch.empty(3, dtype=torch.long); "
          f"r = torch.multinomial({P}, 3, out=o); (r is o, o)", exact=True)
    check(f"torch.multinomial({P}.requires_grad_(), 2).requires_grad")
    check(f"torch.multinomial({P}, 2, True, torch.Generator())")  # the generator is keyword-only


@pytest.mark.parametrize("args", [
    "torch.tensor(1.), 1",
    "torch.tensor([1, 2]), 1",
    f"{P}, 0",
    f"{P}, -1",
    f"{P}, 5",
    "torch.tensor([1., float('nan')]), 1",
    "torch.tensor([1., float('inf')]), 1",
    "torch.tensor([1., -1.]), 2",
    "torch.tensor([1., -1.]), 2, True",
    "torch.tensor([1., float('inf')]), 2, True",
    "torch.tensor([1., float('nan')]), 2, True",
    "torch.zeros(2), 1",
    "torch.zeros(2, 2), 2, True",
    "torch.tensor([[1., 1.], [0., 0.]]), 1",
    "torch.ones(2, 2, 2), 1",
    "torch.ones(0, 3), 2",
    "torch.ones(3, 0), 2, True",
    "torch.ones(0), 1",
    "torch.ones(2).half(), 0",
    "torch.ones(0, 2).half(), 1",
    f"{P}, 3, out=torch.empty(3)",
])
def test_errors(args):
    check(f"torch.multinomial({args})")


@pytest.mark.parametrize("call", [
    "torch.empty(3, dtype=torch.{dtype}).exponential_()",
    "torch.empty(3, dtype=torch.{dtype}).exponential_(2.5)",
    "torch.empty(2, 3, dtype=torch.{dtype}).t().exponential_(lambd=0.5)",
    "torch.empty(40, dtype=torch.{dtype}).exponential_(generator=torch.Generator().manual_seed(2))",
])
@pytest.mark.parametrize("dtype", ["float32", "float64", "bfloat16", "float16", "int64"])
def test_exponential(call, dtype):
    check("torch.manual_seed(0); " + call.format(dtype=dtype), exact=True)


@pytest.mark.parametrize("lambd", ["0", "-1", "float('inf')", "float('nan')"])
def test_exponential_rate(lambd):
    check(f"torch.manual_seed(0); torch.empty(3).exponential_({lambd})", exact=True)


def test_exponential_history():
    check("x = torch.ones(3, requires_grad=True); y = x * 2; y.exponential_(); "
          "(y.grad_fn.name(), torch.autograd.grad(y.sum(), x))")
    check("x = torch.ones(3); v = x._version; x.exponential_(); x._version - v")


def test_fill_with_a_tensor_and_new_factories():
    # fill_(0-d tensor) passes the gradient's sum to the value (FillBackward3)
    check("x = torch.zeros(3); v = torch.tensor(2., requires_grad=True); y = x.clone(); "
          "y.fill_(v); (y, y.grad_fn.name(), torch.autograd.grad(y.sum(), v))")
    check("torch.zeros(3).fill_(torch.ones(2))")
    check("torch.ones(2, dtype=torch.float64).new_zeros(2, 3)")
    check("torch.ones(2).new_full((2,), 3, dtype=torch.int32, requires_grad=False)")
    check("torch.ones(2, dtype=torch.int16).new_ones((1, 2), requires_grad=True)")



@pytest.mark.parametrize("call", [
    "x.view(torch.int32)", "x.view(torch.float16)", "x.view(torch.float64)", "x.view(torch.uint8)",
    "x[1].view(torch.float64)", "x[:, ::2].view(torch.int32)", "x.t().view(torch.int16)",
    "x[:, :3].view(torch.float64)", "x[:, 1:].view(torch.float64)", "torch.tensor(1.).view(torch.int16)",
    "torch.ones(4, 4)[:, 1:3].view(torch.float64)",
    "x.view(torch.float32).requires_grad", "(x * 1).view(torch.float32).grad_fn",
    "y = x.view(torch.int32); y.add_(1); (x, y._base, x._version)",
])
def test_view_as_another_dtype(call):
    check(f"x = torch.arange(8.0).reshape(2, 4).requires_grad_(False); {call}", exact=True)
