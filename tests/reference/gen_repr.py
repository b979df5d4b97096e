"""Writes tests/reference/repr.json: Python's repr of many tensors, from real PyTorch.

Run with Debian's python (/usr/bin/python3), which has torch. Each case describes how to rebuild
the tensor in C++:
  name           unique, [A-Za-z0-9_]
  dtype          python name after "torch." ("float32", "int64", ...)
  shape          sizes of the base (contiguous) tensor
  values         its elements in row-major order: JSON booleans for bool, JSON integers for the
                 integer dtypes, and for the floating dtypes strings holding Python's repr of the
                 element as a double ("0.1", "-0.0", "nan", "inf", "-inf"), exact for every dtype
  transform      list of views applied in order, each one of
                   {"op": "t"}, {"op": "transpose", "dim0", "dim1"},
                   {"op": "narrow", "dim", "start", "length"}, {"op": "select", "dim", "index"},
                   {"op": "as_strided", "size", "stride", "offset"}
  requires_grad  whether the base tensor requires grad (only with no transform)
  default_dtype  torch.get_default_dtype() while printing ("float32" or "float64")
  printoptions   arguments of torch.set_printoptions applied from the defaults (may be empty)
  expected       repr(tensor)
"""

import json
import math
import os

import torch

torch.manual_seed(20240607)

DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
    "float32": torch.float32,
    "float64": torch.float64,
}
NAMES = {v: k for k, v in DTYPES.items()}

cases = []
seen = set()


def encode_values(t):
    flat = t.reshape(-1).tolist()
    if t.dtype == torch.bool:
        return [bool(v) for v in flat]
    if t.dtype.is_floating_point:
        return [repr(float(v)) for v in flat]
    return [int(v) for v in flat]


def apply_transform(t, transform):
    for op in transform:
        kind = op["op"]
        if kind == "t":
            t = t.t()
        elif kind == "transpose":
            t = t.transpose(op["dim0"], op["dim1"])
        elif kind == "narrow":
            t = t.narrow(op["dim"], op["start"], op["length"])
        elif kind == "select":
            t = t.select(op["dim"], op["index"])
        elif kind == "as_strided":
            t = t.as_strided(op["size"], op["stride"], op["offset"])
        else:
            raise ValueError(kind)
    return t


def add(name, base, transform=(), requires_grad=False, default_dtype="float32", printoptions=None):
    assert name not in seen, name
    assert all(c.isalnum() or c == "_" for c in name), name
    seen.add(name)
    base = base.contiguous()
    transform = list(transform)
    printoptions = dict(printoptions or {})
    t = base.clone()
    if requires_grad:
        assert not transform
        t.requires_grad_()
    t = apply_transform(t, transform)
    torch.set_default_dtype(DTYPES[default_dtype])
    torch.set_printoptions(**printoptions)
    try:
        expected = repr(t)
    finally:
        torch.set_default_dtype(torch.float32)
        torch.set_printoptions(profile="default", sci_mode=None)
    cases.append(
        {
            "name": name,
            "dtype": NAMES[base.dtype],
            "shape": list(base.shape),
            "values": encode_values(base),
            "transform": transform,
            "requires_grad": requires_grad,
            "default_dtype": default_dtype,
            "printoptions": printoptions,
            "expected": expected,
        }
    )


def f(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype)


nan, inf = math.nan, math.inf
FLOATS = ["float16", "bfloat16", "float32", "float64"]
INTS = ["uint8", "int8", "int16", "int32", "int64"]

# ---- every dtype: 0-d, 1-D, 2-D, 3-D -------------------------------------------------------------
for name in FLOATS:
    dt = DTYPES[name]
    add(f"{name}_scalar", torch.randn(()).to(dt))
    add(f"{name}_scalar_int", f(3.0, dt))
    add(f"{name}_vec", torch.randn(5).to(dt))
    add(f"{name}_mat", torch.randn(3, 4).to(dt))
    add(f"{name}_cube", torch.randn(2, 3, 4).to(dt))
    add(f"{name}_intvalued", f([1.0, -2.0, 30.0, 0.0], dt))
    add(f"{name}_nonfinite", f([1.5, nan, inf, -inf, -0.25], dt))
    add(f"{name}_sci_small", (torch.randn(4) * 1e-6).to(dt))
    add(f"{name}_sci_ratio", f([0.5, 700.25, -1.0, 3.0e3], dt))
