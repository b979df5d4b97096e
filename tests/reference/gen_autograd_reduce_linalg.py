"""Gradients of the reductions, scans, sorts and matrix products, as real PyTorch computes them
(the C++ side is tests/autograd/reduce_linalg_test.cpp). Node names are libtorch's: norm is
called through its ATen overloads (Python's Tensor.norm reaches norm.ScalarOpt_dim for every
call, libtorch's Tensor::norm(p) is norm.Scalar)."""
import torch

import reflib
from reflib import write_grad_reference

INF = float("inf")
NO_GRADCHECK = {"gradcheck": False}


def S(*shape, **kw):
    return dict({"shape": list(shape)}, **kw)


def D(*shape, **kw):
    """Distinct values (no ties for max/sort)."""
    return S(*shape, domain="distinct", **kw)


def norm_all(a, p):
    return torch.ops.aten.norm.Scalar(a, p)


def norm_dim(a, p, dim, keepdim=False):
    return torch.ops.aten.norm.ScalarOpt_dim(a, p, dim, keepdim)


def mlp_loss(x, w1, b1, w2, b2, target):
    h = torch.addmm(b1, x, w1).relu()
    out = h.mm(w2) + b2
    return ((out - target) ** 2).mean()


def std_mean_sum(a):
    s, m = torch.std_mean(a, 1)
    return s + m


def var_mean_sum(a):
    v, m = torch.var_mean(a, dim=[1], correction=0)
    return m + v


# |x| without ties, signs mixed (inf norms pick one element).
MIXED = [[0.3, -1.7, 2.2, 0.9], [-0.8, 1.1, -2.5, 1.4], [1.9, -0.2, 0.6, -1.3]]

