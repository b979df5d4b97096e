"""Module functions PyTorch writes in Python (torch/functional.py, torch/random.py, ...)."""
from . import _C
from ._tensor import Tensor

__all__ = [
    "bitwise_left_shift",
    "bitwise_right_shift",
    "broadcast_shapes",
    "broadcast_tensors",
    "einsum",
    "get_rng_state",
    "initial_seed",
    "is_tensor",
    "isclose",
    "manual_seed",
    "movedim",
    "moveaxis",
    "norm",
    "pixel_shuffle",
    "pixel_unshuffle",
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


def _broadcast_two(a, b, message):
    """The broadcast of shapes a and b (lists); message(i, size_a, size_b) words the error."""
    ndim = max(len(a), len(b))
    a = [1] * (ndim - len(a)) + a
    b = [1] * (ndim - len(b)) + b
    for i in range(ndim):
        if a[i] != b[i] and a[i] != 1 and b[i] != 1:
            raise RuntimeError(message(i, a[i], b[i]))
    return [y if x == 1 else x for x, y in zip(a, b)]


def broadcast_shapes(*shapes):
    """The shape tensors of these shapes broadcast to (PyTorch's error when they cannot)."""
    result = []
    for shape in shapes:
        shape = [shape] if isinstance(shape, int) else list(shape)
        for size in shape:
            if size < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {size}: "
                                   f"{shape}")
        result = _broadcast_two(result, shape, lambda i, x, y: (
            "Shape mismatch: objects cannot be broadcast to a single shape"))
    return _C.Size(result)


