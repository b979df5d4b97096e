"""Rprop (Riedmiller & Braun): resilient backpropagation, torch.optim.Rprop."""
from .. import _C
from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["Rprop", "rprop"]


class Rprop(Optimizer):
    """Rprop: each element moves by its own step size against the sign of its gradient; the
    step size grows while the gradient keeps its sign and shrinks when it flips.

    lr: the initial step size; etas: (etaminus, etaplus), the step size's factors on a flip and
    otherwise; step_sizes: (min, max) of the step size; maximize: ascend instead; foreach: as
    PyTorch's (the same numbers).
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), foreach=None,
                 maximize=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach,
                        maximize=maximize)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params, grads, prevs, step_sizes = [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                grad = p.grad
                if grad.is_sparse:
                    raise RuntimeError("Rprop does not support sparse gradients")
                grads.append(grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0  # a number in PyTorch 1.13's Rprop, not a tensor
                    state["prev"] = _zeros_like(p)
                    # (PyTorch: grad.new().resize_as_(grad).fill_(lr); ember has no resize_as_)
                    state["step_size"] = grad.new_empty(grad.shape).fill_(group["lr"])
                prevs.append(state["prev"])
                step_sizes.append(state["step_size"])
                state["step"] += 1
            etaminus, etaplus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            rprop(params, grads, prevs, step_sizes, step_size_min=step_size_min,
                  step_size_max=step_size_max, etaminus=etaminus, etaplus=etaplus,
                  foreach=group["foreach"], maximize=group["maximize"])
        return loss


def rprop(params, grads, prevs, step_sizes, foreach=None, maximize=False, *, step_size_min,
          step_size_max, etaminus, etaplus):
    """The Rprop update of each param in place (torch.optim.rprop.rprop); prevs (the last
    gradients, zero where they flipped sign) and step_sizes are updated here."""
    for param, grad, prev, step_size in zip(params, grads, prevs, step_sizes):
        grad = grad if not maximize else -grad
        sign = grad.mul(prev).sign()
        sign[sign.gt(0)] = etaplus
        sign[sign.lt(0)] = etaminus
        sign[sign.eq(0)] = 1
        step_size.mul_(sign).clamp_(step_size_min, step_size_max)
        # No step where the gradient flipped sign (and no flip seen there next time).
        grad = grad.clone(memory_format=_C.preserve_format)
        grad[sign.eq(etaminus)] = 0
        param.addcmul_(grad.sign(), step_size, value=-1)
        prev.copy_(grad)
