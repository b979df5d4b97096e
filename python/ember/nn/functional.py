"""ember.nn.functional: the functions behind ember.nn's layers, as torch.nn.functional's (the
same arguments, checks, warnings and messages).

Where ember's C++ has the op (linear, conv2d, pooling, normalization, embedding, dropout, the
losses), it runs it; the other activations and losses are written here from ember's tensor ops
with PyTorch's formulas (their values are PyTorch's). Those that PyTorch runs as one op (leaky_relu,
elu, softplus, hardtanh, glu, huber_loss, pad, conv1d, ...) get one graph node with PyTorch's
name, edges and derivative formulas (_single_node); the others (softsign, tanhshrink, ...) have
the grad_fn names of the ops they are made of, as PyTorch's.
"""
import math as _math
import operator as _operator
import struct as _struct
import warnings

from .. import _C
from ..autograd.function import Function as _Function
from ..autograd.grad_mode import enable_grad as _enable_grad
from ..autograd.grad_mode import no_grad as _no_grad
from .._functions import broadcast_shapes, broadcast_tensors
from .._functions import pixel_shuffle as _pixel_shuffle
from .._functions import pixel_unshuffle as _pixel_unshuffle

_F = _C._VariableFunctions
_nn = _C._nn

__all__ = [
    "linear", "bilinear", "conv1d", "conv2d", "conv_transpose2d", "max_pool1d", "max_pool2d", "avg_pool1d",
    "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "dropout", "dropout1d",
    "dropout2d", "batch_norm", "layer_norm", "group_norm", "embedding", "one_hot", "pad",
    "normalize", "cosine_similarity", "pairwise_distance", "pixel_shuffle", "pixel_unshuffle",
    "interpolate", "upsample", "upsample_nearest", "upsample_bilinear",
    "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "selu_",
    "celu", "celu_", "gelu", "silu", "mish", "sigmoid", "tanh", "hardtanh", "hardtanh_",
    "hardsigmoid", "hardswish", "softplus", "softsign", "logsigmoid", "tanhshrink", "threshold",
    "threshold_", "glu",
    "softmax", "log_softmax", "softmin",
    "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
]


# ---- reductions: PyTorch's enum and the deprecated size_average / reduce arguments

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


def _legacy_reduction(size_average, reduce, emit_warning=True):
    """The reduction string of the deprecated size_average and reduce arguments."""
    warning = "size_average and reduce args will be deprecated, please use reduction='{}' instead."
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    result = ("mean" if size_average else "sum") if reduce else "none"
    if emit_warning:
        warnings.warn(warning.format(result))
    return result


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        return _legacy_reduction(size_average, reduce)
    return reduction


def _warn_size_mismatch(input, target):
    if not (target.size() == input.size()):
        warnings.warn(
            "Using a target size ({}) that is different to the input size ({}). "
            "This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.".format(target.size(), input.size()),
            stacklevel=3,
        )


# ---- one graph node for a function written with ember ops

def _modified(t, version, owner):
    """PyTorch's error for a tensor a node saved that was modified in place since (owner: the
    node's name when the tensor is the node's own result)."""
    fn = owner if owner is not None else None if t.grad_fn is None else t.grad_fn.name()
    which = "" if fn is None else f", which is output {0 if owner else t.output_nr} of {fn},"
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: [torch.{t.type().split('.', 1)[1]} {list(t.shape)}]{which} is at version "
        f"{t._version}; expected version {version} instead. Hint: enable anomaly detection to "
        "find the operation that failed to compute its gradient, with "
        "torch.autograd.set_detect_anomaly(True).")


def _single_node(name, inputs, compute, backward, inplace=None, save=True, guard=False):
    """The result of compute(*inputs) (ember ops, run without recording) as the output of one
    graph node named `name`, PyTorch's, with an edge to each of inputs (tensors or None: the
    node's next_functions), recorded when grad mode is on and an input requires grad.

    backward(grad, needs, *saved) gives one gradient (or None) per input, needs[i] saying
    whether input i needs one; it is written with ember ops, so that it is differentiable in
    turn (create_graph). saved are the inputs (none when save=False): the node keeps them, never
    its output (which holds the node), and, as PyTorch's saved variables, refuses to run when one
    was modified in place since.

    inplace: for in-place forms (one input, overwritten with the result and returned): saved
    is a copy of the input from before ("original": PyTorch's original self) or the result
    ("result"), which must then stay as it is; guard=True saves the result after the copy, on
    the same terms (PyTorch's nodes that keep the result, with a second derivative that needs
    the input)."""
    needs = tuple(t is not None and t.requires_grad for t in inputs) \
        if _F.is_grad_enabled() else ()
    record = any(needs)
    if inplace is None:
        with _no_grad():
            out = compute(*inputs)
        if not record:
            return out
        saved = tuple(inputs) if save else ()
        checks = [(t, t._version, None) for t in saved if t is not None]
    else:
        (input,) = inputs
        if not record:
            with _no_grad():
                input.copy_(compute(input))
            return input
        if input.is_leaf:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                               "operation.")
        original = input.clone() if inplace == "original" else None
        with _no_grad():
            out = compute(input)
        saved, checks = [original] if inplace == "original" else [], []

    count = len(inputs)  # (the node must not keep an in-place form's input: its output)

    def node_backward(grad):
        for t, version, owner in checks:
            if t._version != version:
                raise _modified(t, version, owner)
        if grad is None:
            return (None,) * count
        grads = backward(grad, needs, *saved)
        return tuple(g if n else None for g, n in zip(grads, needs))

    if inplace is None:
        _C._record_function(name, inputs, [out], node_backward)
        return out
    if input._base is None:
        with _no_grad():
            input.copy_(out)
        _C._record_function(name, inputs, [input], node_backward)
    else:
        # A view: the node's output is copied into it, which records the copy into its base
        # (CopySlices), as PyTorch's in-place ops on views.
        _C._record_function(name, inputs, [out], node_backward)
        input.copy_(out)
    if inplace == "result" or guard:
        result = input.detach()
        checks.append((result, result._version, name))
        saved.append(result)
    return input


def _recomputed_backward(compute, grad, needs, inputs):
    """The gradients of compute(*inputs) (ember ops) recomputed with recording: the backward of a
    _single_node whose PyTorch formulas are other ops (conv1d's)."""
    from ..autograd import grad as autograd_grad

    wanted = [t for t, n in zip(inputs, needs) if n]
    create_graph = _F.is_grad_enabled()
    with _enable_grad():
        out = compute(*inputs)
    grads = iter(autograd_grad(out, wanted, grad, create_graph=create_graph))
    return tuple(next(grads) if n else None for n in needs)


def _check_kernel_dtype(input, kernel, dtypes):
    """PyTorch's error for a dtype that its kernel (kernel + '_cpu' or '_cuda') does not have;
    dtypes: the CPU kernel's (the CUDA ones have float16 and bfloat16 too)."""
    if input.device.type == "cuda":
        _check_pad_dtype(input, kernel + "_cuda", dtypes + (_C.float16, _C.bfloat16))
    else:
        _check_pad_dtype(input, kernel + "_cpu", dtypes)


