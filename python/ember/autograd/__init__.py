"""ember.autograd: reverse-mode differentiation (backward, grad), as torch.autograd.

The graph is recorded by ember's C++ operations; these functions normalise their arguments as
PyTorch's do and call the C++ engine.
"""
from .. import _C
from .._tensor import Tensor
from . import function  # noqa: F401
from .function import Function
from .grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled

__all__ = ["backward", "grad", "no_grad", "enable_grad", "set_grad_enabled", "inference_mode",
           "Function"]


def _calculate_shape(output, grad):
    return output.shape, grad.shape


def _make_grads(outputs, grads):
    new_grads = []
    for out, grad in zip(outputs, grads):
        if isinstance(grad, Tensor):
            if out.shape != grad.shape:
                out_shape, grad_shape = _calculate_shape(out, grad)
                raise RuntimeError("Mismatch in shape: grad_output[" + str(grads.index(grad))
                                   + "] has a shape of " + str(grad_shape) + " and output["
                                   + str(outputs.index(out)) + "] has a shape of "
                                   + str(out_shape) + ".")
            new_grads.append(grad)
        elif grad is None:
            if out.requires_grad:
                if out.numel() != 1:
                    raise RuntimeError("grad can be implicitly created only for scalar outputs")
                new_grads.append(_C._VariableFunctions.ones_like(out))
            else:
                new_grads.append(None)
        else:
            raise TypeError("gradients can be either Tensors or None, but got "
                            + type(grad).__name__)
    return tuple(new_grads)


def _tensor_or_tensors_to_tuple(tensors, length):
    if tensors is None:
        return (None,) * length
    if isinstance(tensors, Tensor):
        return (tensors,)
    return tuple(tensors)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Computes the sum of the gradients of `tensors` with respect to the graph leaves and
    accumulates them into the leaves' .grad.

    grad_tensors: the gradient with respect to each tensor (None for a one-element tensor).
    retain_graph: keep the graph for another backward (defaults to create_graph).
    create_graph: record the backward pass too (higher-order derivatives).
    inputs: accumulate only into the .grad of these tensors.
    """
    if grad_variables is not None:
        import warnings

        warnings.warn("'grad_variables' is deprecated. Use 'grad_tensors' instead.")
        if grad_tensors is None:
            grad_tensors = grad_variables
        else:
            raise RuntimeError("'grad_tensors' and 'grad_variables' (deprecated) arguments both "
                               "passed to backward(). Please only use 'grad_tensors'.")
    if inputs is not None and len(inputs) == 0:
        raise RuntimeError("'inputs' argument to backward() cannot be empty.")

    tensors = (tensors,) if isinstance(tensors, Tensor) else tuple(tensors)
    inputs = (inputs,) if isinstance(inputs, Tensor) else \
        tuple(inputs) if inputs is not None else tuple()

    grad_tensors_ = _tensor_or_tensors_to_tuple(grad_tensors, len(tensors))
    grad_tensors_ = _make_grads(tensors, grad_tensors_)
    if retain_graph is None:
        retain_graph = create_graph
    _C._run_backward(tensors, grad_tensors_, retain_graph, create_graph, inputs)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=False, is_grads_batched=False):
    """Returns the gradients of `outputs` with respect to `inputs` (a tuple, one per input),
    without touching any .grad.

    grad_outputs: the gradient with respect to each output (None for one-element outputs).
    allow_unused: return None for inputs the outputs do not depend on (else an error).
    """
    if is_grads_batched:
        raise RuntimeError("ember does not support is_grads_batched=True")
    t_outputs = (outputs,) if isinstance(outputs, Tensor) else tuple(outputs)
    t_inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    if not only_inputs:
        import warnings

        warnings.warn("only_inputs argument is deprecated and is ignored now (defaults to True). "
                      "To accumulate gradient for other parts of the graph, please use "
                      "torch.autograd.backward.")
    grad_outputs_ = _tensor_or_tensors_to_tuple(grad_outputs, len(t_outputs))
    grad_outputs_ = _make_grads(t_outputs, grad_outputs_)
    if retain_graph is None:
        retain_graph = create_graph
    return _C._run_grad(t_outputs, t_inputs, grad_outputs_, retain_graph, create_graph,
                        allow_unused)
