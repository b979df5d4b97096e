"""Writes tests/reference/indexing.json: indexing (ints, slices, None, Ellipsis, bool masks, integer
index tensors, index_put_), gather, scatter, index_select, masked_fill, masked_select and nonzero on
every dtype and memory layout, from real PyTorch 1.13.1 (Debian's /usr/bin/python3)."""
import json
import os
import warnings

import torch

from viewcases import DTYPES, LAYOUTS, make, record

warnings.filterwarnings("ignore")
out = []


def rec(name, op, inputs, fn, **args):
    record(out, name, op, inputs, fn, **args)


def L(*vals):
    return torch.tensor(vals, dtype=torch.int64)


# An index item: ("int", 1), ("slice", a, b, c), ("none",), ("ellipsis",), ("bool", True), ("tensor", t)
def encode_index(items, first_input):
    enc, tensors, k = [], [], first_input
    for it in items:
        if it[0] == "tensor":
            enc.append({"k": "tensor", "v": k})
            tensors.append(it[1])
            k += 1
        elif it[0] == "slice":
            enc.append({"k": "slice", "v": list(it[1:])})
        elif it[0] in ("int", "bool"):
            enc.append({"k": it[0], "v": it[1]})
        else:
            enc.append({"k": it[0]})
    return enc, tensors


def py_index(items, tensors):
    res, k = [], 0
    for it in items:
        if it[0] == "tensor":
            res.append(tensors[k])
            k += 1
        elif it[0] == "slice":
            res.append(slice(*it[1:]))
        elif it[0] in ("int", "bool"):
            res.append(it[1])
        elif it[0] == "none":
            res.append(None)
        else:
            res.append(Ellipsis)
    # A single item is written x[i], not x[(i,)]: libtorch's index({i}) takes the same path.
    return res[0] if len(res) == 1 and not isinstance(res[0], torch.Tensor) else tuple(res)


def rec_index(name, x, items):
    enc, tensors = encode_index(items, 1)
    rec(name, "index", [x] + tensors, lambda x, *ts: x[py_index(items, ts)], indices=enc)


def rec_put(name, x, items, value):
    """x[items] = value, in place on the view x; value: a Python scalar or a tensor."""
    enc, tensors = encode_index(items, 1)
    ins = [x] + tensors
    args = {"indices": enc}
    if isinstance(value, torch.Tensor):
        ins.append(value)
        args["value_input"] = len(ins) - 1
    else:
        args["value"] = value
        args["value_kind"] = type(value).__name__

    def fn(x, *rest):
        ts = rest[:len(tensors)]
        x[py_index(items, ts)] = rest[-1] if isinstance(value, torch.Tensor) else value
        return x
    rec(name, "index_put", ins, fn, **args)


# ---- basic indexing (views) --------------------------------------------------------------------
basic = {
    "int": [("int", 1)], "neg_int": [("int", -1)], "int_int": [("int", 0), ("int", 2)],
    "int_oob": [("int", 5)], "int_oob2": [("int", 0), ("int", -4)], "too_many": [("int", 0)] * 4,
    "slice_all": [("slice", None, None, None)], "slice_step": [("slice", None, None, 2), ("slice", 1, None, 2)],
    "slice_neg": [("slice", -1, None, None), ("slice", None, -1, None)], "slice_clamp": [("slice", -10, 10, 3)],
    "slice_empty": [("slice", 2, 1, None)], "slice_zero_step": [("slice", None, None, 0)],
    "slice_neg_step": [("slice", None, None, -1)],
    "none": [("none",)], "none_mid": [("slice", None, None, None), ("none",), ("int", 1)],
    "ellipsis": [("ellipsis",)], "ellipsis_int": [("ellipsis", ), ("int", 1)], "int_ellipsis_none": [("int", 1), ("ellipsis",), ("none",)],
    "ellipsis_ellipsis": [("ellipsis",), ("ellipsis",)], "none_ellipsis_none": [("none",), ("ellipsis",), ("none",)],
    "bool_true": [("bool", True)], "bool_false": [("bool", False)], "int_bool": [("int", 0), ("bool", True), ("int", 1)],
    "bool_slice_false": [("slice", None, None, 2), ("bool", False)],
    "slice_int_slice": [("slice", 1, None, None), ("int", 2), ("slice", None, 3, None)],
}
for layout in LAYOUTS:
    for nm, items in basic.items():
        rec_index(f"basic_{layout}_{nm}", make([2, 3, 4], "float32", layout), items)
