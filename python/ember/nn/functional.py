"""ember.nn.functional: the functions ember implements, as torch.nn.functional's."""
import warnings

from .. import _C

__all__ = ["relu", "sigmoid", "tanh", "softmax", "log_softmax", "gelu", "silu",
           "binary_cross_entropy_with_logits", "smooth_l1_loss"]

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


# ---- losses

def _reduction_enum(reduction):
    """PyTorch's enum for a reduction string (torch.nn._reduction.get_enum)."""
    if reduction == "none":
        return 0
    if reduction == "mean":
        return 1
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' "
                      "instead.")
        return 1
    if reduction == "sum":
        return 2
    raise ValueError("{} is not a valid value for reduction".format(reduction))


def _legacy_reduction(size_average, reduce):
    """The reduction string of the deprecated size_average and reduce arguments."""
    warning = "size_average and reduce args will be deprecated, please use reduction='{}' instead."
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    result = ("mean" if size_average else "sum") if reduce else "none"
    warnings.warn(warning.format(result))
    return result


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """The binary cross entropy of sigmoid(input) and target, computed stably from the logits;
    pos_weight weighs the positive examples."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if not (target.size() == input.size()):
        raise ValueError("Target size ({}) must be the same as input size ({})".format(
            target.size(), input.size()))
    return _F.binary_cross_entropy_with_logits(input, target, weight, pos_weight,
                                               _reduction_enum(reduction))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """The loss 0.5 (x - t)^2 / beta where |x - t| < beta, |x - t| - 0.5 beta elsewhere (input
    and target broadcast, with PyTorch's warning when their sizes differ)."""
    if not (target.size() == input.size()):
        warnings.warn(
            "Using a target size ({}) that is different to the input size ({}). "
            "This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.".format(target.size(), input.size()),
            stacklevel=2,
        )
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    return _F.smooth_l1_loss(input, target, _reduction_enum(reduction), beta)
