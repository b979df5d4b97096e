"""ember.optim against PyTorch 1.13's torch.optim: the parameters' trajectories bit for bit
(SGD, Adam, AdamW, RMSprop, Adagrad with their options, LBFGS), state_dict's structure, its
round trip and load_state_dict's checks, printing, zero_grad, the hyperparameter and
parameter-group errors, and the schedulers' learning rates (exactly), warnings and state.

The losses use only element-wise operations whose results ember rounds as PyTorch does
(+, -, *, pow 2 and 3; a sum's gradient is a broadcast), so that the gradients are identical and
any difference is the optimizer's. PyTorch's add(other, alpha=a) and addcmul are fused
multiply-adds (one rounding); while ember rounds them twice (ROUNDING_GAPS, probed below), the
trajectories can only agree to within rounding, and such cases are expected failures."""
import os
import pickle
import warnings

import numpy as np
import pytest
import torch

import ember
import ember.optim  # noqa: F401  (ember/__init__.py may not import it yet)
from differential import check, compare, normalize, run


def _rounding_gaps():
    """The element-wise operations of the optimizers' updates that ember rounds differently
    from PyTorch (whose add(other, alpha=a) and addcmul are fused multiply-adds on CPU)."""
    rs = np.random.RandomState(0)
    gaps = []
    for dtype in ("float32", "float64"):
        # (products of the size of the sums, so that a second rounding shows)
        values = [rs.randn(1000).tolist() for _ in range(3)]
        probes = {"add(other, alpha=a)": lambda s, a, b: s.add(a, alpha=-0.7),
                  "addcmul": lambda s, a, b: s.addcmul(a, b, value=-0.7),
                  "addcdiv": lambda s, a, b: s.addcdiv(a, b * b + 0.5, value=-0.7)}
        for name, op in probes.items():
            results = []
            for lib in (torch, ember):
                s, a, b = (lib.tensor(v, dtype=getattr(lib, dtype)) for v in values)
                try:
                    results.append(op(s, a, b).tolist())
                except Exception as e:  # noqa: BLE001  (a missing op is a gap too)
                    results.append(repr(e))
            if results[0] != results[1]:
                gaps.append(f"{name} ({dtype})")
    return gaps


ROUNDING_GAPS = _rounding_gaps()
# How far a dozen steps drift apart from last-bit differences.
_DRIFT = {"float32": (1e-4, 1e-5), "float64": (1e-10, 1e-12)}


def _exact(code_fn, tolerance=None, chaotic=False):
    """Runs code_fn(lib) under both libraries; the results must be identical (tensors bit for
    bit, floats exactly, exceptions of the same type and message). While ember's element-wise
    ops round differently (ROUNDING_GAPS), results that agree to within rounding are an
    expected failure; any other difference fails (chaotic: a last-bit difference can change
    the path, so any difference is expected then)."""
    expected, actual = run(code_fn, torch), run(code_fn, ember)
    label = getattr(code_fn, "__name__", "")
    try:
        compare(expected, actual, exact=True, label=label)
    except AssertionError:
        if not ROUNDING_GAPS:
            raise
        if not chaotic:
            compare(expected, actual, label=label, compare_repr=False,
                    tolerance=tolerance or _DRIFT)
        pytest.xfail("the same to within rounding, not bit for bit: ember rounds "
                     + ", ".join(ROUNDING_GAPS) + " differently from PyTorch")


