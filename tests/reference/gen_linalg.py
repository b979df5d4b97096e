"""Writes tests/reference/linalg.json: matrix products (matmul, mm, bmm, mv, dot, outer, addmm)
computed by real PyTorch (Debian's python3-torch 1.13.1) on every dtype, odd sizes, transposed,
strided and broadcast inputs, with the errors PyTorch raises. Run with Debian's /usr/bin/python3.

Each case: the op, its inputs (a contiguous base tensor and the view of it that is the operand),
scalar arguments, and either the result or the error. Floating results carry "scale" (the product
of the operands' absolute values, the bound the rounding error grows with) and "tolerance" (the
relative error that summing K products may make, for PyTorch and ember alike); "exact" marks
float results that every summation order gives exactly (small integer-valued inputs)."""
import json
import math
import os

import torch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]
INT_DTYPES = ["uint8", "int8", "int16", "int32", "int64"]
MANTISSA = {"float16": 11, "bfloat16": 8, "float32": 24, "float64": 53}


def dt(name):
    return getattr(torch, name)


def name_of(dtype):
    return str(dtype).replace("torch.", "")


def encode(t):
    flat = t.reshape(-1)
    if t.dtype == torch.bool:
        return [bool(v) for v in flat.tolist()]
    if t.dtype.is_floating_point:
        # Integral values as JSON numbers (short), others exactly as float.hex().
        return [int(v) if v.is_integer() and abs(v) < 2**53 else float(v).hex() for v in flat.double().tolist()]
    return [int(v) for v in flat.tolist()]


def describe(t):
    return {"dtype": name_of(t.dtype), "shape": list(t.shape), "values": encode(t)}


def operand(view, base):
    """The view as (its contiguous base, sizes, strides, storage offset)."""
    assert base.is_contiguous() and view.storage_offset() >= 0
    return {"base": describe(base), "sizes": list(view.shape), "strides": list(view.stride()),
            "offset": view.storage_offset()}


gen = torch.Generator().manual_seed(1234)


def make(shape, dtype, kind=None):
    """A contiguous tensor of random values suited to the dtype: normal floats ("normal"), small
    integer-valued floats ("small"), or integers spread over the dtype's range (so that int8 and
    uint8 products wrap around)."""
    d = dt(dtype)
    if dtype == "bool":
        return torch.randint(0, 2, shape, generator=gen).bool()
    if d.is_floating_point:
        if kind == "small":
            return torch.randint(-3, 4, shape, generator=gen).to(d)
        return torch.randn(shape, generator=gen, dtype=torch.float64).to(d)
    lo, hi = {"uint8": (0, 256), "int8": (-128, 128), "int16": (-300, 300), "int32": (-1000, 1000),
              "int64": (-10**6, 10**6)}[dtype]
    return torch.randint(lo, hi, shape, generator=gen).to(d)


def scalar_arg(v):
    if isinstance(v, bool):
        return {"kind": "bool", "value": v}
    if isinstance(v, int):
        return {"kind": "int", "value": v}
    return {"kind": "float", "value": float(v).hex()}


OPS = {
    "matmul": lambda a, b, **kw: torch.matmul(a, b),
    "mm": lambda a, b, **kw: torch.mm(a, b),
    "bmm": lambda a, b, **kw: torch.bmm(a, b),
    "mv": lambda a, b, **kw: torch.mv(a, b),
    "dot": lambda a, b, **kw: torch.dot(a, b),
    "outer": lambda a, b, **kw: torch.outer(a, b),
    "addmm": lambda s, a, b, **kw: torch.addmm(s, a, b, **kw),
}

cases = []


