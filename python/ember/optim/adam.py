"""Adam (Kingma & Ba), with AMSGrad and L2 weight decay: torch.optim.Adam."""
import math

from .. import _C
from .._tensor import Tensor
from .optimizer import Optimizer, _evaluate_closure, _use_grad_for_differentiable, _zeros_like

__all__ = ["Adam", "adam"]

_F = _C._VariableFunctions


class Adam(Optimizer):
    """Adam.

    lr: learning rate; betas: the decay rates of the running averages of the gradient and of
    its square; eps: added to the denominator; weight_decay: L2 penalty (added to the gradient);
    amsgrad: divide by the running maximum of the second moment; maximize: ascend instead.
    foreach, capturable, differentiable, fused: as PyTorch's (foreach gives the same numbers;
    ember always updates tensor by tensor; fused needs CUDA parameters, and ember has no fused
    kernel).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=False):
        _check_adam_arguments(lr, betas, eps, weight_decay)
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        if fused:
            if differentiable:
                raise RuntimeError("`fused` cannot be `differentiable`")
            if not all(p.is_cuda and p.is_floating_point()
                       for group in self.param_groups for p in group["params"]):
                raise RuntimeError("FusedAdam requires all the params to be CUDA, floating point")
            raise NotImplementedError("ember has no fused Adam; use fused=False")

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)
        _steps_to_tensors(self.state)

    @_use_grad_for_differentiable
    def step(self, closure=None, *, grad_scaler=None):
        """One update of the parameters that have a gradient; returns closure's loss.
        grad_scaler: only for fused=True, which ember lacks."""
        self._cuda_graph_capture_health_check()
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            lists = _gather_adam_state(self, group, "Adam does not support sparse gradients, "
                                       "please consider SparseAdam instead")
            beta1, beta2 = group["betas"]
            adam(*lists, amsgrad=group["amsgrad"], beta1=beta1, beta2=beta2, lr=group["lr"],
                 weight_decay=group["weight_decay"], eps=group["eps"],
                 maximize=group["maximize"], foreach=group["foreach"],
                 capturable=group["capturable"], differentiable=group["differentiable"],
                 fused=group["fused"])
        return loss


def adam(params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, foreach=None,
         capturable=False, differentiable=False, fused=False, grad_scale=None, found_inf=None,
         *, amsgrad, beta1, beta2, lr, weight_decay, eps, maximize):
    """The Adam update of each param in place (torch.optim.adam.adam); state_steps are the
    step counters, tensors, incremented here."""
    _check_state_steps(state_steps)
    if fused:
        raise NotImplementedError("ember has no fused Adam; use fused=False")
    assert grad_scale is None and found_inf is None
    for i, param in enumerate(params):
        grad = grads[i] if not maximize else -grads[i]
        step_t = state_steps[i]
        if capturable:
            assert param.is_cuda and step_t.is_cuda, \
                "If capturable=True, params and state_steps must be CUDA tensors."
        step_t += 1
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        # (grad.conj() in PyTorch: the same tensor for ember's real dtypes)
        _adam_update(param, grad, exp_avgs[i], exp_avg_sqs[i], max_exp_avg_sqs, i, step_t,
                     amsgrad=amsgrad, beta1=beta1, beta2=beta2, lr=lr, eps=eps,
                     capturable=capturable, differentiable=differentiable)


def _check_adam_arguments(lr, betas, eps, weight_decay):
    """Adam's and AdamW's checks of their hyperparameters."""
    if not 0.0 <= lr:
        raise ValueError(f"Invalid learning rate: {lr}")
    if not 0.0 <= eps:
        raise ValueError(f"Invalid epsilon value: {eps}")
    if not 0.0 <= betas[0] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
    if not 0.0 <= betas[1] < 1.0:
        raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
    if not 0.0 <= weight_decay:
        raise ValueError(f"Invalid weight_decay value: {weight_decay}")


def _check_state_steps(state_steps):
    if not all(isinstance(t, Tensor) for t in state_steps):
        raise RuntimeError("API has changed, `state_steps` argument must contain a list of "
                           "singleton tensors")


def _steps_to_tensors(state):
    """Turns 'step' counters saved as numbers (by older PyTorch) into tensors."""
    values = list(state.values())
    if len(values) != 0 and isinstance(values[0]["step"], Tensor):
        return
    for value in values:
        value["step"] = _F.tensor(float(value["step"]))


def _gather_adam_state(optimizer, group, sparse_message):
    """The lists adam()/adamw() take for the group's parameters that have a gradient, the
    state of those seen for the first time created (counter 0, zero moments)."""
    params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps = [], [], [], [], [], []
    defaults = optimizer.defaults
    for p in group["params"]:
        if p.grad is None:
            continue
        params.append(p)
        if p.grad.is_sparse:
            raise RuntimeError(sparse_message)
        grads.append(p.grad)
        state = optimizer.state[p]
        if len(state) == 0:
            if defaults["capturable"] or defaults.get("fused", False):
                state["step"] = _F.zeros((1,), dtype=_C.float, device=p.device)
            else:
                state["step"] = _F.tensor(0.)
            state["exp_avg"] = _zeros_like(p)
            state["exp_avg_sq"] = _zeros_like(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = _zeros_like(p)
        exp_avgs.append(state["exp_avg"])
        exp_avg_sqs.append(state["exp_avg_sq"])
        if group["amsgrad"]:
            max_exp_avg_sqs.append(state["max_exp_avg_sq"])
        if group.get("differentiable", False) and state["step"].requires_grad:
            raise RuntimeError("`requires_grad` is not supported for `step` in differentiable "
                               "mode")
        steps.append(state["step"])
    return params, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, steps


def _adam_update(param, grad, exp_avg, exp_avg_sq, max_exp_avg_sqs, i, step_t, *, amsgrad,
                 beta1, beta2, lr, eps, capturable, differentiable):
    """Adam's and AdamW's common part: the running averages, then param's step (step_t
    already counts this step)."""
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    if capturable or differentiable:
        # Bias corrections as tensors (from the step tensor), folded into the denominator.
        bias_correction1 = 1 - _F.pow(beta1, step_t)
        bias_correction2 = 1 - _F.pow(beta2, step_t)
        step_size_neg = (lr / bias_correction1).neg()
        bias_correction2_sqrt = bias_correction2.sqrt()
        if amsgrad:
            previous = max_exp_avg_sqs[i].clone() if differentiable else max_exp_avg_sqs[i]
            max_exp_avg_sqs[i].copy_(_F.maximum(previous, exp_avg_sq))
            second = max_exp_avg_sqs[i]
        else:
            second = exp_avg_sq
        denom = (second.sqrt() / (bias_correction2_sqrt * step_size_neg)) \
            .add_(eps / step_size_neg)
        param.addcdiv_(exp_avg, denom)
        return
    step = step_t.item()
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    step_size = lr / bias_correction1
    bias_correction2_sqrt = math.sqrt(bias_correction2)
    if amsgrad:
        _F.maximum(max_exp_avg_sqs[i], exp_avg_sq, out=max_exp_avg_sqs[i])
        second = max_exp_avg_sqs[i]
    else:
        second = exp_avg_sq
    denom = (second.sqrt() / bias_correction2_sqrt).add_(eps)
    param.addcdiv_(exp_avg, denom, value=-step_size)