def _plain(value):
    """A state_dict (or any nest of dicts) as tuples and lists, for compare_values to walk."""
    if isinstance(value, dict):
        return [(repr(k), _plain(v)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def _problem(lib, dtype="float32"):
    """Seeded parameters (the last never gets a gradient) and the loss, a function of them."""
    dt = getattr(lib, dtype)
    lib.manual_seed(0)
    p1 = lib.randn(3, 4, dtype=dt).requires_grad_()
    p2 = lib.randn(5, dtype=dt).requires_grad_()
    unused = lib.randn(2, dtype=dt).requires_grad_()
    a = lib.rand(3, 4, dtype=dt) + 0.5
    c = lib.randn(5, dtype=dt)

    def loss_fn(sign=1.0):
        return sign * ((a * (p1 - 1.5) ** 2).sum() + ((p2 - c) ** 3 * (p2 - c)).sum() * 0.25)

    return [p1, p2, unused], loss_fn


def _trajectory(lib, name, kwargs, steps=12, dtype="float32", groups=None, set_to_none=False):
    params, loss_fn = _problem(lib, dtype)
    sign = -1.0 if kwargs.get("maximize") else 1.0
    if groups is None:
        opt = getattr(lib.optim, name)(params, **kwargs)
    else:
        opt = getattr(lib.optim, name)([{"params": [params[0]]},
                                        {"params": params[1:], **groups}], **kwargs)
    path = []
    for _ in range(steps):
        opt.zero_grad(set_to_none=set_to_none)
        loss_fn(sign).backward()
        opt.step()
        path.append([p.detach().clone() for p in params])
    return path, _plain(opt.state_dict())


OPTIMIZER_CASES = [
    ("SGD", dict(lr=0.01)),
    ("SGD", dict(lr=0.01, momentum=0.9)),
    ("SGD", dict(lr=0.02, momentum=0.8, dampening=0.3, weight_decay=0.05)),
    ("SGD", dict(lr=0.01, momentum=0.9, nesterov=True, maximize=True)),
    ("SGD", dict(lr=0.01, momentum=0.5, foreach=True)),
    # (differentiable=True on leaves: the in-place update is an error in both)
    ("SGD", dict(lr=0.01, momentum=0.5, differentiable=True)),
    ("Adam", dict()),
    ("Adam", dict(lr=0.05, amsgrad=True, weight_decay=0.1)),
    ("Adam", dict(lr=0.1, betas=(0.5, 0.8), eps=1e-3, maximize=True)),
    ("Adam", dict(lr=0.05, amsgrad=True, differentiable=True)),
    ("Adam", dict(lr=0.05, foreach=True)),
    ("AdamW", dict()),
    ("AdamW", dict(lr=0.05, amsgrad=True, weight_decay=0.5, maximize=True)),
    ("RMSprop", dict()),
    ("RMSprop", dict(lr=0.01, momentum=0.9, centered=True, weight_decay=0.1)),
    ("RMSprop", dict(lr=0.01, alpha=0.5, eps=1e-4, centered=True, maximize=True)),
    ("RMSprop", dict(lr=0.01, momentum=0.5, differentiable=True)),
    ("Adagrad", dict()),
    ("Adagrad", dict(lr=0.1, lr_decay=0.1, weight_decay=0.1, initial_accumulator_value=0.5,
                     eps=1e-5)),
    ("Adagrad", dict(lr=0.1, maximize=True)),
]


@pytest.mark.parametrize("name,kwargs", OPTIMIZER_CASES,
                         ids=[f"{n}-{i}" for i, (n, _) in enumerate(OPTIMIZER_CASES)])
def test_trajectory(name, kwargs):
    def trajectory(lib):
        return _trajectory(lib, name, kwargs)

    _exact(trajectory)


@pytest.mark.parametrize("name,kwargs", [("SGD", dict(lr=0.01, momentum=0.9)),
                                         ("Adam", dict(amsgrad=True)),
                                         ("RMSprop", dict(centered=True)),
                                         ("Adagrad", dict())])
def test_trajectory_float64_groups_set_to_none(name, kwargs):
    def trajectory(lib):
        return (_trajectory(lib, name, kwargs, steps=6, dtype="float64"),
                _trajectory(lib, name, kwargs, steps=6,
                            groups=dict(lr=0.3, weight_decay=0.1), set_to_none=True))

    _exact(trajectory)


def test_closure_and_grad_mode():
    def steps(lib):
        params, loss_fn = _problem(lib)
        opt = lib.optim.Adam(params, lr=0.1)
        seen = []

        def closure():
            seen.append(lib.is_grad_enabled())
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            return loss

        losses = [round(opt.step(closure).item(), 3) for _ in range(3)]
        with lib.no_grad():
            opt.step(closure)
        modes = []
        sgd = lib.optim.SGD(params, lr=0.1)
        sgd.step(lambda: modes.append(lib.is_grad_enabled()))
        return (seen, modes, opt.step() is None,
                [p.detach().clone() for p in params], losses[0], len(losses))

    _exact(steps)


@pytest.mark.parametrize("name,kwargs,steps", [
    ("SGD", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1), 3),
    ("Adam", dict(lr=0.1, amsgrad=True), 1),
    ("Adam", dict(lr=0.1, weight_decay=0.1, maximize=True), 1),
    # (a second step overwrites state that the first one's backward needs: an error in both)
    ("Adam", dict(lr=0.1), 2),
    ("RMSprop", dict(lr=0.1, centered=True, momentum=0.5), 1),
    ("RMSprop", dict(lr=0.1), 3),
])
def test_differentiable(name, kwargs, steps):
    """differentiable=True: the steps are recorded, so the result can be differentiated with
    respect to what made the parameters (and their gradients)."""
    def unrolled(lib):
        w = lib.tensor([0.5, -1.25, 2.0], dtype=lib.float64, requires_grad=True)
        v = lib.tensor([1.5, 0.25, -0.75], dtype=lib.float64, requires_grad=True)
        p = w * 1
        opt = getattr(lib.optim, name)([p], differentiable=True, **kwargs)
        for _ in range(steps):
            p.grad = (p - 1) * (p + v)
            opt.step()
        return p, lib.autograd.grad((p * p).sum(), (w, v))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (p.grad of a non-leaf)
        # The parameters bit for bit; their gradients through the steps within float64 rounding
        # (some of ember's derivative formulas round in another order than PyTorch's).
        _exact(lambda lib: unrolled(lib)[0])
        compare(run(unrolled, torch), run(unrolled, ember), label="unrolled", compare_repr=False)


@pytest.mark.parametrize("dtype,kwargs", [
    ("float64", dict(lr=1, max_iter=10)),
    ("float32", dict(lr=0.5, max_iter=7, history_size=3)),
    ("float64", dict(max_iter=15, line_search_fn="strong_wolfe")),
    ("float32", dict(max_iter=8, history_size=2, line_search_fn="strong_wolfe")),
    ("float64", dict(lr=1e-3, max_iter=3, tolerance_change=1e-3)),
])
def test_lbfgs_rosenbrock(dtype, kwargs):
    """On a two-element problem every sum and dot product is exact, so L-BFGS (whose line
    search and stopping tests use them) must follow PyTorch's path exactly."""
    def minimize(lib):
        x = lib.tensor([-1.5, 2.0], dtype=getattr(lib, dtype), requires_grad=True)
        opt = lib.optim.LBFGS([x], **kwargs)

        def closure():
            opt.zero_grad()
            loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
            loss.backward()
            return loss

        losses = [opt.step(closure).detach().clone() for _ in range(4)]
        state = opt.state[x]
        return (x.detach().clone(), losses, state["n_iter"], state["func_evals"],
                len(state["old_dirs"]), state["d"], state["t"], state["H_diag"])

    _exact(minimize, chaotic=True)


def test_lbfgs_larger_problem_and_errors():
    """A bigger problem (sums of more terms, which ember may round differently): the same
    result to within rounding."""
    def minimize(lib, line_search_fn):
        lib.manual_seed(1)
        w = lib.randn(6, 2, dtype=lib.float64).requires_grad_()
        b = lib.randn(3, dtype=lib.float64).requires_grad_()
        scale = lib.rand(6, 2, dtype=lib.float64) + 0.5
        opt = lib.optim.LBFGS([w, b], history_size=4, max_iter=30,
                              line_search_fn=line_search_fn)

        def closure():
            opt.zero_grad()
            loss = (scale * (w - 0.5) ** 2).sum() + ((b + 1) ** 2 * (b ** 2 + 1)).sum()
            loss.backward()
            return loss

        opt.step(closure)
        return w.detach(), b.detach()

    for search in (None, "strong_wolfe"):
        compare(run(lambda lib: minimize(lib, search), torch),
                run(lambda lib: minimize(lib, search), ember))
    check("x = torch.zeros(2, requires_grad=True); "
          "torch.optim.LBFGS([{'params': [x]}, {'params': [torch.zeros(1)]}])")
    check("x = torch.ones(2, requires_grad=True); opt = torch.optim.LBFGS([x], "
          "line_search_fn='armijo'); opt.step(lambda: (x * x).sum().backward() or (x * x).sum())")
    check("x = torch.zeros(2, requires_grad=True); opt = torch.optim.LBFGS([x]); "
          "opt.step(lambda: (x * x).sum().backward() or (x * x).sum()); x")
    check("x = torch.ones(2, requires_grad=True); torch.optim.LBFGS([x], max_iter=8)."
          "param_groups[0]['max_eval']")
    # a parameter without a gradient counts as zeros
    check("x = torch.tensor([2.0, -1.0], requires_grad=True); y = torch.ones(1, "
          "requires_grad=True); opt = torch.optim.LBFGS([y, x], max_iter=3); "
          "opt.step(lambda: (x * x).sum().backward() or (x * x).sum()); "
          "(x, y, opt.state[y]['n_iter'], opt.state[y]['d'])")


def test_lbfgs_state_dict():
    """L-BFGS keeps its history (lists of tensors, numbers) in the first parameter's state:
    state_dict and load_state_dict carry it (the values are compared in the tests above)."""
    def structure(lib):
        x = lib.tensor([-1.5, 2.0], dtype=lib.float64, requires_grad=True)
        opt = lib.optim.LBFGS([x], max_iter=5, history_size=3)

        def closure():
            opt.zero_grad()
            loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2
            loss.backward()
            return loss

        opt.step(closure)
        saved = opt.state_dict()
        y = x.detach().float().requires_grad_()
        other = lib.optim.LBFGS([y])
        other.load_state_dict(saved)
        state = other.state[y]

        def kind(v):
            if isinstance(v, list):
                return [kind(e) for e in v]
            return type(v).__name__ if not lib.is_tensor(v) else str(v.dtype)

        return (sorted(saved["state"]), saved["param_groups"],
                sorted((k, kind(v)) for k, v in state.items()), other.param_groups[0]["max_iter"])

    _exact(structure)


def test_state_dict_structure_and_round_trip():
    def round_trip(lib):
        params, loss_fn = _problem(lib)
        opt = lib.optim.Adam([{"params": params[:1]}, {"params": params[1:], "lr": 0.01}],
                             amsgrad=True)
        for _ in range(3):
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        saved = opt.state_dict()
        structure = _plain(saved)
        shares = saved["state"][0]["exp_avg"] is opt.state[params[0]]["exp_avg"]
        # A new optimizer on copies of the parameters, loaded, goes on as the original.
        copies = [p.detach().clone().requires_grad_() for p in params]
        other = lib.optim.Adam([{"params": copies[:1]}, {"params": copies[1:]}])
        other.load_state_dict(saved)
        loaded = _plain(other.state_dict())
        copied = other.state[copies[0]]["exp_avg"] is not opt.state[params[0]]["exp_avg"]
        for p, q in zip(params, copies):
            q.grad = None if p.grad is None else p.grad.clone()
        opt.step()
        other.step()
        # Into float64 parameters: the state follows their dtype, but the step counter.
        wide = [p.detach().double().requires_grad_() for p in params]
        widened = lib.optim.Adam([{"params": wide[:1]}, {"params": wide[1:]}])
        widened.load_state_dict(saved)
        w = widened.state[wide[0]]
        return (structure, loaded, shares, copied, [p.detach() for p in params],
                [q.detach() for q in copies], w["exp_avg"].dtype, w["step"].dtype,
                other.param_groups[1]["lr"], other.param_groups[1]["params"][0] is copies[1])

    _exact(round_trip)


def test_state_dict_of_each_optimizer():
    def states(lib):
        out = []
        for name, kwargs in [("SGD", dict(lr=0.1)), ("SGD", dict(lr=0.1, momentum=0.9)),
                             ("AdamW", dict()), ("RMSprop", dict(momentum=0.1, centered=True)),
                             ("Adagrad", dict())]:
            params, loss_fn = _problem(lib)
            opt = getattr(lib.optim, name)(params, **kwargs)
            loss_fn().backward()
            opt.step()
            out.append(_plain(opt.state_dict()))
        return out

    _exact(states)


@pytest.mark.parametrize("code", [
    # load_state_dict's checks
    "opt.load_state_dict({'state': {}, 'param_groups': []})",
    "opt.load_state_dict({'state': {}, 'param_groups': [{'params': [0]}]})",
    "opt.load_state_dict({'state': {}})",
    "opt.load_state_dict({'state': {7: {'x': 1}}, 'param_groups': [{'lr': 0.5, "
    "'params': [0, 1]}]}); (dict(opt.state), opt.param_groups[0]['lr'])",
    # duplicate parameters are numbered by their last place
    "opt = torch.optim.SGD([x, x, y], lr=0.1); opt.state_dict()",
])
def test_load_state_dict_errors(code):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("x = torch.zeros(2, requires_grad=True); y = torch.ones(3, requires_grad=True); "
              f"opt = torch.optim.SGD([x, y], lr=0.1); {code}")


def test_repr():
    check("x = torch.zeros(2, requires_grad=True); repr(torch.optim.SGD([x], lr=0.1))")
    check("x = torch.zeros(2, requires_grad=True); y = torch.zeros(1, requires_grad=True); "
          "repr(torch.optim.Adam([{'params': [x]}, {'params': [y], 'lr': 0.5}], "
          "amsgrad=True))")
    for name in ["AdamW", "RMSprop", "Adagrad", "LBFGS"]:
        check(f"x = torch.zeros(2, requires_grad=True); str(torch.optim.{name}([x]))")
    check("x = torch.zeros(2, requires_grad=True); o = torch.optim.SGD([x], lr=1); "
          "s = torch.optim.lr_scheduler.StepLR(o, 2); repr(o)")


def test_zero_grad():
    check("x = torch.ones(3, requires_grad=True); (x * x).sum().backward(); "
          "o = torch.optim.SGD([x], lr=0.1); g = x.grad; o.zero_grad(); (x.grad, g is x.grad)")
    check("x = torch.ones(3, requires_grad=True); (x * x).sum().backward(); "
          "o = torch.optim.SGD([x], lr=0.1); o.zero_grad(set_to_none=True); x.grad")
    check("x = torch.ones(3, requires_grad=True); "
          "x.grad = torch.ones(3, requires_grad=True) * 2; o = torch.optim.SGD([x], lr=0.1); "
          "o.zero_grad(); (x.grad, x.grad.grad_fn, x.grad.requires_grad)")
    check("x = torch.ones(3, requires_grad=True); x.grad = torch.ones(3).requires_grad_(); "
          "o = torch.optim.SGD([x], lr=0.1); o.zero_grad(); x.grad")
    check("x = torch.ones(3, requires_grad=True); o = torch.optim.SGD([x], lr=0.1); "
          "o.zero_grad(); o.zero_grad(True); o.step(); x")


@pytest.mark.parametrize("code", [
    "torch.optim.SGD([x], lr=-1)",
    "torch.optim.SGD([x], lr=0.1, momentum=-0.5)",
    "torch.optim.SGD([x], lr=0.1, weight_decay=-1e-3)",
    "torch.optim.SGD([x], lr=0.1, nesterov=True)",
    "torch.optim.SGD([x], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)",
    "torch.optim.SGD([x])",
    "torch.optim.SGD([x], lr=0.1, foo=1)",
    "torch.optim.Adam([x], lr=-0.5)",
    "torch.optim.Adam([x], eps=-1.0)",
    "torch.optim.Adam([x], betas=(1.0, 0.9))",
    "torch.optim.Adam([x], betas=(0.9, -0.1))",
    "torch.optim.Adam([x], weight_decay=-2)",
    "torch.optim.Adam([x], fused=True)",
    "torch.optim.Adam([x], fused=True, differentiable=True)",
    "torch.optim.AdamW([x], betas=(0.9, 1.5))",
    "torch.optim.AdamW([x], differentiable=True)",
    "torch.optim.RMSprop([x], alpha=-0.1)",
    "torch.optim.RMSprop([x], momentum=-1)",
    "torch.optim.RMSprop([x], eps=-1)",
    "torch.optim.Adagrad([x], lr_decay=-1)",
    "torch.optim.Adagrad([x], initial_accumulator_value=-1)",
    "torch.optim.Adagrad([x], eps=-1e-10)",
    "torch.optim.Adam([x], capturable=True).step()",
    "x.grad = torch.ones(2); o = torch.optim.Adam([x], capturable=True); o.step()",
    "x.grad = torch.ones(2); o = torch.optim.Adam([x], capturable=True); o.state_dict()",
    # parameter groups
    "torch.optim.SGD([], lr=0.1)",
    "torch.optim.SGD(x, lr=0.1)",
    "torch.optim.SGD({x}, lr=0.1)",
    "torch.optim.SGD([x * 2], lr=0.1)",
    "torch.optim.SGD([x * 2], lr=0.1, differentiable=True).param_groups[0]['lr']",
    "torch.optim.SGD([x, 3], lr=0.1)",
    "torch.optim.SGD([{'params': x}], lr=0.1).param_groups[0]['params'][0] is x",
    "torch.optim.SGD([{'params': [x]}, {'params': [x]}], lr=0.1)",
    "torch.optim.SGD([{'params': [x]}, {'params': [torch.ones(1)]}])",
    "o = torch.optim.SGD([x], lr=0.1); o.add_param_group([x])",
    "o = torch.optim.SGD([x], lr=0.1); o.add_param_group({'params': (torch.ones(1),), "
    "'momentum': 0.5}); o.param_groups",
    "y = x * 1; y.retain_grad(); len(torch.optim.SGD([y], lr=0.1).param_groups)",
    "torch.optim.SGD((t for t in [x]), lr=0.1).param_groups[0]['params'][0] is x",
    "torch.optim.Optimizer([x], {}).step(None)",
    "o = torch.optim.Optimizer([x], {'lr': 1}); (o.defaults, o.param_groups, dict(o.state))",
])
def test_errors_and_groups(code):
    check(f"x = torch.zeros(2, requires_grad=True); {code}")


def test_duplicate_parameters_warn():
    files = []
    for lib in (torch, ember):
        x = lib.zeros(2, requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.optim.SGD([x, x], lr=0.1)
        assert [str(w.message) for w in caught] == [
            "optimizer contains a parameter group with duplicate parameters; in future, this "
            "will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
            "information"]
        files.append(os.path.basename(caught[0].filename))  # the optimizer's __init__
    assert files == ["sgd.py", "sgd.py"]


def test_pickle_and_getstate():
    def pickled(lib):
        params, loss_fn = _problem(lib)
        opt = lib.optim.SGD(params, lr=0.1, momentum=0.9)
        loss_fn().backward()
        opt.step()
        again = pickle.loads(pickle.dumps(opt))
        state = opt.__getstate__()
        again.step()
        return (sorted(state), repr(again), _plain(again.state_dict()), again.defaults)

    _exact(pickled)


def test_setstate_fills_new_options():
    def old(lib):
        x = lib.ones(2, requires_grad=True)
        opt = lib.optim.Adam([x])
        x.grad = lib.ones(2)
        opt.step()
        state = opt.__getstate__()
        for group in state["param_groups"]:
            for key in ("amsgrad", "maximize", "foreach", "capturable", "differentiable",
                        "fused"):
                del group[key]
        del state["defaults"]["differentiable"]
        for s in state["state"].values():
            s["step"] = 3
        opt.__setstate__(state)
        opt.step()
        return opt.param_groups, opt.defaults["differentiable"], dict(opt.state), x

    _exact(old)


# ------------------------------------------------------------------------- schedulers

def _lrs(lib, make, steps=12, optimizer="SGD", groups=2, metrics=None, **opt_kwargs):
    """The lrs (and momenta) a scheduler gives over steps epochs, as plain floats."""
    xs = [lib.zeros(1, requires_grad=True) for _ in range(groups)]
    param_groups = [{"params": [x], "lr": 0.1 * (i + 1)} for i, x in enumerate(xs)]
    opt = getattr(lib.optim, optimizer)(param_groups, **opt_kwargs)
    scheduler = make(lib.optim.lr_scheduler, opt)
    out = [getattr(scheduler, "_last_lr", None)]  # (ReduceLROnPlateau has no get_last_lr)
    for epoch in range(steps):
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[epoch % len(metrics)])
        momenta = [g.get("momentum", g.get("betas")) for g in opt.param_groups]
        out.append(([g["lr"] for g in opt.param_groups], scheduler._last_lr, momenta))
    return out


SCHEDULER_CASES = [
    "S.LambdaLR(o, lambda e: 0.95 ** e)",
    "S.LambdaLR(o, [lambda e: 1 / (e + 1), lambda e: 0.9 ** e])",
    "S.MultiplicativeLR(o, lambda e: 0.9)",
    "S.StepLR(o, step_size=3)",
    "S.StepLR(o, step_size=2, gamma=0.7)",
    "S.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.3)",
    "S.ExponentialLR(o, gamma=0.83)",
    "S.CosineAnnealingLR(o, T_max=5)",
    "S.CosineAnnealingLR(o, T_max=4, eta_min=0.01)",
    "S.ConstantLR(o, factor=0.4, total_iters=4)",
    "S.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=7)",
    "S.PolynomialLR(o, total_iters=8, power=1.7)",
    "S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.001)",
    "S.CyclicLR(o, base_lr=0.01, max_lr=[0.1, 0.2], step_size_up=3)",
    "S.CyclicLR(o, 0.01, 0.1, step_size_up=2, step_size_down=4, mode='triangular2')",
    "S.CyclicLR(o, 0.01, 0.1, step_size_up=2, mode='exp_range', gamma=0.9)",
    "S.OneCycleLR(o, max_lr=1.0, total_steps=13)",
    "S.OneCycleLR(o, max_lr=[0.5, 2.0], epochs=3, steps_per_epoch=5, three_phase=True, "
    "anneal_strategy='linear', pct_start=0.25)",
    "S.SequentialLR(o, [S.ConstantLR(o, factor=0.5, total_iters=2), "
    "S.ExponentialLR(o, gamma=0.9)], milestones=[3])",
    "S.ChainedScheduler([S.ConstantLR(o, factor=0.5, total_iters=4), "
    "S.ExponentialLR(o, gamma=0.9)])",
]


@pytest.mark.parametrize("make", SCHEDULER_CASES)
def test_scheduler_lrs(make):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SequentialLR steps with an epoch (deprecated)
        results = [_lrs(lib, lambda S, o: eval(make, {"S": S, "o": o}), momentum=0.9)
                   for lib in (torch, ember)]
    assert results[0] == results[1]


def test_one_cycle_with_betas():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [_lrs(lib, lambda S, o: S.OneCycleLR(o, max_lr=0.5, total_steps=12,
                                                       base_momentum=0.7),
                        optimizer="Adam", betas=(0.8, 0.99)) for lib in (torch, ember)]
    assert results[0] == results[1]


def test_scheduler_closed_form_and_resume():
    def epochs(lib):
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for make in ["S.StepLR(o, 3, gamma=0.5)", "S.MultiStepLR(o, [2, 4], 0.5)",
                         "S.ExponentialLR(o, 0.9)", "S.CosineAnnealingLR(o, 6, 0.01)",
                         "S.ConstantLR(o, 0.25, 3)", "S.LinearLR(o, 0.5, 1.0, 4)",
                         "S.PolynomialLR(o, 5, 2.0)", "S.CosineAnnealingWarmRestarts(o, 2, 3)",
                         "S.LambdaLR(o, lambda e: e + 1)"]:
                x = lib.zeros(1, requires_grad=True)
                o = lib.optim.SGD([x], lr=0.5)
                s = eval(make, {"S": lib.optim.lr_scheduler, "o": o})
                lrs = []
                for epoch in [1, 2, 5, 3, 7, 7.5, 4]:
                    o.step()
                    s.step(epoch)
                    lrs.append(s.get_last_lr()[0])
                # Resuming at epoch 4 (last_epoch=4 needs 'initial_lr').
                o2 = lib.optim.SGD([{"params": [x], "lr": 0.3, "initial_lr": 0.5}])
                s2 = eval(make.replace("(o,", "(o2,")[:-1] + ", last_epoch=4)",
                          {"S": lib.optim.lr_scheduler, "o2": o2})
                lrs.append(s2.get_last_lr())
                out.append(lrs)
        return out

    _exact(epochs)


def test_reduce_lr_on_plateau():
    cases = [dict(), dict(mode="max", factor=0.5, patience=1, threshold_mode="abs", cooldown=2),
             dict(patience=0, min_lr=[0.05, 0.15], threshold=0.1),
             dict(mode="max", patience=2, eps=0.05, factor=0.3)]
    metrics = [1.0, 0.9, 0.95, 0.9, 0.9, 0.91, 0.5, 0.6, 0.7, 0.7, 0.8, 0.1, 0.1]
    for kwargs in cases:
        results = [_lrs(lib, lambda S, o: S.ReduceLROnPlateau(o, **kwargs), steps=25,
                        metrics=metrics[:-1] + [lib.tensor(0.1)]) for lib in (torch, ember)]
        assert results[0] == results[1]

    def state(lib):
        x = lib.zeros(1, requires_grad=True)
        o = lib.optim.SGD([x], lr=1.0)
        s = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0)
        s.step(2.0)
        s.step(3.0)
        t = lib.optim.lr_scheduler.ReduceLROnPlateau(o, mode="max")
        t.load_state_dict(s.state_dict())
        return sorted(s.state_dict().items()), t.is_better(1.0, 2.0), o.param_groups[0]["lr"]

    _exact(state)