for name in INTS:
    dt = DTYPES[name]
    info = torch.iinfo(dt)
    add(f"{name}_scalar", torch.tensor(7, dtype=dt))
    add(f"{name}_vec", torch.randint(max(info.min, -1000), min(info.max, 1000), (6,), dtype=dt))
    add(f"{name}_mat", torch.randint(max(info.min, -50), min(info.max, 50), (3, 5), dtype=dt))
    add(f"{name}_extremes", torch.tensor([info.min, 0, info.max, 1], dtype=dt))
    add(f"{name}_cube", torch.randint(0, 10, (2, 2, 3), dtype=dt))
add("bool_scalar_true", torch.tensor(True))
add("bool_scalar_false", torch.tensor(False))
add("bool_vec", torch.tensor([True, False, True]))
add("bool_all_true", torch.tensor([True, True]))
add("bool_mat", torch.rand(4, 5) > 0.5)
add("bool_cube", torch.rand(2, 3, 2) > 0.5)

# ---- float magnitudes and mode switching ---------------------------------------------------------
for exp in [-8, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]:
    add(f"float32_mag_e{exp:+d}".replace("+", "p").replace("-", "m"), torch.randn(6) * 10.0**exp)
    add(
        f"float64_mag_e{exp:+d}".replace("+", "p").replace("-", "m"),
        torch.randn(2, 3, dtype=torch.float64) * 10.0**exp,
    )
add("mixed_magnitudes", torch.randn(12) * 10.0 ** torch.randint(-8, 12, (12,)).double())
add("mixed_magnitudes_f64", torch.randn(3, 5, dtype=torch.float64) * 10.0 ** torch.randint(-8, 12, (3, 5)).double())
add("ratio_exactly_1000", f([1.5, 1500.0]))
add("ratio_just_over_1000", f([1.5, 1500.5]))
add("int_ratio_1000", f([1.0, 1000.0]))
add("int_ratio_1001", f([1.0, 1001.0]))
add("int_1e8", f([1.0e8, 5.0e7], torch.float64))
add("int_over_1e8", f([100000001.0, 5.0e7], torch.float64))
add("int_huge", f([1.0e12, -3.0e15, 7.0e11]))
add("min_1e4_boundary", f([1.0e-4, 0.05], torch.float64))
add("min_below_1e4", f([0.99e-4, 0.05], torch.float64))
add("max_over_1e8_frac", f([123456789.5, 200000000.25], torch.float64))
add("rounding_half", f([0.00005, 0.00015, 2.5, 0.12345], torch.float64))
add("rounding_to_int_look", f([0.99999, 1.00001, 9.99996]))
add("negative_zero_only", f([-0.0, 0.0]))
add("negative_zero_mixed", f([-0.0, 1.5]))
add("negative_zero_int", f([-0.0, 2.0]))
add("zero_scalar", f(0.0))
add("negzero_scalar", f(-0.0))
add("zeros_vec", torch.zeros(4))
add("zeros_mat_f64", torch.zeros(2, 3, dtype=torch.float64))
add("all_nan", f([nan, nan]))
add("nan_inf_only", f([nan, inf, -inf]))
add("nan_scalar", f(nan))
add("inf_scalar", f(inf, torch.float64))
add("neginf_scalar", f(-inf))
add("nan_with_zero", f([0.0, nan]))
add("int_with_nan", f([1.0, nan, 100.0, -inf]))
add("sci_with_nonfinite", f([1.0e-7, nan, -inf, 3.0]))
add("sci_int_with_nan", f([1.0e10, nan, 1.0]))
add("scalar_sci", f(1.0e-9, torch.float64))
add("scalar_big", f(123456789012.0, torch.float64))
add("scalar_neg_frac", f(-2.5))
add("float16_big", f([65504.0, -60000.0, 1.0], torch.float16))
add("float16_tiny", f([6.0e-8, 1.0e-5, 0.5], torch.float16))
add("bfloat16_big", f([3.0e38, 1.0, -2.0e10], torch.bfloat16))
add("bfloat16_frac", torch.rand(2, 4).to(torch.bfloat16))
add("float16_intvalued_mat", torch.randint(-100, 100, (3, 3)).to(torch.float16))
add("float64_arange", torch.arange(10, dtype=torch.float64))
add("float32_arange_neg", torch.arange(-5, 5, dtype=torch.float32) * 0.5)
add("subnormal", f([5e-324, 1.0], torch.float64))