_FLOATING = (_C.float32, _C.float64, _C.bfloat16)


def _with_zero_gradient(result, x):
    """result; when recorded (create_graph), with an edge to x that gives it a zero gradient, as
    PyTorch's double backward nodes of the piecewise linear functions give theirs (a zero
    gradient, not none)."""
    if _F.is_grad_enabled() and x.requires_grad:
        return result - x.masked_fill(x.new_ones((), dtype=_C.bool), 0.0)  # keeps -0.0
    return result


def _kink(x, inside, outside=None):
    """x in a backward formula: recorded (create_graph), its gradient flows only where inside(x)
    (PyTorch's double backward formulas are 0 at the kinks), and outside(x) (x by default)
    stands for it elsewhere, without a gradient; not recorded, x itself."""
    if not _F.is_grad_enabled():
        return x
    frozen = x.detach()
    return _F.where(inside(x), x, frozen if outside is None else outside(frozen))


# ---- layers

def linear(input, weight, bias=None):
    """input @ weight.T + bias."""
    return _nn.linear(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """y_k = input1^T weight_k input2 + bias_k for each output feature k."""
    y = ((input1.unsqueeze(-2).unsqueeze(-2) @ weight.unsqueeze(0)).squeeze(-2)
         * input2.unsqueeze(-2)).sum(-1)
    return y if bias is None else y + bias


def _pair(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x, x)


def _single(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """The 2-d convolution (cross-correlation) of input (N, C, H, W) with weight."""
    return _F.conv2d(input, weight, bias, stride, padding, dilation, groups)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """The 1-d convolution of input (N, C, L) with weight (C_out, C / groups, k): conv2d on a
    height of 1, as PyTorch computes it."""
    batched = input.dim() == 3
    if not batched:
        if input.dim() != 2:
            raise RuntimeError(
                "Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: "
                f"{list(input.shape)}")
        input = input.unsqueeze(0)
    if padding == "same" and input.dim() == 3 and weight.dim() == 3 and \
            all(s == 1 for s in _single(stride)) and len(_single(dilation)) == 1:
        # PyTorch's _convolution_same: a padding it cannot split evenly gets its extra column
        # at the end by constant_pad_nd, and the convolution the rest.
        total = _single(dilation)[0] * (weight.shape[2] - 1)
        if total % 2 != 0:
            input = _constant_pad_nd(input, [0, 1], 0)
            padding = total // 2
    padding = padding if isinstance(padding, str) else (0,) + _single(padding)
    stride, dilation = (1,) + _single(stride), (1,) + _single(dilation)

    def compute(input, weight, bias):
        return _F.conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, stride, padding, dilation,
                         groups).squeeze(2)

    # One node, PyTorch's ConvolutionBackward0: its backward recomputes this convolution (conv2d
    # on a height of 1) and takes its gradients.
    out = _single_node("ConvolutionBackward0", [input, weight, bias], compute,
                       lambda grad, needs, *inputs: _recomputed_backward(compute, grad, needs,
                                                                         inputs))
    return out if batched else out.squeeze(0)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """The transposed 2-d convolution (the gradient of conv2d with respect to its input) of
    input (N, C_in, H, W) with weight (C_in, C_out / groups, kH, kW): the input spread out by
    stride, padded by dilation * (k - 1) - padding (plus output_padding after), convolved with
    the flipped kernel."""
    batched = input.dim() == 4
    if not batched:
        input = input.unsqueeze(0)
    n, c_in, h, w = input.shape
    (sh, sw), (ph, pw), (oh, ow), (dh, dw) = (_pair(stride), _pair(padding),
                                              _pair(output_padding), _pair(dilation))
    if oh >= sh and oh >= dh or ow >= sw and ow >= dw:
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           f"got output_padding_height: {oh} output_padding_width: {ow} "
                           f"stride_height: {sh} stride_width: {sw} dilation_height: {dh} "
                           f"dilation_width: {dw}")
    kh, kw = weight.shape[2], weight.shape[3]
    spread = input
    if sh > 1 or sw > 1:
        spread = input.new_zeros(n, c_in, (h - 1) * sh + 1, (w - 1) * sw + 1)
        spread[:, :, ::sh, ::sw] = input
    top, left = dh * (kh - 1) - ph, dw * (kw - 1) - pw
    spread = _F.constant_pad_nd(spread, (left, left + ow, top, top + oh), 0)
    c_out = weight.shape[1] * groups
    flipped = weight.reshape(groups, c_in // groups, c_out // groups, kh, kw).transpose(1, 2) \
        .reshape(c_out, c_in // groups, kh, kw).flip(2, 3)
    out = _F.conv2d(spread, flipped, bias, 1, 0, (dh, dw), groups)
    return out if batched else out.squeeze(0)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """The maximum over each window of the last two dims (and its index, with
    return_indices)."""
    if stride is None:
        stride = []
    if return_indices:
        return _nn.max_pool2d_with_indices(input, kernel_size, stride, padding, dilation,
                                           ceil_mode)
    return _F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """The maximum over each window of the last dim."""
    stride = [] if stride is None else (1,) + _single(stride)
    out = max_pool2d(input.unsqueeze(-2), (1,) + _single(kernel_size), stride,
                     (0,) + _single(padding), (1,) + _single(dilation), ceil_mode,
                     return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """The mean over each window of the last two dims."""
    return _nn.avg_pool2d(input, kernel_size, [] if stride is None else stride, padding,
                          ceil_mode, count_include_pad, divisor_override)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """The mean over each window of the last dim."""
    stride = [] if stride is None else (1,) + _single(stride)
    return avg_pool2d(input.unsqueeze(-2), (1,) + _single(kernel_size), stride,
                      (0,) + _single(padding), ceil_mode, count_include_pad).squeeze(-2)


def adaptive_avg_pool2d(input, output_size):
    """The mean over the windows that split the last two dims into output_size (None keeps a
    dim's size)."""
    size = _pair(output_size)
    size = [input.size(-2 + k) if v is None else v for k, v in enumerate(size)]
    return _nn.adaptive_avg_pool2d(input, size)


def adaptive_avg_pool1d(input, output_size):
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, _single(output_size)[0])).squeeze(-2)


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got {}".format(p))


def dropout(input, p=0.5, training=True, inplace=False):
    """Zeroes each element with probability p and scales the others by 1 / (1 - p), when
    training."""
    _check_p(p)
    return _F.dropout_(input, p, training) if inplace else _F.dropout(input, p, training)


def _feature_dropout(input, p, training, inplace):
    """Zeroes whole channels (dims 2...) with probability p, PyTorch's feature dropout: a noise
    tensor of shape (N, C, 1, ...) drawn by bernoulli_(1 - p), divided by 1 - p."""
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        zero = input.new_zeros(())
        return input.mul_(zero) if inplace else input * zero
    noise = input.new_empty(list(input.shape[:2]) + [1] * (input.dim() - 2))
    noise.bernoulli_(1 - p)
    noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def dropout1d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole channels of (N, C, L) or (C, L) input."""
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {inp_dim}D "
                           "input. Note that dropout1d exists to provide channel-wise dropout on "
                           "inputs with 1 spatial dimension, a channel dimension, and an "
                           "optional batch dimension (i.e. 2D or 3D inputs).")
    batched = inp_dim == 3
    if not batched:
        input = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    result = _feature_dropout(input, p, training, inplace)
    if not batched:
        result = result.squeeze_(0) if inplace else result.squeeze(0)
    return result


def dropout2d(input, p=0.5, training=True, inplace=False):
    """Zeroes whole channels of (N, C, H, W) input."""
    _check_p(p)
    inp_dim = input.dim()
    if inp_dim not in (3, 4):
        warnings.warn(f"dropout2d: Received a {inp_dim}-D input to dropout2d, which is "
                      "deprecated and will result in an error in a future release. To retain "
                      "the behavior and silence this warning, please use dropout instead. Note "
                      "that dropout2d exists to provide channel-wise dropout on inputs with 2 "
                      "spatial dimensions, a channel dimension, and an optional batch dimension "
                      "(i.e. 3D or 4D inputs).")
    if inp_dim == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-"
                      "wise 1D dropout behavior is desired - input is interpreted as shape (N, "
                      "C, L), where C is the channel dim. This behavior will change in a future "
                      "release to interpret the input as one without a batch dimension, i.e. "
                      "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.")
    return _feature_dropout(input, p, training, inplace)


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalizes over every dim but 1: batch statistics when training (updating the running
    ones), else the running statistics."""
    if training:
        size = input.size()
        size_prods = size[0]
        for i in range(len(size) - 2):
            size_prods *= size[i + 2]
        if size_prods == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input "
                             "size {}".format(size))
    return _F.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps,
                         True)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalizes over the trailing dims normalized_shape."""
    return _F.layer_norm(input, normalized_shape, weight, bias, eps, True)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Normalizes over groups of channels (and the spatial dims) per sample."""
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.dim()}")
    n, c = input.shape[0], input.shape[1]
    if c % num_groups != 0:
        raise RuntimeError(f"Expected number of channels in input to be divisible by "
                           f"num_groups, but got input of shape {input.shape} and "
                           f"num_groups={num_groups}")
    x = input.reshape(n, num_groups, -1)
    mean = x.mean(-1, keepdim=True)
    var = x.var(-1, unbiased=False, keepdim=True)
    out = ((x - mean) / (var + eps).sqrt()).reshape(input.shape)
    shape = [1, c] + [1] * (input.dim() - 2)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """The rows of weight that the integer tensor input names."""
    if padding_idx is not None:
        if padding_idx > 0:
            assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
        elif padding_idx < 0:
            assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
            padding_idx = weight.size(0) + padding_idx
    else:
        padding_idx = -1
    if max_norm is not None:
        input = input.contiguous()
        from ..autograd.grad_mode import no_grad

        with no_grad():
            _F.embedding_renorm_(weight, input, max_norm, norm_type)
    return _F.embedding(weight, input, padding_idx, scale_grad_by_freq, sparse)


