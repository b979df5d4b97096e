"""ember.nn.Parameter: a tensor that a Module registers as one of its parameters."""
from collections import OrderedDict

from .. import _C
from .._tensor import Tensor


class Parameter(Tensor):
    """A Tensor that, assigned as an attribute of a Module, becomes one of its parameters (in
    parameters(), state_dict() and the optimizer's view). It requires grad by default and shares
    the data of the tensor it is made from."""

    __module__ = "ember.nn.parameter"

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = _C._VariableFunctions.empty(0)
        return Tensor._make_subclass(cls, data, requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(memory_format=_C.preserve_format),
                            self.requires_grad)
        memo[id(self)] = result
        return result

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.data, self.requires_grad, OrderedDict()))


def _rebuild_parameter(data, requires_grad, backward_hooks):
    """Unpickles a Parameter (the hooks are never saved: PyTorch saves an empty dict)."""
    return Parameter(data, requires_grad)


def is_lazy(param):
    """ember has no lazy modules: always False (torch.nn.parameter.is_lazy)."""
    return False
