"""Writes tests/reference/reduce.json: reductions (sum, mean, prod, max/min, amax/amin, argmax/argmin,
std/var, norm, logsumexp, cumsum/cumprod, all/any, sort, topk, allclose, equal) on every dtype, on
contiguous, transposed, strided and expanded inputs, with their errors, produced by real PyTorch
(Debian's python3-torch 1.13.1). Run with Debian's /usr/bin/python3.

Each case: {"name", "op", "input", "layout", "args", "result" | "error"}. "input" is the index of
its logical values in "inputs" (describe()) or a generator rule ("gen") for large inputs; "layout" says how the test lays
those values out in memory: contiguous, transposed (dims 0 and -1 swapped in memory), strided (every
other element of a buffer twice as long in the last dim) or expanded (zero strides up to
args["expand"]). The C++ test builds the same layout and calls the same op."""
import json
import math
import os

import torch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
FLOATS = ["float16", "bfloat16", "float32", "float64"]
INF = float("inf")
NAN = float("nan")


def dt(name):
    return getattr(torch, name)


def dname(d):
    return str(d).replace("torch.", "")


def short_hex(v):
    """float.hex() without the mantissa's trailing zeros (still exact; strtod reads it)."""
    h = float(v).hex()
    if "." in h:
        mant, exp = h.split("p")
        mant = mant.rstrip("0").rstrip(".")
        h = mant + "p" + exp
    return h


def encode(t):
    flat = t.reshape(-1)
    if t.dtype == torch.bool:
        return [bool(v) for v in flat.tolist()]
    if t.dtype.is_floating_point:
        return [short_hex(v) for v in flat.double().tolist()]
    return [int(v) for v in flat.tolist()]


def describe(t):
    return {"dtype": dname(t.dtype), "shape": list(t.shape), "values": encode(t)}


def encode_result(r):
    if isinstance(r, torch.Tensor):
        return {"tensor": describe(r)}
    if isinstance(r, bool):
        return {"bool": r}
    if isinstance(r, (tuple, list)):
        return {"tuple": [describe(x) for x in r]}
    raise TypeError(type(r))


SEED = [0]


def values(shape, dtype, kind="normal"):
    """Deterministic values of a dtype: small integers, random bools, normal floats (or values
    near 1 for products, or with ties for sorting)."""
    SEED[0] += 1
    g = torch.Generator().manual_seed(SEED[0])
    d = dt(dtype)
    if dtype == "bool":
        return torch.rand(shape, generator=g) > 0.5
    if not d.is_floating_point:
        lo, hi = (0, 10) if dtype == "uint8" else (-5, 6)
        if kind == "prod":
            lo, hi = (0, 4) if dtype == "uint8" else (-3, 4)
        if kind == "ties":
            lo, hi = (0, 3)
        return torch.randint(lo, hi, shape, generator=g).to(d)
    if kind == "prod":
        return (torch.rand(shape, generator=g, dtype=torch.float64) + 0.5).to(d)
    if kind == "ties":
        return torch.randint(-2, 3, shape, generator=g).to(d)
    if kind == "positive":
        return (torch.rand(shape, generator=g, dtype=torch.float64) * 4 + 0.1).to(d)
    return torch.randn(shape, generator=g, dtype=torch.float64).to(d)


def layout(x, kind, expand=None):
    if kind == "contiguous":
        return x
    if kind == "transposed":
        return x.transpose(0, -1).contiguous().transpose(0, -1)
    if kind == "strided":
        buf = torch.zeros(tuple(x.shape[:-1]) + (2 * x.shape[-1],), dtype=x.dtype)
        buf[..., ::2] = x
        return buf[..., ::2]
    if kind == "expanded":
        return x.expand(*expand)
    raise ValueError(kind)


def gen_values(rule):
    """A large float input from a rule the C++ test evaluates the same way (exact in float64)."""
    n = rule["n"]
    v = (torch.arange(n, dtype=torch.float64) * rule["mul"]) % rule["mod"] * rule["scale"] + rule["offset"]
    return v.to(dt(rule["dtype"])).reshape(rule["shape"])


cases = []
inputs = []  # shared: a case names its input by index
input_index = {}


def input_ref(x):
    key = json.dumps(describe(x))
    if key not in input_index:
        input_index[key] = len(inputs)
        inputs.append(json.loads(key))
    return input_index[key]


def run(op, fn, args):
    try:
        r = fn()
    except BaseException as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {"error": {"type": type(e).__name__, "message": str(e)}}
    return {"result": encode_result(r)}


