"""ember: PyTorch's tensors and autograd, in C++, with PyTorch's Python API.

    import ember as torch

    x = torch.tensor([[1., 2.], [3., 4.]], requires_grad=True)
    y = (x * 2).sum()
    y.backward()
    print(x.grad)

ember covers PyTorch's CPU tensors: creation, element-wise math with broadcasting and type
promotion, views and indexing, reductions, matrix products, random numbers (PyTorch's streams,
seed for seed) and reverse-mode autograd; and the training stack: ember.nn, ember.optim,
ember.utils.data, ember.autograd.Function, ember.save / ember.load (PyTorch's file format).
Results, printing and error messages are PyTorch's, with "ember." where PyTorch prints "torch.".
"""
from . import _C
from ._C import (  # noqa: F401  (the dtypes, the small types)
    Generator,
    Size,
    bfloat16,
    bool,
    channels_last,
    contiguous_format,
    default_generator,
    device,
    double,
    dtype,
    float,
    float16,
    float32,
    float64,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    layout,
    long,
    memory_format,
    preserve_format,
    short,
    strided,
    uint8,
)
from ._tensor import Tensor

_C._set_tensor_class(Tensor)

from ._C._VariableFunctions import *  # noqa: E402,F401,F403  (ember.add, ember.zeros, ...)

from . import autograd, backends, cuda, nn, optim, return_types, utils  # noqa: E402
from .autograd.grad_mode import (  # noqa: E402,F401
    enable_grad,
    inference_mode,
    no_grad,
    set_grad_enabled,
)
# The module functions PyTorch writes in Python replace the C++ ones of the same name.
from ._functions import (  # noqa: E402,F401
    bitwise_left_shift,
    bitwise_right_shift,
    broadcast_shapes,
    broadcast_tensors,
    einsum,
    get_rng_state,
    initial_seed,
    is_tensor,
    isclose,
    manual_seed,
    movedim,
    moveaxis,
    norm,
    pixel_shuffle,
    pixel_unshuffle,
    seed,
    set_printoptions,
    set_rng_state,
    split,
    typename,
)

from .serialization import load, save  # noqa: E402,F401
from .utils.dlpack import from_dlpack  # noqa: E402,F401

__version__ = _C.__version__

# The private functions too (ember._set_grad_enabled, ...), which the star import skips.
for _name in dir(_C._VariableFunctions):
    if not _name.startswith("__"):
        globals().setdefault(_name, getattr(_C._VariableFunctions, _name))
del _name
