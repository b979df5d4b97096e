"""Convolution and pooling as real PyTorch computes them (the C++ side is tests/conv/): forward
values, grad_fn names and the gradients of input, weight and bias for a grid of cases, and the
errors with their messages. Each case names its op and its arguments ("op", "args"), so the C++
test rebuilds the call from the JSON; the leaves, views and gradients follow reflib's grad_case.

Arguments are written as libtorch's C++ API receives them (Python's parser expands an int given
for int[2] to two values; the C++ API passes one value and the op expands it, with the same
result), so "stride": 2 becomes {2} in C++.
"""
import json
import os

import torch
import torch.nn.functional as F

import reflib

NAN = float("nan")


def S(*shape, **kw):
    return dict({"shape": list(shape)}, **kw)


def D(*shape, **kw):
    """Distinct values: no ties for max pooling."""
    return S(*shape, domain="distinct", **kw)


def prepare(x, args):
    """Optional special values in the input: elements above `fill_above` become `fill_value`."""
    if "fill_above" in args:
        value = {"nan": NAN, "-inf": -float("inf"), "inf": float("inf")}[args["fill_value"]]
        x = x.masked_fill(x > args["fill_above"], value)
    return x


def call(op, args, *inputs):
    a = {k: v for k, v in args.items() if k not in ("fill_above", "fill_value")}
    x = prepare(inputs[0], args)
    if op == "conv2d":
        bias = inputs[2] if len(inputs) > 2 else None
        return F.conv2d(x, inputs[1], bias, **a)
    if op == "max_pool2d":
        return torch.max_pool2d(x, **a)
    if op == "max_pool2d_indices":
        return torch._C._nn.max_pool2d_with_indices(x, **a)[1]
    if op == "max_pool2d_values":
        return torch._C._nn.max_pool2d_with_indices(x, **a)[0]
    if op == "avg_pool2d":
        return torch._C._nn.avg_pool2d(x, **a)
    if op == "adaptive_avg_pool2d":
        return torch._C._nn.adaptive_avg_pool2d(x, **a)
    raise ValueError(op)


def grad_of(op, args, i, *inputs):
    """d/d(inputs[i]) of call(op).pow(2).sum(), kept differentiable (create_graph): its grad_fn
    is the op's backward-of-backward node and its gradients are second derivatives."""
    y = call(op, args, *inputs)
    return torch.autograd.grad(y.pow(2).sum(), inputs[i], create_graph=True)[0]


def fn(op, args):
    if op.startswith("grad:"):
        _, base, i = op.split(":")
        return lambda *inputs: grad_of(base, args, int(i), *inputs)
    return lambda *inputs: call(op, args, *inputs)


NO_GC = {"gradcheck": False}

