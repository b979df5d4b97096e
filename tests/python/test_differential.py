"""The same expressions under real PyTorch and under ember: results, reprs, dtypes, shapes and
exceptions must agree (see differential.py)."""
import pytest

from differential import check

# Variables every case may use.
PRELUDE = """
a = torch.tensor([[1., -2., 3.], [4., 5., -6.]])
b = torch.tensor([0.5, 2., -1.])
i = torch.tensor([[1, 2, 3], [4, 5, 6]])
j = torch.tensor([3, -1, 2])
m = torch.tensor([[True, False, True], [False, True, True]])
u = torch.tensor([1, 2, 250], dtype=torch.uint8)
d = torch.tensor([1.5, -2.25], dtype=torch.float64)
s = torch.tensor(2.5)
"""


def case(expr):
    return PRELUDE + expr


CREATION = [
    "torch.tensor([[1, 2, 3], [4, 5, 6]])",
    "torch.tensor([1.5, 2, 3])",
    "torch.tensor([True, False])",
    "torch.tensor(3)",
    "torch.tensor(3.25)",
    "torch.tensor(True)",
    "torch.tensor([])",
    "torch.tensor([[]])",
    "torch.tensor((1, 2))",
    "torch.tensor([1, 2.5, True])",
    "torch.tensor(range(4))",
    "torch.tensor([[1, 2]], dtype=torch.float64)",
    "torch.tensor([1.7, -1.7], dtype=torch.int32)",
    "torch.tensor([1, 0, 2], dtype=torch.bool)",
    "torch.tensor([1.5], dtype=torch.float16)",
    "torch.tensor([1.5], dtype=torch.bfloat16)",
    "torch.tensor([1, 2], dtype=int)",
    "torch.tensor([1, 2], dtype=float)",
    "torch.tensor([1, 2], dtype=bool)",
    "torch.tensor([2.0], requires_grad=True)",
    "torch.tensor(np.array([1, 2], dtype=np.int32))",
    "torch.tensor(np.array([[1., 2.]]))",
    "torch.tensor(np.float32(1.5))",
    "torch.tensor([np.int64(3), 4])",
    "torch.tensor([torch.tensor(1.), torch.tensor(2.)])",
    "torch.zeros(2, 3)",
    "torch.zeros((2, 3))",
    "torch.zeros([2, 3])",
    "torch.zeros(torch.Size([2, 3]))",
    "torch.zeros(3)",
    "torch.zeros(())",
    "torch.zeros(0, 2)",
    "torch.ones(2, 3, dtype=torch.int64)",
    "torch.ones(2, dtype=torch.bool)",
    "torch.ones(2, requires_grad=True)",
    "torch.full((2, 2), 7)",
    "torch.full((2, 2), 7.5)",
    "torch.full((2, 2), True)",
    "torch.full((2,), 3, dtype=torch.float32)",
    "torch.arange(5)",
    "torch.arange(1, 4)",
    "torch.arange(0, 1, 0.25)",
    "torch.arange(5.)",
    "torch.arange(10, 0, -3)",
    "torch.arange(3, dtype=torch.float64)",
    "torch.linspace(0, 1, 5)",
    "torch.linspace(-2, 2, steps=4)",
    "torch.eye(3)",
    "torch.eye(2, 3, dtype=torch.int64)",
    "torch.empty(2, 3).shape",
    "torch.zeros_like(a)",
    "torch.ones_like(i)",
    "torch.full_like(a, 2)",
    "torch.zeros_like(i, dtype=torch.float32)",
    "torch.empty_like(a).dtype",
    "a.new_zeros(2)",
    "a.new_ones((1, 2))",
    "i.new_full((2,), 5)",
    "a.new_tensor([1, 2])",
    "i.new_tensor([1.5])",
    "a.new_empty(3).shape",
]

