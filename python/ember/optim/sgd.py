"""Stochastic gradient descent, with momentum (heavy ball or Nesterov), dampening and weight
decay: torch.optim.SGD."""
from .. import _C
from .optimizer import Optimizer, _evaluate_closure, _use_grad_for_differentiable, required

__all__ = ["SGD", "sgd"]

_F = _C._VariableFunctions


class SGD(Optimizer):
    """Stochastic gradient descent (optionally with momentum).

    lr: learning rate (required); momentum: momentum factor; dampening: dampening of the
    momentum; weight_decay: L2 penalty; nesterov: Nesterov momentum; maximize: ascend instead;
    foreach, differentiable: as PyTorch's (foreach gives the same numbers; ember always updates
    tensor by tensor).
    """

    def __init__(self, params, lr=required, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False):
        if lr is not required and lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)

    @_use_grad_for_differentiable
    def step(self, closure=None):
        """One update of the parameters that have a gradient; returns closure's loss."""
        loss = _evaluate_closure(closure)
        for group in self.param_groups:
            params = [p for p in group["params"] if p.grad is not None]
            grads = [p.grad for p in params]
            has_sparse_grad = any(g.is_sparse for g in grads)
            buffers = [self.state[p].get("momentum_buffer") for p in params]
            sgd(params, grads, buffers, weight_decay=group["weight_decay"],
                momentum=group["momentum"], lr=group["lr"], dampening=group["dampening"],
                nesterov=group["nesterov"], maximize=group["maximize"],
                has_sparse_grad=has_sparse_grad, foreach=group["foreach"])
            # The buffers made by this step (None without momentum) become the state.
            for param, buffer in zip(params, buffers):
                self.state[param]["momentum_buffer"] = buffer
        return loss


def sgd(params, d_p_list, momentum_buffer_list, has_sparse_grad=None, foreach=None, *,
        weight_decay, momentum, lr, dampening, nesterov, maximize):
    """The SGD update of each param in place (torch.optim.sgd.sgd). A None in
    momentum_buffer_list is replaced by the buffer this step creates."""
    for i, param in enumerate(params):
        d_p = d_p_list[i] if not maximize else -d_p_list[i]
        if weight_decay != 0:
            d_p = d_p.add(param, alpha=weight_decay)
        if momentum != 0:
            buf = momentum_buffer_list[i]
            if buf is None:
                buf = _F.clone(d_p).detach()
                momentum_buffer_list[i] = buf
            else:
                buf.mul_(momentum).add_(d_p, alpha=1 - dampening)
            d_p = d_p.add(buf, alpha=momentum) if nesterov else buf
        param.add_(d_p, alpha=-lr)