def one_hot(tensor, num_classes=-1):
    """The int64 one-hot encoding of tensor's class indices."""
    return _nn.one_hot(tensor, num_classes)


_PAD_MODES = ("constant", "reflect", "replicate", "circular")


def _int_list(values, function, name, position):
    """values (a list or tuple of integers: ints, NumPy integers, integer tensors of one
    element, not bools) as a list of ints, or PyTorch's argument-parser TypeError."""
    if isinstance(values, (list, tuple)):
        result = []
        for v in values:
            if isinstance(v, bool) or isinstance(v, float):
                break
            try:
                result.append(_operator.index(v))
            except TypeError:
                break
        else:
            return result
    raise TypeError(f"{function}(): argument '{name}' (position {position}) must be tuple of ints, "
                    f"not {type(values).__name__}")


def _check_pad_dtype(input, kernel, dtypes):
    if input.dtype not in dtypes:
        from .._functions import _scalar_type_name

        raise RuntimeError(f'"{kernel}" not implemented for '
                           f"'{_scalar_type_name(input.dtype)}'")


def _pad_index(size, left, right, mode):
    """The source index of each position of a dim of `size` padded by (left, right) (negative:
    cropped) in mode reflect, replicate or circular."""
    out = size + left + right
    if mode == "reflect":
        def source(p):
            return -p if p < 0 else 2 * (size - 1) - p if p >= size else p
    elif mode == "replicate":
        def source(p):
            return min(max(p, 0), size - 1)
    else:
        # circular: PyTorch crops first, then wraps within what is left
        start, stop = max(-left, 0), size - max(-right, 0)
        kept = stop - start
        lo = max(left, 0)

        def source(p):
            return start + (p + left - lo) % kept if kept > 0 else start
    return _F.tensor([source(j - left) for j in range(out)], dtype=_C.int64)


