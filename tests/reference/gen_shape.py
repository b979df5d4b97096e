"""Writes tests/reference/shape.json: views and shape operations (view, reshape, squeeze, expand,
slice, split, cat, stack, flip, roll, repeat, tril/triu, diag, ...) on every dtype and memory
layout, from real PyTorch 1.13.1 (Debian's /usr/bin/python3). Views record their strides, storage
offset and whether they share the input's storage."""
import json
import os

import torch

from viewcases import DTYPES, LAYOUTS, make, record

out = []
aten = torch.ops.aten


def rec(name, op, inputs, fn, **args):
    record(out, name, op, inputs, fn, **args)


# ---- view / reshape ---------------------------------------------------------------------------
view_shapes = [
    ([2, 3, 4], [[24], [6, 4], [2, 12], [-1], [4, -1, 2], [2, 3, 2, 2], [1, 24, 1], [3, 8], [-1, -1], [2, 5],
                 [0, -1], [-2, 12], []]),
    ([6], [[2, 3], [3, -1], [1, 6, 1]]),
    ([], [[1], [-1], [1, 1], [], [2]]),
    ([0, 3], [[3, 0], [-1, 3], [0, -1], [-1, 0], [0]]),
    ([4, 1, 3], [[4, 3], [2, 2, 3], [12]]),
]
for shape, targets in view_shapes:
    for layout in (LAYOUTS if len(shape) >= 2 and 0 not in shape else ["contig"]):
        for tgt in targets:
            x = make(shape, "float32", layout)
            tag = f"{shape}_{layout}_{tgt}".replace(" ", "")
            rec(f"view_{tag}", "view", [x], lambda x, s=tgt: x.view(s), size=tgt)
            rec(f"reshape_{tag}", "reshape", [x], lambda x, s=tgt: x.reshape(s), size=tgt)
# strides that still allow a view
special = [("sliced_inner", lambda: torch.zeros(2, 1, 3)[:, :, ::2]), ("col_slice", lambda: torch.zeros(4, 3)[:, :2]),
           ("row_slice", lambda: torch.zeros(4, 3)[1:3]), ("perm", lambda: torch.zeros(2, 3, 4).permute(1, 0, 2))]
for nm, f in special:
    x = f()
    for tgt in [[-1], [x.shape[0], -1], [1, -1, 1], [-1, x.shape[-1]]]:
        rec(f"view_{nm}_{tgt}".replace(" ", ""), "view", [x], lambda x, s=tgt: x.view(s), size=tgt)
        rec(f"reshape_{nm}_{tgt}".replace(" ", ""), "reshape", [x], lambda x, s=tgt: x.reshape(s), size=tgt)
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        rec(f"reshape_dtype_{d}_{layout}", "reshape", [x], lambda x: x.reshape(2, 6), size=[2, 6])

# ---- flatten / unflatten ----------------------------------------------------------------------
for layout in LAYOUTS:
    x = make([2, 3, 4], "float32", layout)
    for s, e in [(0, -1), (1, 2), (0, 1), (1, 1), (2, 0), (-2, -1), (0, 3)]:
        rec(f"flatten_{layout}_{s}_{e}", "flatten", [x], lambda x, s=s, e=e: x.flatten(s, e), start=s, end=e)
    for dim, sizes in [(1, [3, 1]), (2, [2, 2]), (2, [-1, 2]), (-1, [2, -1]), (0, [1, 2]), (1, [2, 2]), (1, [-1, -1]),
                       (1, []), (3, [1]), (2, [4])]:
        rec(f"unflatten_{layout}_{dim}_{sizes}".replace(" ", ""), "unflatten", [x],
            lambda x, d=dim, s=sizes: x.unflatten(d, s), dim=dim, sizes=sizes)
z = make([], "float32")
rec("flatten_0d", "flatten", [z], lambda x: x.flatten(), start=0, end=-1)
rec("unflatten_0d", "unflatten", [z], lambda x: x.unflatten(0, (1,)), dim=0, sizes=[1])