def broadcast_tensors(*tensors):
    """The tensors expanded to their common broadcast shape: views, or the tensor itself where its
    shape is that shape already (as PyTorch returns it)."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    shape = []
    for t in tensors:
        shape = _broadcast_two(shape, list(t.shape), lambda i, x, y: (
            f"The size of tensor a ({x}) must match the size of tensor b ({y}) at non-singleton "
            f"dimension {i}"))
    return tuple(t if list(t.shape) == shape else t.expand(shape) for t in tensors)


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


# ---- einsum (torch.functional.einsum and ATen's einsum: the same parsing, checks and messages)

_EINSUM_LETTERS = 26
_EINSUM_ELLIPSIS = 2 * _EINSUM_LETTERS


def _einsum_label(c):
    """A subscript letter as PyTorch numbers it: 'A'-'Z' are 0-25, 'a'-'z' 26-51."""
    return ord(c) - ord("A") if c.isupper() else ord(c) - ord("a") + _EINSUM_LETTERS


def _einsum_letter(s):
    return chr(s + ord("A")) if s < _EINSUM_LETTERS else chr(s - _EINSUM_LETTERS + ord("a"))


def _is_subscript(c):
    return ("a" <= c <= "z") or ("A" <= c <= "Z")


def _diagonal(op, d1, d2):
    """op's diagonal over dims d1 and d2 (d1 < d2), put at d1 (torch's op.diagonal(0, d1, d2)
    .movedim(-1, d1)), through advanced indexing so that the gradient flows."""
    n = op.shape[d1]
    moved = op.movedim((d1, d2), (-2, -1))
    index = _C._VariableFunctions.arange(n)
    return moved[..., index, index].movedim(-1, d1)


def _sumproduct_pair(left, right, sum_dims):
    """The product of two aligned operands (the same number of dims, size 1 where a label is
    absent) summed over sum_dims, through one bmm; the result keeps every dim (summed ones have
    size 1)."""
    for d in sum_dims:
        if left.shape[d] == 1 and right.shape[d] != 1:
            right = right.sum(d, keepdim=True)
        elif right.shape[d] == 1 and left.shape[d] != 1:
            left = left.sum(d, keepdim=True)
    ndim = left.dim()
    summed = set(sum_dims)
    batch, lo, ro, sd, rest = [], [], [], [], []
    for d in range(ndim):
        lone, rone = left.shape[d] == 1, right.shape[d] == 1
        if d in summed:
            (rest if lone and rone else sd).append(d)
        elif not lone and not rone:
            batch.append(d)
        elif not lone:
            lo.append(d)
        elif not rone:
            ro.append(d)
        else:
            rest.append(d)

    def size(t, dims):
        n = 1
        for d in dims:
            n *= t.shape[d]
        return n

    b, m, k, n = size(left, batch), size(left, lo), size(left, sd), size(right, ro)
    lp = left.permute(batch + lo + sd + ro + rest).reshape(b, m, k)
    rp = right.permute(batch + sd + ro + lo + rest).reshape(b, k, n)
    out = lp.bmm(rp)
    order = batch + lo + ro + sd + rest
    shape = [left.shape[d] for d in batch + lo] + [right.shape[d] for d in ro] + \
        [1] * (len(sd) + len(rest))
    inverse = [0] * ndim
    for i, d in enumerate(order):
        inverse[d] = i
    return out.reshape(shape).permute(inverse)


def einsum(*args):
    """Sums the products of the operands' elements over the indices the equation names (Einstein
    summation): einsum('ij,jk->ik', a, b) is a @ b. The output subscripts after '->' are
    optional (implicitly the ones that appear once, in alphabetical order); '...' stands for
    broadcast dims; a subscript repeated in one operand takes a diagonal. The operands may be
    given as a list, or in the sublist format einsum(a, [0, 1], b, [1, 2], [0, 2])."""
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], Tensor):
        def parse_subscript(n):
            if n == Ellipsis:
                return "..."
            if 0 <= n < 26:
                return chr(ord("A") + n)
            if 26 <= n < 52:
                return chr(ord("a") + n - 26)
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")

        equation = ",".join("".join(parse_subscript(s) for s in sub) for sub in args[1::2])
        if len(args) % 2 == 1:
            equation += "->" + "".join(parse_subscript(s) for s in args[-1])
            operands = args[:-1:2]
        else:
            operands = args[::2]
    else:
        equation = args[0]
        operands = args[1:]
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        return einsum(equation, *operands[0])
    return _einsum(equation, list(operands))


def _einsum(equation, operands):
    num_ops = len(operands)
    if num_ops == 0:
        raise RuntimeError("einsum(): must provide at least one operand")
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]

    # the operands' subscripts
    op_labels = [[] for _ in range(num_ops)]
    ell_in_input = False
    curr_op = 0
    i = 0
    while i < len(lhs):
        c = lhs[i]
        if c == " ":
            pass
        elif c == ".":
            if ell_in_input:
                raise RuntimeError(f"einsum(): found '.' for operand {curr_op} for which an "
                                   "ellipsis was already found")
            if not (i + 2 < len(lhs) and lhs[i + 1] == "." and lhs[i + 2] == "."):
                raise RuntimeError(f"einsum(): found '.' for operand {curr_op} that is not part "
                                   "of any ellipsis")
            i += 2
            op_labels[curr_op].append(_EINSUM_ELLIPSIS)
            ell_in_input = True
        elif c == ",":
            curr_op += 1
            if curr_op >= num_ops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the "
                                   "equation")
            ell_in_input = False
        else:
            if not _is_subscript(c):
                raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the "
                                   "equation string, subscripts must be in [a-zA-Z]")
            op_labels[curr_op].append(_einsum_label(c))
        i += 1
    if curr_op != num_ops - 1:
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")

    # how often each label appears, and how many dims the ellipsis covers
    label_count = [0] * _EINSUM_ELLIPSIS
    ell_num_dim = 0
    for i, (operand, labels) in enumerate(zip(operands, op_labels)):
        ndims = operand.dim()
        nlabels = len(labels)
        has_ellipsis = False
        for label in labels:
            if label == _EINSUM_ELLIPSIS:
                nlabels -= 1
                has_ellipsis = True
                ell_num_dim = max(ell_num_dim, ndims - nlabels)
            else:
                label_count[label] += 1
        if not (nlabels <= ndims if has_ellipsis else nlabels == ndims):
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({nlabels}) "
                f"{'is more than' if has_ellipsis else 'does not match'} the number of "
                f"dimensions ({ndims}) for operand {i}"
                f"{'' if has_ellipsis else ' and no ellipsis was given'}")

    # each label's position in the aligned operands: the output's dims, then the summed ones
    label_perm_index = [-1] * _EINSUM_ELLIPSIS
    perm_index = 0
    ell_index = 0
    ell_in_output = False
    if arrow < 0:
        perm_index = ell_num_dim
        ell_in_output = True
        for label in range(_EINSUM_ELLIPSIS):
            if label_count[label] == 1:
                label_perm_index[label] = perm_index
                perm_index += 1
    else:
        rhs = equation[arrow + 2:]
        i = 0
        while i < len(rhs):
            c = rhs[i]
            if c == " ":
                pass
            elif c == ".":
                if ell_in_output:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was "
                                       "already found")
                if not (i + 2 < len(rhs) and rhs[i + 1] == "." and rhs[i + 2] == "."):
                    raise RuntimeError("einsum(): found '.' for output that is not part of any "
                                       "ellipsis (...)")
                i += 2
                ell_index = perm_index
                perm_index += ell_num_dim
                ell_in_output = True
            else:
                if not _is_subscript(c):
                    raise RuntimeError(f"einsum(): invalid subscript given at index "
                                       f"{len(lhs) + 2 + i} in the equation string, subscripts "
                                       "must be in [a-zA-Z]")
                index = _einsum_label(c)
                if not (label_count[index] > 0 and label_perm_index[index] == -1):
                    why = " appears more than once in the output" if label_perm_index[index] > -1 \
                        else " does not appear in the equation for any input operand"
                    raise RuntimeError(f"einsum(): output subscript {c}{why}")
                label_perm_index[index] = perm_index
                perm_index += 1
            i += 1
    out_num_dim = perm_index
    if not ell_in_output:
        ell_index = perm_index
        perm_index += ell_num_dim
    for label in range(_EINSUM_ELLIPSIS):
        if label_count[label] > 0 and label_perm_index[label] == -1:
            label_perm_index[label] = perm_index
            perm_index += 1

    # check the sizes, take the diagonals of repeated labels, align every operand to perm_index
    # dims (size 1 where its labels do not reach)
    label_size = [1] * _EINSUM_ELLIPSIS
    ell_sizes = [1] * ell_num_dim
    ops = []
    for i, (operand, labels) in enumerate(zip(operands, op_labels)):
        op = operand
        permutation = [-1] * perm_index
        dim = 0
        for s in labels:
            if s == _EINSUM_ELLIPSIS:
                ndim = operand.dim() - (len(labels) - 1)
                for j in range(ell_num_dim - ndim, ell_num_dim):
                    if op.shape[dim] != 1:
                        if not (ell_sizes[j] == 1 or ell_sizes[j] == op.shape[dim]):
                            raise RuntimeError(
                                f"einsum(): dimension {dim} covered by ellipsis in operand {i}has "
                                f"size {op.shape[dim]} which does not broadcast with previously "
                                f"seen ellipsis with size {ell_sizes[j]} for the respective "
                                "dimension")
                        ell_sizes[j] = op.shape[dim]
                    permutation[ell_index + j] = dim
                    dim += 1
            elif permutation[label_perm_index[s]] == -1:
                if op.shape[dim] != 1:
                    if not (label_size[s] == 1 or label_size[s] == op.shape[dim]):
                        raise RuntimeError(
                            f"einsum(): subscript {_einsum_letter(s)} has size {op.shape[dim]} "
                            f"for operand {i} which does not broadcast with previously seen size "
                            f"{label_size[s]}")
                    label_size[s] = op.shape[dim]
                permutation[label_perm_index[s]] = dim
                dim += 1
            else:
                prev_dim = permutation[label_perm_index[s]]
                if op.shape[dim] != op.shape[prev_dim]:
                    raise RuntimeError(
                        f"einsum(): subscript {_einsum_letter(s)} is repeated for operand {i} but "
                        f"the sizes don't match, {op.shape[dim]} != {op.shape[prev_dim]}")
                op = _diagonal(op, prev_dim, dim)
        for k, val in enumerate(permutation):
            if val == -1:
                op = op.unsqueeze(dim)
                permutation[k] = dim
                dim += 1
        ops.append(op.permute(permutation))

    # contract left to right, summing each dim as soon as no later operand has it
    def later_have(d, first):
        return any(o.shape[d] != 1 for o in ops[first:])

    result = ops[0]
    for i in range(1, num_ops):
        sum_dims = [d for d in range(out_num_dim, perm_index) if not later_have(d, i + 1)]
        result = _sumproduct_pair(result, ops[i], sum_dims)
    rest = [d for d in range(out_num_dim, perm_index) if result.shape[d] != 1]
    if rest:
        result = result.sum(rest, keepdim=True)
    return result.reshape(list(result.shape[:out_num_dim]))


# ---- pixel_shuffle / pixel_unshuffle (ATen's PixelShuffle.cpp: the same checks and messages)

def _check_factor(name, arg, factor):
    if isinstance(factor, bool) or not isinstance(factor, int):
        raise TypeError(f"{name}(): argument '{arg}' (position 2) must be int, not "
                        f"{type(factor).__name__}")


def pixel_shuffle(input, upscale_factor):
    """Rearranges (*, C * r^2, H, W) into (*, C, H * r, W * r), r = upscale_factor (the
    sub-pixel convolution's shuffle)."""
    _check_factor("pixel_shuffle", "upscale_factor", upscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_shuffle expects input to have at least 3 dimensions, but got "
                           f"input with {input.dim()} dimension(s)")
    r = upscale_factor
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    c, h, w = input.shape[-3:]
    if c % (r * r) != 0:
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible "
                           f"by the square of upscale_factor, but input.size(-3)={c} is not "
                           f"divisible by {r * r}")
    batch = list(input.shape[:-3])
    n = len(batch)
    oc = c // (r * r)
    x = input.reshape(batch + [oc, r, r, h, w])
    x = x.permute(list(range(n)) + [n, n + 3, n + 1, n + 4, n + 2])
    return x.reshape(batch + [oc, h * r, w * r])


def pixel_unshuffle(input, downscale_factor):
    """Rearranges (*, C, H * r, W * r) into (*, C * r^2, H, W), r = downscale_factor (the
    inverse of pixel_shuffle)."""
    _check_factor("pixel_unshuffle", "downscale_factor", downscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_unshuffle expects input to have at least 3 dimensions, but got "
                           f"input with {input.dim()} dimension(s)")
    r = downscale_factor
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    c, h, w = input.shape[-3:]
    if h % r != 0:
        raise RuntimeError("pixel_unshuffle expects height to be divisible by downscale_factor, "
                           f"but input.size(-2)={h} is not divisible by {r}")
    if w % r != 0:
        raise RuntimeError("pixel_unshuffle expects width to be divisible by downscale_factor, "
                           f"but input.size(-1)={w} is not divisible by {r}")
    batch = list(input.shape[:-3])
    n = len(batch)
    oh, ow = h // r, w // r
    x = input.reshape(batch + [c, oh, r, ow, r])
    x = x.permute(list(range(n)) + [n, n + 2, n + 4, n + 1, n + 3])
    return x.reshape(batch + [c * r * r, oh, ow])
