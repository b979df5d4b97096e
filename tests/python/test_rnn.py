"""ember.nn's recurrent layers (RNN, LSTM, GRU) and cells against PyTorch: seeded parameters (bit
for bit), outputs, final states and gradients, batch_first, initial states, unbatched inputs,
inter-layer dropout, reprs, state_dict keys, and the checks' messages and warnings.

Each case runs the same code with `torch` bound to PyTorch and to ember (differential.check).
Outputs are compared within float tolerance: ember's tanh and sigmoid are not PyTorch's
vectorised (Sleef) ones bit for bit, although the arithmetic is done in ATen's order.
"""
import pytest

from differential import check

# A seeded layer run on a seeded input (and initial state), then backward through the output and
# the final states: output and states detached (the composite ops' grad_fn names differ), the
# gradient of every parameter and of the input.
FORWARD_BACKWARD = """
torch.manual_seed(0)
m = {layer}
x = {input}.requires_grad_()
hx = {hx}
y, h = m(x) if hx is None else m(x, hx)
states = list(h) if isinstance(h, tuple) else [h]
(y.sum() + sum((s * s).sum() for s in states)).backward()
(y.detach(), [s.detach() for s in states], [(n, p.grad) for n, p in m.named_parameters()],
 x.grad)
"""

LAYERS = [
    ("torch.nn.RNN(4, 5)", "torch.randn(6, 3, 4)", None),
    ("torch.nn.RNN(4, 5, 2, nonlinearity='relu')", "torch.randn(6, 3, 4)", None),
    ("torch.nn.RNN(4, 5, 2, bidirectional=True, bias=False)", "torch.randn(6, 3, 4)",
     "torch.randn(4, 3, 5)"),
    ("torch.nn.RNN(4, 5, batch_first=True, nonlinearity='relu')", "torch.randn(3, 6, 4)",
     "torch.randn(1, 3, 5)"),
    ("torch.nn.LSTM(4, 5)", "torch.randn(6, 3, 4)", None),
    ("torch.nn.LSTM(4, 5, 2, bidirectional=True)", "torch.randn(6, 3, 4)",
     "(torch.randn(4, 3, 5), torch.randn(4, 3, 5))"),
    ("torch.nn.LSTM(4, 5, 2, batch_first=True, bias=False)", "torch.randn(3, 6, 4)", None),
    ("torch.nn.LSTM(4, 6, 2, proj_size=3, bidirectional=True)", "torch.randn(5, 2, 4)",
     "(torch.randn(4, 2, 3), torch.randn(4, 2, 6))"),
    ("torch.nn.GRU(4, 5)", "torch.randn(6, 3, 4)", "torch.randn(1, 3, 5)"),
    ("torch.nn.GRU(4, 5, 2, bidirectional=True, batch_first=True)", "torch.randn(3, 6, 4)",
     None),
    ("torch.nn.GRU(4, 5, 3, bias=False)", "torch.randn(6, 3, 4)", "torch.randn(3, 3, 5)"),
    # unbatched (2-d) inputs, with and without an initial state
    ("torch.nn.RNN(4, 5, 2)", "torch.randn(6, 4)", "torch.randn(2, 5)"),
    ("torch.nn.LSTM(4, 5, bidirectional=True)", "torch.randn(6, 4)",
     "(torch.randn(2, 5), torch.randn(2, 5))"),
    ("torch.nn.LSTM(4, 5, batch_first=True)", "torch.randn(6, 4)", None),
    ("torch.nn.GRU(4, 5, batch_first=True, bidirectional=True)", "torch.randn(6, 4)",
     "torch.randn(2, 5)"),
    # float64 and inter-layer dropout in training mode (the masks follow the seed)
    ("torch.nn.LSTM(4, 5, 2, dtype=torch.float64)", "torch.randn(6, 3, 4, dtype=torch.float64)",
     None),
    ("torch.nn.GRU(4, 5, 3, dropout=0.5)", "torch.randn(6, 3, 4)", None),
    ("torch.nn.LSTM(4, 5, 2, dropout=0.3, bidirectional=True)", "torch.randn(6, 3, 4)", None),
    ("torch.nn.RNN(4, 5, 2, dropout=0.6, nonlinearity='relu')", "torch.randn(6, 3, 4)", None),
    ("torch.nn.GRU(4, 5, 2, dropout=1.0)", "torch.randn(6, 3, 4)", None),
    ("torch.nn.LSTM(4, 5, 2, dropout=0.5).eval()", "torch.randn(6, 3, 4)", None),
]


