"""Running the same code under real PyTorch and under ember, and comparing what comes out.

    check("torch.tensor([1, 2]) * 2")             # an expression, `torch` bound to each library
    check("x = torch.ones(2); x.add_(1); x")      # statements; the last line is the result

The outcome under each library is either a value or an exception. Values are compared
structurally: tensors by dtype, shape, elements (exactly for integers and bools, within a float
tolerance otherwise), requires_grad, grad_fn name and repr; tuples and lists item by item;
ember.Size / dtype / device by their repr; other values by ==. Exceptions must have the same type
and (unless message=False) the same message. Everything PyTorch prints as "torch." ember prints
as "ember.".
"""
import math
import re

import numpy as np
import torch

import ember

LIBS = {"torch": torch, "ember": ember}

_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def normalize(text):
    """PyTorch's text as ember writes it: 'ember.' for 'torch.', object addresses masked."""
    text = str(text).replace("torch.", "ember.").replace("torch::", "ember::")
    text = text.replace("Torch not compiled", "ember not compiled")
    return _ADDRESS.sub(" at 0x?", text)


class Outcome:
    def __init__(self, value=None, error=None):
        self.value = value
        self.error = error

    def __repr__(self):
        if self.error is not None:
            return f"raised {type(self.error).__name__}: {self.error}"
        return f"returned {self.value!r}"


def run(code, lib, env=None):
    """Runs code with `torch` bound to lib (the module object or its name)."""
    module = LIBS[lib] if isinstance(lib, str) else lib
    ns = {"torch": module, "np": np, "math": math}
    if env:
        ns.update(env(module) if callable(env) else env)
    try:
        if callable(code):
            return Outcome(code(module))
        lines = code.strip().split("\n")
        try:
            compiled = compile(code.strip(), "<case>", "eval")
            return Outcome(eval(compiled, ns))
        except SyntaxError:
            pass
        if ";" in lines[-1] and len(lines) == 1:
            parts = [p.strip() for p in lines[0].split(";")]
            body, last = "\n".join(parts[:-1]), parts[-1]
        else:
            body, last = "\n".join(lines[:-1]), lines[-1]
        exec(compile(body, "<case>", "exec"), ns)
        return Outcome(eval(compile(last, "<case>", "eval"), ns))
    except Exception as e:  # noqa: BLE001  (any exception is an outcome to compare)
        return Outcome(error=e)


def _tolerance(dtype_name):
    if dtype_name in ("float16", "bfloat16"):
        return 1e-2, 1e-2
    if dtype_name == "float32":
        return 1e-5, 1e-6
    return 1e-10, 1e-12


def _dtype_name(dt):
    return repr(dt).split(".")[-1]


def tensor_summary(t):
    return {
        "dtype": _dtype_name(t.dtype),
        "shape": tuple(t.shape),
        "requires_grad": t.requires_grad,
        "grad_fn": None if t.grad_fn is None else normalize(t.grad_fn.name()),
        "is_leaf": t.is_leaf,
    }


def _values(t):
    t = t.detach()
    if _dtype_name(t.dtype) == "bfloat16":
        t = t.float()
    return np.array(t.tolist())