RANDOM = [
    "torch.manual_seed(0); torch.rand(3)",
    "torch.manual_seed(1); torch.randn(2, 3)",
    "torch.manual_seed(2); torch.randn((2, 2), dtype=torch.float64)",
    "torch.manual_seed(3); torch.randint(10, (5,))",
    "torch.manual_seed(3); torch.randint(2, 10, (2, 3))",
    "torch.manual_seed(4); torch.randperm(6)",
    "torch.manual_seed(5); torch.normal(0., 1., (3,))",
    "torch.manual_seed(6); torch.rand_like(a)",
    "torch.manual_seed(7); torch.randn_like(a)",
    "torch.manual_seed(8); torch.randint_like(i, 10)",
    "torch.manual_seed(8); torch.randint_like(i, 3, 10)",
    "g = torch.Generator(); g.manual_seed(42); torch.rand(4, generator=g)",
    "g = torch.Generator().manual_seed(3); torch.randn(2, generator=g)",
    "torch.manual_seed(9); x = torch.rand(2); torch.manual_seed(9); torch.equal(x, torch.rand(2))",
    "torch.manual_seed(123).initial_seed()",
]

ATTRIBUTES = [
    "a.shape", "a.size()", "a.size(1)", "a.size(-1)", "a.dtype", "a.device", "a.ndim", "a.dim()",
    "a.numel()", "a.nelement()", "a.element_size()", "u.element_size()", "a.is_leaf",
    "a.requires_grad", "a.grad", "a.grad_fn", "a.T", "a.mT", "a.stride()", "a.stride(0)",
    "a.t().stride()", "a.is_contiguous()", "a.t().is_contiguous()", "a.storage_offset()",
    "a[1].storage_offset()", "a.is_floating_point()", "i.is_floating_point()", "a.is_cuda",
    "a.layout", "a.is_sparse", "a.ndimension()", "len(a)", "len(b)", "a.dtype.is_floating_point",
    "i.dtype.is_floating_point", "u.dtype.is_signed", "torch.float32", "torch.float", "torch.int64",
    "torch.long", "torch.double", "torch.half", "torch.int", "torch.short", "torch.uint8",
    "torch.int8", "torch.bool", "torch.bfloat16", "torch.get_default_dtype()", "torch.strided",
    "torch.device('cpu')", "torch.device('cpu').type", "torch.device('cuda', 1)",
    "str(torch.device('cuda:0'))", "torch.device('cpu') == torch.device('cpu')",
    "torch.Size([2, 3])", "torch.Size([2, 3]).numel()", "torch.Size([2, 3])[1:]",
    "torch.Size([2, 3]) + (4,)", "torch.Size([])", "a.shape == (2, 3)", "a.shape[0]",
    "tuple(a.shape)", "list(a.shape)", "a.type()", "i.type()", "s.item()",
    "i[0, 1].item()", "m[0, 0].item()", "float(s)", "int(s)", "bool(s)", "int(i[1, 2])",
    "float(i[1, 2])", "bool(m[1, 0])", "i[0].tolist()", "a.tolist()", "s.tolist()", "m.tolist()",
    "d.tolist()", "u.tolist()", "a.is_leaf", "torch.is_tensor(a)", "torch.is_tensor([1])",
    "torch.numel(a)", "torch.is_floating_point(i)", "torch.typename(a)", "a.data",
    "a.data.requires_grad", "torch.cuda.is_available()", "i[0, 0].__index__()",
    "hash(a) == id(a)", "[x for x in b]", "list(i)", "reversed(b)", "2. in a", "7 in a",
    "format(s, '.2f')", "f'{s:.3f}'", "a._version", "a.output_nr",
]

