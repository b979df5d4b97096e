"""ember.nn.functional against torch.nn.functional: values, gradients, node names, errors and
the legacy reduction arguments."""
import pytest

from differential import check

X = "torch.tensor([[0.5, -1.5, 3.0], [-20.0, 0.0, 40.0]], dtype=torch.float64, requires_grad=True)"
T = "torch.tensor([[1.0, 0.0, 0.25], [0.0, 1.0, 1.0]], dtype=torch.float64)"
W = "torch.tensor([0.5, 2.0, 1.0], dtype=torch.float64)"


@pytest.mark.parametrize("kwargs", [
    "", "reduction='sum'", "reduction='none'", f"weight={W}", f"pos_weight={W}",
    f"weight={W}, pos_weight={W} * 3, reduction='sum'",
])
def test_binary_cross_entropy_with_logits(kwargs):
    f = "torch.nn.functional.binary_cross_entropy_with_logits"
    check(f"x = {X}; y = {f}(x, {T}, {kwargs}); (y, y.grad_fn.name())")
    check(f"x = {X}; y = {f}(x, {T}, {kwargs}); y.sum().backward(); x.grad")
    check(f"x = {X}.float(); {f}(x, {T}.float(), {kwargs})")
    # the target's gradient, and the second derivative through the node's formula
    check(f"x = {X}; t = {T}.requires_grad_(); torch.autograd.grad({f}(x, t, {kwargs}).sum(), (x, t))")
    check(f"x = {X}; (g,) = torch.autograd.grad({f}(x, {T}, {kwargs}).sum(), x, create_graph=True); "
          "(g.sum() + (x * x).sum()).backward(); x.grad")


def test_binary_cross_entropy_with_logits_errors_and_legacy_arguments():
    f = "torch.nn.functional.binary_cross_entropy_with_logits"
    check(f"{f}({X}, {T}[0])")  # ValueError: the sizes differ
    check(f"{f}({X}, {T}, reduction='bad')")
    check(f"{f}({X}, {T}, size_average=False)")
    check(f"{f}({X}, {T}, reduce=False)")
    check(f"torch.binary_cross_entropy_with_logits({X}, {T}, None, None, 2)")


@pytest.mark.parametrize("kwargs", [
    "", "reduction='sum'", "reduction='none'", "beta=0.5", "beta=0.0", "beta=100.0",
    "reduction='none', beta=2.0",
])
def test_smooth_l1_loss(kwargs):
    f = "torch.nn.functional.smooth_l1_loss"
    check(f"x = {X}; y = {f}(x, {T} * 3, {kwargs}); (y, y.grad_fn.name())")
    check(f"x = {X}; t = ({T} * 3).requires_grad_(); "
          f"torch.autograd.grad({f}(x, t, {kwargs}).sum(), (x, t))")
    check(f"x = {X}.float(); {f}(x, {T}.float() * 3, {kwargs})")
    check(f"x = {X}; (g,) = torch.autograd.grad({f}(x, {T} * 3, {kwargs}).sum(), x, "
          "create_graph=True); (g.sum() + (x * x).sum()).backward(); x.grad")


def test_smooth_l1_loss_broadcast_errors_and_legacy_arguments():
    f = "torch.nn.functional.smooth_l1_loss"
    check(f"x = {X}; y = {f}(x, {T}[0]); (y, torch.autograd.grad(y, x))")  # warns, broadcasts
    check(f"{f}({X}, {T}, beta=-1.0)")
    check(f"{f}({X}, {T}, reduction='bad')")
    check(f"{f}({X}, {T}, size_average=False)")
