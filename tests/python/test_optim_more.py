"""ember.optim's Adadelta, Adamax, ASGD, NAdam, RAdam and Rprop against PyTorch 1.13's: the
parameters' trajectories bit for bit (float32 and float64, with their options), state_dict's
structure and values, its round trip, __setstate__ of older states, the functional forms, the
constructors' errors and printing. The problem and its loss are test_optim's (gradients that
ember computes bit for bit as PyTorch does)."""
import importlib

import pytest
import torch

import ember
import ember.optim  # noqa: F401
from differential import check, compare, run
from test_optim import _plain, _problem, _trajectory


def _identical(code_fn):
    """code_fn(lib)'s results (PyTorch's, not an error) and ember's must be identical: tensors
    bit for bit, numbers exactly."""
    expected = run(code_fn, torch)
    assert expected.error is None, expected
    compare(expected, run(code_fn, ember), exact=True, label=getattr(code_fn, "__name__", ""))


CASES = [
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1)),
    ("Adadelta", dict(rho=0.95, maximize=True, weight_decay=0.05)),
    ("Adadelta", dict(lr=0.7, foreach=True)),
    ("Adamax", dict()),
    ("Adamax", dict(lr=0.05, betas=(0.8, 0.9), eps=1e-3, weight_decay=0.1)),
    ("Adamax", dict(lr=0.02, maximize=True, foreach=True)),
    ("ASGD", dict()),
    ("ASGD", dict(lr=0.02, lambd=0.01, alpha=0.5, t0=3, weight_decay=0.1)),
    ("ASGD", dict(lr=0.01, t0=5.5, maximize=True, foreach=True)),
    ("ASGD", dict(lr=1, lambd=0.5, t0=2)),  # an int lr: eta is an integer tensor
    ("NAdam", dict()),
    ("NAdam", dict(lr=0.05, betas=(0.8, 0.95), eps=1e-4, weight_decay=0.1,
                   momentum_decay=0.05)),
    ("NAdam", dict(lr=0.01, momentum_decay=0)),
    ("RAdam", dict()),  # 5 unrectified steps, then 7 rectified (beta2 = 0.999)
    ("RAdam", dict(lr=0.05, betas=(0.7, 0.9), eps=1e-3, weight_decay=0.1)),
    ("RAdam", dict(lr=0.01, betas=(0.9, 0.5))),  # (rho_inf = 3: never rectified)
    ("Rprop", dict()),
    ("Rprop", dict(lr=0.3, etas=(0.3, 1.5), step_sizes=(1e-3, 0.4))),
    ("Rprop", dict(lr=0.1, etas=(0.6, 1.1), maximize=True, foreach=True)),
]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_trajectory(name, kwargs, dtype):
    def trajectory(lib):
        return _trajectory(lib, name, kwargs, dtype=dtype)

    _identical(trajectory)


@pytest.mark.parametrize("name,kwargs,groups", [
    ("Adadelta", dict(), dict(rho=0.5, lr=0.3)),
    ("Adamax", dict(lr=0.01), dict(betas=(0.5, 0.99), weight_decay=0.2)),
    ("ASGD", dict(t0=4), dict(lr=0.05, lambd=0.1)),
    ("NAdam", dict(), dict(lr=0.01, momentum_decay=0.01)),
    ("RAdam", dict(lr=0.05), dict(betas=(0.5, 0.8))),
    ("Rprop", dict(), dict(lr=0.2, etas=(0.1, 2.0))),
])
def test_groups_and_set_to_none(name, kwargs, groups):
    def trajectory(lib):
        return _trajectory(lib, name, kwargs, steps=8, groups=groups, set_to_none=True)

    _identical(trajectory)


def test_rprop_sign_flips_and_radam_branches():
    """The cases above go through Rprop's flips and both of RAdam's branches."""
    params, loss_fn = _problem(ember)
    opt = ember.optim.Rprop(params, lr=0.3, etas=(0.3, 1.5), step_sizes=(1e-3, 0.4))
    flips = 0
    for _ in range(12):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
        flips += sum(int((opt.state[p]["prev"] == 0).sum()) for p in params[:2])
    assert flips > 0
    rho_inf = 2 / (1 - 0.999) - 1
    rho = [rho_inf - 2 * t * 0.999 ** t / (1 - 0.999 ** t) for t in range(1, 13)]
    assert min(rho) < 5 < max(rho)