def add(name, op, operands, **kwargs):
    """operands: (view, base) pairs or plain contiguous tensors."""
    pairs = [o if isinstance(o, tuple) else (o, o) for o in operands]
    views = [v for v, _ in pairs]
    case = {"name": name, "op": op, "inputs": [operand(v, b) for v, b in pairs],
            "kwargs": {k: scalar_arg(v) for k, v in kwargs.items()}}
    try:
        r = OPS[op](*views, **kwargs)
    except (RuntimeError, IndexError) as e:
        case["error"] = {"type": type(e).__name__, "message": str(e)}
    else:
        case["result"] = describe(r)
        case["contiguous"] = r.is_contiguous()
        if r.dtype.is_floating_point and op != "outer":
            mats = [v.abs().double() for v in views]
            if op == "addmm":
                beta, alpha = kwargs.get("beta", 1), kwargs.get("alpha", 1)
                k = views[1].shape[1]
                scale = (abs(beta) * mats[0] if beta != 0 else 0) + abs(alpha) * torch.mm(mats[1], mats[2])
                scale = scale.expand(r.shape)
            else:
                k = views[0].shape[-1]
                scale = OPS[op](*mats).expand(r.shape)
            finite = bool(torch.isfinite(scale).all())
            integral = all(bool((m == m.round()).all()) for m in mats) and all(
                float(v).is_integer() for v in kwargs.values())
            case["exact"] = finite and integral and float(scale.max() if scale.numel() else 0) < 2 ** MANTISSA[name_of(r.dtype)]
            # Each of PyTorch and ember sums K products, each addition rounding by at most half an
            # ulp relative to the partial sum, bounded by the scale; twice for the two of them, plus
            # the final rounding of the result.
            eps = 2.0 ** (1 - MANTISSA[name_of(r.dtype)])
            case["tolerance"] = (k + 2) * eps
            case["scale"] = [float("%.4g" % v) for v in scale.reshape(-1).tolist()]
    cases.append(case)


# ---- every dtype: results where PyTorch has a kernel, its error where it has none ---------------
for d in DTYPES:
    kind = "small" if d in ("float16", "bfloat16") else None
    add(f"dtype_mm_{d}", "mm", [make((3, 4), d, kind), make((4, 5), d, kind)])
    add(f"dtype_mm_large_k_{d}", "mm", [make((7, 33), d), make((33, 5), d)])
    add(f"dtype_bmm_small_{d}", "bmm", [make((2, 3, 4), d, kind), make((2, 4, 5), d, kind)])
    add(f"dtype_bmm_large_{d}", "bmm", [make((2, 5, 8), d), make((2, 8, 10), d)])
    add(f"dtype_mv_{d}", "mv", [make((3, 7), d, kind), make((7,), d, kind)])
    add(f"dtype_dot_{d}", "dot", [make((7,), d, kind), make((7,), d, kind)])
    add(f"dtype_dot_empty_{d}", "dot", [make((0,), d), make((0,), d)])
    add(f"dtype_outer_{d}", "outer", [make((3,), d), make((4,), d)])
    add(f"dtype_addmm_{d}", "addmm", [make((3, 5), d, kind), make((3, 4), d, kind), make((4, 5), d, kind)])
    add(f"dtype_addmm_beta_alpha_{d}", "addmm", [make((3, 5), d, kind), make((3, 4), d, kind), make((4, 5), d, kind)],
        beta=2, alpha=3)
    add(f"dtype_matmul_1d_1d_{d}", "matmul", [make((5,), d, kind), make((5,), d, kind)])
    add(f"dtype_matmul_2d_1d_{d}", "matmul", [make((3, 5), d, kind), make((5,), d, kind)])
    add(f"dtype_matmul_1d_2d_{d}", "matmul", [make((5,), d, kind), make((5, 3), d, kind)])
    add(f"dtype_matmul_3d_2d_{d}", "matmul", [make((2, 3, 5), d, kind), make((5, 4), d, kind)])
    add(f"dtype_matmul_1d_3d_{d}", "matmul", [make((5,), d, kind), make((2, 5, 4), d, kind)])
    add(f"dtype_matmul_4d_3d_{d}", "matmul", [make((2, 1, 3, 5), d, kind), make((3, 5, 4), d, kind)])
    add(f"dtype_matmul_4d_3d_large_{d}", "matmul", [make((2, 1, 8, 5), d), make((3, 5, 10), d)])
    add(f"dtype_mm_empty_{d}", "mm", [make((0, 3), d), make((3, 2), d)])
    add(f"dtype_mm_empty_k_{d}", "mm", [make((2, 0), d), make((0, 2), d)])
    add(f"dtype_bmm_empty_k_{d}", "bmm", [make((2, 2, 0), d), make((2, 0, 2), d)])
    add(f"dtype_mv_empty_{d}", "mv", [make((0, 3), d), make((3,), d)])
    add(f"dtype_addmm_empty_k_{d}", "addmm", [make((2, 2), d), make((2, 0), d), make((0, 2), d)])

