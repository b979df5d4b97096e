"""Writes tests/reference/core.json: facts about dtypes, creation, conversion and errors, produced
by real PyTorch (Debian's python3-torch 1.13.1). Run with Debian's /usr/bin/python3."""
import json
import math
import os

import torch

from reflib import DTYPES, describe, dt, encode, error_of


out = {}

# ---- dtypes -------------------------------------------------------------------------------------
out["dtypes"] = [
    {
        "name": n,
        "itemsize": torch.empty(0, dtype=dt(n)).element_size(),
        "is_floating_point": dt(n).is_floating_point,
        "repr": str(dt(n)),
    }
    for n in DTYPES
]
out["promote_types"] = [
    {"a": a, "b": b, "result": str(torch.promote_types(dt(a), dt(b))).replace("torch.", "")}
    for a in DTYPES
    for b in DTYPES
]

# torch.result_type over the operand kinds: "t" a 1-D tensor, "z" a 0-d tensor, "s" a Python scalar.
def operand(kind, dtype):
    if kind == "s":
        return {"bool": True, "int64": 3, "float64": 2.5}[dtype]
    return torch.ones((2,) if kind == "t" else (), dtype=dt(dtype))

out["result_type"] = []
for ka, kb in [("t", "t"), ("t", "z"), ("z", "t"), ("z", "z"), ("t", "s"), ("z", "s"), ("s", "t")]:
    for a in DTYPES:
        for b in DTYPES:
            if "s" in (ka, kb) and (b if kb == "s" else a) not in ("bool", "int64", "float64"):
                continue
            r = torch.result_type(operand(ka, a), operand(kb, b))
            out["result_type"].append({"a": [ka, a], "b": [kb, b], "result": str(r).replace("torch.", "")})

# ---- conversions --------------------------------------------------------------------------------
# Values representable in the source dtype and inside every target's range, plus edge cases that
# PyTorch defines (wrap-around of integers, rounding of 16-bit floats, float -> uint8 via int64).
conv_sources = {
    "float64": [0.0, -0.0, 1.0, -1.5, 2.5, 3.7, -3.7, 100.25, 127.0, 255.9, -128.0, 1e-8, 0.1, 1 / 3,
                65504.0, 65519.0, 65520.0, 1e5, 3.14159265358979, -2.71828182845904,
                float("inf"), float("-inf"), float("nan"), 2.0**-24, 2.0**-25, 6.1e-5, 1e-40],
    "float32": [0.0, 1.0, -1.5, 0.1, 1 / 3, 3.7, -3.7, 255.5, 1e-8, 65504.0, 1e5, float("inf"), float("nan")],
    "int64": [0, 1, -1, 127, 128, 255, 256, -129, 32767, 32768, 65535, 2**31 - 1, 2**31, -2**31, 2**40 + 3,
              -2**40 - 7, 2**53 + 1, 2**62],
    "int32": [0, 1, -1, 300, -300, 2**31 - 1, -2**31, 16777217],
    "uint8": [0, 1, 127, 128, 200, 255],
    "bool": [False, True],
    "float16": [0.0, 1.0, -2.5, 0.1, 65504.0, 6.1e-5, float("inf"), float("nan")],
    "bfloat16": [0.0, 1.0, -2.5, 0.1, 3.0e38, 1e-30, float("-inf"), float("nan")],
}
# Float -> integer conversions of values outside the target's range are undefined behaviour in
# C++ and differ between PyTorch's own scalar and vector code paths: not compared.
def defined(v, src, dst):
    if not dt(src).is_floating_point or dt(dst).is_floating_point or dst == "bool":
        return True
    if math.isnan(v) or math.isinf(v):
        return False
    lim = {"uint8": (-2**63, 2**63), "int8": (-2**31, 2**31), "int16": (-2**31, 2**31),
           "int32": (-2**31, 2**31), "int64": (-2**63, 2**63)}[dst]
    return lim[0] <= v < lim[1]

out["conversions"] = []
for src, vals in conv_sources.items():
    for dst in DTYPES:
        keep = [v for v in vals if defined(v, src, dst)]
        s = torch.tensor(keep, dtype=dt(src))
        out["conversions"].append({"src": describe(s), "dst": describe(s.to(dt(dst)))})

