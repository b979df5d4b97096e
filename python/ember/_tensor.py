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
        return (_rebuild_tensor, (self.detach().tolist(), self.dtype, self.requires_grad))



def _rebuild_tensor(data, dtype, requires_grad):
    return _C._VariableFunctions.tensor(data, dtype=dtype, requires_grad=requires_grad)