# ---- odd sizes (1, 7, 33, 65, 129) through the BLAS and ember's own kernel ----------------------
SIZES = [(1, 1, 1), (1, 129, 1), (7, 1, 33), (7, 7, 7), (33, 65, 7), (65, 33, 129), (129, 7, 65),
         (1, 65, 129), (129, 65, 1), (129, 129, 129)]
for m, k, n in SIZES:
    # Small integer values keep the float results exact; int8 spans its range (wrapping around).
    for d in ["float32", "float64", "int64", "int8", "bfloat16"]:
        if (m, k, n) == (129, 129, 129) and d not in ("float32", "int8"):
            continue
        add(f"size_mm_{m}x{k}x{n}_{d}", "mm", [make((m, k), d, None if d == "int8" else "small"),
                                               make((k, n), d, None if d == "int8" else "small")])
for m, k, n in [(7, 33, 65), (33, 65, 7)]:
    for d in ["float32", "float64"]:
        add(f"size_mm_{m}x{k}x{n}_{d}_normal", "mm", [make((m, k), d), make((k, n), d)])
for d in ["float32", "float64", "int16", "uint8", "bfloat16"]:
    add(f"size_mv_65x129_{d}", "mv", [make((65, 129), d, "small"), make((129,), d, "small")])
    add(f"size_dot_129_{d}", "dot", [make((129,), d), make((129,), d)])
    add(f"size_bmm_3x33x65x7_{d}", "bmm", [make((3, 33, 65), d, "small"), make((3, 65, 7), d, "small")])

# ---- layouts: transposed, strided (steps), offset, expanded (zero strides) ----------------------
def layouts(d, rows, cols):
    """(label, (view, base)) operands of shape (rows, cols) laid out in different ways."""
    base = make((rows, cols), d, "small")
    yield "contig", (base, base)
    bt = make((cols, rows), d, "small")
    yield "transposed", (bt.t(), bt)
    bs = make((rows * 2 + 1, cols * 3), d, "small")
    yield "strided", (bs[1::2, ::3], bs)
    brow = make((1, cols), d, "small")
    yield "expanded_rows", (brow.expand(rows, cols), brow)
    bcol = make((rows, 1), d, "small")
    yield "expanded_cols", (bcol.expand(rows, cols), bcol)
    bo = make((rows + 2, cols + 3), d, "small")
    yield "offset_window", (bo[2:, 1:cols + 1], bo)


for d in ["float32", "float64", "int32", "bfloat16"]:
    la_all = dict(layouts(d, 7, 33))
    lb_all = dict(layouts(d, 33, 5))
    # Each layout of either side against a contiguous other side, and the mixed pairs.
    pairs = [(la, "contig") for la in la_all] + [("contig", lb) for lb in lb_all if lb != "contig"]
    pairs += [("transposed", "transposed"), ("strided", "transposed"), ("transposed", "strided"),
              ("expanded_rows", "expanded_cols"), ("offset_window", "strided")]
    for la, lb in pairs:
        add(f"layout_mm_{la}_{lb}_{d}", "mm", [la_all[la], lb_all[lb]])
    for la, a in layouts(d, 17, 9):
        bv = make((9 * 2,), d, "small")
        add(f"layout_mv_{la}_strided_vec_{d}", "mv", [a, (bv[::2], bv)])
        bz = make((1,), d, "small")
        add(f"layout_mv_{la}_expanded_vec_{d}", "mv", [a, (bz.expand(9), bz)])
    v1 = make((20,), d)
    v2 = make((31,), d)
    add(f"layout_dot_strided_{d}", "dot", [(v1[::2], v1), (v2[1::3], v2)])
    add(f"layout_dot_expanded_{d}", "dot", [(v1[:1].expand(10), v1), (v2[:10], v2)])
    add(f"layout_outer_strided_{d}", "outer", [(v1[::3], v1), (v2[2::5], v2)])
    s = make((2, 3, 5), d)
    add(f"layout_bmm_transposed_{d}", "bmm", [(s.transpose(1, 2), s), make((2, 3, 4), d)])
    s2 = make((1, 5, 4), d)
    add(f"layout_bmm_expanded_{d}", "bmm", [make((3, 2, 5), d), (s2.expand(3, 5, 4), s2)])
    s3 = make((4, 6, 8), d)
    add(f"layout_bmm_strided_{d}", "bmm", [(s3[::2, ::2, 1::2], s3), make((2, 4, 3), d)])
