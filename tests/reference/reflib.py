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
