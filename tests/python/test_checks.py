"""What PyTorch refuses instead of computing a wrong result, ember refuses with the same exception
and message (or, where PyTorch accepts the call, returns the same result): writes into memory that
aliases itself or the op's inputs, numbers a dtype cannot hold, uint8 masks with values other
than 0 and 1, `.data` of another kind, clamp's NaN bounds, and data torch.tensor() does not take
(strings, bytes) or takes with its own dtype (NumPy scalars). Each case runs under real PyTorch
and under ember (differential.check)."""
import pytest

from differential import check

# ---- memory overlap --------------------------------------------------------------------------

# In-place ops: a destination whose elements alias each other (an expanded tensor) is refused, and
# so is an input that aliases part of the destination; the very same memory is fine.
INPLACE_OVERLAP = [
    # element-wise, an expanded destination
    "x = torch.zeros(1); x.expand(5).add_(1)",
    "x = torch.zeros(1); x.expand(5).add_(torch.ones(5))",
    "x = torch.zeros(1); x.expand(5).add_(torch.ones(3))",  # the memory check comes first
    "x = torch.zeros(1); x.expand(5).sub_(1)",
    "x = torch.zeros(1); x.expand(5).mul_(2)",
    "x = torch.zeros(1); x.expand(5).div_(2)",
    "x = torch.zeros(1); x.expand(5).div_(2, rounding_mode='floor')",
    "x = torch.zeros(1); x.expand(5).floor_divide_(2)",
    "x = torch.ones(1); x.expand(5).pow_(2)",
    "x = torch.ones(1); x.expand(5).pow_(0)",
    "x = torch.ones(1); x.expand(5).pow_(1)",
    "x = torch.ones(1); x.expand(5).pow_(torch.ones(5))",
    "x = torch.zeros(1); x.expand(5).clamp_(0, 1)",
    "x = torch.zeros(1); x.expand(5).clamp_(float('nan'), 1)",
    "x = torch.zeros(1); x.expand(5).clamp_(min=float('nan'))",
    "x = torch.zeros(1, dtype=torch.int32); x.expand(5).bitwise_and_(1)",
    "x = torch.zeros(1, dtype=torch.int32); x.expand(5).bitwise_xor_(torch.ones(5, dtype=torch.int32))",
    "x = torch.zeros(1); x.expand(5).abs_()",
    "x = torch.zeros(1); x.expand(5).neg_()",
    "x = torch.zeros(1); x.expand(5).exp_()",
    "x = torch.ones(1); x.expand(5).log_()",
    "x = torch.ones(1); x.expand(5).sqrt_()",
    "x = torch.zeros(1); x.expand(5).tanh_()",
    "x = torch.zeros(1); x.expand(5).sigmoid_()",
    "x = torch.zeros(1); x.expand(5).relu_()",
    "x = torch.zeros(1); x.expand(0).add_(1)",
    "x = torch.zeros(1); x.expand(1).add_(1); x",
    "x = torch.zeros(1, 3); x.expand(2, 3).add_(1)",
    # element-wise, an input overlapping part of the destination
    "x = torch.arange(5.); x[1:].add_(x[:-1])",
    "x = torch.arange(5.); x[1:].add_(x[:-1]); x",
    "x = torch.arange(5.); x[:-1].sub_(x[1:])",
    "x = torch.arange(5.); x[1:].mul_(x[:-1])",
    "x = torch.arange(5.) + 1; x[1:].div_(x[:-1])",
    "x = torch.arange(5.) + 1; x[1:].pow_(x[:-1])",
    "x = torch.arange(5); x[1:].bitwise_or_(x[:-1])",
    "x = torch.ones(3, 3); x.add_(x.t())",
    "x = torch.ones(3, 3); x.add_(x[0])",
    "x = torch.arange(5.); x.add_(x[0])",
    "x = torch.arange(4.); x.view(1, 4).add_(x)",
    "x = torch.ones(2, 2); x.add_(x[1:, :])",
    # allowed: the same memory, disjoint memory, inputs too hard to judge
    "x = torch.arange(5.); x.add_(x)",
    "x = torch.arange(5.); x.mul_(x[:])",
    "x = torch.arange(4.); x.view(2, 2).add_(x.view(2, 2).t().t())",
    "x = torch.arange(5.); x[:2].add_(x[2:4]); x",
    "x = torch.arange(6.); x[0::2].add_(x[1::2]); x",
    "x = torch.arange(6.); x[0:2].add_(x[0:4:2]); x",
    "x = torch.arange(5.); x.add_(x[:1].expand(5)); x",
    "x = torch.arange(5.); x[1:].add_(x[:-1].int()); x",
    "x = torch.zeros(10); x.as_strided((3, 3), (2, 1)).add_(1); x",
    # in place with history: the same checks
    "y = torch.arange(5., requires_grad=True).clone(); y[1:].add_(y[:-1])",
    "y = torch.arange(5., requires_grad=True).clone(); y[:2].mul_(y[1:3])",
    "y = torch.arange(5., requires_grad=True).clone(); y[1:].div_(y[:-1])",
    "y = torch.arange(5., requires_grad=True).clone(); y.add_(y)",
    "y = torch.zeros(1, requires_grad=True).clone(); y.expand(3).add_(1)",
    "y = torch.zeros(1, requires_grad=True).clone(); y.expand(3).add_(torch.ones(2))",
    "y = torch.zeros(1, requires_grad=True).clone(); y.expand(3).exp_()",
]

