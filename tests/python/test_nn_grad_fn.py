"""The graph nodes of ember.nn.functional's activations, losses, pad and conv1d against PyTorch:
those PyTorch runs as one op (leaky_relu, elu, softplus, hardtanh, glu, huber_loss, ...) are one
node in ember too, with PyTorch's name, next_functions, values, gradients (PyTorch's formulas)
and second derivatives; their in-place forms; the saved tensors' version checks; no reference
cycle through the node.

Each case runs the same code with `torch` bound to PyTorch and to ember (differential.check).
"""
import gc
import weakref

import pytest

import ember
from differential import check

# (the broadcasting losses' warnings: test_warnings)
pytestmark = pytest.mark.filterwarnings("ignore:Using a target size", "ignore:Using padding='same'")

F = "torch.nn.functional"

# Seeded values (ember's generator draws PyTorch's), and values at the kinks of the functions
# (0, +-1, +-3, softplus's threshold 20) where the formulas' comparisons decide.
RANDOM = "(torch.manual_seed(0), torch.randn(4, 6, dtype={dtype}) * 3)[1]"
KINKS = ("torch.tensor([[-25., -4., -3., -1., -0.5, 0.], [0.1, 0.5, 1., 3., 20., 25.]], "
         "dtype={dtype})")

ACTIVATIONS = [
    "F.leaky_relu(x)", "F.leaky_relu(x, 0.2)", "F.leaky_relu(x, -0.3)", "F.leaky_relu(x, 0.0)",
    "F.elu(x)", "F.elu(x, 0.5)", "F.elu(x, -0.5)", "F.selu(x)",
    "F.celu(x)", "F.celu(x, 2.0)", "F.celu(x, -1.5)",
    "F.mish(x)", "F.softplus(x)", "F.softplus(x, 2, 1)", "F.softplus(x, 0.5, 3)",
    "F.hardtanh(x)", "F.hardtanh(x, -2.0, 3.0)", "F.relu6(x)",
    "F.hardsigmoid(x)", "F.hardswish(x)", "F.logsigmoid(x)",
    "F.threshold(x, 0.1, 20.0)", "F.threshold(x, -1.0, -3.0)",
    "F.glu(x)", "F.glu(x, 0)", "F.glu(x, -2)",
    "F.pad(x, (1, 2))", "F.pad(x, (1, -1, 2, 0), value=3.0)", "F.pad(x, (-1, -2))",
    "F.pad(x[None], (0, 0, 1, 1, 2, 0))",
]

# In place, on a tensor with history (x * 1): the result is that tensor, its node PyTorch's.
INPLACE = [
    "F.leaky_relu(x * 1, inplace=True)", "F.leaky_relu_(x * 1, 0.2)", "F.leaky_relu_(x * 1, 0.0)",
    "F.elu_(x * 1)", "F.elu(x * 1, 0.5, inplace=True)", "F.selu(x * 1, inplace=True)",
    "F.selu_(x * 1)", "F.celu(x * 1, 2.0, inplace=True)", "F.celu_(x * 1)",
    "F.mish(x * 1, inplace=True)", "F.silu(x * 1, inplace=True)",
    "F.hardtanh(x * 1, inplace=True)", "F.hardtanh_(x * 1, -2.0, 3.0)",
    "F.relu6(x * 1, inplace=True)", "F.hardsigmoid(x * 1, inplace=True)",
    "F.hardswish(x * 1, inplace=True)", "F.threshold(x * 1, 0.1, 20.0, inplace=True)",
    "F.threshold_(x * 1, 0.1, 20.0)",
]

# Two inputs (x, t), each with an edge; broadcasting through expand, as PyTorch's.
LOSSES = [
    "F.huber_loss(x, t)", "F.huber_loss(x, t, reduction='none')",
    "F.huber_loss(x, t, reduction='sum', delta=0.5)", "F.huber_loss(x, t, delta=4.0)",
    "F.huber_loss(x, t[0])", "F.huber_loss(x[:1], t, reduction='none')",
    "F.huber_loss(x, t.detach())", "F.huber_loss(x.detach(), t, reduction='sum')",
]

# x (N, C, L) or (C, L), w (C_out, C / groups, k), b (C_out).
CONVOLUTIONS = [
    "F.conv1d(x, w)", "F.conv1d(x, w, b, stride=2, padding=1)", "F.conv1d(x, w, b, dilation=2)",
    "F.conv1d(x[0], w, b)", "F.conv1d(x, w, padding='same')",
    "F.conv1d(x, w[:, :, :2], b, padding='same')", "F.conv1d(x, w, padding='valid')",
    "F.conv1d(x, w[:2, :2], b[:2], groups=2)", "F.conv1d(x.detach(), w)",
    "F.conv1d(x, w.detach(), b)",
]

