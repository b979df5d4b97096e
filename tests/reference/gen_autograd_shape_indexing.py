"""Gradients of the shape/view and indexing ops, as real PyTorch computes them (the C++ side is
tests/autograd/shape_indexing_test.cpp). Each case names the node PyTorch records; where the
C++ API of libtorch names it differently the case says so."""
import torch

from reflib import write_grad_reference


def idx(data, shape=None):
    """An int64 index input (never requires grad)."""
    return {"shape": shape if shape is not None else [len(data)], "dtype": "int64", "data": data}


def mask(data, shape):
    return {"shape": shape, "dtype": "bool", "data": data}


def s(*shape, **kw):
    return dict({"shape": list(shape)}, **kw)


NOGRAD = {"grad": False}


# ---- in-place writes, as functions (a lambda cannot assign) -------------------------------------

def put_tensor(a, i, v):
    b = a.clone()
    b[i] = v
    return b


def put_two(a, i, j, v):
    b = a.clone()
    b[i, :, j] = v
    return b


def put_mask_scalar(a, m):
    b = a.clone()
    b[m] = 0.5
    return b


def put_int(a, v):
    b = a.clone()
    b[1] = v
    return b


def put_int_int(a, w):
    b = a.clone()
    b[0, 1] = w
    return b


def put_slice_fill(a, w):
    b = a.clone()
    b[:, 1:3] = w
    return b


def put_ellipsis_fill(a, w):
    b = a.clone()
    b[...] = w
    return b


def put_slice_tensor(a, i, v):
    b = a.clone()
    b[:, i] = v
    return b


def into_zeros(w):
    out = torch.zeros(3, dtype=w.dtype)
    out[0] = w * w
    return out


def into_zeros_index(w, i):
    out = torch.zeros(5, dtype=w.dtype)
    out[i] = w
    return out


def view_inplace(a, m):
    b = a.clone()
    b.view(6).masked_fill_(m, 0.0)
    return b


def view_inplace_returns_view(a, i, src):
    b = a.clone()
    v = b[:, 1]
    v.scatter_(0, i, src)
    return v


def view_chain_inplace(a, v):
    b = a * a
    b.t()[1][0:2] = v
    return b


M = s(2, 3)
M_T = s(2, 3, layout="t")
M_STEP = s(2, 3, layout="step")