# ---- squeeze / unsqueeze ---------------------------------------------------------------------
for layout in ["contig", "t", "step"]:
    x = make([2, 1, 3, 1], "float32", layout) if layout != "t" else make([1, 2, 1, 3], "float32", "t").transpose(0, 1)
    rec(f"squeeze_{layout}", "squeeze", [x], lambda x: x.squeeze())
    for d in [0, 1, -1, 3, 4, -5]:
        rec(f"squeeze_dim_{layout}_{d}", "squeeze_dim", [x], lambda x, d=d: x.squeeze(d), dim=d)
    for d in [0, 2, 4, -1, -5, 5, -6]:
        rec(f"unsqueeze_{layout}_{d}", "unsqueeze", [x], lambda x, d=d: x.unsqueeze(d), dim=d)
for d in [0, -1, 1]:
    rec(f"squeeze_dim_0d_{d}", "squeeze_dim", [z], lambda x, d=d: x.squeeze(d), dim=d)
    rec(f"unsqueeze_0d_{d}", "unsqueeze", [z], lambda x, d=d: x.unsqueeze(d), dim=d)
rec("squeeze_0d", "squeeze", [z], lambda x: x.squeeze())
rec("squeeze_expand", "squeeze", [torch.zeros(1, 3).expand(1, 3)], lambda x: x.squeeze())

# ---- permute / transpose / mT / expand --------------------------------------------------------
for layout in LAYOUTS:
    x = make([2, 3, 4], "float32", layout)
    for dims in [[2, 0, 1], [0, 1, 2], [-1, -2, -3], [0], [0, 0, 1], [0, 1, 3], [1, -2, 0]]:
        rec(f"permute_{layout}_{dims}".replace(" ", ""), "permute", [x], lambda x, d=dims: x.permute(d), dims=dims)
    for a, b in [(0, 2), (-1, 0), (1, 1), (0, 3)]:
        rec(f"transpose_{layout}_{a}_{b}", "transpose", [x], lambda x, a=a, b=b: torch.transpose(x, a, b), dim0=a, dim1=b)
    rec(f"mT_{layout}", "mT", [x], lambda x: x.mT)
rec("mT_1d", "mT", [make([3])], lambda x: x.mT)
rec("mT_2d", "mT", [make([3, 2], "int32", "t")], lambda x: x.mT)
for layout in LAYOUTS:
    x = make([3, 1], "float32", layout)
    for size in [[3, 4], [2, 3, 4], [-1, 4], [2, -1, -1], [-1, 3, 4], [3, 1], [4, 4], [3], [0, 3, 2], [3, 0]]:
        rec(f"expand_{layout}_{size}".replace(" ", ""), "expand", [x], lambda x, s=size: x.expand(s), size=size)
for d in ["int64", "bool", "float16", "uint8"]:
    rec(f"expand_msg_{d}", "expand", [make([2, 3], d)], lambda x: x.expand(3), size=[3])
rec("expand_0d", "expand", [z], lambda x: x.expand(2, 3), size=[2, 3])
rec("expand_as", "expand_as", [make([3, 1]), make([2, 3, 4])], lambda x, o: x.expand_as(o))
rec("expand_as_bad", "expand_as", [make([3, 2]), make([2, 3, 4])], lambda x, o: x.expand_as(o))

# ---- slice -----------------------------------------------------------------------------------
for layout in LAYOUTS:
    x = make([5, 6], "float32", layout)
    for dim, s, e, st in [(0, None, None, 1), (0, 1, 4, 1), (1, 1, None, 2), (1, -4, -1, 2), (0, -10, 10, 3),
                          (1, 4, 2, 1), (1, 7, 9, 1), (0, None, -1, 1), (1, 0, 6, 0), (1, 0, 6, -1), (-1, 2, 5, 2),
                          (2, 0, 1, 1)]:
        rec(f"slice_{layout}_{dim}_{s}_{e}_{st}", "slice", [x], lambda x, d=dim, s=s, e=e, st=st: aten.slice(x, d, s, e, st),
            dim=dim, start=s, end=e, step=st)