# name: (op, args, specs[, options])
CASES = {
    # ---- conv2d
    "conv_basic": ("conv2d", {}, [S(2, 3, 7, 6), S(4, 3, 3, 3), S(4)]),
    "conv_no_bias": ("conv2d", {}, [S(2, 3, 7, 6), S(4, 3, 3, 3)]),
    "conv_batch1": ("conv2d", {"padding": [1]}, [S(1, 2, 5, 5), S(3, 2, 3, 3), S(3)]),
    "conv_batch3": ("conv2d", {"stride": [2]}, [S(3, 2, 7, 8), S(3, 2, 3, 3), S(3)]),
    "conv_stride2": ("conv2d", {"stride": [2]}, [S(2, 2, 9, 8), S(3, 2, 3, 3), S(3)]),
    "conv_stride21": ("conv2d", {"stride": [2, 1]}, [S(2, 2, 7, 6), S(3, 2, 3, 2), S(3)]),
    "conv_stride_gt_kernel": ("conv2d", {"stride": [4, 3]}, [S(2, 2, 11, 10), S(2, 2, 3, 2)]),
    "conv_pad1": ("conv2d", {"padding": [1]}, [S(2, 3, 5, 6), S(4, 3, 3, 3), S(4)]),
    "conv_pad20": ("conv2d", {"padding": [2, 0]}, [S(2, 2, 5, 6), S(3, 2, 3, 3), S(3)]),
    "conv_pad_big": ("conv2d", {"padding": [3, 2]}, [S(1, 2, 4, 4), S(2, 2, 2, 3), S(2)]),
    "conv_dil2": ("conv2d", {"dilation": [2]}, [S(2, 2, 8, 9), S(3, 2, 3, 3), S(3)]),
    "conv_dil12_pad": ("conv2d", {"dilation": [1, 2], "padding": [1, 2]},
                       [S(2, 2, 6, 7), S(3, 2, 3, 3), S(3)]),
    "conv_all": ("conv2d", {"stride": [3, 2], "padding": [1, 1], "dilation": [2, 1]},
                 [S(3, 2, 9, 5), S(5, 2, 4, 2), S(5)]),
    "conv_groups2": ("conv2d", {"groups": 2, "padding": [1]},
                     [S(2, 4, 6, 6), S(6, 2, 3, 3), S(6)]),
    "conv_groups3_stride": ("conv2d", {"groups": 3, "stride": [2], "dilation": [2]},
                            [S(2, 6, 9, 9), S(3, 2, 2, 3), S(3)]),
    "conv_depthwise": ("conv2d", {"groups": 3, "padding": [1]},
                       [S(1, 3, 5, 5), S(6, 1, 3, 3), S(6)]),
    # more than 32 products per output: im2col + GEMM (fewer run as direct loops)
    "conv_gemm": ("conv2d", {"padding": [1]}, [S(2, 5, 6, 7), S(4, 5, 3, 3), S(4)]),
    "conv_gemm_dil_pad": ("conv2d", {"padding": [2, 1], "dilation": [2, 1]},
                          [S(3, 4, 7, 6), S(3, 4, 3, 3), S(3)]),
    "conv_gemm_groups": ("conv2d", {"groups": 2, "padding": [1]},
                         [S(2, 8, 5, 6), S(4, 4, 3, 3), S(4)]),
    "conv_gemm_stride_h": ("conv2d", {"stride": [2, 1]}, [S(2, 4, 7, 6), S(3, 4, 3, 3), S(3)]),
    "conv_direct_stride_h": ("conv2d", {"stride": [2, 1], "padding": [1]},
                             [S(2, 2, 7, 6), S(3, 2, 3, 3), S(3)]),
    "conv_gemm_f64": ("conv2d", {"padding": [1]},
                      [S(2, 4, 5, 5, dtype="float64"), S(3, 4, 3, 3, dtype="float64"),
                       S(3, dtype="float64")]),
    "conv_1x1": ("conv2d", {}, [S(2, 4, 5, 3), S(3, 4, 1, 1), S(3)]),
    "conv_1x1_stride": ("conv2d", {"stride": [2]}, [S(2, 4, 5, 3), S(3, 4, 1, 1), S(3)]),
    "conv_full_kernel": ("conv2d", {}, [S(2, 2, 4, 3), S(3, 2, 4, 3), S(3)]),
    "conv_unbatched": ("conv2d", {"padding": [1]}, [S(3, 7, 6), S(4, 3, 3, 3), S(4)]),
    "conv_unbatched_groups": ("conv2d", {"groups": 2}, [S(4, 5, 5), S(2, 2, 2, 2)]),
    "conv_input_t": ("conv2d", {"padding": [1]},
                     [S(2, 3, 6, 7, layout="t"), S(4, 3, 3, 3), S(4)]),
    "conv_input_step": ("conv2d", {"stride": [2]},
                        [S(2, 3, 6, 7, layout="step"), S(4, 3, 3, 3), S(4)]),
    "conv_input_expand": ("conv2d", {}, [S(3, 2, 5, 5, layout="expand"), S(2, 2, 3, 3)]),
    "conv_weight_t": ("conv2d", {}, [S(2, 3, 6, 7), S(4, 3, 2, 3, layout="t"), S(4)]),
    "conv_bias_step": ("conv2d", {}, [S(2, 3, 5, 5), S(4, 3, 3, 3), S(4, layout="step")]),
    "conv_f64": ("conv2d", {"padding": [1], "stride": [2]},
                 [S(2, 3, 7, 6, dtype="float64"), S(4, 3, 3, 3, dtype="float64"),
                  S(4, dtype="float64")]),
    "conv_f64_groups_dil": ("conv2d", {"groups": 2, "dilation": [2, 3], "padding": [2]},
                            [S(2, 4, 7, 8, dtype="float64"), S(4, 2, 2, 3, dtype="float64")]),
    "conv_no_input_grad": ("conv2d", {"padding": [1]},
                           [S(2, 3, 5, 5, grad=False), S(4, 3, 3, 3), S(4)]),
    "conv_no_weight_grad": ("conv2d", {"padding": [1]},
                            [S(2, 3, 5, 5), S(4, 3, 3, 3, grad=False), S(4, grad=False)]),
    "conv_only_bias_grad": ("conv2d", {},
                            [S(2, 3, 5, 5, grad=False), S(4, 3, 3, 3, grad=False), S(4)]),
    "conv_mnist_like": ("conv2d", {"padding": [1]}, [S(1, 1, 28, 28), S(2, 1, 3, 3), S(2)]),
    "conv_same_odd": ("conv2d", {"padding": "same"}, [S(2, 2, 5, 6), S(3, 2, 3, 3), S(3)]),
    "conv_same_even": ("conv2d", {"padding": "same"}, [S(2, 2, 5, 6), S(3, 2, 4, 2), S(3)]),
    "conv_same_dil": ("conv2d", {"padding": "same", "dilation": [2, 1]},
                      [S(1, 2, 6, 6), S(3, 2, 2, 3)]),
    "conv_same_unbatched": ("conv2d", {"padding": "same"}, [S(2, 5, 6), S(3, 2, 2, 2), S(3)]),
    "conv_valid": ("conv2d", {"padding": "valid", "stride": [2]},
                   [S(2, 2, 7, 6), S(3, 2, 3, 3), S(3)]),
    "conv_nan": ("conv2d", {"fill_above": 2.0, "fill_value": "nan", "padding": [1]},
                 [S(1, 2, 5, 5), S(2, 2, 3, 3)], NO_GC),
    "conv_batch0": ("conv2d", {}, [S(0, 2, 5, 5), S(3, 2, 3, 3), S(3)], NO_GC),

    # ---- max_pool2d
    "mp_k2": ("max_pool2d", {"kernel_size": [2]}, [D(2, 3, 6, 6)]),
    "mp_k2_odd": ("max_pool2d", {"kernel_size": [2]}, [D(2, 2, 7, 5)]),
    "mp_k3_s2": ("max_pool2d", {"kernel_size": [3], "stride": [2]}, [D(2, 2, 7, 7)]),
    "mp_k3_s1_p1": ("max_pool2d", {"kernel_size": [3], "stride": [1], "padding": [1]},
                    [D(1, 2, 5, 6)]),
    "mp_rect": ("max_pool2d", {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 0]},
                [D(2, 2, 5, 7)]),
    "mp_ceil": ("max_pool2d", {"kernel_size": [2], "ceil_mode": True}, [D(1, 2, 5, 5)]),
    "mp_ceil_pad": ("max_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                   "ceil_mode": True}, [D(1, 2, 6, 7)]),
    "mp_ceil_drop": ("max_pool2d", {"kernel_size": [2], "stride": [2], "padding": [1],
                                    "ceil_mode": True}, [D(1, 1, 5, 4)]),
    "mp_dil": ("max_pool2d", {"kernel_size": [2], "stride": [1], "dilation": [2]},
               [D(2, 2, 6, 6)]),
    "mp_dil_pad": ("max_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                  "dilation": [2, 1]}, [D(1, 2, 7, 7)]),
    "mp_unbatched": ("max_pool2d", {"kernel_size": [2]}, [D(3, 6, 5)]),
    "mp_t": ("max_pool2d", {"kernel_size": [2], "stride": [1]}, [D(2, 2, 5, 6, layout="t")]),
    "mp_step": ("max_pool2d", {"kernel_size": [3], "stride": [2]},
                [D(1, 2, 7, 6, layout="step")]),
    "mp_f64": ("max_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1]},
               [D(2, 2, 7, 7, dtype="float64")]),
    "mp_ties": ("max_pool2d", {"kernel_size": [2], "stride": [1]},
                [S(1, 1, 3, 3, data=[1, 1, 2, 1, 1, 2, 0, 2, 2])], NO_GC),
    "mp_ties_overlap": ("max_pool2d", {"kernel_size": [3], "stride": [1], "padding": [1]},
                        [S(1, 2, 3, 4, data=[0] * 24)], NO_GC),
    "mp_nan": ("max_pool2d", {"kernel_size": [2], "fill_above": 0.8, "fill_value": "nan"},
               [S(1, 2, 4, 6)], NO_GC),
    "mp_neg_inf": ("max_pool2d", {"kernel_size": [2], "padding": [1], "fill_above": -10.0,
                                  "fill_value": "-inf"}, [S(1, 1, 3, 3)], NO_GC),
    "mp_batch0": ("max_pool2d", {"kernel_size": [2]}, [S(0, 2, 4, 4)], NO_GC),
    "mpi_k2": ("max_pool2d_indices", {"kernel_size": [2]}, [D(2, 2, 5, 6)]),
    "mpi_ceil_pad": ("max_pool2d_indices", {"kernel_size": [3], "stride": [2], "padding": [1],
                                            "ceil_mode": True}, [D(1, 2, 6, 7)]),
    "mpi_dil": ("max_pool2d_indices", {"kernel_size": [2, 3], "stride": [1], "padding": [1],
                                       "dilation": [2]}, [D(1, 2, 6, 7)]),
    "mpi_ties": ("max_pool2d_indices", {"kernel_size": [2], "stride": [1]},
                 [S(1, 1, 3, 3, data=[1, 1, 2, 1, 1, 2, 0, 2, 2])]),
    "mpi_nan": ("max_pool2d_indices", {"kernel_size": [2], "fill_above": 0.5, "fill_value": "nan"},
                [S(1, 2, 4, 6)]),
    "mpi_neg_inf": ("max_pool2d_indices", {"kernel_size": [2], "padding": [1],
                                           "fill_above": -10.0, "fill_value": "-inf"},
                    [S(1, 1, 3, 3)]),
    "mpi_neg_inf_2x2": ("max_pool2d_indices", {"kernel_size": [2], "fill_above": 0.3,
                                               "fill_value": "-inf"}, [S(1, 2, 4, 6)]),
    "mp_neg_inf_2x2": ("max_pool2d", {"kernel_size": [2], "fill_above": 0.3, "fill_value": "-inf"},
                       [S(1, 2, 4, 6)], NO_GC),
    "mpi_ties_2x2": ("max_pool2d_indices", {"kernel_size": [2]},
                     [S(1, 1, 4, 4, data=[1, 1, 0, 2, 1, 1, 2, 2, 3, 0, 5, 5, 3, 3, 5, 5])]),
    "mpv_k2": ("max_pool2d_values", {"kernel_size": [3], "stride": [2]}, [D(2, 2, 7, 7)]),

    # ---- avg_pool2d
    "ap_k2": ("avg_pool2d", {"kernel_size": [2]}, [S(2, 3, 6, 6)]),
    "ap_k3_s2": ("avg_pool2d", {"kernel_size": [3], "stride": [2]}, [S(2, 2, 7, 8)]),
    "ap_pad": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1]},
               [S(2, 2, 7, 6)]),
    "ap_pad_excl": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                   "count_include_pad": False}, [S(2, 2, 7, 6)]),
    "ap_rect": ("avg_pool2d", {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 0]},
                [S(1, 2, 5, 7)]),
    "ap_ceil": ("avg_pool2d", {"kernel_size": [2], "ceil_mode": True}, [S(1, 2, 5, 5)]),
    "ap_ceil_pad": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                   "ceil_mode": True}, [S(1, 2, 6, 7)]),
    "ap_ceil_pad_excl": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                        "ceil_mode": True, "count_include_pad": False},
                         [S(1, 2, 6, 7)]),
    "ap_ceil_s3": ("avg_pool2d", {"kernel_size": [2], "stride": [3], "ceil_mode": True},
                   [S(1, 1, 8, 7)]),
    "ap_divisor": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                                  "divisor_override": 3}, [S(2, 2, 7, 6)]),
    "ap_divisor_neg": ("avg_pool2d", {"kernel_size": [2], "divisor_override": -2},
                       [S(1, 2, 4, 4)]),
    "ap_overlap": ("avg_pool2d", {"kernel_size": [3], "stride": [1]}, [S(2, 2, 5, 6)]),
    "ap_unbatched": ("avg_pool2d", {"kernel_size": [2], "padding": [1]}, [S(3, 5, 4)]),
    "ap_t": ("avg_pool2d", {"kernel_size": [2], "stride": [1]}, [S(2, 2, 5, 6, layout="t")]),
    "ap_step": ("avg_pool2d", {"kernel_size": [3], "stride": [2]}, [S(1, 2, 7, 6, layout="step")]),
    "ap_f64": ("avg_pool2d", {"kernel_size": [3], "stride": [2], "padding": [1],
                              "count_include_pad": False}, [S(2, 2, 7, 7, dtype="float64")]),
    "ap_batch0": ("avg_pool2d", {"kernel_size": [2]}, [S(0, 2, 4, 4)], NO_GC),

    # ---- adaptive_avg_pool2d
    "aap_3": ("adaptive_avg_pool2d", {"output_size": [3, 3]}, [S(2, 2, 7, 7)]),
    "aap_rect": ("adaptive_avg_pool2d", {"output_size": [4, 5]}, [S(2, 2, 5, 7)]),
    "aap_exact": ("adaptive_avg_pool2d", {"output_size": [2, 3]}, [S(1, 2, 6, 9)]),
    "aap_bigger": ("adaptive_avg_pool2d", {"output_size": [9, 11]}, [S(1, 2, 7, 7)]),
    "aap_1x1": ("adaptive_avg_pool2d", {"output_size": [1, 1]}, [S(2, 3, 5, 4)]),
    "aap_1x1_2d": ("adaptive_avg_pool2d", {"output_size": [1, 1]}, [S(5, 6)]),
    "aap_2x1": ("adaptive_avg_pool2d", {"output_size": [2, 1]}, [S(2, 3, 5, 4)]),
    "aap_unbatched": ("adaptive_avg_pool2d", {"output_size": [3, 2]}, [S(3, 7, 5)]),
    "aap_t": ("adaptive_avg_pool2d", {"output_size": [3, 3]}, [S(2, 2, 5, 7, layout="t")]),
    "aap_f64": ("adaptive_avg_pool2d", {"output_size": [4, 3]}, [S(2, 2, 7, 7, dtype="float64")]),
    "aap_batch0": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(0, 2, 5, 5)], NO_GC),

    # ---- gradients of gradients: the output is a gradient computed with create_graph
    "gg_conv_input": ("grad:conv2d:0", {"padding": [1], "stride": [2]},
                      [S(2, 2, 5, 6), S(3, 2, 3, 3), S(3)]),
    "gg_conv_weight": ("grad:conv2d:1", {"padding": [1], "dilation": [2]},
                       [S(2, 2, 5, 6), S(3, 2, 2, 3), S(3)]),
    "gg_conv_bias": ("grad:conv2d:2", {"stride": [2, 1]}, [S(2, 2, 5, 6), S(3, 2, 3, 3), S(3)]),
    "gg_conv_groups": ("grad:conv2d:0", {"groups": 2, "padding": [1]},
                       [S(1, 4, 4, 5), S(4, 2, 3, 2), S(4)]),
    "gg_conv_gemm": ("grad:conv2d:1", {"padding": [1]},
                     [S(2, 4, 4, 5, dtype="float64"), S(3, 4, 3, 3, dtype="float64"),
                      S(3, dtype="float64")]),
    "gg_conv_unbatched": ("grad:conv2d:1", {"padding": "same"}, [S(2, 4, 5), S(3, 2, 2, 3)]),
    "gg_mp": ("grad:max_pool2d:0", {"kernel_size": [3], "stride": [2], "padding": [1]},
              [D(2, 2, 6, 5)]),
    "gg_ap": ("grad:avg_pool2d:0", {"kernel_size": [3], "stride": [2], "padding": [1],
                                     "count_include_pad": False}, [S(2, 2, 6, 5)]),
    "gg_aap": ("grad:adaptive_avg_pool2d:0", {"output_size": [3, 2]}, [S(2, 2, 7, 5)]),
}