@pytest.mark.parametrize("code", [
    "S.StepLR(object(), 2)",
    "S.ReduceLROnPlateau(o, factor=1.0)",
    "S.ReduceLROnPlateau(o, mode='mid')",
    "S.ReduceLROnPlateau(o, threshold_mode='x')",
    "S.ReduceLROnPlateau(o, min_lr=[0.1, 0.2])",
    "S.ReduceLROnPlateau(object())",
    "S.LambdaLR(o, [lambda e: 1, lambda e: 2])",
    "S.StepLR(o, 2, last_epoch=3)",
    "S.ConstantLR(o, factor=1.5)",
    "S.LinearLR(o, start_factor=-0.1)",
    "S.LinearLR(o, end_factor=2)",
    "S.OneCycleLR(o, 1.0)",
    "S.OneCycleLR(o, 1.0, total_steps=0)",
    "S.OneCycleLR(o, 1.0, epochs=2.0, steps_per_epoch=2)",
    "S.OneCycleLR(o, 1.0, epochs=2, steps_per_epoch=-2)",
    "S.OneCycleLR(o, 1.0, total_steps=5, pct_start=1)",
    "S.OneCycleLR(o, 1.0, total_steps=5, anneal_strategy='exp')",
    "S.OneCycleLR(o, [1.0, 2.0], total_steps=5)",
    "S.OneCycleLR(torch.optim.Adagrad([x]), 1.0, total_steps=5)",
    "s = S.OneCycleLR(o, 1.0, total_steps=2); s.step(); s.step(); s.step()",
    "S.CyclicLR(o, 0.1, 1.0, mode='sine')",
    "S.CyclicLR(torch.optim.Adam([x]), 0.1, 1.0)",
    "S.CosineAnnealingWarmRestarts(o, T_0=0)",
    "S.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=1.5)",
    "S.CosineAnnealingWarmRestarts(o, T_0=2).step(-1)",
    "S.SequentialLR(o, [S.StepLR(o, 2)], milestones=[1])",
    "S.SequentialLR(o, [S.StepLR(torch.optim.SGD([x], lr=1), 2)], milestones=[])",
    "S.ChainedScheduler([S.StepLR(o, 2), S.StepLR(torch.optim.SGD([x], lr=1), 2)])",
    "s = S.StepLR(o, 2); s.get_lr()",
    "s = S.StepLR(o, 2); sorted(s.state_dict())",
    "s = S.LambdaLR(o, lambda e: 1.0); s.state_dict()['lr_lambdas']",
])
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_scheduler_errors(code):
    check("x = torch.zeros(1, requires_grad=True); o = torch.optim.SGD([x], lr=1.0); "
          f"S = torch.optim.lr_scheduler; {code}")