OPERATORS = [
    "a + b", "a + 2", "2 + a", "a + 2.5", "i + 1", "i + 1.5", "i + True", "m + m", "a - b",
    "a - 1", "1 - a", "i - 1", "1 - i", "a * b", "a * 2", "2 * a", "i * 2", "i * 2.5", "m * m",
    "u * 2", "a / b", "a / 2", "2 / a", "i / 2", "2 / i", "i / j", "a // b", "a // 2", "7 // a",
    "i // 2", "i // j", "-7 // j", "a % b", "a % 2", "5 % a", "i % 3", "i % j", "-i % 4",
    "a ** 2", "a ** 0.5", "2 ** a", "i ** 2", "2 ** i", "a ** b", "i ** j.abs()", "-a", "+a",
    "-i", "abs(a)", "abs(j)", "~m", "~i", "~u", "a @ b", "a @ a.T", "a.T @ a", "b @ b",
    "i @ i.T", "m & m", "m | ~m", "m ^ m", "i & 3", "3 & i", "i | 8", "i ^ j", "m & True",
    "a == b", "a == 1", "1 == a", "a != b", "a < b", "a < 0", "0 < a", "a <= 3", "a > b",
    "a >= 1", "i == j", "i > 2.5", "a == None", "a != None", "m == True", "a + d", "d + a",
    "i + d", "u + i", "u + 1", "u - 3", "s * a", "s + i", "i * s", "a + s", "m + 1",
    "m * 2.5", "i / j", "a + b.unsqueeze(0)", "a.T + b.unsqueeze(1)[:, :2].T[0]",
]