def _pad_nonconstant(input, pad, mode):
    """Pads the last len(pad) // 2 dims by gathering each from its source indices (index_select:
    the gradient flows back to the sources)."""
    result = input
    for i in range(len(pad) // 2):
        dim = input.dim() - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        if left == 0 and right == 0:
            continue
        size = input.shape[dim]
        if mode == "circular" and size + min(left, 0) + min(right, 0) <= 0:
            # cropped to nothing and then padded: PyTorch leaves the memory uninitialised
            width = size + left + right
            tail = [0, 0] * i
            result = _F.constant_pad_nd(result.narrow(dim, 0, 0), tail + [0, width], 0)
            continue
        result = result.index_select(dim, _pad_index(size, left, right, mode))
    return result


def _reflection_pad(input, pad):
    n = len(pad) // 2
    shape = list(input.shape)
    ndim = input.dim()
    sizes = shape[ndim - n:]
    if n == 1:
        if not ((ndim == 2 and shape[1] != 0) or (ndim == 3 and shape[1] != 0 and shape[2] != 0)):
            raise RuntimeError("2D or 3D (batch mode) tensor expected for input, but got: "
                               f"[ {input.type()}{{{','.join(str(s) for s in shape)}}} ]")
    elif n == 2:
        valid = shape[1] != 0 and shape[2] != 0
        if not ((ndim == 3 and valid) or (ndim == 4 and valid and shape[3] != 0)):
            raise RuntimeError("3D or 4D (batch mode) tensor expected for input, but got: "
                               f"[ {input.type()}{{{','.join(str(s) for s in shape)}}} ]")
    else:
        _check_batch_mode(input, 3)
    # Argument #4 is the last dim's padding, #6 the one before, #8 the first of three
    described = str(list(shape)) if n != 2 else str(ndim)
    for i in range(n):
        left, right = pad[2 * i], pad[2 * i + 1]
        size = sizes[n - 1 - i]
        if not (left < size and right < size):
            raise RuntimeError(
                f"Argument #{4 + 2 * i}: Padding size should be less than the corresponding "
                f"input dimension, but got: padding ({left}, {right}) at dimension "
                f"{ndim - 1 - i} of input {described}")
    out = [sizes[k] + pad[2 * (n - 1 - k)] + pad[2 * (n - 1 - k) + 1] for k in range(n)]
    if n == 1 and out[0] < 1:
        raise RuntimeError(f"2input (W: {sizes[0]})is too small. Calculated output W: {out[0]}")
    if n == 1:
        _check_pad_dtype(input, "reflection_pad1d", (_C.float32, _C.float64))
    if n == 2 and all(o < 1 for o in out):
        raise RuntimeError(f"input (H: {sizes[0]}, W: {sizes[1]})is too small. Calculated output "
                           f"H: {out[0]} W: {out[1]}")
    if n == 2:
        _check_pad_dtype(input, "reflection_pad2d", (_C.float32, _C.float64))
    if n == 3:
        if all(o < 1 for o in out):
            raise RuntimeError(f"input (D: {sizes[0]} H: {sizes[1]}, W: {sizes[2]}) is too small."
                               f" Calculated output D: {out[0]} H: {out[1]} W: {out[2]}")
        _check_pad_dtype(input, "reflection_pad3d_cpu",
                         (_C.float32, _C.float64, _C.float16, _C.bfloat16))
    _check_out_sizes(shape, ndim, n, out)
    return _pad_nonconstant(input, pad, "reflect")


def _check_batch_mode(input, dim):
    """ATen's padding::check_valid_input<dim>: (dim + 1)-d input, or (dim + 2)-d with a batch
    size that may be 0; no other dim empty."""
    shape = list(input.shape)
    batch_mode = input.dim() == dim + 2
    valid = all(s != 0 for s in (shape[1:] if batch_mode else shape))
    if not valid:
        raise RuntimeError(f"Expected {dim + 1}D or {dim + 2}D (batch mode) tensor with possibly 0 "
                           "batch size and other non-zero dimensions for input, but got: "
                           f"{shape}")


def _check_out_sizes(shape, ndim, n, out):
    if any(o < 0 for o in out):
        full = shape[:ndim - n] + out
        bad = next(o for o in out if o < 0)
        raise RuntimeError(f"Trying to create tensor with negative dimension {bad}: {full}")


def _replication_pad(input, pad):
    n = len(pad) // 2
    shape = list(input.shape)
    ndim = input.dim()
    _check_batch_mode(input, n)
    sizes = shape[ndim - n:]
    out = [sizes[k] + pad[2 * (n - 1 - k)] + pad[2 * (n - 1 - k) + 1] for k in range(n)]
    if n == 1 and out[0] < 1:
        raise RuntimeError(f"input (W: {sizes[0]}) is too small. Calculated output W: {out[0]}")
    if n == 2 and all(o < 1 for o in out):
        raise RuntimeError(f"input (H: {sizes[0]}, W: {sizes[1]} ) is too small. Calculated "
                           f"output H: {out[0]} W: {out[1]}")
    if n == 3 and all(o < 1 for o in out):
        raise RuntimeError(f"input (D: {sizes[0]} H: {sizes[1]}, W: {sizes[2]}) is too small. "
                           f"Calculated output D: {out[0]} H: {out[1]} W: {out[2]}")
    _check_pad_dtype(input, f"replication_pad{n}d_cpu", (_C.float32, _C.float64))
    _check_out_sizes(shape, ndim, n, out)
    return _pad_nonconstant(input, pad, "replicate")


def _circular_pad(input, pad):
    n = len(pad) // 2
    shape = list(input.shape)
    if len(pad) + 4 != 2 * len(shape):
        raise RuntimeError(f"Invalid padding size, expected {2 * (len(shape) - 2)} but got "
                           f"{len(pad)}")
    for i in reversed(range(n)):  # the first padded dim first
        left, right = pad[2 * i], pad[2 * i + 1]
        size = shape[-1 - i]
        if not (left <= size and right <= size):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        if size + left + right < 0:
            raise RuntimeError("Negative padding value is resulting in an empty dimension")
    return _pad_nonconstant(input, pad, "circular")


def _constant_pad_nd(input, pad, value):
    """ember's constant_pad_nd as one node, PyTorch's (its backward: the gradient cropped back,
    by the same function, as PyTorch's)."""
    return _single_node("ConstantPadNdBackward0", [input],
                        lambda x: _F.constant_pad_nd(x, pad, value),
                        lambda grad, needs: (_constant_pad_nd(grad, [-p for p in pad], 0),),
                        save=False)


def pad(input, pad, mode="constant", value=None):
    """Pads the trailing dims of input: pad = (left, right) for the last dim, then (top,
    bottom) for the one before, ... (negative amounts crop). mode 'constant' fills with value
    (0 by default); 'reflect' mirrors the input at its edges (without repeating the edge),
    'replicate' repeats the edge, 'circular' wraps around; these pad the last 1, 2 or 3 dims of
    a 2-5-d input, as PyTorch's."""
    pad = _int_list(pad, "pad", "pad", 2)
    if mode not in _PAD_MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    if len(pad) % 2 != 0:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) > input.dim() * 2:
        raise RuntimeError("Padding length too large")
    if mode == "constant":
        return _constant_pad_nd(input, pad, 0 if value is None else value)
    if value is not None and value != 0:
        raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
    ndim = input.dim()
    if (len(pad) == 2 and ndim in (2, 3)) or (len(pad) == 4 and ndim in (3, 4)) or \
            (len(pad) == 6 and ndim in (4, 5)):
        if mode == "reflect":
            return _reflection_pad(input, pad)
        if mode == "replicate":
            return _replication_pad(input, pad)
        return _circular_pad(input, pad)
    raise NotImplementedError("Only 2D, 3D, 4D, 5D padding with non-constant padding are "
                              "supported for now")


# ---- pixel shuffle, interpolation

pixel_shuffle = _pixel_shuffle
pixel_unshuffle = _pixel_unshuffle


def _f32(x):
    """x rounded to float32 (C++'s float arithmetic, step by step)."""
    return _struct.unpack("f", _struct.pack("f", x))[0]


def _keep(x):
    return x


def _nearest_index(in_size, out_size, scale, exact, double):
    """ATen's nearest source indices (upsample_nearest*d, _upsample_nearest_exact*d):
    floor(i * s) or floor((i + 0.5) * s), s = 1 / scale_factor (or in / out without one), in
    float (double for double input, rounded to float before the floor)."""
    s = 1.0 / scale if scale is not None and scale > 0 else in_size / out_size
    if not double:
        s = _f32(s)
    if exact:
        return [min(_math.floor(_f32((i + 0.5) * s)), in_size - 1) for i in range(out_size)]
    return [min(_math.floor(_f32(i * s)), in_size - 1) for i in range(out_size)]