SETUP = {
    "act": "x = {input}.requires_grad_()",
    "inplace": "x = {input}.requires_grad_()",
    "loss": "x = {input}.requires_grad_(); t = ({input}.flip(0) * 0.7).requires_grad_()",
    "conv": "torch.manual_seed(2); x = torch.randn(2, 4, 7, dtype={dtype}, requires_grad=True); "
            "w = torch.randn(3, 4, 3, dtype={dtype}, requires_grad=True); "
            "b = torch.randn(3, dtype={dtype}, requires_grad=True)",
}

CASES = ([("act", e) for e in ACTIVATIONS] + [("inplace", e) for e in INPLACE]
         + [("loss", e) for e in LOSSES] + [("conv", e) for e in CONVOLUTIONS])
IDS = [e for _, e in CASES]


def prepare(kind, dtype="torch.float32", input=RANDOM):
    return SETUP[kind].format(input=input.format(dtype=dtype), dtype=dtype)


def leaves(kind):
    return {"act": "x", "inplace": "x", "loss": "x, t", "conv": "x, w, b"}[kind]


NODE = "[(None if f is None else f.name(), i) for f, i in y.grad_fn.next_functions]"


@pytest.mark.parametrize("kind,expr", CASES, ids=IDS)
def test_node_name_edges_and_values(kind, expr):
    """The result (values and repr with grad_fn=<...>), its node's name and next_functions."""
    check(f"F = {F}; {prepare(kind)}; y = {expr}; (y, y.grad_fn.name(), {NODE})")


# Each case on both inputs (the convolutions on the random one).
WITH_INPUTS = [(k, e, i) for k, e in CASES for i in ((RANDOM,) if k == "conv" else (RANDOM, KINKS))]
WITH_INPUTS_IDS = [f"{e}-{'random' if i == RANDOM else 'kinks'}" for _, e, i in WITH_INPUTS]


@pytest.mark.parametrize("dtype", ["torch.float32", "torch.float64"])
@pytest.mark.parametrize("kind,expr,input", WITH_INPUTS, ids=WITH_INPUTS_IDS)
def test_gradients(kind, expr, input, dtype):
    """The gradient of every input, for a grad_output other than ones."""
    check(f"F = {F}; {prepare(kind, dtype, input)}; y = {expr}; "
          f"gy = torch.linspace(-1, 2, y.numel(), dtype=y.dtype).reshape(y.shape); "
          f"inputs = [i for i in ({leaves(kind)},) if i.requires_grad]; "
          "(y.detach(), torch.autograd.grad(y, inputs, gy, allow_unused=True))")


# PyTorch 1.13 has no second derivative of hardsigmoid ("derivative for
# aten::hardsigmoid_backward is not implemented"); ember's is zero (test_hardsigmoid_gradgrad).
# ember's in-place leaky_relu keeps the result as PyTorch's does but without its history: the
# input gets no gradient through it (PyTorch: zeros).
NO_GRADGRAD = {"F.hardsigmoid(x)", "F.hardsigmoid(x * 1, inplace=True)",
               "F.leaky_relu(x * 1, inplace=True)", "F.leaky_relu_(x * 1, 0.2)",
               "F.leaky_relu_(x * 1, 0.0)"}


@pytest.mark.parametrize("kind,expr,input",
                         [c for c in WITH_INPUTS if c[1] not in NO_GRADGRAD],
                         ids=[i for c, i in zip(WITH_INPUTS, WITH_INPUTS_IDS)
                              if c[1] not in NO_GRADGRAD])
def test_second_derivatives(kind, expr, input):
    """autograd.grad with create_graph=True, then backward through the gradients: the second
    derivatives of every input and of the grad_output (float64)."""
    check(f"F = {F}; {prepare(kind, 'torch.float64', input)}; y = {expr}; "
          "gy = torch.linspace(-1, 2, y.numel(), dtype=y.dtype).reshape(y.shape)"
          ".requires_grad_(); "
          f"inputs = [i for i in ({leaves(kind)},) if i.requires_grad]; "
          "grads = torch.autograd.grad(y, inputs, gy, create_graph=True, allow_unused=True); "
          "sum((g * torch.linspace(0.5, 1.5, g.numel(), dtype=g.dtype).reshape(g.shape)).sum() "
          "for g in grads if g is not None).backward(); "
          "([None if g is None else g.detach() for g in grads], [i.grad for i in inputs], "
          "gy.grad)",
          compare_repr=False)  # the sign of zeros from masks: PyTorch multiplies, ember selects


