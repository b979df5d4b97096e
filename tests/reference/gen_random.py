"""Writes tests/reference/random.json: the numbers PyTorch's CPU generator produces for rand,
randn, randint, randperm, normal and the *_like functions (Debian's python3-torch 1.13.1, x86-64
with AVX2). Run with Debian's /usr/bin/python3.

Each case is {"name", "seed", "gen_seed", "default_dtype", "calls": [...]}:
  - seed: manual_seed for the global generator before the first call (null: not seeded);
  - gen_seed: present when the case also uses an explicit torch.Generator (null: a fresh one with
    the default seed, not seeded);
  - calls run in order; each is {"fn", args..., "gen": whether it draws from the explicit
    generator} with either "result" ({"dtype", "shape", "values"}; floats as float.hex(), exact)
    or "error" ({"type", "message"}).
Tensors given as arguments (means, stds, like-templates) are {"dtype", "shape", "values"} plus an
optional "transpose": true (the tensor is built with shape reversed and then transposed).
"""
import json
import os
import warnings

import torch
from reflib import describe, dt, dtname, encode

warnings.filterwarnings("ignore")

FLOATS = ["float32", "float64", "float16", "bfloat16"]
INTS = ["uint8", "int8", "int16", "int32", "int64"]


def arg_tensor(spec):
    """Builds the torch tensor an argument spec describes."""
    values = [float.fromhex(v) if isinstance(v, str) else v for v in spec["values"]]
    shape = spec["shape"]
    if spec.get("transpose"):
        t = torch.tensor(values, dtype=torch.float64).reshape(list(reversed(shape))).t()
    else:
        t = torch.tensor(values, dtype=torch.float64).reshape(shape)
    return t.to(dt(spec["dtype"]))


def tensor_spec(dtype, shape, values, transpose=False):
    floating = dt(dtype).is_floating_point
    spec = {"dtype": dtype, "shape": list(shape),
            "values": [float(v).hex() if floating else v for v in values]}
    if transpose:
        spec["transpose"] = True
    return spec


def ramp(n, scale=0.25, offset=-1.0):
    return [offset + scale * i for i in range(n)]


def run_call(call, gen):
    """Runs one call in torch; returns the result tensor (an int for initial_seed)."""
    fn = call["fn"]
    g = {"generator": gen} if call.get("gen") else {}
    kw = dict(g)
    if call.get("dtype") is not None:
        kw["dtype"] = dt(call["dtype"])
    if fn == "manual_seed":
        if call.get("gen"):
            gen.manual_seed(call["seed"])
        else:
            torch.manual_seed(call["seed"])
        return None
    if fn == "initial_seed":
        return gen.initial_seed() if call.get("gen") else torch.initial_seed()
    if fn == "rand":
        return torch.rand(tuple(call["size"]), **kw)
    if fn == "randn":
        return torch.randn(tuple(call["size"]), **kw)
    if fn == "randint":
        if "low" in call:
            return torch.randint(call["low"], call["high"], tuple(call["size"]), **kw)
        return torch.randint(call["high"], tuple(call["size"]), **kw)
    if fn == "randperm":
        return torch.randperm(call["n"], **kw)
    if fn == "normal":
        return torch.normal(float(call["mean"]), float(call["std"]), size=tuple(call["size"]), **kw)
    if fn == "normal_tensor":
        mean = arg_tensor(call["mean"]) if isinstance(call["mean"], dict) else call["mean"]
        std = arg_tensor(call["std"]) if isinstance(call["std"], dict) else call["std"]
        return torch.normal(mean, std, **g)
    like_kw = {"dtype": dt(call["dtype"])} if call.get("dtype") is not None else {}
    if fn == "rand_like":
        return torch.rand_like(arg_tensor(call["self"]), **like_kw)
    if fn == "randn_like":
        return torch.randn_like(arg_tensor(call["self"]), **like_kw)
    if fn == "randint_like":
        if "low" in call:
            return torch.randint_like(arg_tensor(call["self"]), call["low"], call["high"], **like_kw)
        return torch.randint_like(arg_tensor(call["self"]), call["high"], **like_kw)
    if fn == "multinomial":
        return torch.multinomial(arg_tensor(call["self"]), call["n"], call["replacement"], **g)
    if fn == "exponential_":
        t = torch.empty(tuple(call["size"]), dtype=dt(call["dtype"]))
        return (t.t() if call.get("transpose") else t).exponential_(call["lambd"], **g)
    raise ValueError(fn)