CASES = {
    # sum: stray-node checks (dtype conversion, reshaped results)
    "sum_dtype": (lambda a: a.sum(dtype=torch.float64), [S(2, 3)]),
    "sum_dim_t": (lambda a: a.sum(0), [S(3, 4, layout="t")]),
    # mean
    "mean_all": (lambda a: a.mean(), [S(2, 3)]),
    "mean_all_t": (lambda a: a.mean(), [S(3, 4, layout="t")]),
    "mean_0d": (lambda a: a.mean(), [S()]),
    "mean_0d_dim": (lambda a: a.mean(0), [S()]),
    "mean_dim": (lambda a: a.mean(1), [S(3, 4)]),
    "mean_dims_keepdim": (lambda a: a.mean([0, -1], keepdim=True), [S(2, 3, 4)]),
    "mean_negdim_step": (lambda a: a.mean(-1), [S(3, 4, layout="step")]),
    "mean_dtype": (lambda a: a.mean(dtype=torch.float64), [S(2, 3)]),
    "mean_expand": (lambda a: a.mean(0), [S(3, 4, layout="expand")]),
    # prod
    "prod_all": (lambda a: a.prod(), [S(2, 3)]),
    "prod_all_t": (lambda a: a.prod(), [S(2, 3, layout="t")]),
    "prod_0d": (lambda a: a.prod(), [S()]),
    "prod_0d_dim": (lambda a: a.prod(0), [S()]),
    "prod_dim": (lambda a: a.prod(1), [S(3, 4)]),
    "prod_dim_keepdim_neg": (lambda a: a.prod(-2, keepdim=True), [S(3, 4, layout="step")]),
    "prod_1d_dim": (lambda a: a.prod(0), [S(5)]),
    "prod_one_zero": (lambda a: a.prod(), [S(2, 3, data=[1.5, 0.0, 2.0, -0.5, 1.2, 3.0])]),
    "prod_two_zeros": (lambda a: a.prod(), [S(2, 3, data=[1.5, 0.0, 2.0, 0.0, 1.2, 3.0])]),
    "prod_dim_zeros": (lambda a: a.prod(1), [S(2, 3, data=[1.0, 0.0, 2.0, 3.0, 0.0, 3.0])]),
    "prod_dim0_zeros": (lambda a: a.prod(0, keepdim=True),
                        [S(2, 3, data=[1.0, 0.0, 2.0, 0.0, 0.0, 3.0])]),
    "prod_dtype": (lambda a: a.prod(1, dtype=torch.float64), [S(2, 3)]),
    # max / min
    "max_all": (lambda a: a.max(), [D(3, 4)]),
    "min_all_t": (lambda a: a.min(), [D(3, 4, layout="t")]),
    "max_all_tie": (lambda a: a.max(), [S(4, data=[1.0, 2.0, 2.0, 0.5])], NO_GRADCHECK),
    "min_all_tie": (lambda a: a.min(), [S(2, 2, data=[-1.0, 2.0, -1.0, -1.0])], NO_GRADCHECK),
    "max_dim": (lambda a: a.max(1)[0], [D(3, 4)]),
    "max_dim_keepdim_neg": (lambda a: a.max(-1, keepdim=True)[0], [D(2, 3, 4)]),
    "min_dim_step": (lambda a: a.min(0)[0], [D(3, 4, layout="step")]),
    "max_dim_0d": (lambda a: a.max(0)[0], [S()]),
    "max_dim_1d": (lambda a: a.max(0)[0], [D(5)]),
    "max_dim_tie": (lambda a: a.max(1)[0], [S(2, 3, data=[1.0, 3.0, 3.0, 2.0, 2.0, 0.0])],
                    NO_GRADCHECK),
    # amax / amin (ties split evenly)
    "amax_dim": (lambda a: a.amax(1), [D(3, 4)]),
    "amax_dims_keepdim": (lambda a: a.amax([0, 2], keepdim=True), [D(2, 3, 4)]),
    "amin_all": (lambda a: a.amin(), [D(3, 4, layout="t")]),
    "amin_neg_dim": (lambda a: a.amin(-1), [D(3, 4, layout="step")]),
    "amax_0d": (lambda a: a.amax(), [S()]),
    "amax_tie": (lambda a: a.amax(1), [S(2, 3, data=[1.0, 3.0, 3.0, 2.0, 2.0, 2.0])],
                 NO_GRADCHECK),
    "amin_tie_all": (lambda a: a.amin(), [S(4, data=[0.5, -1.0, 2.0, -1.0])], NO_GRADCHECK),
    # indices: integer results, never differentiable
    "argmax_all": (lambda a: a.argmax(), [D(3, 4)]),
    "argmin_dim": (lambda a: a.argmin(1, keepdim=True), [D(3, 4)]),
    "max_dim_indices": (lambda a: a.max(1)[1], [D(3, 4)]),
    "sort_indices": (lambda a: a.sort(0)[1], [D(3, 4)]),
    "topk_indices": (lambda a: a.topk(2)[1], [D(3, 4)]),
    "all_bool": (lambda a: a.all(), [S(2, 3)]),
    "any_dim": (lambda a: (a > 0).any(1), [S(2, 3)]),
    # std / var (every overload is std.correction / var.correction)
    "std_all": (lambda a: a.std(), [S(3, 4)]),
    "std_all_biased": (lambda a: a.std(unbiased=False), [S(3, 4, layout="t")]),
    "std_dim": (lambda a: a.std(1), [S(3, 4)]),
    "std_dims_keepdim": (lambda a: a.std([0, -1], unbiased=False, keepdim=True), [S(2, 3, 4)]),
    "std_correction": (lambda a: a.std(dim=1, correction=2), [S(3, 5, layout="step")]),
    "std_1d_dim": (lambda a: a.std(0), [S(5)]),
    "std_0d": (lambda a: a.std(0, unbiased=False), [S()]),
    "var_all": (lambda a: a.var(), [S(3, 4)]),
    "var_dim": (lambda a: a.var(0), [S(3, 4, layout="t")]),
    "var_dim_keepdim": (lambda a: a.var(-1, unbiased=False, keepdim=True), [S(2, 3, 4)]),
    "var_correction_all": (lambda a: a.var(None, correction=0), [S(3, 4)]),
    "var_correction_dims": (lambda a: a.var(dim=[0, 1], correction=3), [S(2, 3, 2)]),
    "var_0d": (lambda a: a.var(unbiased=False), [S()]),
    "std_mean_sum": (std_mean_sum, [S(3, 4)]),
    "std_mean_std": (lambda a: torch.std_mean(a)[0], [S(3, 4)]),
    "std_mean_mean_keepdim": (lambda a: torch.std_mean(a, [0], keepdim=True)[1], [S(3, 4)]),
    "var_mean_var": (lambda a: torch.var_mean(a, 1, unbiased=False)[0], [S(3, 4, layout="t")]),
    "var_mean_correction": (var_mean_sum, [S(3, 4)]),
    # norm
    "norm_2": (lambda a: norm_all(a, 2), [S(3, 4)]),
    "norm_1": (lambda a: norm_all(a, 1), [S(3, 4, layout="t")]),
    "norm_3": (lambda a: norm_all(a, 3), [S(3, 4)]),
    "norm_1_5": (lambda a: norm_all(a, 1.5), [S(3, 4)]),
    "norm_0_5": (lambda a: norm_all(a, 0.5), [S(3, 4)]),
    "norm_neg1": (lambda a: norm_all(a, -1), [S(3, 4)]),
    "norm_inf": (lambda a: norm_all(a, INF), [S(3, 4, data=MIXED)]),
    "norm_neg_inf": (lambda a: norm_all(a, -INF), [S(3, 4, data=MIXED)]),
    "norm_0": (lambda a: norm_all(a, 0), [S(3, 4)]),
    "norm_0d": (lambda a: norm_all(a, 2), [S()]),
    "norm_zeros": (lambda a: norm_all(a, 2), [S(2, 2, data=[0.0, 0.0, 0.0, 0.0])], NO_GRADCHECK),
    "norm_inf_tie": (lambda a: norm_all(a, INF), [S(4, data=[1.0, -2.0, 2.0, 0.5])],
                     NO_GRADCHECK),
    "norm_dim": (lambda a: norm_dim(a, 2, [1]), [S(3, 4)]),
    "norm_dim_keepdim": (lambda a: norm_dim(a, 2, [-1], True), [S(3, 4, layout="step")]),
    "norm_dims_p3": (lambda a: norm_dim(a, 3, [0, 2]), [S(2, 3, 4)]),
    "norm_dim_p1": (lambda a: norm_dim(a, 1, [0]), [S(3, 4, layout="t")]),
    "norm_dim_inf": (lambda a: norm_dim(a, INF, [1], True), [S(3, 4, data=MIXED)]),
    "norm_dim_p0_5": (lambda a: norm_dim(a, 0.5, [1]), [S(3, 4)]),
    "norm_dim_p1_5": (lambda a: norm_dim(a, 1.5, [0]), [S(3, 4)]),
    "norm_dim_0d": (lambda a: norm_dim(a, 2, [0]), [S()]),
    "norm_nullopt_dim": (lambda a: torch.ops.aten.norm.ScalarOpt_dim(a, None, [1]), [S(3, 4)]),
    # logsumexp
    "logsumexp_dim": (lambda a: a.logsumexp(1), [S(3, 4)]),
    "logsumexp_keepdim_neg": (lambda a: a.logsumexp(-2, keepdim=True), [S(3, 4, layout="t")]),
    "logsumexp_dims": (lambda a: a.logsumexp([0, 2]), [S(2, 3, 4)]),
    "logsumexp_0d": (lambda a: a.logsumexp(0), [S()]),
    "logsumexp_step": (lambda a: a.logsumexp(1), [S(3, 4, layout="step")]),
    # cumsum / cumprod
    "cumsum_dim": (lambda a: a.cumsum(1), [S(3, 4)]),
    "cumsum_neg_t": (lambda a: a.cumsum(-2), [S(3, 4, layout="t")]),
    "cumsum_0d": (lambda a: a.cumsum(0), [S()]),
    "cumsum_size1": (lambda a: a.cumsum(0), [S(1, 4)]),
    "cumsum_dtype": (lambda a: a.cumsum(0, dtype=torch.float64), [S(3, 4)]),
    "cumsum_step": (lambda a: a.cumsum(1), [S(2, 4, layout="step")]),
    "cumprod_dim": (lambda a: a.cumprod(1), [S(3, 4)]),
    "cumprod_neg_t": (lambda a: a.cumprod(-2), [S(3, 4, layout="t")]),
    "cumprod_0d": (lambda a: a.cumprod(0), [S()]),
    "cumprod_one_zero": (lambda a: a.cumprod(1),
                         [S(2, 4, data=[1.5, 0.0, 2.0, -0.5, 1.2, 3.0, 0.0, 0.7])]),
    "cumprod_two_zeros": (lambda a: a.cumprod(0),
                          [S(4, 2, data=[1.5, 0.0, 0.0, -0.5, 1.2, 0.0, 0.0, 0.7])]),
    # sort / topk (values differentiable)
    "sort_dim": (lambda a: a.sort(1)[0], [D(3, 4)]),
    "sort_desc_t": (lambda a: a.sort(0, descending=True)[0], [D(3, 4, layout="t")]),
    "sort_stable": (lambda a: torch.sort(a, stable=True, dim=0)[0], [D(3, 4)]),
    "sort_0d": (lambda a: a.sort()[0], [S()]),
    "topk": (lambda a: a.topk(2)[0], [D(3, 4)]),
    "topk_smallest_dim0": (lambda a: a.topk(2, dim=0, largest=False)[0], [D(3, 4, layout="step")]),
    "topk_0d": (lambda a: a.topk(1)[0], [S()]),
    # matrix products
    "mm": (lambda a, b: a.mm(b), [S(2, 3), S(3, 4)]),
    "mm_t": (lambda a, b: a.mm(b), [S(2, 3, layout="t"), S(3, 4, layout="t")]),
    "mm_step": (lambda a, b: a.mm(b), [S(2, 3, layout="step"), S(3, 4)]),
    "mm_one_grad": (lambda a, b: a.mm(b), [S(2, 3), S(3, 4, grad=False)]),
    "addmm": (lambda c, a, b: torch.addmm(c, a, b), [S(4), S(2, 3), S(3, 4)]),
    "addmm_scaled": (lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2.0),
                     [S(2, 4, layout="t"), S(2, 3, layout="t"), S(3, 4)]),
    "addmm_beta0": (lambda c, a, b: torch.addmm(c, a, b, beta=0.0), [S(1, 4), S(2, 3), S(3, 4)]),
    "addmm_no_self_grad": (lambda c, a, b: torch.addmm(c, a, b, alpha=-1.0),
                           [S(4, grad=False), S(2, 3), S(3, 4, layout="t")]),
    "bmm": (lambda a, b: a.bmm(b), [S(2, 3, 4), S(2, 4, 5)]),
    "bmm_t": (lambda a, b: a.bmm(b), [S(2, 3, 4, layout="t"), S(2, 4, 5, layout="step")]),
    "mv": (lambda a, v: a.mv(v), [S(3, 4), S(4)]),
    "mv_t_step": (lambda a, v: a.mv(v), [S(3, 4, layout="t"), S(4, layout="step")]),
    "dot": (lambda a, b: a.dot(b), [S(5), S(5)]),
    "dot_step": (lambda a, b: a.dot(b), [S(5, layout="step"), S(5, grad=False)]),
    "outer": (lambda a, b: torch.outer(a, b), [S(3), S(4)]),
    "outer_step": (lambda a, b: torch.outer(a, b), [S(3, layout="step"), S(4)]),
    # matmul: every rank combination (the top node is what PyTorch's composite records last)
    "matmul_1_1": (lambda a, b: a @ b, [S(4), S(4)]),
    "matmul_2_1": (lambda a, b: a @ b, [S(3, 4), S(4)]),
    "matmul_1_2": (lambda a, b: a @ b, [S(3), S(3, 4)]),
    "matmul_2_2": (lambda a, b: a @ b, [S(2, 3), S(3, 4, layout="t")]),
    "matmul_3_1": (lambda a, b: a @ b, [S(2, 3, 4), S(4)]),
    "matmul_1_3": (lambda a, b: a @ b, [S(3), S(2, 3, 4)]),
    "matmul_3_2": (lambda a, b: a @ b, [S(2, 3, 4), S(4, 5)]),
    "matmul_3_2_one_grad": (lambda a, b: a @ b, [S(2, 3, 4), S(4, 5, grad=False)]),
    "matmul_3t_2": (lambda a, b: a @ b, [S(2, 3, 4, layout="t"), S(4, 5)]),
    "matmul_2_3": (lambda a, b: a @ b, [S(5, 3), S(2, 3, 4)]),
    "matmul_3_3": (lambda a, b: a @ b, [S(2, 3, 4), S(2, 4, 5)]),
    "matmul_4_3": (lambda a, b: a @ b, [S(2, 1, 3, 4), S(3, 4, 5)]),
    "matmul_3_4": (lambda a, b: a @ b, [S(3, 4), S(2, 3, 4, 5)]),
    "matmul_4_1": (lambda a, b: a @ b, [S(2, 2, 3, 4), S(4)]),
    "matmul_1_4": (lambda a, b: a @ b, [S(3), S(2, 2, 3, 4)]),
    "matmul_4_2": (lambda a, b: a @ b, [S(2, 2, 3, 4, layout="step"), S(4, 5)]),
    "matmul_2_4": (lambda a, b: a @ b, [S(5, 3), S(2, 2, 3, 4)]),
    "matmul_4_4_broadcast": (lambda a, b: a @ b, [S(2, 1, 3, 4), S(1, 3, 4, 2)]),
    "matmul_3_3_expand": (lambda a, b: a @ b, [S(3, 2, 4, layout="expand"), S(3, 4, 5)]),
    # a small network built from the products
    "mlp_loss": (mlp_loss, [S(4, 5), S(5, 6), S(6), S(6, 3), S(3), S(4, 3, grad=False)]),
}



