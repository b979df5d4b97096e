"""Averaged stochastic gradient descent (Polyak & Juditsky): torch.optim.ASGD."""
import math

from .. import _C
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from .adam import _steps_to_tensors
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["ASGD", "asgd"]

_F = _C._VariableFunctions


class ASGD(Optimizer):
    """Averaged SGD: SGD with a decaying rate, keeping the running average of the parameters
    (state 'ax') from step t0 on.

    lr: learning rate; lambd: decay term; alpha: power of the rate's decay; t0: the step from
    which to average; weight_decay: L2 penalty; maximize: ascend instead; foreach: as
    PyTorch's (the same numbers).
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
                 foreach=None, maximize=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
        _steps_to_tensors(self.state)
        _values_to_tensors(self.state, "eta")
        _values_to_tensors(self.state, "mu", float)

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params, grads, mus, axs, etas, steps = [], [], [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                if p.grad.is_sparse:
                    raise RuntimeError("ASGD does not support sparse gradients")
                grads.append(p.grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _F.tensor(0.)
                    state["eta"] = _F.tensor(group["lr"])
                    state["mu"] = _F.tensor(1.)
                    state["ax"] = _zeros_like(p)
                mus.append(state["mu"])
                axs.append(state["ax"])
                etas.append(state["eta"])
                steps.append(state["step"])
            asgd(params, grads, axs, mus, etas, steps, lambd=group["lambd"], lr=group["lr"],
                 t0=group["t0"], alpha=group["alpha"], weight_decay=group["weight_decay"],
                 foreach=group["foreach"], maximize=group["maximize"])
        return loss


def asgd(params, grads, axs, mus, etas, state_steps, foreach=None, maximize=False, *, lambd,
         lr, t0, alpha, weight_decay):
    """The ASGD update of each param in place (torch.optim.asgd.asgd); state_steps, etas and
    mus are tensors, updated here."""
    for param, grad, ax, mu, eta, step_t in zip(params, grads, axs, mus, etas, state_steps):
        grad = grad if not maximize else -grad
        step_t += 1
        step = step_t.item()
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        param.mul_(1 - lambd * eta.item())
        param.add_(grad, alpha=-eta.item())
        if mu.item() != 1:
            ax.add_(param.sub(ax).mul(mu))
        else:
            ax.copy_(param)
        eta.copy_(_F.tensor(lr / math.pow(1 + lambd * lr * step, alpha)))
        mu.copy_(_F.tensor(1 / max(1, step - t0)))


def _values_to_tensors(state, key, convert=None):
    """Turns the state's `key` values saved as numbers (by older PyTorch) into tensors, each
    converted first where convert is given (as PyTorch's __setstate__ does)."""
    values = list(state.values())
    if len(values) != 0 and isinstance(values[0][key], Tensor):
        return
    for value in values:
        value[key] = _F.tensor(value[key] if convert is None else convert(value[key]))