def make_case(name, calls, seed=None, gen_seed="none", default_dtype=None):
    """Runs calls after seeding; records each call's result or error. gen_seed "none": no explicit
    generator; None: a fresh torch.Generator() with its default seed."""
    if default_dtype is not None:
        torch.set_default_dtype(dt(default_dtype))
    try:
        if seed is not None:
            torch.manual_seed(seed)
        gen = None
        if gen_seed != "none":
            gen = torch.Generator()
            if gen_seed is not None:
                gen.manual_seed(gen_seed)
        out_calls = []
        for call in calls:
            call = dict(call)
            try:
                r = run_call(call, gen)
                if isinstance(r, int):
                    call["seed_value"] = r
                elif r is not None:
                    call["result"] = describe(r)
            except Exception as e:  # noqa: BLE001 - we record what PyTorch raises
                call["error"] = {"type": type(e).__name__, "message": str(e)}
            out_calls.append(call)
    finally:
        torch.set_default_dtype(torch.float32)
    case = {"name": name, "seed": seed, "calls": out_calls}
    if gen_seed != "none":
        case["gen_seed"] = gen_seed
    if default_dtype is not None:
        case["default_dtype"] = default_dtype
    return case


cases = []


def add(name, calls, **kw):
    if isinstance(calls, dict):
        calls = [calls]
    cases.append(make_case(name, calls, **kw))


SEEDS = [0, 1, 42, 12345, 2**32 + 5]

# ---- rand -----------------------------------------------------------------------------------------
for seed in SEEDS:
    add(f"rand_f32_s{seed}", {"fn": "rand", "size": [2, 3, 5]}, seed=seed)
for d in FLOATS:
    for size in ([7], [4, 5], [0], [1], [33]):
        add(f"rand_{d}_{'x'.join(map(str, size))}", {"fn": "rand", "size": size, "dtype": d}, seed=3)
for d in INTS + ["bool"]:
    add(f"rand_err_{d}", {"fn": "rand", "size": [3], "dtype": d}, seed=0)
add("rand_default_dtype_f64", {"fn": "rand", "size": [6]}, seed=9, default_dtype="float64")
add("rand_scalar_shape", {"fn": "rand", "size": []}, seed=5)
add("rand_negative_dim", {"fn": "rand", "size": [2, -3]}, seed=5)

# ---- randn ----------------------------------------------------------------------------------------
RANDN_SIZES = [1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 100, 1000, 12345]
for seed in SEEDS:
    for n in RANDN_SIZES:
        if n == 12345 and seed not in (0, 2**32 + 5):
            continue
        add(f"randn_f32_{n}_s{seed}", {"fn": "randn", "size": [n]}, seed=seed)
for seed in range(100, 108):
    add(f"randn_f32_4099_s{seed}", {"fn": "randn", "size": [4099]}, seed=seed)
add("randn_f32_2d_4x4", {"fn": "randn", "size": [4, 4]}, seed=0)
add("randn_f32_2x3", {"fn": "randn", "size": [2, 3]}, seed=0)
add("randn_f32_3d", {"fn": "randn", "size": [3, 7, 11]}, seed=21)
add("randn_f32_empty", {"fn": "randn", "size": [0, 4]}, seed=21)
for d in ["float64", "float16", "bfloat16"]:
    for n in [1, 5, 15, 16, 17, 40, 1000]:
        for seed in [0, 7]:
            add(f"randn_{d}_{n}_s{seed}", {"fn": "randn", "size": [n], "dtype": d}, seed=seed)
for d in INTS + ["bool"]:
    add(f"randn_err_{d}", {"fn": "randn", "size": [3], "dtype": d}, seed=0)