# copy_ and fill_, setitem, the indexing writes.
WRITE_OVERLAP = [
    "x = torch.zeros(1); x.expand(5).copy_(torch.ones(5))",
    "x = torch.zeros(1); x.expand(5).copy_(torch.ones(1))",
    "x = torch.zeros(1); x.expand(5).copy_(x.expand(5))",
    "x = torch.zeros(1).expand(5); x.copy_(x)",
    "x = torch.arange(5.); x[1:].copy_(x[:-1])",
    "x = torch.ones(3, 3); x.copy_(x.t())",
    "x = torch.arange(5.); x.copy_(x[:])",
    "y = torch.arange(5., requires_grad=True).clone(); y[1:].copy_(y[:-1])",
    "x = torch.zeros(1); x.expand(5).fill_(1); x",
    "x = torch.zeros(1); x.expand(5).fill_(torch.tensor(2.)); x",
    "x = torch.zeros(1); x.expand(5).zero_(); x",
    # setitem: slices copy, tensor indices index_put_
    "x = torch.arange(5.); x[0:2] = x[1:3]; x",
    "x = torch.arange(5.); x[0:2] = x[0:2]; x",
    "x = torch.arange(5.); x[torch.tensor([0, 1])] = x[1:3]; x",
    "x = torch.arange(5.); x[torch.tensor([0, 1])] = x[0]; x",
    "x = torch.arange(5.); x[torch.arange(5)] = x; x",
    "x = torch.arange(5.); x[torch.tensor([True, False, True, False, False])] = x[0]; x",
    "x = torch.arange(5); x[x[:2]] = 7; x",
    "x = torch.zeros(1); x.expand(5)[1:3] = 1; x",
    "y = torch.arange(5., requires_grad=True).clone(); y[torch.tensor([0, 1])] = y[1:3]; y",
    "x = torch.arange(5.); x.index_put_((torch.tensor([0, 1]),), x[1:3])",
    "x = torch.arange(5.); x.index_put_((torch.tensor([3, 4]),), x[0:2])",
    # masked_fill_ (an expanded self is only deprecated), scatter_
    "x = torch.tensor([True, False, True, False]); x[1:].masked_fill_(x[:-1], True)",
    "x = torch.tensor([True, False, True, False]); x.masked_fill_(x, False)",
    "x = torch.arange(5.); x.masked_fill_(torch.tensor([True] * 5), x[0])",
    "x = torch.arange(5.); x.scatter_(0, torch.tensor([0]), x[1:2])",
    "x = torch.arange(5.); x[:3].scatter_(0, torch.tensor([0]), x[1:])",
    "x = torch.arange(5.); x.scatter_(0, torch.tensor([0]), x)",
    "x = torch.arange(5); x.scatter_(0, x[:1], 7)",
    "x = torch.zeros(1); x.expand(4).scatter_(0, torch.tensor([0]), torch.ones(1))",
    "x = torch.zeros(1); x.expand(4).scatter_(0, torch.tensor([0]), 1.)",
]