# (foreach=True: PyTorch's multi-tensor NAdam and RAdam compute differently from its
# single-tensor ones; ember computes as foreach=False does)
@pytest.mark.parametrize("name", ["NAdam", "RAdam"])
def test_foreach_is_the_single_tensor_arithmetic(name):
    path = _trajectory(ember, name, dict(lr=0.05, weight_decay=0.1, foreach=True))[0]
    expected = _trajectory(torch, name, dict(lr=0.05, weight_decay=0.1, foreach=False))[0]
    for step, (ours, theirs) in enumerate(zip(path, expected)):
        for p, q in zip(ours, theirs):
            assert p.tolist() == q.tolist(), step


STATE_CASES = [("Adadelta", dict()), ("Adamax", dict()), ("ASGD", dict(t0=1)),
               ("NAdam", dict()), ("RAdam", dict()), ("Rprop", dict())]


@pytest.mark.parametrize("name,kwargs", STATE_CASES, ids=[n for n, _ in STATE_CASES])
def test_state_dict_round_trip(name, kwargs):
    def round_trip(lib):
        params, loss_fn = _problem(lib)
        make = getattr(lib.optim, name)
        opt = make([{"params": params[:1]}, {"params": params[1:], "lr": 0.01}], **kwargs)
        for _ in range(3):
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        saved = opt.state_dict()
        structure = _plain(saved)
        kinds = {k: type(v).__name__ if not lib.is_tensor(v) else (str(v.dtype), v.shape)
                 for k, v in saved["state"][0].items()}
        # A new optimizer on copies of the parameters, loaded, goes on as the original.
        copies, copies_loss_fn = _problem(lib)
        with lib.no_grad():
            for p, q in zip(params, copies):
                q.copy_(p)
        other = make([{"params": copies[:1]}, {"params": copies[1:]}], **kwargs)
        other.load_state_dict(saved)
        loaded = _plain(other.state_dict())
        for _ in range(3):
            for o, f in ((opt, loss_fn), (other, copies_loss_fn)):
                o.zero_grad()
                f().backward()
                o.step()
        assert all(lib.equal(p, q) for p, q in zip(params, copies))
        # Into float64 parameters: the state follows their dtype, but the step counter.
        wide = [p.detach().double().requires_grad_() for p in params]
        widened = make([{"params": wide[:1]}, {"params": wide[1:]}], **kwargs)
        widened.load_state_dict(saved)
        return (structure, kinds, loaded, [p.detach() for p in params],
                [q.detach() for q in copies], _plain(opt.state_dict()),
                _plain(other.state_dict()), _plain(widened.state_dict()["state"]))

    _identical(round_trip)


# Each optimizer's state with its counters as an older PyTorch saved them (numbers).
OLD_STATES = [("Adadelta", dict(step=2)), ("Adamax", dict(step=2)),
              ("ASGD", dict(step=2, eta=0.005, mu=1)), ("NAdam", dict(step=2, mu_product=0.8)),
              ("RAdam", dict(step=7)), ("Rprop", dict(step=2))]


@pytest.mark.parametrize("name,old", OLD_STATES, ids=[n for n, _ in OLD_STATES])
def test_setstate_of_older_states(name, old):
    def resumed(lib):
        x = lib.tensor([1.0, -2.0, 0.5], requires_grad=True)
        opt = getattr(lib.optim, name)([x])
        x.grad = lib.tensor([0.5, 1.0, -0.25])
        opt.step()
        state = opt.__getstate__()
        for group in state["param_groups"]:
            group.pop("foreach")
            group.pop("maximize", None)
        state["state"][x].update(old)
        opt.__setstate__(state)
        kinds = {k: repr(v) for k, v in opt.state[x].items() if k in old}
        opt.step()
        return opt.param_groups, kinds, _plain(dict(opt.state[x])), x

    _identical(resumed)


def test_functional_forms():
    def functional(lib):
        module = importlib.import_module(lib.__name__ + ".optim.nadam")
        param, grad = lib.tensor([1.0, -2.0]), lib.tensor([0.5, 0.25])
        avg, avg_sq, mu_product, step = lib.zeros(2), lib.zeros(2), lib.tensor(1.), lib.tensor(0.)
        for _ in range(3):
            module.nadam([param], [grad], [avg], [avg_sq], [mu_product], [step], beta1=0.9,
                         beta2=0.999, lr=0.1, weight_decay=0.0, momentum_decay=4e-3, eps=1e-8)
        out = [param, avg, avg_sq, mu_product, step]
        for call in [lambda: module.nadam([param], [grad], [avg], [avg_sq], [mu_product], [1],
                                          beta1=0.9, beta2=0.999, lr=0.1, weight_decay=0,
                                          momentum_decay=0, eps=1e-8),
                     lambda: module.nadam([param], [grad], [avg], [avg_sq], [1.0], [step],
                                          beta1=0.9, beta2=0.999, lr=0.1, weight_decay=0,
                                          momentum_decay=0, eps=1e-8)]:
            try:
                call()
            except RuntimeError as e:
                out.append(str(e))
        rprop = importlib.import_module(lib.__name__ + ".optim.rprop").rprop
        prev, size = lib.zeros(2), lib.full((2,), 0.1)
        for g in ([1.0, -1.0], [1.0, 1.0], [-2.0, 1.0]):
            rprop([param], [lib.tensor(g)], [prev], [size], step_size_min=1e-6,
                  step_size_max=50, etaminus=0.5, etaplus=1.2, maximize=True)
            out += [param.clone(), prev.clone(), size.clone()]
        asgd = importlib.import_module(lib.__name__ + ".optim.asgd").asgd
        ax, mu, eta, step = lib.zeros(2), lib.tensor(1.), lib.tensor(0.1), lib.tensor(0.)
        for _ in range(3):
            asgd([param], [grad], [ax], [mu], [eta], [step], lambd=0.1, lr=0.1, t0=1,
                 alpha=0.75, weight_decay=0.1)
        return out + [param, ax, mu, eta, step]

    _identical(functional)