add("randn_err_long_big", {"fn": "randn", "size": [20], "dtype": "int64"}, seed=0)
add("randn_default_dtype_f64", {"fn": "randn", "size": [20]}, seed=9, default_dtype="float64")

# ---- randint --------------------------------------------------------------------------------------
for seed in SEEDS:
    add(f"randint_0_10_s{seed}", {"fn": "randint", "low": 0, "high": 10, "size": [20]}, seed=seed)
add("randint_high_only", {"fn": "randint", "high": 7, "size": [3, 4]}, seed=0)
add("randint_negative_low", {"fn": "randint", "low": -50, "high": 50, "size": [30]}, seed=1)
add("randint_range_1", [{"fn": "randint", "low": 4, "high": 5, "size": [5]},
                        {"fn": "rand", "size": [3]}], seed=1)
add("randint_range_2p32_minus_1",
    {"fn": "randint", "low": 0, "high": 2**32 - 1, "size": [10]}, seed=2)
add("randint_range_2p32", {"fn": "randint", "low": 0, "high": 2**32, "size": [10]}, seed=2)
add("randint_range_2p40", {"fn": "randint", "low": -2**39, "high": 2**39, "size": [10]}, seed=2)
add("randint_full_int64", {"fn": "randint", "low": -2**63, "high": 2**63 - 1, "size": [10]}, seed=2)
add("randint_empty", [{"fn": "randint", "low": 0, "high": 3, "size": [0]},
                      {"fn": "randint", "low": 0, "high": 3, "size": [3]}], seed=2)
for d in INTS + FLOATS:
    add(f"randint_{d}", {"fn": "randint", "low": -3 if d != "uint8" else 0, "high": 100,
                         "size": [25], "dtype": d}, seed=4)
add("randint_bool", {"fn": "randint", "low": 0, "high": 2, "size": [20], "dtype": "bool"}, seed=4)
add("randint_uint8_full", {"fn": "randint", "low": 0, "high": 256, "size": [20], "dtype": "uint8"},
    seed=4)
add("randint_int8_full", {"fn": "randint", "low": -128, "high": 128, "size": [20], "dtype": "int8"},
    seed=4)
add("randint_int32_full", {"fn": "randint", "low": -2**31, "high": 2**31, "size": [20],
                           "dtype": "int32"}, seed=4)
add("randint_int32_wide", {"fn": "randint", "low": -2**31, "high": 2**31 - 1, "size": [20],
                           "dtype": "int32"}, seed=4)
# Float dtypes beyond their exact-integer range: bounds adjusted to representable values.
add("randint_f32_2p30", {"fn": "randint", "low": 0, "high": 2**30, "size": [10], "dtype": "float32"},
    seed=3)
add("randint_f32_neg_big", {"fn": "randint", "low": -2**30 - 7, "high": 5, "size": [10],
                            "dtype": "float32"}, seed=3)
add("randint_f32_2p40", {"fn": "randint", "low": 2**40 + 1, "high": 2**40 + 300000, "size": [10],
                         "dtype": "float32"}, seed=3)
add("randint_f64_2p60", {"fn": "randint", "low": -2**60, "high": 2**60 + 3, "size": [10],
                         "dtype": "float64"}, seed=3)
add("randint_bf16_big", {"fn": "randint", "low": -1000, "high": 100001, "size": [10],
                         "dtype": "bfloat16"}, seed=3)
add("randint_f16_max", {"fn": "randint", "low": -65504, "high": 65505, "size": [10],
                        "dtype": "float16"}, seed=3)
# Errors.
add("randint_err_from_ge_to", {"fn": "randint", "low": 5, "high": 2, "size": [3]}, seed=0)
add("randint_err_from_eq_to", {"fn": "randint", "low": 5, "high": 5, "size": [3]}, seed=0)
add("randint_err_high_zero", {"fn": "randint", "high": 0, "size": [3]}, seed=0)
add("randint_err_high_negative", {"fn": "randint", "high": -3, "size": [3]}, seed=0)
add("randint_err_f32_cast", {"fn": "randint", "low": 2**40 + 1, "high": 2**40 + 3, "size": [3],
                             "dtype": "float32"}, seed=0)