def graph(fn):
    """The recorded graph below fn, as the C++ test prints ember's: Name(next next ...), with
    Leaf for a leaf's AccumulateGrad and None for an input that needs no gradient."""
    if fn is None:
        return "None"
    name = type(fn).__name__
    if name == "AccumulateGrad":
        return "Leaf"
    if not fn.next_functions:
        return name
    return name + "(" + " ".join(graph(f) for f, _ in fn.next_functions) + ")"


def with_graph(key):
    """Adds the whole graph of a case's result to its options."""
    f, specs = CASES[key][0], CASES[key][1]
    gen = torch.Generator().manual_seed(0)
    leaves = []
    for spec in specs:
        leaf = reflib._leaf_values(spec, gen)
        if leaf.dtype.is_floating_point and spec.get("grad", True):
            leaf.requires_grad_()
        leaves.append(leaf)
    out = f(*[reflib._apply_layout(leaf, spec) for leaf, spec in zip(leaves, specs)])
    options = dict(CASES[key][2]) if len(CASES[key]) > 2 else {}
    options["graph"] = graph(out.grad_fn)
    CASES[key] = (f, specs, options)


# Every case's whole graph: composites record PyTorch's inner nodes, the others no stray ones
# (dtype conversions, reshaped results).
for key in list(CASES):
    with_graph(key)

write_grad_reference("autograd_reduce_linalg", CASES)