# out=: what each family refuses differs (element-wise ops: an expanded out and partial overlap;
# cat and gather: any overlap; mm and softmax: an expanded out only; reductions: nothing).
OUT_OVERLAP = [
    # element-wise
    "x = torch.arange(5.); torch.add(x[:-1], 1, out=x[1:])",
    "x = torch.arange(5.); torch.add(x, 1, out=x)",
    "x = torch.zeros(1); torch.add(torch.ones(4), 1, out=x.expand(4))",
    "x = torch.arange(5.); torch.add(x[:4], x[1:], out=x[:4])",
    "x = torch.arange(5.); torch.sub(x[1:], x[:-1], out=x[1:])",
    "x = torch.arange(5.); torch.mul(x[:-1], 2, out=x[1:])",
    "x = torch.arange(5.) + 1; torch.div(x[:-1], 2, out=x[1:])",
    "x = torch.arange(5.); torch.neg(x[:-1], out=x[1:])",
    "x = torch.arange(5.); torch.neg(x, out=x)",
    "x = torch.arange(5.); torch.exp(x[:-1], out=x[1:])",
    "x = torch.zeros(1); torch.exp(torch.ones(3), out=x.expand(3))",
    "x = torch.arange(5.); torch.round(x[:-1], out=x[1:])",
    "x = torch.arange(5.); torch.nan_to_num(x[:-1], out=x[1:])",
    "x = torch.arange(5.); torch.pow(x[:-1], 2, out=x[1:])",
    "x = torch.arange(5.); torch.clamp(x[:-1], 0, 1, out=x[1:])",
    "x = torch.arange(5.); torch.clamp_min(x[:-1], 1, out=x[1:])",
    "x = torch.arange(5.); torch.maximum(x[:-1], x[1:], out=x[1:])",
    "x = torch.arange(5.); torch.lerp(x[:-1], x[1:], 0.5, out=x[1:])",
    "x = torch.arange(5.); torch.where(x[:-1] > 1, x[:-1], x[1:], out=x[1:])",
    "x = torch.arange(5.); torch.eq(x[:-1], 1, out=torch.zeros(1, dtype=torch.bool).expand(4))",
    "x = torch.arange(5.); torch.outer(x[:2], x[2:4], out=x[1:5].view(2, 2))",
    "x = torch.arange(5.); torch.cumsum(x[:-1], 0, out=x[1:])",
    "x = torch.arange(5.); torch.cumsum(x, 0, out=x)",
    "x = torch.arange(5.); torch.cumprod(x[:-1], 0, out=x[1:])",
    # any overlap
    "x = torch.arange(5.); torch.cat([x[:2], x[2:4]], out=x[:4])",
    "x = torch.arange(5.); torch.cat([x[:2]], out=x[1:3])",
    "x = torch.zeros(1); torch.cat([torch.ones(4)], out=x.expand(4))",
    "x = torch.arange(6.); torch.stack([x[:2], x[2:4]], out=x[2:6].view(2, 2))",
    "x = torch.arange(5.); torch.gather(x[:4], 0, torch.tensor([0, 1, 2, 3]), out=x[:4])",
    "x = torch.arange(5.); torch.index_select(x, 0, torch.tensor([0, 1]), out=x[1:3])",
    "x = torch.arange(5.); torch.masked_select(x[:4], x[:4] > 1, out=x[2:4])",
    "x = torch.arange(5.); torch.scatter(x[:4], 0, torch.tensor([0]), x[4:], out=x[:4])",
    "x = torch.arange(5.); torch.scatter(x[:4], 0, torch.tensor([0]), x[3:], out=x[:4])",
    "x = torch.arange(5.); torch.scatter(x[:4], 0, torch.tensor([0]), 1., out=x[1:])",
    "x = torch.arange(1, 6); torch.nonzero(x[:4], out=x[:4].view(4, 1))",
    # an expanded out only
    "x = torch.ones(3, 3); torch.mm(x, x, out=x); 0",
    "torch.mm(torch.ones(2, 2), torch.ones(2, 2), out=torch.zeros(1, 1).expand(2, 2))",
    "x = torch.ones(3, 3); torch.matmul(x, x, out=x); 0",
    "torch.matmul(torch.ones(2, 2), torch.ones(2, 2), out=torch.zeros(1, 1).expand(2, 2))",
    "torch.matmul(torch.ones(2, 2, 2), torch.ones(2, 2), out=torch.zeros(1, 1, 1).expand(2, 2, 2))",
    "torch.matmul(torch.ones(2, 2, 2), torch.ones(2), out=torch.zeros(1, 1).expand(2, 2)); 0",
    "torch.matmul(torch.ones(2), torch.ones(2, 2), out=torch.zeros(1).expand(2)); 0",
    "torch.matmul(torch.ones(2, 2, 2), torch.ones(2, 2, 2), out=torch.zeros(1, 1, 1).expand(2, 2, 2)); 0",
    "x = torch.arange(5.); torch.softmax(x[:4], 0, out=x[1:]); 0",
    "torch.softmax(torch.ones(4), 0, out=torch.zeros(1).expand(4))",
    "torch.log_softmax(torch.ones(4), 0, out=torch.zeros(1).expand(4))",
    "x = torch.arange(4.); torch.mean(x.view(2, 2), 0, out=x[1:3]); 0",
    "torch.mean(torch.ones(2, 2), 0, out=torch.zeros(1).expand(2))",
    "torch.logsumexp(torch.ones(2, 2), 0, out=torch.zeros(1).expand(2))",
    "x = torch.ones(3, 3); torch.addmm(x, x, x, out=x); 0",
    "x = torch.ones(4, 4); torch.addmm(x[:2, :2], torch.ones(2, 2), torch.ones(2, 2), out=x[1:3, :2])",
    "x = torch.ones(4, 4); torch.addmm(torch.ones(2, 2), x[:2, :2], x[:2, :2], out=x[1:3, :2]); 0",
    "torch.arange(4., out=torch.zeros(1).expand(4))",
    "torch.linspace(0, 1, 4, out=torch.zeros(1).expand(4))",
    "torch.rand(4, out=torch.zeros(1).expand(4))",
    "torch.randn(4, out=torch.zeros(1).expand(4))",
    "torch.randint(3, (4,), out=torch.zeros(1, dtype=torch.long).expand(4))",
    # nothing checked
    "x = torch.ones(3, 3); torch.sum(x, 0, out=x[0]); 0",
    "torch.sum(torch.ones(3, 4), 0, out=torch.zeros(1).expand(4)); 0",
    "torch.prod(torch.ones(3, 4), 0, out=torch.zeros(1).expand(4))",
    "torch.amax(torch.ones(3, 4), 0, out=torch.zeros(1).expand(4))",
    "torch.std(torch.ones(3, 4), 0, out=torch.zeros(1).expand(4)); 0",
    "torch.argmax(torch.ones(3, 4), 0, out=torch.zeros(1, dtype=torch.long).expand(4))",
    "torch.all(torch.ones(3, 4), 0, out=torch.zeros(1, dtype=torch.bool).expand(4))",
    "torch.norm(torch.ones(3, 4), 2, 0, out=torch.zeros(1).expand(4)); 0",
    "x = torch.ones(2, 2); torch.tril(x, out=x)",
    "torch.zeros(4, out=torch.ones(1).expand(4))",
    "torch.ones(4, out=torch.zeros(1).expand(4))",
    "torch.full((4,), 2., out=torch.zeros(1).expand(4))",
    "torch.eye(2, out=torch.zeros(1, 1).expand(2, 2))",
    "x = torch.ones(3, 3); torch.bmm(x.view(1, 3, 3), x.view(1, 3, 3), out=torch.zeros(1, 3, 3))",
    "torch.mv(torch.ones(2, 2), torch.ones(2), out=torch.zeros(1).expand(2)); 0",
    "torch.matmul(torch.ones(2, 2), torch.ones(2), out=torch.zeros(1).expand(2)); 0",
]