rec("slice_0d", "slice", [z], lambda x: aten.slice(x, 0, 0, 1, 1), dim=0, start=0, end=1, step=1)

# ---- unbind / chunk / split ------------------------------------------------------------------
for layout in LAYOUTS:
    x = make([4, 5], "float32", layout)
    for d in [0, 1, -1, 2]:
        rec(f"unbind_{layout}_{d}", "unbind", [x], lambda x, d=d: x.unbind(d), dim=d)
    for c, d in [(2, 0), (3, 1), (5, 0), (6, 1), (1, 1), (0, 0), (-1, 0), (2, 2)]:
        rec(f"chunk_{layout}_{c}_{d}", "chunk", [x], lambda x, c=c, d=d: x.chunk(c, d), chunks=c, dim=d)
    for s, d in [(2, 0), (2, 1), (3, -1), (10, 0), (1, 0), (0, 0), (-1, 0), (2, 2)]:
        rec(f"split_{layout}_{s}_{d}", "split", [x], lambda x, s=s, d=d: x.split(s, d), split_size=s, dim=d)
    for s, d in [([1, 3], 0), ([2, 0, 3], 1), ([5], -1), ([1, 1], 0), ([2, 3], 0), ([6, -1], 1), ([1, 2], -1)]:
        rec(f"split_sizes_{layout}_{s}_{d}".replace(" ", ""), "split_sizes", [x], lambda x, s=s, d=d: x.split(s, d),
            split_sizes=s, dim=d)
rec("unbind_0d", "unbind", [z], lambda x: x.unbind(0), dim=0)
rec("chunk_0d", "chunk", [z], lambda x: x.chunk(1), chunks=1, dim=0)
rec("split_0d", "split", [z], lambda x: x.split(1), split_size=1, dim=0)
rec("split_sizes_0d", "split_sizes", [z], lambda x: x.split([1]), split_sizes=[1], dim=0)
e0 = make([0, 3])
rec("chunk_empty", "chunk", [e0], lambda x: x.chunk(3, 0), chunks=3, dim=0)
rec("split_empty_0", "split", [e0], lambda x: x.split(0, 0), split_size=0, dim=0)

# ---- cat / stack -----------------------------------------------------------------------------
for d in DTYPES:
    for layout in LAYOUTS:
        a, b = make([2, 3], d, layout), make([4, 3], d, "contig")
        rec(f"cat_{d}_{layout}_0", "cat", [a, b], lambda *ts: torch.cat(ts, 0), dim=0)
        c = make([2, 5], d, layout)
        rec(f"cat_{d}_{layout}_1", "cat", [a, c, a], lambda *ts: torch.cat(ts, 1), dim=1)
        rec(f"stack_{d}_{layout}", "stack", [a, make([2, 3], d, "t")], lambda *ts: torch.stack(ts, 1), dim=1)
pairs = [("uint8", "int8"), ("bool", "int32"), ("int64", "float16"), ("bfloat16", "float16"), ("int16", "float64"),
         ("bool", "bool"), ("float32", "bfloat16")]
for da, db in pairs:
    a, b = make([2, 2], da), make([1, 2], db)
    rec(f"cat_promote_{da}_{db}", "cat", [a, b, a], lambda *ts: torch.cat(ts), dim=0)
    rec(f"stack_promote_{da}_{db}", "stack", [a, make([2, 2], db)], lambda *ts: torch.stack(ts), dim=0)
