"""Adamax (Kingma & Ba): Adam with the infinity norm, torch.optim.Adamax."""
from .. import _C
from ..autograd.grad_mode import no_grad
from .adam import _check_adam_arguments, _check_state_steps, _steps_to_tensors
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["Adamax", "adamax"]

_F = _C._VariableFunctions


class Adamax(Optimizer):
    """Adamax: Adam whose second moment is the running maximum of the gradient's magnitude.

    lr: learning rate; betas: the decay rates of the gradient's running average and of the
    running maximum; eps: added to the gradient's magnitude; weight_decay: L2 penalty;
    maximize: ascend instead; foreach: as PyTorch's (the same numbers).
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False):
        _check_adam_arguments(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize)
        super().__init__(params, defaults)

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
            params, grads, exp_avgs, exp_infs, steps = [], [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                if p.grad.is_sparse:
                    raise RuntimeError("Adamax does not support sparse gradients")
                grads.append(p.grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _F.tensor(0.)
                    state["exp_avg"] = _zeros_like(p)
                    state["exp_inf"] = _zeros_like(p)
                exp_avgs.append(state["exp_avg"])
                exp_infs.append(state["exp_inf"])
                steps.append(state["step"])
            beta1, beta2 = group["betas"]
            adamax(params, grads, exp_avgs, exp_infs, steps, eps=group["eps"], beta1=beta1,
                   beta2=beta2, lr=group["lr"], weight_decay=group["weight_decay"],
                   foreach=group["foreach"], maximize=group["maximize"])
        return loss


def adamax(params, grads, exp_avgs, exp_infs, state_steps, foreach=None, maximize=False, *,
           eps, beta1, beta2, lr, weight_decay):
    """The Adamax update of each param in place (torch.optim.adamax.adamax); state_steps are
    the step counters, tensors, incremented here."""
    _check_state_steps(state_steps)
    for param, grad, exp_avg, exp_inf, step_t in zip(params, grads, exp_avgs, exp_infs,
                                                      state_steps):
        grad = grad if not maximize else -grad
        step_t += 1
        step = step_t.item()
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        # (PyTorch unsqueezes the second in place; ember has no unsqueeze_, and the view is
        # the same)
        norm_buf = _F.cat([exp_inf.mul_(beta2).unsqueeze(0), grad.abs().add_(eps).unsqueeze(0)],
                          0)
        _F.amax(norm_buf, 0, keepdim=False, out=exp_inf)
        clr = lr / (1 - beta1 ** step)
        param.addcdiv_(exp_avg, exp_inf, value=-clr)