z = make([], "float32")
for nm, items in {"int0": [("int", 0)], "int1": [("int", 1)], "intm1": [("int", -1)], "ellipsis": [("ellipsis",)],
                  "none": [("none",)], "true": [("bool", True)], "false": [("bool", False)],
                  "slice": [("slice", None, None, None)]}.items():
    rec_index(f"basic_0d_{nm}", z, items)

# ---- advanced indexing -------------------------------------------------------------------------
adv = {
    "long1": [("tensor", L(1, 0, 1))], "long_neg": [("tensor", L(-1, -2))], "long2d": [("tensor", L([0, 1], [1, 1]))],
    "long_0d": [("tensor", torch.tensor(1))], "long_0d_neg": [("tensor", torch.tensor(-3))],
    "two_adjacent": [("slice", None, None, None), ("tensor", L(2, 0)), ("tensor", L(1, 3))],
    "two_separated": [("tensor", L(1, 0)), ("slice", None, None, None), ("tensor", L(0, 2))],
    "broadcast": [("tensor", L(0, 1)), ("tensor", L([0], [2]))],
    "with_none": [("none",), ("slice", None, None, None), ("tensor", L(1, 0)), ("none",), ("tensor", L(0, 2))],
    "int_then_tensor": [("int", 1), ("tensor", L([0], [2])), ("slice", 1, 3, None)],
    "tensor_int": [("tensor", L(1, 0)), ("int", 1)],
    "tensor_last": [("ellipsis",), ("tensor", L([3, 0, 1]))],
    "three": [("tensor", L(0, 1)), ("tensor", L(2, 0)), ("tensor", L(3, 3))],
    "mask1": [("tensor", torch.tensor([True, False]))], "mask2": [("tensor", torch.tensor([[True, False, True], [False, False, True]]))],
    "mask3": [("tensor", (torch.arange(24).reshape(2, 3, 4) % 3 == 0))], "mask_inner": [("slice", None, None, None), ("tensor", torch.tensor([False, True, True]))],
    "mask_last": [("ellipsis",), ("tensor", torch.tensor([True, False, False, True]))],
    "mask_empty": [("tensor", torch.zeros(2, 3, dtype=torch.bool))],
    "mask_and_long": [("tensor", torch.tensor([True, True])), ("slice", None, None, None), ("tensor", L(1, 3))],
    "mask_byte": [("tensor", torch.tensor([1, 0], dtype=torch.uint8))],
    "mask_0d_true": [("tensor", torch.tensor(True))], "mask_0d_false": [("tensor", torch.tensor(False))],
    "byte_0d": [("tensor", torch.tensor(1, dtype=torch.uint8))],
    "bool_and_tensor": [("bool", True), ("tensor", L(1, 0))],
    "empty_long": [("tensor", torch.zeros(0, dtype=torch.int64))],
    "empty_long_2": [("slice", None, None, None), ("tensor", torch.zeros(0, 2, dtype=torch.int64))],
    # errors
    "oob": [("tensor", L(0, 2))], "oob_neg": [("tensor", L(-3))], "oob_second": [("slice", None, None, None), ("tensor", L(0, 5))],
    "oob_two": [("tensor", L(0, 1)), ("tensor", L(0, 3))],
    "int32_index": [("tensor", torch.tensor([0, 1], dtype=torch.int32))], "float_index": [("tensor", torch.tensor([0.0]))],
    "no_broadcast": [("tensor", L(0, 1)), ("tensor", L(0, 1, 2))],
    "mask_bad": [("tensor", torch.tensor([True, False, True]))], "mask_bad2": [("tensor", torch.ones(2, 4, dtype=torch.bool))],
    "mask_then_int": [("tensor", torch.ones(2, 3, dtype=torch.bool)), ("int", 0)],
    "too_many_tensors": [("tensor", L(0)), ("tensor", L(0)), ("tensor", L(0)), ("tensor", L(0))],
}
for layout in LAYOUTS:
    for nm, items in adv.items():
        rec_index(f"adv_{layout}_{nm}", make([2, 3, 4], "float32", layout), items)
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        rec_index(f"adv_dtype_{d}_{layout}", x, [("tensor", L(2, 0, 2)), ("slice", None, None, 2)])
        rec_index(f"adv_mask_dtype_{d}_{layout}", x, [("tensor", torch.tensor([[True, False, True, True]] * 3))])