@pytest.mark.parametrize("layer,input,hx", LAYERS)
def test_layer_forward_backward(layer, input, hx):
    check(FORWARD_BACKWARD.format(layer=layer, input=input, hx=hx))


CELL_FORWARD_BACKWARD = """
torch.manual_seed(0)
m = {cell}
x = {input}.requires_grad_()
hx = {hx}
out = m(x) if hx is None else m(x, hx)
outs = list(out) if isinstance(out, tuple) else [out]
sum((o * o).sum() for o in outs).backward()
([o.detach() for o in outs], [(n, p.grad) for n, p in m.named_parameters()], x.grad)
"""

CELLS = [
    ("torch.nn.RNNCell(4, 5)", "torch.randn(3, 4)", None),
    ("torch.nn.RNNCell(4, 5, nonlinearity='relu')", "torch.randn(3, 4)", "torch.randn(3, 5)"),
    ("torch.nn.RNNCell(4, 5, bias=False)", "torch.randn(4)", "torch.randn(5)"),
    ("torch.nn.LSTMCell(4, 5)", "torch.randn(3, 4)", None),
    ("torch.nn.LSTMCell(4, 5)", "torch.randn(3, 4)", "(torch.randn(3, 5), torch.randn(3, 5))"),
    ("torch.nn.LSTMCell(4, 5, bias=False)", "torch.randn(4)", "(torch.randn(5), torch.randn(5))"),
    ("torch.nn.GRUCell(4, 5)", "torch.randn(3, 4)", "torch.randn(3, 5)"),
    ("torch.nn.GRUCell(4, 5)", "torch.randn(4)", None),
    ("torch.nn.GRUCell(4, 5, dtype=torch.float64)", "torch.randn(3, 4, dtype=torch.float64)",
     None),
]


@pytest.mark.parametrize("cell,input,hx", CELLS)
def test_cell_forward_backward(cell, input, hx):
    check(CELL_FORWARD_BACKWARD.format(cell=cell, input=input, hx=hx))


def test_cell_loop_matches_layer():
    # an LSTMCell stepped by hand over a sequence, with weights shared with an LSTM
    check("""
torch.manual_seed(0)
lstm = torch.nn.LSTM(3, 4)
cell = torch.nn.LSTMCell(3, 4)
with torch.no_grad():
    for name in ('weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'):
        getattr(cell, name).copy_(getattr(lstm, name + '_l0'))
x = torch.randn(5, 2, 3)
h = c = torch.zeros(2, 4)
for t in range(5):
    h, c = cell(x[t], (h, c))
y, (h_n, c_n) = lstm(x)
((h - h_n[0]).abs().max() < 1e-6).item(), ((c - c_n[0]).abs().max() < 1e-6).item()
""")


@pytest.mark.parametrize("layer", [
    "torch.nn.RNN(3, 4, 2, bidirectional=True)",
    "torch.nn.RNN(3, 4, nonlinearity='relu', bias=False)",
    "torch.nn.LSTM(3, 5, 2)",
    "torch.nn.LSTM(3, 5, 2, proj_size=2, bidirectional=True)",
    "torch.nn.LSTM(3, 5, proj_size=2, bias=False)",
    "torch.nn.GRU(3, 4, 3, bidirectional=True, dtype=torch.float64)",
    "torch.nn.RNNCell(3, 4)", "torch.nn.LSTMCell(3, 4, bias=False)", "torch.nn.GRUCell(3, 7)",
])
def test_seeded_initialisation_is_bit_exact(layer):
    check(f"torch.manual_seed(3); m = {layer}; [(n, p.tolist()) for n, p in "
          "m.named_parameters()]", exact=True)