METHODS = [
    "a.abs()", "a.neg()", "a.exp()", "a.abs().log()", "a.abs().sqrt()", "a.sin()", "a.cos()",
    "a.tanh()", "a.sigmoid()", "a.relu()", "a.floor()", "a.ceil()", "a.round()", "a.trunc()",
    "a.frac()", "a.reciprocal()", "a.square()", "a.sign()", "a.exp2()", "a.expm1()",
    "a.abs().log2()", "a.abs().log10()", "a.abs().log1p()", "a.abs().rsqrt()", "a.tan()",
    "(a / 10).asin()", "(a / 10).acos()", "a.atan()", "a.sinh()", "a.cosh()", "a.erf()",
    "a.isnan()", "a.isinf()", "a.isfinite()", "(a / 0).nan_to_num()", "i.abs()", "i.neg()",
    "i.sign()", "i.square()", "i.exp()", "m.logical_not()", "i.bitwise_not()",
    "a.add(b)", "a.add(b, alpha=2)", "a.add(2)", "a.sub(b, alpha=0.5)", "a.mul(b)", "a.mul(3)",
    "a.div(b)", "a.div(b, rounding_mode='floor')", "a.div(b, rounding_mode='trunc')",
    "i.div(j, rounding_mode='floor')", "a.div(2)", "a.true_divide(b)", "a.floor_divide(b)",
    "a.remainder(b)", "a.remainder(2)", "a.fmod(b)", "a.fmod(2)", "a.pow(2)", "a.pow(b)",
    "a.maximum(b)", "a.minimum(b)", "a.atan2(b)", "a.eq(b)", "a.ne(1)", "a.lt(b)", "a.le(2)",
    "a.gt(b)", "a.ge(0)", "m.logical_and(~m)", "m.logical_or(~m)", "m.logical_xor(m)",
    "i.bitwise_and(j)", "i.bitwise_or(2)", "i.bitwise_xor(j)", "a.clamp(-1, 2)",
    "a.clamp(min=0)", "a.clamp(max=1)", "i.clamp(2, 4)", "a.clamp_min(0)", "a.clamp_max(0)",
    "a.clip(-1, 1)", "a.lerp(b, 0.5)", "a.softmax(0)", "a.softmax(dim=1)", "a.log_softmax(1)",
    "i.softmax(0, dtype=torch.float32)", "a.matmul(b)", "a.mm(a.T)", "a.mv(b)", "b.dot(b)",
    "b.outer(b)", "a.unsqueeze(0).bmm(a.T.unsqueeze(0))", "a.T.addmm(a, a.T)",
    "a.sum()", "a.sum(0)", "a.sum(1)", "a.sum(-1, keepdim=True)", "a.sum((0, 1))",
    "a.sum(dim=[0])", "i.sum()", "m.sum()", "i.sum(dtype=torch.float32)", "a.mean()",
    "a.mean(0)", "a.mean(dim=1, keepdim=True)", "a.prod()", "a.prod(1)", "i.prod()",
    "a.max()", "a.max(0)", "a.max(1, keepdim=True)", "a.max(b)", "a.min()", "a.min(dim=0)",
    "i.max()", "i.max(1)", "a.amax()", "a.amax(0)", "a.amin(1)", "a.argmax()", "a.argmax(0)",
    "a.argmin(dim=1, keepdim=True)", "a.std()", "a.std(0)", "a.std(1, unbiased=False)",
    "a.var()", "a.var(0)", "a.var(dim=1, keepdim=True)", "a.std(unbiased=False)", "a.norm()",
    "a.norm(1)", "a.norm(2, 1)", "a.norm(p=1, dim=0)", "a.logsumexp(0)", "a.logsumexp(1, True)",
    "a.cumsum(0)", "a.cumsum(1)", "i.cumsum(1)", "a.cumprod(1)", "m.all()", "m.any()",
    "m.all(0)", "m.any(dim=1)", "a.sort()", "a.sort(0)", "a.sort(descending=True)",
    "a.sort(dim=0, descending=True)", "b.sort(stable=True)", "a.topk(2)", "a.topk(1, 0)",
    "a.topk(2, largest=False)", "a.allclose(a + 1e-9)", "a.allclose(b)", "a.equal(a.clone())",
    "a.equal(b)",
    "a.view(3, 2)", "a.view(-1)", "a.view((6,))", "a.view(torch.Size([3, 2]))",
    "a.view_as(a.T)", "a.reshape(3, 2)", "a.reshape(-1)", "a.t().reshape(6)", "a.reshape((1, 6))",
    "a.flatten()", "a.unsqueeze(0).flatten(1)", "a.unflatten(1, (3, 1))", "a.unsqueeze(1).squeeze()",
    "a.unsqueeze(1).squeeze(1)", "a.unsqueeze(-1)", "a.permute(1, 0)", "a.permute((1, 0))",
    "b.expand(2, 3)", "b.expand(2, -1)", "b.expand((2, 3))", "b.expand_as(a)", "a.transpose(0, 1)",
    "a.swapaxes(0, 1)", "a.t()", "b.t()", "a.select(1, 0)", "a.narrow(1, 1, 2)", "a.unbind()",
    "a.unbind(1)", "a.chunk(2, 1)", "a.chunk(3)", "a.split(2, 1)", "a.split([1, 2], 1)",
    "a.flip(0)", "a.flip((0, 1))", "a.roll(1)", "a.roll(1, 1)", "a.repeat(2, 1)",
    "a.repeat(1, 2, 1)", "a.tril()", "a.triu(1)", "b.diag()", "a.diag()", "a.as_strided((2, 2), (1, 2))",
    "a.gather(1, torch.tensor([[0, 0], [1, 2]]))", "a.scatter(1, torch.tensor([[0], [2]]), 9.)",
    "a.scatter(0, torch.tensor([[1, 0, 1]]), b.unsqueeze(0))", "a.index_select(1, torch.tensor([2, 0]))",
    "a.masked_fill(m, 0)", "a.masked_fill(m, torch.tensor(-1.))", "a.masked_select(m)",
    "m.nonzero()", "i.nonzero(as_tuple=True)", "a.where(m, b)",
    "a.to(torch.float64)", "a.to(torch.int32)", "a.to(dtype=torch.float16)", "a.to('cpu')",
    "a.to(i)", "a.to(torch.device('cpu'), torch.float64)", "a.to('cpu', copy=True).data_ptr() != a.data_ptr()",
    "a.to(torch.float32) is a", "a.float()", "a.double()", "a.half()", "a.long()", "a.int()",
    "a.bool()", "a.byte()", "a.short()", "a.char()", "a.bfloat16()", "i.float()", "a.type(torch.int64)",
    "a.type('torch.DoubleTensor')", "a.type_as(i)", "a.clone()", "a.t().contiguous().stride()",
    "a.contiguous() is a", "a.cpu() is a", "a.detach()", "a.detach().requires_grad",
    "a.clone().fill_(3)", "a.clone().zero_()", "a.clone().copy_(b)", "i.clone().fill_(2.7)",
    "a.clone().add_(1)", "a.clone().sub_(b)", "a.clone().mul_(2)", "a.clone().div_(2)",
    "a.clone().pow_(2)", "a.clone().clamp_(0, 1)", "a.clone().exp_()", "a.clone().neg_()",
    "a.clone().relu_()", "a.clone().abs_()", "a.clone().masked_fill_(m, 0)",
    "i.clone().bitwise_and_(5)", "m.clone().bitwise_or_(~m)",
    "a.clone().scatter_(1, torch.tensor([[0], [1]]), 0.)",
    "x = a.clone(); x.add_(1) is x", "x = a.clone(); y = x.view(-1); y[0] = 100; x",
    "x = a.clone(); x **= 2; x", "x = i.clone(); x &= 6; x", "x = i.clone(); x //= 2; x",
    "x = a.clone(); x /= b; x", "x = a.clone(); x -= 1; x", "x = i.clone(); x += 1.5; x",
    "x = m.clone(); x |= True; x", "x = m.clone(); x ^= m; x", "x = a.clone(); x *= b; x",
    "x = a.clone(); y = x; x += 1; y is x", "x = a.clone(); x %= 2; x", "x = a.clone(); x @= a.T; x",
    "x = i.clone(); x /= 2; x",
]