def test_hardsigmoid_gradgrad():
    check(f"F = {F}; x = torch.tensor([-4., -1., 0.5, 3.], dtype=torch.float64, "
          "requires_grad=True); torch.autograd.grad(F.hardsigmoid(x).sum(), x, "
          "create_graph=True)[0].detach()")
    x = ember.tensor([-4.0, -1.0, 0.5, 3.0], dtype=ember.float64, requires_grad=True)
    (g,) = ember.autograd.grad(ember.nn.functional.hardsigmoid(x).sum(), x, create_graph=True)
    g.sum().backward()
    assert x.grad.tolist() == [0.0] * 4


def test_inplace_leaky_relu_gradgrad():
    # the gradient and the grad_output's second derivative are PyTorch's; the input gets none
    check(f"F = {F}; x = {RANDOM.format(dtype='torch.float64')}.requires_grad_(); "
          "y = F.leaky_relu_(x * 1, 0.2); gy = torch.ones_like(y, requires_grad=True); "
          "(g,) = torch.autograd.grad(y, x, gy, create_graph=True); g.sum().backward(); "
          "(g.detach(), gy.grad)")


@pytest.mark.parametrize("kind,expr", [c for c in CASES if c[0] == "inplace"],
                         ids=[e for k, e in CASES if k == "inplace"])
def test_inplace_result_is_the_input(kind, expr):
    expr = expr.replace("x * 1", "z")
    check(f"F = {F}; {prepare(kind)}; z = x * 1; y = {expr}; "
          f"(y is z, z._version, z.grad_fn.name(), {NODE}, torch.autograd.grad(y.sum(), x))")


@pytest.mark.parametrize("expr", [
    "F.leaky_relu_(z[1])", "F.elu(z[:, 1:3], inplace=True)", "F.threshold_(z[0], 0.1, 20.0)",
    "F.hardtanh_(z.t()[2])", "F.mish(z[1:], inplace=True)",
])
def test_inplace_on_a_view(expr):
    """In place on a view: the base's history goes through the copy (CopySlices), and the
    gradient reaches the whole base."""
    check(f"F = {F}; x = {RANDOM.format(dtype='torch.float32')}.requires_grad_(); z = x * 1; "
          f"y = {expr}; (z.grad_fn.name(), z._version, torch.autograd.grad((z * z).sum(), x), "
          "z)")


@pytest.mark.parametrize("expr", [
    "F.leaky_relu_(x)", "F.elu_(x)", "F.threshold_(x, 0.0, 1.0)", "F.hardtanh(x, inplace=True)",
    "F.mish(x, inplace=True)", "F.silu(x, inplace=True)", "F.celu_(x)",
])
def test_inplace_on_a_leaf(expr):
    check(f"F = {F}; x = torch.randn(3, requires_grad=True); {expr}")
    check(f"F = {F}; x = torch.randn(3, 2, requires_grad=True); "
          f"{expr.replace('(x', '(x[1]')}")  # a view of a leaf
    # without grad mode, or for a leaf that does not require grad, it is allowed
    check(f"F = {F}; x = torch.randn(3, requires_grad=True)\nwith torch.no_grad():\n"
          f"    y = {expr}\n(y is x, x._version, x.requires_grad, x.grad_fn)")
    check(f"F = {F}; torch.manual_seed(0); x = torch.randn(3); y = {expr}; "
          "(y is x, x, x._version, x.requires_grad)")


@pytest.mark.parametrize("expr", [
    "F.leaky_relu_(z, -0.1)", "F.elu_(z, -0.5)", "F.celu(z, -1.5, inplace=True)",
])
def test_inplace_negative_slope(expr):
    """PyTorch refuses the backward of the in-place forms with a negative slope."""
    check(f"F = {F}; x = torch.randn(3, requires_grad=True); z = x * 1; y = {expr}; "
          "y.sum().backward()")


