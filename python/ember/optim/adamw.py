"""AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, torch.optim.AdamW."""
from ..autograd.grad_mode import no_grad
from .adam import (
    _adam_update,
    _check_adam_arguments,
    _check_state_steps,
    _gather_adam_state,
    _steps_to_tensors,
)
from .optimizer import Optimizer, _evaluate_closure

__all__ = ["AdamW", "adamw"]


class AdamW(Optimizer):
    """AdamW: Adam whose weight decay shrinks the parameters (by lr * weight_decay) instead of
    adding to the gradient. Options as Adam's (weight_decay defaults to 0.01)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False):
        _check_adam_arguments(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, foreach=foreach, maximize=maximize,
                        capturable=capturable)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
        _steps_to_tensors(self.state)

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        self._cuda_graph_capture_health_check()
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            lists = _gather_adam_state(self, group, "AdamW does not support sparse gradients")
            beta1, beta2 = group["betas"]
            adamw(*lists, amsgrad=group["amsgrad"], beta1=beta1, beta2=beta2, lr=group["lr"],
                  weight_decay=group["weight_decay"], eps=group["eps"],
                  maximize=group["maximize"], foreach=group["foreach"],
                  capturable=group["capturable"])
        return loss


def adamw(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, foreach=None,
          capturable=False, *, amsgrad, beta1, beta2, lr, weight_decay, eps, maximize):
    """The AdamW update of each param in place (torch.optim.adamw.adamw)."""
    _check_state_steps(state_steps)
    for i, param in enumerate(params):
        grad = grads[i] if not maximize else -grads[i]
        step_t = state_steps[i]
        if capturable:
            assert param.is_cuda and step_t.is_cuda, \
                "If capturable=True, params and state_steps must be CUDA tensors."
        step_t += 1
        param.mul_(1 - lr * weight_decay)
        _adam_update(param, grad, exp_avgs[i], exp_avg_sqs[i], max_exp_avg_sqs, i, step_t,
                     amsgrad=amsgrad, beta1=beta1, beta2=beta2, lr=lr, eps=eps,
                     capturable=capturable, differentiable=False)