# name: (op, args, specs): the forward or the backward raises.
ERRORS = {
    # conv2d
    "conv_channels": ("conv2d", {}, [S(1, 1, 28, 28), S(8, 3, 3, 3)]),
    "conv_unbatched_channels": ("conv2d", {}, [S(2, 5, 5), S(8, 1, 3, 3)]),
    "conv_weight3d": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3)]),
    "conv_weight3d_lists": ("conv2d", {"stride": [1], "padding": [0], "dilation": [1]},
                            [S(1, 1, 8, 8), S(8, 1, 3)]),
    "conv_weight5d": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3, 3)]),
    "conv_weight5d_outpad": ("conv2d", {"stride": [1, 1, 1], "padding": [0, 0, 0],
                                        "dilation": [1, 1, 1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3, 3)]),
    "conv_weight2d": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1)]),
    "conv_input2d": ("conv2d", {}, [S(28, 28), S(8, 1, 3, 3)]),
    "conv_input5d": ("conv2d", {}, [S(1, 1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_kernel_big": ("conv2d", {}, [S(1, 1, 4, 5), S(8, 1, 6, 3)]),
    "conv_kernel_big_dil": ("conv2d", {"dilation": [2], "padding": [0, 1]},
                            [S(1, 1, 4, 5), S(8, 1, 3, 3)]),
    "conv_bias_size": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3), S(7)]),
    "conv_bias_2d": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3), S(8, 1)]),
    "conv_bias_0d": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3), S()]),
    "conv_groups_div": ("conv2d", {"groups": 4}, [S(1, 4, 8, 8), S(6, 1, 3, 3)]),
    "conv_groups_small": ("conv2d", {"groups": 4}, [S(1, 4, 8, 8), S(2, 1, 3, 3)]),
    "conv_groups_channels": ("conv2d", {"groups": 2}, [S(1, 5, 8, 8), S(4, 2, 3, 3)]),
    "conv_groups0": ("conv2d", {"groups": 0}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_groups_neg_pad_neg": ("conv2d", {"groups": -1, "padding": [-1]},
                                [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_pad_neg": ("conv2d", {"padding": [-1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_pad_neg_channels": ("conv2d", {"padding": [-1]}, [S(1, 1, 8, 8), S(8, 2, 3, 3)]),
    "conv_stride0": ("conv2d", {"stride": [0]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_stride_neg": ("conv2d", {"stride": [1, -1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_dil0": ("conv2d", {"dilation": [0]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_dil_neg": ("conv2d", {"dilation": [1, -1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_dil0_channels": ("conv2d", {"dilation": [0]}, [S(1, 1, 8, 8), S(8, 2, 3, 3)]),
    "conv_dil0_dtype": ("conv2d", {"dilation": [0]},
                        [S(1, 1, 8, 8), S(8, 1, 3, 3, dtype="float64")]),
    "conv_stride3": ("conv2d", {"stride": [1, 1, 1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_pad3": ("conv2d", {"padding": [1, 1, 1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_dil3": ("conv2d", {"dilation": [1, 1, 1]}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_dtype_weight": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3, dtype="float64")]),
    "conv_dtype_input": ("conv2d", {}, [S(1, 1, 8, 8, dtype="float64"), S(8, 1, 3, 3)]),
    "conv_dtype_channels": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 2, 3, 3, dtype="float64")]),
    "conv_dtype_bias": ("conv2d", {}, [S(1, 1, 8, 8), S(8, 1, 3, 3), S(8, dtype="float64")]),
    "conv_dtype_bias_2d": ("conv2d", {}, [S(8, 8), S(8, 1, 3, 3), S(8, dtype="float64")]),
    "conv_dtype_bias_channels": ("conv2d", {},
                                 [S(1, 1, 8, 8), S(8, 2, 3, 3), S(8, dtype="float64")]),
    "conv_dtype_weight_bias": ("conv2d", {},
                               [S(1, 1, 8, 8), S(8, 1, 3, 3, dtype="float64"), S(8)]),
    "conv_half": ("conv2d", {}, [S(1, 1, 8, 8, dtype="float16"), S(8, 1, 3, 3, dtype="float16")]),
    "conv_same_stride": ("conv2d", {"padding": "same", "stride": [2]},
                         [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_same_stride3": ("conv2d", {"padding": "same", "stride": [1, 1, 1]},
                          [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_same_dil3": ("conv2d", {"padding": "same", "dilation": [1, 1, 1]},
                       [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_same_weight3d": ("conv2d", {"padding": "same"}, [S(1, 1, 8, 8), S(8, 1, 3)]),
    "conv_same_weight2d": ("conv2d", {"padding": "same"}, [S(1, 1, 8, 8), S(8, 1)]),
    "conv_same_channels": ("conv2d", {"padding": "same"}, [S(1, 2, 8, 8), S(8, 1, 3, 3)]),
    "conv_same_groups0": ("conv2d", {"padding": "same", "groups": 0},
                          [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_same_input2d": ("conv2d", {"padding": "same"}, [S(8, 8), S(8, 1, 3, 3)]),
    "conv_padding_string": ("conv2d", {"padding": "full"}, [S(1, 1, 8, 8), S(8, 1, 3, 3)]),
    "conv_valid_kernel_big": ("conv2d", {"padding": "valid"}, [S(1, 1, 4, 4), S(8, 1, 5, 5)]),

    # max_pool2d
    "mp_kernel0": ("max_pool2d", {"kernel_size": [0]}, [S(1, 2, 7, 7)]),
    "mp_kernel0_stride1": ("max_pool2d", {"kernel_size": [0], "stride": [1]}, [S(1, 2, 7, 7)]),
    "mp_kernel_neg": ("max_pool2d", {"kernel_size": [-2], "stride": [1]}, [S(1, 2, 7, 7)]),
    "mp_stride0": ("max_pool2d", {"kernel_size": [2], "stride": [0]}, [S(1, 2, 7, 7)]),
    "mp_stride_neg": ("max_pool2d", {"kernel_size": [2], "stride": [-1]}, [S(1, 2, 7, 7)]),
    "mp_dil0": ("max_pool2d", {"kernel_size": [2], "dilation": [0]}, [S(1, 2, 7, 7)]),
    "mp_pad_big": ("max_pool2d", {"kernel_size": [2], "padding": [2]}, [S(1, 2, 7, 7)]),
    "mp_pad_big_w": ("max_pool2d", {"kernel_size": [4, 2], "padding": [2, 2]}, [S(1, 2, 7, 7)]),
    "mp_pad_neg": ("max_pool2d", {"kernel_size": [2], "padding": [-1]}, [S(1, 2, 7, 7)]),
    "mp_too_small": ("max_pool2d", {"kernel_size": [3]}, [S(1, 2, 2, 2)]),
    "mp_too_small_dil": ("max_pool2d", {"kernel_size": [3], "dilation": [2]}, [S(1, 2, 4, 4)]),
    "mp_2d": ("max_pool2d", {"kernel_size": [2]}, [S(4, 4)]),
    "mp_5d": ("max_pool2d", {"kernel_size": [2]}, [S(1, 1, 1, 4, 4)]),
    "mp_channels0": ("max_pool2d", {"kernel_size": [2]}, [S(1, 0, 4, 4)]),
    "mp_3d_empty": ("max_pool2d", {"kernel_size": [2]}, [S(0, 4, 4)]),
    "mp_half": ("max_pool2d", {"kernel_size": [2]}, [S(1, 2, 4, 4, dtype="float16")]),
    "mp_long": ("max_pool2d", {"kernel_size": [2]}, [S(1, 2, 4, 4, dtype="int64")]),
    "mp_kernel3": ("max_pool2d", {"kernel_size": [2, 2, 2]}, [S(1, 2, 4, 4)]),
    "mp_stride3": ("max_pool2d", {"kernel_size": [2], "stride": [2, 2, 2]}, [S(1, 2, 4, 4)]),
    "mp_pad3": ("max_pool2d", {"kernel_size": [2], "padding": [0, 0, 0]}, [S(1, 2, 4, 4)]),
    "mp_dil3": ("max_pool2d", {"kernel_size": [2], "dilation": [1, 1, 1]}, [S(1, 2, 4, 4)]),
    "mpi_2d": ("max_pool2d_indices", {"kernel_size": [2]}, [S(4, 4)]),

    # avg_pool2d
    "ap_kernel0": ("avg_pool2d", {"kernel_size": [0]}, [S(1, 2, 7, 7)]),
    "ap_kernel0_stride1": ("avg_pool2d", {"kernel_size": [0], "stride": [1]}, [S(1, 2, 7, 7)]),
    "ap_stride0": ("avg_pool2d", {"kernel_size": [2], "stride": [0]}, [S(1, 2, 7, 7)]),
    "ap_stride_neg": ("avg_pool2d", {"kernel_size": [2], "stride": [-1, 1]}, [S(1, 2, 7, 7)]),
    "ap_pad_big": ("avg_pool2d", {"kernel_size": [2], "padding": [2]}, [S(1, 2, 7, 7)]),
    "ap_pad_neg": ("avg_pool2d", {"kernel_size": [2], "padding": [-1]}, [S(1, 2, 7, 7)]),
    "ap_too_small": ("avg_pool2d", {"kernel_size": [3]}, [S(1, 2, 2, 2)]),
    "ap_1d": ("avg_pool2d", {"kernel_size": [2]}, [S(4)]),
    "ap_2d": ("avg_pool2d", {"kernel_size": [2]}, [S(4, 4)]),
    "ap_5d": ("avg_pool2d", {"kernel_size": [2]}, [S(1, 1, 1, 4, 4)]),
    "ap_channels0": ("avg_pool2d", {"kernel_size": [2]}, [S(1, 0, 4, 4)]),
    "ap_divisor0": ("avg_pool2d", {"kernel_size": [2], "divisor_override": 0}, [S(1, 2, 4, 4)]),
    "ap_half": ("avg_pool2d", {"kernel_size": [2]}, [S(1, 2, 4, 4, dtype="float16")]),
    "ap_kernel3": ("avg_pool2d", {"kernel_size": [2, 2, 2]}, [S(1, 2, 4, 4)]),
    "ap_stride3": ("avg_pool2d", {"kernel_size": [2], "stride": [2, 2, 2]}, [S(1, 2, 4, 4)]),
    "ap_pad3": ("avg_pool2d", {"kernel_size": [2], "padding": [0, 0, 0]}, [S(1, 2, 4, 4)]),

    # adaptive_avg_pool2d
    "aap_2d": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(5, 6)]),
    "aap_5d": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(1, 1, 1, 5, 6)]),
    "aap_empty_h": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(1, 2, 0, 6)]),
    "aap_empty_w_3d": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(2, 5, 0)]),
    "aap_neg": ("adaptive_avg_pool2d", {"output_size": [-1, 2]}, [S(1, 2, 5, 5)]),
    "aap_half": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(1, 2, 5, 5, dtype="float16")]),
    "aap_long": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(1, 2, 5, 5, dtype="int64")]),
    "aap_long_1x1": ("adaptive_avg_pool2d", {"output_size": [1, 1]},
                     [S(1, 2, 5, 5, dtype="int64")]),
    # empty results: the forward works, PyTorch's backward refuses them
    "aap_empty_out": ("adaptive_avg_pool2d", {"output_size": [0, 2]}, [S(1, 2, 5, 5)]),
    "aap_channels0": ("adaptive_avg_pool2d", {"output_size": [2, 2]}, [S(1, 0, 5, 5)]),
}


def main():
    out = {"torch_version": torch.__version__, "cases": {}, "errors": {}}
    for name, entry in CASES.items():
        op, args, specs = entry[0], entry[1], entry[2]
        case = reflib.grad_case(fn(op, args), specs)
        if len(entry) > 3:
            case.update(entry[3])
        case.update({"op": op, "args": args})
        out["cases"][name] = case
    for name, (op, args, specs) in ERRORS.items():
        case = reflib.grad_error(fn(op, args), specs)
        case.update({"op": op, "args": args})
        out["errors"][name] = case
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv.json")
    with open(path, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {path}: {len(out['cases'])} cases, {len(out['errors'])} errors")


if __name__ == "__main__":
    main()
