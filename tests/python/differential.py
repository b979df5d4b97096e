"""Running the same code under real PyTorch and under ember, and comparing what comes out.

    check("torch.tensor([1, 2]) * 2")             # an expression, `torch` bound to each library
    check("x = torch.ones(2); x.add_(1); x")      # statements; the last one is the result

The outcome under each library is either a value or an exception. Values are compared
structurally: tensors by dtype, shape, elements (exactly for integers and bools, within a float
tolerance otherwise), requires_grad, grad_fn name and repr; tuples and lists item by item;
ember.Size / dtype / device by their repr; other values by ==. Exceptions must have the same type
and (unless message=False) the same message. Everything PyTorch prints as "torch." ember prints
as "ember.".

A snippet is Python statements, separated by newlines or '; ', whose last one is an expression:
the result. A malformed snippet fails the test instead of "agreeing" with itself: one that does
not compile (a SyntaxError) or does not end with an expression (ends with an assignment, or
inside an indented block) fails in run(); a NameError or SyntaxError under PyTorch (a typo in
the test, a name the snippet never defined) fails in check() and compare() unless the test
expects it (raises=NameError).
"""
import ast
import math
import re

import numpy as np
import pytest
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


# Errors that, raised by PyTorch, mean the test itself is wrong (unless it says it expects them).
MALFORMED = (NameError, SyntaxError)


def compile_case(code):
    """code, a snippet, compiled as (body, result): Python statements (separated by newlines or
    '; ') whose last one is an expression, the result; body is None when the snippet is a single
    expression. A snippet that does not compile, or does not end with an expression, fails the
    test: run as it stands, it would raise the same SyntaxError under both libraries and so
    "agree" while testing nothing."""
    code = code.strip()
    try:
        tree = ast.parse(code, "<case>", "exec")
    except SyntaxError as e:
        pytest.fail(f"malformed snippet ({type(e).__name__}: {e}):\n{code}", pytrace=False)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        pytest.fail("malformed snippet (its last statement must be an expression, the result; "
                    f"this one is {type(tree.body[-1]).__name__ if tree.body else 'empty'}):"
                    f"\n{code}", pytrace=False)
    result = compile(ast.Expression(tree.body[-1].value), "<case>", "eval")
    if len(tree.body) == 1:
        return None, result
    return compile(ast.Module(tree.body[:-1], type_ignores=[]), "<case>", "exec"), result


def run(code, lib, env=None):
    """Runs code with `torch` bound to lib (the module object or its name)."""
    module = LIBS[lib] if isinstance(lib, str) else lib
    compiled = None if callable(code) else compile_case(code)
    ns = {"torch": module, "np": np, "math": math}
    if env:
        ns.update(env(module) if callable(env) else env)
    try:
        if callable(code):
            return Outcome(code(module))
        body, last = compiled
        if body is not None:
            exec(body, ns)
        return Outcome(eval(last, ns))
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
            tolerance=None, raises=None):
    """Asserts that two outcomes (PyTorch's, ember's) agree. raises: the type of exception
    PyTorch must raise (asserted when given); a NameError or SyntaxError from PyTorch fails the
    test as a malformed case unless raises names it."""
    where = f" [{label}]" if label else ""
    if raises is not None:
        assert isinstance(expected.error, raises), \
            f"PyTorch {expected}, expected it to raise {raises.__name__}{where}"
    if isinstance(expected.error, MALFORMED) and \
            not (raises is not None and isinstance(expected.error, raises)):
        pytest.fail(f"malformed case{where}: PyTorch {expected} (a test that would pass under "
                    "both libraries while testing nothing; pass raises= if it is meant)",
                    pytrace=False)
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


def check(code, message=True, compare_repr=True, exact=False, env=None, raises=None):
    """Runs code under both libraries and asserts the outcomes agree; returns ember's outcome.
    raises: see compare()."""
    expected = run(code, torch, env)
    if isinstance(expected.error, MALFORMED) and not (raises and isinstance(expected.error, raises)):
        pytest.fail(f"malformed case: PyTorch {expected} (a test that would pass under both "
                    f"libraries while testing nothing; pass raises= if it is meant):\n"
                    f"{code.strip() if isinstance(code, str) else getattr(code, '__qualname__', code)}",
                    pytrace=False)
    actual = run(code, ember, env)
    compare(expected, actual, message=message, compare_repr=compare_repr, exact=exact,
            label=code.strip().split("\n")[-1] if isinstance(code, str) else getattr(code, "__name__", ""),
            raises=raises)
    return actual