# ---- numbers a dtype cannot hold ---------------------------------------------------------------

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]
VALUES = ["300", "-1", "-200", "-256", "1e6", "1e300", "float('nan')", "float('inf')",
          "-float('inf')", "2 ** 40", "-2 ** 63", "1.5", "-0.5", "255.5", "True", "65504.",
          "65520.", "3.39e38", "3.4028235e38"]
FILLS = [f"torch.zeros(2, dtype=torch.{dt}).fill_({v})" for dt in DTYPES for v in VALUES]

SCALAR_RANGES = [
    # fill_ with a 0-d tensor, full, setitem (every kind of index), new_full, zero_
    "torch.zeros(2, dtype=torch.uint8).fill_(torch.tensor(300))",
    "torch.zeros(2, dtype=torch.int32).fill_(torch.tensor(float('nan')))",
    "torch.zeros(0, dtype=torch.uint8).fill_(300)",
    "torch.zeros(2, dtype=torch.uint8).zero_()",
    "torch.full((2,), 300, dtype=torch.uint8)",
    "torch.full((2,), 1e6, dtype=torch.half)",
    "torch.full((2,), float('nan'), dtype=torch.int32)",
    "torch.full((0,), 300, dtype=torch.uint8)",
    "torch.full((2,), 300, dtype=torch.uint8, out=torch.zeros(2, dtype=torch.uint8))",
    "torch.full_like(torch.zeros(2, dtype=torch.uint8), 300)",
    "torch.zeros(2, dtype=torch.uint8).new_full((2,), 300)",
    "x = torch.zeros(3, dtype=torch.uint8); x[0] = 300; x",
    "x = torch.zeros(3, dtype=torch.int32); x[0] = float('nan'); x",
    "x = torch.zeros(3, dtype=torch.uint8); x[0:2] = 300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[...] = 300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[torch.tensor([0])] = 300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[torch.tensor([True, False, True])] = 300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[True] = 300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[None] = 300; x",
    "x = torch.zeros(3, dtype=torch.half); x[0] = 1e6; x",
    "x = torch.zeros(3); x[0] = 1e300; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[0] = -1; x",
    "x = torch.zeros(3, dtype=torch.uint8); x[0] = torch.tensor(300); x",
    "x = torch.zeros(3, dtype=torch.uint8); x[0:2] = torch.tensor(300); x",
    "x = torch.zeros(3, dtype=torch.uint8); x[torch.tensor([True, False, True])] = torch.tensor(300); x",
    "x = torch.zeros(3, dtype=torch.uint8); x[torch.tensor([True, False, True])] = torch.tensor([300]); x",
    # masked_fill, scatter with a number
    "torch.zeros(3, dtype=torch.uint8).masked_fill(torch.tensor([True, False, True]), 300)",
    "torch.zeros(3, dtype=torch.int32).masked_fill_(torch.tensor([True, False, True]), float('nan'))",
    "torch.zeros(3, dtype=torch.uint8).masked_fill(torch.tensor([True, False, True]), torch.tensor(300))",
    "torch.zeros(3, dtype=torch.half).masked_fill(torch.tensor([True, False, True]), 1e6)",
    "torch.zeros(3, dtype=torch.bool).masked_fill(torch.tensor([True, False, True]), 300)",
    "torch.zeros(3, dtype=torch.uint8).scatter(0, torch.tensor([0]), 300)",
    "torch.zeros(3, dtype=torch.uint8).scatter_(0, torch.tensor([0]), 300)",
    "torch.zeros(3, dtype=torch.half).scatter_(0, torch.tensor([0]), 1e6)",
    # clamp's bounds are values of the result dtype
    "torch.zeros(3, dtype=torch.uint8).clamp(min=300)",
    "torch.zeros(3, dtype=torch.uint8).clamp(max=300)",
    "torch.zeros(3, dtype=torch.uint8).clamp_(0, 300)",
    "torch.zeros(3, dtype=torch.uint8).clamp(min=-1)",
    "torch.zeros(3, dtype=torch.uint8).clamp(min=-256)",
    "torch.zeros(3, dtype=torch.uint8).clamp(min=-0.5)",
    "torch.zeros(3, dtype=torch.uint8).clamp(min=True)",
    "torch.zeros(3, dtype=torch.uint8).clamp_min(300)",
    "torch.zeros(3, dtype=torch.uint8).clamp_max(-300)",
    "torch.zeros(3).clamp(-1e300, 1e300)",
    "torch.zeros(3).clamp(min=1e300)",
    "torch.zeros(3).clamp(float('nan'), 1e300)",
    "torch.zeros(3).clamp_min(1e300)",
    "torch.zeros(3, dtype=torch.bfloat16).clamp(min=1e300)",
    "torch.zeros(3, dtype=torch.int32).clamp(0.5, 2)",
    "torch.zeros(3, dtype=torch.int32).clamp_(0.5, 2)",
    "torch.zeros(3, dtype=torch.bool).clamp(min=300)",
    "torch.clamp(torch.zeros(3, dtype=torch.uint8), 0, 300, out=torch.zeros(3, dtype=torch.uint8))",
    # add / sub / rsub alpha
    "u = torch.zeros(3, dtype=torch.uint8); u.add(u, alpha=300)",
    "u = torch.zeros(3, dtype=torch.uint8); u.add(1, alpha=300)",
    "u = torch.zeros(3, dtype=torch.uint8); u.add_(u, alpha=300)",
    "u = torch.zeros(3, dtype=torch.uint8); u.add(u, alpha=-1)",
    "u = torch.zeros(3, dtype=torch.uint8); u.add(u, alpha=-256)",
    "u = torch.zeros(3, dtype=torch.uint8); u.sub(u, alpha=300)",
    "u = torch.zeros(3, dtype=torch.uint8); u.sub(u, alpha=-255)",
    "u = torch.zeros(3, dtype=torch.uint8); u.sub(u, alpha=256)",
    "u = torch.zeros(3, dtype=torch.uint8); u.sub(u, alpha=255)",
    "u = torch.zeros(3, dtype=torch.uint8); u.sub(u, alpha=-256)",
    "c = torch.zeros(3, dtype=torch.int8); c.sub(c, alpha=128)",
    "c = torch.zeros(3, dtype=torch.int8); c.sub(c, alpha=-128)",
    "c = torch.zeros(3, dtype=torch.int8); c.add(c, alpha=-128)",
    "c = torch.zeros(3); c.sub(c, alpha=-2 ** 63)",
    "u = torch.zeros(3, dtype=torch.uint8); torch.rsub(u, u, alpha=300)",
    "u = torch.zeros(3, dtype=torch.uint8); torch.add(u, u, alpha=300, out=u)",
    "u = torch.zeros(3, dtype=torch.uint8); u.add(torch.zeros(3), alpha=300)",
    "h = torch.zeros(3, dtype=torch.half); h.add(h, alpha=1e6)",
    "f = torch.zeros(3); f.add(f, alpha=1e300)",
    "f = torch.zeros(3); f.add(f, alpha=float('inf'))",
    "f = torch.zeros(3); f.sub(f, alpha=1e300)",
    "torch.zeros(0, dtype=torch.uint8).add(torch.zeros(0, dtype=torch.uint8), alpha=300)",
    # pow's exponent (float and double take it as a double)
    "torch.zeros(3, dtype=torch.uint8).pow(300)",
    "torch.zeros(3, dtype=torch.uint8).pow_(300)",
    "torch.zeros(3, dtype=torch.half).pow(1e6)",
    "torch.zeros(3, dtype=torch.bfloat16).pow(1e300)",
    "torch.zeros(3).pow(1e300)",
    "torch.zeros(3, dtype=torch.float64).pow(1e300)",
    "torch.zeros(3, dtype=torch.uint8).pow(2.5)",
    "torch.zeros(3, dtype=torch.uint8).pow(True)",
    "torch.zeros(3, dtype=torch.uint8).pow(0)",
    "torch.zeros(0, dtype=torch.uint8).pow(300)",
    "torch.pow(1e6, torch.zeros(3, dtype=torch.half))",
    # lerp's weight, where's numbers
    "torch.zeros(3).lerp(torch.zeros(3), 1e300)",
    "torch.zeros(0).lerp(torch.zeros(0), 1e300)",
    "torch.where(torch.tensor([True]), torch.zeros(1, dtype=torch.uint8), 300)",
    "torch.where(torch.tensor([True]), torch.zeros(1, dtype=torch.uint8), -200)",
    "torch.where(torch.tensor([True]), torch.zeros(1, dtype=torch.uint8), -256)",
    "torch.where(torch.tensor([True]), torch.zeros(1, dtype=torch.uint8), 255)",
    "torch.where(torch.tensor([True]), torch.zeros(1), 1e300)",
    "torch.where(torch.tensor([True]), 300, 2)",
    # linspace's ends (arange does not check)
    "torch.linspace(0, 300, 3, dtype=torch.uint8)",
    "torch.linspace(0, 1e300, 3)",
    "torch.linspace(-1, 3, 3, dtype=torch.uint8)",
    "torch.linspace(0, 1.5, 3, dtype=torch.int32)",
    "torch.linspace(300, 0, 1, dtype=torch.uint8)",
    "torch.linspace(0, 300, 1, dtype=torch.uint8)",
    "torch.arange(0, 300, 100, dtype=torch.uint8)",
    # ops whose number operand wraps silently in PyTorch too
    "torch.zeros(3, dtype=torch.uint8) + 300",
    "torch.zeros(3, dtype=torch.uint8).add_(300)",
    "torch.zeros(3, dtype=torch.half) + 1e6",
    "torch.zeros(3, dtype=torch.uint8) * 300",
    "torch.zeros(3, dtype=torch.half).mul_(1e6)",
    "torch.zeros(3, dtype=torch.uint8).remainder(300)",
    "torch.zeros(3, dtype=torch.uint8) == 300",
    "torch.zeros(3, dtype=torch.uint8) & 300",
    "torch.rsub(torch.zeros(3, dtype=torch.uint8), 300)",
    "torch.zeros(3, dtype=torch.half).nan_to_num(posinf=1e6)",
    "torch.zeros(3, dtype=torch.uint8).div_(300, rounding_mode='floor')",
]