for d, lo, hi in [("uint8", 0, 300), ("uint8", -1, 3), ("int8", -200, 0), ("int8", 0, 129),
                  ("int16", 0, 2**15 + 1), ("int16", -2**15 - 1, 0), ("int32", 0, 2**31 + 1),
                  ("int32", -2**31 - 1, 0), ("bool", 0, 3), ("bool", -1, 1),
                  ("float16", 0, 70000), ("float16", -70000, 0)]:
    add(f"randint_err_{d}_{lo}_{hi}", {"fn": "randint", "low": lo, "high": hi, "size": [3],
                                        "dtype": d}, seed=0)
add("randint_err_negative_dim", {"fn": "randint", "low": 0, "high": 3, "size": [-1]}, seed=0)

# ---- randperm -------------------------------------------------------------------------------------
for n in [0, 1, 2, 3, 5, 10, 100, 1000]:
    add(f"randperm_{n}", {"fn": "randperm", "n": n}, seed=7)
for seed in SEEDS:
    add(f"randperm_20_s{seed}", {"fn": "randperm", "n": 20}, seed=seed)
for d, n in [("int32", 50), ("int16", 300), ("int8", 128), ("uint8", 256), ("float32", 100),
             ("float64", 100), ("float16", 2049), ("bfloat16", 3000)]:
    add(f"randperm_{d}_{n}", {"fn": "randperm", "n": n, "dtype": d}, seed=8)
for d, n in [("uint8", 257), ("int8", 129), ("int16", 32769), ("float16", 2050),
             ("float32", 2**24 + 2), ("bool", 3), ("bool", 0)]:
    add(f"randperm_err_{d}_{n}", {"fn": "randperm", "n": n, "dtype": d}, seed=8)
add("randperm_err_negative", {"fn": "randperm", "n": -1}, seed=8)
add("randperm_err_float16_70000", {"fn": "randperm", "n": 70000, "dtype": "float16"}, seed=8)
add("randperm_then_rand", [{"fn": "randperm", "n": 6}, {"fn": "rand", "size": [2]}], seed=8)

# ---- normal(mean, std, size) ----------------------------------------------------------------------
for d in FLOATS:
    for n in [1, 5, 16, 20, 100]:
        for mean, std in [(0.5, 2.0), (-3.25, 0.1), (1e3, 7.3)]:
            add(f"normal_{d}_{n}_m{mean}_s{std}",
                {"fn": "normal", "mean": mean, "std": std, "size": [n], "dtype": d}, seed=11)
# Many values with an inexact std: the fused multiply-add of `sample * std + mean` shows.
for d in FLOATS:
    add(f"normal_{d}_1000_fused", {"fn": "normal", "mean": -3.25, "std": 0.1, "size": [1000],
                                   "dtype": d}, seed=11)
    add(f"normal_{d}_per_element_fused",
        [{"fn": "normal", "mean": -3.25, "std": 0.1, "size": [15], "dtype": d}] * 40, seed=11)
# Seeds where fusing `r * cos * std + mean` in float changes the float16 result.
for seed, mean, std in [(163, 0.3, 1.3), (562, 0.3, 1.3), (654, 0.3, 1.3), (34, -1.7, 0.77),
                        (72, -1.7, 0.77)]:
    add(f"normal_float16_fused_s{seed}", {"fn": "normal", "mean": mean, "std": std, "size": [64],
                                          "dtype": "float16"}, seed=seed)
add("normal_default", {"fn": "normal", "mean": 2.0, "std": 3.0, "size": [2, 3]}, seed=11)
add("normal_std0", {"fn": "normal", "mean": 2.0, "std": 0.0, "size": [20]}, seed=11)
add("normal_std0_small", {"fn": "normal", "mean": 2.0, "std": 0.0, "size": [3]}, seed=11)
add("normal_err_std_neg", {"fn": "normal", "mean": 0.0, "std": -1.0, "size": [3]}, seed=0)
add("normal_err_std_neg_half", {"fn": "normal", "mean": 0.0, "std": -0.5, "size": [3]}, seed=0)
add("normal_err_std_nan", {"fn": "normal", "mean": 0.0, "std": "nan", "size": [3]}, seed=0)
add("normal_mean_nan", {"fn": "normal", "mean": "nan", "std": 1.0, "size": [3]}, seed=0)
add("normal_err_long", {"fn": "normal", "mean": 0.0, "std": 1.0, "size": [3], "dtype": "int64"},
    seed=0)
