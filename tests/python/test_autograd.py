"""Autograd from Python, against PyTorch: grad_fn objects (names, next_functions, reprs),
backward with gradient/retain_graph/create_graph, ember.autograd.grad, hooks, no_grad and
enable_grad, and the errors."""
import pytest

import ember

from differential import check, normalize

PRELUDE = """
w = torch.tensor([[1., -2., 3.], [4., 5., -6.]], requires_grad=True)
v = torch.tensor([0.5, 2., -1.], requires_grad=True)
c = torch.tensor([2., 3., 4.])
"""


def case(body):
    return PRELUDE + body


def graph(t):
    """The graph below a tensor as nested (name, input_nr) tuples."""
    def walk(fn):
        if fn is None:
            return None
        return (fn.name(), tuple((walk(f), nr) for f, nr in fn.next_functions))
    return walk(t.grad_fn)


GRAPHS = [
    "w * 2", "2 * w", "w + 2", "2 + w", "w - 2", "2 - w", "w / 2", "2 / w", "w ** 2", "2 ** w",
    "w ** v", "w % 2", "-w", "abs(w)", "w @ v", "v @ w.T", "w.T", "w.t()", "w[0]", "w[:, 1]",
    "w[None]", "w[w > 0]", "w[[0, 1]]", "w.sum()", "w.sum(0)", "w.mean()", "w.max()",
    "w.max(0)[0]", "w.exp()", "w.relu()", "w.sigmoid()", "w.tanh()", "w.view(-1)",
    "w.reshape(3, 2)", "w.permute(1, 0)", "w.unsqueeze(0)", "w.squeeze()", "w.flatten()",
    "v.expand(2, 3)", "w.clone()", "w.to(torch.float64)", "w * c", "c * w", "w + v", "w * v",
    "(w * v).sum()", "torch.cat([w, w])", "torch.stack([v, c])", "w.softmax(1)", "w.norm()",
    "v.dot(c)", "w.mm(w.T)", "w.matmul(v)", "w.clamp(0, 1)", "w.where(w > 0, c)", "w.pow(3)",
    "v.outer(c)", "w.abs().sqrt()", "w.abs().log()", "w.cumsum(1)", "w.prod()", "w.std()",
    "w.logsumexp(1)", "w.select(0, 1)", "w.narrow(1, 0, 2)", "w.gather(1, torch.tensor([[0], [1]]))",
    "w.masked_fill(w > 0, 0)", "x = w.clone(); x.mul_(2); x", "x = w * 1; x[0] = 0; x",
    "x = w.clone(); x += 1; x", "x = w.clone(); x *= c; x",
    "w.unbind()[1]", "w.split(1)[1]", "w.chunk(3, 1)[2]", "w.sort(1)[0]", "w.topk(2)[0]",
    "w.min(1).values", "w.amax(0)", "w.var(1)", "w.repeat(2, 1)", "w.flip(0)", "w.roll(1, 1)",
    "w.tril()", "w.diag()", "w.index_select(1, torch.tensor([2, 0]))", "w.masked_select(w > 0)",
    "w.scatter(1, torch.tensor([[0], [1]]), 0.)", "w.lerp(torch.zeros(2, 3), 0.5)",
    "torch.addmm(v, w, torch.ones(3, 3))",
    "w.narrow(0, 1, 1).squeeze(0)", "w.as_strided((2, 2), (1, 2))", "w.expand(3, 2, 3).sum(0)",
    "w[..., None].squeeze(-1)", "w[:, ::2]", "w[1:, 1:]", "w[0, 1]", "w[w.abs() > 1.5]",
]


@pytest.mark.parametrize("expr", GRAPHS)
def test_graph_structure(expr):
    check(case(expr))
    body, last = expr.rsplit(";", 1) if ";" in expr else ("", expr)
    check(case(f"{body}\ngraph({last.strip()})"), env={"graph": graph})