def add(name, op, x, args, fn, kind="contiguous", rule=None):
    t = layout(x, kind, args.get("expand"))
    case = {"name": name, "op": op, "layout": kind, "args": args}
    case["input"] = {"gen": rule} if rule is not None else input_ref(x)
    case.update(run(op, lambda: fn(t), args))
    cases.append(case)


def dtype_arg(args):
    return dt(args["dtype"]) if args.get("dtype") is not None else None


# ---- how each op is called in Python (the C++ test mirrors these) --------------------------------
def call(op, args):
    a = args
    if op in ("sum", "mean"):
        f = getattr(torch, op)
        if a.get("dim") is None:
            return lambda t: f(t, dtype=dtype_arg(a))
        return lambda t: f(t, a["dim"], a.get("keepdim", False), dtype=dtype_arg(a))
    if op == "prod":
        if a.get("dim") is None:
            return lambda t: torch.prod(t, dtype=dtype_arg(a))
        return lambda t: torch.prod(t, a["dim"], a.get("keepdim", False), dtype=dtype_arg(a))
    if op in ("max", "min"):
        f = getattr(torch, op)
        if a.get("dim") is None:
            return lambda t: f(t)
        return lambda t: tuple(f(t, a["dim"], a.get("keepdim", False)))
    if op in ("amax", "amin"):
        f = getattr(torch, op)
        return lambda t: f(t, a["dim"], a.get("keepdim", False))
    if op in ("argmax", "argmin"):
        f = getattr(torch, op)
        return lambda t: f(t, a.get("dim"), a.get("keepdim", False))
    if op in ("std", "var", "std_mean", "var_mean"):
        name = op
        if "correction" in a:
            f = getattr(torch.ops.aten, name).correction
            return lambda t: f(t, a.get("dim"), correction=a["correction"], keepdim=a.get("keepdim", False))
        f = getattr(torch, name)
        if a.get("dim") is None:
            return lambda t: f(t, a.get("unbiased", True))
        return lambda t: f(t, a["dim"], a.get("unbiased", True), a.get("keepdim", False))
    if op == "norm":
        p = a.get("p")
        p = {"inf": INF, "-inf": -INF}.get(p, p)
        if "dim" not in a:
            return lambda t: torch.ops.aten.norm.Scalar(t, 2 if p is None else p)
        return lambda t: torch.ops.aten.norm.ScalarOpt_dim(t, p, a["dim"], a.get("keepdim", False))
    if op == "logsumexp":
        return lambda t: torch.logsumexp(t, a["dim"], a.get("keepdim", False))
    if op in ("cumsum", "cumprod"):
        f = getattr(torch, op)
        return lambda t: f(t, a["dim"], dtype=dtype_arg(a))
    if op in ("all", "any"):
        f = getattr(torch, op)
        if a.get("dim") is None:
            return lambda t: f(t)
        return lambda t: f(t, a["dim"], a.get("keepdim", False))
    if op == "sort":
        return lambda t: tuple(torch.sort(t, dim=a.get("dim", -1), descending=a.get("descending", False),
                                          stable=a.get("stable", False)))
    if op == "topk":
        return lambda t: tuple(torch.topk(t, a["k"], a.get("dim", -1), a.get("largest", True), a.get("sorted", True)))
    if op in ("allclose", "equal"):
        raise AssertionError("binary: see add_binary")
    raise ValueError(op)


def add_op(op, name, x, args, kind="contiguous", rule=None):
    add(f"{op}/{name}", op, x, args, call(op, args), kind, rule)


LAYOUTS_2D = ["contiguous", "transposed", "strided"]

