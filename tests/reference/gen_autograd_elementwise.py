"""Gradients of the element-wise ops (unary math, binary arithmetic, clamp, lerp, where, softmax,
activations and their in-place forms), as real PyTorch computes them. The C++ side is
tests/autograd/elementwise_test.cpp; every case is also gradchecked there in float64.

Domains keep finite differences valid: log/sqrt/... on "positive", asin/acos/tan on "unit", and
"distinct" values (no zeros, no ties) for relu, abs, clamp, maximum and where."""
import torch
import torch.nn.functional as F

from reflib import write_grad_reference

M = {"shape": [2, 3]}
POS = {"shape": [2, 3], "domain": "positive"}
UNIT = {"shape": [2, 3], "domain": "unit"}
DIST = {"shape": [2, 3], "domain": "distinct"}
ROW = {"shape": [3]}
NOGRAD = {"shape": [2, 3], "grad": False}

def with_view_exp_(a):
    b = a.clone()
    b[0].exp_()
    return b


def relu_twice(a):
    b = a * 1.5
    return b.relu_() + b


# Unary ops: name -> (f, domain spec). Each also gets a transposed-input case below.
UNARY = {
    "neg": (lambda a: a.neg(), M),
    "abs": (lambda a: a.abs(), DIST),
    "sign": (lambda a: a.sign(), DIST),
    "exp": (lambda a: a.exp(), M),
    "exp2": (lambda a: a.exp2(), M),
    "expm1": (lambda a: a.expm1(), M),
    "log": (lambda a: a.log(), POS),
    "log2": (lambda a: a.log2(), POS),
    "log10": (lambda a: a.log10(), POS),
    "log1p": (lambda a: a.log1p(), POS),
    "sqrt": (lambda a: a.sqrt(), POS),
    "rsqrt": (lambda a: a.rsqrt(), POS),
    "sin": (lambda a: a.sin(), M),
    "cos": (lambda a: a.cos(), M),
    "tan": (lambda a: a.tan(), UNIT),
    "asin": (lambda a: a.asin(), UNIT),
    "acos": (lambda a: a.acos(), UNIT),
    "atan": (lambda a: a.atan(), M),
    "sinh": (lambda a: a.sinh(), M),
    "cosh": (lambda a: a.cosh(), M),
    "tanh": (lambda a: a.tanh(), M),
    "sigmoid": (lambda a: a.sigmoid(), M),
    "relu": (lambda a: a.relu(), DIST),
    "erf": (lambda a: a.erf(), M),
    "floor": (lambda a: a.floor(), M),
    "ceil": (lambda a: a.ceil(), M),
    "round": (lambda a: a.round(), M),
    "trunc": (lambda a: a.trunc(), M),
    "frac": (lambda a: a.frac(), M),
    "reciprocal": (lambda a: a.reciprocal(), POS),
    "square": (lambda a: a.square(), M),
    "nan_to_num": (lambda a: a.nan_to_num(), M),
    "gelu": (lambda a: F.gelu(a), M),
    "gelu_tanh": (lambda a: F.gelu(a, approximate="tanh"), M),
    "silu": (lambda a: F.silu(a), M),
}

CASES = {}
for name, (f, spec) in UNARY.items():
    CASES[name] = (f, [spec])
    CASES[name + "_t"] = (f, [dict(spec, shape=[3, 4], layout="t")])

