"""Writes tests/reference/elementwise.json: element-wise ops (binary, unary, clamp, lerp, where,
softmax, operators and in-place forms) over every dtype, with promotion, broadcasting,
non-contiguous inputs and PyTorch's errors, produced by real PyTorch (Debian's python3-torch
1.13.1). Run with Debian's /usr/bin/python3.

Each case: {"op", "args": [operand...], "kw": {...}, "exact", then "result" or "error"}. An operand
is a tensor {"t": base, "view": [sizes, strides, offset] or absent} (the op sees
base.as_strided(*view)) or a scalar {"s": value, "type": "bool"|"int"|"float"} (floats as hex).
test_elementwise.cpp rebuilds each case and runs the same op.
"""
import json
import math
import os
import warnings

import torch
from reflib import DTYPES, describe, dt, encode

warnings.filterwarnings("ignore")

FLOATS = ["float16", "bfloat16", "float32", "float64"]


gen = torch.Generator().manual_seed(1234)


def values(shape, dtype, kind="any"):
    """Random values of dtype; kind: any, nonzero, small (0..3 exponents), unit ([-1, 1]), special."""
    n = 1
    for s in shape:
        n *= s
    if dtype == "bool":
        return torch.randint(0, 2, shape, generator=gen).bool()
    if dt(dtype).is_floating_point:
        if kind == "small":
            v = torch.randint(0, 4, shape, generator=gen).double()
        elif kind == "unit":
            v = torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1
        else:
            v = torch.randn(shape, generator=gen, dtype=torch.float64) * 3
            if kind == "nonzero":
                v = torch.where(v == 0, torch.ones_like(v), v)
            if kind == "special" and n >= 4:
                flat = v.reshape(-1)
                flat[0], flat[1], flat[2], flat[3] = float("nan"), float("inf"), -float("inf"), -0.0
        return v.to(dt(dtype))
    lo, hi = (0, 20) if dtype == "uint8" else (-9, 10)
    if kind == "small":
        lo, hi = 0, 4
    v = torch.randint(lo, hi, shape, generator=gen)
    if kind == "nonzero":
        v = torch.where(v == 0, torch.ones_like(v), v)
    return v.to(dt(dtype))


class T:
    """A tensor operand: values, optionally seen through a non-contiguous view."""

    def __init__(self, shape, dtype, kind="any", layout="contiguous"):
        self.layout = layout
        if layout == "contiguous":
            self.base = values(shape, dtype, kind)
            self.view = None
        elif layout == "transposed":  # shape (m, n) seen as the transpose of a contiguous (n, m)
            m, n = shape
            self.base = values((n, m), dtype, kind)
            self.view = [[m, n], [1, m], 0]
        elif layout == "stepped":  # every other element of a larger buffer, with an offset
            sizes = list(shape)
            strides, st = [], 2
            for s in reversed(sizes):
                strides.insert(0, st)
                st *= s * 2
            total = 1 + sum((s - 1) * x for s, x in zip(sizes, strides)) + 1
            self.base = values((total,), dtype, kind)
            self.view = [sizes, strides, 1]
        elif layout == "expanded":  # (m, n) from a length-n row with stride 0
            m, n = shape
            self.base = values((n,), dtype, kind)
            self.view = [[m, n], [0, 1], 0]
        else:
            raise ValueError(layout)

    def torch(self):
        if self.view is None:
            return self.base.clone()
        return self.base.clone().as_strided(*self.view)

    def encode(self):
        d = {"t": describe(self.base)}
        if self.view is not None:
            d["view"] = self.view
        return d


class S:
    def __init__(self, v):
        self.v = v

    def torch(self):
        return self.v

    def encode(self):
        if isinstance(self.v, bool):
            return {"s": self.v, "type": "bool"}
        if isinstance(self.v, int):
            return {"s": self.v, "type": "int"}
        return {"s": float(self.v).hex(), "type": "float"}


def inplace(method):
    def f(a, *rest, **kw):
        getattr(a, method)(*rest, **kw)
        return a
    return f


