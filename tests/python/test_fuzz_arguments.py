"""Fuzzing the Python entry points: hypothesis builds arbitrary arguments (numbers at and beyond
every integer limit, nan and infinities, strings, bytes, None, nested and ragged lists and
tuples, NumPy scalars and arrays, tensors of every dtype, dtypes, devices, slices, objects of no
use at all) and calls ember's functions, tensor methods, indexing and ember.tensor() with them.

- The argument parser and every function behind it: whatever the arguments, the call returns or
  raises one of the exceptions PyTorch raises for bad arguments; never a crash, a SystemError (a C
  function that failed without setting an exception) or another kind of exception.
- ember.tensor() conversion: the outcome is PyTorch's (the same value and dtype, or the same
  exception type and message).

Seeded and derandomized (the same cases every run), as the other property tests.
"""
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import ember
from differential import Outcome, compare
from test_properties import SETTINGS  # the property tests' deterministic hypothesis settings


# What bad arguments may raise (PyTorch raises these too).
ALLOWED = (TypeError, ValueError, RuntimeError, IndexError, OverflowError, NotImplementedError,
           AssertionError, ZeroDivisionError)

INT_LIMITS = [0, 1, -1, 2, 3, 127, 128, 255, 256, -129, 2**15, 2**31 - 1, 2**31, -2**31 - 1,
              2**32, 2**53 + 1, 2**62, 2**63 - 1, 2**63, -2**63, -2**63 - 1, 2**64, 10**30]
FLOATS = [0.0, -0.0, 0.5, -1.5, 1e-300, 1e38, 3.5e38, 1e300, -1e300, math.inf, -math.inf, math.nan]
STRINGS = ["", "a", "cpu", "cuda", "cuda:0", "float32", "sum", "mean", "none", "trunc", "floor",
           "fro", "nuc", "left", "right", "\x00", "é"]
DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
               "float32", "float64"]


class Thing:
    """An object no function accepts."""

    def __repr__(self):
        return "Thing()"


# A recipe builds the same value for either library: recipe(lib) -> value.
def _const(v):
    return lambda lib: v


@st.composite
def tensor_recipe(draw):
    dtype = draw(st.sampled_from(DTYPE_NAMES))
    shape = draw(st.sampled_from([(), (0,), (1,), (3,), (2, 3), (3, 1), (1, 2, 2), (2, 0, 3)]))
    values = draw(st.lists(st.integers(-3, 3), min_size=6, max_size=6))

    def make(lib):
        n = int(np.prod(shape)) if shape else 1
        data = np.resize(np.array(values, dtype=np.float64), n).reshape(shape)
        t = lib.tensor(data.tolist(), dtype=getattr(lib, "float64"))
        return t.to(getattr(lib, dtype))

    return make


@st.composite
def leaf_recipe(draw):
    kind = draw(st.integers(0, 11))
    if kind == 0:
        return _const(draw(st.sampled_from(INT_LIMITS + [-x for x in INT_LIMITS])))
    if kind == 1:
        return _const(draw(st.sampled_from(FLOATS)))
    if kind == 2:
        return _const(draw(st.sampled_from([None, True, False, Ellipsis, 1 + 2j])))
    if kind == 3:
        return _const(draw(st.sampled_from(STRINGS)))
    if kind == 4:
        return _const(draw(st.sampled_from([b"ab", bytearray(b"x"), Thing(), object(), {1: 2},
                                            {"a": 1}, set(), frozenset([1])])))
    if kind == 5:
        name = draw(st.sampled_from(DTYPE_NAMES))
        return lambda lib: getattr(lib, name)
    if kind == 6:
        spec = draw(st.sampled_from(["cpu", "cuda", "meta"]))
        return lambda lib: lib.device(spec) if spec != "meta" else spec
    if kind == 7:
        return draw(tensor_recipe())
    if kind == 8:
        np_type = draw(st.sampled_from([np.int8, np.uint8, np.int16, np.int32, np.int64,
                                        np.float16, np.float32, np.float64, np.bool_]))
        value = draw(st.sampled_from([0, 1, -1, 3, 100]))
        return _const(np_type(value))
    if kind == 9:
        dtype = draw(st.sampled_from(["int64", "float32", "float64", "bool", "uint8", "object"]))
        shape = draw(st.sampled_from([(), (2,), (2, 2), (0,)]))
        return lambda lib: np.ones(shape, dtype=dtype)
    if kind == 10:
        start = draw(st.sampled_from([None, 0, 1, -1, 2**63]))
        stop = draw(st.sampled_from([None, 0, 2, -1, 10**20]))
        step = draw(st.sampled_from([None, 1, 2, -1, 0]))
        return _const(slice(start, stop, step))
    return _const(draw(st.integers(-4, 4)))


def _container(children, as_tuple):
    def make(lib):
        items = [c(lib) for c in children]
        return tuple(items) if as_tuple else items

    return make


def recipe(max_leaves=8):
    return st.recursive(
        leaf_recipe(),
        lambda inner: st.builds(_container, st.lists(inner, max_size=4), st.booleans()),
        max_leaves=max_leaves,
    )


def _outcome(call):
    """call(lib) under ember: it returns or raises an exception of the kinds bad arguments raise,
    or failing that, the kind PyTorch raises for the same call."""
    try:
        call(ember)
    except ALLOWED:
        return
    except Exception as e:  # noqa: BLE001
        try:
            call(torch)
        except Exception as expected:  # noqa: BLE001
            if isinstance(expected, (NameError, SyntaxError)):  # a bug in the test, not a refusal
                pytest.fail(f"malformed case: PyTorch raised {type(expected).__name__}: "
                            f"{expected}")
            if type(expected) is type(e):
                return
        pytest.fail(f"{type(e).__name__}: {e}")