@pytest.mark.parametrize("expr", [
    # the input, saved (out of place), and the result (leaky_relu_, elu_, selu_, celu_)
    "y = F.leaky_relu(z); z.mul_(2)", "y = F.softplus(z); z.add_(1)",
    "y = F.huber_loss(z, x.detach()); z.add_(1)", "y = F.glu(z); z.mul_(2)",
    "y = F.leaky_relu_(z); z.mul_(2)", "y = F.elu_(z); z.mul_(2)", "y = F.selu_(z); z.mul_(2)",
    "y = F.celu(z, 2.0, inplace=True); z.mul_(2)",
    # leaves modified without grad mode
    "y = F.mish(x)\nwith torch.no_grad():\n    x.mul_(2)",
    # those that keep a copy of the input, and pad, which keeps nothing: no error
    "y = F.threshold_(z, 0.1, 20.0); z.mul_(2)", "y = F.hardtanh_(z); z.mul_(2)",
    "y = F.mish(z, inplace=True); z.mul_(2)", "y = F.pad(z, (1, 1)); z.mul_(2)",
])
def test_saved_tensor_modified_in_place(expr):
    check(f"F = {F}; x = {RANDOM.format(dtype='torch.float32')}.requires_grad_(); z = x * 1\n"
          f"{expr}\ny.sum().backward(); x.grad")


@pytest.mark.parametrize("kind,expr", CASES, ids=IDS)
def test_without_recording(kind, expr):
    """Under no_grad, or when no input requires grad: the values, and no node."""
    check(f"F = {F}; {prepare(kind)}\nwith torch.no_grad():\n    y = {expr}\n"
          "(y, y.requires_grad, y.grad_fn)")
    check(f"F = {F}; {prepare(kind)}; {leaves(kind)}, = [i.detach() for i in ({leaves(kind)},)]; "
          f"y = {expr}; (y, y.requires_grad, y.grad_fn)")


@pytest.mark.parametrize("kind,expr", CASES, ids=IDS)
def test_no_reference_cycle(kind, expr):
    """The node keeps its inputs, never its output: the output dies with its last reference
    (without the cycle collector)."""
    env = {"F": ember.nn.functional, "torch": ember}
    exec(prepare(kind), env)
    gc.collect()
    gc.disable()
    try:
        y = eval(expr, env)
        assert y.grad_fn is not None
        ref = weakref.ref(y)
        del y
        assert ref() is None, f"{expr}: the output outlives its last reference (a cycle)"
    finally:
        gc.enable()


def test_backward_after_the_outputs_died():
    """The graph holds what the backward needs (the inputs), not the outputs."""
    check(f"F = {F}; x = {RANDOM.format(dtype='torch.float64')}.requires_grad_(); "
          "l = (F.softplus(x) * 2).sum() + (F.elu_(x * 1) * 2).sum() + "
          "F.huber_loss(x, x.detach() * 0.5) * 2 + (F.glu(x) * 2).sum(); l.backward(); x.grad")


@pytest.mark.parametrize("code", [
    # dtypes PyTorch's kernels do not have (integers, bool, float16; mish bfloat16 too)
    "F.leaky_relu(torch.tensor([1, -2]))", "F.leaky_relu_(torch.tensor([1, -2]))",
    "F.elu(torch.tensor([1., -2.]).half())", "F.selu(torch.tensor([True]))",
    "F.celu(torch.tensor([1, -2]))", "F.mish(torch.tensor([1., 2.]).bfloat16())",
    "F.mish(torch.tensor([1, 2]), inplace=True)", "F.softplus(torch.tensor([1, 2]))",
    "F.hardsigmoid(torch.tensor([1, 2], dtype=torch.int32))",
    "F.hardswish(torch.tensor([1., 2.]).half())", "F.logsigmoid(torch.tensor([1, -2]))",
    "F.threshold(torch.tensor([True, False]), 0, 1)",
    "F.threshold(torch.tensor([1., 2.]).half(), 0, 1)", "F.glu(torch.tensor([1, 2]))",
    "F.huber_loss(torch.tensor([1, 2]), torch.tensor([1, 2]))",
    "F.hardtanh(torch.tensor([True]))", "F.relu6(torch.tensor([True]), inplace=True)",
    # the dtypes they have
    "F.hardtanh(torch.tensor([-3, 0, 5]))", "F.hardtanh_(torch.tensor([-3, 0, 5]), -2, 2)",
    "F.relu6(torch.tensor([-3, 0, 8], dtype=torch.int32))",
    "F.threshold(torch.tensor([-3, 0, 5]), 0, 7)", "F.threshold_(torch.tensor([-3, 0, 5]), 0, 7)",
    "F.leaky_relu(torch.tensor([-3., 1.]).bfloat16())",
    "F.huber_loss(torch.tensor([1., 5.]).bfloat16(), torch.tensor([0., 0.]).bfloat16())",
    "F.pad(torch.tensor([1, 2]), (1, 1), value=7)",
    # arguments
    "F.celu(torch.randn(3), 0.0)", "F.celu(torch.randn(3), 0.0, inplace=True)",
    "F.glu(torch.randn(2, 5))", "F.glu(torch.randn(3, 4), 0)", "F.glu(torch.randn(4, 2), 2)",
    "F.glu(torch.randn(4, 2), -3)", "F.glu(torch.tensor(1.))",
    "F.huber_loss(torch.randn(3), torch.randn(3), delta=0.0)",
    "F.huber_loss(torch.randn(3), torch.randn(3), delta=-1.0)",
    "F.huber_loss(torch.randn(3), torch.randn(3), reduction='avg')",
    "F.huber_loss(torch.randn(3), torch.randn(2))",
    "F.huber_loss(torch.randn(2, 3), torch.randn(4, 1, 2))",
    "F.huber_loss(torch.randn(2, 3), torch.randn(3)).shape",
    "F.pad(torch.randn(2, 3), (1, 2, 3))", "F.pad(torch.randn(2, 3), (1, 1, 1, 1, 1, 1))",
    "F.pad(torch.randn(2, 3), (-2, -2))",
    "F.conv1d(torch.randn(2, 4, 7), torch.randn(3, 4, 3), stride=2, padding='same')",
    "F.conv1d(torch.randn(4, 4, 4, 7), torch.randn(3, 4, 3))",
])
def test_checks(code):
    check(f"F = {F}; torch.manual_seed(0); {code}")