def iop(fn):
    def f(a, b):
        return fn(a, b)
    return f


def _iadd(a, b):
    a += b
    return a


def _isub(a, b):
    a -= b
    return a


def _imul(a, b):
    a *= b
    return a


def _idiv(a, b):
    a /= b
    return a


def _iand(a, b):
    a &= b
    return a


def _ior(a, b):
    a |= b
    return a


def _ixor(a, b):
    a ^= b
    return a


# name -> (python function of the operands and keyword arguments, exact comparison)
OPS = {
    "add": (lambda a, b, alpha=1: torch.add(a, b, alpha=alpha), True),
    "sub": (lambda a, b, alpha=1: torch.sub(a, b, alpha=alpha), True),
    "mul": (torch.mul, True),
    "div": (lambda a, b, rounding_mode=None: torch.div(a, b, rounding_mode=rounding_mode), True),
    "remainder": (torch.remainder, True),
    "fmod": (torch.fmod, True),
    "pow": (torch.pow, False),
    "maximum": (torch.maximum, True),
    "minimum": (torch.minimum, True),
    "atan2": (torch.atan2, False),
    "eq": (torch.eq, True), "ne": (torch.ne, True), "lt": (torch.lt, True),
    "le": (torch.le, True), "gt": (torch.gt, True), "ge": (torch.ge, True),
    "logical_and": (torch.logical_and, True), "logical_or": (torch.logical_or, True),
    "logical_xor": (torch.logical_xor, True),
    "bitwise_and": (torch.bitwise_and, True), "bitwise_or": (torch.bitwise_or, True),
    "bitwise_xor": (torch.bitwise_xor, True),
    "op+": (lambda a, b: a + b, True), "op-": (lambda a, b: a - b, True),
    "op*": (lambda a, b: a * b, True), "op/": (lambda a, b: a / b, True),
    "op%": (lambda a, b: a % b, True),
    "op==": (lambda a, b: a == b, True), "op!=": (lambda a, b: a != b, True),
    "op<": (lambda a, b: a < b, True), "op<=": (lambda a, b: a <= b, True),
    "op>": (lambda a, b: a > b, True), "op>=": (lambda a, b: a >= b, True),
    "op&": (lambda a, b: a & b, True), "op|": (lambda a, b: a | b, True),
    "op^": (lambda a, b: a ^ b, True),
    "op+=": (_iadd, True), "op-=": (_isub, True), "op*=": (_imul, True), "op/=": (_idiv, True),
    "op&=": (_iand, True), "op|=": (_ior, True), "op^=": (_ixor, True),
    "add_": (inplace("add_"), True), "sub_": (inplace("sub_"), True),
    "mul_": (inplace("mul_"), True), "div_": (inplace("div_"), True),
    "pow_": (inplace("pow_"), False),
    "where": (torch.where, True),
    "clamp": (lambda a, min=None, max=None: torch.clamp(a, min, max), True),
    "clamp_": (lambda a, min=None, max=None: a.clamp_(min, max), True),
    "clamp_min": (torch.clamp_min, True), "clamp_max": (torch.clamp_max, True),
    "lerp": (torch.lerp, False),
    "nan_to_num": (lambda a, nan=None, posinf=None, neginf=None:
                   torch.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf), True),
    "softmax": (lambda a, dim, dtype=None: torch.softmax(a, dim, dtype=None if dtype is None else dt(dtype)), False),
    "log_softmax": (lambda a, dim, dtype=None:
                    torch.log_softmax(a, dim, dtype=None if dtype is None else dt(dtype)), False),
    "gelu": (lambda a, approximate="none": torch.nn.functional.gelu(a, approximate=approximate), False),
    "silu": (torch.nn.functional.silu, False),
    "neg_": (inplace("neg_"), True), "abs_": (inplace("abs_"), True), "exp_": (inplace("exp_"), False),
    "log_": (inplace("log_"), False), "sqrt_": (inplace("sqrt_"), False),
    "tanh_": (inplace("tanh_"), False), "sigmoid_": (inplace("sigmoid_"), False),
    "relu_": (inplace("relu_"), True),
    "op-unary": (lambda a: -a, True), "op~": (lambda a: ~a, True),
}
EXACT_UNARY = {"neg", "abs", "sign", "floor", "ceil", "round", "trunc", "frac", "square", "isnan",
               "isinf", "isfinite", "logical_not", "bitwise_not", "relu", "reciprocal", "sqrt"}
