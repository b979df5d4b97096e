"""Shared by the tests/reference/gen_*.py generators: how tensors and errors are written to the
JSON references the C++ tests read (tests/reference.h rebuilds them)."""
import torch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32", "float64"]


def dt(name):
    """torch dtype from its Python name ("float32")."""
    return getattr(torch, name)


def dtname(d):
    """Python name ("float32") of a torch dtype."""
    return str(d).replace("torch.", "")


def encode(t):
    """Flat values of t in row-major order, exactly: ints as ints, floats as float.hex strings."""
    flat = t.reshape(-1)
    if t.dtype == torch.bool:
        return [bool(v) for v in flat.tolist()]
    if t.dtype.is_floating_point:
        return [float(v).hex() for v in flat.double().tolist()]
    return [int(v) for v in flat.tolist()]


def describe(t):
    return {"dtype": dtname(t.dtype), "shape": list(t.shape), "values": encode(t)}


def error_of(fn):
    """{"type", "message"} of what fn raises (it must raise)."""
    try:
        fn()
    except BaseException as e:  # noqa: BLE001 - we record whatever PyTorch raises
        return {"type": type(e).__name__, "message": str(e)}
    raise AssertionError("expected an error")


# ---- Autograd references (tests/reference/gen_autograd_*.py, read by tests/autograd/grad_cases.h)
#
# A case is a function of some inputs, each described by a spec dict:
#   shape   the input's shape
#   dtype   "float32" (default), "float64", "int64" (integer inputs never require grad)
#   layout  "contiguous" (default); "t": a transposed view of a leaf (last two dims swapped);
#           "step": every second element of a leaf twice as long in the last dim;
#           "expand": a leaf with first dim 1 expanded to `shape`
#   domain  "any" (default, normal values), "positive" (0.5 to 2.5), "unit" (-0.9 to 0.9),
#           "distinct" (a permutation of 1..n spread over [-2, 2], for max/sort ties)
#   data    literal values instead of random ones (index tensors)
#   grad    false: the leaf does not require grad
# The generator records the leaf values, the forward result, its grad_fn name, and the gradient
# of every leaf for a random grad_output. The C++ test rebuilds the same leaves and views, runs
# its own version of the function, and compares.

def _leaf_shape(spec):
    shape = list(spec["shape"])
    layout = spec.get("layout", "contiguous")
    if layout == "t":
        shape[-1], shape[-2] = shape[-2], shape[-1]
    elif layout == "step":
        shape[-1] = shape[-1] * 2
    elif layout == "expand":
        shape[0] = 1
    return shape


def _apply_layout(leaf, spec):
    layout = spec.get("layout", "contiguous")
    if layout == "t":
        return leaf.transpose(-1, -2)
    if layout == "step":
        return leaf[..., ::2]
    if layout == "expand":
        return leaf.expand(*spec["shape"])
    return leaf


def _leaf_values(spec, gen):
    dtype = dt(spec.get("dtype", "float32"))
    shape = _leaf_shape(spec)
    if "data" in spec:
        return torch.tensor(spec["data"], dtype=dtype).reshape(shape)
    n = 1
    for s in shape:
        n *= s
    domain = spec.get("domain", "any")
    if domain == "distinct":
        v = torch.randperm(n, generator=gen).double()
        v = (v - (n - 1) / 2) * (4.0 / max(n, 1))
    else:
        v = torch.randn(n, generator=gen, dtype=torch.float64)
        if domain == "positive":
            v = 0.5 + torch.rand(n, generator=gen, dtype=torch.float64) * 2
        elif domain == "unit":
            v = (torch.rand(n, generator=gen, dtype=torch.float64) * 2 - 1) * 0.9
    # Values exactly representable in float16/bfloat16 are not needed: round through the dtype.
    return v.to(dtype).reshape(shape)


def grad_case(f, specs, seed=0):
    """Runs f on leaves built from specs and records everything the C++ test compares."""
    gen = torch.Generator().manual_seed(seed)
    leaves = []
    for spec in specs:
        leaf = _leaf_values(spec, gen)
        if leaf.dtype.is_floating_point and spec.get("grad", True):
            leaf.requires_grad_()
        leaves.append(leaf)
    inputs = [_apply_layout(leaf, spec) for leaf, spec in zip(leaves, specs)]
    out = f(*inputs)
    case = {
        "inputs": [dict(spec, leaf=describe(leaf.detach())) for spec, leaf in zip(specs, leaves)],
        "output": describe(out.detach()),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else None,
    }
    if out.requires_grad:
        grad_output = torch.randn(out.shape, generator=gen, dtype=torch.float64).to(out.dtype)
        out.backward(grad_output)
        case["grad_output"] = describe(grad_output)
        case["grads"] = [describe(l.grad) if l.grad is not None else None for l in leaves]
    return case


def grad_error(f, specs, seed=0):
    """The error f raises on leaves built from specs (in the forward or in out.sum().backward())."""
    gen = torch.Generator().manual_seed(seed)
    values = [_leaf_values(spec, gen) for spec in specs]

    def run():
        leaves = []
        for spec, v in zip(specs, values):
            leaf = v.clone()
            if leaf.dtype.is_floating_point and spec.get("grad", True):
                leaf.requires_grad_()
            leaves.append(leaf)
        inputs = [_apply_layout(leaf, spec) for leaf, spec in zip(leaves, specs)]
        f(*inputs).sum().backward()
    return {"inputs": [dict(spec, leaf=describe(v)) for spec, v in zip(specs, values)],
            "error": error_of(run)}


def write_grad_reference(name, cases, errors=None):
    """Writes tests/reference/<name>.json from {case: (f, specs[, options])} and, optionally,
    {case: (f, specs)} whose forward or backward raises. options: {"gradcheck": False} for a case
    evaluated where finite differences do not apply (ties, kinks)."""
    import json
    import os
    out = {"torch_version": torch.__version__, "cases": {}, "errors": {}}
    for key, entry in cases.items():
        f, specs = entry[0], entry[1]
        case = grad_case(f, specs)
        if len(entry) > 2:
            case.update(entry[2])
        out["cases"][key] = case
    for key, (f, specs) in (errors or {}).items():
        out["errors"][key] = grad_error(f, specs)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".json")
    with open(path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}: {len(out['cases'])} cases, {len(out['errors'])} errors")