# ---- uint8 masks ----------------------------------------------------------------------------------

MASKS = [
    "torch.arange(3.).masked_fill(torch.tensor([0, 2, 1], dtype=torch.uint8), 1.)",
    "torch.arange(3.).masked_fill(torch.tensor([0, 1, 1], dtype=torch.uint8), 1.)",
    "torch.arange(3.).masked_fill_(torch.tensor([0, 2, 1], dtype=torch.uint8), 1.)",
    "torch.arange(3.).masked_fill(torch.tensor([0, 2, 1], dtype=torch.uint8), torch.tensor(1.))",
    "torch.arange(3.).masked_fill(torch.tensor([2], dtype=torch.uint8), 1.)",
    "torch.zeros(2, 3).masked_fill(torch.tensor([[1], [2]], dtype=torch.uint8), 1.)",
    "torch.zeros(3).masked_fill_(torch.tensor([0, 0, 0], dtype=torch.uint8), 1.)",
    "torch.zeros(0).masked_fill_(torch.tensor([], dtype=torch.uint8), 1.)",
    "torch.zeros(3, dtype=torch.uint8).masked_fill_(torch.tensor([0, 2, 1], dtype=torch.uint8), 300)",
    "x = torch.tensor([1, 0, 2, 0], dtype=torch.uint8); x.masked_fill_(x, 1)",
    "torch.arange(3.).masked_fill(torch.tensor([0, 1, 1]), 1.)",
    "torch.arange(3.).masked_select(torch.tensor([0, 2, 1], dtype=torch.uint8))",
    "torch.arange(3.).masked_select(torch.tensor([0, 1, 1], dtype=torch.uint8))",
    "torch.arange(3.).masked_select(torch.tensor([2], dtype=torch.uint8))",
    "torch.masked_select(torch.arange(3.), torch.tensor([0, 2, 1], dtype=torch.uint8))",
    "torch.arange(3.).masked_select(torch.tensor([0, 1, 1]))",
    "torch.where(torch.tensor([0, 2, 1], dtype=torch.uint8), torch.arange(3.), -torch.arange(3.))",
    "torch.arange(3.)[torch.tensor([0, 2, 1], dtype=torch.uint8)]",
    "torch.arange(3.)[[torch.tensor([0, 2, 1], dtype=torch.uint8)]]",
    "torch.zeros(2, 2)[torch.tensor([[0, 3], [1, 0]], dtype=torch.uint8)]",
    "x = torch.arange(3.); x[torch.tensor([0, 2, 1], dtype=torch.uint8)] = 5.; x",
    "x = torch.arange(3.); x[torch.tensor([0, 2, 1], dtype=torch.uint8)] = torch.tensor([5., 6.]); x",
    "torch.arange(3.).index_put_((torch.tensor([0, 2, 1], dtype=torch.uint8),), torch.tensor(5.))",
    "torch.arange(3.).index_put_((torch.tensor([0, 2, 1], dtype=torch.uint8),), torch.tensor([5., 6.]))",
    "torch.tensor([0, 2, 1], dtype=torch.uint8).nonzero()",
]