UNARY = ["neg", "abs", "sign", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt", "rsqrt",
         "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "erf",
         "floor", "ceil", "round", "trunc", "frac", "reciprocal", "square", "isnan", "isinf", "isfinite",
         "logical_not", "bitwise_not"]
for u in UNARY:
    OPS[u] = (getattr(torch, u), u in EXACT_UNARY)

cases = []


def case(op, args, **kw):
    fn, exact = OPS[op]
    c = {"op": op, "args": [a.encode() for a in args], "kw": {}, "exact": exact}
    for k, v in kw.items():
        if isinstance(v, (T, S)):
            c["kw"][k] = v.encode()
        elif v is None:
            c["kw"][k] = None
        elif isinstance(v, float):
            c["kw"][k] = {"s": v.hex(), "type": "float"}
        else:
            c["kw"][k] = v
    pkw = {k: (v.torch() if isinstance(v, (T, S)) else v) for k, v in kw.items()}
    try:
        r = fn(*[a.torch() for a in args], **pkw)
        c["result"] = describe(r)
    except Exception as e:  # noqa: BLE001 - PyTorch's error is the reference
        c["error"] = {"type": type(e).__name__, "message": str(e)}
    cases.append(c)


SHAPE = (2, 3)
BINARY = ["add", "sub", "mul", "div", "remainder", "fmod", "pow", "maximum", "minimum", "atan2", "eq", "ne",
          "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or",
          "bitwise_xor"]
DIVISORS = {"div", "remainder", "fmod"}


def rhs_kind(op):
    return "nonzero" if op in DIVISORS else "small" if op == "pow" else "any"


# ---- every binary op on every dtype (same dtype both sides) -------------------------------------
for op in BINARY:
    for d in DTYPES:
        lhs_kind = "special" if op in ("maximum", "minimum", "eq", "lt", "add", "mul") else "any"
        case(op, [T(SHAPE, d, lhs_kind), T(SHAPE, d, rhs_kind(op))])
for d in DTYPES:
    for mode in ("trunc", "floor"):
        case("div", [T((2, 4), d), T((2, 4), d, "nonzero")], rounding_mode=mode)
case("div", [T(SHAPE, "float32"), T(SHAPE, "float32")], rounding_mode="round")
for d in FLOATS:  # floor and trunc division with signs, zeros and infinities
    a = S(0)
    for mode in ("trunc", "floor"):
        x = T((8,), d)
        x.base = torch.tensor([7.5, -7.5, 7.5, -7.5, 0.0, -3.0, float("inf"), 5.0], dtype=dt(d))
        y = T((8,), d)
        y.base = torch.tensor([2.0, 2.0, -2.0, -2.0, -2.0, 0.0, 2.0, float("inf")], dtype=dt(d))
        case("div", [x, y], rounding_mode=mode)
    x = T((6,), d)
    x.base = torch.tensor([7.5, -7.5, 7.5, -7.5, 0.0, 5.0], dtype=dt(d))
    y = T((6,), d)
    y.base = torch.tensor([2.0, 2.0, -2.0, -2.0, -2.0, 0.0], dtype=dt(d))
    case("remainder", [x, y])
    case("fmod", [x, y])

# ---- integer division by zero ------------------------------------------------------------------
for d in ["uint8", "int32", "int64"]:
    z = T((3,), d)
    z.base = torch.tensor([1, 0, 2], dtype=dt(d))
    for op, kw in [("div", {"rounding_mode": "trunc"}), ("div", {"rounding_mode": "floor"}),
                   ("remainder", {}), ("fmod", {}), ("div", {})]:
        case(op, [T((3,), d), z], **kw)
