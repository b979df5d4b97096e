"""Module functions PyTorch writes in Python (torch/functional.py, torch/random.py, ...)."""
from . import _C
from ._tensor import Tensor

__all__ = [
    "bitwise_left_shift",
    "bitwise_right_shift",
    "broadcast_shapes",
    "broadcast_tensors",
    "get_rng_state",
    "initial_seed",
    "is_tensor",
    "isclose",
    "manual_seed",
    "movedim",
    "moveaxis",
    "norm",
    "seed",
    "set_printoptions",
    "set_rng_state",
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


def broadcast_shapes(*shapes):
    """The shape tensors of these shapes broadcast to (PyTorch's error when they cannot)."""
    result = []
    for shape in shapes:
        shape = [shape] if isinstance(shape, int) else list(shape)
        for size in shape:
            if size < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                                   f"{shape}")
        ndim = max(len(result), len(shape))
        a = [1] * (ndim - len(result)) + result
        b = [1] * (ndim - len(shape)) + shape
        result = []
        for i in range(ndim):
            if a[i] != b[i] and a[i] != 1 and b[i] != 1:
                raise RuntimeError("Shape mismatch: objects cannot be broadcast to a single shape")
            result.append(b[i] if a[i] == 1 else a[i])
    return _C.Size(result)


def broadcast_tensors(*tensors):
    """Views of the tensors expanded to their common broadcast shape."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return tuple(t.expand(shape) for t in tensors)


# c10's names of the dtypes (ScalarType), which some of PyTorch's messages print.
_SCALAR_TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half",
                      "bfloat16": "BFloat16", "int64": "Long", "int32": "Int", "int16": "Short",
                      "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def _scalar_type_name(dtype):
    return _SCALAR_TYPE_NAMES[str(dtype).split(".")[-1]]


def movedim(input, source, destination):
    """input with the dims in source moved to the positions in destination (a permuted view)."""
    src = [source] if isinstance(source, int) else list(source)
    dst = [destination] if isinstance(destination, int) else list(destination)
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) "
                           f"should contain the same number of dims as destination ({dst} dims)")
    ndim = input.dim()

    def wrap(d):
        low, high = -max(ndim, 1), max(ndim, 1) - 1
        if not low <= d <= high:
            raise IndexError(f"Dimension out of range (expected to be in range of [{low}, "
                             f"{high}], but got {d})")
        return d % max(ndim, 1)

    src_n, dst_n = [wrap(d) for d in src], [wrap(d) for d in dst]
    for name, dims, given in (("source", src_n, src), ("destination", dst_n, dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({given})")
    order = [None] * ndim
    for s_, d in zip(src_n, dst_n):
        order[d] = s_
    rest = iter(d for d in range(ndim) if d not in src_n)
    return input.permute([next(rest) if o is None else o for o in order])


moveaxis = movedim


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol * |other| element-wise (equal infinities are close; NaNs
    are when equal_nan)."""
    if input.dtype != other.dtype:
        raise RuntimeError(f"{_scalar_type_name(input.dtype)} did not match "
                           f"{_scalar_type_name(other.dtype)}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {rtol}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {atol}")
    close = input == other
    if not (input.is_floating_point() or input.is_complex()):
        return close
    if equal_nan:
        close = close | (input.isnan() & other.isnan())
    allowed = atol + (other * rtol).abs()
    actual = (input - other).abs()
    return close | (actual.isfinite() & (actual <= allowed))


def _shift(a, b, left):
    """PyTorch's integer shifts: a << b (a * 2^b, wrapping) or a >> b (arithmetic: the floor of
    a / 2^b); a shift by a negative count or by the dtype's width or more gives 0 (left) or the
    sign (right)."""
    vf = _C._VariableFunctions
    a_t = a if isinstance(a, Tensor) else vf.tensor(a)
    b_t = b if isinstance(b, Tensor) else vf.tensor(b)
    dtype = vf.result_type(a, b)
    if dtype.is_floating_point or dtype == _C.bool:
        kind = "lshift" if left else "rshift"
        raise RuntimeError(f'"{kind}_cpu" not implemented for \'{_scalar_type_name(dtype)}\'')
    bits = {_C.uint8: 8, _C.int8: 8, _C.int16: 16, _C.int32: 32, _C.int64: 64}[dtype]
    x = a_t.to(_C.int64)
    n = b_t.to(_C.int64)
    valid = (n >= 0) & (n < bits)
    n = n.clamp(0, bits - 1)
    if left:
        result = vf.where(valid, x * vf.pow(2, n), vf.zeros((), dtype=_C.int64))
    else:
        half = vf.floor_divide(n, 2)
        shifted = x.div(vf.pow(2, half), rounding_mode="floor").div(
            vf.pow(2, n - half), rounding_mode="floor")
        result = vf.where(valid, shifted, vf.where(x < 0, -1, 0))
    return result.to(dtype)


def bitwise_left_shift(input, other, *, out=None):
    """input << other (integers)."""
    result = _shift(input, other, True)
    return result if out is None else out.copy_(result)


def bitwise_right_shift(input, other, *, out=None):
    """input >> other (integers, arithmetic)."""
    result = _shift(input, other, False)
    return result if out is None else out.copy_(result)


def get_rng_state():
    """The default generator's state, as a uint8 tensor."""
    return _C.default_generator.get_state()


def set_rng_state(new_state):
    """Restores the default generator's state from get_rng_state()."""
    _C.default_generator.set_state(new_state)