# ---- .data ---------------------------------------------------------------------------------------

DATA = [
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(2, dtype=torch.int64); g",
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(2, dtype=torch.bool); g",
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(2, dtype=torch.uint8); g",
    "g = torch.ones(2, requires_grad=True) * 2; g.data = torch.ones(2, dtype=torch.int64); g",
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(2, dtype=torch.half); g",
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(3, dtype=torch.double); g",
    "g = torch.ones(2); g.data = torch.ones(3, dtype=torch.int64); g",
    "g = torch.ones(2, requires_grad=True); g.data = 3; g",
    "g = torch.ones(2, requires_grad=True); g.data = torch.ones(2, requires_grad=True, dtype=torch.double); g",
]

# ---- clamp with NaN bounds (PyTorch 1.13: one NaN bound of clamp is ignored; both bounds with a
# NaN, clamp_min and clamp_max give NaN) ---------------------------------------------------------

NAN = "float('nan')"
X = "torch.tensor([1., 2., float('nan'), -1.])"
CLAMP_NAN = [
    f"torch.clamp({X}, min={NAN})",
    f"torch.clamp({X}, max={NAN})",
    f"torch.clamp({X}, min={NAN}, max=1)",
    f"torch.clamp({X}, min=0, max={NAN})",
    f"torch.clamp({X}, {NAN}, {NAN})",
    f"torch.clamp_min({X}, {NAN})",
    f"torch.clamp_max({X}, {NAN})",
    f"{X}.clamp_(min={NAN})",
    f"{X}.clamp_(max={NAN})",
    f"{X}.clamp_({NAN}, 1)",
    f"{X}.clip(min={NAN})",
    f"torch.clip({X}, max={NAN})",
    f"{X}.double().clamp(min={NAN})",
    f"{X}.bfloat16().clamp(min={NAN})",
    f"{X}.half().clamp(min={NAN})",
    f"{X}.half().clamp({NAN}, 1)",
    f"{X}.half().clamp_min({NAN})",
    f"{X}.half().clamp_max({NAN})",
    f"{X}.half().clamp_(min={NAN})",
    f"torch.tensor([1, 2, 3]).clamp(min={NAN})",
    f"torch.tensor([1, 2, 3]).clamp(max={NAN})",
    f"torch.tensor([1, 2, 3]).clamp({NAN}, 2)",
    f"torch.tensor([1, 2, 3]).clamp_min({NAN})",
    f"torch.tensor([True, False]).clamp(min={NAN})",
    f"torch.tensor([1, 2], dtype=torch.uint8).clamp_({NAN}, 1)",
    f"torch.arange(20.).clamp(min={NAN}).sum()",
    f"torch.arange(20.).clamp(max={NAN}).sum()",
    f"torch.arange(20.).clamp(0, {NAN}).sum()",
    f"torch.clamp(torch.tensor([1., 2.]), min={NAN}, out=torch.zeros(2))",
    f"torch.clamp_min(torch.tensor([1., 2.]), {NAN}, out=torch.zeros(2))",
    f"torch.clamp_min(torch.tensor([1., 2.]), {NAN}, out=torch.zeros(1).expand(2))",
    f"x = torch.tensor([1., 2.], requires_grad=True); y = x.clamp(min={NAN}); y.sum().backward(); (y, x.grad)",
    f"x = torch.tensor([1., 2.], requires_grad=True); y = x.clamp(max={NAN}); y.sum().backward(); (y, x.grad)",
    f"x = torch.tensor([1., 2.], requires_grad=True); y = x.clamp({NAN}, 3); y.sum().backward(); (y, x.grad)",
    f"x = torch.tensor([1., 2.], requires_grad=True); y = x.clamp_min({NAN}); y.sum().backward(); (y, x.grad)",
    # tensor bounds with NaNs: NaN propagates (maximum / minimum)
    f"{X}.clamp(min=torch.tensor([{NAN}, 0., 0., {NAN}]))",
    f"{X}.clamp(max=torch.tensor([{NAN}, 5., 5., 5.]))",
    f"{X}.clamp(torch.tensor([{NAN}, 0., 0., 0.]), torch.tensor([5., {NAN}, 5., 5.]))",
    f"{X}.clamp(torch.tensor([3., 3., 3., 3.]), torch.tensor([0., 0., 0., 0.]))",
    f"{X}.clamp_min(torch.tensor([{NAN}, 0., 0., {NAN}]))",
    f"{X}.clamp_max(torch.tensor([{NAN}, 0., 0., {NAN}]))",
    f"torch.arange(20.).clamp(torch.full((20,), {NAN}), torch.full((20,), 30.)).sum()",
]

