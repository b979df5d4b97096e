"""Shared by gen_shape.py and gen_indexing.py: inputs of every layout (contiguous, transposed,
sliced with a step, expanded) described so that C++ rebuilds the same tensor with as_strided, and
cases recorded as results (values, dtype, shape, strides, storage offset, shared storage) or as
PyTorch's error."""
import torch
from reflib import DTYPES, describe, dt, encode

LAYOUTS = ["contig", "t", "step", "expand"]


def values(shape, dtype, gen):
    if dtype == "bool":
        return torch.randint(0, 2, shape, generator=gen).bool()
    if dtype == "uint8":
        return torch.randint(0, 100, shape, generator=gen).to(torch.uint8)
    if dt(dtype).is_floating_point:
        return (torch.randn(shape, generator=gen) * 4).to(dt(dtype))
    return torch.randint(-50, 50, shape, generator=gen).to(dt(dtype))


_gen = torch.Generator().manual_seed(1234)


def make(shape, dtype="float32", layout="contig", data=None):
    """A tensor of `shape` with the given memory layout. data: a tensor of `shape` to lay out."""
    shape = list(shape)
    src = data.to(dt(dtype)) if data is not None else values(shape, dtype, _gen)
    if layout == "contig" or len(shape) == 0:
        base = src.clone()
        view = base
    elif layout == "t":  # last two dims transposed (a 1-D input: every second element)
        if len(shape) == 1:
            base = torch.zeros([shape[0] * 2], dtype=src.dtype)
            view = base[1::2]
        else:
            base = src.transpose(-1, -2).contiguous()
            view = base.transpose(-1, -2)
    elif layout == "step":  # dim 0 sliced with step 2 from offset 1
        base = torch.zeros([shape[0] * 2 + 1] + shape[1:], dtype=src.dtype)
        view = base[1::2]
    elif layout == "expand":  # dim 0 broadcast from size 1 (data's first row repeated)
        base = src[:1].clone()
        view = base.expand(shape)
        src = view
    else:
        raise ValueError(layout)
    if layout in ("step",) or (layout == "t" and len(shape) == 1):
        view.copy_(src)
    assert torch.equal(view, src) or bool(src.isnan().any())
    return view


def input_desc(v):
    # The base storage as a flat tensor of the right dtype, then the view's geometry.
    base = torch.empty(0, dtype=v.dtype).set_(v.storage(), 0, (v.storage().size(),), (1,))
    return {"base": describe(base), "size": list(v.shape), "stride": list(v.stride()),
            "offset": v.storage_offset()}


def root(t):
    return t._base if t._base is not None else t


def shares(a, b):
    """Whether a is b or a view of the same storage (data pointers say nothing for empty ones)."""
    return root(a) is root(b)


def result_desc(r, inputs):
    d = describe(r)
    d["stride"] = list(r.stride())
    d["offset"] = r.storage_offset()
    d["shares"] = bool(inputs) and isinstance(inputs[0], torch.Tensor) and shares(r, inputs[0])
    return d


def error_of(e):
    return {"type": type(e).__name__, "message": str(e)}


def record(out, name, op, inputs, fn, **args):
    """Runs fn(*inputs) and stores the case: result(s) or error. args are what C++ needs."""
    case = {"name": name, "op": op, "args": args, "inputs": [input_desc(i) for i in inputs]}
    try:
        r = fn(*inputs)
    except Exception as e:  # noqa: BLE001 - PyTorch's error is the reference
        case["error"] = error_of(e)
    else:
        if isinstance(r, (tuple, list)):
            case["results"] = [result_desc(x, inputs) for x in r]
        else:
            case["result"] = result_desc(r, inputs)
    assert name not in {c["name"] for c in out}, name
    out.append(case)