# ---- sum, mean, prod: every dtype, dims, keepdim, dtype argument --------------------------------
for op in ("sum", "mean", "prod"):
    kind = "prod" if op == "prod" else "normal"
    for d in DTYPES:
        add_op(op, f"all_{d}", values((3, 4), d, kind), {})
        add_op(op, f"0d_{d}", values((), d, kind), {})
        for lay in LAYOUTS_2D:
            x = values((3, 5, 4), d, kind)
            if op == "prod":
                add_op(op, f"dim1_{d}_{lay}", x, {"dim": 1}, lay)
                add_op(op, f"dim-1_keepdim_{d}_{lay}", x, {"dim": -1, "keepdim": True}, lay)
                add_op(op, f"dim0_{d}_{lay}", x, {"dim": 0}, lay)
                add_op(op, f"all_{d}_{lay}", x, {}, lay)
            else:
                add_op(op, f"dim1_{d}_{lay}", x, {"dim": [1]}, lay)
                add_op(op, f"dims02_{d}_{lay}", x, {"dim": [0, 2]}, lay)
                add_op(op, f"dims-1_keepdim_{d}_{lay}", x, {"dim": [-1], "keepdim": True}, lay)
                add_op(op, f"dim0_{d}_{lay}", x, {"dim": [0]}, lay)
                add_op(op, f"all_{d}_{lay}", x, {}, lay)
        add_op(op, f"expanded_{d}", values((3, 1, 4), d, kind), {"expand": [3, 6, 4], "dim": [1] if op != "prod" else 1},
               "expanded")
        add_op(op, f"expanded_all_{d}", values((1, 4), d, kind), {"expand": [5, 4]}, "expanded")
        add_op(op, f"empty_{d}", values((0,), d), {})
        add_op(op, f"empty_dim0_{d}", values((0, 3), d), {"dim": [0] if op != "prod" else 0})
        add_op(op, f"empty_dim1_{d}", values((0, 3), d), {"dim": [1] if op != "prod" else 1})
        for out in ("int64", "float32", "float64", "int32", "bool", "float16"):
            add_op(op, f"dtype_{d}_to_{out}", values((2, 3), d, kind), {"dtype": out})
            add_op(op, f"dtype_dim_{d}_to_{out}", values((2, 3), d, kind),
                   {"dtype": out, "dim": [0] if op != "prod" else 0})
    if op != "prod":
        x = values((2, 3, 4), "float32")
        add_op(op, "all_dims_list", x, {"dim": [0, 1, 2]})
        add_op(op, "empty_dim_list", x, {"dim": []})
        add_op(op, "empty_dim_list_keepdim", x, {"dim": [], "keepdim": True})
        add_op(op, "duplicate_dim", x, {"dim": [0, -3]})
        add_op(op, "duplicate_dim_1", x, {"dim": [1, 2, 1]})
        add_op(op, "dim_out_of_range", x, {"dim": [3]})
        add_op(op, "0d_dim0", values((), "float32"), {"dim": [0]})
        add_op(op, "0d_dim-1_keepdim", values((), "float32"), {"dim": [-1], "keepdim": True})
        add_op(op, "0d_dim1", values((), "float32"), {"dim": [1]})
        add_op(op, "inf_nan", torch.tensor([1.0, INF, 2.0, NAN]), {})
        add_op(op, "inf_minus_inf", torch.tensor([1.0, INF, -INF]), {})
    else:
        add_op(op, "dim_out_of_range", values((2, 3), "float32", kind), {"dim": 2})
        add_op(op, "0d_dim0", values((), "float32", kind), {"dim": 0})
        add_op(op, "0d_dim-1_keepdim", values((), "float32", kind), {"dim": -1, "keepdim": True})
        add_op(op, "int_overflow", torch.full((40,), 7, dtype=torch.int64), {})
        add_op(op, "int32_overflow", torch.full((20,), 9, dtype=torch.int32), {"dtype": "int32"})
        add_op(op, "zero_inf", torch.tensor([0.0, INF]), {})

# Precision: large float sums against PyTorch's cascade summation.
for n, shape, dims in [(1 << 20, [1 << 20], None), (1000003, [1000003], None), (3 * 100003, [3, 100003], [1]),
                       (100003 * 3, [100003, 3], [0]), (512 * 1024, [512, 1024], [0]), (64 * 4099, [64, 4099], [1])]:
    for d in ("float32", "float64", "float16", "bfloat16"):
        if d in ("float16", "bfloat16") and n > 400000:
            continue
        rule = {"n": n, "mul": 7919, "mod": 1009, "scale": 0.001, "offset": -0.25, "dtype": d, "shape": shape}
        args = {} if dims is None else {"dim": dims}
        add_op("sum", f"large_{d}_{'x'.join(map(str, shape))}", gen_values(rule), args, rule=rule)
        add_op("mean", f"large_{d}_{'x'.join(map(str, shape))}", gen_values(rule), args, rule=rule)
rule = {"n": 1 << 20, "mul": 7919, "mod": 1009, "scale": 1.0, "offset": 0, "dtype": "int32", "shape": [1 << 20]}
add_op("sum", "large_int32", gen_values(rule), {}, rule=rule)