# ---- torch.tensor(data): strings and bytes are not data; NumPy scalars keep their dtype ----------

STRINGS = [f"torch.{ctor}({v})"
           for ctor in ["tensor", "as_tensor", "Tensor"]
           for v in ["b'ab'", "bytearray(b'ab')", "'ab'", "memoryview(b'ab')", "[b'a']", "['a']",
                     "b''", "[[1], b'a']", "[b'ab', b'cd']", "np.bytes_(b'a')", "np.str_('a')",
                     "[np.str_('a')]"]]
STRINGS += [
    "torch.zeros(1).new_tensor(b'ab')",
    "torch.tensor(b'ab', dtype=torch.uint8)",
    "torch.tensor([b'a'], dtype=torch.uint8)",
    "torch.tensor([b'a', 1])",
]

NP_TYPES = ["int8", "int16", "int32", "int64", "uint8", "float16", "float32", "float64", "bool_",
            "uint16", "uint32", "uint64", "longlong", "intc", "longdouble"]
NUMPY_SCALARS = [f"torch.{fn}({data})"
                 for fn in ["tensor", "as_tensor"]
                 for t in NP_TYPES
                 for data in [f"np.{t}(3)", f"[np.{t}(1), np.{t}(2)]", f"[[np.{t}(1)], [np.{t}(2)]]"]]