rec("cat_three_dtypes", "cat", [make([3], "int64"), make([1], "bool"), make([2], "float16")], lambda *ts: torch.cat(ts), dim=0)
rec("cat_empty_list", "cat", [], lambda *ts: torch.cat(ts), dim=0)
rec("stack_empty_list", "stack", [], lambda *ts: torch.stack(ts), dim=0)
rec("cat_ndim_mismatch", "cat", [make([2, 3]), make([3])], lambda *ts: torch.cat(ts), dim=0)
rec("cat_size_mismatch", "cat", [make([2, 3]), make([2, 4])], lambda *ts: torch.cat(ts), dim=0)
rec("cat_size_mismatch_dim1", "cat", [make([2, 3]), make([2, 4]), make([3, 1])], lambda *ts: torch.cat(ts, 1), dim=1)
rec("cat_bad_dim", "cat", [make([2, 3]), make([2, 3])], lambda *ts: torch.cat(ts, 2), dim=2)
rec("cat_neg_dim", "cat", [make([2, 3]), make([2, 3])], lambda *ts: torch.cat(ts, -1), dim=-1)
rec("cat_zero_dim", "cat", [make([2]), z], lambda *ts: torch.cat(ts), dim=0)
rec("cat_legacy_empty", "cat", [make([0]), make([2, 3], "int64"), make([0], "float64")], lambda *ts: torch.cat(ts, 1), dim=1)
rec("cat_all_legacy_empty", "cat", [make([0]), make([0], "int64")], lambda *ts: torch.cat(ts), dim=0)
rec("cat_empty_2d", "cat", [make([2, 0]), make([2, 4])], lambda *ts: torch.cat(ts, 1), dim=1)
rec("cat_empty_2d_mismatch", "cat", [make([0, 3]), make([2, 4])], lambda *ts: torch.cat(ts, 1), dim=1)
rec("cat_single", "cat", [make([2, 3], "float32", "t")], lambda *ts: torch.cat(ts), dim=0)
rec("stack_size_mismatch", "stack", [make([2, 3]), make([2, 3]), make([3, 2])], lambda *ts: torch.stack(ts), dim=0)
rec("stack_bad_dim", "stack", [make([2, 3]), make([2, 3])], lambda *ts: torch.stack(ts, 3), dim=3)
rec("stack_neg_dim", "stack", [make([2, 3]), make([2, 3])], lambda *ts: torch.stack(ts, -1), dim=-1)
rec("stack_0d", "stack", [z, make([])], lambda *ts: torch.stack(ts), dim=0)
rec("stack_empty_1d", "stack", [make([0]), make([0])], lambda *ts: torch.stack(ts, 1), dim=1)

# ---- flip / roll / repeat --------------------------------------------------------------------
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        rec(f"flip_{d}_{layout}", "flip", [x], lambda x: x.flip(0, 1), dims=[0, 1])
        rec(f"flip1_{d}_{layout}", "flip", [x], lambda x: x.flip(-1), dims=[-1])
        rec(f"roll_{d}_{layout}", "roll", [x], lambda x: x.roll((1, -5), (0, 1)), shifts=[1, -5], dims=[0, 1])
        rec(f"roll_flat_{d}_{layout}", "roll", [x], lambda x: x.roll(5), shifts=[5], dims=[])
        rec(f"repeat_{d}_{layout}", "repeat", [x], lambda x: x.repeat(2, 1, 3), repeats=[2, 1, 3])