# ---- integers of many widths ---------------------------------------------------------------------
add("int64_widths", torch.tensor([1, -22, 333, -4444, 55555, 666666, -7777777]))
add("int64_big", torch.tensor([2**62, -(2**63), 12345]))
add("int64_random_big", torch.randint(-(10**12), 10**12, (3, 4)))
add("int32_negative", torch.randint(-100000, 0, (7,), dtype=torch.int32))
add("uint8_all", torch.arange(0, 256, 17, dtype=torch.uint8))
add("int8_neg", torch.arange(-128, 128, 25, dtype=torch.int8))

# ---- 4-D and 5-D, unit dims --------------------------------------------------------------------
add("float32_4d", torch.randn(2, 2, 2, 3))
add("int64_4d", torch.randint(-9, 99, (2, 3, 2, 2)))
add("bool_4d", torch.rand(1, 2, 2, 2) > 0.3)
add("float64_5d", torch.randn(1, 2, 1, 2, 2, dtype=torch.float64))
add("unit_dims", torch.randn(1, 1, 1))
add("row_vector", torch.randn(1, 5))
add("column_vector", torch.randn(5, 1))
add("single_elem_1d", f([4.25]))

# ---- wrapping -------------------------------------------------------------------------------------
add("wrap_float_1d", torch.randn(30))
add("wrap_float_1d_f64_suffix", torch.randn(23, dtype=torch.float64))
add("wrap_int_1d", torch.randint(0, 1000, (60,)))
add("wrap_int32_1d", torch.randint(-10**6, 10**6, (40,), dtype=torch.int32))
add("wrap_bool_1d", torch.rand(40) > 0.5)
add("wrap_sci_1d", torch.randn(20) * 1e-6)
add("wrap_mat_cols", torch.randn(4, 30))
add("wrap_mat_int_cols", torch.randint(0, 100000, (3, 25)))
add("wrap_cube", torch.randn(2, 3, 15))
add("wrap_4d", torch.randn(2, 2, 2, 14) * 100)
add("wrap_exact_fit", torch.randn(10) + 5)
add("wrap_intvalued_wide", torch.arange(0, 100000, 3000, dtype=torch.float32))
for n in range(5, 14):
    add(f"suffix_wrap_int32_{n}", torch.randint(100000, 999999, (n,), dtype=torch.int32))
for n in range(6, 11):
    add(f"suffix_wrap_f64_{n}", torch.randn(n, dtype=torch.float64) + 10)
add("suffix_wrap_mat_int16", torch.randint(1000, 9999, (2, 9), dtype=torch.int16))
add("suffix_wrap_grad", torch.randn(9) + 10, requires_grad=True)
add("suffix_wrap_grad_f64", torch.randn(8, dtype=torch.float64) + 10, requires_grad=True)

# ---- summarization --------------------------------------------------------------------------------
add("sum_2000_float", torch.randn(2000))
add("sum_2000_int", torch.arange(2000))
add("sum_1001_float", torch.randn(1001))
add("sum_1000_int_not_summarized", torch.arange(1000))
add("sum_40x40", torch.randn(40, 40))
add("sum_3x400x5", torch.randn(3, 400, 5))
add("sum_3x400x5_int", torch.randint(0, 100, (3, 400, 5), dtype=torch.int32))
add("sum_10x200_int", torch.randint(-500, 500, (10, 200)))
add("sum_bool", torch.rand(2, 3, 500) > 0.5)
add("sum_hidden_big_values", torch.cat([torch.ones(3), torch.full((1994,), 1.0e10), 2 * torch.ones(3)]))
add("sum_hidden_frac", torch.cat([torch.ones(3), torch.full((1994,), 0.5), 2 * torch.ones(3)]))
add("sum_1100x1_f64", torch.randn(1100, 1, dtype=torch.float64))
add("sum_2x2x300", torch.randn(2, 2, 300))
add("sum_float16", torch.randn(1200).to(torch.float16))
add("sum_bfloat16_mat", (torch.randn(50, 30) * 1000).to(torch.bfloat16))
add("sum_4d", torch.randn(7, 7, 7, 7))
add("sum_wide_rows", torch.randn(5, 300) * 1e5)