for d in ["float32", "int32"]:
    for la, a in layouts(d, 7, 9):
        for ls, sv in [("full", make((7, 5), d)), ("row", make((5,), d)), ("scalar", make((), d))]:
            add(f"layout_addmm_{la}_{ls}_{d}", "addmm", [sv, a, make((9, 5), d)], beta=2, alpha=-1)

# ---- matmul: every case of PyTorch's dispatch, broadcasting, folding ----------------------------
MATMUL_SHAPES = [
    ((3,), (3,)), ((7,), (7,)), ((2, 3), (3,)), ((33, 65), (65,)), ((3,), (3, 2)), ((65,), (65, 7)),
    ((2, 3), (3, 4)), ((1, 1), (1, 1)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (4,)), ((4,), (2, 4, 5)),
    ((5, 4), (2, 4, 3)), ((2, 1, 3, 4), (3, 4, 5)), ((1, 3, 4), (2, 4, 5)), ((2, 3, 4), (2, 4, 5)),
    ((2, 1, 3, 2, 3), (4, 1, 3, 2)), ((3,), (2, 2, 3, 2)), ((2, 2, 3, 2), (2,)), ((1, 7, 33), (33, 65)),
    ((0, 3), (3, 2)), ((2, 0), (0, 2)), ((3, 5, 0), (0, 0)), ((2, 0, 3), (3, 4)), ((0,), (0,)),
    ((2, 0, 3, 4), (1, 4, 5)), ((3, 1, 4), (0, 4, 2)),
]
for sa, sb in MATMUL_SHAPES:
    label = "x".join(map(str, sa)) + "_" + "x".join(map(str, sb))
    for d in ["float32", "int64"]:
        add(f"matmul_{label}_{d}", "matmul", [make(sa, d), make(sb, d)])
# Non-contiguous operands, and the 3-D layouts matmul does not fold (a transposed 3-D tensor goes
# through bmm).
for d in ["float32", "int32"]:
    p = make((2, 5, 3), d)
    add(f"matmul_permuted3d_2d_{d}", "matmul", [(p.permute(0, 2, 1), p), make((5, 4), d)])
    add(f"matmul_2d_permuted3d_{d}", "matmul", [make((4, 3), d), (p.permute(0, 2, 1), p)])
    add(f"matmul_permuted3d_1d_{d}", "matmul", [(p.permute(0, 2, 1), p), make((5,), d)])
    q = make((3, 2, 5), d)
    add(f"matmul_middle_transposed3d_2d_{d}", "matmul", [(q.transpose(0, 1), q), make((5, 4), d)])
    r = make((4, 6, 2, 3), d)
    add(f"matmul_strided4d_3d_{d}", "matmul", [(r[::2, ::3], r), make((2, 3, 2), d)])
    e = make((1, 3, 4), d)
    add(f"matmul_expanded_{d}", "matmul", [(e.expand(2, 3, 4), e), make((2, 4, 5), d)])
    t = make((6, 4), d)
    add(f"matmul_transposed_2d_{d}", "matmul", [(t.t(), t), make((6, 3), d)])
    v = make((10,), d)
    add(f"matmul_strided_1d_3d_{d}", "matmul", [(v[::2], v), make((2, 5, 3), d)])