# ---- tensor() inference -------------------------------------------------------------------------
data_cases = {
    "ints_2d": [[1, 2, 3], [4, 5, 6]],
    "floats_1d": [1.5, 2.0, -3.25],
    "mixed_int_float": [1, 2.5],
    "bools": [True, False, True],
    "bool_int": [True, 2],
    "bool_float": [1.5, True],
    "scalar_int": 7,
    "scalar_float": 3.5,
    "scalar_bool": True,
    "empty": [],
    "empty_2d": [[], []],
    "deep": [[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]],
    "negative": [[-1, -2], [3, -4]],
    "large_int": [2**40, -2**50],
}
out["tensor_data"] = [{"name": k, "data": v, **describe(torch.tensor(v))} for k, v in data_cases.items()]
torch.set_default_dtype(torch.float64)
out["tensor_data_default_double"] = [
    {"name": k, "data": v, **describe(torch.tensor(v))} for k, v in data_cases.items()
]
torch.set_default_dtype(torch.float32)
out["tensor_errors"] = [
    {"name": "ragged_dim1", **error_of(lambda: torch.tensor([[1, 2], [3]]))},
    {"name": "ragged_dim1_longer", **error_of(lambda: torch.tensor([[1, 2], [3, 4, 5]]))},
    {"name": "ragged_dim2", **error_of(lambda: torch.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]))},
    {"name": "scalar_where_list", **error_of(lambda: torch.tensor([[1, 2], 3]))},
    {"name": "list_where_scalar", **error_of(lambda: torch.tensor([1, [2, 3]]))},
]

# ---- creation by shape --------------------------------------------------------------------------
def case(name, t):
    return {"name": name, **describe(t)}

out["creation"] = [
    case("zeros_2x3", torch.zeros(2, 3)),
    case("zeros_int", torch.zeros(2, 3, dtype=torch.int32)),
    case("ones_2x3", torch.ones(2, 3)),
    case("ones_bool", torch.ones(4, dtype=torch.bool)),
    case("ones_half", torch.ones(3, dtype=torch.float16)),
    case("ones_0d", torch.ones([])),
    case("zeros_empty", torch.zeros(0, 3)),
    case("full_float", torch.full((2, 2), 1.5)),
    case("full_int", torch.full((3,), 7)),
    case("full_bool", torch.full((2,), True)),
    case("full_int_as_float", torch.full((2,), 7, dtype=torch.float32)),
    case("full_float_as_long", torch.full((2,), 2.7, dtype=torch.int64)),
    case("arange_5", torch.arange(5)),
    case("arange_2_9_3", torch.arange(2, 9, 3)),
    case("arange_neg", torch.arange(10, 0, -3)),
    case("arange_float", torch.arange(0, 1, 0.1)),
    case("arange_float_end", torch.arange(2.5)),
    case("arange_float_step", torch.arange(1, 2.5, 0.5)),
    case("arange_double", torch.arange(0, 1, 0.1, dtype=torch.float64)),
    case("arange_int_dtype", torch.arange(0, 10, 2, dtype=torch.int32)),
    case("arange_half", torch.arange(0, 3, 0.25, dtype=torch.float16)),
    case("arange_float_int_dtype", torch.arange(0.5, 5, 1.5, dtype=torch.int64)),
    case("arange_empty", torch.arange(3, 3)),
    case("linspace_0_10_5", torch.linspace(0, 10, 5)),
    case("linspace_neg", torch.linspace(-1, 1, 7)),
    case("linspace_one", torch.linspace(3, 10, 1)),
    case("linspace_zero", torch.linspace(3, 10, 0)),
    case("linspace_double", torch.linspace(0, 1, 11, dtype=torch.float64)),
    case("linspace_long", torch.linspace(0, 10, 4, dtype=torch.int64)),
    case("linspace_long_desc", torch.linspace(10, -5, 6, dtype=torch.int64)),
    case("linspace_third", torch.linspace(0, 1, 4)),
    case("eye_3", torch.eye(3)),
    case("eye_2x4", torch.eye(2, 4)),
    case("eye_4x2_int", torch.eye(4, 2, dtype=torch.int64)),
    case("eye_0", torch.eye(0)),
    case("zeros_like_int", torch.zeros_like(torch.tensor([[1, 2], [3, 4]]))),
    case("ones_like_float", torch.ones_like(torch.tensor([[1, 2], [3, 4]]), dtype=torch.float32)),
    case("full_like_int", torch.full_like(torch.tensor([1, 2, 3]), 2.9)),
    case("full_like_float", torch.full_like(torch.tensor([1.0, 2.0]), 2.9)),
]