FUNCTIONS = [
    "torch.add(a, b)", "torch.add(a, 2, alpha=3)", "torch.sub(a, b)", "torch.subtract(a, 1)",
    "torch.mul(a, b)", "torch.multiply(a, 2)", "torch.div(a, b)", "torch.divide(a, 2)",
    "torch.div(a, b, rounding_mode='floor')", "torch.true_divide(i, 2)", "torch.floor_divide(i, 2)",
    "torch.remainder(a, 2)", "torch.remainder(5, j)", "torch.fmod(i, 3)", "torch.pow(a, 2)",
    "torch.pow(2, a)", "torch.pow(a, b)", "torch.rsub(a, 1)", "torch.rsub(a, b)",
    "torch.maximum(a, b)", "torch.minimum(a, b)", "torch.atan2(a, b)", "torch.eq(a, b)",
    "torch.ne(a, 1)", "torch.lt(a, b)", "torch.le(a, 1)", "torch.gt(a, b)", "torch.ge(a, 0)",
    "torch.logical_and(m, m)", "torch.logical_or(m, ~m)", "torch.logical_xor(m, m)",
    "torch.logical_not(m)", "torch.bitwise_and(i, j)", "torch.bitwise_or(i, 1)",
    "torch.bitwise_xor(i, j)", "torch.bitwise_not(i)", "torch.clamp(a, -1, 1)",
    "torch.clamp(a, min=0)", "torch.clip(a, max=0)", "torch.clamp_min(a, 0)",
    "torch.clamp_max(a, 0)", "torch.lerp(a, b, 0.25)", "torch.abs(a)", "torch.neg(a)",
    "torch.negative(a)", "torch.sign(a)", "torch.exp(a)", "torch.log(a.abs())", "torch.sqrt(a.abs())",
    "torch.sin(a)", "torch.cos(a)", "torch.tanh(a)", "torch.sigmoid(a)", "torch.relu(a)",
    "torch.floor(a)", "torch.ceil(a)", "torch.round(a)", "torch.trunc(a)", "torch.frac(a)",
    "torch.reciprocal(a)", "torch.square(a)", "torch.isnan(a / 0)", "torch.isinf(a / 0)",
    "torch.isfinite(a / 0)", "torch.nan_to_num(a / 0, nan=0.0, posinf=1.0)",
    "torch.where(m, a, b)", "torch.where(m, a, 0.)", "torch.where(m, 1., b)", "torch.where(m)",
    "torch.softmax(a, 1)", "torch.log_softmax(a, 0)", "torch.nn.functional.relu(a)",
    "torch.nn.functional.softmax(a, dim=1)", "torch.nn.functional.gelu(a)",
    "torch.nn.functional.silu(a)", "torch.matmul(a, b)", "torch.matmul(b, a.T)", "torch.mm(a, a.T)",
    "torch.bmm(a.unsqueeze(0), a.T.unsqueeze(0))", "torch.mv(a, b)", "torch.dot(b, b)",
    "torch.outer(b, b)", "torch.addmm(b, a.T, a)", "torch.sum(a)", "torch.sum(a, 0)",
    "torch.sum(a, dim=1, keepdim=True)", "torch.mean(a)", "torch.mean(a, (0, 1))",
    "torch.prod(a, 1)", "torch.max(a)", "torch.max(a, 1)", "torch.max(a, b)", "torch.min(a, 0)",
    "torch.amax(a, 1)", "torch.amin(a)", "torch.argmax(a)", "torch.argmin(a, 1)",
    "torch.std(a)", "torch.std(a, 0)", "torch.var(a, 1, keepdim=True)", "torch.std_mean(a)",
    "torch.var_mean(a, 0)", "torch.norm(a)", "torch.logsumexp(a, 1)", "torch.cumsum(a, 1)",
    "torch.cumprod(i, 0)", "torch.all(m)", "torch.any(m, 0)", "torch.sort(a)",
    "torch.sort(a, 0, descending=True)", "torch.topk(b, 2)", "torch.allclose(a, a)",
    "torch.equal(a, a)", "torch.reshape(a, (3, 2))", "torch.flatten(a)", "torch.squeeze(a.unsqueeze(0))",
    "torch.unsqueeze(a, 2)", "torch.permute(a, (1, 0))", "torch.transpose(a, 0, 1)", "torch.t(a)",
    "torch.select(a, 0, 1)", "torch.narrow(a, 0, 0, 1)", "torch.unbind(a)", "torch.chunk(a, 3, 1)",
    "torch.split(a, 1)", "torch.split(a, [2, 1], 1)", "torch.flip(a, [1])", "torch.roll(a, 2)",
    "torch.tril(a)", "torch.triu(a, -1)", "torch.diag(b)", "torch.cat([a, a])",
    "torch.cat((a, a), 1)", "torch.cat([a, i])", "torch.concat([b, b])", "torch.stack([b, b])",
    "torch.stack([b, b], 1)", "torch.gather(a, 0, torch.tensor([[1, 0, 1]]))",
    "torch.index_select(a, 0, torch.tensor([1]))", "torch.masked_select(a, m)",
    "torch.nonzero(m)", "torch.nonzero(m, as_tuple=True)", "torch.clone(a)", "torch.detach(a)",
    "torch.result_type(i, 2.5)", "torch.result_type(i, a)", "torch.result_type(u, 1)",
    "torch.promote_types(torch.uint8, torch.int8)", "torch.can_cast(torch.float32, torch.int32)",
    "torch.zeros(2).add(torch.ones(2), alpha=2)",
]