add("normal_err_long_negstd", {"fn": "normal", "mean": 0.0, "std": -1.0, "size": [3],
                               "dtype": "int64"}, seed=0)
add("normal_default_dtype_f64", {"fn": "normal", "mean": 1.0, "std": 2.0, "size": [5]}, seed=9,
    default_dtype="float64")

# ---- normal with tensor arguments -----------------------------------------------------------------
for d in FLOATS:
    for n in [5, 20]:
        add(f"normal_tmean_{d}_{n}",
            {"fn": "normal_tensor", "mean": tensor_spec(d, [n], ramp(n)), "std": 1.5}, seed=12)
        add(f"normal_tstd_{d}_{n}",
            {"fn": "normal_tensor", "mean": 0.7, "std": tensor_spec(d, [n], ramp(n, 0.125, 0.5))},
            seed=12)
        add(f"normal_tt_{d}_{n}",
            {"fn": "normal_tensor", "mean": tensor_spec(d, [n], ramp(n)),
             "std": tensor_spec(d, [n], ramp(n, 0.125, 0.5))}, seed=12)
add("normal_tt_broadcast", {"fn": "normal_tensor", "mean": tensor_spec("float32", [4], ramp(4)),
                            "std": tensor_spec("float32", [5, 1], ramp(5, 0.5, 0.25))}, seed=13)
add("normal_tt_broadcast_small", {"fn": "normal_tensor", "mean": tensor_spec("float32", [3], ramp(3)),
                                  "std": tensor_spec("float32", [2, 1], [0.5, 2.0])}, seed=13)
add("normal_tt_scalar_mean", {"fn": "normal_tensor", "mean": tensor_spec("float32", [], [1.0]),
                              "std": tensor_spec("float32", [2], [1.0, 2.0])}, seed=13)
add("normal_tt_f32_f64", {"fn": "normal_tensor", "mean": tensor_spec("float32", [20], ramp(20)),
                          "std": tensor_spec("float64", [20], ramp(20, 0.3, 0.1))}, seed=13)
add("normal_tt_f64_f32", {"fn": "normal_tensor", "mean": tensor_spec("float64", [20], ramp(20)),
                          "std": tensor_spec("float32", [20], ramp(20, 0.3, 0.1))}, seed=13)
add("normal_tt_f16_bf16", {"fn": "normal_tensor", "mean": tensor_spec("float16", [20], ramp(20)),
                           "std": tensor_spec("bfloat16", [20], ramp(20, 0.3, 0.1))}, seed=13)
add("normal_tt_f32_int", {"fn": "normal_tensor", "mean": tensor_spec("float32", [6], ramp(6)),
                          "std": tensor_spec("int64", [6], [1, 2, 3, 4, 5, 6])}, seed=13)
add("normal_tmean_transposed_small", {"fn": "normal_tensor",
                                      "mean": tensor_spec("float32", [3, 4], ramp(12), True),
                                      "std": 2.0}, seed=14)
add("normal_tmean_transposed", {"fn": "normal_tensor",
                                "mean": tensor_spec("float32", [5, 6], ramp(30), True),
                                "std": 2.0}, seed=14)
add("normal_tstd_transposed", {"fn": "normal_tensor", "mean": -1.0,
                               "std": tensor_spec("float32", [5, 6], ramp(30, 0.1, 0.1), True)},
    seed=14)
add("normal_tt_transposed", {"fn": "normal_tensor",
                             "mean": tensor_spec("float32", [5, 6], ramp(30), True),
                             "std": tensor_spec("float32", [5, 6], ramp(30, 0.1, 0.1))}, seed=14)