for d in ["int8", "int16", "int32", "int64"]:  # wrap-around at the type's limits
    info = torch.iinfo(dt(d))
    x = T((4,), d)
    x.base = torch.tensor([info.max, info.min, info.min, -5], dtype=dt(d))
    y = T((4,), d)
    y.base = torch.tensor([1, -1, 1, 3], dtype=dt(d))
    case("add", [x, y])
    case("sub", [x, y])
    case("mul", [x, x])
    case("div", [x, T((4,), d, "nonzero")], rounding_mode="floor")
    case("neg", [x])
    case("abs", [x])

# ---- type promotion: every pair of dtypes ------------------------------------------------------
for op in ["add", "mul", "div", "lt", "maximum", "bitwise_and"]:
    for a in DTYPES:
        for b in DTYPES:
            if a != b:
                case(op, [T((3,), a), T((3,), b, rhs_kind(op))])
# 0-d tensors and scalars take part by category only.
for op in ["add", "sub", "mul", "div", "eq", "gt", "pow", "remainder", "bitwise_or", "maximum"]:
    for a in DTYPES:
        for sv in ([] if op == "maximum" else [True, 2, 2.5, -3]):
            if op == "pow" and sv == -3:
                sv = -1
            case(op, [T((3,), a), S(sv)])
        for b in ["bool", "int64", "float64", "int8", "float16"]:
            case(op, [T((3,), a), T((), b, rhs_kind(op))])
            case(op, [T((), b), T((3,), a, rhs_kind(op))])
for sv in [True, 2, 300, -1, 2.5]:
    case("op+", [T((3,), "uint8"), S(sv)])
    case("op+", [S(sv), T((3,), "int8")])
for op in ["op+", "op-", "op*", "op/", "op==", "op<", "op>=", "op&", "op|", "op^", "op%", "op!=",
           "op<=", "op>"]:
    for d in ["bool", "uint8", "int64", "float32", "float64", "bfloat16"]:
        kind = "nonzero" if op in ("op/", "op%") else "any"
        case(op, [T(SHAPE, d), T(SHAPE, d, kind)])
        for sv in [3, 2.5, True]:
            case(op, [T(SHAPE, d), S(sv)])
            case(op, [S(sv), T(SHAPE, d, kind)])

# ---- alpha -------------------------------------------------------------------------------------
for d in DTYPES:
    for alpha in [2, 0.5, True, -1]:
        case("add", [T((4,), d, "small"), T((4,), d, "small")], alpha=S(alpha))
        case("sub", [T((4,), d, "small"), T((4,), d, "small")], alpha=S(alpha))
case("add", [T((4,), "int64"), S(3)], alpha=S(2))

# ---- broadcasting ------------------------------------------------------------------------------
for op in ["add", "mul", "sub", "div", "lt", "maximum", "pow", "atan2", "logical_xor", "bitwise_xor"]:
    for d in ["int64", "float32"]:
        case(op, [T((3, 1), d), T((1, 4), d, rhs_kind(op))])
        case(op, [T((2, 3), d), T((3,), d, rhs_kind(op))])
        case(op, [T((2, 1, 3), d), T((4, 1), d, rhs_kind(op))])
        case(op, [T((2, 3), d), T((2, 2), d)])
        case(op, [T((0, 3), d), T((3,), d, rhs_kind(op))])
        case(op, [T((), d), T((), d, rhs_kind(op))])
        case(op, [T((1,), d), T((2, 3), d, rhs_kind(op))])

# ---- non-contiguous operands -------------------------------------------------------------------
for op in BINARY + ["op+", "op*", "op/", "op<"]:
    for d in ["int32", "float32", "float64", "bfloat16", "bool"]:
        k = rhs_kind(op)
        case(op, [T((3, 4), d, layout="transposed"), T((3, 4), d, k)])
        case(op, [T((3, 4), d), T((3, 4), d, k, layout="stepped")])
        case(op, [T((3, 4), d, layout="expanded"), T((3, 4), d, k, layout="transposed")])
        case(op, [T((3, 4), d, layout="stepped"), T((4,), d, k)])

