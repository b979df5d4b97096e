"""Activation layers, as torch.nn's (each runs its ember.nn.functional function)."""
from .. import functional as F
from .module import Module

__all__ = ["ReLU", "ReLU6", "LeakyReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish",
           "Sigmoid", "Tanh", "Hardtanh", "Hardsigmoid", "Hardswish", "Softplus", "Softsign",
           "LogSigmoid", "Tanhshrink", "Threshold", "GLU", "Softmax", "LogSoftmax", "Softmin"]


class _Inplace(Module):
    """An activation with only an `inplace` setting."""

    _function = None

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self)._function(input, inplace=self.inplace)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class _Plain(Module):
    """An activation without settings."""

    _function = None

    def forward(self, input):
        return type(self)._function(input)


class ReLU(_Inplace):
    """max(input, 0)."""
    _function = F.relu


class ReLU6(_Inplace):
    """min(max(input, 0), 6)."""
    _function = F.relu6


class SELU(_Inplace):
    _function = F.selu


class SiLU(_Inplace):
    """input * sigmoid(input)."""
    _function = F.silu


class Mish(_Inplace):
    """input * tanh(softplus(input))."""
    _function = F.mish


class Hardsigmoid(_Inplace):
    _function = F.hardsigmoid


class Hardswish(_Inplace):
    _function = F.hardswish


class Sigmoid(_Plain):
    _function = F.sigmoid


class Tanh(_Plain):
    _function = F.tanh


class Softsign(_Plain):
    _function = F.softsign


class LogSigmoid(_Plain):
    _function = F.logsigmoid


class Tanhshrink(_Plain):
    _function = F.tanhshrink


class LeakyReLU(Module):
    """input where positive, negative_slope * input elsewhere."""

    def __init__(self, negative_slope=1e-2, inplace=False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self):
        inplace_str = ", inplace=True" if self.inplace else ""
        return "negative_slope={}{}".format(self.negative_slope, inplace_str)


class _Alpha(Module):
    _function = None

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return type(self)._function(input, self.alpha, self.inplace)

    def extra_repr(self):
        inplace_str = ", inplace=True" if self.inplace else ""
        return "alpha={}{}".format(self.alpha, inplace_str)


class ELU(_Alpha):
    _function = F.elu


class CELU(_Alpha):
    _function = F.celu


class GELU(Module):
    """The Gaussian error linear unit ('none': exact, 'tanh': approximated)."""

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return "approximate={}".format(repr(self.approximate))


class Hardtanh(Module):
    """input clamped to [min_val, max_val]."""

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False, min_value=None,
                 max_value=None):
        super().__init__()
        if min_value is not None:
            import warnings

            warnings.warn("keyword argument min_value is deprecated and rename to min_val")
            min_val = min_value
        if max_value is not None:
            import warnings

            warnings.warn("keyword argument max_value is deprecated and rename to max_val")
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        assert self.max_val > self.min_val

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self):
        inplace_str = ", inplace=True" if self.inplace else ""
        return "min_val={}, max_val={}{}".format(self.min_val, self.max_val, inplace_str)


class Softplus(Module):
    """log(1 + exp(beta * input)) / beta (linear above threshold)."""

    def __init__(self, beta=1, threshold=20):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return "beta={}, threshold={}".format(self.beta, self.threshold)


class Threshold(Module):
    """input where above threshold, value elsewhere."""

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self):
        inplace_str = ", inplace=True" if self.inplace else ""
        return "threshold={}, value={}{}".format(self.threshold, self.value, inplace_str)


class GLU(Module):
    """a * sigmoid(b), the halves of the input along dim."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return "dim={}".format(self.dim)


class _Dim(Module):
    _function = None

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def __setstate__(self, state):
        super().__setstate__(state)
        if not hasattr(self, "dim"):
            self.dim = None

    def forward(self, input):
        return type(self)._function(input, self.dim, _stacklevel=5)

    def extra_repr(self):
        return "dim={dim}".format(dim=self.dim)


class Softmax(_Dim):
    """exp(input) normalised to sum 1 along dim."""
    _function = F.softmax


class LogSoftmax(_Dim):
    """log(softmax(input)) along dim."""
    _function = F.log_softmax


class Softmin(_Dim):
    """softmax(-input) along dim."""
    _function = F.softmin