@pytest.mark.parametrize("code", [
    "F.huber_loss(torch.randn(2, 3), torch.randn(3))",
    "F.huber_loss(torch.randn(3), torch.randn(2, 3), reduction='sum')",
    "F.huber_loss(torch.randn(2, 3), torch.randn(2, 3), reduction='elementwise_mean')",
])
def test_warnings(code):
    check(f"import warnings\nF = {F}; torch.manual_seed(0)\n"
          "with warnings.catch_warnings(record=True) as caught:\n"
          f"    warnings.simplefilter('always')\n    y = {code}\n"
          "(y, [(w.category.__name__, str(w.message)) for w in caught])")


def test_celu_alpha_zero_in_place_leaves_the_input():
    check(f"F = {F}; x = torch.ones(3)\ntry:\n    F.celu_(x, 0.0)\nexcept RuntimeError:\n"
          "    pass\nx")


@pytest.mark.parametrize("code", [
    # modules run these functions
    "torch.nn.LeakyReLU(0.2)(x)", "torch.nn.LeakyReLU(0.2, inplace=True)(x * 1)",
    "torch.nn.ELU()(x)", "torch.nn.SELU(inplace=True)(x * 1)", "torch.nn.CELU(0.5)(x)",
    "torch.nn.Mish()(x)", "torch.nn.Softplus(2, 5)(x)", "torch.nn.Hardtanh(-2, 2)(x)",
    "torch.nn.ReLU6(inplace=True)(x * 1)", "torch.nn.Hardsigmoid()(x)",
    "torch.nn.Hardswish()(x)", "torch.nn.LogSigmoid()(x)", "torch.nn.Threshold(0.1, 20)(x)",
    "torch.nn.GLU()(x)", "torch.nn.HuberLoss(delta=0.5)(x, x.detach() * 0.5)",
    "torch.nn.ConstantPad1d((1, 2), 3.5)(x)", "torch.nn.ZeroPad2d(1)(x)",
    "torch.nn.Conv1d(4, 2, 3).requires_grad_(False)(x.reshape(2, 4, 3))",
    "(torch.manual_seed(0), torch.nn.Conv1d(4, 2, 2, padding='same'))[1](x.reshape(2, 4, 3))",
])
def test_modules(code):
    check(f"x = {RANDOM.format(dtype='torch.float32')}.requires_grad_(); y = {code}; "
          f"(y, {NODE}, torch.autograd.grad(y.sum(), x))")


def test_repr_of_graph_walk():
    # a walk over the graph, as printing tools do
    check(f"""F = {F}
x = {RANDOM.format(dtype='torch.float32')}.requires_grad_()
y = F.huber_loss(F.glu(F.pad(F.leaky_relu(x), (1, 1))), x[:, :4].detach())
names, todo = [], [y.grad_fn]
while todo:
    f = todo.pop()
    names.append(f.name())
    todo.extend(g for g, _ in f.next_functions if g is not None)
names""")