# ---- in-place forms ----------------------------------------------------------------------------
for op in ["op+=", "op-=", "op*=", "op/=", "op&=", "op|=", "op^=", "add_", "sub_", "mul_", "div_"]:
    for a in ["bool", "uint8", "int64", "float16", "float32"]:
        for b in ["bool", "int64", "float32", "float64"]:
            kind = "nonzero" if op in ("op/=", "div_") else "any"
            case(op, [T(SHAPE, a), T(SHAPE, b, kind)])
        case(op, [T(SHAPE, a), S(2)])
        case(op, [T(SHAPE, a), S(2.5)])
        case(op, [T((3,), a), T((2, 3), a)])
        case(op, [T(SHAPE, a), T((3,), a, "nonzero")])
        case(op, [T((3, 4), a, layout="transposed"), T((3, 4), a, "nonzero", layout="stepped")])
for d in ["int64", "float32"]:
    case("div_", [T(SHAPE, d), T(SHAPE, d, "nonzero")], rounding_mode="floor")
    case("pow_", [T(SHAPE, d, "small"), S(2)])
    case("pow_", [T(SHAPE, d, "small"), S(0.5)])
    case("pow_", [T(SHAPE, d, "small"), T(SHAPE, d, "small")])
    case("add_", [T(SHAPE, d), T(SHAPE, d)], alpha=S(2))

# ---- pow ---------------------------------------------------------------------------------------
for d in DTYPES:
    for e in [0, 1, 2, 3, -1, -2, 0.5, -0.5, 2.5, True, 1.0]:
        case("pow", [T((5,), d, "small" if d != "bool" else "any"), S(e)])
    case("pow", [S(2), T((4,), d, "small")])
    case("pow", [S(2.5), T((4,), d, "small")])
    case("pow", [S(1), T((4,), d, "small")])
x = T((4,), "int64")
x.base = torch.tensor([1, -1, 2, 0])
y = T((4,), "int64")
y.base = torch.tensor([-1, -3, -1, 2])
case("pow", [x, y])

# ---- where -------------------------------------------------------------------------------------
for d in DTYPES:
    case("where", [T(SHAPE, "bool"), T(SHAPE, d), T(SHAPE, d)])
    case("where", [T((3, 1), "bool"), T((1, 4), d), T((4,), "float32")])
    case("where", [T(SHAPE, "bool"), S(1), T(SHAPE, d)])
    case("where", [T(SHAPE, "bool"), T(SHAPE, d), S(2.5)])
    case("where", [T(SHAPE, d), T(SHAPE, "int64"), T(SHAPE, "int64")])
case("where", [T(SHAPE, "bool"), S(1), S(2.5)])
case("where", [T(SHAPE, "bool"), S(1), S(2)])
case("where", [T(SHAPE, "bool"), S(True), S(False)])
case("where", [T(SHAPE, "bool"), T(SHAPE, "int8"), S(200)])
case("where", [T((3, 4), "bool", layout="transposed"), T((3, 4), "float32", layout="stepped"),
               T((3, 4), "float32", layout="expanded")])
case("where", [T((2, 3), "bool"), T((2, 2), "float32"), T((2, 3), "float32")])

# ---- clamp -------------------------------------------------------------------------------------
for d in DTYPES:
    x = lambda: T((6,), d, "special" if dt(d).is_floating_point else "any")  # noqa: E731
    case("clamp", [x()], min=S(-2), max=S(3))
    case("clamp", [x()], min=S(-1.5), max=S(2.5))
    case("clamp", [x()], min=S(-1))
    case("clamp", [x()], max=S(1))
    case("clamp", [x()], min=T((6,), d), max=T((6,), d))
    case("clamp", [x()], min=T((6,), d))
    case("clamp", [x()], max=T((1,), d))
    case("clamp_min", [x(), S(0)])
    case("clamp_max", [x(), S(0)])
    case("clamp_", [x()], min=S(-2), max=S(3))
    case("clamp_", [x()], min=S(-1.5))
    case("relu", [x()])
    case("relu_", [x()])