CASES.update({
    # ---- unary: more layouts, dtypes and special values ---------------------------------------
    "exp_step": (lambda a: a.exp(), [{"shape": [2, 3], "layout": "step"}]),
    "tanh_expand": (lambda a: a.tanh(), [{"shape": [3, 4], "layout": "expand"}]),
    "sqrt_double": (lambda a: a.sqrt(), [{"shape": [4], "dtype": "float64", "domain": "positive"}]),
    "sigmoid_0d": (lambda a: a.sigmoid(), [{"shape": []}]),
    "chain": (lambda a: a.sin().exp().tanh().sqrt(), [M]),
    # log gives -inf at 0 (+inf once negated) and NaN below 0.
    "nan_to_num_special": (lambda a, s: (a.log() * s).nan_to_num(1.5, 2.0, -2.0),
                           [{"shape": [2, 3], "data": [0.0, 0.0, -1.0, 2.0, 0.5, 3.0]},
                            {"shape": [2, 3], "data": [-1.0, 1.0, 1.0, 1.0, -1.0, 1.0], "grad": False}],
                           {"gradcheck": False}),
    # ---- softmax ------------------------------------------------------------------------------
    "softmax_dim1": (lambda a: a.softmax(1), [{"shape": [3, 4]}]),
    "softmax_dim0": (lambda a: a.softmax(0), [{"shape": [3, 4]}]),
    "softmax_t": (lambda a: a.softmax(-1), [{"shape": [3, 4], "layout": "t"}]),
    "softmax_3d": (lambda a: a.softmax(1), [{"shape": [2, 3, 4]}]),
    "softmax_dtype": (lambda a: a.softmax(1, dtype=torch.float64), [{"shape": [3, 4]}]),
    "log_softmax_dim1": (lambda a: a.log_softmax(1), [{"shape": [3, 4]}]),
    "log_softmax_dim0": (lambda a: a.log_softmax(0), [{"shape": [3, 4]}]),
    "log_softmax_step": (lambda a: a.log_softmax(-1), [{"shape": [3, 4], "layout": "step"}]),
    "log_softmax_dtype": (lambda a: a.log_softmax(0, dtype=torch.float64), [{"shape": [3, 4]}]),
    "softmax_0d": (lambda a: a.softmax(0), [{"shape": []}]),
    "log_softmax_0d": (lambda a: a.log_softmax(-1), [{"shape": []}]),
    "softmax_of_softmax": (lambda a: a.softmax(1).log_softmax(0), [{"shape": [3, 4]}]),
    # ---- binary -------------------------------------------------------------------------------
    "remainder": (lambda a, b: a.remainder(b), [M, POS]),
    "remainder_broadcast": (lambda a, b: a.remainder(b), [{"shape": [3, 1]}, {"shape": [1, 4], "domain": "positive"}]),
    "remainder_scalar": (lambda a: a.remainder(0.75), [M]),
    "remainder_op": (lambda a, b: a % b, [M, {"shape": [3], "domain": "positive"}]),
    "fmod": (lambda a, b: a.fmod(b), [M, POS]),
    "fmod_broadcast": (lambda a, b: a.fmod(b), [M, {"shape": [3], "domain": "positive"}]),
    "fmod_scalar": (lambda a: a.fmod(0.75), [M]),
    "pow": (lambda a, b: a.pow(b), [POS, M]),
    "pow_broadcast": (lambda a, b: a.pow(b), [{"shape": [2, 1, 3], "domain": "positive"}, {"shape": [4, 1]}]),
    "pow_t": (lambda a, b: a.pow(b), [{"shape": [3, 4], "layout": "t", "domain": "positive"}, {"shape": [3, 4], "layout": "step"}]),
    "pow_base_grad_only": (lambda a, b: a.pow(b), [POS, NOGRAD]),
    "pow_exponent_grad_only": (lambda a, b: a.pow(b), [dict(POS, grad=False), M]),
    # 0 ** e (e >= 0) and x ** 0: PyTorch's zero-gradient special cases.
    "pow_zeros": (lambda a, b: a.pow(b),
                  [{"shape": [4], "data": [0.0, 0.0, 2.0, 0.0]}, {"shape": [4], "data": [0.0, 2.0, 0.0, 1.0]}],
                  {"gradcheck": False}),
    "pow_scalar": (lambda a: a.pow(3), [M]),
    "pow_scalar_frac": (lambda a: a.pow(0.5), [POS]),
    "pow_scalar_neg": (lambda a: a.pow(-1.5), [POS]),
    "pow_scalar_zero": (lambda a: a.pow(0), [M]),
    "pow_scalar_one": (lambda a: a.pow(1), [M]),
    "pow_scalar_base": (lambda a: torch.pow(2.5, a), [M]),
    "pow_scalar_base_zero": (lambda a: torch.pow(0.0, a), [POS]),
    "maximum": (lambda a, b: a.maximum(b), [DIST, M]),
    "maximum_broadcast": (lambda a, b: a.maximum(b), [DIST, ROW]),
    "maximum_ties": (lambda a, b: a.maximum(b),
                     [{"shape": [4], "data": [1.0, 2.0, 3.0, -1.0]}, {"shape": [4], "data": [1.0, 0.0, 4.0, -1.0]}],
                     {"gradcheck": False}),
    "minimum": (lambda a, b: a.minimum(b), [DIST, M]),
    "minimum_step": (lambda a, b: a.minimum(b), [{"shape": [2, 3], "layout": "step", "domain": "distinct"}, {"shape": [2, 3], "layout": "expand"}]),
    "minimum_ties": (lambda a, b: a.minimum(b),
                     [{"shape": [4], "data": [1.0, 2.0, 3.0, -1.0]}, {"shape": [4], "data": [1.0, 0.0, 4.0, -1.0]}],
                     {"gradcheck": False}),
    "atan2": (lambda a, b: a.atan2(b), [M, M]),
    "atan2_broadcast": (lambda a, b: a.atan2(b), [{"shape": [3, 1]}, {"shape": [1, 4]}]),
    "atan2_mixed_dtype": (lambda a, b: a.atan2(b), [M, {"shape": [3], "dtype": "float64"}]),
    "atan2_t": (lambda a, b: a.atan2(b), [{"shape": [3, 4], "layout": "t"}, {"shape": [3, 4], "layout": "expand"}]),
    # ---- where --------------------------------------------------------------------------------
    "where": (lambda a, b: torch.where(a > 0, a, b), [DIST, M]),
    "where_broadcast": (lambda a, b, c: torch.where(c > 0, a, b), [ROW, {"shape": [2, 1]}, NOGRAD]),
    "where_scalar_other": (lambda a: torch.where(a > 0, a, 1.5), [DIST]),
    "where_scalar_self": (lambda a: torch.where(a > 0, -2.0, a), [DIST]),
    "where_t": (lambda a, b: torch.where(a > 0, a, b), [{"shape": [3, 4], "layout": "t", "domain": "distinct"}, {"shape": [3, 4], "layout": "step"}]),
    "where_mixed_dtype": (lambda a, b: torch.where(a > 0, a, b), [DIST, {"shape": [2, 3], "dtype": "float64"}]),
    # ---- clamp --------------------------------------------------------------------------------
    "clamp": (lambda a: a.clamp(-0.6, 0.7), [DIST]),
    "clamp_min_only": (lambda a: a.clamp(min=-0.6), [DIST]),
    "clamp_max_only": (lambda a: a.clamp(max=0.7), [DIST]),
    "clamp_t": (lambda a: a.clamp(-0.6, 0.7), [{"shape": [3, 4], "layout": "t", "domain": "distinct"}]),
    "clamp_min": (lambda a: a.clamp_min(0.5), [DIST]),
    "clamp_max": (lambda a: a.clamp_max(-0.5), [DIST]),
    "clamp_tensor": (lambda a, lo: a.clamp(lo, lo + 1), [DIST, ROW]),
    "clamp_tensor_min": (lambda a, lo: torch.clamp(a, min=lo), [DIST, ROW]),
    "clamp_tensor_max": (lambda a, hi: torch.clamp(a, max=hi), [DIST, {"shape": [2, 1]}]),
    "clamp_tensor_crossed": (lambda a, lo, hi: a.clamp(lo, hi),
                             [{"shape": [4], "data": [-2.0, 0.5, 3.0, 1.2]}, {"shape": [4], "data": [-1.0, 1.0, 0.0, -0.4]},
                              {"shape": [4], "data": [1.0, -1.0, 2.0, 0.4]}]),
    # ---- lerp ---------------------------------------------------------------------------------
    "lerp_scalar": (lambda a, b: a.lerp(b, 0.3), [M, M]),
    "lerp_scalar_broadcast": (lambda a, b: a.lerp(b, 1.5), [M, ROW]),
    "lerp_tensor": (lambda a, b, w: a.lerp(b, w), [M, M, M]),
    "lerp_tensor_broadcast": (lambda a, b, w: a.lerp(b, w), [{"shape": [2, 3], "layout": "expand"}, ROW, {"shape": [2, 1]}]),
    "lerp_weight_only": (lambda a, b, w: a.lerp(b, w), [NOGRAD, NOGRAD, M]),
    # ---- in-place forms on non-leaves (the node is the out-of-place op's) ----------------------
    "neg_": (lambda a: a.clone().neg_(), [M]),
    "abs_": (lambda a: a.clone().abs_(), [DIST]),
    "exp_": (lambda a: a.clone().exp_(), [M]),
    "log_": (lambda a: a.clone().log_(), [POS]),
    "sqrt_": (lambda a: a.clone().sqrt_(), [POS]),
    "tanh_": (lambda a: a.clone().tanh_(), [M]),
    "sigmoid_": (lambda a: a.clone().sigmoid_(), [M]),
    "relu_": (lambda a: a.clone().relu_(), [DIST]),
    "relu_then_use": (relu_twice, [DIST]),
    "clamp_": (lambda a: a.clone().clamp_(-0.6, 0.7), [DIST]),
    "clamp_min_only_": (lambda a: a.clone().clamp_(min=0.5), [DIST]),
    "pow_scalar_": (lambda a: a.clone().pow_(2), [M]),
    "pow_tensor_": (lambda a, b: a.clone().pow_(b), [POS, ROW]),
    "exp_on_view": (with_view_exp_, [M]),
    "tanh_on_t_view": (lambda a: a.clone().t().tanh_(), [{"shape": [2, 3]}]),
    # ---- results that never require grad ------------------------------------------------------
    "gt_no_grad": (lambda a: a > 0, [M]),
    "eq_no_grad": (lambda a, b: a == b, [M, M]),
    "isnan_no_grad": (lambda a: a.isnan(), [M]),
    "isfinite_no_grad": (lambda a: a.isfinite(), [M]),
    "logical_and_no_grad": (lambda a, b: a.logical_and(b), [M, M]),
    "where_scalars_no_grad": (lambda a: torch.where(a > 0, 1.0, 2.0), [M]),
})


def exp_then_add_(a):
    b = a * 2
    c = b.exp()
    c.add_(1)
    return c


def sin_input_modified(a):
    b = a.clone()
    c = b.sin()
    b.add_(torch.ones_like(b))
    return c


ERRORS = {
    # ExpBackward0 saved its result; modifying it in place makes backward refuse.
    "exp_result_modified": (exp_then_add_, [{"shape": [3]}]),
    # SinBackward0 saved its input.
    "sin_input_modified": (sin_input_modified, [{"shape": [3]}]),
    "sqrt_result_modified": (lambda a: a.clone().sqrt().mul_(2), [{"shape": [2, 3], "domain": "positive"}]),
    "exp_on_leaf": (lambda a: a.exp_(), [M]),
    "clamp_on_leaf": (lambda a: a.clamp_(0, 1), [M]),
}

write_grad_reference("autograd_elementwise", CASES, ERRORS)