INDEXING = [
    "a[0]", "a[-1]", "a[1, 2]", "a[0][1]", "a[:, 1]", "a[:, 1:]", "a[:, ::2]", "a[..., 0]",
    "a[None]", "a[:, None]", "a[None, ..., None].shape", "a[...]", "a[0, ...]", "a[1:]",
    "a[-1:]", "a[:0]", "a[5:]", "a[:, -2:]", "a[True]", "a[False]", "a[[0, 1]]", "a[[1, 0], [2, 0]]",
    "a[:, [0, 2]]", "a[m]", "a[a > 0]", "a[torch.tensor([1, 0])]", "a[torch.tensor(1)]",
    "a[i > 3]", "b[[True, False, True]]", "a[[0]]", "a[(0, 1)]", "a[[0, slice(None)]]",
    "a[0, [0, 2]]", "b[np.int64(1)]", "b[torch.tensor([[0, 1], [2, 2]])]", "i[:, 0:3:2]",
    "x = a.clone(); x[0] = 9; x", "x = a.clone(); x[:, 1] = b[:2]; x",
    "x = a.clone(); x[m] = 0; x", "x = a.clone(); x[x < 0] = 0.5; x", "x = i.clone(); x[0, 0] = 2.7; x",
    "x = a.clone(); x[..., 0] = torch.tensor([7., 8.]); x", "x = a.clone(); x[[0, 1], [1, 2]] = -1.; x",
    "x = a.clone(); x[0] = torch.tensor(5); x", "x = a.clone(); x[:] = 1; x",
    "x = m.clone(); x[0] = False; x", "x = a.clone(); x[None] = 0; x",
]