GRADIENTS = [
    "(w * 2).sum().backward(); w.grad",
    "(w * v).sum().backward(); (w.grad, v.grad)",
    "(w @ v).sum().backward(); (w.grad, v.grad)",
    "y = (w ** 2).sum(); y.backward(); w.grad",
    "y = w.exp().mean(); y.backward(); w.grad",
    "y = w * 2; y.backward(torch.ones(2, 3)); w.grad",
    "y = w * 2; y.backward(gradient=torch.full((2, 3), 0.5)); w.grad",
    "y = (w * w).sum(); y.backward(retain_graph=True); y.backward(); w.grad",
    "y = (w * w).sum(); y.backward(); y.backward()",
    "y = w * 2; y.backward()",
    "y = w.sum(); y.backward(torch.ones(3))",
    "c.sum().backward()",
    "y = (w * w).sum(); g, = torch.autograd.grad(y, w); (g, w.grad)",
    "y = (w * v).sum(); torch.autograd.grad(y, [w, v])",
    "y = (w ** 3).sum(); g, = torch.autograd.grad(y, w, create_graph=True); g2, = torch.autograd.grad(g.sum(), w); (g, g2)",
    "y = (v * 2).sum(); torch.autograd.grad(y, [v, w])",
    "y = (v * 2).sum(); torch.autograd.grad(y, [v, w], allow_unused=True)",
    "y = (v * 2).sum(); torch.autograd.grad(y, c)",
    "y = w * 2; torch.autograd.grad(y, w, torch.ones_like(y))",
    "torch.autograd.backward([(w * 2).sum(), (v * 3).sum()]); (w.grad, v.grad)",
    "y = (w * 2); y.retain_grad(); y.sum().backward(); (y.grad, y.retains_grad)",
    "y = (w * 2); y.sum().backward(); y.is_leaf",
    "h = v.register_hook(lambda g: g * 10); (v * 2).sum().backward(); v.grad",
    "h = v.register_hook(lambda g: None); (v * 2).sum().backward(); h.remove(); (v * 2).sum().backward(); v.grad",
    "c.register_hook(lambda g: g)",
    "(w * 2).sum().backward(); w.grad.zero_(); (w * 3).sum().backward(); w.grad",
    "(w * 2).sum().backward(); w.grad = None; (w * 3).sum().backward(); w.grad",
    "x = torch.tensor(2.0, requires_grad=True); y = x ** 3; y.backward(create_graph=True); g = x.grad; x.grad = None; g.backward(); x.grad",
    "x = w.detach(); (x.requires_grad, x.is_leaf, x.grad_fn)",
    "x = w.detach().requires_grad_(); (x * 2).sum().backward(); x.grad",
    "x = w.clone(); x.sum().backward(); (w.grad, x.grad_fn.name())",
    "with torch.no_grad():\n    y = w * 2\n(y.requires_grad, y.grad_fn)",
    "with torch.no_grad():\n    with torch.enable_grad():\n        y = w * 2\n(y.requires_grad, y.grad_fn.name())",
    "f = torch.no_grad()(lambda t: t * 2); y = f(w); (y.requires_grad, torch.is_grad_enabled())",
    "torch.set_grad_enabled(False); y = w * 2; torch.set_grad_enabled(True); y.requires_grad",
    "with torch.set_grad_enabled(False):\n    y = w * 2\n(y.requires_grad, torch.is_grad_enabled())",
    "torch.is_grad_enabled()",
    "y = w * 2; y.grad_fn.next_functions[0][0].variable is w",
    "y = w * 2; y.grad_fn is y.grad_fn",
    "y = w.sum(); y.backward(); w.grad is w.grad",
    "y = w * 1; y.add_(1); y.grad_fn.name()",
    "x = w.clone(); v2 = x[0]; v2.mul_(2); (x.grad_fn.name(), v2.grad_fn.name())",
    "x = w.clone(); x.sum().backward(inputs=[w]); w.grad",
    "x = (w * v).sum(); x.backward(inputs=[v]); (w.grad, v.grad)",
    "(w * 2).sum().backward(inputs=[])",
    "y = w * v; z = y.sum(); z.backward(); y.grad",
    "y = torch.ones(2, 3, requires_grad=True); y.grad = torch.ones(2, 3); y.grad",
    "w.data.mul_(2); w",
    "y = w * 2; del y; w.grad",
    "x = torch.tensor([1., 2.], requires_grad=True); torch.autograd.grad(x.sum(), x, grad_outputs=torch.tensor(2.))",
]


@pytest.mark.parametrize("code", GRADIENTS)
def test_gradients(code):
    check(case(code))


def test_grad_fn_repr_and_type():
    import ember
    w = ember.ones(2, requires_grad=True)
    y = w * 2
    assert repr(y.grad_fn).startswith("<MulBackward0 object at 0x")
    assert type(y.grad_fn).__name__ == "MulBackward0"
    assert y.grad_fn.name() == "MulBackward0"
    acc = y.grad_fn.next_functions[0][0]
    assert repr(acc).startswith("<AccumulateGrad object at 0x")
    assert acc.variable is w
    assert y.grad_fn.next_functions[1] == (None, 0)
    assert normalize(repr(y.grad_fn)) == "<MulBackward0 object at 0x?>"


TRAINING_LOOP = """
torch.manual_seed(0)
x = torch.randn(32, 3)
true_w = torch.tensor([[1.5], [-2.0], [0.5]])
y = x @ true_w + 0.1 * torch.randn(32, 1)
w = torch.zeros(3, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
losses = []
for step in range(25):
    pred = x @ w + b
    loss = ((pred - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.1 * w.grad
        b -= 0.1 * b.grad
        w.grad.zero_()
        b.grad.zero_()
    losses.append(round(loss.item(), 4))
(w, b, losses, w.is_leaf, w.requires_grad)
"""

CLASSIFIER = """
torch.manual_seed(1)
x = torch.randn(20, 4)
labels = (x.sum(1) > 0).long()
w = torch.randn(4, 2, requires_grad=True)
for step in range(10):
    logits = x @ w
    logp = logits.log_softmax(1)
    loss = -logp[torch.arange(20), labels].mean()
    w.grad = None
    loss.backward()
    with torch.no_grad():
        w.sub_(0.5 * w.grad)
accuracy = (logits.argmax(1) == labels).float().mean().item()
(w, round(loss.item(), 4), accuracy)
"""


@pytest.mark.parametrize("program", [TRAINING_LOOP, CLASSIFIER], ids=["linear", "classifier"])
def test_training_loops(program):
    check(program)