# ---- max, min (whole, along a dim with indices), amax, amin, argmax, argmin -----------------------
for op in ("max", "min", "argmax", "argmin"):
    for d in DTYPES:
        add_op(op, f"all_{d}", values((3, 4), d, "ties"), {})
        add_op(op, f"0d_{d}", values((), d), {})
        add_op(op, f"0d_dim0_{d}", values((), d), {"dim": 0})
        add_op(op, f"empty_{d}", values((0, 3), d), {})
        add_op(op, f"empty_dim0_{d}", values((0, 3), d), {"dim": 0})
        add_op(op, f"empty_dim-2_{d}", values((0, 3), d), {"dim": -2})
        add_op(op, f"empty_dim1_{d}", values((0, 3), d), {"dim": 1})
        for lay in LAYOUTS_2D:
            x = values((4, 7, 5), d, "ties")
            add_op(op, f"dim1_{d}_{lay}", x, {"dim": 1}, lay)
            add_op(op, f"dim-1_keepdim_{d}_{lay}", x, {"dim": -1, "keepdim": True}, lay)
            add_op(op, f"dim0_{d}_{lay}", x, {"dim": 0}, lay)
            add_op(op, f"all_{d}_{lay}", x, {}, lay)
        add_op(op, f"expanded_{d}", values((3, 1, 4), d, "ties"), {"expand": [3, 6, 4], "dim": 1}, "expanded")
        add_op(op, f"expanded_all_{d}", values((1, 4), d, "ties"), {"expand": [5, 4]}, "expanded")
    for name, v in [("nan", [1.0, NAN, 3.0, NAN, -1.0]), ("inf", [1.0, INF, -INF, INF]), ("nan_first", [NAN, 5.0]),
                    ("neg_zero", [0.0, -0.0, 0.0])]:
        for d in FLOATS:
            add_op(op, f"{name}_{d}", torch.tensor(v, dtype=dt(d)), {})
            add_op(op, f"{name}_dim_{d}", torch.tensor([v, v[::-1]], dtype=dt(d)), {"dim": 1})
    add_op(op, "dim_out_of_range", values((2, 3), "float32"), {"dim": 2})
    add_op(op, "0d_dim1", values((), "float32"), {"dim": 1})
    if op.startswith("arg"):
        add_op(op, "keepdim_no_dim", values((2, 3), "float32"), {"keepdim": True})
        add_op(op, "keepdim_no_dim_0d", values((), "float32"), {"keepdim": True})
    add_op(op, "long_row", values((3, 1000), "float32", "ties"), {"dim": 1})
    add_op(op, "long_col", values((1000, 3), "int32", "ties"), {"dim": 0})

for op in ("amax", "amin"):
    for d in DTYPES:
        add_op(op, f"0d_{d}", values((), d), {"dim": []})
        add_op(op, f"0d_dim0_{d}", values((), d), {"dim": [0]})
        for lay in LAYOUTS_2D:
            x = values((4, 7, 5), d, "ties")
            add_op(op, f"dim1_{d}_{lay}", x, {"dim": [1]}, lay)
            add_op(op, f"dims02_{d}_{lay}", x, {"dim": [0, 2]}, lay)
            add_op(op, f"dim-1_keepdim_{d}_{lay}", x, {"dim": [-1], "keepdim": True}, lay)
            add_op(op, f"all_{d}_{lay}", x, {"dim": []}, lay)
        add_op(op, f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "dim": [1]}, "expanded")
        add_op(op, f"empty_{d}", values((0, 3), d), {"dim": []})
        add_op(op, f"empty_dim0_{d}", values((0, 3), d), {"dim": [0]})
        add_op(op, f"empty_dim-2_{d}", values((0, 3), d), {"dim": [-2]})
        add_op(op, f"empty_dim1_{d}", values((0, 3), d), {"dim": [1]})
    for d in FLOATS:
        add_op(op, f"nan_{d}", torch.tensor([[1.0, NAN, 3.0], [2.0, 1.0, INF]], dtype=dt(d)), {"dim": [1]})
        add_op(op, f"nan_all_{d}", torch.tensor([[1.0, NAN, 3.0], [2.0, 1.0, INF]], dtype=dt(d)), {"dim": []})
    add_op(op, "duplicate_dim", values((2, 3), "float32"), {"dim": [1, -1]})
    add_op(op, "long_row", values((3, 1000), "float32"), {"dim": [1]})