add("normal_tt_empty", {"fn": "normal_tensor", "mean": tensor_spec("float32", [0], []),
                        "std": tensor_spec("float32", [0], [])}, seed=14)
add("normal_tmean_err_long", {"fn": "normal_tensor", "mean": tensor_spec("int64", [2], [1, 2]),
                              "std": 1.0}, seed=0)
add("normal_tmean_err_bool", {"fn": "normal_tensor", "mean": tensor_spec("bool", [1], [True]),
                              "std": 1.0}, seed=0)
add("normal_tmean_err_std_neg", {"fn": "normal_tensor",
                                 "mean": tensor_spec("float32", [2], [1.0, 2.0]), "std": -1.0},
    seed=0)
add("normal_tstd_err_neg", {"fn": "normal_tensor", "mean": 1.0,
                            "std": tensor_spec("float32", [2], [1.0, -2.0])}, seed=0)
add("normal_tstd_err_long", {"fn": "normal_tensor", "mean": 1.0,
                             "std": tensor_spec("int64", [2], [1, 2])}, seed=0)
add("normal_tt_err_neg", {"fn": "normal_tensor", "mean": tensor_spec("float32", [2], [1.0, 2.0]),
                          "std": tensor_spec("float32", [2], [1.0, -2.0])}, seed=0)
add("normal_tt_err_nan", {"fn": "normal_tensor", "mean": tensor_spec("float32", [2], [1.0, 2.0]),
                          "std": tensor_spec("float32", [2], [1.0, float("nan")])}, seed=0)
add("normal_tt_err_shape", {"fn": "normal_tensor", "mean": tensor_spec("float32", [2], [1.0, 2.0]),
                            "std": tensor_spec("float32", [3], [1.0, 2.0, 3.0])}, seed=0)
add("normal_tt_err_long_mean", {"fn": "normal_tensor", "mean": tensor_spec("int64", [2], [1, 2]),
                                "std": tensor_spec("float32", [2], [1.0, 2.0])}, seed=0)

# ---- *_like ---------------------------------------------------------------------------------------
for d in FLOATS:
    add(f"rand_like_{d}", {"fn": "rand_like", "self": tensor_spec(d, [3, 4], [0.0] * 12)}, seed=15)
    add(f"randn_like_{d}", {"fn": "randn_like", "self": tensor_spec(d, [4, 5], [0.0] * 20)}, seed=15)
add("rand_like_transposed", {"fn": "rand_like",
                             "self": tensor_spec("float32", [3, 4], [0.0] * 12, True)}, seed=15)
add("randn_like_transposed_small", {"fn": "randn_like",
                                    "self": tensor_spec("float32", [3, 4], [0.0] * 12, True)}, seed=15)
add("randn_like_transposed", {"fn": "randn_like",
                              "self": tensor_spec("float32", [5, 6], [0.0] * 30, True)}, seed=15)
add("randint_like_transposed", {"fn": "randint_like",
                                "self": tensor_spec("int64", [3, 4], [0] * 12, True), "high": 100},
    seed=15)
add("rand_like_dtype", {"fn": "rand_like", "self": tensor_spec("float32", [5], [0.0] * 5),
                        "dtype": "float64"}, seed=15)
add("randn_like_dtype", {"fn": "randn_like", "self": tensor_spec("float64", [5], [0.0] * 5),
                         "dtype": "float16"}, seed=15)
add("rand_like_err_long", {"fn": "rand_like", "self": tensor_spec("int64", [2], [1, 2])}, seed=15)
add("randn_like_err_long", {"fn": "randn_like", "self": tensor_spec("int64", [2], [1, 2])}, seed=15)
add("randn_like_long_to_float", {"fn": "randn_like", "self": tensor_spec("int64", [2], [1, 2]),
                                 "dtype": "float32"}, seed=15)
for d in INTS + FLOATS:
    add(f"randint_like_{d}", {"fn": "randint_like", "self": tensor_spec(d, [2, 6], [0] * 12),
                              "high": 9}, seed=16)
    add(f"randint_like_lowhigh_{d}", {"fn": "randint_like",
                                      "self": tensor_spec(d, [7], [0] * 7), "low": 3, "high": 20},
        seed=16)