# ---- addmm: beta, alpha, broadcasting of self, beta = 0 ignoring NaN ------------------------------
nan_self = torch.full((2, 3), float("nan"))
inf_self = torch.full((2, 3), float("inf"))
add("addmm_beta0_nan_self", "addmm", [nan_self, make((2, 4), "float32"), make((4, 3), "float32")], beta=0)
add("addmm_beta0_inf_self", "addmm", [inf_self, make((2, 4), "float32"), make((4, 3), "float32")], beta=0, alpha=2)
add("addmm_beta0_false_nan_self", "addmm", [nan_self, make((2, 4), "float32"), make((4, 3), "float32")], beta=False)
add("addmm_beta0_nan_self_empty_k", "addmm", [nan_self, make((2, 0), "float32"), make((0, 3), "float32")], beta=0)
add("addmm_beta_half_empty_k", "addmm", [make((2, 3), "float64"), make((2, 0), "float64"), make((0, 3), "float64")],
    beta=0.5)
add("addmm_alpha0", "addmm", [make((2, 3), "float64"), make((2, 4), "float64"), make((4, 3), "float64")], alpha=0)
add("addmm_float_scalars", "addmm", [make((2, 3), "float64"), make((2, 4), "float64"), make((4, 3), "float64")],
    beta=0.25, alpha=-1.5)
add("addmm_int_float_alpha", "addmm", [make((2, 3), "int64"), make((2, 4), "int64"), make((4, 3), "int64")],
    alpha=2.5, beta=1.5)
add("addmm_int_bool_scalars", "addmm", [make((2, 3), "int32"), make((2, 4), "int32"), make((4, 3), "int32")],
    alpha=True, beta=False)
add("addmm_int8_scalars", "addmm", [make((2, 3), "int8"), make((2, 4), "int8"), make((4, 3), "int8")],
    alpha=-3, beta=-7)
add("addmm_int8_alpha_overflow", "addmm", [make((2, 3), "int8"), make((2, 4), "int8"), make((4, 3), "int8")],
    alpha=300)
add("addmm_uint8_beta_overflow", "addmm", [make((2, 3), "uint8"), make((2, 4), "uint8"), make((4, 3), "uint8")],
    beta=-1)
add("addmm_int32_alpha_overflow", "addmm", [make((2, 3), "int32"), make((2, 4), "int32"), make((4, 3), "int32")],
    alpha=2**40)
add("addmm_float_alpha_overflow", "addmm", [make((2, 3), "float32"), make((2, 4), "float32"), make((4, 3), "float32")],
    alpha=1e300)
add("addmm_bfloat16_alpha_large", "addmm", [make((2, 3), "bfloat16", "small"), make((2, 4), "bfloat16", "small"),
                                            make((4, 3), "bfloat16", "small")], alpha=1e30)
add("addmm_int_beta_float_empty_k", "addmm", [make((2, 3), "int64"), make((2, 0), "int64"), make((0, 3), "int64")],
    beta=0.5)
add("addmm_float_beta_int_empty_k", "addmm", [make((2, 3), "float32"), make((2, 0), "float32"), make((0, 3), "float32")],
    beta=3)
for ls, shape in [("col", (2, 1)), ("row", (1, 3)), ("vec", (3,)), ("scalar", ())]:
    add(f"addmm_self_{ls}", "addmm", [make(shape, "float32"), make((2, 4), "float32"), make((4, 3), "float32")])
    add(f"addmm_self_{ls}_int", "addmm", [make(shape, "int16"), make((2, 4), "int16"), make((4, 3), "int16")], beta=3)

# ---- outer: the dtypes promote as for `*` ----------------------------------------------------------
for da, db in [("bool", "bool"), ("bool", "int8"), ("uint8", "int8"), ("int64", "float32"), ("float16", "float16"),
               ("float32", "float64"), ("bfloat16", "float16"), ("int32", "bool"), ("uint8", "uint8")]:
    add(f"outer_{da}_{db}", "outer", [make((3,), da), make((4,), db)])
add("outer_empty", "outer", [make((0,), "float32"), make((4,), "float32")])