def _nearest_backward_index(in_size, out_size, scale, exact):
    """The indices ATen's nearest backward kernels scatter the gradient to (nearest_idx,
    nearest_exact_idx): float arithmetic whatever the dtype, and for 'nearest' the shortcuts
    out == in (identity) and out == 2 * in (i // 2), which the forward does not take."""
    s = _f32(1.0 / scale if scale is not None and scale > 0 else in_size / out_size)
    if exact:
        return [min(_math.floor(_f32((i + 0.5) * s)), in_size - 1) for i in range(out_size)]
    if out_size == in_size:
        return list(range(out_size))
    if out_size == 2 * in_size:
        return [i >> 1 for i in range(out_size)]
    return [min(_math.floor(_f32(i * s)), in_size - 1) for i in range(out_size)]


class _NearestDim(_Function):
    """index_select along dim whose backward scatters to PyTorch's backward indices (which are
    not always the forward's)."""

    @staticmethod
    def forward(ctx, input, dim, forward_index, backward_index):
        ctx.dim, ctx.size, ctx.index = dim, input.shape[dim], backward_index
        return input.index_select(dim, forward_index)

    @staticmethod
    def backward(ctx, grad):
        shape = list(grad.shape)
        shape[ctx.dim] = ctx.size
        return grad.new_zeros(shape).index_add(ctx.dim, ctx.index, grad), None, None, None


def _area_scale(in_size, out_size, align_corners, scale, rnd):
    """ATen's area_pixel_compute_scale."""
    if align_corners:
        return rnd((in_size - 1) / (out_size - 1)) if out_size > 1 else 0.0
    return rnd(1.0 / scale) if scale is not None and scale > 0 else rnd(in_size / out_size)


def _linear_taps(in_size, out_size, align_corners, scale, double):
    """ATen's compute_source_index_and_lambda: two source indices and their weights per output
    index (the source position computed in double, the weights in the input's precision)."""
    if in_size == out_size:
        ids = list(range(out_size))
        return [ids, ids], [[1.0] * out_size, [0.0] * out_size]
    rnd = _keep if double else _f32
    ratio = _area_scale(in_size, out_size, align_corners, scale, rnd)
    i0, i1, w0, w1 = [], [], [], []
    for i in range(out_size):
        if align_corners:
            real = ratio * i
        else:
            real = max(ratio * (i + 0.5) - 0.5, 0.0)
        k = int(real)
        i0.append(k)
        i1.append(k + 1 if k < in_size - 1 else k)
        lam = rnd(real - k)
        w1.append(lam)
        w0.append(rnd(1.0 - lam))
    return [i0, i1], [w0, w1]


def _cubic_taps(in_size, out_size, align_corners, scale, double):
    """ATen's bicubic source indices (clamped to the input) and weights (A = -0.75)."""
    rnd = _keep if double else _f32
    ratio = _area_scale(in_size, out_size, align_corners, scale, rnd)
    a = -0.75
    ids = [[], [], [], []]
    ws = [[], [], [], []]

    def conv1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def conv2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    for i in range(out_size):
        if align_corners:
            real = rnd(ratio * i)
        else:
            real = rnd(rnd(ratio * rnd(i + 0.5)) - 0.5)
        k = _math.floor(real)
        t = rnd(real - k)
        coeffs = (conv2(t + 1.0), conv1(t), conv1(1.0 - t), conv2(2.0 - t))
        for j in range(4):
            ids[j].append(min(max(k - 1 + j, 0), in_size - 1))
            ws[j].append(rnd(coeffs[j]))
    return ids, ws


def _gather_dim(x, dim, ids, ws):
    """sum_j x[..., ids[j], ...] * ws[j] along dim (ws None: the one tap unweighted)."""
    shape = [1] * x.dim()
    shape[dim] = len(ids[0])
    out = None
    for j, idx in enumerate(ids):
        t = x.index_select(dim, _F.tensor(idx, dtype=_C.int64))
        if ws is not None:
            t = t * _F.tensor(ws[j], dtype=x.dtype).reshape(shape)
        out = t if out is None else out + t
    return out


_UPSAMPLE_KERNELS = {
    # mode: (kernel names by spatial rank, the dtypes it takes)
    "nearest": (("compute_indices_weights_nearest", "upsample_nearest2d_channels_last",
                 "upsample_nearest3d_channels_last"),
                (_C.float32, _C.float64, _C.bfloat16, _C.uint8)),
    "nearest-exact": (("compute_indices_weights_nearest", "upsample_nearest2d_channels_last",
                       "upsample_nearest3d_channels_last"),
                      (_C.float32, _C.float64, _C.uint8)),
    "linear": (("compute_indices_weights_linear",) * 3, (_C.float32, _C.float64, _C.bfloat16)),
    "bilinear": (("", "upsample_bilinear2d_channels_last", ""),
                 (_C.float32, _C.float64, _C.bfloat16)),
    "trilinear": (("", "", "upsample_trilinear3d_channels_last"),
                  (_C.float32, _C.float64, _C.bfloat16)),
    "bicubic": (("", "compute_indices_weights_cubic", ""), (_C.float32, _C.float64, _C.bfloat16)),
}


def _upsample(input, mode, output_size, scale_factors, align_corners=False):
    """ATen's upsample_{nearest,linear,bilinear,trilinear,bicubic}*d: their size checks and
    index rules, computed dim by dim with index_select (so the gradient flows)."""
    k = input.dim() - 2
    in_sizes = list(input.shape[2:])
    if output_size is None:
        output_size = [int(_math.floor(float(s) * f)) for s, f in zip(in_sizes, scale_factors)]
    else:
        output_size = [int(s) for s in output_size]
    names = ("D", "H", "W")[3 - k:]
    if not all(s > 0 for s in in_sizes + output_size):
        given_in = ", ".join(f"{n}: {s}" for n, s in zip(names, in_sizes))
        given_out = ", ".join(f"{n}: {s}" for n, s in zip(names, output_size))
        joint = ") and output (" if k == 1 else ") output ("
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({given_in}{joint}{given_out})")
    shape = list(input.shape)
    if not (input.numel() != 0 or all(s != 0 for s in shape[1:])):
        raise RuntimeError(f"Non-empty {k + 2}D data tensor expected but got a tensor with sizes "
                           f"{shape}")
    kernels, dtypes = _UPSAMPLE_KERNELS[mode]
    if input.dtype not in dtypes:
        from .._functions import _scalar_type_name

        raise RuntimeError(f'"{kernels[k - 1]}" not implemented for '
                           f"'{_scalar_type_name(input.dtype)}'")
    double = input.dtype == _C.float64
    scales = scale_factors if scale_factors is not None else [None] * k
    x = input
    changed = False
    for d in reversed(range(k)):
        dim = d + 2
        in_size, out_size, scale = in_sizes[d], output_size[d], scales[d]
        if mode in ("nearest", "nearest-exact"):
            exact = mode == "nearest-exact"
            idx = _nearest_index(in_size, out_size, scale, exact, double)
            back = _nearest_backward_index(in_size, out_size, scale, exact)
            if idx == back:
                if idx == list(range(in_size)):
                    continue
                x = _gather_dim(x, dim, [idx], None)
            else:
                x = _NearestDim.apply(x, dim, _F.tensor(idx, dtype=_C.int64),
                                      _F.tensor(back, dtype=_C.int64))
        elif mode == "bicubic":
            ids, ws = _cubic_taps(in_size, out_size, align_corners, scale, double)
            x = _gather_dim(x, dim, ids, ws)
        else:
            ids, ws = _linear_taps(in_size, out_size, align_corners, scale, double)
            x = _gather_dim(x, dim, ids, ws)
        changed = True
    return x if changed else x.clone()