def compare_values(a, b, path="result", compare_repr=True, exact=False, tolerance=None):
    """Asserts that a (PyTorch's) and b (ember's) are the same value; path names the place."""
    if isinstance(a, torch.Tensor):
        assert isinstance(b, ember.Tensor), f"{path}: expected a Tensor, got {type(b).__name__}"
        sa, sb = tensor_summary(a), tensor_summary(b)
        assert sa == sb, f"{path}: {sa} != {sb}"
        va, vb = _values(a), _values(b)
        if sa["dtype"] in ("float16", "bfloat16", "float32", "float64") and not exact:
            rtol, atol = (tolerance or {}).get(sa["dtype"]) or _tolerance(sa["dtype"])
            assert np.allclose(va, vb, rtol=rtol, atol=atol, equal_nan=True), \
                f"{path}: values differ\n torch: {va}\n ember: {vb}"
            close_repr = np.array_equal(va, vb, equal_nan=True)
        else:
            assert np.array_equal(va, vb), f"{path}: values differ\n torch: {va}\n ember: {vb}"
            close_repr = True
        if compare_repr and close_repr:
            assert normalize(repr(a)) == repr(b), \
                f"{path}: repr differs\n torch: {normalize(repr(a))}\n ember: {repr(b)}"
        return
    if isinstance(a, torch.Size):
        assert isinstance(b, ember.Size), f"{path}: expected a Size, got {type(b).__name__}"
        assert normalize(repr(a)) == repr(b), f"{path}: {a!r} != {b!r}"
        return
    if isinstance(a, (torch.dtype, torch.device, torch.layout)):
        assert normalize(repr(a)) == repr(b) and normalize(str(a)) == str(b), \
            f"{path}: {a!r} != {b!r}"
        return
    if type(a).__module__ == "torch.return_types":
        assert normalize(type(a).__qualname__) == type(b).__qualname__ or \
            normalize(type(a).__name__) == type(b).__name__, f"{path}: {type(a)} vs {type(b)}"
        assert len(a) == len(b)
        for i, (x, y) in enumerate(zip(a, b)):
            compare_values(x, y, f"{path}[{i}]", compare_repr, exact, tolerance)
        if compare_repr:
            assert normalize(repr(a)) == repr(b), \
                f"{path}: repr differs\n torch: {normalize(repr(a))}\n ember: {repr(b)}"
        return
    if isinstance(a, (tuple, list)):
        assert type(a) == type(b), f"{path}: {type(a).__name__} vs {type(b).__name__}"
        assert len(a) == len(b), f"{path}: length {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            compare_values(x, y, f"{path}[{i}]", compare_repr, exact, tolerance)
        return
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), f"{path}: expected an ndarray"
        assert a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides, \
            f"{path}: {a.dtype}{a.shape}{a.strides} vs {b.dtype}{b.shape}{b.strides}"
        assert np.array_equal(a, b, equal_nan=True), f"{path}: {a} vs {b}"
        return
    if isinstance(a, float) and isinstance(b, float):
        assert (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9), \
            f"{path}: {a} != {b}"
        return
    if isinstance(a, str):
        assert normalize(a) == normalize(b), f"{path}: {normalize(a)!r} != {b!r}"
        return
    if a is None or isinstance(a, (bool, int)):
        assert type(a) == type(b) and a == b, f"{path}: {a!r} != {b!r}"
        return
    if type(a).__name__.endswith("Backward0") or type(a).__name__.endswith("Backward1") \
            or type(a).__name__ == "AccumulateGrad":
        assert type(a).__name__ == type(b).__name__, f"{path}: {type(a).__name__} vs {type(b).__name__}"
        assert normalize(repr(a)) == normalize(repr(b))
        return
    assert normalize(repr(a)) == normalize(repr(b)), f"{path}: {a!r} vs {b!r}"


def compare(expected, actual, message=True, compare_repr=True, exact=False, label="",
            tolerance=None):
    """Asserts that two outcomes (PyTorch's, ember's) agree."""
    where = f" [{label}]" if label else ""
    if expected.error is not None:
        assert actual.error is not None, \
            f"PyTorch raised {type(expected.error).__name__}: {expected.error}; ember {actual}{where}"
        assert type(expected.error) is type(actual.error), \
            f"PyTorch raised {type(expected.error).__name__}: {expected.error}; ember {actual}{where}"
        if message:
            assert normalize(expected.error) == normalize(actual.error), \
                f"messages differ{where}:\n torch: {normalize(expected.error)}\n ember: {actual.error}"
        return
    assert actual.error is None, f"PyTorch {expected}; ember {actual}{where}"
    compare_values(expected.value, actual.value, "result" + where, compare_repr, exact, tolerance)


def check(code, message=True, compare_repr=True, exact=False, env=None):
    """Runs code under both libraries and asserts the outcomes agree; returns ember's outcome."""
    expected = run(code, torch, env)
    actual = run(code, ember, env)
    compare(expected, actual, message=message, compare_repr=compare_repr, exact=exact,
            label=code.strip().split("\n")[-1] if isinstance(code, str) else getattr(code, "__name__", ""))
    return actual
