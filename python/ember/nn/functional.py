"""ember.nn.functional: the functions behind ember.nn's layers, as torch.nn.functional's (the
same arguments, checks, warnings and messages).

Where ember's C++ has the op (linear, conv2d, pooling, normalization, embedding, dropout, the
losses), it runs it; the other activations and losses are written here from ember's tensor ops
with PyTorch's formulas (their values are PyTorch's; their grad_fn names are those of the ops
they are made of).
"""
import warnings

from .. import _C
from .._functions import broadcast_shapes, broadcast_tensors

_F = _C._VariableFunctions
_nn = _C._nn

__all__ = [
    "linear", "bilinear", "conv1d", "conv2d", "conv_transpose2d", "max_pool1d", "max_pool2d", "avg_pool1d",
    "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "dropout", "dropout1d",
    "dropout2d", "batch_norm", "layer_norm", "group_norm", "embedding", "one_hot", "pad",
    "normalize", "cosine_similarity", "pairwise_distance",
    "relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "celu",
    "gelu", "silu", "mish", "sigmoid", "tanh", "hardtanh", "hardtanh_", "hardsigmoid",
    "hardswish", "softplus", "softsign", "logsigmoid", "tanhshrink", "threshold", "glu",
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


def _apply_reduction(loss, reduction):
    """A loss computed element-wise, reduced as reduction says."""
    code = _reduction_enum(reduction)
    return loss if code == 0 else loss.mean() if code == 1 else loss.sum()


def _warn_size_mismatch(input, target):
    if not (target.size() == input.size()):
        warnings.warn(
            "Using a target size ({}) that is different to the input size ({}). "
            "This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.".format(target.size(), input.size()),
            stacklevel=3,
        )


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
    padding = padding if isinstance(padding, str) else (0,) + _single(padding)
    out = _F.conv2d(input.unsqueeze(2), weight.unsqueeze(2), bias, (1,) + _single(stride),
                    padding, (1,) + _single(dilation), groups).squeeze(2)
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


def pad(input, pad, mode="constant", value=None):
    """Pads the trailing dims: pad = (left, right, top, bottom, ...); constant mode only."""
    if mode != "constant":
        raise NotImplementedError(f"ember's pad has only mode 'constant', not '{mode}'")
    return _F.constant_pad_nd(input, pad, 0 if value is None else value)


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


def _where_positive(input, negative, inplace):
    result = _F.where(input > 0, input, negative)
    return input.copy_(result) if inplace else result


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """input where positive, input * negative_slope elsewhere."""
    return _where_positive(input, input * negative_slope, inplace)


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)


def elu(input, alpha=1.0, inplace=False):
    """input where positive, alpha * (exp(input) - 1) elsewhere."""
    return _where_positive(input, (input.exp() - 1) * alpha, inplace)


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace=False):
    """scale * elu(input, alpha) with SELU's constants."""
    result = _F.where(input > 0, input * _SELU_SCALE,
                      (input.exp() - 1) * (_SELU_ALPHA * _SELU_SCALE))
    return input.copy_(result) if inplace else result


def celu(input, alpha=1.0, inplace=False):
    """input where positive, alpha * (exp(input / alpha) - 1) elsewhere."""
    return _where_positive(input, ((input * (1.0 / alpha)).exp() - 1) * alpha, inplace)


def gelu(input, approximate="none"):
    """The Gaussian error linear unit ('none': exact, 'tanh': the tanh approximation)."""
    return _F.gelu(input, approximate=approximate)


def silu(input, inplace=False):
    """input * sigmoid(input)."""
    result = _F.silu(input)
    return input.copy_(result) if inplace else result


def mish(input, inplace=False):
    """input * tanh(softplus(input))."""
    result = input * softplus(input).tanh()
    return input.copy_(result) if inplace else result


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
    return input.clamp_(min_val, max_val) if inplace else input.clamp(min_val, max_val)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def relu6(input, inplace=False):
    """input clamped to [0, 6]."""
    return hardtanh(input, 0.0, 6.0, inplace)


def hardsigmoid(input, inplace=False):
    """(input + 3) clamped to [0, 6], divided by 6."""
    result = (input + 3).clamp(0, 6) / 6
    return input.copy_(result) if inplace else result


def hardswish(input, inplace=False):
    """input * hardsigmoid(input)."""
    result = input * (input + 3).clamp(0, 6) / 6
    return input.copy_(result) if inplace else result


def softplus(input, beta=1, threshold=20):
    """log(1 + exp(beta * input)) / beta, input itself where beta * input > threshold."""
    scaled = input * beta
    return _F.where(scaled > threshold, input, scaled.exp().log1p() / beta)


def softsign(input):
    """input / (1 + |input|)."""
    return input / (input.abs() + 1)


def logsigmoid(input):
    """log(sigmoid(input)), computed stably: min(input, 0) - log1p(exp(-|input|))."""
    return input.clamp_max(0) - (-input.abs()).exp().log1p()


def tanhshrink(input):
    """input - tanh(input)."""
    return input - input.tanh()


def threshold(input, threshold, value, inplace=False):
    """input where input > threshold, value elsewhere."""
    result = _F.where(input > threshold, input, _F.full_like(input, value))
    return input.copy_(result) if inplace else result


def glu(input, dim=-1):
    """a * sigmoid(b), a and b the halves of input along dim."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    a, b = input.chunk(2, dim)
    return a * b.sigmoid()


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


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 (x - t)^2 where |x - t| < delta, delta (|x - t| - 0.5 delta) elsewhere."""
    _warn_size_mismatch(input, target)
    z = (input - target).abs()
    loss = _F.where(z < delta, z * z * 0.5, (z - 0.5 * delta) * delta)
    return _apply_reduction(loss, reduction)


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