# ---- std, var, std_mean, var_mean ---------------------------------------------------------------
for op in ("std", "var", "std_mean", "var_mean"):
    for d in DTYPES:
        add_op(op, f"all_{d}", values((3, 4), d), {})
        for lay in LAYOUTS_2D:
            x = values((4, 7, 5), d)
            add_op(op, f"dim1_{d}_{lay}", x, {"dim": [1]}, lay)
            add_op(op, f"dims02_biased_{d}_{lay}", x, {"dim": [0, 2], "unbiased": False}, lay)
            add_op(op, f"dim-1_keepdim_{d}_{lay}", x, {"dim": [-1], "unbiased": True, "keepdim": True}, lay)
            add_op(op, f"all_{d}_{lay}", x, {}, lay)
        add_op(op, f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "dim": [1]}, "expanded")
    x = values((4, 6), "float32")
    for c in (0, 1, 2, 5, 6, 7):
        add_op(op, f"correction{c}", x, {"dim": [1], "correction": c})
        add_op(op, f"correction{c}_all", x, {"dim": None, "correction": c})
    add_op(op, "correction_none", x, {"dim": [0], "correction": None, "keepdim": True})
    add_op(op, "correction_empty_dims", x, {"dim": [], "correction": 1})
    add_op(op, "empty_dim_list", x, {"dim": []})
    add_op(op, "single", values((1,), "float32"), {})
    add_op(op, "single_biased", values((1,), "float32"), {"unbiased": False})
    add_op(op, "empty", values((0,), "float32"), {})
    add_op(op, "empty_dim0", values((0, 3), "float32"), {"dim": [0]})
    add_op(op, "empty_dim1", values((0, 3), "float32"), {"dim": [1]})
    add_op(op, "0d", values((), "float64"), {})
    add_op(op, "0d_dim0", values((), "float64"), {"dim": [0], "unbiased": False})
    add_op(op, "duplicate_dim", x, {"dim": [0, 0]})
    add_op(op, "nan_inf", torch.tensor([[1.0, NAN, 3.0], [2.0, 1.0, INF]]), {"dim": [1]})
    add_op(op, "offset_large", torch.tensor([1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4], dtype=torch.float64), {})
for d in ("float32", "float64"):
    for shape, dims in [([1 << 18], None), ([300, 1001], [1]), ([1001, 300], [0])]:
        n = math.prod(shape)
        rule = {"n": n, "mul": 7919, "mod": 1009, "scale": 0.001, "offset": 5.0, "dtype": d, "shape": shape}
        args = {} if dims is None else {"dim": dims}
        add_op("var", f"large_{d}_{'x'.join(map(str, shape))}", gen_values(rule), args, rule=rule)

# ---- norm ---------------------------------------------------------------------------------------
for d in DTYPES:
    add_op("norm", f"default_{d}", values((3, 4), d), {})
    for p in (2, 1, "inf", "-inf", 0, 3, 0.5, -1, -2.5):
        add_op("norm", f"p{p}_{d}", values((3, 4), d), {"p": p})
        for lay in (LAYOUTS_2D if p in (2, 1, "inf") else ["contiguous"]):
            add_op("norm", f"p{p}_dim1_{d}_{lay}", values((4, 7, 5), d), {"p": p, "dim": [1]}, lay)
        add_op("norm", f"p{p}_dims02_keepdim_{d}", values((4, 7, 5), d), {"p": p, "dim": [0, 2], "keepdim": True})
    add_op("norm", f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "p": 2, "dim": [1]}, "expanded")
for p in (2, 1, "inf", "-inf", 0, 3, -1):
    add_op("norm", f"empty_p{p}", values((0,), "float32"), {"p": p})
    add_op("norm", f"empty_dim0_p{p}", values((0, 3), "float32"), {"p": p, "dim": [0]})
    add_op("norm", f"zeros_p{p}", torch.tensor([0.0, 3.0, -4.0]), {"p": p})
    add_op("norm", f"nan_p{p}", torch.tensor([0.0, NAN, -4.0]), {"p": p})
    add_op("norm", f"inf_p{p}", torch.tensor([0.0, -INF, 2.0]), {"p": p})
add_op("norm", "p_none_dim", values((3, 4), "float32"), {"p": None, "dim": [0]})
add_op("norm", "empty_dim_list", values((3, 4), "float32"), {"p": 2, "dim": []})
add_op("norm", "duplicate_dim", values((3, 4), "float32"), {"p": 2, "dim": [0, -2]})
add_op("norm", "0d", values((), "float32"), {"p": 2})
add_op("norm", "0d_dim", values((), "float32"), {"p": 1, "dim": [0]})
add_op("norm", "large_values", torch.tensor([3e30, 4e30]), {"p": 2})
rule = {"n": 1 << 20, "mul": 7919, "mod": 1009, "scale": 0.001, "offset": -0.25, "dtype": "float32", "shape": [1 << 20]}
add_op("norm", "large_float32", gen_values(rule), {"p": 2}, rule=rule)