FUNCTIONS = ["tensor", "as_tensor", "zeros", "ones", "empty", "full", "rand", "randn", "randint",
             "randperm", "arange", "linspace", "eye", "zeros_like", "ones_like", "full_like",
             "cat", "stack", "add", "sub", "mul", "div", "pow", "remainder", "clamp", "where",
             "sum", "mean", "prod", "max", "min", "argmax", "std", "var", "norm", "cumsum",
             "matmul", "mm", "bmm", "dot", "outer", "reshape", "flatten", "transpose", "permute",
             "squeeze", "unsqueeze", "index_select", "gather", "masked_select", "sort", "topk",
             "softmax", "log_softmax", "exp", "abs", "sqrt", "tril", "triu", "diag", "flip",
             "roll", "chunk", "split", "narrow", "select", "allclose", "equal", "manual_seed",
             "set_default_dtype", "from_numpy", "set_num_threads"]
FUNCTIONS = [f for f in FUNCTIONS if hasattr(ember, f)]  # those ember has

METHODS = ["add", "add_", "mul_", "sub", "div_", "view", "reshape", "expand", "repeat",
           "permute", "transpose", "narrow", "select", "index_select", "index_fill_",
           "masked_fill", "masked_fill_", "scatter_", "gather", "clamp", "clamp_", "fill_",
           "to", "type", "sum", "mean", "max", "std", "unsqueeze", "squeeze", "flatten",
           "unflatten", "split", "chunk", "as_strided", "copy_", "new_zeros", "new_full",
           "requires_grad_", "backward", "numpy", "tolist", "item", "register_hook", "uniform_",
           "normal_", "random_", "bernoulli_", "resize_", "zero_", "t", "matmul", "pow_"]
METHODS = [m for m in METHODS if hasattr(ember.Tensor, m)]


@settings(max_examples=1500, **SETTINGS)
@given(name=st.sampled_from(FUNCTIONS), args=st.lists(recipe(), max_size=4),
       kwargs=st.dictionaries(st.sampled_from(["dtype", "dim", "out", "keepdim", "device",
                                               "requires_grad", "alpha", "generator", "size",
                                               "min", "max", "rounding_mode", "bogus"]),
                              recipe(4), max_size=2))
def test_functions_refuse_bad_arguments_cleanly(name, args, kwargs):
    _outcome(lambda lib: getattr(lib, name)(*[a(lib) for a in args],
                                            **{k: v(lib) for k, v in kwargs.items()}))
    for lib in (torch, ember):
        lib.set_default_dtype(lib.float32)
    ember.set_num_threads(2)


@settings(max_examples=1500, **SETTINGS)
@given(name=st.sampled_from(METHODS), self_recipe=tensor_recipe(), args=st.lists(recipe(), max_size=3),
       kwargs=st.dictionaries(st.sampled_from(["dim", "keepdim", "dtype", "value", "index",
                                               "src", "alpha", "bogus"]), recipe(4), max_size=2))
def test_methods_refuse_bad_arguments_cleanly(name, self_recipe, args, kwargs):
    _outcome(lambda lib: getattr(self_recipe(lib), name)(
        *[a(lib) for a in args], **{k: v(lib) for k, v in kwargs.items()}))


@settings(max_examples=800, **SETTINGS)
@given(self_recipe=tensor_recipe(), index=recipe(6), value=recipe(3))
def test_indexing_refuses_bad_indices_cleanly(self_recipe, index, value):
    _outcome(lambda lib: self_recipe(lib)[index(lib)])
    _outcome(lambda lib: self_recipe(lib).__setitem__(index(lib), value(lib)))


# ---- ember.tensor(): PyTorch's outcome -----------------------------------------------------------

@st.composite
def data_recipe(draw):
    """Nested lists and tuples of numbers, bools, NumPy scalars and 0-d tensors, regular or ragged,
    with now and then something that is no number at all."""
    leaf = st.one_of(
        st.sampled_from(INT_LIMITS).map(_const),
        st.sampled_from(FLOATS).map(_const),
        st.sampled_from([True, False]).map(_const),
        st.sampled_from([np.int8(-3), np.uint8(7), np.float32(1.5), np.float64(2.5), np.bool_(True),
                         np.int64(5), np.int16(2)]).map(_const),
        st.sampled_from(["x", None, b"ab"]).map(_const),  # (no complex numbers: ember has none)
        st.sampled_from(["float32", "int64", "bool"]).map(
            lambda d: (lambda lib: lib.tensor(1, dtype=getattr(lib, d)))),
    )
    return draw(st.recursive(
        leaf, lambda inner: st.builds(_container, st.lists(inner, max_size=3), st.booleans()),
        max_leaves=10))


def _tensor_outcome(lib, data, dtype):
    try:
        kwargs = {} if dtype is None else {"dtype": getattr(lib, dtype)}
        return Outcome(lib.tensor(data(lib), **kwargs))
    except Exception as e:  # noqa: BLE001
        return Outcome(error=e)


@settings(max_examples=1500, **SETTINGS)
@given(data=data_recipe(), dtype=st.sampled_from([None] + DTYPE_NAMES))
def test_tensor_conversion_matches_pytorch(data, dtype):
    expected = _tensor_outcome(torch, data, dtype)
    actual = _tensor_outcome(ember, data, dtype)
    compare(expected, actual, label=f"tensor({data(torch)!r}, dtype={dtype})")