rec_index("adv_empty_dim", make([0, 3]), [("tensor", L(0))])
rec_index("adv_empty_dim_empty_index", make([0, 3]), [("tensor", torch.zeros(0, dtype=torch.int64))])
rec_index("adv_0d_mask", z, [("tensor", torch.tensor(True))])
rec_index("adv_0d_long", z, [("tensor", L(0))])

# ---- index_put_ --------------------------------------------------------------------------------
for layout in ["contig", "t", "step"]:
    puts = [
        ("int_scalar", [("int", 1)], 7.5), ("slice_scalar", [("slice", 1, None, 2)], -1),
        ("slice_tensor", [("slice", None, None, None), ("int", 1)], make([4], "float32")),
        ("slice_bcast", [("ellipsis",), ("slice", 1, 3, None)], make([3, 1], "float32")),
        ("prefix_ones", [("slice", 0, 2, None)], make([1, 1, 3, 4], "float32")),
        ("bad_expand", [("int", 0)], make([3], "float32")), ("bad_expand_dims", [("int", 0)], make([2, 3, 4], "float32")),
        ("mask_scalar", [("tensor", torch.tensor([[True, False, True], [False, True, True]]))], 3),
        ("mask_tensor", [("tensor", torch.tensor([True, False]))], make([3, 4], "float32")),
        ("mask_values", [("tensor", torch.tensor([[True, False, True], [False, True, True]]))], make([4, 4], "float32")),
        ("long_scalar", [("tensor", L(1, 0))], 2), ("long_bcast", [("slice", None, None, None), ("tensor", L(2, 0))], make([4], "float32")),
        ("long_dup_full", [("tensor", L(0, 0)), ("tensor", L(1, 1)), ("tensor", L(2, 2))], make([2], "float32")),
        ("two_separated", [("tensor", L(1, 0)), ("slice", None, None, None), ("tensor", L(0, 2))], make([2, 3], "float32")),
        ("bad_value_shape", [("tensor", L(1, 0))], make([3], "float32")),
        ("bad_dtype", [("tensor", L(1, 0))], make([2, 3, 4], "int64")), ("bad_dtype64", [("tensor", L(1, 0))], make([4], "float64")),
        ("oob", [("tensor", L(1, 2))], 0), ("ellipsis_all", [("ellipsis",)], 5), ("none", [("none",)], make([4], "float32")),
        ("false", [("bool", False)], 1), ("true", [("bool", True)], 2.0), ("scalar_bool", [("int", 0)], True),
        ("zero_dim_value", [("slice", None, None, None)], make([], "float32")),
        ("zero_dim_value_dtype", [("slice", None, None, None)], make([], "int64")),
        ("value_dtype_slice", [("int", 1)], make([3, 4], "int32")),
    ]
    for nm, items, value in puts:
        rec_put(f"put_{layout}_{nm}", make([2, 3, 4], "float32", layout), items, value)
