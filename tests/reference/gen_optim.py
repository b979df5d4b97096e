"""Optimizer trajectories, learning-rate schedules and option errors from real PyTorch 1.13
(read by tests/optim/test_optim.cpp).

Every trajectory case minimises the same least-squares problem, mean((X @ W + b - Y)^2), from the
same initial W and b for 20 steps (float32 unless the case's layout says float64; W non-contiguous
where it says transposed_w). Per step it records the gradients PyTorch's backward produced
(so the C++ test can feed exactly these into ember's optimizer and expect PyTorch's parameters bit
for bit) and the parameters after the step (compared also against ember's own forward/backward
within float tolerance). Options are recorded per group exactly as PyTorch completed them.
"""
import json
import os

import torch

from reflib import describe, error_of

STEPS = 20

torch.manual_seed(0)
# W has 24 elements: PyTorch's kernels run their vectorised loops on it (b is all tail).
X = torch.randn(10, 6)
Y = torch.randn(10, 4)
W0 = torch.randn(6, 4) * 0.5
B0 = torch.randn(4) * 0.1


OPTIMIZERS = {
    "SGD": torch.optim.SGD,
    "Adam": torch.optim.Adam,
    "AdamW": torch.optim.AdamW,
    "RMSprop": torch.optim.RMSprop,
}
OPTION_KEYS = {
    "SGD": ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
    "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    "AdamW": ["lr", "betas", "eps", "weight_decay", "amsgrad"],
    "RMSprop": ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
}

# (name, optimizer, defaults, per-group overrides or None for one group holding W and b[, layout])
CASES = [
    ("sgd_plain", "SGD", dict(lr=0.1), None),
    ("sgd_momentum", "SGD", dict(lr=0.05, momentum=0.9), None),
    ("sgd_nesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True), None),
    ("sgd_dampening_wd", "SGD", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01), None),
    ("sgd_weight_decay", "SGD", dict(lr=0.1, weight_decay=0.05), None),
    ("sgd_groups", "SGD", dict(lr=0.1, momentum=0.9), [dict(), dict(lr=0.01, momentum=0.5)]),
    ("adam_default", "Adam", dict(lr=0.01), None),
    ("adam_wd_amsgrad", "Adam",
     dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True), None),
    ("adam_amsgrad", "Adam", dict(lr=0.05, amsgrad=True), None),
    ("adam_groups", "Adam", dict(lr=0.01), [dict(lr=0.03, betas=(0.5, 0.9)), dict(weight_decay=0.2)]),
    ("adamw_default", "AdamW", dict(lr=0.01), None),
    ("adamw_amsgrad", "AdamW",
     dict(lr=0.02, betas=(0.85, 0.995), weight_decay=0.1, amsgrad=True), None),
    ("rmsprop_default", "RMSprop", dict(lr=0.01), None),
    ("rmsprop_centered", "RMSprop", dict(lr=0.01, alpha=0.9, centered=True), None),
    ("rmsprop_momentum", "RMSprop", dict(lr=0.01, momentum=0.5), None),
    ("rmsprop_all", "RMSprop",
     dict(lr=0.005, momentum=0.9, centered=True, weight_decay=0.05, eps=1e-6), None),
    ("rmsprop_groups", "RMSprop", dict(lr=0.01), [dict(centered=True), dict(lr=0.02, momentum=0.3)]),
    # Layouts: float64 parameters, and a non-contiguous W.
    ("sgd_nesterov_float64", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
     None, dict(dtype="float64")),
    ("adam_amsgrad_float64", "Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.01), None,
     dict(dtype="float64")),
    ("rmsprop_all_float64", "RMSprop",
     dict(lr=0.005, momentum=0.9, centered=True, weight_decay=0.05), None, dict(dtype="float64")),
    ("sgd_momentum_transposed", "SGD", dict(lr=0.05, momentum=0.9, weight_decay=0.01), None,
     dict(transposed_w=True)),
    ("adamw_transposed", "AdamW", dict(lr=0.02, amsgrad=True), None, dict(transposed_w=True)),
    ("rmsprop_centered_transposed", "RMSprop", dict(lr=0.01, momentum=0.5, centered=True), None,
     dict(transposed_w=True)),
]


def json_options(name, group):
    out = {}
    for k in OPTION_KEYS[name]:
        v = group[k]
        out[k] = [float(x).hex() for x in v] if k == "betas" else (v if isinstance(v, bool) else float(v).hex())
    return out