def test_scheduler_warnings():
    def caught(lib, code):
        x = lib.zeros(1, requires_grad=True)
        o = lib.optim.SGD([x], lr=1.0)
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            exec(code, {"S": lib.optim.lr_scheduler, "o": o, "lib": lib})
        return [(w.category, normalize(str(w.message))) for w in seen]

    for code in ["s = S.StepLR(o, 2); s.step()",
                 "s = S.StepLR(o, 2); o.step(); s.step()",
                 "s = S.StepLR(o, 2); o.step = lambda: None; s.step()",
                 "s = S.ExponentialLR(o, 0.5); s.get_lr()",
                 "s = S.LambdaLR(o, lambda e: 1.0); s.get_lr()",
                 "s = S.StepLR(o, 2); o.step(); s.step(3)",
                 "s = S.ReduceLROnPlateau(o); s.step(1.0, epoch=4)"]:
        expected = caught(torch, code)
        assert caught(ember, code) == [(cat, msg.replace("torch.", "ember."))
                                       for cat, msg in expected], code


def test_scheduler_state_dict_and_counting():
    class Factor:
        """A callable object: its attributes are saved by LambdaLR.state_dict."""

        def __init__(self, base):
            self.base = base

        def __call__(self, epoch):
            return self.base ** epoch

    def states(lib):
        x = lib.zeros(1, requires_grad=True)
        o = lib.optim.SGD([x], lr=1.0, momentum=0.9)
        s = lib.optim.lr_scheduler.LambdaLR(o, Factor(0.5))
        for _ in range(3):
            o.step()
            s.step()
        saved = s.state_dict()
        fresh = lib.optim.lr_scheduler.LambdaLR(lib.optim.SGD([x], lr=1.0), Factor(0.9))
        fresh.load_state_dict(saved)
        cosine = lib.optim.lr_scheduler.CosineAnnealingLR(o, 10)
        o.step()
        cosine.step()
        return (sorted((k, v) for k, v in saved.items() if k != "lr_lambdas"),
                saved["lr_lambdas"], fresh.lr_lambdas[0].base, fresh.last_epoch,
                o._step_count, hasattr(o.step, "_with_counter"),
                sorted(cosine.state_dict().items()), o.param_groups[0]["initial_lr"])

    _exact(states)