# ---- errors ----------------------------------------------------------------------------------------
f, dd = "float32", "float64"
ERRORS = [
    ("mm_shapes", "mm", [make((2, 3), f), make((2, 3), f)]),
    ("mm_self_1d", "mm", [make((3,), f), make((3, 2), f)]),
    ("mm_mat2_1d", "mm", [make((2, 3), f), make((3,), f)]),
    ("mm_self_3d", "mm", [make((2, 2, 3), f), make((3, 2), f)]),
    ("mm_float_double", "mm", [make((2, 3), f), make((3, 2), dd)]),
    ("mm_double_float", "mm", [make((2, 3), dd), make((3, 2), f)]),
    ("mm_long_float", "mm", [make((2, 3), "int64"), make((3, 2), f)]),
    ("mm_int_long", "mm", [make((2, 3), "int32"), make((3, 2), "int64")]),
    ("mm_bfloat16_float", "mm", [make((2, 3), "bfloat16"), make((3, 2), f)]),
    ("mm_half_float", "mm", [make((2, 3), "float16"), make((3, 2), f)]),
    ("mm_float_half", "mm", [make((2, 3), f), make((3, 2), "float16")]),
    ("mm_shapes_and_dtypes", "mm", [make((2, 3), f), make((2, 3), dd)]),
    ("mm_float_double_empty_k", "mm", [make((2, 0), f), make((0, 2), dd)]),
    ("bmm_self_2d", "bmm", [make((2, 3), f), make((2, 3, 2), f)]),
    ("bmm_mat2_2d", "bmm", [make((2, 2, 3), f), make((3, 2), f)]),
    ("bmm_self_4d", "bmm", [make((1, 2, 2, 3), f), make((2, 3, 2), f)]),
    ("bmm_batch", "bmm", [make((2, 2, 3), f), make((3, 3, 2), f)]),
    ("bmm_inner", "bmm", [make((2, 2, 3), f), make((2, 4, 2), f)]),
    ("bmm_float_double_small", "bmm", [make((2, 2, 3), f), make((2, 3, 2), dd)]),
    ("bmm_float_double_large", "bmm", [make((2, 4, 10), f), make((2, 10, 10), dd)]),
    ("bmm_half_float_small", "bmm", [make((2, 2, 3), "float16"), make((2, 3, 2), f)]),
    ("bmm_float_half_small", "bmm", [make((2, 2, 3), f), make((2, 3, 2), "float16")]),
    ("bmm_half_float_large", "bmm", [make((2, 4, 10), "float16"), make((2, 10, 10), f)]),
    ("bmm_float_half_large", "bmm", [make((2, 4, 10), f), make((2, 10, 10), "float16")]),
    ("bmm_float_double_empty_k", "bmm", [make((2, 2, 0), f), make((2, 0, 2), dd)]),
    ("bmm_shapes_and_dtypes", "bmm", [make((2, 2, 3), f), make((2, 2, 3), dd)]),
    ("mv_float_double", "mv", [make((2, 3), f), make((3,), dd)]),
    ("mv_long_float", "mv", [make((2, 3), "int64"), make((3,), f)]),
    ("mv_half_float", "mv", [make((2, 3), "float16"), make((3,), f)]),
    ("mv_float_half", "mv", [make((2, 3), f), make((3,), "float16")]),
    ("mv_shapes", "mv", [make((2, 3), f), make((4,), f)]),
    ("mv_shapes_and_dtypes", "mv", [make((2, 3), f), make((4,), dd)]),
    ("mv_1d", "mv", [make((3,), f), make((3,), f)]),
    ("mv_vec_2d", "mv", [make((2, 3), f), make((3, 1), f)]),
    ("mv_3d", "mv", [make((2, 2, 3), f), make((3,), f)]),
    ("mv_0d", "mv", [make((), f), make((3,), f)]),
    ("mv_float_double_empty", "mv", [make((2, 0), f), make((0,), dd)]),
    ("dot_float_double", "dot", [make((3,), f), make((3,), dd)]),
    ("dot_long_float", "dot", [make((3,), "int64"), make((3,), f)]),
    ("dot_2d", "dot", [make((2, 2), f), make((2, 2), f)]),
    ("dot_2d_1d", "dot", [make((2, 2), f), make((3,), f)]),
    ("dot_sizes", "dot", [make((3,), f), make((4,), f)]),
    ("dot_sizes_and_dtypes", "dot", [make((3,), f), make((4,), dd)]),
    ("dot_0d", "dot", [make((), f), make((), f)]),
    ("outer_self_2d", "outer", [make((3, 1), f), make((2,), f)]),
    ("outer_vec2_2d", "outer", [make((3,), f), make((2, 2), f)]),
    ("outer_0d", "outer", [make((), f), make((2,), f)]),
    ("matmul_0d_2d", "matmul", [make((), f), make((2, 2), f)]),
    ("matmul_1d_0d", "matmul", [make((2,), f), make((), f)]),
    ("matmul_float_double_2d", "matmul", [make((2, 3), f), make((3, 2), dd)]),
    ("matmul_float_double_1d", "matmul", [make((3,), f), make((3,), dd)]),
    ("matmul_float_double_3d_2d", "matmul", [make((2, 2, 3), f), make((3, 2), dd)]),
    ("matmul_float_double_3d_3d", "matmul", [make((2, 2, 3), f), make((2, 3, 2), dd)]),
    ("matmul_sizes_1d_1d", "matmul", [make((3,), f), make((4,), f)]),
    ("matmul_sizes_2d_1d", "matmul", [make((2, 3), f), make((4,), f)]),
    ("matmul_sizes_1d_2d", "matmul", [make((3,), f), make((4, 2), f)]),
    ("matmul_sizes_3d_2d", "matmul", [make((2, 2, 3), f), make((4, 2), f)]),
    ("matmul_sizes_3d_1d", "matmul", [make((2, 2, 3), f), make((4,), f)]),
    ("matmul_sizes_1d_3d", "matmul", [make((4,), f), make((2, 3, 2), f)]),
    ("matmul_sizes_2d_3d", "matmul", [make((2, 4), f), make((2, 3, 2), f)]),
    ("matmul_sizes_3d_3d", "matmul", [make((2, 2, 3), f), make((2, 4, 2), f)]),
    ("matmul_batch_broadcast", "matmul", [make((2, 2, 3), f), make((3, 3, 2), f)]),
    ("matmul_bool_4d", "matmul", [make((2, 1, 2, 3), "bool"), make((3, 3, 2), "bool")]),
    ("matmul_half_1d_3d", "matmul", [make((3,), "float16"), make((2, 3, 2), "float16")]),
    ("addmm_self_shape", "addmm", [make((3,), f), make((2, 3), f), make((3, 2), f)]),
    ("addmm_self_shape_2d", "addmm", [make((3, 2), f), make((2, 3), f), make((3, 2), f)]),
    ("addmm_self_3d", "addmm", [make((1, 2, 2), f), make((2, 3), f), make((3, 2), f)]),
    ("addmm_mat_shapes", "addmm", [make((2, 2), f), make((2, 3), f), make((2, 3), f)]),
    ("addmm_mat1_1d", "addmm", [make((2, 2), f), make((3,), f), make((3, 2), f)]),
    ("addmm_mat2_1d", "addmm", [make((2, 2), f), make((2, 3), f), make((3,), f)]),
    ("addmm_self_double", "addmm", [make((2, 2), dd), make((2, 3), f), make((3, 2), f)]),
    ("addmm_mat2_double", "addmm", [make((2, 2), f), make((2, 3), f), make((3, 2), dd)]),
    ("addmm_mat1_double", "addmm", [make((2, 2), f), make((2, 3), dd), make((3, 2), f)]),
    ("addmm_self_long", "addmm", [make((2, 2), "int64"), make((2, 3), f), make((3, 2), f)]),
    ("addmm_mat1_1d_and_dtype", "addmm", [make((2, 2), dd), make((3,), f), make((3, 2), f)]),
    ("addmm_shapes_and_self", "addmm", [make((3,), f), make((2, 3), f), make((2, 3), f)]),
]
for name, op, ops in ERRORS:
    add("error_" + name, op, ops)

# Every case named error_ raised (those with "empty" show that empty products skip the checks).
for c in cases:
    if c["name"].startswith("error_") and "empty" not in c["name"]:
        assert "error" in c, c["name"]

out = {"torch_version": torch.__version__, "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "linalg.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {path}: {len(cases)} cases")
