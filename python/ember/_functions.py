"""Module functions PyTorch writes in Python (torch/functional.py, torch/random.py, ...)."""
from . import _C
from ._tensor import Tensor

__all__ = [
    "initial_seed",
    "is_tensor",
    "manual_seed",
    "norm",
    "seed",
    "set_printoptions",
    "split",
    "typename",
]


def is_tensor(obj):
    """Returns True if obj is an ember tensor."""
    return isinstance(obj, Tensor)


def typename(o):
    """The legacy type name of a tensor ('ember.FloatTensor'), else the object's type name."""
    if isinstance(o, Tensor):
        return o.type()
    module = ""
    class_name = ""
    if hasattr(o, "__module__") and o.__module__ != "builtins" and o.__module__ != "__builtin__" \
            and o.__module__ is not None:
        module = o.__module__ + "."
    if hasattr(o, "__qualname__"):
        class_name = o.__qualname__
    elif hasattr(o, "__name__"):
        class_name = o.__name__
    else:
        class_name = o.__class__.__name__
    return module + class_name


def manual_seed(seed):
    """Seeds the default generator (PyTorch's CPU stream: the same seed gives the same numbers).
    Returns the generator."""
    seed = int(seed)
    return _C.default_generator.manual_seed(seed)


def seed():
    """Seeds the default generator with a non-deterministic number and returns it."""
    return _C.default_generator.seed()


def initial_seed():
    """The seed the default generator was last seeded with."""
    return _C.default_generator.initial_seed()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """How tensors print (PyTorch's options): precision (digits after the point), threshold
    (summarize above this many elements), edgeitems, linewidth, profile ('default', 'short',
    'full') and sci_mode (None: automatic)."""
    _C._VariableFunctions._set_printoptions(precision, threshold, edgeitems, linewidth, profile,
                                            sci_mode)


def split(tensor, split_size_or_sections, dim=0):
    """Splits the tensor into chunks of split_size_or_sections (an int: equal chunks; a list:
    the sizes of the chunks) along dim."""
    return tensor.split(split_size_or_sections, dim)


def norm(input, p="fro", dim=None, keepdim=False, out=None, dtype=None):
    """The p-norm of input (over dim, or over all elements). p: a number, 'fro' (Frobenius) or
    inf. As torch.norm."""
    _VF = _C._VariableFunctions
    ndim = input.dim()
    if dim is None and out is None and dtype is None and p is not None:
        if isinstance(p, str):
            if p == "fro":
                return _VF.norm(input, 2, dim=list(range(ndim)), keepdim=keepdim)
        else:
            return _VF.norm(input, p, dim=list(range(ndim)), keepdim=keepdim)
    if dim is not None:
        _dim = [dim] if isinstance(dim, int) else dim
    else:
        _dim = None
    if isinstance(p, str):
        if p == "fro":
            if dtype is not None:
                raise ValueError("dtype argument is not supported in frobenius norm")
            if _dim is None:
                _dim = list(range(ndim))
            if len(_dim) > 2:
                raise RuntimeError("Expected at most 2 dimensions, but got %d dimensions instead."
                                   % len(_dim))
            if len(_dim) <= 1:
                return _VF.norm(input, 2, _dim, keepdim=keepdim, out=out)
            # PyTorch's frobenius_norm over two dimensions: sqrt(sum(x * x)).
            result = (input * input).sum(_dim, keepdim=keepdim).sqrt()
            return result if out is None else out.copy_(result)
        if p == "nuc":
            raise RuntimeError("ember does not implement the nuclear norm")
        raise RuntimeError(f"only valid string values are 'fro' and 'nuc', found {p}")
    if _dim is None:
        _dim = list(range(ndim))
    if dtype is None:
        return _VF.norm(input, p, _dim, keepdim=keepdim, out=out)
    return _VF.norm(input, p, _dim, keepdim=keepdim, dtype=dtype, out=out)