# ---- logsumexp ----------------------------------------------------------------------------------
for d in DTYPES:
    add_op("logsumexp", f"all_{d}", values((3, 4), d), {"dim": [0, 1]})
    for lay in LAYOUTS_2D:
        x = values((4, 7, 5), d)
        add_op("logsumexp", f"dim1_{d}_{lay}", x, {"dim": [1]}, lay)
        add_op("logsumexp", f"dims02_keepdim_{d}_{lay}", x, {"dim": [0, 2], "keepdim": True}, lay)
    add_op("logsumexp", f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "dim": [1]}, "expanded")
for name, v in [("inf", [1.0, INF, 2.0]), ("neg_inf", [-INF, -INF]), ("nan", [1.0, NAN]), ("large", [1000.0, 1000.0, 999.0]),
                ("small", [-1000.0, -1001.0])]:
    add_op("logsumexp", name, torch.tensor(v), {"dim": [0]})
add_op("logsumexp", "empty_dim0", values((0, 3), "float32"), {"dim": [0]})
add_op("logsumexp", "empty_dim1", values((0, 3), "float32"), {"dim": [1]})
add_op("logsumexp", "0d", values((), "float32"), {"dim": [0]})
add_op("logsumexp", "0d_empty_dims", values((), "float32"), {"dim": []})
add_op("logsumexp", "empty_dims", values((2, 3), "float32"), {"dim": []})
add_op("logsumexp", "empty_dims_keepdim", values((2, 3), "float32"), {"dim": [], "keepdim": True})
add_op("logsumexp", "duplicate_dim", values((2, 3), "float32"), {"dim": [1, 1]})
add_op("logsumexp", "long_row", values((3, 1000), "float32"), {"dim": [1]})

# ---- cumsum, cumprod ----------------------------------------------------------------------------
for op in ("cumsum", "cumprod"):
    kind = "prod" if op == "cumprod" else "normal"
    for d in DTYPES:
        add_op(op, f"0d_{d}", values((), d, kind), {"dim": 0})
        for lay in LAYOUTS_2D:
            x = values((4, 7, 5), d, kind)
            add_op(op, f"dim1_{d}_{lay}", x, {"dim": 1}, lay)
            add_op(op, f"dim-1_{d}_{lay}", x, {"dim": -1}, lay)
            add_op(op, f"dim0_{d}_{lay}", x, {"dim": 0}, lay)
        add_op(op, f"expanded_{d}", values((3, 1, 4), d, kind), {"expand": [3, 6, 4], "dim": 1}, "expanded")
        for out in ("int64", "float32", "float64", "int16", "bool", "float16", "bfloat16"):
            add_op(op, f"dtype_{d}_to_{out}", values((2, 3), d, kind), {"dim": 1, "dtype": out})
        add_op(op, f"empty_{d}", values((0, 3), d), {"dim": 0})
    add_op(op, "dim_out_of_range", values((2, 3), "float32"), {"dim": 2})
    add_op(op, "0d_dim1", values((), "float32"), {"dim": 1})
    add_op(op, "nan_inf", torch.tensor([1.0, NAN, INF, 2.0]), {"dim": 0})
    add_op(op, "long", values((2000,), "float32", kind), {"dim": 0})

# ---- all, any -----------------------------------------------------------------------------------
for op in ("all", "any"):
    for d in DTYPES:
        for lay in LAYOUTS_2D:
            x = values((4, 7, 5), d, "ties")
            add_op(op, f"all_{d}_{lay}", x, {}, lay)
            add_op(op, f"dim1_{d}_{lay}", x, {"dim": 1}, lay)
            add_op(op, f"dim-1_keepdim_{d}_{lay}", x, {"dim": -1, "keepdim": True}, lay)
        add_op(op, f"ones_{d}", torch.ones((3, 4), dtype=dt(d)), {})
        add_op(op, f"zeros_{d}", torch.zeros((3, 4), dtype=dt(d)), {"dim": 0})
        add_op(op, f"empty_{d}", values((0,), d), {})
        add_op(op, f"empty_dim0_{d}", values((0, 3), d), {"dim": 0})
        add_op(op, f"0d_{d}", values((), d), {})
        add_op(op, f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "dim": 1}, "expanded")
    add_op(op, "nan", torch.tensor([NAN, 0.0]), {})
    add_op(op, "dim_out_of_range", values((2, 3), "float32"), {"dim": -3})