NUMPY_SCALARS += [
    "torch.tensor(np.int8(-3))",
    "torch.tensor([np.int8(1), 2])",
    "torch.tensor([2, np.int8(1)])",
    "torch.tensor([np.int8(1), np.int16(2)])",
    "torch.tensor([np.int8(1), 2.5])",
    "torch.tensor([np.float16(1), np.float32(2)])",
    "torch.tensor([np.float16(1), 3])",
    "torch.tensor([np.float16(1.1)])",
    "torch.tensor([np.float32(1), 2.5])",
    "torch.tensor([np.float64(1), np.int8(2)])",
    "torch.tensor([np.uint8(1), np.int8(2)])",
    "torch.tensor([np.bool_(True), 2])",
    "torch.tensor([np.bool_(True), False])",
    "torch.tensor([np.int8(3), True])",
    "torch.tensor([np.int8(3), torch.tensor(2.)])",
    "torch.tensor([np.int8(1), torch.tensor(3, dtype=torch.int16)])",
    "torch.tensor(np.array(3, dtype=np.int8))",
    "torch.tensor([np.array(3, dtype=np.int8), np.array(4, dtype=np.int8)])",
    # (not a list of 1-d arrays: PyTorch warns about those once per process, and test_warnings
    # needs that warning)
    "torch.tensor(np.float32(1.5), dtype=torch.float64)",
    "torch.tensor(np.int8(3), dtype=torch.float32)",
    "torch.tensor([np.uint16(3)], dtype=torch.int32)",
    "torch.tensor(np.int64(300), dtype=torch.uint8)",
    "torch.tensor([1, np.uint16(3)])",
    "torch.tensor(np.datetime64('2020'))",
    "torch.tensor(np.float16(1), requires_grad=True)",
    "torch.tensor(np.int8(1), requires_grad=True)",
    "torch.zeros(1).new_tensor(np.int8(3))",
    "torch.full((2,), np.int8(3))",
    "torch.zeros(2, dtype=torch.int8) + np.int8(3)",
    "torch.tensor([1.5]) * np.float16(2)",
]

ALL = (INPLACE_OVERLAP + WRITE_OVERLAP + OUT_OVERLAP + FILLS + SCALAR_RANGES
       + MASKS + DATA + CLAMP_NAN + STRINGS + NUMPY_SCALARS)


@pytest.mark.filterwarnings("ignore::UserWarning")  # PyTorch deprecates uint8 masks
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # NumPy: np.bool_(3) as an index
@pytest.mark.parametrize("code", ALL)
def test_checks(code):
    check(code)