def _adaptive_avg_pool3d(input, output_size):
    """Adaptive average pooling over the last three dims: the windows are products of
    per-dim ranges, so it is pooled over (H, W), then over D."""
    od, oh, ow = output_size
    batched = input.dim() == 5
    x = input if batched else input.unsqueeze(0)
    n, c, d, h, w = x.shape
    y = adaptive_avg_pool2d(x.reshape(n, c * d, h, w), (oh, ow))
    y = adaptive_avg_pool2d(y.reshape(n * c, 1, d, oh * ow), (od, oh * ow))
    y = y.reshape(n, c, od, oh, ow)
    return y if batched else y.squeeze(0)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resizes the spatial dims of (N, C, d1, ...) input to size, or by scale_factor: mode
    'nearest' | 'nearest-exact' | 'linear' (3-d input) | 'bilinear' | 'bicubic' (4-d) |
    'trilinear' (5-d) | 'area' (adaptive average pooling), with PyTorch's index rules
    (align_corners for the interpolating modes)."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    else:
        if align_corners is None:
            align_corners = False

    dim = input.dim() - 2  # the number of spatial dims
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    elif size is not None:
        scale_factors = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input.shape[2:])} and output size of "
                    f"{size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format and "
                    "output size in (o1, o2, ...,oK) format.")
            output_size = size
        else:
            output_size = [size for _ in range(dim)]
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {list(input.shape[2:])} and "
                    f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, "
                    "C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
            scale_factors = scale_factor
        else:
            scale_factors = [scale_factor for _ in range(dim)]
    else:
        raise ValueError("either size or scale_factor should be defined")

    if recompute_scale_factor is not None and recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor is not None and recompute_scale_factor:
        output_size = [int(_math.floor(float(input.size(i + 2)) * scale_factors[i]))
                       for i in range(dim)]
        scale_factors = None
    if output_size is not None:
        for s in output_size:
            if isinstance(s, bool) or not isinstance(s, int):
                raise TypeError(f"interpolate(): the output size must be ints, got {output_size}")
    if scale_factors is not None:
        scale_factors = [float(f) for f in scale_factors]

    if antialias and not (mode in ("bilinear", "bicubic") and input.dim() == 4):
        raise ValueError("Anti-alias option is only supported for bilinear and bicubic modes")
    if antialias:
        raise NotImplementedError("ember's interpolate does not implement antialias=True")
    ndim = input.dim()
    if ndim in (3, 4, 5) and mode in ("nearest", "nearest-exact"):
        return _upsample(input, mode, output_size, scale_factors)
    if ndim in (3, 4, 5) and mode == "area":
        if ndim == 3:
            return adaptive_avg_pool1d(input, output_size)
        if ndim == 4:
            return adaptive_avg_pool2d(input, output_size)
        return _adaptive_avg_pool3d(input, output_size)
    if (ndim, mode) in ((3, "linear"), (4, "bilinear"), (5, "trilinear"), (4, "bicubic")):
        return _upsample(input, mode, output_size, scale_factors, align_corners)
    if ndim == 3 and mode == "bilinear":
        raise NotImplementedError("Got 3D input, but bilinear mode needs 4D input")
    if ndim == 3 and mode == "trilinear":
        raise NotImplementedError("Got 3D input, but trilinear mode needs 5D input")
    if ndim == 4 and mode == "linear":
        raise NotImplementedError("Got 4D input, but linear mode needs 3D input")
    if ndim == 4 and mode == "trilinear":
        raise NotImplementedError("Got 4D input, but trilinear mode needs 5D input")
    if ndim == 5 and mode == "linear":
        raise NotImplementedError("Got 5D input, but linear mode needs 3D input")
    if ndim == 5 and mode == "bilinear":
        raise NotImplementedError("Got 5D input, but bilinear mode needs 4D input")
    raise NotImplementedError(
        "Input Error: Only 3D, 4D and 5D input Tensors supported (got {}D) for the modes: nearest "
        "| linear | bilinear | bicubic | trilinear | area | nearest-exact (got {})".format(
            input.dim(), mode))


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated: interpolate(input, size, scale_factor, mode, align_corners)."""
    warnings.warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.")
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(..., mode='nearest')."""
    warnings.warn("nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate "
                  "instead.")
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(..., mode='bilinear', align_corners=True)."""
    warnings.warn("nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate "
                  "instead.")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p over dim, eps)."""
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    if out is None:
        return input / denom
    return _F.div(input, denom, out=out)


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """The cosine of the angle between x1 and x2 along dim."""
    w12 = (x1 * x2).sum(dim)
    w1 = (x1 * x1).sum(dim)
    w2 = (x2 * x2).sum(dim)
    n12 = (w1 * w2).clamp_min(eps * eps).sqrt()
    return w12 / n12


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """The p-norm of x1 - x2 + eps along the last dim."""
    return (x1 - x2 + eps).norm(p, -1, keepdim=keepdim)


# ---- activations

def relu(input, inplace=False):
    """max(input, 0) element-wise."""
    return input.relu_() if inplace else _F.relu(input)


def relu_(input):
    return input.relu_()


def _leaky_relu_backward(grad, x, negative_slope):
    return _with_zero_gradient(_F.where(x > 0, grad, grad * negative_slope), x)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input where positive, input * negative_slope elsewhere."""
    _check_kernel_dtype(input, "leaky_relu", _FLOATING)

    def compute(x):
        return _F.where(x > 0, x, x * negative_slope)

    if not inplace:
        return _single_node("LeakyReluBackward0", [input], compute, lambda grad, needs, x: (
            _leaky_relu_backward(grad, x, negative_slope),))

    def backward(grad, needs, result):
        if negative_slope < 0:
            raise RuntimeError(
                "In-place leakyReLu backward calculation is triggered with a negative slope which "
                "is not supported. This is caused by calling in-place forward function with a "
                "negative slope, please call out-of-place version instead. File an issue at "
                "https://github.com/pytorch/pytorch if you do require supporting in-place "
                "leakRelu backward calculation with negative slope")
        return (_leaky_relu_backward(grad, result, negative_slope),)

    return _single_node("LeakyReluBackward1", [input], compute, backward, inplace="result")


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)


def _elu_backward(grad, x, alpha, scale, input_scale):
    """PyTorch's elu_backward of the input: grad * scale where x > 0, grad * input_scale * alpha
    * scale * exp(x * input_scale) elsewhere; its derivative in x is elu_double_backward's (0 at
    x == 0)."""
    e = (_kink(x, lambda v: v < 0, lambda v: v.clamp_max(0)) * input_scale).exp()
    return _F.where(x <= 0, grad * input_scale * (alpha * scale) * e, grad * scale)


def _elu(name, input, alpha, scale, input_scale, compute, inplace):
    """The node of elu, selu and celu: PyTorch's elu(input, alpha, scale, input_scale)."""
    _check_kernel_dtype(input, "elu", _FLOATING)
    if not inplace:
        return _single_node(name + "0", [input], compute, lambda grad, needs, x: (
            _elu_backward(grad, x, alpha, scale, input_scale),))

    def backward(grad, needs, x, result):
        if alpha < 0:
            raise RuntimeError(
                "In-place elu backward calculation is triggered with a negative slope which is not "
                "supported. This is caused by calling in-place forward function with a negative "
                "slope, please call out-of-place version instead.")
        if _F.is_grad_enabled():
            # recorded (create_graph): the result again, from the input, through its history (its
            # derivative, as PyTorch's, only where the result is negative)
            result = compute(_kink(x, lambda v: v < 0))
        # PyTorch's formula of the result
        return (_F.where(result <= 0, grad * input_scale * (result + alpha * scale),
                         grad * scale),)

    # PyTorch's node keeps the result; this one also a copy of the input, for second derivatives
    return _single_node(name + "1", [input], compute, backward, inplace="original", guard=True)