# ---- sort, topk ---------------------------------------------------------------------------------
# Ties everywhere: the order of equal keys shows the algorithm (std::sort's introsort, or stable).
for d in DTYPES:
    n_long = 1500 if d in ("float32", "int64") else 200
    for lay in LAYOUTS_2D:
        x = values((3, 20, 4), d, "ties")
        for desc in (False, True):
            for stable in ((False, True) if lay == "contiguous" else (False,)):
                add_op("sort", f"dim1_{d}_{lay}_{desc}_{stable}", x, {"dim": 1, "descending": desc, "stable": stable}, lay)
        add_op("sort", f"dim-1_{d}_{lay}", x, {"dim": -1}, lay)
    add_op("sort", f"0d_{d}", values((), d), {"dim": 0})
    add_op("sort", f"empty_{d}", values((0, 3), d), {"dim": 0})
    add_op("sort", f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "dim": 1}, "expanded")
    add_op("sort", f"long_{d}", values((n_long,), d, "ties"), {"dim": 0})
    add_op("sort", f"long_desc_{d}", values((n_long,), d, "ties"), {"dim": 0, "descending": True})
    add_op("sort", f"long_stable_{d}", values((n_long,), d, "ties"), {"dim": 0, "stable": True})
    for lay in LAYOUTS_2D:
        x = values((3, 20, 4), d, "ties")
        combos = [(3, True, True), (3, False, True), (1, True, True), (20, True, True), (0, True, True),
                  (7, True, False), (7, False, False)]
        for k, largest, srt in (combos if lay == "contiguous" else combos[:1] + combos[5:6]):
            add_op("topk", f"dim1_k{k}_{largest}_{srt}_{d}_{lay}", x, {"k": k, "dim": 1, "largest": largest, "sorted": srt}, lay)
        add_op("topk", f"dim-1_k2_{d}_{lay}", x, {"k": 2}, lay)
    add_op("topk", f"0d_{d}", values((), d), {"k": 1, "dim": 0})
    add_op("topk", f"expanded_{d}", values((3, 1, 4), d), {"expand": [3, 6, 4], "k": 2, "dim": 1}, "expanded")
    for k, largest, srt in [(5, True, True), (5, False, True), (40, True, False), (100, False, False), (100, True, True)]:
        if k * 2 <= n_long:
            add_op("topk", f"long_k{k}_{largest}_{srt}_{d}", values((n_long,), d, "ties"),
                   {"k": k, "dim": 0, "largest": largest, "sorted": srt})
for d in FLOATS:
    v = torch.tensor([1.0, NAN, 0.0, NAN, -1.0, INF, -INF, 0.0, -0.0, 2.0], dtype=dt(d))
    for desc in (False, True):
        add_op("sort", f"nan_{d}_{desc}", v, {"dim": 0, "descending": desc})
        add_op("sort", f"nan_stable_{d}_{desc}", v, {"dim": 0, "descending": desc, "stable": True})
    for largest in (True, False):
        add_op("topk", f"nan_{d}_{largest}", v, {"k": 3, "largest": largest})
add_op("sort", "dim_out_of_range", values((2, 3), "float32"), {"dim": 2})
add_op("sort", "0d_dim1", values((), "float32"), {"dim": 1})
add_op("topk", "k_too_large", values((2, 3), "float32"), {"k": 4})
add_op("topk", "k_negative", values((2, 3), "float32"), {"k": -1})
add_op("topk", "0d_k2", values((), "float32"), {"k": 2})
add_op("topk", "0d_k0", values((), "float32"), {"k": 0})
add_op("topk", "dim_out_of_range", values((2, 3), "float32"), {"k": 1, "dim": 2})


# ---- allclose, equal ----------------------------------------------------------------------------
def add_binary(op, name, a, b, args, kind="contiguous"):
    ta = layout(a, kind, args.get("expand"))
    case = {"name": f"{op}/{name}", "op": op, "layout": kind, "args": args, "input": input_ref(a),
            "other": input_ref(b)}
    if op == "allclose":
        fn = lambda: torch.allclose(ta, b, args.get("rtol", 1e-05), args.get("atol", 1e-08), args.get("equal_nan", False))
    else:
        fn = lambda: torch.equal(ta, b)
    case.update(run(op, fn, args))
    cases.append(case)