@pytest.mark.parametrize("code", [
    "torch.optim.Adadelta([x], lr=-1)",
    "torch.optim.Adadelta([x], rho=1.5)",
    "torch.optim.Adadelta([x], rho=-0.1)",
    "torch.optim.Adadelta([x], eps=-1)",
    "torch.optim.Adadelta([x], weight_decay=-0.1)",
    "torch.optim.Adadelta([x], 1.0, 0.9, 1e-6, 0, None, True)",
    "torch.optim.Adadelta([x], differentiable=True)",
    "torch.optim.Adadelta([x], rho=1.0).defaults",
    "torch.optim.Adamax([x], lr=-0.1)",
    "torch.optim.Adamax([x], eps=-1e-8)",
    "torch.optim.Adamax([x], betas=(1.0, 0.9))",
    "torch.optim.Adamax([x], betas=(0.9, 1.0))",
    "torch.optim.Adamax([x], weight_decay=-1)",
    "torch.optim.Adamax([x], capturable=True)",
    "torch.optim.ASGD([x], lr=-0.1)",
    "torch.optim.ASGD([x], weight_decay=-0.1)",
    "torch.optim.ASGD([x], 0.1, 1e-4, 0.75, 1e6, 0, None, True).defaults",
    "torch.optim.ASGD([x], lambd=-5, alpha=-1, t0=-3).defaults",
    "torch.optim.NAdam([x], lr=-1)",
    "torch.optim.NAdam([x], eps=-1)",
    "torch.optim.NAdam([x], betas=(-0.1, 0.9))",
    "torch.optim.NAdam([x], betas=(0.9, -0.1))",
    "torch.optim.NAdam([x], weight_decay=-1)",
    "torch.optim.NAdam([x], momentum_decay=-1e-3)",
    "torch.optim.NAdam([x], maximize=True)",
    "torch.optim.RAdam([x], lr=-1)",
    "torch.optim.RAdam([x], eps=-1)",
    "torch.optim.RAdam([x], betas=(0.9, 1.5))",
    "torch.optim.RAdam([x], weight_decay=-1)",
    "torch.optim.RAdam([x], maximize=True)",
    "torch.optim.Rprop([x], lr=-1)",
    "torch.optim.Rprop([x], etas=(1.0, 1.2))",
    "torch.optim.Rprop([x], etas=(0.0, 1.2))",
    "torch.optim.Rprop([x], etas=(0.5, 1.0))",
    "torch.optim.Rprop([x], step_sizes=(2, 1)).defaults",
    "torch.optim.Rprop([x], 0.1, (0.5, 1.2), (1e-6, 50), None, True).defaults",
    "torch.optim.Rprop([x], differentiable=True)",
    "torch.optim.Rprop([x * 2])",
])
def test_errors(code):
    check(f"x = torch.zeros(2, requires_grad=True); {code}")


@pytest.mark.parametrize("name", ["Adadelta", "Adamax", "ASGD", "NAdam", "RAdam", "Rprop"])
def test_repr_and_no_gradient(name):
    check(f"x = torch.zeros(2, requires_grad=True); repr(torch.optim.{name}([x]))")
    check("x = torch.zeros(2, requires_grad=True); y = torch.zeros(1, requires_grad=True); "
          f"str(torch.optim.{name}([{{'params': [x]}}, {{'params': [y], 'lr': 0.5}}]))")
    # parameters without a gradient get no state; the closure's loss is returned
    check(f"x = torch.ones(2, requires_grad=True); o = torch.optim.{name}([x]); "
          "l = o.step(lambda: 3.0); (l, dict(o.state), x)")
