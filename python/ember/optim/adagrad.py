"""Adagrad (Duchi et al.): torch.optim.Adagrad."""
from .. import _C
from ..autograd.grad_mode import no_grad
from .adam import _check_state_steps, _steps_to_tensors
from .optimizer import Optimizer, _evaluate_closure

__all__ = ["Adagrad", "adagrad"]

_F = _C._VariableFunctions


class Adagrad(Optimizer):
    """Adagrad: each element's step divided by the root of the sum of its squared gradients.

    lr: learning rate; lr_decay: the rate decays as lr / (1 + (step - 1) * lr_decay);
    weight_decay: L2 penalty; initial_accumulator_value: the sums' starting value; eps: added
    to the denominator; maximize: ascend instead; foreach: as PyTorch's.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False):
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError("Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                        maximize=maximize)
        super().__init__(params, defaults)
        # Unlike the other optimizers, Adagrad makes every parameter's state up front.
        for group in self.param_groups:
            for p in group["params"]:
                state = self.state[p]
                state["step"] = _F.tensor(0.)
                state["sum"] = _F.full_like(p, initial_accumulator_value,
                                            memory_format=_C.preserve_format)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
        _steps_to_tensors(self.state)

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            has_sparse_grad = any(g.is_sparse for g in grads)
            adagrad(params, grads, [self.state[p]["sum"] for p in params],
                    [self.state[p]["step"] for p in params], lr=group["lr"],
                    weight_decay=group["weight_decay"], lr_decay=group["lr_decay"],
                    eps=group["eps"], has_sparse_grad=has_sparse_grad,
                    foreach=group["foreach"], maximize=group["maximize"])
        return loss


def adagrad(params, grads, state_sums, state_steps, has_sparse_grad=None, foreach=None, *, lr,
            weight_decay, lr_decay, eps, maximize):
    """The Adagrad update of each param in place (torch.optim.adagrad.adagrad); ember has no
    sparse gradients."""
    _check_state_steps(state_steps)
    for param, grad, state_sum, step_t in zip(params, grads, state_sums, state_steps):
        step_t += 1
        step = step_t.item()
        grad = grad if not maximize else -grad
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        clr = lr / (1 + (step - 1) * lr_decay)
        state_sum.addcmul_(grad, grad, value=1)
        std = state_sum.sqrt().add_(eps)
        param.addcdiv_(grad, std, value=-clr)