# Ranges long enough to take PyTorch's vectorized paths (values differ in the last bit from the
# plain formula there).
out["ranges"] = []
for dtype in ["float32", "float64"]:
    for n in [2, 3, 5, 7, 10, 11, 16, 17, 20, 33, 50, 100]:
        for lo, hi in [(0, 1), (-1, 1), (-3.7, 12.1), (10, -5)]:
            out["ranges"].append({"fn": "linspace", "start": lo, "end": hi, "steps": n,
                                  **describe(torch.linspace(lo, hi, n, dtype=dt(dtype)))})
    for lo, hi, st in [(0, 1, 0.1), (0, 10, 0.3), (-2.5, 7.1, 0.7), (5, -5, -0.35), (0, 100, 1.1)]:
        out["ranges"].append({"fn": "arange", "start": lo, "end": hi, "step": st,
                              **describe(torch.arange(lo, hi, st, dtype=dt(dtype)))})

for dtype, lo, hi, n in [("int32", 0, 7.5, 20), ("int64", -3, 100, 37), ("uint8", 0, 1, 5),
                         ("uint8", 0, 200, 70), ("int16", 1000, -1000, 45), ("int8", -100, 100, 67),
                         ("int64", 0, 10, 4), ("int64", 10, -5, 6), ("int32", 5, 5, 9)]:
    out["ranges"].append({"fn": "linspace", "start": lo, "end": hi, "steps": n,
                          **describe(torch.linspace(lo, hi, n, dtype=dt(dtype)))})

out["creation_errors"] = [
    {"name": "zeros_negative", **error_of(lambda: torch.zeros(2, -1))},
    {"name": "ones_negative", **error_of(lambda: torch.ones(-3))},
    {"name": "empty_negative", **error_of(lambda: torch.empty(1, 2, -5))},
    {"name": "full_negative", **error_of(lambda: torch.full((-2,), 1.0))},
    {"name": "arange_zero_step", **error_of(lambda: torch.arange(0, 10, 0))},
    {"name": "arange_bad_sign", **error_of(lambda: torch.arange(10, 0, 1))},
    {"name": "arange_bad_sign_neg", **error_of(lambda: torch.arange(0, 10, -1))},
    {"name": "linspace_negative", **error_of(lambda: torch.linspace(0, 1, -1))},
    {"name": "arange_bool", **error_of(lambda: torch.arange(5, dtype=torch.bool))},
    {"name": "linspace_bool", **error_of(lambda: torch.linspace(0, 1, 5, dtype=torch.bool))},
    {"name": "eye_negative", **error_of(lambda: torch.eye(-1))},
    {"name": "eye_negative_m", **error_of(lambda: torch.eye(2, -3))},
    {"name": "requires_grad_int_factory", **error_of(lambda: torch.zeros(2, dtype=torch.int64, requires_grad=True))},
    {"name": "requires_grad_int_tensor", **error_of(lambda: torch.tensor([1, 2], requires_grad=True))},
    {"name": "requires_grad_int_method", **error_of(lambda: torch.tensor([1, 2]).requires_grad_())},
    {"name": "default_dtype_int", **error_of(lambda: torch.set_default_dtype(torch.int64))},
    {"name": "size_out_of_range", **error_of(lambda: torch.zeros(2, 3).size(2))},
    {"name": "size_out_of_range_neg", **error_of(lambda: torch.zeros(2, 3).size(-3))},
    {"name": "size_0d", **error_of(lambda: torch.tensor(1.0).size(0))},
    {"name": "bad_device", **error_of(lambda: torch.device("gpu"))},
    {"name": "cuda_unavailable", **error_of(lambda: torch.zeros(2, device="cuda"))},
    {"name": "view_bad_storage", **error_of(lambda: torch.zeros(4).as_strided((3, 3), (1, 1)))},
]

# ---- attributes of views ------------------------------------------------------------------------
base = torch.arange(24).reshape(2, 3, 4)
views = {
    "contiguous": base,
    "transpose_0_2": base.transpose(0, 2),
    "select_1_2": base.select(1, 2),
    "narrow_2_1_2": base.narrow(2, 1, 2),
    "t_of_matrix": base[0].t(),
    "select_neg": base.select(-1, -1),
    "narrow_neg_start": base.narrow(-1, -3, 2),
}
out["views"] = [
    {
        "name": k,
        "shape": list(v.shape),
        "strides": list(v.stride()),
        "storage_offset": v.storage_offset(),
        "is_contiguous": v.is_contiguous(),
        "values": encode(v),
        "contiguous_strides": list(v.contiguous().stride()),
    }
    for k, v in views.items()
]
out["devices"] = [
    {"spec": s, "str": str(torch.device(s)), "type": torch.device(s).type, "index": torch.device(s).index}
    for s in ["cpu", "cuda", "cuda:0", "cuda:3", "cpu:0"]
]

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "core.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
