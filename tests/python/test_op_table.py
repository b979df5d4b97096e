"""Every op of the op tables (src/ops/*.yaml, from which tools/opgen.py generates the code) in
every form it is generated in, against PyTorch: the function, the method, the alias, out=, the
in-place method (on a plain tensor, on a tensor with history and on a view of one), their values,
errors and gradients."""
import importlib.util
import inspect
import pathlib

import pytest

import torch
from differential import check

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("opgen", ROOT / "tools" / "opgen.py")
opgen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(opgen)
ENTRIES = [entry for table in sorted((ROOT / "src" / "ops").glob("*.yaml"))
           for entry in opgen.read_table(str(table))]
OPS = [entry for entry in ENTRIES if isinstance(entry, opgen.Op) and not entry.binary]
BINARY_OPS = [entry for entry in ENTRIES if isinstance(entry, opgen.Op) and entry.binary]
BINDINGS = [entry if isinstance(entry, opgen.Binding) else opgen.op_binding(entry)
            for entry in ENTRIES]

# Inputs inside every op's domain (log, sqrt, asin, ...), then a general float, an integer and a
# bool tensor.
DOMAIN = "torch.tensor([[0.25, 0.5, 0.75], [0.125, 0.375, 0.625]])"
INPUTS = [DOMAIN, "torch.tensor([[-2.5, -0.5, 0.0], [0.5, 1.5, 3.25]], dtype=torch.float64)",
          "torch.tensor([[-3, 0, 2]])", "torch.tensor([True, False])"]


def ids(op):
    return op.name


@pytest.mark.parametrize("op", OPS, ids=ids)
@pytest.mark.parametrize("x", INPUTS)
def test_function_method_and_out(op, x):
    check(f"torch.{op.name}({x})")
    check(f"({x}).{op.name}()")
    check(f"x = {x}; o = torch.empty_like(torch.{op.name}(x)); torch.{op.name}(x, out=o); o")
    for alias in op.aliases:
        check(f"torch.{alias}({x})")
        check(f"({x}).{alias}()")
        check(f"x = {x}; o = torch.empty_like(torch.{alias}(x)); torch.{alias}(x, out=o); o")


@pytest.mark.parametrize("op", [op for op in OPS if op.inplace], ids=ids)
@pytest.mark.parametrize("x", INPUTS)
def test_inplace_values_and_errors(op, x):
    for name in [op.name] + op.aliases:
        check(f"x = {x}; y = x.{name}_(); (x, y is x, x._version)")


@pytest.mark.parametrize("op", OPS, ids=ids)
def test_gradient(op):
    check(f"a = {DOMAIN}.requires_grad_(); y = torch.{op.name}(a * 1.5); y.grad_fn.name()")
    check(f"a = {DOMAIN}.double().requires_grad_(); y = torch.{op.name}(a * 1.5); "
          "y.sum().backward(); a.grad")
    # Twice differentiable: the formula is recorded when create_graph is on. (a * a is added
    # because PyTorch's zero second derivatives are tensors without memory, which it refuses to
    # convert for the comparison.)
    check(f"a = {DOMAIN}.double().requires_grad_(); y = torch.{op.name}(a * 1.5).sum(); "
          "(g,) = torch.autograd.grad(y, a, create_graph=True); (g.sum() + (a * a).sum()).backward(); a.grad")


@pytest.mark.parametrize("op", [op for op in OPS if op.inplace], ids=ids)
def test_inplace_gradient(op):
    # On a tensor with history, on a view of one, and then modified again (the saved value, when
    # the derivative reads one, is checked for its version).
    check(f"a = {DOMAIN}.double().requires_grad_(); b = a * 1.5; c = b.{op.name}_(); "
          "(c.grad_fn.name(), c is b)")
    check(f"a = {DOMAIN}.double().requires_grad_(); b = a * 1.5; b.{op.name}_(); "
          "(b * b).sum().backward(); a.grad")
    check(f"a = {DOMAIN}.double().requires_grad_(); b = a * 1.5; b[1].{op.name}_(); "
          f"b.t()[0].{op.name}_(); b.sum().backward(); a.grad")
    check(f"a = {DOMAIN}.double().requires_grad_(); b = a * 1.5; b.{op.name}_(); "
          "b.add_(1); b.sum().backward(); a.grad")
    check(f"a = {DOMAIN}.requires_grad_(); a.{op.name}_()")
    check(f"a = {DOMAIN}.requires_grad_(); a[0].{op.name}_()")


# ---- the bindings of the ops written by hand (binary.yaml, shape.yaml, ...) ----------------------
# Their values, gradients and errors are tested with each op (test_ops.py and others); here, that
# the generated Python API is PyTorch's: the same names in every form, and the same signatures,
# read from the TypeError both list when no signature matches.


