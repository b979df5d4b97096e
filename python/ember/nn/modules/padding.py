"""The padding layers of torch.nn (ConstantPad*d, ZeroPad2d, ReflectionPad*d,
ReplicationPad*d): F.pad in their mode, with PyTorch's reprs."""
import collections.abc

from .. import functional as F
from .module import Module

__all__ = ["ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad2d", "ReflectionPad1d",
           "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
           "ReplicationPad3d"]


def _ntuple(x, n):
    """torch.nn.modules.utils._ntuple: an iterable as a tuple, a number repeated n times."""
    if isinstance(x, collections.abc.Iterable):
        return tuple(x)
    return (x,) * n


class _ConstantPadNd(Module):
    __constants__ = ["padding", "value"]

    def __init__(self, value):
        super().__init__()
        self.value = value

    def forward(self, input):
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self):
        return "padding={}, value={}".format(self.padding, self.value)


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dim with value: padding = (left, right), or one int for both."""

    def __init__(self, padding, value):
        super().__init__(value)
        self.padding = _ntuple(padding, 2)


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dims with value: padding = (left, right, top, bottom), or one int."""

    def __init__(self, padding, value):
        super().__init__(value)
        self.padding = _ntuple(padding, 4)


class ConstantPad3d(_ConstantPadNd):
    """Pads the last three dims with value: padding = (left, right, top, bottom, front, back),
    or one int."""

    def __init__(self, padding, value):
        super().__init__(value)
        self.padding = _ntuple(padding, 6)


class ZeroPad2d(ConstantPad2d):
    """Pads the last two dims with zeros: padding = (left, right, top, bottom), or one int."""

    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self):
        return "{}".format(self.padding)


class _ReflectionPadNd(Module):
    __constants__ = ["padding"]

    def forward(self, input):
        return F.pad(input, self.padding, "reflect")

    def extra_repr(self):
        return "{}".format(self.padding)


class ReflectionPad1d(_ReflectionPadNd):
    """Pads the last dim of (C, W) or (N, C, W) by reflecting it at its edges (each amount
    smaller than the dim): padding = (left, right), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 2)


class ReflectionPad2d(_ReflectionPadNd):
    """Pads the last two dims of (C, H, W) or (N, C, H, W) by reflection: padding = (left,
    right, top, bottom), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 4)


class ReflectionPad3d(_ReflectionPadNd):
    """Pads the last three dims of (C, D, H, W) or (N, C, D, H, W) by reflection: padding =
    (left, right, top, bottom, front, back), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 6)


class _ReplicationPadNd(Module):
    __constants__ = ["padding"]

    def forward(self, input):
        return F.pad(input, self.padding, "replicate")

    def extra_repr(self):
        return "{}".format(self.padding)


class ReplicationPad1d(_ReplicationPadNd):
    """Pads the last dim of (C, W) or (N, C, W) by repeating its edge values: padding = (left,
    right), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 2)


class ReplicationPad2d(_ReplicationPadNd):
    """Pads the last two dims of (C, H, W) or (N, C, H, W) by repeating the edges: padding =
    (left, right, top, bottom), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 4)


class ReplicationPad3d(_ReplicationPadNd):
    """Pads the last three dims of (C, D, H, W) or (N, C, D, H, W) by repeating the edges:
    padding = (left, right, top, bottom, front, back), or one int."""

    def __init__(self, padding):
        super().__init__()
        self.padding = _ntuple(padding, 6)
