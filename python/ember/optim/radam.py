"""RAdam (Liu et al.): Adam with the variance of its adaptive rate rectified,
torch.optim.RAdam."""
import math

from .. import _C
from ..autograd.grad_mode import no_grad
from .adam import _check_adam_arguments, _check_state_steps, _steps_to_tensors
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["RAdam", "radam"]

_F = _C._VariableFunctions


class RAdam(Optimizer):
    """RAdam: plain momentum steps while the variance of the adaptive rate is intractable (the
    first steps), Adam's steps scaled by a rectification term afterwards.

    lr: learning rate; betas: the decay rates of the running averages of the gradient and of
    its square; eps: added to the denominator; weight_decay: L2 penalty; foreach: as PyTorch's
    (ember computes as PyTorch's foreach=False does).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None):
        _check_adam_arguments(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        foreach=foreach)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
        _steps_to_tensors(self.state)

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params, grads, exp_avgs, exp_avg_sqs, steps = [], [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                if p.grad.is_sparse:
                    raise RuntimeError("RAdam does not support sparse gradients")
                grads.append(p.grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _F.tensor(0.)
                    state["exp_avg"] = _zeros_like(p)
                    state["exp_avg_sq"] = _zeros_like(p)
                exp_avgs.append(state["exp_avg"])
                exp_avg_sqs.append(state["exp_avg_sq"])
                steps.append(state["step"])
            beta1, beta2 = group["betas"]
            radam(params, grads, exp_avgs, exp_avg_sqs, steps, beta1=beta1, beta2=beta2,
                  lr=group["lr"], weight_decay=group["weight_decay"], eps=group["eps"],
                  foreach=group["foreach"])
        return loss


def radam(params, grads, exp_avgs, exp_avg_sqs, state_steps, foreach=None, *, beta1, beta2,
          lr, weight_decay, eps):
    """The RAdam update of each param in place (torch.optim.radam.radam); state_steps are the
    step counters, tensors, incremented here."""
    _check_state_steps(state_steps)
    for param, grad, exp_avg, exp_avg_sq, step_t in zip(params, grads, exp_avgs, exp_avg_sqs,
                                                         state_steps):
        step_t += 1
        step = step_t.item()
        bias_correction1 = 1 - beta1 ** step
        bias_correction2 = 1 - beta2 ** step
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        bias_corrected_exp_avg = exp_avg / bias_correction1
        # The maximum length of the approximated simple moving average, and its length now.
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2 ** step) / bias_correction2
        if rho_t > 5.:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf
                             / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive_lr = math.sqrt(bias_correction2) / exp_avg_sq.sqrt().add_(eps)
            param.add_(bias_corrected_exp_avg * lr * adaptive_lr * rect, alpha=-1.0)
        else:
            param.add_(bias_corrected_exp_avg * lr, alpha=-1.0)
