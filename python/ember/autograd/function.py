"""ember.autograd.Function: operations with a derivative written in Python, as
torch.autograd.Function.

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):
            y, = ctx.saved_tensors
            return grad * y

    y = Exp.apply(x)          # y.grad_fn is an ExpBackward node

forward runs without recording; when grad mode is on and an input requires grad, the tensor
outputs get one graph node whose backward pass calls backward(ctx, *grads_of_outputs), which
returns one gradient (or None) per forward input.
"""
import functools

from .. import _C
from .._tensor import Tensor
from .grad_mode import no_grad

__all__ = ["Function", "FunctionCtx", "once_differentiable"]

_FREED = ("Trying to backward through the graph a second time (or directly access saved tensors "
          "after they have already been freed). Saved intermediate values of the graph are freed "
          "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
          "backward through the graph a second time or if you need to access saved tensors "
          "after calling backward.")


class FunctionCtx:
    """The `ctx` of forward and backward: what forward saves for backward, and its marks."""

    def __init__(self):
        self.to_save = ()
        self.dirty_tensors = ()
        self.non_differentiable = ()
        self.materialize_grads = True
        self.needs_input_grad = ()

    def save_for_backward(self, *tensors):
        """Saves tensors (or None) for backward, where ctx.saved_tensors gives them back."""
        for i, t in enumerate(tensors):
            if t is not None and not isinstance(t, Tensor):
                raise TypeError(f"save_for_backward can only save variables, but argument {i} is "
                                f"of type {type(t).__name__}")
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    @property
    def saved_tensors(self):
        if getattr(self, "_freed", False):
            raise RuntimeError(_FREED)
        return tuple(self.to_save)

    def mark_dirty(self, *tensors):
        """Declares the inputs forward modified in place."""
        self.dirty_tensors = tensors

    def mark_non_differentiable(self, *tensors):
        """Declares outputs that get no gradient (they do not require grad)."""
        self.non_differentiable = tensors

    def set_materialize_grads(self, value):
        """True (default): backward gets zeros, not None, for outputs without a gradient."""
        self.materialize_grads = value


class _FunctionMeta(type):
    """Gives each Function subclass its node name, <Name>Backward."""

    def __init__(cls, name, bases, attrs):
        cls._backward_name = name + "Backward"
        super().__init__(name, bases, attrs)


class Function(metaclass=_FunctionMeta):
    """The base class of operations with a hand-written derivative: subclasses define the static
    methods forward(ctx, *args) and backward(ctx, *grads) and are called as Cls.apply(*args)."""

    def __init__(self, *args, **kwargs):
        cls = self.__class__
        import warnings

        warnings.warn(f"{cls} should not be instantiated. Methods on autograd functions are all "
                      "static, so you should invoke them on the class itself. Instantiating an "
                      "autograd function will raise an error in a future version of PyTorch.",
                      DeprecationWarning)

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use "
            "new-style autograd function with static forward method. (Example: "
            "https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd."
                                  "Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your "
                                  "custom autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        record = _C._VariableFunctions.is_grad_enabled() and any(ctx.needs_input_grad)
        with no_grad():
            outputs = cls.forward(ctx, *args, **kwargs)
        if not record:
            return outputs
        is_tuple = isinstance(outputs, tuple)
        outs = list(outputs) if is_tuple else [outputs]
        # An edge per tensor argument, as PyTorch's node has (next_functions, the positions its
        # engine names): the other arguments get no edge.
        inputs = [a for a in args if isinstance(a, Tensor)]
        input_ids = {id(a) for a in inputs}
        dirty = {id(t) for t in ctx.dirty_tensors}
        non_differentiable = {id(t) for t in ctx.non_differentiable}
        recorded, positions = [], []
        for i, out in enumerate(outs):
            if not isinstance(out, Tensor):
                continue
            if id(out) in dirty and out.is_leaf and out.requires_grad:
                raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                   "in-place operation.")
            if id(out) in input_ids and id(out) not in dirty:
                out = outs[i] = out.detach()  # an input returned as is: a new tensor
            if id(outs[i]) in non_differentiable or not out.is_floating_point():
                continue
            recorded.append(out)
            positions.append(i)
        # The node's closure must not hold the outputs (they hold the node): their shapes do.
        like = [(o.shape, o.dtype, o.device) if isinstance(o, Tensor) else None for o in outs]
        output_ids = {id(o) for o in recorded}
        ctx.to_save = tuple(t.detach() if t is not None and id(t) in output_ids else t
                            for t in ctx.to_save)
        name = cls._backward_name

        def backward(*grads):
            full = [None] * len(like)
            for p, g in zip(positions, grads):
                full[p] = g
            if ctx.materialize_grads:
                full = [_C._VariableFunctions.zeros(m[0], dtype=m[1], device=m[2])
                        if g is None and m is not None else g for g, m in zip(full, like)]
            result = cls.backward(ctx, *full)
            result = result if isinstance(result, tuple) else (result,)
            n = len(args)
            if len(result) != n and not (len(result) > n and
                                         all(g is None for g in result[n:])):
                raise RuntimeError(f"function {name} returned an incorrect number of gradients "
                                   f"(expected {n}, got {len(result)})")
            for i, (a, g) in enumerate(zip(args, result)):
                if g is not None and not isinstance(a, Tensor):
                    raise RuntimeError(f"function {name} returned a gradient different than None "
                                       f"at position {i + 1}, but the corresponding forward "
                                       "input was not a Variable")
            return tuple(g for a, g in zip(args, result[:n]) if isinstance(a, Tensor))

        _C._record_function(name, inputs, recorded, backward)
        return tuple(outs) if is_tuple else outs[0]


def once_differentiable(fn):
    """Marks a backward whose own computation is not differentiable: it runs without recording."""
    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            return fn(ctx, *args)

    return wrapper