CASES = {
    # ---- view / reshape / flatten -------------------------------------------------------------
    "view": (lambda a: a.view(3, 2), [M]),
    "view_infer": (lambda a: a.view(-1, 1, 2), [s(3, 4)]),
    "view_step": (lambda a: a.view(2, 3, 1), [M_STEP]),
    "reshape_view": (lambda a: a.reshape(3, 2), [M]),
    "reshape_copy": (lambda a: a.reshape(6), [M_T]),
    "reshape_expand": (lambda a: a.reshape(-1), [s(2, 3, layout="expand")]),
    "flatten": (lambda a: a.flatten(), [s(2, 3, 2)]),
    "flatten_range": (lambda a: a.flatten(-2, -1), [s(2, 3, 2)]),
    "flatten_t": (lambda a: a.flatten(), [M_T]),
    "flatten_1d": (lambda a: a.flatten(), [s(4)]),
    "flatten_0d": (lambda a: a.flatten(), [s()]),
    "unflatten": (lambda a: a.unflatten(1, (2, 2)), [s(3, 4)]),
    "unflatten_neg": (lambda a: a.unflatten(-1, (2, -1)), [s(3, 4)]),
    # ---- squeeze / unsqueeze / permute / expand -----------------------------------------------
    "squeeze": (lambda a: a.squeeze(), [s(1, 3, 1, 2)]),
    "squeeze_dim": (lambda a: a.squeeze(-2), [s(3, 1, 2)]),
    "squeeze_dim_noop": (lambda a: a.squeeze(0), [s(3, 2)]),
    "squeeze_t": (lambda a: a.squeeze(), [s(1, 3, layout="t")]),
    "unsqueeze": (lambda a: a.unsqueeze(-1), [M_T]),
    "unsqueeze_front": (lambda a: a.unsqueeze(0), [M_STEP]),
    "permute": (lambda a: a.permute(2, 0, 1), [s(2, 3, 4)]),
    "permute_neg": (lambda a: a.permute(-1, 0, 1), [s(2, 3, 4, layout="t")]),
    "expand": (lambda a: a.expand(4, 2, 2, 3), [s(2, 1, 3)]),
    "expand_infer": (lambda a: a.expand(-1, 4), [s(3, 1)]),
    "expand_0d": (lambda a: a.expand(2, 3), [s()]),
    "expand_t": (lambda a: a.expand(2, 3, 2), [s(3, 2, layout="t")]),
    "expand_as": (lambda a, b: a.expand_as(b), [s(3), s(2, 3, grad=False)]),
    # ---- slices -------------------------------------------------------------------------------
    "narrow": (lambda a: a.narrow(0, 1, 2), [s(4, 3, layout="t")]),
    "narrow_neg": (lambda a: a.narrow(-1, -3, 2), [s(2, 4)]),
    "slice_step": (lambda a: a[:, ::2], [s(3, 5)]),
    "slice_of_step": (lambda a: a[1:, 1:], [M_STEP]),
    "mT": (lambda a: a.mT, [s(2, 3, 4)]),
    # ---- unbind / chunk / split ----------------------------------------------------------------
    "unbind_one": (lambda a: a.unbind(-1)[1], [M]),
    "unbind_two": (lambda a: a.unbind(0)[0] + a.unbind(0)[2], [s(3, 2, layout="t")]),
    "chunk": (lambda a: a.chunk(2, 1)[1], [s(2, 5)]),
    "chunk_two": (lambda a: a.chunk(2, 1)[0] - a.chunk(2, 1)[1], [s(2, 4)]),
    "split": (lambda a: a.split(2, 0)[1], [s(5, 3)]),
    "split_last": (lambda a: a.split(2, 0)[2], [s(5, 3, layout="t")]),
    "split_sizes": (lambda a: a.split([1, 3], -1)[1], [s(2, 4)]),
    # ---- cat / stack ---------------------------------------------------------------------------
    "cat": (lambda a, b: torch.cat([a, b], 1), [M, s(2, 2, layout="t")]),
    "cat_three": (lambda a, b, c: torch.cat([a, b, c], -2), [M, s(1, 3), s(2, 3, layout="step")]),
    "cat_skip_empty": (lambda a, e: torch.cat([a, e], 0), [M, s(0)]),
    "cat_dtypes": (lambda a, b: torch.cat([a, b]), [s(2), s(3, dtype="float64")]),
    "cat_nograd": (lambda a, b: torch.cat([a, b], 0), [M, s(1, 3, grad=False)]),
    "stack": (lambda a, b: torch.stack([a, b], 1), [M, M_T]),
    "stack_neg": (lambda a, b: torch.stack([a, b], -1), [M, s(2, 3, layout="expand")]),
    # ---- flip / roll / repeat ------------------------------------------------------------------
    "flip": (lambda a: a.flip(0, -1), [s(2, 3, 4)]),
    "flip_t": (lambda a: a.flip(1), [M_T]),
    "roll": (lambda a: a.roll(1, 1), [M]),
    "roll_multi": (lambda a: a.roll((1, -2), (0, 1)), [s(3, 4, layout="t")]),
    "roll_flat": (lambda a: a.roll(2), [M]),
    "repeat": (lambda a: a.repeat(2, 1, 3), [M]),
    "repeat_t": (lambda a: a.repeat(2, 2), [M_T]),
    "repeat_1d": (lambda a: a.repeat(3), [s(2)]),
    # ---- tril / triu / diag --------------------------------------------------------------------
    "tril": (lambda a: a.tril(), [s(3, 4)]),
    "tril_k": (lambda a: a.tril(-1), [s(2, 3, 3, layout="t")]),
    "triu": (lambda a: a.triu(1), [s(3, 4)]),
    "triu_step": (lambda a: a.triu(-1), [s(3, 3, layout="step")]),
    "diag_vec": (lambda a: a.diag(), [s(3)]),
    "diag_vec_k": (lambda a: a.diag(1), [s(3)]),
    "diag_vec_neg": (lambda a: a.diag(-2), [s(2)]),
    "diag_mat": (lambda a: a.diag(), [s(3, 4)]),
    "diag_mat_neg": (lambda a: a.diag(-1), [s(4, 3, layout="t")]),
    "diag_mat_k": (lambda a: a.diag(2), [s(3, 4)]),
    # ---- basic indexing ------------------------------------------------------------------------
    "index_int": (lambda a: a[1], [s(3, 4)]),
    "index_int_slice": (lambda a: a[1, 1:], [s(3, 4)]),
    "index_neg_step": (lambda a: a[-1, ::2], [s(3, 4, layout="t")]),
    "index_none": (lambda a: a[None], [M]),
    "index_slice_none": (lambda a: a[:, None], [M]),
    "index_ellipsis": (lambda a: a[...], [M]),
    "index_ellipsis_int": (lambda a: a[..., 0], [s(2, 3, 4)]),
    "index_full_slices": (lambda a: a[0:2, 0:3], [M]),
    "index_0d_long": (lambda a, i: a[i], [M, idx(1, [])]),
    # ---- advanced indexing ---------------------------------------------------------------------
    "index_tensor": (lambda a, i: a[i], [s(3, 4), idx([2, 0, 2])]),
    "index_tensor_t": (lambda a, i: a[i], [s(3, 4, layout="t"), idx([1, -1, 1])]),
    "index_two": (lambda a, i, j: a[i, j], [s(3, 4), idx([0, 2], [2, 1]), idx([1, 3, 3], [3])]),
    "index_nonadjacent": (lambda a, i, j: a[i, :, j], [s(3, 4, 5), idx([0, 2, 0]), idx([1, 1, 4])]),
    "index_slice_tensor": (lambda a, i: a[:, i], [s(3, 4), idx([3, 3, 0])]),
    "index_mask": (lambda a, m: a[m], [s(3, 4), mask([True, False, True, True, False, False, True, False, False, True, True, False], [3, 4])]),
    "index_mask_rows": (lambda a, m: a[m], [s(3, 4, layout="t"), mask([True, False, True], [3])]),
    "index_true": (lambda a: a[True], [M]),
    "index_false": (lambda a: a[False], [M]),
    # ---- index_put_ (x[idx] = value) -----------------------------------------------------------
    "put_tensor": (put_tensor, [s(3, 4), idx([2, 0]), s(2, 4)]),
    "put_tensor_broadcast": (put_tensor, [s(3, 4), idx([2, 0]), s(4)]),
    "put_tensor_dup": (put_tensor, [s(3, 4), idx([1, 1]), s(1, 4)], {"gradcheck": False}),
    "put_two": (put_two, [s(3, 2, 4), idx([0, 2]), idx([1, 3]), s(2, 2)]),
    "put_mask_scalar": (put_mask_scalar, [M, mask([True, False, False, True, True, False], [2, 3])]),
    "put_mask_tensor": (put_tensor, [M, mask([True, False, False, True, True, False], [2, 3]), s()]),
    "put_mask_values": (put_tensor, [M, mask([False, True, True, False, False, True], [2, 3]), s(3)]),
    "put_int": (put_int, [s(3, 4), s(4)]),
    "put_int_int": (put_int_int, [M, s()]),
    "put_slice_fill": (put_slice_fill, [s(2, 4), s()]),
    "put_ellipsis_fill": (put_ellipsis_fill, [M, s()]),
    "put_slice_tensor": (put_slice_tensor, [s(3, 4), idx([3, 0]), s(3, 2)]),
    "put_into_zeros": (into_zeros, [s()]),
    "put_into_zeros_index": (into_zeros_index, [s(2), idx([4, 1])]),
    "put_nograd_value": (put_tensor, [M, idx([1]), s(3, grad=False)]),
    # ---- gather / scatter / index_select -------------------------------------------------------
    "gather": (lambda a, i: a.gather(1, i), [M, idx([0, 0, 2, 1, 2, 1], [2, 3])]),
    "gather_neg_t": (lambda a, i: a.gather(-2, i), [s(3, 2, layout="t"), idx([2, 0, 2, 2], [2, 2])]),
    "gather_smaller": (lambda a, i: a.gather(1, i), [s(4, 3), idx([1, 1, 0, 2], [2, 2])]),
    "gather_1d": (lambda a, i: a.gather(0, i), [s(4), idx([3, 3, 0])]),
    "scatter_src": (lambda a, i, b: a.scatter(1, i, b), [M, idx([0, 2, 1, 0], [2, 2]), s(2, 2)]),
    "scatter_src_t": (lambda a, i, b: a.scatter(0, i, b), [s(3, 2, layout="t"), idx([2, 0], [1, 2]), s(1, 2)]),
    "scatter_value": (lambda a, i: a.scatter(0, i, 1.5), [M, idx([1, 0, 1], [1, 3])]),
    "scatter_inplace": (lambda a, i, b: a.clone().scatter_(1, i, b), [M, idx([0, 2, 1, 0], [2, 2]), s(2, 2)]),
    "scatter_value_inplace": (lambda a, i: (a * a).scatter_(-1, i, 2.0), [M, idx([2, 1], [2, 1])]),
    "index_select": (lambda a, i: a.index_select(0, i), [s(3, 4), idx([2, 0, 2])]),
    "index_select_neg_t": (lambda a, i: a.index_select(-1, i), [s(3, 4, layout="t"), idx([1, 1])]),
    "index_select_int32": (lambda a, i: a.index_select(1, i), [M, {"shape": [2], "dtype": "int32", "data": [2, 2]}]),
    "index_select_0d": (lambda a, i: a.index_select(0, i), [s(), idx([0])]),
    # ---- masks ---------------------------------------------------------------------------------
    "masked_fill": (lambda a, m: a.masked_fill(m, 0.5), [M, mask([True, False, False, True, True, False], [2, 3])]),
    "masked_fill_broadcast": (lambda a, m: a.masked_fill(m, -1.0), [M_T, mask([False, True, False], [3])]),
    "masked_fill_bigger_mask": (lambda a, m: a.masked_fill(m, 2.0), [s(3), mask([True, False, False, True, True, False], [2, 3])]),
    "masked_fill_tensor": (lambda a, m, v: a.masked_fill(m, v), [M, mask([True, False, False, True, True, False], [2, 3]), s()]),
    "masked_fill_tensor_nograd": (lambda a, m, v: a.masked_fill(m, v), [M, mask([True, False, True], [3]), s(grad=False)]),
    "masked_fill_inplace": (lambda a, m: a.clone().masked_fill_(m, 2.0), [M_STEP, mask([True, False, False, True, True, False], [2, 3])]),
    "masked_fill_tensor_inplace": (lambda a, m, v: (a * a).masked_fill_(m, v), [M, mask([False, True, True], [3]), s()]),
    "masked_select": (lambda a, m: a.masked_select(m), [M, mask([True, False, False, True, True, False], [2, 3])]),
    # Not the "t" layout: PyTorch 1.13's masked_select backward (masked_scatter_ into zeros that
    # keep a transposed input's strides) fills in memory order, a wrong gradient ember does not copy.
    "masked_select_broadcast": (lambda a, m: a.masked_select(m), [M_STEP, mask([True, False, True], [3])]),
    "masked_select_bigger_mask": (lambda a, m: a.masked_select(m), [s(3), mask([True, False, False, True, True, True], [2, 3])]),
    "nonzero": (lambda a: a.nonzero(), [M]),
    # ---- in-place through views ----------------------------------------------------------------
    "view_inplace": (view_inplace, [M, mask([True, False, False, True, True, False], [6])]),
    "view_inplace_returns_view": (view_inplace_returns_view, [s(3, 3), idx([2, 0], [2]), s(2)]),
    "view_chain_inplace": (view_chain_inplace, [s(3, 2), s(2)]),
}

ERRORS = {
    # src larger than index: PyTorch's ScatterBackward0 returns a gradient of index's shape.
    "scatter_src_larger": (lambda a, i, b: a.scatter(1, i, b), [M, idx([0, 2], [1, 2]), s(2, 3)]),
    "put_leaf": (lambda a, i: a.index_put_((i,), torch.tensor(1.0)), [M, idx([0])]),
    "put_view_of_leaf": (lambda a: a.view(6).index_put_((torch.tensor([0]),), torch.tensor(1.0)), [M]),
    "masked_fill_leaf": (lambda a: a.masked_fill_(torch.tensor([True, False, True]), 1.0), [M]),
    "scatter_leaf": (lambda a: a.scatter_(0, torch.tensor([[0, 1, 0]]), 1.0), [M]),
    "view_of_leaf_inplace": (lambda a: a.view(3, 2).masked_fill_(torch.tensor([True, False]), 1.0), [M]),
}

write_grad_reference("autograd_shape_indexing", CASES, ERRORS)