for d in DTYPES:
    for layout in ["contig", "t", "step"]:
        rec_put(f"put_dtype_{d}_{layout}", make([3, 4], d, layout), [("tensor", L(2, 0)), ("slice", 1, None, None)], make([2, 3], d))
        rec_put(f"put_mask_dtype_{d}_{layout}", make([3, 4], d, layout), [("tensor", torch.tensor([True, False, True]))],
                make([4], d))
        rec_put(f"put_scalar_dtype_{d}_{layout}", make([3, 4], d, layout), [("ellipsis",), ("tensor", L(3, 1))], 1)
rec_put("put_scalar_float_into_int", make([3], "int64"), [("tensor", L(1))], 2.7)
rec_put("put_scalar_neg_into_uint8", make([3], "uint8"), [("tensor", L(1))], -1)
rec_put("put_0d", make([], "float32"), [("ellipsis",)], 4)
rec_put("put_0d_mask", make([], "float32"), [("tensor", torch.tensor(True))], 4)

# ---- gather / scatter / index_select -----------------------------------------------------------
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        rec(f"gather_{d}_{layout}", "gather", [x, L([0, 3, 1], [2, 2, 0])], lambda x, i: x.gather(1, i), dim=1)
        rec(f"gather0_{d}_{layout}", "gather", [x, make([2, 4], "int64", layout, data=L([0, 2, 1, 1], [2, 0, 0, 1]))],
            lambda x, i: x.gather(0, i), dim=0)
        rec(f"scatter_{d}_{layout}", "scatter", [x, L([0, 3], [2, 1]), make([2, 3], d, layout)],
            lambda x, i, s: x.scatter(1, i, s), dim=1)
        rec(f"scatter_value_{d}_{layout}", "scatter_value", [x, L([0], [2])], lambda x, i: x.scatter(0, i, 1), dim=0, value=1)
        rec(f"index_select_{d}_{layout}", "index_select", [x, L(2, 0, 2)], lambda x, i: x.index_select(0, i), dim=0)
        rec(f"index_select1_{d}_{layout}", "index_select", [x, make([3], "int32", "t", data=L(3, 0, 1))],
            lambda x, i: x.index_select(1, i), dim=1)
        if layout != "expand":
            rec(f"scatter__{d}_{layout}", "scatter_", [x, L([1, 2], [0, 0]), make([2, 2], d)],
                lambda x, i, s: x.scatter_(1, i, s), dim=1)
x = make([3, 4])
gerr = {"int32": x.new_zeros(1, 1, dtype=torch.int32), "oob": L([5]), "neg": L([-1]), "ndim": L(0),
        "size": torch.zeros(4, 1, dtype=torch.int64), "size0": torch.zeros(2, 5, dtype=torch.int64), "empty": torch.zeros(3, 0, dtype=torch.int64)}
for nm, i in gerr.items():
    i2 = i.reshape(1, 1) if nm in ("oob", "neg") else i
    rec(f"gather_err_{nm}", "gather", [x, i2], lambda x, i: x.gather(1 if nm != "size0" else 0, i), dim=1 if nm != "size0" else 0)