for d in DTYPES:
    for lay in LAYOUTS_2D:
        a = values((3, 4), d)
        add_binary("equal", f"same_{d}_{lay}", a, a.clone(), {}, lay)
        b = a.clone()
        b[1, 2] = 1 if d != "bool" else not bool(b[1, 2])
        if d != "bool" and bool(a[1, 2] == 1):
            b[1, 2] = 2
        add_binary("equal", f"differ_{d}_{lay}", a, b, {}, lay)
        add_binary("allclose", f"same_{d}_{lay}", a, a.clone(), {}, lay)
        add_binary("allclose", f"differ_{d}_{lay}", a, b, {}, lay)
    add_binary("equal", f"empty_{d}", values((0, 3), d), values((0, 3), d), {})
    add_binary("equal", f"shape_{d}", values((3, 4), d), values((4, 3), d), {})
    add_binary("allclose", f"broadcast_{d}", values((1, 4), d), values((3, 4), d), {})
    add_binary("allclose", f"broadcast_same_{d}", torch.ones((1, 4), dtype=dt(d)), torch.ones((3, 4), dtype=dt(d)), {})
    add_binary("allclose", f"empty_{d}", values((0, 3), d), values((0, 3), d), {})
    add_binary("allclose", f"expanded_{d}", torch.ones((1, 4), dtype=dt(d)), torch.ones((3, 4), dtype=dt(d)),
               {"expand": [3, 4]}, "expanded")
add_binary("equal", "dtype_mismatch", torch.tensor([1.0, 2.0]), torch.tensor([1, 2]), {})
add_binary("equal", "nan", torch.tensor([1.0, NAN]), torch.tensor([1.0, NAN]), {})
add_binary("equal", "neg_zero", torch.tensor([0.0]), torch.tensor([-0.0]), {})
add_binary("equal", "0d", torch.tensor(2.0), torch.tensor(2.0), {})
add_binary("equal", "0d_vs_1d", torch.tensor(2.0), torch.tensor([2.0]), {})
add_binary("allclose", "dtype_mismatch", torch.tensor([1.0, 2.0]), torch.tensor([1, 2]), {})
add_binary("allclose", "shape_mismatch", values((2, 3), "float32"), values((2, 2), "float32"), {})
add_binary("allclose", "nan", torch.tensor([1.0, NAN]), torch.tensor([1.0, NAN]), {})
add_binary("allclose", "nan_equal", torch.tensor([1.0, NAN]), torch.tensor([1.0, NAN]), {"equal_nan": True})
add_binary("allclose", "nan_equal_int", torch.tensor([1, 2]), torch.tensor([1, 2]), {"equal_nan": True})
add_binary("allclose", "inf", torch.tensor([INF, -INF]), torch.tensor([INF, -INF]), {})
add_binary("allclose", "inf_sign", torch.tensor([INF]), torch.tensor([-INF]), {})
add_binary("allclose", "inf_vs_large", torch.tensor([INF]), torch.tensor([1e38]), {"rtol": 1.0})
add_binary("allclose", "negative_rtol", torch.tensor([1.0]), torch.tensor([1.0]), {"rtol": -1.0})
add_binary("allclose", "negative_atol", torch.tensor([1.0]), torch.tensor([1.0]), {"atol": -0.5})
add_binary("allclose", "zero_tolerances", torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0000001]), {"rtol": 0.0, "atol": 0.0})
for d in DTYPES:
    a = values((50,), d)
    if d == "bool":
        b = a.clone()
    elif dt(d).is_floating_point:
        b = (a.double() * (1 + 1e-5 * values((50,), "float64"))).to(dt(d))
    else:
        b = a + 1 if d != "uint8" else a
    for rtol, atol in [(1e-5, 1e-8), (1e-3, 0.0), (0.0, 1.0), (0.0, 0.5), (0.1, 0.99), (1e-2, 1e-3)]:
        add_binary("allclose", f"tol_{d}_{rtol}_{atol}", a, b, {"rtol": rtol, "atol": atol})
        add_binary("allclose", f"tol_rev_{d}_{rtol}_{atol}", b, a, {"rtol": rtol, "atol": atol})
add_binary("allclose", "int_overflow", torch.tensor([2**62, -2**62]), torch.tensor([-2**62, 2**62]), {"rtol": 0.0, "atol": 1.0})
add_binary("allclose", "int8_overflow", torch.tensor([100], dtype=torch.int8), torch.tensor([-100], dtype=torch.int8),
           {"rtol": 0.0, "atol": 60.0})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reduce.json")
with open(path, "w") as f:
    json.dump({"torch_version": torch.__version__, "inputs": inputs, "cases": cases}, f, separators=(",", ":"))
print(f"{len(cases)} cases -> {path}")