case("clamp", [T((6,), "int64")])
case("clamp", [T((6,), "float32")], min=S(float("nan")), max=S(1))
case("clamp", [T((6,), "float32")], min=S(3), max=S(-1))
case("clamp", [T((6,), "int64")], min=T((6,), "float32"))
case("clamp", [T((3, 4), "float32", layout="transposed")], min=T((3, 4), "float32", layout="stepped"),
     max=T((4,), "float32"))

# ---- lerp --------------------------------------------------------------------------------------
for d in DTYPES:
    case("lerp", [T(SHAPE, d), T(SHAPE, d), S(0.3)])
    case("lerp", [T(SHAPE, d), T(SHAPE, d), S(0.75)])
    case("lerp", [T(SHAPE, d), T(SHAPE, d), T(SHAPE, d)])
case("lerp", [T(SHAPE, "float32"), T(SHAPE, "float64"), S(0.5)])
case("lerp", [T(SHAPE, "float32"), T(SHAPE, "float32"), T(SHAPE, "float64")])
case("lerp", [T((3, 1), "float32"), T((4,), "float32"), T((3, 4), "float32", layout="transposed")])
case("lerp", [T((2,), "float32"), T((3, 2), "float32"), S(2)])

# ---- unary -------------------------------------------------------------------------------------
for u in UNARY:
    for d in DTYPES:
        kind = "unit" if u in ("asin", "acos") else "special"
        case(u, [T((8,), d, kind)])
    case(u, [T((3, 4), "float32", layout="transposed")])
    case(u, [T((3, 4), "float64", layout="stepped")])
    case(u, [T((3, 4), "int64", layout="expanded")])
    case(u, [T((0, 2), "float32")])
    case(u, [T((), "float32")])
for u in ["op-unary", "op~", "neg_", "abs_", "exp_", "log_", "sqrt_", "tanh_", "sigmoid_"]:
    for d in DTYPES:
        case(u, [T((5,), d)])
    case(u, [T((3, 4), "int32", layout="transposed")])
    case(u, [T((3, 4), "float32", layout="stepped")])
x = T((7,), "float32")
x.base = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.49999])
case("round", [x])
for d in DTYPES:
    case("nan_to_num", [T((6,), d, "special")])
    case("nan_to_num", [T((6,), d, "special")], nan=1.5, posinf=100.0, neginf=-100.0)
for d in DTYPES:
    case("gelu", [T((6,), d)])
    case("gelu", [T((6,), d)], approximate="tanh")
    case("silu", [T((6,), d)])
case("gelu", [T((6,), "float32")], approximate="bad")
case("gelu", [T((3, 4), "float32", layout="transposed")])
case("silu", [T((3, 4), "float64", layout="stepped")])

# ---- softmax -----------------------------------------------------------------------------------
for op in ["softmax", "log_softmax"]:
    for d in DTYPES:
        case(op, [T((3, 4), d)], dim=1)
        case(op, [T((3, 4), d)], dim=0)
        case(op, [T((3, 4), d)], dim=0, dtype="float64")
    case(op, [T((2, 3, 4), "float32")], dim=1)
    case(op, [T((2, 3, 4), "float64")], dim=-1)
    case(op, [T((3, 4), "float32", layout="transposed")], dim=0)
    case(op, [T((3, 4), "float32", layout="stepped")], dim=1)
    case(op, [T((), "float32")], dim=0)
    case(op, [T((0, 3), "float32")], dim=1)
    case(op, [T((3, 4), "float32")], dim=2)
    case(op, [T((3, 4), "float32")], dim=1, dtype="int64")
    case(op, [T((2, 5), "float32", "special")], dim=1)

out = {"cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "elementwise.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print(f"wrote {path}: {len(cases)} cases (torch {torch.__version__})")