def test_scheduler_load_state_dict():
    def resumed(lib):
        lrs = []
        for make in ["S.StepLR(o, 2, gamma=0.5)", "S.CosineAnnealingLR(o, 5)",
                     "S.OneCycleLR(o, 1.0, total_steps=10)",
                     "S.CyclicLR(o, 0.1, 1.0, step_size_up=2)"]:
            x = lib.zeros(1, requires_grad=True)
            o = lib.optim.SGD([x], lr=1.0, momentum=0.9)
            s = eval(make, {"S": lib.optim.lr_scheduler, "o": o})
            for _ in range(3):
                o.step()
                s.step()
            saved = s.state_dict()
            o2 = lib.optim.SGD([x], lr=1.0, momentum=0.9)
            o2.load_state_dict(o.state_dict())
            s2 = eval(make, {"S": lib.optim.lr_scheduler, "o": o2})
            s2.load_state_dict(saved)
            for _ in range(3):
                o2.step()
                s2.step()
                lrs.append((s2.get_last_lr(), o2.param_groups[0]["momentum"]))
        return lrs

    _exact(resumed)


def test_verbose(capsys):
    outputs = []
    for lib in (torch, ember):
        x = lib.zeros(1, requires_grad=True)
        o = lib.optim.SGD([x], lr=1.0)
        s = lib.optim.lr_scheduler.StepLR(o, 1, verbose=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            o.step()
            s.step()
            s.step(5)
            s.step(2.5)
            p = lib.optim.lr_scheduler.ReduceLROnPlateau(o, patience=0, verbose=True)
            p.step(1.0)
            p.step(2.0)
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 5
