"""ember.optim.Optimizer: the base class of the optimizers, with torch.optim.Optimizer's
parameter groups, per-parameter state, zero_grad, state_dict / load_state_dict and printing."""
import functools
import warnings
from collections import abc, defaultdict
from copy import deepcopy
from itertools import chain

from .. import _C
from .._functions import typename
from .._tensor import Tensor
from ..autograd.grad_mode import enable_grad

__all__ = ["Optimizer"]

_F = _C._VariableFunctions


class _RequiredParameter:
    """The default of a hyperparameter that has none (SGD's lr): every group must give one."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


def _use_grad_for_differentiable(step):
    """Runs step() with grad mode on only when the optimizer was made differentiable=True."""

    @functools.wraps(step)
    def wrapper(self, *args, **kwargs):
        previous = _F.is_grad_enabled()
        try:
            _F._set_grad_enabled(self.defaults["differentiable"])
            return step(self, *args, **kwargs)
        finally:
            _F._set_grad_enabled(previous)

    return wrapper


def _evaluate_closure(closure):
    """The loss that closure (when given) returns, computed with grad mode on."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _zeros_like(param):
    """A zero tensor like param (the initial value of most optimizer states)."""
    return _F.zeros_like(param, memory_format=_C.preserve_format)


def _cast_state(param, value, key=None):
    """A copy of a saved state value with its tensors moved to param's device (and, for a
    floating-point param, to its dtype), except the 'step' counters, which stay as saved."""
    if isinstance(value, Tensor):
        if key == "step":
            return value
        if param.is_floating_point():
            value = value.to(param.dtype)
        return value.to(param.device)
    if isinstance(value, dict):
        return {k: _cast_state(param, v, key=k) for k, v in value.items()}
    if isinstance(value, (str, bytes)):
        return value  # (PyTorch would rebuild a string from a generator: a string of that)
    if isinstance(value, abc.Iterable):
        return type(value)(_cast_state(param, v) for v in value)
    return value


class Optimizer:
    """The base class of the optimizers.

    params: an iterable of tensors, or of dicts (parameter groups: 'params' plus options that
    override defaults). defaults: each option's value for the groups that do not give it.
    Parameters must come in an order that is the same from run to run (a list, not a set).
    """

    def __init__(self, params, defaults):
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + typename(params))
        self.state = defaultdict(dict)
        self.param_groups = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)
        # PyTorch's flag for its one-time warning about capturable=True outside a CUDA graph.
        self._warned_capturable_if_run_uncaptured = True

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.defaults.setdefault("differentiable", False)

    def __repr__(self):
        text = type(self).__name__ + " ("
        for index, group in enumerate(self.param_groups):
            text += f"\nParameter Group {index}\n"
            text += "".join(f"    {key}: {group[key]}\n" for key in sorted(group)
                            if key != "params")
        return text + ")"

    def _cuda_graph_capture_health_check(self):
        """PyTorch checks here that a CUDA graph capture is allowed; ember captures none."""

    def state_dict(self):
        """The optimizer's state as a dict: 'state' (each parameter's state, keyed by the
        parameter's index in the order of param_groups) and 'param_groups' (the groups, with
        the parameters' indices in place of the parameters). The state's tensors are shared."""
        indices = {}
        packed_groups = []
        start = 0
        for group in self.param_groups:
            packed = {key: value for key, value in group.items() if key != "params"}
            # A parameter seen before keeps its index; one repeated within this group gets
            # the position of its last occurrence (as PyTorch numbers them).
            new = {}
            for position, param in enumerate(group["params"], start):
                if id(param) not in indices:
                    new[id(param)] = position
            indices.update(new)
            packed["params"] = [indices[id(param)] for param in group["params"]]
            start += len(packed["params"])
            packed_groups.append(packed)
        packed_state = {(indices[id(key)] if isinstance(key, Tensor) else key): value
                        for key, value in self.state.items()}
        return {"state": packed_state, "param_groups": packed_groups}

    def load_state_dict(self, state_dict):
        """Loads a state that state_dict() returned (copied; its tensors cast to each
        parameter's dtype and device). The groups must match this optimizer's in number and
        size."""
        state_dict = deepcopy(state_dict)
        groups = self.param_groups
        saved_groups = state_dict["param_groups"]
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        param_of_index = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                                  chain.from_iterable(g["params"] for g in groups)))
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in param_of_index:
                param = param_of_index[key]
                state[param] = _cast_state(param, value)
            else:
                state[key] = value  # state of no parameter: kept as it is
        for group, saved in zip(groups, saved_groups):
            saved["params"] = group["params"]
        self.__setstate__({"state": state, "param_groups": saved_groups})

    def zero_grad(self, set_to_none=False):
        """Zeroes the gradients of the parameters (detached from any graph first), or, with
        set_to_none=True, sets them to None (then the optimizers skip those parameters)."""
        for group in self.param_groups:
            for param in group["params"]:
                grad = param.grad
                if grad is None:
                    continue
                if set_to_none:
                    param.grad = None
                    continue
                if grad.grad_fn is not None:
                    grad.detach_()
                else:
                    grad.requires_grad_(False)
                grad.zero_()

    def step(self, closure):
        """Updates the parameters once (each optimizer defines it); closure, where given,
        re-evaluates the model and returns the loss."""
        raise NotImplementedError

    def add_param_group(self, param_group):
        """Adds a parameter group (a dict with 'params' and, optionally, options that override
        the defaults), e.g. to train layers that were frozen so far."""
        assert isinstance(param_group, dict), "param group must be a dict"
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            param_group["params"] = list(params)
        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + typename(param))
            if not self.defaults.get("differentiable", None) \
                    and not (param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required "
                                 "optimization parameter " + name)
            param_group.setdefault(name, default)
        params = param_group["params"]
        if len(params) != len(set(params)):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        known = set()
        for group in self.param_groups:
            known.update(group["params"])
        if not known.isdisjoint(params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)
