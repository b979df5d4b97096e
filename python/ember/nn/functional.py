"""ember.nn.functional: the activation functions ember implements, as torch.nn.functional's."""
from .. import _C

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu"]

_F = _C._VariableFunctions


def relu(input, inplace=False):
    """max(input, 0) element-wise."""
    return input.relu_() if inplace else _F.relu(input)


def sigmoid(input):
    """The logistic sigmoid element-wise."""
    return _F.sigmoid(input)


def tanh(input):
    """The hyperbolic tangent element-wise."""
    return _F.tanh(input)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(input) / exp(input).sum(dim), computed stably."""
    if dim is None:
        raise TypeError("softmax() without dim is deprecated in PyTorch and not supported by ember")
    return _F.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(input, dim)), computed stably."""
    if dim is None:
        raise TypeError("log_softmax() without dim is not supported by ember")
    return _F.log_softmax(input, dim, dtype=dtype)


def gelu(input, approximate="none"):
    """The Gaussian error linear unit ('none': exact, 'tanh': the tanh approximation)."""
    return _F.gelu(input, approximate=approximate)


def silu(input, inplace=False):
    """input * sigmoid(input)."""
    return _F.silu(input)