add("randint_like_bool", {"fn": "randint_like", "self": tensor_spec("bool", [6], [False] * 6),
                          "high": 2}, seed=16)
add("randint_like_dtype", {"fn": "randint_like", "self": tensor_spec("float32", [6], [0.0] * 6),
                           "low": -4, "high": 4, "dtype": "int16"}, seed=16)
add("randint_like_err_range", {"fn": "randint_like", "self": tensor_spec("float32", [2], [0.0, 0.0]),
                               "low": 5, "high": 2}, seed=16)
add("randint_like_err_uint8", {"fn": "randint_like", "self": tensor_spec("uint8", [2], [0, 0]),
                               "high": 300}, seed=16)

# ---- sequences: the cached normal sample and the stream position ----------------------------------
add("seq_randn5_twice", [{"fn": "randn", "size": [5]}, {"fn": "randn", "size": [5]}], seed=0)
add("seq_randn10", {"fn": "randn", "size": [10]}, seed=0)
add("seq_randn_cache_across_block",
    [{"fn": "randn", "size": [3]}, {"fn": "randn", "size": [20]}, {"fn": "randn", "size": [1]},
     {"fn": "randn", "size": [1]}], seed=0)
add("seq_cache_dtype", [{"fn": "randn", "size": [1]}, {"fn": "randn", "size": [1], "dtype": "float64"},
                        {"fn": "randn", "size": [1], "dtype": "float16"},
                        {"fn": "randn", "size": [1], "dtype": "bfloat16"}], seed=3)
add("seq_cache_normal_mean", [{"fn": "normal", "mean": 5.0, "std": 2.0, "size": [1]},
                              {"fn": "normal", "mean": -1.0, "std": 0.5, "size": [1]},
                              {"fn": "randn", "size": [1]}], seed=3)
add("seq_cache_then_rand", [{"fn": "randn", "size": [1]}, {"fn": "rand", "size": [2]},
                            {"fn": "randn", "size": [1]}, {"fn": "randn", "size": [1]}], seed=3)
add("seq_manual_seed_clears_cache",
    [{"fn": "randn", "size": [1]}, {"fn": "manual_seed", "seed": 3}, {"fn": "randn", "size": [2]}],
    seed=3)
add("seq_mixed", [{"fn": "rand", "size": [3]}, {"fn": "randint", "high": 100, "size": [4]},
                  {"fn": "randn", "size": [17]}, {"fn": "randperm", "n": 5},
                  {"fn": "rand", "size": [2], "dtype": "float64"},
                  {"fn": "randn", "size": [3], "dtype": "float16"},
                  {"fn": "randint", "low": 0, "high": 2**35, "size": [2]},
                  {"fn": "rand", "size": [2]}], seed=77)
add("seq_initial_seed", [{"fn": "initial_seed"}, {"fn": "rand", "size": [3]}, {"fn": "initial_seed"}],
    seed=2**32 + 5)
add("seq_initial_seed_big", [{"fn": "initial_seed"}, {"fn": "rand", "size": [3]}], seed=2**63 + 12345)
add("seq_normal_tensor_uses_cache",
    [{"fn": "randn", "size": [1]},
     {"fn": "normal_tensor", "mean": tensor_spec("float32", [3], [0.0, 1.0, 2.0]), "std": 1.0},
     {"fn": "randn", "size": [1]}], seed=5)

# ---- explicit generators --------------------------------------------------------------------------
for s in [0, 1, 42, 2**32 + 5]:
    add(f"gen_rand_randn_s{s}", [{"fn": "rand", "size": [4], "gen": True},
                                 {"fn": "randn", "size": [3], "gen": True},
                                 {"fn": "randn", "size": [20], "gen": True},
                                 {"fn": "randint", "low": 0, "high": 1000, "size": [5], "gen": True},
                                 {"fn": "randperm", "n": 8, "gen": True},
                                 {"fn": "normal", "mean": 1.0, "std": 2.0, "size": [3], "gen": True}],
        gen_seed=s)