@pytest.mark.parametrize("code", [
    # relu, linear and addition round as PyTorch's: these outputs are bit for bit
    "torch.manual_seed(0); m = torch.nn.RNN(4, 5, 2, nonlinearity='relu', bidirectional=True); "
    "m(torch.randn(6, 3, 4))",
    "torch.manual_seed(0); m = torch.nn.RNN(4, 5, 2, nonlinearity='relu', dropout=0.5); "
    "y, h = m(torch.randn(6, 3, 4)); y.detach(), h.detach()",
    "torch.manual_seed(0); torch.nn.RNNCell(4, 5, nonlinearity='relu')(torch.randn(3, 4))",
])
def test_relu_outputs_bit_exact(code):
    check(code, exact=True)


@pytest.mark.parametrize("expr", [
    "repr(m)",
    "list(m.state_dict().keys())",
    "[(n, p.shape) for n, p in m.named_parameters()]",
    "m._flat_weights_names",
    "m._all_weights",
    "[[w.shape for w in ws] for ws in m.all_weights]",
    "[w is getattr(m, n) for w, n in zip(m._flat_weights, m._flat_weights_names)]",
    "(m.mode, m.input_size, m.hidden_size, m.num_layers, m.bias, m.batch_first, m.dropout, "
    "m.bidirectional, m.proj_size)",
])
@pytest.mark.parametrize("layer", [
    "torch.nn.RNN(3, 4)",
    "torch.nn.RNN(3, 4, 2, nonlinearity='relu', batch_first=True, dropout=0.25)",
    "torch.nn.LSTM(3, 4, 2, bias=False, bidirectional=True)",
    "torch.nn.LSTM(3, 4, proj_size=2, bidirectional=True)",
    "torch.nn.GRU(3, 4, num_layers=3, dropout=1)",
])
def test_layer_attributes(layer, expr):
    check(f"m = {layer}; {expr}")


@pytest.mark.parametrize("code", [
    "repr(torch.nn.RNNCell(3, 4))",
    "repr(torch.nn.RNNCell(3, 4, bias=False, nonlinearity='relu'))",
    "repr(torch.nn.LSTMCell(3, 4, bias=False))",
    "repr(torch.nn.GRUCell(3, 4))",
    "list(torch.nn.LSTMCell(3, 4).state_dict().keys())",
    "[n for n, _ in torch.nn.GRUCell(3, 4, bias=False).named_parameters()], "
    "torch.nn.GRUCell(3, 4, bias=False).bias_ih",
    "repr(torch.nn.Sequential(torch.nn.LSTM(3, 4, batch_first=True), torch.nn.GRUCell(4, 2)))",
    # _flat_weights follows assignments and casts
    "m = torch.nn.GRU(3, 4); m.weight_hh_l0 = torch.nn.Parameter(torch.ones(12, 4)); "
    "m._flat_weights[1] is m.weight_hh_l0",
    "m = torch.nn.LSTM(3, 4).double(); [w.dtype for w in m._flat_weights]",
    "m = torch.nn.LSTM(3, 4).double(); m(torch.ones(2, 1, 3, dtype=torch.float64))[0].dtype",
    "import copy\nm = copy.deepcopy(torch.nn.GRU(3, 4, 2))\n"
    "m._flat_weights[0] is m.weight_ih_l0, repr(m)",
])
def test_cell_and_module_state(code):
    check(code)


def test_grad_fn_names():
    check("""
torch.manual_seed(0)
x = torch.randn(4, 2, 3)
names = []
for m in (torch.nn.RNN(3, 4), torch.nn.LSTM(3, 4, batch_first=True), torch.nn.GRU(3, 4)):
    y, h = m(x)
    names.append((y.grad_fn.name(), (h[0] if isinstance(h, tuple) else h).grad_fn.name()))
    y, h = m(x[0])
    names.append(y.grad_fn.name())
names
""")


def test_initial_state_gradients():
    check("""
torch.manual_seed(0)
m = torch.nn.LSTM(3, 4, 2, batch_first=True)
x = torch.randn(2, 5, 3)
h0 = torch.randn(2, 2, 4, requires_grad=True)
c0 = torch.randn(2, 2, 4, requires_grad=True)
y, (h, c) = m(x, (h0, c0))
(y.sum() + c.sum()).backward()
h0.grad, c0.grad, y.is_contiguous(), h.is_contiguous(), m.flatten_parameters()
""")