# ---- empty ------------------------------------------------------------------------------------------
for name in ["float32", "float64", "int64", "bool", "int32", "float16", "uint8"]:
    dt = DTYPES[name]
    add(f"empty_0_{name}", torch.empty(0, dtype=dt))
    add(f"empty_0x3_{name}", torch.empty(0, 3, dtype=dt))
    add(f"empty_2x0x4_{name}", torch.empty(2, 0, 4, dtype=dt))
add("empty_0_grad", torch.empty(0), requires_grad=True)
add("empty_0x3_f64_default64", torch.empty(0, 3, dtype=torch.float64), default_dtype="float64")
add("empty_0_f32_default64", torch.empty(0), default_dtype="float64")
add("empty_3x0_int_default64", torch.empty(3, 0, dtype=torch.int64), default_dtype="float64")

# ---- requires_grad --------------------------------------------------------------------------------
add("grad_vec", torch.randn(4), requires_grad=True)
add("grad_scalar", f(2.0), requires_grad=True)
add("grad_mat", torch.randn(2, 3), requires_grad=True)
add("grad_f64", torch.randn(3, dtype=torch.float64), requires_grad=True)
add("grad_f16", torch.randn(3).to(torch.float16), requires_grad=True)
add("grad_wrapped", torch.randn(3, 12), requires_grad=True)
add("grad_f64_default64", torch.randn(3, dtype=torch.float64), requires_grad=True, default_dtype="float64")
add("grad_f32_default64", torch.randn(3), requires_grad=True, default_dtype="float64")

# ---- default dtype float64 -------------------------------------------------------------------------
add("d64_float64", torch.randn(4, dtype=torch.float64), default_dtype="float64")
add("d64_float32", torch.randn(4), default_dtype="float64")
add("d64_float32_mat", torch.randn(3, 8), default_dtype="float64")
add("d64_int64", torch.arange(5), default_dtype="float64")
add("d64_bool", torch.tensor([True, False]), default_dtype="float64")
add("d64_float16", torch.randn(3).to(torch.float16), default_dtype="float64")
add("d64_int32", torch.arange(4, dtype=torch.int32), default_dtype="float64")
add("d64_scalar_f32", f(1.5), default_dtype="float64")
add("d64_sum_f32", torch.randn(1500), default_dtype="float64")

# ---- non-contiguous views --------------------------------------------------------------------------
add("view_t", torch.randn(3, 4), [{"op": "t"}])
add("view_t_int", torch.arange(12).reshape(3, 4), [{"op": "t"}])
add("view_transpose_3d", torch.randn(2, 3, 4), [{"op": "transpose", "dim0": 0, "dim1": 2}])
add("view_transpose_big", torch.randn(40, 50), [{"op": "t"}])
add("view_expand_row", torch.arange(4, dtype=torch.float32), [{"op": "as_strided", "size": [3, 4], "stride": [0, 1], "offset": 0}])
add("view_expand_scalar", f([2.5]), [{"op": "as_strided", "size": [2, 3], "stride": [0, 0], "offset": 0}])
add("view_expand_big", torch.arange(5, dtype=torch.float64), [{"op": "as_strided", "size": [400, 5], "stride": [0, 1], "offset": 0}])
add("view_strided_offset", torch.arange(20, dtype=torch.int32), [{"op": "as_strided", "size": [3, 3], "stride": [5, 2], "offset": 1}])
add("view_narrow", torch.randn(5, 6), [{"op": "narrow", "dim": 1, "start": 2, "length": 3}])
add("view_select", torch.randn(3, 4, 5), [{"op": "select", "dim": 1, "index": 2}])
add("view_select_scalar", torch.randn(4), [{"op": "select", "dim": 0, "index": 3}])
add("view_t_bool", torch.rand(2, 5) > 0.5, [{"op": "t"}])
add("view_t_half", torch.randn(2, 3).to(torch.float16), [{"op": "t"}])
add("view_narrow_empty", torch.randn(3, 4), [{"op": "narrow", "dim": 0, "start": 1, "length": 0}])