def binding_forms(b):
    for name in [b.name] + b.aliases:
        if b.function:
            yield f"torch.{name}"
        if b.method and b.methods():
            yield f"torch.Tensor.{name}"
            if b.inplace:
                yield f"torch.Tensor.{name}_"


@pytest.mark.parametrize("b", BINDINGS, ids=ids)
def test_binding_signatures(b):
    for form in binding_forms(b):
        # No argument list matches eight strings: the message lists every signature.
        bad = ", ".join(["'x'"] * 8)
        if form.startswith("torch.Tensor."):
            method = form.removeprefix("torch.Tensor.")
            assert hasattr(torch.Tensor, method), f"{form}: PyTorch has no such method"
            if inspect.isfunction(getattr(torch.Tensor, method)):
                continue  # written in Python in PyTorch (Tensor.unflatten): Python's own errors
            sigs = b.inplace_methods() if method.endswith("_") and b.inplace else b.methods()
            if not any(s.params for s in sigs):
                check(f"torch.ones(2).{method}(1)", message=False)  # METH_NOARGS: Python's error
                continue
            check(f"torch.ones(2).{method}({bad})")
        elif inspect.isfunction(getattr(torch, form.removeprefix("torch."), None)):
            continue  # written in Python in PyTorch (torch.split, torch.norm)
        elif hasattr(torch, form.removeprefix("torch.")):
            check(f"{form}({bad})")
        # (else ember's own: gelu, silu and the losses, which ember.nn.functional calls)


# ---- the binary ops generated whole (binary.yaml entries with a kernel) --------------------------
PAIRS = [
    # broadcast, with a negative, a zero and a large value
    ("torch.tensor([[0.5, -1.5, 3.0, 0.0]])", "torch.tensor([[2.0], [-0.25], [40.0]])"),
    ("torch.tensor([1e30, -2.5, 0.125], dtype=torch.float64)", "torch.tensor(3.0, dtype=torch.float64)"),
    # equal infinities, NaN
    ("torch.tensor([float('inf'), -float('inf'), float('nan'), 1.0])",
     "torch.tensor([float('inf'), -float('inf'), 1.0, -float('inf')])"),
    ("torch.tensor([1.5, -2.0], dtype=torch.bfloat16)", "torch.tensor([0.5, 4.0], dtype=torch.bfloat16)"),
    ("torch.tensor([1.5, -2.0], dtype=torch.half)", "torch.tensor([0.5, 4.0], dtype=torch.half)"),
    ("torch.tensor([1.5, -2.0])", "torch.tensor([1, 4])"),  # promoted to float
    ("torch.tensor([3, -2])", "torch.tensor([1, 4])"),  # integers: refused
    ("torch.tensor([True, False])", "torch.tensor([True, True])"),
]


@pytest.mark.parametrize("op", BINARY_OPS, ids=ids)
@pytest.mark.parametrize("a, b", PAIRS)
def test_binary_function_method_out_and_inplace(op, a, b):
    n = op.name
    check(f"torch.{n}({a}, {b})")
    check(f"({a}).{n}({b})")
    check(f"a = {a}; o = torch.empty_like(torch.{n}(a, {b})); r = torch.{n}(a, {b}, out=o); "
          "(o, r is o)")
    check(f"torch.{n}({a}, 2.0)")  # PyTorch's parser refuses a number for other
    if op.inplace:
        check(f"x = {a}.clone(); y = x.{n}_({b}); (x, y is x, x._version)")


@pytest.mark.parametrize("op", BINARY_OPS, ids=ids)
def test_binary_gradients(op):
    n = op.name
    a = "torch.tensor([[0.5, -1.5, 3.0]], dtype=torch.float64, requires_grad=True)"
    b = "torch.tensor([[2.0], [-0.25]], dtype=torch.float64, requires_grad=True)"
    check(f"a = {a}; b = {b}; y = torch.{n}(a, b); y.grad_fn.name()")
    check(f"a = {a}; b = {b}; torch.autograd.grad(torch.{n}(a * 1.5, b).sum(), (a, b))")
    check(f"a = {a}; b = {b}; torch.autograd.grad(torch.{n}(a, b.detach()).sum(), a)")
    check(f"a = {a}; b = {b}; (ga, gb) = torch.autograd.grad(torch.{n}(a, b).sum(), (a, b), "
          "create_graph=True); (ga.sum() + gb.sum() + (a * a).sum()).backward(); (a.grad, b.grad)")
    if op.inplace:
        check(f"a = {a}; b = {b}; x = a * 1; x.{n}_(b[0]); x.sum().backward(); (a.grad, b.grad)")
        check(f"a = {a}; b = {b}; x = (a * 1).expand(2, 3).clone(); v = x[0]; v.{n}_(b[0, 0]); "
              "x.sum().backward(); (a.grad, b.grad, x.grad_fn.name())")