def trajectory(name, opt_name, defaults, groups, layout=None):
    layout = layout or {}
    dtype = getattr(torch, layout.get("dtype", "float32"))
    x, y = X.to(dtype), Y.to(dtype)
    if layout.get("transposed_w"):
        # A non-contiguous leaf: the transpose of a contiguous (4, 6) tensor.
        w = W0.t().contiguous().t().to(dtype).requires_grad_()
        assert not w.is_contiguous() and w.is_leaf
    else:
        w = W0.clone().to(dtype).requires_grad_()
    b = B0.clone().to(dtype).requires_grad_()
    if groups is None:
        params = [w, b]
    else:
        params = [dict(params=[w], **groups[0]), dict(params=[b], **groups[1])]
    opt = OPTIMIZERS[opt_name](params, **defaults)
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        grads = [describe(w.grad), describe(b.grad)]
        opt.step()
        steps.append({"loss": float(loss).hex(), "grads": grads,
                      "params": [describe(w.detach()), describe(b.detach())]})
    return {
        "name": name,
        "optimizer": opt_name,
        # Group 0 holds W (and b when there is a single group), group 1 holds b.
        "layout": layout,
        "defaults": json_options(opt_name, opt.defaults),
        "groups": [json_options(opt_name, g) for g in opt.param_groups],
        "steps": steps,
    }


def lr_sequence(scheduler_fn, lrs, steps):
    params = [torch.zeros(1, requires_grad=True) for _ in lrs]
    opt = torch.optim.SGD([dict(params=[p], lr=lr) for p, lr in zip(params, lrs)], lr=lrs[0])
    sched = scheduler_fn(opt)
    seq = [[float(g["lr"]).hex() for g in opt.param_groups]]
    for _ in range(steps):
        opt.step()
        sched.step()
        seq.append([float(g["lr"]).hex() for g in opt.param_groups])
    return seq


def schedules():
    # lrs[k]: the learning rates after k scheduler steps (k = 0: as constructed).
    return {
        "step_lr_3_half": {"step_size": 3, "gamma": 0.5, "base": [0.1, 0.03],
                           "lrs": lr_sequence(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5),
                                              [0.1, 0.03], 12)},
        "step_lr_1_default": {"step_size": 1, "gamma": 0.1, "base": [1.0],
                              "lrs": lr_sequence(lambda o: torch.optim.lr_scheduler.StepLR(o, 1),
                                                 [1.0], 6)},
        "cosine_10": {"T_max": 10, "eta_min": 0.001, "base": [0.1, 0.05],
                      "lrs": lr_sequence(
                          lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.001),
                          [0.1, 0.05], 45)},
        "cosine_7_zero_min": {"T_max": 7, "eta_min": 0.0, "base": [0.2],
                              "lrs": lr_sequence(
                                  lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 7),
                                  [0.2], 30)},
        "cosine_1": {"T_max": 1, "eta_min": 0.01, "base": [0.1],
                     "lrs": lr_sequence(
                         lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 1, 0.01),
                         [0.1], 6)},
    }


def errors():
    p = [torch.zeros(2, requires_grad=True)]
    optim = torch.optim
    e = {
        # Values chosen so Python's str(float) and C++'s ostream print them alike.
        "sgd_lr": error_of(lambda: optim.SGD(p, lr=-0.1)),
        "sgd_momentum": error_of(lambda: optim.SGD(p, lr=0.1, momentum=-0.5)),
        "sgd_weight_decay": error_of(lambda: optim.SGD(p, lr=0.1, weight_decay=-0.001)),
        "sgd_nesterov_no_momentum": error_of(lambda: optim.SGD(p, lr=0.1, nesterov=True)),
        "sgd_nesterov_dampening": error_of(
            lambda: optim.SGD(p, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)),
        "adam_lr": error_of(lambda: optim.Adam(p, lr=-0.5)),
        "adam_eps": error_of(lambda: optim.Adam(p, eps=-1e-08)),
        "adam_beta0": error_of(lambda: optim.Adam(p, betas=(1.5, 0.999))),
        "adam_beta1": error_of(lambda: optim.Adam(p, betas=(0.9, -0.1))),
        "adam_weight_decay": error_of(lambda: optim.Adam(p, weight_decay=-0.1)),
        "adamw_lr": error_of(lambda: optim.AdamW(p, lr=-0.1)),
        "adamw_eps": error_of(lambda: optim.AdamW(p, eps=-0.1)),
        "adamw_beta0": error_of(lambda: optim.AdamW(p, betas=(-0.5, 0.999))),
        "adamw_beta1": error_of(lambda: optim.AdamW(p, betas=(0.9, 1.5))),
        "adamw_weight_decay": error_of(lambda: optim.AdamW(p, weight_decay=-0.01)),
        "rmsprop_lr": error_of(lambda: optim.RMSprop(p, lr=-0.1)),
        "rmsprop_eps": error_of(lambda: optim.RMSprop(p, eps=-0.1)),
        "rmsprop_momentum": error_of(lambda: optim.RMSprop(p, momentum=-0.5)),
        "rmsprop_weight_decay": error_of(lambda: optim.RMSprop(p, weight_decay=-0.5)),
        "rmsprop_alpha": error_of(lambda: optim.RMSprop(p, alpha=-0.5)),
        "non_leaf": error_of(lambda: optim.SGD([p[0] * 2], lr=0.1)),
    }
    return e


def main():
    out = {
        "torch_version": torch.__version__,
        "problem": {"X": describe(X), "Y": describe(Y), "W0": describe(W0), "b0": describe(B0)},
        "cases": [trajectory(*c) for c in CASES],
        "schedules": schedules(),
        "errors": errors(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