add("gen_default_seed", [{"fn": "initial_seed", "gen": True}, {"fn": "rand", "size": [5], "gen": True},
                         {"fn": "randn", "size": [5], "gen": True},
                         {"fn": "randint", "high": 50, "size": [5], "gen": True}], gen_seed=None)
add("gen_default_seed_randn", {"fn": "randn", "size": [40], "gen": True}, gen_seed=None)
add("gen_independent_of_global",
    [{"fn": "randn", "size": [1], "gen": True}, {"fn": "randn", "size": [1]},
     {"fn": "randn", "size": [1], "gen": True}, {"fn": "randn", "size": [1]},
     {"fn": "rand", "size": [2]}, {"fn": "rand", "size": [2], "gen": True}], seed=0, gen_seed=0)
add("gen_manual_seed_clears_cache",
    [{"fn": "randn", "size": [1], "gen": True}, {"fn": "manual_seed", "seed": 0, "gen": True},
     {"fn": "randn", "size": [3], "gen": True}], gen_seed=0)
add("gen_normal_tensor", [{"fn": "normal_tensor", "mean": tensor_spec("float32", [20], ramp(20)),
                           "std": tensor_spec("float32", [20], ramp(20, 0.1, 0.1)), "gen": True},
                          {"fn": "normal_tensor", "mean": tensor_spec("float64", [3], ramp(3)),
                           "std": 0.5, "gen": True},
                          {"fn": "normal_tensor", "mean": 0.5,
                           "std": tensor_spec("float16", [17], ramp(17, 0.1, 0.1)), "gen": True}],
    gen_seed=21)

# multinomial: without replacement (exponential draws, then the top k of p / q) and with it
# (a cumulative search per draw), 1-d and 2-d, strided rows, every floating dtype, errors.
PROBS = [0.1, 0.2, 0.3, 0.4, 0.0, 1.5]
for d in ["float32", "float64", "bfloat16"]:
    for n, repl in [(1, False), (3, False), (5, False), (1, True), (40, True)]:
        add(f"multinomial_{d}_{n}_{repl}", {"fn": "multinomial", "n": n, "replacement": repl,
                                            "self": tensor_spec(d, [6], PROBS)}, seed=0)
for repl in [False, True]:
    rows = tensor_spec("float32", [3, 6], [abs(v) for v in ramp(18, 0.37, -2.0)])
    add(f"multinomial_rows_{repl}", {"fn": "multinomial", "n": 4, "replacement": repl,
                                     "self": rows}, seed=5)
    add(f"multinomial_strided_{repl}",
        {"fn": "multinomial", "n": 2, "replacement": repl, "gen": True,
         "self": tensor_spec("float64", [3, 4], [abs(v) for v in ramp(12, 0.3, -1.0)], True)},
        gen_seed=9)
add("multinomial_half", {"fn": "multinomial", "n": 1, "replacement": False,
                         "self": tensor_spec("float16", [2], [1.0, 1.0])}, seed=0)
add("multinomial_negative", {"fn": "multinomial", "n": 1, "replacement": True,
                             "self": tensor_spec("float32", [2], [1.0, -1.0])}, seed=0)
add("multinomial_too_many", {"fn": "multinomial", "n": 3, "replacement": False,
                             "self": tensor_spec("float32", [2], [1.0, 1.0])}, seed=0)
for d in ["float32", "float64", "bfloat16", "float16"]:
    add(f"exponential_{d}", {"fn": "exponential_", "size": [3, 5], "dtype": d, "lambd": 1.5},
        seed=0)
add("exponential_transposed", {"fn": "exponential_", "size": [3, 5], "dtype": "float32",
                               "lambd": 1.0, "transpose": True, "gen": True}, gen_seed=4)
add("exponential_negative_rate", {"fn": "exponential_", "size": [2], "dtype": "float32",
                                  "lambd": -1.0}, seed=0)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "random.json")
with open(path, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {path}: {len(cases)} cases, {sum(len(c['calls']) for c in cases)} calls")
