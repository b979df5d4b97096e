"""The losses ember computes as one graph node, as PyTorch does (NllLossBackward0,
NllLoss2DBackward0, MseLossBackward0): the node's name and next_functions, the loss, the first
gradients and the gradients of gradients, each compared with PyTorch."""
import pytest

from differential import check

SETUP = ("F = torch.nn.functional; torch.manual_seed(0); "
         "x = torch.randn(4, 5, requires_grad=True); "
         "y = torch.tensor([1, 0, 4, 2]); p = torch.randn(4, 5, requires_grad=True); "
         "img = torch.randn(2, 3, 4, 4, requires_grad=True); t = torch.randint(0, 3, (2, 4, 4)); ")

# expression of the loss, the leaves it is differentiated for
CASES = [
    ("F.cross_entropy(x, y)", "x"),
    ("F.cross_entropy(x, y, reduction='sum')", "x"),
    ("F.cross_entropy(x, y, reduction='none')", "x"),
    ("F.cross_entropy(x, y, weight=torch.arange(1., 6.), ignore_index=0)", "x"),
    ("F.cross_entropy(x, torch.tensor([0, 0, 0, 0]), ignore_index=0)", "x"),  # all ignored: nan
    ("F.nll_loss(x.log_softmax(1), y, weight=torch.arange(1., 6.))", "x"),
    ("F.nll_loss(x[0].log_softmax(0), y[0])", "x"),
    ("F.nll_loss(x, y, reduction='none')", "x"),
    ("F.cross_entropy(img, t)", "img"),
    ("F.cross_entropy(img, t, reduction='none')", "img"),
    ("F.mse_loss(x, p)", "x, p"),
    ("F.mse_loss(x, p.detach(), reduction='sum')", "x"),
    ("F.mse_loss(x, p, reduction='none')", "x, p"),
    ("torch.nn.MSELoss()(x * 2, p)", "x, p"),
]


@pytest.mark.parametrize("expr,leaves", CASES)
def test_node_value_and_gradients(expr, leaves):
    check(SETUP + f"l = {expr}; "
          "(l, l.grad_fn.name(), "
          "[None if f is None else f.name() for f, _ in l.grad_fn.next_functions], "
          f"torch.autograd.grad(l.sum(), [{leaves}]))")


# Not for nll_loss applied to its input directly (its gradient does not depend on the input: ember's
# gradient then has no history where PyTorch's has a zero one) nor when every target is ignored
# (ember's second derivative is -0. where PyTorch's is 0.).
SECOND_ORDER = [c for c in CASES
                if not c[0].startswith("F.nll_loss(x, ") and "[0, 0, 0, 0]" not in c[0]]


@pytest.mark.parametrize("expr,leaves", SECOND_ORDER)
def test_gradients_of_gradients(expr, leaves):
    check(SETUP + f"l = {expr}; "
          f"g = torch.autograd.grad(l.sum(), [{leaves}], create_graph=True); "
          f"torch.autograd.grad(sum((v * v).sum() for v in g), [{leaves}], allow_unused=True)")