@pytest.mark.parametrize("expr", CREATION)
def test_creation(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", RANDOM)
def test_random(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", ATTRIBUTES)
def test_attributes(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", OPERATORS)
def test_operators(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", METHODS)
def test_methods(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", FUNCTIONS)
def test_functions(expr):
    check(case(expr))


@pytest.mark.parametrize("expr", INDEXING)
def test_indexing(expr):
    check(case(expr))


STATE = [
    "torch.set_default_dtype(torch.float64); (torch.tensor([1.5]), torch.zeros(2).dtype, torch.get_default_dtype(), torch.arange(2.).dtype)",
    "torch.set_default_dtype(torch.float64); torch.tensor([1.5]) + torch.ones(1, dtype=torch.float32)",
    "torch.set_default_dtype(torch.int64)",
    "torch.set_default_dtype('float')",
    "torch.set_default_dtype(float)",
    "torch.set_default_dtype(torch.float16); torch.tensor([1.5]).dtype",
    "torch.set_printoptions(precision=2); r = repr(torch.tensor([1.23456, 2.5])); torch.set_printoptions(profile='default'); r",
    "torch.set_printoptions(threshold=5); r = repr(torch.arange(10.)); torch.set_printoptions(profile='default'); r",
    "torch.set_printoptions(sci_mode=True); r = repr(torch.tensor([1.5, 200.])); torch.set_printoptions(profile='default'); r",
    "repr(torch.arange(2000))",
    "repr(torch.zeros(3, 0, 2))",
    "str(torch.tensor([[1e-8, 1.], [1e8, -2.]]))",
    "repr(torch.tensor([1.5, float('nan'), float('inf')]))",
    "repr(torch.tensor([1, 2], dtype=torch.int8))",
    "repr(torch.tensor(3.5, dtype=torch.float64, requires_grad=True))",
    "a.sum(axis=0)", "a.sum(0, keepdims=True)", "torch.sum(a, axis=1)", "a.mean(axis=(0, 1))",
    "torch.add(input=a, other=b)", "torch.add(x=a, other=b)", "a.add(other=b)",
    "torch.max(input=a, dim=1)", "a.max(dim=1, keepdim=True)",
    "torch.zeros(size=(2, 2))", "torch.full(size=(2,), fill_value=3.)",
    "torch.manual_seed(0); torch.randn(2, generator=None)", "torch.ones(2, dtype=None)", "a.to(device='cpu', dtype=torch.float64)",
    "torch.get_num_threads() > 0",
    "torch.is_grad_enabled()",
]


@pytest.mark.parametrize("expr", STATE)
def test_state_printing_and_keywords(expr):
    check(case(expr))