x3 = make([2, 3, 4], "float32", "t")
rec("flip_none", "flip", [x3], lambda x: x.flip([]), dims=[])
rec("flip_dup", "flip", [x3], lambda x: x.flip(0, -3), dims=[0, -3])
rec("flip_bad", "flip", [x3], lambda x: x.flip(3), dims=[3])
rec("flip_0d", "flip", [z], lambda x: x.flip(0), dims=[0])
rec("roll_3d", "roll", [x3], lambda x: x.roll((7, -1, 2), (2, 0, 1)), shifts=[7, -1, 2], dims=[2, 0, 1])
rec("roll_same_dim", "roll", [x3], lambda x: x.roll((1, 1), (1, 1)), shifts=[1, 1], dims=[1, 1])
rec("roll_misaligned", "roll", [x3], lambda x: x.roll((1, 2), (0,)), shifts=[1, 2], dims=[0])
rec("roll_no_shifts", "roll", [x3], lambda x: x.roll(()), shifts=[], dims=[])
rec("roll_bad_dim", "roll", [x3], lambda x: x.roll(1, 3), shifts=[1], dims=[3])
rec("roll_empty", "roll", [make([0, 3])], lambda x: x.roll(1, 0), shifts=[1], dims=[0])
rec("roll_0d", "roll", [z], lambda x: x.roll(1), shifts=[1], dims=[])
rec("roll_multi_no_dims", "roll", [x3], lambda x: x.roll((1, 2)), shifts=[1, 2], dims=[])
rec("repeat_fewer", "repeat", [x3], lambda x: x.repeat(2, 2), repeats=[2, 2])
rec("repeat_neg", "repeat", [make([2, 3])], lambda x: x.repeat(-1, 2), repeats=[-1, 2])
rec("repeat_zero", "repeat", [make([2, 3])], lambda x: x.repeat(0, 2), repeats=[0, 2])
rec("repeat_0d", "repeat", [z], lambda x: x.repeat(2, 3), repeats=[2, 3])
rec("repeat_none", "repeat", [z], lambda x: x.repeat([]), repeats=[])
rec("repeat_expand", "repeat", [make([3, 2], "int64", "expand")], lambda x: x.repeat(1, 2, 2), repeats=[1, 2, 2])

# ---- tril / triu / diag ----------------------------------------------------------------------
for d in DTYPES:
    for layout in LAYOUTS:
        x = make([3, 4], d, layout)
        for k in [0, 1, -1]:
            rec(f"tril_{d}_{layout}_{k}", "tril", [x], lambda x, k=k: x.tril(k), diagonal=k)
            rec(f"triu_{d}_{layout}_{k}", "triu", [x], lambda x, k=k: x.triu(k), diagonal=k)
        rec(f"diag2d_{d}_{layout}", "diag", [x], lambda x: x.diag(1), diagonal=1)
        v = make([3], d, "t" if layout == "t" else "contig")
        rec(f"diag1d_{d}_{layout}", "diag", [v], lambda x: x.diag(-1), diagonal=-1)
b3 = make([2, 3, 4], "float32", "t")
for k in [0, 2, -2, 10, -10]:
    rec(f"tril_batch_{k}", "tril", [b3], lambda x, k=k: x.tril(k), diagonal=k)
    rec(f"triu_batch_{k}", "triu", [b3], lambda x, k=k: x.triu(k), diagonal=k)
rec("tril_1d", "tril", [make([3])], lambda x: x.tril(), diagonal=0)
rec("triu_0d", "triu", [z], lambda x: x.triu(), diagonal=0)
rec("tril_empty", "tril", [make([0, 3])], lambda x: x.tril(), diagonal=0)
for k in [0, 2, 3, 4, 5, -2, -3, -4, -5]:
    rec(f"diag2d_offset_{k}", "diag", [make([3, 4])], lambda x, k=k: x.diag(k), diagonal=k)
for k in [0, 2, -3]:
    rec(f"diag1d_offset_{k}", "diag", [make([3], "int64")], lambda x, k=k: x.diag(k), diagonal=k)
rec("diag_0d", "diag", [z], lambda x: x.diag(), diagonal=0)
rec("diag_3d", "diag", [b3], lambda x: x.diag(), diagonal=0)
rec("diag_empty", "diag", [make([0])], lambda x: x.diag(), diagonal=0)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "shape.json"), "w") as f:
    json.dump(out, f, indent=0)
print(f"shape.json: {len(out)} cases")