rec("gather_bad_dim", "gather", [x, L([0])], lambda x, i: x.gather(2, i), dim=2)
rec("gather_0d", "gather", [z, torch.tensor(0)], lambda x, i: x.gather(0, i), dim=0)
rec("gather_0d_1d", "gather", [z, L(0, 0)], lambda x, i: x.gather(0, i), dim=0)
rec("gather_expand_index", "gather", [x, L(1, 3).expand(3, 2)], lambda x, i: x.gather(1, i), dim=1)
i22 = L([0, 1], [2, 0])
rec("scatter_dtype_mismatch", "scatter", [x, i22, make([2, 2], "float64")], lambda x, i, s: x.scatter(1, i, s), dim=1)
rec("scatter_src_small", "scatter", [x, i22, make([1, 1])], lambda x, i, s: x.scatter(1, i, s), dim=1)
rec("scatter_src_big", "scatter", [x, i22, make([5, 5])], lambda x, i, s: x.scatter(1, i, s), dim=1)
rec("scatter_oob", "scatter_value", [x, L([4])], lambda x, i: x.scatter(1, i, 2.0), dim=1, value=2.0)
rec("scatter_int32", "scatter_value", [x, i22.int()], lambda x, i: x.scatter(1, i, 2.0), dim=1, value=2.0)
rec("scatter_ndim", "scatter_value", [x, L(0)], lambda x, i: x.scatter(1, i, 2.0), dim=1, value=2.0)
rec("scatter_index_big", "scatter_value", [x, torch.zeros(2, 5, dtype=torch.int64)], lambda x, i: x.scatter(1, i, 2.0), dim=1, value=2.0)
rec("scatter_index_big0", "scatter_value", [x, torch.zeros(4, 1, dtype=torch.int64)], lambda x, i: x.scatter(1, i, 2.0), dim=1, value=2.0)
rec("scatter_float_into_int", "scatter_value", [make([4], "int64"), L(1)], lambda x, i: x.scatter(0, i, 2.5), dim=0, value=2.5)
rec("scatter_0d", "scatter_value", [z, torch.tensor(0)], lambda x, i: x.scatter(0, i, 3.0), dim=0, value=3.0)
rec("scatter_bad_dim", "scatter_value", [x, i22], lambda x, i: x.scatter(2, i, 3.0), dim=2, value=3.0)
rec("scatter_neg_dim", "scatter", [x, i22, make([2, 2])], lambda x, i, s: x.scatter(-1, i, s), dim=-1)
for nm, i, dim in [("2d", L([2, 0]), 0), ("float", torch.tensor([2.0, 0.0]), 0), ("oob", L(3), 0), ("neg", L(-1), 0),
                   ("0d_index", torch.tensor(1), 0), ("empty", torch.zeros(0, dtype=torch.int64), 1), ("bad_dim", L(0), 2),
                   ("neg_dim", L(1), -1)]:
    rec(f"index_select_err_{nm}", "index_select", [x, i], lambda x, i, d=dim: x.index_select(d, i), dim=dim)
rec("index_select_0d", "index_select", [z, L(0)], lambda x, i: x.index_select(0, i), dim=0)
rec("index_select_0d_oob", "index_select", [z, L(1)], lambda x, i: x.index_select(0, i), dim=0)
rec("index_select_empty_self", "index_select", [make([0, 3]), L(0)], lambda x, i: x.index_select(0, i), dim=0)

# ---- masked_fill / masked_select / nonzero -----------------------------------------------------
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        m = make([3, 4], "bool", layout)
        rec(f"masked_fill_{d}_{layout}", "masked_fill", [x, m], lambda x, m: x.masked_fill(m, 3), value=3, value_kind="int")
        rec(f"masked_fill_bcast_{d}_{layout}", "masked_fill", [x, torch.tensor([True, False, False, True])],
            lambda x, m: x.masked_fill(m, True), value=True, value_kind="bool")
        rec(f"masked_fill_float_{d}_{layout}", "masked_fill", [x, m], lambda x, m: x.masked_fill(m, -2.5), value=-2.5, value_kind="float")
        rec(f"masked_select_{d}_{layout}", "masked_select", [x, m], lambda x, m: x.masked_select(m))
        rec(f"nonzero_{d}_{layout}", "nonzero", [x], lambda x: x.nonzero())
        if layout != "expand":
            rec(f"masked_fill__{d}_{layout}", "masked_fill_", [x, torch.tensor([[True], [False], [True]])],
                lambda x, m: x.masked_fill_(m, 1), value=1, value_kind="int")
