"""NAdam (Dozat): Adam with Nesterov momentum, torch.optim.NAdam."""
from .. import _C
from .._tensor import Tensor
from ..autograd.grad_mode import no_grad
from .adam import _check_adam_arguments, _check_state_steps, _steps_to_tensors
from .asgd import _values_to_tensors
from .optimizer import Optimizer, _evaluate_closure, _zeros_like

__all__ = ["NAdam", "nadam"]

_F = _C._VariableFunctions


class NAdam(Optimizer):
    """NAdam.

    lr: learning rate; betas: the decay rates of the running averages of the gradient and of
    its square; eps: added to the denominator; weight_decay: L2 penalty; momentum_decay: the
    decay of the momentum schedule; foreach: as PyTorch's (ember computes as PyTorch's
    foreach=False does).
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, foreach=None):
        _check_adam_arguments(lr, betas, eps, weight_decay)
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay, foreach=foreach)
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
        _steps_to_tensors(self.state)
        _values_to_tensors(self.state, "mu_product")

    @no_grad()
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params, grads, exp_avgs, exp_avg_sqs, mu_products, steps = [], [], [], [], [], []
            for p in group["params"]:
                if p.grad is None:
                    continue
                params.append(p)
                if p.grad.is_sparse:
                    raise RuntimeError("NAdam does not support sparse gradients")
                grads.append(p.grad)
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = _F.tensor(0.)
                    state["mu_product"] = _F.tensor(1.)
                    state["exp_avg"] = _zeros_like(p)
                    state["exp_avg_sq"] = _zeros_like(p)
                exp_avgs.append(state["exp_avg"])
                exp_avg_sqs.append(state["exp_avg_sq"])
                mu_products.append(state["mu_product"])
                steps.append(state["step"])
            beta1, beta2 = group["betas"]
            nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, steps, beta1=beta1,
                  beta2=beta2, lr=group["lr"], weight_decay=group["weight_decay"],
                  momentum_decay=group["momentum_decay"], eps=group["eps"],
                  foreach=group["foreach"])
        return loss


def nadam(params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps, foreach=None, *,
          beta1, beta2, lr, weight_decay, momentum_decay, eps):
    """The NAdam update of each param in place (torch.optim.nadam.nadam); state_steps and
    mu_products (the product of the momentum schedule) are tensors, updated here."""
    _check_state_steps(state_steps)
    if not all(isinstance(t, Tensor) for t in mu_products):
        raise RuntimeError("API has changed, `mu_products` argument must contain a list of "
                           "singleton tensors")
    for param, grad, exp_avg, exp_avg_sq, mu_product, step_t in zip(
            params, grads, exp_avgs, exp_avg_sqs, mu_products, state_steps):
        step_t += 1
        step = step_t.item()
        bias_correction2 = 1 - beta2 ** step
        if weight_decay != 0:
            grad = grad.add(param, alpha=weight_decay)
        mu = beta1 * (1. - 0.5 * (0.96 ** (step * momentum_decay)))
        mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * momentum_decay)))
        mu_product *= mu
        mu_product_next = mu_product * mu * mu_next
        exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        denom = exp_avg_sq.div(bias_correction2).sqrt().add_(eps)
        param.addcdiv_(grad, denom, value=-lr * (1. - mu) / (1. - mu_product.item()))
        param.addcdiv_(exp_avg, denom, value=-lr * mu_next / (1. - mu_product_next.item()))
