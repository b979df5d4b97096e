"""Adadelta (Zeiler): torch.optim.Adadelta."""
from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["Adadelta", "adadelta"]


class Adadelta(Optimizer):
    """Adadelta: each element's step scaled by the ratio of the running root mean squares of
    the past steps and of the gradients.

    lr: scales the step; rho: decay rate of both running averages; eps: added inside the
    roots; weight_decay: L2 penalty; maximize: ascend instead; foreach: as PyTorch's (the same
    numbers).
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 maximize=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        foreach=foreach)
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
            params, grads, square_avgs, acc_deltas = [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                if p.grad.is_sparse:
                    raise RuntimeError("Adadelta does not support sparse gradients")
                grads.append(p.grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0  # a number in PyTorch 1.13's Adadelta, not a tensor
                    state["square_avg"] = _zeros_like(p)
                    state["acc_delta"] = _zeros_like(p)
                square_avgs.append(state["square_avg"])
                acc_deltas.append(state["acc_delta"])
                state["step"] += 1
            adadelta(params, grads, square_avgs, acc_deltas, lr=group["lr"], rho=group["rho"],
                     eps=group["eps"], weight_decay=group["weight_decay"],
                     foreach=group["foreach"], maximize=group["maximize"])
        return loss


def adadelta(params, grads, square_avgs, acc_deltas, foreach=None, *, lr, rho, eps,
             weight_decay, maximize):
    """The Adadelta update of each param in place (torch.optim.adadelta.adadelta)."""
    for param, grad, square_avg, acc_delta in zip(params, grads, square_avgs, acc_deltas):
        grad = grad if not maximize else -grad
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
        std = square_avg.add(eps).sqrt_()
        delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)
        acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
        param.add_(delta, alpha=-lr)