def test_load_state_dict_round_trip():
    check("""
torch.manual_seed(0)
a = torch.nn.LSTM(3, 4, 2, bidirectional=True)
b = torch.nn.LSTM(3, 4, 2, bidirectional=True)
b.load_state_dict(a.state_dict())
x = torch.randn(5, 2, 3)
torch.equal(a(x)[0], b(x)[0])
""")


WARNINGS = """
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    m = {code}
[str(w.message) for w in caught]
"""


@pytest.mark.parametrize("code", [
    "torch.nn.RNN(3, 4, dropout=0.5)",
    "torch.nn.LSTM(3, 4, 1, dropout=1)",
    "torch.nn.GRU(3, 4, 2, dropout=0.5)",
])
def test_dropout_warning(code):
    check(WARNINGS.format(code=code))


@pytest.mark.parametrize("code", [
    # constructors
    "torch.nn.RNN(3, 4, dropout=1.5)",
    "torch.nn.GRU(3, 4, dropout=True)",
    "torch.nn.LSTM(3, 4, dropout='x')",
    "torch.nn.RNN(3, 4, nonlinearity='sigmoid')",
    "torch.nn.RNN(3, 4, proj_size=2)",
    "torch.nn.GRU(3, 4, proj_size=2)",
    "torch.nn.LSTM(3, 4, proj_size=4)",
    "torch.nn.LSTM(3, 4, proj_size=-1)",
    "torch.nn.RNNBase('FOO', 3, 4)",
    # layers' forward checks
    "torch.nn.LSTM(10, 4)(torch.randn(5, 2, 5))",
    "torch.nn.RNN(3, 4)(torch.randn(5, 2, 3), torch.randn(2, 2, 4))",
    "torch.nn.RNN(3, 4, batch_first=True)(torch.randn(5, 2, 3), torch.randn(1, 2, 4))",
    "torch.nn.RNN(3, 4)(torch.randn(2, 3, 3, 3))",
    "torch.nn.RNN(3, 4)(torch.randn(3))",
    "torch.nn.GRU(3, 4)(torch.randn(5, 3), torch.randn(1, 1, 4))",
    "torch.nn.GRU(3, 4)(torch.randn(5, 2, 3), torch.randn(1, 4))",
    "torch.nn.GRU(3, 4, 2, bidirectional=True)(torch.randn(5, 2, 3), torch.randn(2, 2, 4))",
    "torch.nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(2, 4)))",
    "torch.nn.LSTM(3, 4)(torch.randn(5, 3), (torch.randn(1, 1, 4), torch.randn(1, 4)))",
    "torch.nn.LSTM(3, 4)(torch.randn(5, 2, 3), (torch.randn(1, 2, 4), torch.randn(1, 2, 5)))",
    "torch.nn.LSTM(3, 4, proj_size=2)(torch.randn(5, 2, 3), "
    "(torch.randn(1, 2, 4), torch.randn(1, 2, 4)))",
    "torch.nn.LSTM(3, 4)(torch.randn(0, 2, 3))",
    # cells' checks
    "torch.nn.RNNCell(3, 4)(torch.randn(2, 2, 3))",
    "torch.nn.LSTMCell(3, 4)(torch.randn(2, 2, 3))",
    "torch.nn.GRUCell(3, 4)(torch.randn(2, 2, 3))",
    "torch.nn.LSTMCell(3, 4)(torch.randn(2, 5))",
    "torch.nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(3, 4), torch.randn(2, 4)))",
    "torch.nn.LSTMCell(3, 4)(torch.randn(2, 3), (torch.randn(2, 4), torch.randn(2, 5)))",
    "torch.nn.GRUCell(3, 4)(torch.randn(2, 3), torch.randn(2, 5))",
    "torch.nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(3, 4))",
    "torch.nn.RNNCell(3, 4)(torch.randn(3), torch.randn(2, 4))",
    "torch.nn.RNNCell(3, 4, nonlinearity='foo')(torch.randn(3))",
])
def test_errors(code):
    check(code)
