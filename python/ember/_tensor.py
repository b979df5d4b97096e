"""ember.Tensor: the tensor class, with the parts of its API that PyTorch writes in Python.

The C++ part (operators, methods, properties) is ember._C._TensorBase; this subclass adds what
torch/_tensor.py adds on top of torch._C._TensorBase: backward(), register_hook(), the NumPy
protocol (__array__, __array_wrap__), __format__, __contains__, __reversed__, copying and
pickling.
"""
from numbers import Number

from . import _C

__all__ = ["Tensor"]


class _RemovableHandle:
    """What register_hook returns: handle.remove() removes the hook."""

    __slots__ = ("_tensor", "_id", "id")

    def __init__(self, tensor, hook_id):
        self._tensor = tensor
        self._id = hook_id
        self.id = hook_id

    def remove(self):
        if self._tensor is not None:
            self._tensor._remove_hook(self._id)
            self._tensor = None

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.remove()


class Tensor(_C._TensorBase):
    """A multi-dimensional array of one dtype on one device, recorded by autograd.

    Create tensors with ember.tensor(data), ember.zeros(...), ember.randn(...), ...; the
    operators (+, -, *, /, //, %, **, @, comparisons, &, |, ^, ~) broadcast and promote dtypes
    as PyTorch's do.
    """

    __module__ = "ember"
    # NumPy defers to the tensor's operators (np_array + tensor is a tensor).
    __array_priority__ = 1000

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Computes the gradient of this tensor with respect to the graph's leaves.

        gradient: the gradient of some scalar with respect to this tensor (may be omitted for a
        one-element tensor). retain_graph: keep the graph for another backward (defaults to
        create_graph). create_graph: record the backward pass, for higher-order derivatives.
        inputs: accumulate into the .grad of these tensors only.
        """
        from . import autograd

        autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    @staticmethod
    def _make_subclass(cls, data, require_grad=False):
        """A tensor of class cls (a subclass of Tensor) sharing data's storage, detached from its
        history, requiring grad or not (how nn.Parameter is made)."""
        result = _C._TensorBase.__new__(cls, data)
        result.requires_grad_(require_grad)
        return result

    def __lshift__(self, other):
        """self << other (integers)."""
        from ._functions import bitwise_left_shift

        return bitwise_left_shift(self, other)

    def __rshift__(self, other):
        """self >> other (integers, arithmetic)."""
        from ._functions import bitwise_right_shift

        return bitwise_right_shift(self, other)

    def __rlshift__(self, other):
        from ._functions import bitwise_left_shift

        return bitwise_left_shift(other, self)

    def __rrshift__(self, other):
        from ._functions import bitwise_right_shift

        return bitwise_right_shift(other, self)

    def __ilshift__(self, other):
        """self <<= other, in place."""
        return self.copy_(self << other)

    def __irshift__(self, other):
        """self >>= other, in place."""
        return self.copy_(self >> other)

    bitwise_left_shift = __lshift__
    bitwise_right_shift = __rshift__
    bitwise_left_shift_ = __ilshift__
    bitwise_right_shift_ = __irshift__

    def movedim(self, source, destination):
        """This tensor with the dims in source moved to destination (a permuted view)."""
        from ._functions import movedim

        return movedim(self, source, destination)

    moveaxis = movedim

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        """Whether each element is close to other's (see ember.isclose)."""
        from ._functions import isclose

        return isclose(self, other, rtol, atol, equal_nan)

    def new(self, *args, **kwargs):
        """PyTorch's legacy constructor with this tensor's dtype: new(*sizes), new(sequence),
        new(tensor) (an alias), new() (empty)."""
        result = _C._TensorBase.__new__(Tensor, *args, **kwargs)
        return result if result.dtype == self.dtype else result.to(self.dtype)

    def conj(self):
        """The complex conjugate: the tensor itself, ember's tensors being real."""
        return self

    def resolve_conj(self):
        """The tensor itself (ember has no lazy conjugation)."""
        return self

    def resolve_neg(self):
        """The tensor itself (ember has no lazy negation)."""
        return self

    def share_memory_(self):
        """Moves the storage to shared memory: a no-op in ember (worker processes get tensors by
        pickling)."""
        return self

    def pin_memory(self, device="cuda"):
        """A copy in page-locked memory, in PyTorch. ember has no pinned allocator: with a CUDA
        device, a plain copy (copies to the device are then synchronous); without one, PyTorch's
        error (its CPU-only build cannot pin either)."""
        if not _C._VariableFunctions._cuda_is_available():
            raise NotImplementedError("Could not run 'aten::_pin_memory' with arguments from the "
                                      "'CUDA' backend: no CUDA device is available")
        return self.clone()

    def __dlpack__(self, stream=None):
        """A DLPack capsule of this tensor (for numpy.from_dlpack, torch.from_dlpack...)."""
        if self.requires_grad:
            raise RuntimeError("Can't export tensors that require gradient, use tensor.detach()")
        return _C._to_dlpack(self)

    def __dlpack_device__(self):
        """(device type, index) in DLPack's codes."""
        from .utils.dlpack import DLDeviceType

        if self.is_cuda:
            return (DLDeviceType.kDLGPU, self.device.index)
        return (DLDeviceType.kDLCPU, 0)

    def register_hook(self, hook):
        """Registers hook(grad) -> Tensor or None, called when this tensor's gradient is
        computed; a returned tensor replaces the gradient. Returns a handle with .remove()."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        return _RemovableHandle(self, self._register_hook(hook))

    def norm(self, p="fro", dim=None, keepdim=False, dtype=None):
        """The p-norm of the tensor (over dim, or over all elements). See ember.norm()."""
        from ._functions import norm

        return norm(self, p, dim, keepdim, dtype=dtype)

    def split(self, split_size, dim=0):
        """Splits the tensor into chunks: equal chunks of split_size (an int), or chunks of the
        given sizes (a list)."""
        if isinstance(split_size, Tensor):
            try:
                split_size = int(split_size)
            except ValueError:
                pass
        return _C._TensorBase.split(self, split_size, dim)

    def __format__(self, format_spec):
        if self.dim() == 0:
            return self.item().__format__(format_spec)
        return object.__format__(self, format_spec)

    def __contains__(self, element):
        if isinstance(element, (Tensor, Number)):
            return bool((element == self).any().item())
        raise RuntimeError(
            "Tensor.__contains__ only supports Tensor or scalar, but you passed in a %s."
            % type(element)
        )

    def __reversed__(self):
        if self.dim() == 0:
            return self
        return self.flip(0)

    def __array__(self, dtype=None):
        if dtype is None:
            return self.numpy()
        return self.numpy().astype(dtype, copy=False)

    def __array_wrap__(self, array):
        if array.dtype == bool:
            array = array.astype("uint8")
        return _C._VariableFunctions.from_numpy(array)

    def __deepcopy__(self, memo):
        if not self.is_leaf:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                "protocol at the moment"
            )
        if id(self) in memo:
            return memo[id(self)]
        new_tensor = self.detach().clone()
        new_tensor.requires_grad_(self.requires_grad)
        if self.grad is not None:
            new_tensor.grad = self.grad.__deepcopy__(memo)
        memo[id(self)] = new_tensor
        return new_tensor

    def __reduce_ex__(self, proto):
        # The elements as a NumPy array (bfloat16's bits as int16), the dtype and the shape.
        data = self.detach().cpu().contiguous()
        dtype = str(self.dtype).split(".")[-1]
        raw = data.view(_C.int16) if dtype == "bfloat16" else data
        return (_rebuild_tensor_from_array,
                (raw.numpy().copy(), dtype, self.requires_grad, str(self.device)))



def _rebuild_tensor_from_array(array, dtype, requires_grad, device="cpu"):
    result = _C._VariableFunctions.from_numpy(array)
    if dtype == "bfloat16":
        result = result.view(_C.bfloat16)
    if device != "cpu":
        result = result.to(device)
    return result.requires_grad_(requires_grad) if requires_grad else result


def _rebuild_tensor(data, dtype, requires_grad):
    return _C._VariableFunctions.tensor(data, dtype=dtype, requires_grad=requires_grad)