def elu(input, alpha=1.0, inplace=False):
    """input where positive, alpha * (exp(input) - 1) elsewhere."""
    return _elu("EluBackward", input, alpha, 1.0, 1.0,
                lambda x: _F.where(x > 0, x, (x.exp() - 1) * alpha), inplace)


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace=False):
    """scale * elu(input, alpha) with SELU's constants."""
    return _elu("EluBackward", input, _SELU_ALPHA, _SELU_SCALE, 1.0, lambda x: _F.where(
        x > 0, x * _SELU_SCALE, (x.exp() - 1) * (_SELU_ALPHA * _SELU_SCALE)), inplace)


def selu_(input):
    return selu(input, True)


def celu(input, alpha=1.0, inplace=False):
    """input where positive, alpha * (exp(input / alpha) - 1) elsewhere."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    inverse = 1.0 / alpha
    return _elu("CeluBackward", input, alpha, 1.0, inverse,
                lambda x: _F.where(x > 0, x, ((x * inverse).exp() - 1) * alpha), inplace)


def celu_(input, alpha=1.0):
    return celu(input, alpha, True)


def gelu(input, approximate="none"):
    """The Gaussian error linear unit ('none': exact, 'tanh': the tanh approximation)."""
    return _F.gelu(input, approximate=approximate)


def _silu_backward(grad, needs, x):
    s = x.sigmoid()
    return (grad * s * (1 + x * (1 - s)),)


def silu(input, inplace=False):
    """input * sigmoid(input)."""
    if inplace:
        return _single_node("SiluBackward0", [input], _F.silu, _silu_backward, inplace="original")
    return _F.silu(input)


def mish(input, inplace=False):
    """input * tanh(softplus(input))."""
    _check_kernel_dtype(input, "mish", (_C.float32, _C.float64))
    kept = []  # tanh(softplus(input)) from the forward pass, for a backward not recorded

    def compute(x):
        kept.append(_softplus(x, 1, 20).tanh())
        return x * kept[0]

    def backward(grad, needs, x):
        # PyTorch's infinitely differentiable mish backward; recorded (create_graph), with its
        # tanh(softplus(x)) computed again through softplus's node
        tanh_softplus = softplus(x).tanh() if _F.is_grad_enabled() else kept[0]
        return (grad * (tanh_softplus + x * x.sigmoid() * (1 - tanh_softplus * tanh_softplus)),)

    return _single_node("MishBackward0", [input], compute, backward,
                        inplace="original" if inplace else None)


def sigmoid(input):
    """The logistic sigmoid element-wise."""
    return _F.sigmoid(input)


def tanh(input):
    """The hyperbolic tangent element-wise."""
    return _F.tanh(input)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """input clamped to [min_val, max_val]."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype == _C.bool:
        raise RuntimeError("Bool inputs not supported for hardtanh")

    def compute(x):
        result = x.clamp(min_val, max_val)
        return result if result.dtype == x.dtype else result.to(x.dtype)

    def backward(grad, needs, x):
        return (_with_zero_gradient(_F.where((x <= min_val) | (x >= max_val), 0.0, grad), x),)

    return _single_node("HardtanhBackward0", [input], compute, backward,
                        inplace="original" if inplace else None)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def relu6(input, inplace=False):
    """input clamped to [0, 6]."""
    return hardtanh(input, 0.0, 6.0, inplace)


_ONE_SIXTH = _f32(1.0 / 6)


def _hardsigmoid_backward(grad, needs, x):
    # PyTorch's 1 / 6 is a float's, for double too
    return (_with_zero_gradient(_F.where((x > -3) & (x < 3), grad * _ONE_SIXTH, 0.0), x),)


def hardsigmoid(input, inplace=False):
    """(input + 3) clamped to [0, 6], divided by 6."""
    _check_kernel_dtype(input, "hardsigmoid", _FLOATING)
    return _single_node("HardsigmoidBackward0", [input], lambda x: (x + 3).clamp(0, 6) / 6,
                        _hardsigmoid_backward, inplace="original" if inplace else None)


def _hardswish_backward(grad, needs, x):
    inner = _kink(x, lambda v: (v > -3) & (v < 3))
    return (_F.where(x < -3, 0.0, _F.where(x <= 3, grad * (inner / 3 + 0.5), grad)),)


def hardswish(input, inplace=False):
    """input * hardsigmoid(input)."""
    _check_kernel_dtype(input, "hardswish", _FLOATING)
    return _single_node("HardswishBackward0", [input], lambda x: x * (x + 3).clamp(0, 6) / 6,
                        _hardswish_backward, inplace="original" if inplace else None)


def _softplus(x, beta, threshold):
    if beta == 1:
        return _F.where(x > threshold, x, x.exp().log1p())
    scaled = x * beta
    return _F.where(scaled > threshold, x, scaled.exp().log1p() / beta)


def softplus(input, beta=1, threshold=20):
    """log(1 + exp(beta * input)) / beta, input itself where beta * input > threshold."""
    _check_kernel_dtype(input, "softplus", _FLOATING)

    def backward(grad, needs, x):
        # grad * z / (z + 1), z = exp(beta * x), below the threshold: grad * sigmoid(beta * x)
        scaled = x if beta == 1 else x * beta
        z = _kink(scaled, lambda v: v < threshold).sigmoid()
        return (_F.where(scaled > threshold, grad, grad * z),)

    return _single_node("SoftplusBackward0", [input], lambda x: _softplus(x, beta, threshold),
                        backward)


def softsign(input):
    """input / (1 + |input|)."""
    return input / (input.abs() + 1)


def _logsigmoid_backward(grad, needs, x):
    # PyTorch's grad * (x < 0 ? 1 - z / (1 + z) : z / (1 + z)), z = exp(-|x|): grad * sigmoid(-x)
    return (grad * (-x).sigmoid(),)