# ---- print options ----------------------------------------------------------------------------------
add("opt_precision2", torch.randn(5), printoptions={"precision": 2})
add("opt_precision2_sci", torch.randn(5) * 1e-6, printoptions={"precision": 2})
add("opt_precision0", torch.randn(4) * 10, printoptions={"precision": 0})
add("opt_precision8_f64", torch.randn(4, dtype=torch.float64), printoptions={"precision": 8})
add("opt_precision10", torch.randn(3, dtype=torch.float64), printoptions={"precision": 10})
add("opt_sci_true", torch.randn(4), printoptions={"sci_mode": True})
add("opt_sci_true_int", f([1.0, 2.0, 30.0]), printoptions={"sci_mode": True})
add("opt_sci_true_zeros", torch.zeros(3), printoptions={"sci_mode": True})
add("opt_sci_true_nan", f([nan, 1.5]), printoptions={"sci_mode": True})
add("opt_sci_false", torch.randn(4) * 1e-6, printoptions={"sci_mode": False})
add("opt_sci_false_big", torch.randn(4) * 1e10, printoptions={"sci_mode": False})
add("opt_sci_false_int_big", f([1.0e10, 1.0, -5.0]), printoptions={"sci_mode": False})
add("opt_linewidth40", torch.randn(20), printoptions={"linewidth": 40})
add("opt_linewidth40_mat", torch.randn(3, 10), printoptions={"linewidth": 40})
add("opt_linewidth40_suffix", torch.randint(0, 100, (6,), dtype=torch.int32), printoptions={"linewidth": 40})
add("opt_linewidth120", torch.randn(30), printoptions={"linewidth": 120})
add("opt_linewidth5", torch.randn(4), printoptions={"linewidth": 5})
add("opt_threshold5", torch.arange(10), printoptions={"threshold": 5})
add("opt_threshold5_mat", torch.randn(4, 4), printoptions={"threshold": 5})
add("opt_threshold5_small", torch.arange(5), printoptions={"threshold": 5})
add("opt_edgeitems1", torch.randn(2000), printoptions={"edgeitems": 1})
add("opt_edgeitems1_3d", torch.randn(5, 5, 50), printoptions={"edgeitems": 1})
add("opt_edgeitems2_thr10", torch.randn(6, 6), printoptions={"edgeitems": 2, "threshold": 10})
add("opt_edgeitems5", torch.arange(3000), printoptions={"edgeitems": 5})
add("opt_combo", torch.randn(3, 40) * 1e-5, printoptions={"precision": 3, "linewidth": 60, "sci_mode": True})
add("opt_precision2_grad", torch.randn(3), requires_grad=True, printoptions={"precision": 2})
add("opt_linewidth40_f64", torch.randn(3, dtype=torch.float64), printoptions={"linewidth": 40})
add("opt_edgeitems0_1d", torch.arange(10.0), printoptions={"edgeitems": 0, "threshold": 5})

# ---- random mixtures ------------------------------------------------------------------------------
gen = torch.Generator().manual_seed(7)


def rint(lo, hi):
    return int(torch.randint(lo, hi, (1,), generator=gen))


ALL = list(DTYPES)
for k in range(60):
    name = ALL[rint(0, len(ALL))]
    dt = DTYPES[name]
    ndim = rint(0, 5)
    shape = [rint(1, 7 if ndim < 3 else 4) for _ in range(ndim)]
    if dt == torch.bool:
        t = torch.rand(shape, generator=gen) > 0.5
    elif not dt.is_floating_point:
        info = torch.iinfo(dt)
        hi = min(info.max, 10 ** rint(1, 12))
        lo = max(info.min, -hi if rint(0, 2) else 0)
        t = torch.randint(lo, hi, shape, generator=gen, dtype=torch.int64).to(dt)
    else:
        scale = 10.0 ** rint(-9, 13)
        t = torch.randn(shape, generator=gen, dtype=torch.float64) * scale
        if rint(0, 3) == 0:
            t = t.round()
        if rint(0, 4) == 0 and t.numel() > 1:
            flat = t.reshape(-1)
            flat[rint(0, flat.numel())] = [nan, inf, -inf, 0.0][rint(0, 4)]
        t = t.to(dt)
    rg = dt.is_floating_point and rint(0, 4) == 0
    d64 = "float64" if rint(0, 3) == 0 else "float32"
    add(f"random_{k:02d}_{name}", t, requires_grad=rg, default_dtype=d64)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "repr.json")
with open(out, "w") as fh:
    # One case per line, compact.
    fh.write('{"torch_version": %s, "cases": [\n' % json.dumps(torch.__version__))
    fh.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
    fh.write("\n]}\n")
print(f"wrote {len(cases)} cases to {out}")