x = make([3, 4])
mrow = torch.tensor([True, False])
rec("masked_fill_bad_bcast", "masked_fill", [x, mrow], lambda x, m: x.masked_fill(m, 1), value=1, value_kind="int")
rec("masked_fill_byte", "masked_fill", [x, torch.tensor([1, 0, 1, 0], dtype=torch.uint8)], lambda x, m: x.masked_fill(m, 1), value=1, value_kind="int")
rec("masked_fill_long_mask", "masked_fill", [x, L(1, 0, 1, 0)], lambda x, m: x.masked_fill(m, 1), value=1, value_kind="int")
rec("masked_fill_grow", "masked_fill", [make([4]), torch.ones(3, 4, dtype=torch.bool)], lambda x, m: x.masked_fill(m, 1), value=1, value_kind="int")
rec("masked_fill__grow", "masked_fill_", [make([3, 4]), torch.ones(2, 3, 4, dtype=torch.bool)], lambda x, m: x.masked_fill_(m, 1), value=1, value_kind="int")
rec("masked_fill_0d_mask", "masked_fill", [x, torch.tensor(True)], lambda x, m: x.masked_fill(m, 1), value=1, value_kind="int")
for d, v, kind in [("uint8", 300, "int"), ("uint8", -1, "int"), ("uint8", -255, "int"), ("uint8", -256, "int"), ("int8", 128, "int"),
                   ("int8", -128, "int"), ("int16", 1e40, "float"), ("int32", 2**31, "int"), ("int64", 1e40, "float"),
                   ("int64", 2**63 - 1, "int"), ("float16", 1e6, "float"), ("float16", 65504.0, "float"), ("float16", float("inf"), "float"),
                   ("bfloat16", 1e40, "float"), ("float32", 1e40, "float"), ("float32", -1e39, "float"), ("float32", float("nan"), "float"),
                   ("float64", 1e300, "float"), ("bool", 5, "int"), ("int32", 2.9, "float"), ("int8", float("nan"), "float"),
                   ("int32", float("inf"), "float"), ("uint8", 255.9, "float"), ("uint8", -1.5, "float")]:
    nm = f"masked_fill_value_{d}_{v}"
    enc_v = float(v).hex() if kind == "float" else v
    rec(nm, "masked_fill", [make([3], d), torch.tensor([True, False, True])], lambda x, m, v=v: x.masked_fill(m, v),
        value=enc_v, value_kind=kind)
rec("masked_select_bcast_self", "masked_select", [make([4]), make([3, 4], "bool")], lambda x, m: x.masked_select(m))
rec("masked_select_bcast_mask", "masked_select", [x, torch.tensor([True, False, True, False])], lambda x, m: x.masked_select(m))
rec("masked_select_bad", "masked_select", [x, mrow], lambda x, m: x.masked_select(m))
rec("masked_select_long_mask", "masked_select", [x, L(1, 0, 1, 0)], lambda x, m: x.masked_select(m))
rec("masked_select_byte", "masked_select", [x, torch.tensor([1, 0, 1, 0], dtype=torch.uint8)], lambda x, m: x.masked_select(m))
rec("masked_select_0d", "masked_select", [z, torch.tensor(True)], lambda x, m: x.masked_select(m))
rec("nonzero_0d", "nonzero", [z], lambda x: x.nonzero())
rec("nonzero_0d_zero", "nonzero", [make([], "float32", data=torch.tensor(0.0))], lambda x: x.nonzero())
rec("nonzero_empty", "nonzero", [make([0, 3])], lambda x: x.nonzero())
rec("nonzero_special", "nonzero", [make([1, 4], "float32", data=torch.tensor([[float("nan"), 0.0, -0.0, float("inf")]]))],
    lambda x: x.nonzero())
rec("nonzero_3d", "nonzero", [make([2, 3, 4], "int64", "t", data=(torch.arange(24).reshape(2, 3, 4) % 5))], lambda x: x.nonzero())

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "indexing.json"), "w") as f:
    json.dump(out, f, indent=0)
print(f"indexing.json: {len(out)} cases")