def logsigmoid(input):
    """log(sigmoid(input)), computed stably: min(input, 0) - log1p(exp(-|input|))."""
    _check_kernel_dtype(input, "log_sigmoid", _FLOATING)
    return _single_node("LogSigmoidBackward0", [input],
                        lambda x: x.clamp_max(0) - (-x.abs()).exp().log1p(), _logsigmoid_backward)


def tanhshrink(input):
    """input - tanh(input)."""
    return input - input.tanh()


_THRESHOLD_DTYPES = (_C.uint8, _C.int8, _C.int16, _C.int32, _C.int64) + _FLOATING


def _threshold(input, limit, value, inplace):
    _check_kernel_dtype(input, "threshold", _THRESHOLD_DTYPES)
    return _single_node(
        "ThresholdBackward1" if inplace else "ThresholdBackward0", [input],
        lambda x: _F.where(x <= limit, _F.full_like(x, value), x),
        lambda grad, needs, x: (_with_zero_gradient(_F.where(x <= limit, 0.0, grad), x),),
        inplace="original" if inplace else None)


def threshold(input, threshold, value, inplace=False):
    """input where input > threshold, value elsewhere."""
    return _threshold(input, threshold, value, inplace)


def threshold_(input, threshold, value):
    return _threshold(input, threshold, value, True)


def _glu_backward(grad, needs, x, dim, half):
    a, b = x.narrow(dim, 0, half), x.narrow(dim, half, half)
    s = b.sigmoid()
    first = grad * s
    return (_F.cat([first, first * a * (1 - s)], dim),)


def glu(input, dim=-1):
    """a * sigmoid(b), a and b the halves of input along dim."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    size = input.size(dim)
    if size % 2 != 0:
        raise RuntimeError(f"Halving dimension must be even, but dimension "
                           f"{dim % input.dim()} is size {size}")
    _check_kernel_dtype(input, "glu", _FLOATING)
    half = size // 2
    return _single_node(
        "GluBackward0", [input],
        lambda x: x.narrow(dim, 0, half) * x.narrow(dim, half, half).sigmoid(),
        lambda grad, needs, x: _glu_backward(grad, needs, x, dim, half))


def _softmax_dim(name, ndim, stacklevel):
    warnings.warn("Implicit dimension choice for {} has been deprecated. Change the call to "
                  "include dim=X as an argument.".format(name), stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """exp(input) / exp(input).sum(dim), computed stably."""
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    return _F.softmax(input, dim, dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(-input)."""
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    return _F.softmax(-input, dim, dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """log(softmax(input, dim)), computed stably."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _F.log_softmax(input, dim, dtype=dtype)


# ---- losses

def mse_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """The mean squared error (input and target broadcast, with PyTorch's warning)."""
    _warn_size_mismatch(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    expanded_input, expanded_target = broadcast_tensors(input, target)
    return _nn.mse_loss(expanded_input, expanded_target, _reduction_enum(reduction))


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """The mean absolute error."""
    _warn_size_mismatch(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    expanded_input, expanded_target = broadcast_tensors(input, target)
    return _nn.l1_loss(expanded_input, expanded_target, _reduction_enum(reduction))


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 (x - t)^2 / beta where |x - t| < beta, |x - t| - 0.5 beta elsewhere."""
    _warn_size_mismatch(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    return _nn.smooth_l1_loss(input, target, _reduction_enum(reduction), beta)


def _huber_loss_backward(grad, needs, input, target, reduction, delta):
    """PyTorch's huber_loss_backward: grad * norm * (x - t) clamped to [-delta, delta] (norm: 1
    / numel for the mean); the target's: the same with x and t swapped."""
    norm = 1.0 if reduction != 1 else 1.0 / input.numel() if input.numel() else _math.inf

    def of(a, b):
        x = a - b
        return _F.where(x <= -delta, -norm * grad * delta,
                        _F.where(x >= delta, norm * grad * delta, norm * x * grad))

    return (of(input, target) if needs[0] else None, of(target, input) if needs[1] else None)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 (x - t)^2 where |x - t| < delta, delta (|x - t| - 0.5 delta) elsewhere."""
    _warn_size_mismatch(input, target)
    input, target = broadcast_tensors(input, target)
    code = _reduction_enum(reduction)
    if not delta > 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _check_kernel_dtype(input, "huber", _FLOATING + (_C.float16,))

    def compute(input, target):
        z = (input - target).abs()
        loss = _F.where(z < delta, z * z * 0.5, (z - 0.5 * delta) * delta)
        return loss if code == 0 else loss.mean() if code == 1 else loss.sum()

    return _single_node("HuberLossBackward0", [input, target], compute,
                        lambda grad, needs, input, target: _huber_loss_backward(
                            grad, needs, input, target, code, delta))


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """The cross entropy of logits (N, C, ...) with class indices or class probabilities."""
    reduction = _reduction(size_average, reduce, reduction)
    return _nn.cross_entropy_loss(input, target, weight, _reduction_enum(reduction), ignore_index,
                                  label_smoothing)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """The negative log likelihood of log-probabilities (N, C, ...) and class indices."""
    reduction = _reduction(size_average, reduce, reduction)
    return _nn.nll_loss_nd(input, target, weight, _reduction_enum(reduction), ignore_index)


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """The binary cross entropy of probabilities and targets of the same size."""
    reduction = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(
            "Using a target size ({}) that is different to the input size ({}) is deprecated. "
            "Please ensure they have the same size.".format(target.size(), input.size()))
    if weight is not None:
        weight = weight.expand(broadcast_shapes(target.size(), weight.size()))
    return _nn.binary_cross_entropy(input, target, weight, _reduction_enum(reduction))


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """The binary cross entropy of sigmoid(input) and target, computed stably from the logits;
    pos_weight weighs the positive examples."""
    reduction = _reduction(size_average, reduce, reduction)
    if not (target.size() == input.size()):
        raise ValueError("Target size ({}) must be the same as input size ({})".format(
            target.size(), input.size()))
    return _F.binary_cross_entropy_with_logits(input, target, weight, pos_weight,
                                               _reduction_enum(reduction))


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """The Kullback-Leibler divergence of target from input (log-probabilities)."""
    if size_average is not None or reduce is not None:
        reduction_enum = _reduction_enum(_legacy_reduction(size_average, reduce))
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the support "
                "size.'batchmean' divides only by the batch size, and aligns with the KL div "
                "math definition.'mean' will be changed to behave the same as 'batchmean' in the "
                "next major release.")
        reduction_enum = 2 if reduction == "batchmean" else _reduction_enum(reduction)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        loss = _F.where(target > 0, target * target.log(), target.new_zeros(())) - target * input
    reduced = loss if reduction_enum == 0 else loss.mean() if reduction_enum == 1 else loss.sum()
    if reduction == "batchmean" and input.dim() != 0:
        reduced = reduced / input.size()[0]
    return reduced
