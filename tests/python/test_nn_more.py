"""ember.nn's padding, pixel shuffle, interpolation, einsum and orthogonal initialisation
against PyTorch: values, gradients (through both libraries), reprs, errors and their messages.

Each case runs the same code with `torch` bound to PyTorch and to ember (differential.check).
ember builds these from index_select, reshape/permute, bmm and the like, so the grad_fn names of
the results differ from PyTorch's: outputs are compared detached, gradients by value.
"""
import re

import pytest
import torch

import ember
from differential import check, compare, run

F = "torch.nn.functional"

# A seeded input, its image through `op`, and the gradient of a seeded weighted sum of it.
GRAD = ("torch.manual_seed(0); x = ({input}).requires_grad_(); y = {op}; "
        "y.backward(torch.randn(y.shape, dtype=y.dtype)); (y.detach(), x.grad)")


def grad_case(op, input):
    return GRAD.format(op=op, input=input)


# ---- F.pad

PAD_CASES = [
    # (input shape, pad) in each mode (circular wants a batch dim: PyTorch's error otherwise)
    ((2, 5), (2, 3)),
    ((1, 2, 5), (2, 3)),
    ((2, 3, 4), (1, 2, 2, 1)),
    ((1, 2, 3, 4), (3, 3, 2, 2)),
    ((1, 2, 3, 4), (-1, 2, 1, -1)),
    ((1, 2, 3, 4), (0, 0, 2, 0)),
    ((2, 3, 4, 5), (1, 1, 2, 0, 2, 1)),
    ((1, 2, 3, 4, 5), (2, 1, 0, 2, 1, 1)),
    ((2, 2, 3, 4, 5), (-1, 2, 1, -2, 2, 0)),
    ((1, 2, 1), (0, 0)),
    ((0, 2, 3), (1, 1)),
    ((0, 2, 3, 4), (1, 1, 1, 1)),
]


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("shape,pad", PAD_CASES)
def test_pad_modes(mode, shape, pad):
    check(grad_case(f"{F}.pad(x, {pad}, mode='{mode}')", f"torch.randn{shape}"))


@pytest.mark.parametrize("code", [
    "{F}.pad(torch.arange(6.).reshape(1, 2, 3), (2, 2), mode='replicate')",
    "{F}.pad(torch.arange(6.).reshape(1, 2, 3), (2, 2), mode='reflect')",
    "{F}.pad(torch.arange(6.).reshape(1, 2, 3), (3, 3), mode='circular')",
    "{F}.pad(torch.arange(12).reshape(1, 1, 3, 4), (1, 2, 2, 1), mode='circular')",
    "{F}.pad(torch.tensor([[[True, False]]]), (1, 1), mode='circular')",
    "{F}.pad(torch.arange(6.).reshape(1, 2, 3), [1, 1], 'reflect', 0.0)",
    "{F}.pad(torch.arange(6.).reshape(1, 2, 3), (1, 1), mode='reflect', value=None)",
    "{F}.pad(torch.arange(24.).reshape(1, 1, 2, 3, 4).double(), (1, 1, 1, 1, 1, 1), 'reflect')",
    "{F}.pad(torch.ones(1, 1, 2, 3, 4).bfloat16(), (1, 1, 1, 1, 1, 1), 'reflect')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (-4, 0, 1, 1), mode='reflect').shape",
    "{F}.pad(torch.ones(1, 2, 3, 4), (-2, -2, 1, 1), mode='replicate').shape",
    "{F}.pad(torch.ones(1, 2, 3, 4), (-4, 0, -3, 0), mode='circular').shape",
    "{F}.pad(torch.ones(1, 0, 3), (1, 1), mode='circular').shape",
    "{F}.pad(torch.ones(2, 3), (1, 2, 0, 1), value=3.0)",
    "{F}.pad(torch.ones(2, 3), ())",
])
def test_pad_values(code):
    check(code.format(F=F))


@pytest.mark.parametrize("code", [
    # the dims each mode takes
    "{F}.pad(torch.ones(3), (1, 1), mode='reflect')",
    "{F}.pad(torch.ones(2, 3), (1, 1, 1, 1), mode='replicate')",
    "{F}.pad(torch.ones(2, 3, 4, 5, 6, 7), (1, 1, 1, 1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(2, 3), (1, 1), mode='circular')",
    "{F}.pad(torch.ones(2, 3, 4), (1, 1, 1, 1), mode='circular')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (1, 1, 1, 1, 1, 1), mode='circular')",
    "{F}.pad(torch.ones(1, 2, 3), (), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3), (1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3), (1, 1, 1), mode='constant')",
    "{F}.pad(torch.ones(1, 2, 3), (1,) * 8)",
    "{F}.pad(torch.ones(1, 2, 3), (1,) * 8, mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3), (1, 1), mode='wrap')",
    "{F}.pad(torch.ones(1, 2, 3), (1, 1), mode='reflect', value=1.0)",
    "{F}.pad(torch.ones(1, 2, 3), (1, 1), mode='circular', value=2)",
    "{F}.pad(torch.ones(1, 2, 3), (1.0, 1), mode='reflect')",
    # padding too large for reflect, too small an output, empty dims
    "{F}.pad(torch.ones(1, 2, 3), (3, 3), mode='reflect')",
    "{F}.pad(torch.ones(2, 3), (0, 3), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (1, 1, 3, 3), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (4, 4, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 1, 2, 3, 4), (1, 1, 1, 1, 2, 2), mode='reflect')",
    "{F}.pad(torch.ones(1, 1, 2, 3, 4), (1, 1, 3, 1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3), (-2, -1), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3), (-2, -1), mode='replicate')",
    "{F}.pad(torch.ones(1, 2, 3), (-4, 0), mode='circular')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (-4, 0, -3, 0), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3, 4), (-4, 0, -3, 0), mode='replicate')",
    "{F}.pad(torch.ones(1, 1, 2, 3, 4), (-4, 0, -3, 0, -2, 0), mode='reflect')",
    "{F}.pad(torch.ones(1, 1, 2, 3, 4), (-4, 0, -3, 0, -2, 0), mode='replicate')",
    "{F}.pad(torch.ones(1, 2, 0), (1, 1), mode='circular')",
    "{F}.pad(torch.ones(1, 0, 3), (1, 1), mode='reflect')",
    "{F}.pad(torch.ones(2, 0), (1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 0, 3), (1, 1), mode='replicate')",
    "{F}.pad(torch.ones(0, 3), (1, 1), mode='replicate')",
    "{F}.pad(torch.ones(1, 0, 3, 4), (1, 1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 0, 3, 4), (1, 1, 1, 1), mode='replicate')",
    "{F}.pad(torch.ones(1, 0, 2, 3, 4), (1, 1, 1, 1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(0, 2, 3, 4), (1, 1, 1, 1, 1, 1), mode='replicate')",
    # dtypes the kernels take
    "{F}.pad(torch.arange(6).reshape(1, 2, 3), (1, 1), mode='reflect')",
    "{F}.pad(torch.arange(6).reshape(1, 2, 3), (3, 3), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3).half(), (1, 1, 1, 1), mode='reflect')",
    "{F}.pad(torch.ones(1, 2, 3).bfloat16(), (1, 1), mode='replicate')",
    "{F}.pad(torch.arange(6).reshape(1, 1, 1, 2, 3), (1, 1, 1, 1, 0, 0), mode='replicate')",
    "{F}.pad(torch.arange(6).reshape(1, 1, 1, 2, 3), (1, 1, 1, 1, 0, 0), mode='reflect')",
])
def test_pad_errors(code):
    check(code.format(F=F))


PAD_LAYERS = [
    ("torch.nn.ZeroPad2d(2)", "torch.randn(1, 2, 3, 3)"),
    ("torch.nn.ZeroPad2d((1, 0, 2, 1))", "torch.randn(2, 3, 3)"),
    ("torch.nn.ConstantPad1d(2, 3.5)", "torch.randn(2, 3, 4)"),
    ("torch.nn.ConstantPad1d((3, 1), -1)", "torch.randn(3, 4)"),
    ("torch.nn.ConstantPad2d((1, 2, 0, 1), 0.5)", "torch.randn(1, 2, 3, 4)"),
    ("torch.nn.ConstantPad3d(1, 2.0)", "torch.randn(1, 1, 2, 2, 2)"),
    ("torch.nn.ConstantPad3d([1, 0, 2, 0, 0, 1], 2.0)", "torch.randn(1, 2, 2, 2)"),
    ("torch.nn.ReflectionPad1d(2)", "torch.randn(2, 3, 4)"),
    ("torch.nn.ReflectionPad1d((3, 1))", "torch.randn(3, 4)"),
    ("torch.nn.ReflectionPad2d(1)", "torch.randn(1, 2, 3, 4)"),
    ("torch.nn.ReflectionPad2d((1, 1, 2, 0))", "torch.randn(2, 3, 4)"),
    ("torch.nn.ReflectionPad3d(1)", "torch.randn(1, 1, 2, 3, 4)"),
    ("torch.nn.ReplicationPad1d((0, 3))", "torch.randn(2, 3, 4)"),
    ("torch.nn.ReplicationPad2d(2)", "torch.randn(1, 2, 3, 4)"),
    ("torch.nn.ReplicationPad2d((1, 3, 3, 1))", "torch.randn(2, 3, 4)"),
    ("torch.nn.ReplicationPad3d((1, 2, 0, 1, 2, 0))", "torch.randn(1, 2, 2, 3, 4)"),
]


@pytest.mark.parametrize("layer,input", PAD_LAYERS)
def test_padding_layers(layer, input):
    check(f"m = {layer}; (repr(m), m.padding)")
    check(grad_case(f"{layer}(x)", input))


def test_padding_layer_errors():
    check("torch.nn.ReflectionPad2d(3)(torch.ones(1, 1, 3, 3))")
    check("torch.nn.ReplicationPad1d(1)(torch.ones(1, 1, 2, 3))")


# ---- convolutions with padding_mode

CONV_LAYERS = [
    ("torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect')", "torch.randn(2, 2, 5, 6)"),
    ("torch.nn.Conv2d(2, 4, (3, 2), padding=(2, 1), padding_mode='replicate', groups=2, "
     "bias=False)", "torch.randn(1, 2, 4, 5)"),
    ("torch.nn.Conv2d(1, 2, 3, stride=2, padding=2, padding_mode='circular')",
     "torch.randn(2, 1, 6, 6)"),
    ("torch.nn.Conv2d(2, 2, 3, padding='same', padding_mode='reflect', dilation=2)",
     "torch.randn(1, 2, 7, 7)"),
    ("torch.nn.Conv2d(2, 2, 4, padding='same', padding_mode='circular')",
     "torch.randn(1, 2, 5, 5)"),
    ("torch.nn.Conv2d(2, 2, 3, padding='valid', padding_mode='replicate')",
     "torch.randn(1, 2, 5, 5)"),
    ("torch.nn.Conv2d(2, 3, 3, padding=1, padding_mode='reflect')", "torch.randn(2, 5, 6)"),
    ("torch.nn.Conv1d(2, 3, 3, padding=1, padding_mode='reflect')", "torch.randn(2, 2, 7)"),
    ("torch.nn.Conv1d(2, 3, 5, padding=2, padding_mode='circular', stride=2)",
     "torch.randn(2, 2, 7)"),
    ("torch.nn.Conv1d(2, 3, 3, padding='same', padding_mode='replicate')", "torch.randn(2, 6)"),
]


@pytest.mark.parametrize("layer,input", CONV_LAYERS)
def test_conv_padding_modes(layer, input):
    check("torch.manual_seed(0); m = " + layer + "; x = (" + input + ").requires_grad_(); "
          "y = m(x); y.backward(torch.randn(y.shape)); "
          "(repr(m), m._reversed_padding_repeated_twice, y.detach(), x.grad, "
          "[(n, p.grad) for n, p in m.named_parameters()])")


@pytest.mark.parametrize("kwargs", [{"padding_mode": "mirror"}, {"padding": "full"}])
def test_conv_unknown_padding_mode(kwargs):
    # PyTorch's message prints a set, whose order depends on the process's string hashes and on
    # the order its .pyc stored the set literal in: the message is compared as a set.
    def error(lib):
        try:
            lib.nn.Conv2d(2, 2, 3, **kwargs)
        except ValueError as e:
            head, modes, tail = re.match(r"(.*)\{(.*)\}(.*)", str(e)).groups()
            return head, sorted(modes.split(", ")), tail
        raise AssertionError("no ValueError")

    assert error(torch) == error(ember)


@pytest.mark.parametrize("code", [
    "torch.nn.ConvTranspose2d(2, 2, 3, padding_mode='reflect')",
    "torch.nn.Conv2d(2, 2, 3, padding=3, padding_mode='reflect')(torch.ones(1, 2, 3, 3))",
    "torch.nn.Conv2d(2, 2, 3, padding=1, padding_mode='circular')(torch.ones(2, 3, 3))",
    "torch.nn.Conv2d(1, 1, 3, padding='same', padding_mode='reflect', stride=2)",
])
def test_conv_padding_mode_errors(code):
    check(code)


# ---- pixel shuffle

@pytest.mark.parametrize("op,input", [
    ("{F}.pixel_shuffle(x, 2)", "torch.randn(1, 8, 2, 3)"),
    ("{F}.pixel_shuffle(x, 3)", "torch.randn(9, 2, 2)"),
    ("{F}.pixel_shuffle(x, 1)", "torch.randn(2, 4, 2, 2)"),
    ("{F}.pixel_shuffle(x, 2)", "torch.randn(3, 2, 8, 2, 3)"),
    ("{F}.pixel_unshuffle(x, 2)", "torch.randn(1, 2, 4, 6)"),
    ("{F}.pixel_unshuffle(x, 3)", "torch.randn(2, 3, 3)"),
    ("{F}.pixel_unshuffle({F}.pixel_shuffle(x, 2), 2)", "torch.randn(2, 3, 4, 2, 3)"),
    ("torch.pixel_shuffle(x, 2)", "torch.randn(1, 4, 3, 3, dtype=torch.float64)"),
    ("torch.pixel_unshuffle(x, 2)", "torch.randn(1, 1, 4, 4, dtype=torch.float64)"),
    ("torch.nn.PixelShuffle(2)(x)", "torch.randn(2, 12, 3, 3)"),
    ("torch.nn.PixelUnshuffle(2)(x)", "torch.randn(2, 3, 4, 2)"),
])
def test_pixel_shuffle(op, input):
    check(grad_case(op.format(F=F), input))


@pytest.mark.parametrize("code", [
    "{F}.pixel_shuffle(torch.arange(16).reshape(1, 4, 2, 2), 2)",
    "{F}.pixel_unshuffle(torch.arange(16).reshape(1, 1, 4, 4), 2)",
    "{F}.pixel_shuffle(torch.ones(0, 8, 2, 2), 2).shape",
    "{F}.pixel_shuffle(torch.ones(8, 0, 2), 2).shape",
    "(repr(torch.nn.PixelShuffle(3)), repr(torch.nn.PixelUnshuffle(2)))",
    "{F}.pixel_shuffle(torch.ones(2, 3), 2)",
    "{F}.pixel_shuffle(torch.ones(1, 3, 2, 2), 2)",
    "{F}.pixel_shuffle(torch.ones(1, 4, 2, 2), 0)",
    "{F}.pixel_shuffle(torch.ones(1, 4, 2, 2), -2)",
    "{F}.pixel_shuffle(torch.ones(1, 4, 2, 2), 2.0)",
    "{F}.pixel_unshuffle(torch.ones(4, 2), 2)",
    "{F}.pixel_unshuffle(torch.ones(1, 4, 2, 2), 0)",
    "{F}.pixel_unshuffle(torch.ones(1, 4, 3, 2), 2)",
    "{F}.pixel_unshuffle(torch.ones(1, 4, 2, 3), 2)",
])
def test_pixel_shuffle_values_and_errors(code):
    check(code.format(F=F))


# ---- interpolate / Upsample

INTERPOLATE = [
    # nearest: integer and non-integer scale factors (PyTorch's floor(i * (1 / s)) in float),
    # sizes, 1-d to 3-d
    ("torch.randn(2, 3, 5)", "scale_factor=2"),
    ("torch.randn(2, 3, 5)", "scale_factor=1.7"),
    ("torch.randn(2, 3, 7)", "scale_factor=0.6"),
    ("torch.randn(2, 3, 5)", "size=11"),
    ("torch.randn(2, 3, 9)", "size=4"),
    ("torch.randn(1, 2, 3, 4)", "scale_factor=2"),
    ("torch.randn(1, 2, 3, 4)", "scale_factor=(1.5, 2.3)"),
    ("torch.randn(1, 2, 6, 7)", "scale_factor=(0.5, 1 / 3)"),
    ("torch.randn(1, 2, 3, 4)", "scale_factor=1.2"),
    ("torch.randn(1, 2, 5, 5)", "scale_factor=2.5, recompute_scale_factor=True"),
    ("torch.randn(1, 2, 3, 4)", "size=(5, 7)"),
    ("torch.randn(1, 2, 3, 4)", "size=[3, 4]"),
    ("torch.randn(1, 2, 3, 4, dtype=torch.float64)", "scale_factor=(1.7, 3.1)"),
    ("torch.randn(1, 2, 39, 5, dtype=torch.float64)", "size=(33, 5)"),
    ("torch.randn(1, 1, 2, 3, 4)", "scale_factor=(2, 1.5, 0.75)"),
    ("torch.randn(1, 1, 2, 3, 4)", "size=(3, 3, 3)"),
]


@pytest.mark.parametrize("mode", ["nearest", "nearest-exact", "area"])
@pytest.mark.parametrize("input,kwargs", INTERPOLATE)
def test_interpolate_nearest(mode, input, kwargs):
    if mode == "area" and "recompute" in kwargs:
        pytest.skip("area recomputes the size itself")
    check(grad_case(f"{F}.interpolate(x, {kwargs}, mode='{mode}')", input))


LINEAR = [
    ("linear", "torch.randn(2, 3, 5)", "scale_factor=2"),
    ("linear", "torch.randn(2, 3, 5)", "scale_factor=1.7"),
    ("linear", "torch.randn(2, 3, 8)", "size=3"),
    ("linear", "torch.randn(2, 3, 5, dtype=torch.float64)", "size=13"),
    ("linear", "torch.randn(2, 3, 5)", "size=5"),
    ("linear", "torch.randn(2, 3, 4)", "size=1"),
    ("bilinear", "torch.randn(1, 2, 3, 4)", "scale_factor=2"),
    ("bilinear", "torch.randn(1, 2, 3, 4)", "scale_factor=(1.5, 2.3)"),
    ("bilinear", "torch.randn(1, 2, 6, 7)", "scale_factor=0.5"),
    ("bilinear", "torch.randn(1, 2, 3, 4)", "size=(5, 7)"),
    ("bilinear", "torch.randn(1, 2, 3, 4)", "size=(3, 9)"),
    ("bilinear", "torch.randn(2, 3, 4, 4, dtype=torch.float64)", "scale_factor=(3.3, 0.8)"),
    ("bilinear", "torch.randn(1, 2, 5, 5)", "scale_factor=1.7, recompute_scale_factor=True"),
    # bicubic in float64: PyTorch's float32 backward sums the 16 taps in another order
    ("bicubic", "torch.randn(1, 2, 3, 4, dtype=torch.float64)", "scale_factor=2"),
    ("bicubic", "torch.randn(1, 2, 5, 4, dtype=torch.float64)", "size=(3, 7)"),
    ("bicubic", "torch.randn(1, 2, 4, 4, dtype=torch.float64)", "scale_factor=(1.5, 0.6)"),
    ("trilinear", "torch.randn(1, 2, 2, 3, 4)", "scale_factor=2"),
    ("trilinear", "torch.randn(1, 2, 2, 3, 4)", "size=(3, 5, 2)"),
    ("trilinear", "torch.randn(1, 1, 3, 3, 3, dtype=torch.float64)", "scale_factor=(1.5, 1, 0.7)"),
]


@pytest.mark.parametrize("align_corners", [False, True])
@pytest.mark.parametrize("mode,input,kwargs", LINEAR)
def test_interpolate_linear(mode, input, kwargs, align_corners):
    check(grad_case(f"{F}.interpolate(x, {kwargs}, mode='{mode}', "
                    f"align_corners={align_corners})", input))


@pytest.mark.parametrize("code", [
    "{F}.interpolate(torch.arange(12.).reshape(1, 1, 3, 4), scale_factor=2, mode='bilinear')",
    "torch.manual_seed(0); {F}.interpolate(torch.randn(1, 2, 5, 4), size=(3, 7), mode='bicubic')",
    "torch.manual_seed(0); {F}.interpolate(torch.randn(1, 2, 3, 4), scale_factor=1.7, "
    "mode='bicubic', align_corners=True)",
    "{F}.interpolate(torch.arange(4.).reshape(1, 1, 4), size=7, mode='linear', "
    "align_corners=True)",
    "{F}.interpolate(torch.arange(12).reshape(1, 1, 3, 4).to(torch.uint8), scale_factor=2)",
    "{F}.interpolate(torch.arange(12.).reshape(1, 1, 3, 4).bfloat16(), scale_factor=2)",
    "{F}.interpolate(torch.arange(12.).reshape(1, 1, 3, 4).bfloat16(), scale_factor=2, "
    "mode='bilinear')",
    "{F}.interpolate(torch.ones(0, 2, 3, 4), scale_factor=2).shape",
    "{F}.interpolate(torch.ones(0, 2, 3, 4), scale_factor=2, mode='bilinear').shape",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=torch.Size([3, 5])).shape",
    "x = torch.randn(1, 1, 2, 2); y = {F}.interpolate(x, scale_factor=1); (y, y is x)",
])
def test_interpolate_values(code):
    check(code.format(F=F))


@pytest.mark.parametrize("code", [
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=(2, 3, 4))",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), scale_factor=(2, 3, 4))",
    "{F}.interpolate(torch.ones(1, 2, 3, 4))",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, scale_factor=2)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), scale_factor=0.1)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), scale_factor=-1)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=0)",
    "{F}.interpolate(torch.ones(1, 2, 5), scale_factor=0.1)",
    "{F}.interpolate(torch.ones(1, 1, 2, 3, 4), scale_factor=0.1, mode='trilinear')",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, align_corners=True)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, mode='linear')",
    "{F}.interpolate(torch.ones(1, 2, 3), size=3, mode='bilinear')",
    "{F}.interpolate(torch.ones(1, 2, 3), size=3, mode='trilinear')",
    "{F}.interpolate(torch.ones(1, 2, 3, 4, 5), size=3, mode='bilinear')",
    "{F}.interpolate(torch.ones(1, 2, 3, 4, 5), size=3, mode='bicubic')",
    "{F}.interpolate(torch.ones(2, 3), size=3)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, mode='lanczos')",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, recompute_scale_factor=True)",
    "{F}.interpolate(torch.ones(1, 2, 3, 4), size=3, antialias=True)",
    "{F}.interpolate(torch.ones(1, 0, 3, 4), scale_factor=2)",
    "{F}.interpolate(torch.ones(1, 0, 3), scale_factor=2, mode='linear')",
    "{F}.interpolate(torch.ones(1, 2, 0, 4), scale_factor=2, mode='bilinear')",
    "{F}.interpolate(torch.ones(1, 1, 3, 4).long(), scale_factor=2)",
    "{F}.interpolate(torch.ones(1, 1, 4).int(), scale_factor=2)",
    "{F}.interpolate(torch.ones(1, 1, 2, 3, 4).half(), scale_factor=2)",
    "{F}.interpolate(torch.ones(1, 1, 4).to(torch.uint8), scale_factor=2, mode='linear')",
    "{F}.interpolate(torch.ones(1, 1, 3, 4).long(), scale_factor=2, mode='bilinear')",
    "{F}.interpolate(torch.ones(1, 1, 3, 4).long(), scale_factor=2, mode='bicubic')",
    "{F}.interpolate(torch.ones(1, 1, 3, 4).bfloat16(), scale_factor=2, mode='nearest-exact')",
])
def test_interpolate_errors(code):
    check(code.format(F=F))


@pytest.mark.parametrize("layer", [
    "torch.nn.Upsample(scale_factor=2)",
    "torch.nn.Upsample(scale_factor=2, mode='bilinear')",
    "torch.nn.Upsample(size=(5, 3), mode='bilinear', align_corners=True)",
    "torch.nn.Upsample(scale_factor=(2, 1.5), mode='bicubic')",
    "torch.nn.Upsample(size=7)",
    "torch.nn.UpsamplingNearest2d(scale_factor=3)",
    "torch.nn.UpsamplingBilinear2d(size=(4, 6))",
])
def test_upsample_layers(layer):
    check(f"m = {layer}; (repr(m), m.scale_factor, m.size, m.mode, m.align_corners)")
    check(grad_case(f"{layer}(x)", "torch.randn(2, 3, 3, 4)"))


@pytest.mark.parametrize("code", [
    "torch.nn.Upsample()",
    "torch.nn.Upsample()(torch.ones(1, 1, 2, 2))",
    "torch.nn.Upsample(scale_factor=[2, 3])",
    "torch.nn.Upsample(scale_factor=2, align_corners=True)(torch.ones(1, 1, 2, 2))",
])
def test_upsample_layer_errors(code):
    check(code)


@pytest.mark.parametrize("fn", ["upsample", "upsample_nearest", "upsample_bilinear"])
def test_deprecated_upsample(fn):
    check("import warnings\nx = torch.arange(6.).reshape(1, 1, 2, 3)\n"
          "with warnings.catch_warnings(record=True) as w:\n"
          "    warnings.simplefilter('always')\n"
          f"    y = {F}.{fn}(x, scale_factor=2)\n"
          "([str(m.message) for m in w], y)")


# ---- einsum

A = "torch.randn(3, 4, dtype=torch.float64)"
B = "torch.randn(4, 5, dtype=torch.float64)"
EINSUM = [
    # (equation, operand shapes)
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,kj->ik", [(3, 4), (5, 4)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("bij,bjk", [(2, 3, 4), (1, 4, 5)]),
    ("i,i->", [(5,), (5,)]),
    ("i,i", [(5,), (1,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("ij->ji", [(3, 4)]),
    ("ij", [(3, 4)]),
    ("ji", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ii", [(4, 4)]),
    ("ii->i", [(4, 4)]),
    ("iji->j", [(3, 2, 3)]),
    ("bii->bi", [(2, 3, 3)]),
    ("ii,j->ij", [(3, 3), (2,)]),
    ("...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("...ij,...jk", [(2, 3, 4), (4, 5)]),
    ("i...->...", [(3, 2, 4)]),
    ("...i,...i->...", [(2, 3, 4), (3, 4)]),
    ("b...,b...->b", [(2, 3, 4), (2, 3, 4)]),
    ("...", [(2, 3)]),
    ("ij...,jk...->ik...", [(2, 3, 4), (3, 5, 4)]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("ij,ij->ij", [(3, 1), (1, 4)]),
    ("ijk,ikl->ijl", [(2, 3, 0), (2, 0, 4)]),
    ("Ab,bC->AC", [(2, 3), (3, 4)]),
    (" i j , j k -> i k ", [(2, 3), (3, 4)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("a,b,c->abc", [(2,), (3,), (2,)]),
    (",i->i", [(), (3,)]),
    ("->", [()]),
]


@pytest.mark.parametrize("dtype", ["torch.float64", "torch.float32"])
@pytest.mark.parametrize("equation,shapes", EINSUM)
def test_einsum(equation, shapes, dtype):
    names = [f"x{i}" for i in range(len(shapes))]
    setup = "torch.manual_seed(0); " + "; ".join(
        f"{n} = torch.randn({s}, dtype={dtype}).requires_grad_()" for n, s in zip(names, shapes))
    code = (setup + f"; y = torch.einsum('{equation}', {', '.join(names)}); "
            "y.backward(torch.randn(y.shape, dtype=y.dtype)); "
            f"(y.detach(), [{', '.join(n + '.grad' for n in names)}])")
    check(code)


@pytest.mark.parametrize("code", [
    # operands as a list, the sublist format, integers
    f"torch.einsum('ij,jk', [{A}, {B}]).shape",
    f"torch.einsum('ij,jk->ik', ({A}, {B})).shape",
    "a = torch.arange(6.).reshape(2, 3); b = torch.arange(12.).reshape(3, 4); "
    "(torch.einsum(a, [0, 1], b, [1, 2]), torch.einsum(a, [0, 1], b, [1, 2], [2]), "
    "torch.einsum(a, [Ellipsis, 1], [Ellipsis]))",
    "torch.einsum('i,i', torch.arange(3), torch.arange(3))",
    "torch.einsum('ij,jk', torch.arange(6).reshape(2, 3), torch.arange(12).reshape(3, 4))",
    "torch.einsum('ij->ji', torch.arange(6).reshape(2, 3))",
    "a = torch.arange(12.).reshape(4, 3); b = torch.arange(20.).reshape(5, 4); "
    "(torch.einsum('ij,jk->ik', a.t(), b.t()), torch.einsum('ii->i', a[:3].t()), "
    "torch.einsum('bij->bji', torch.arange(24.).reshape(2, 3, 4)[:, ::2]))",
    "torch.einsum('ij,jk->ik', torch.ones(2, 3), torch.ones(3, 2, dtype=torch.float64))",
    # errors
    "torch.einsum('ij')",
    f"torch.einsum({A})",
    f"torch.einsum('ij,jk', {A})",
    f"torch.einsum('ij', {A}, {B})",
    f"torch.einsum('i.j', {A})",
    f"torch.einsum('ij..', {A})",
    f"torch.einsum('...i...', {A})",
    f"torch.einsum('ij->k', {A})",
    f"torch.einsum('ij->ii', {A})",
    f"torch.einsum('i1', {A})",
    f"torch.einsum('ij->i1', {A})",
    f"torch.einsum('ij-k', {A})",
    f"torch.einsum('ij->j->i', {A})",
    f"torch.einsum('ij->.', {A})",
    f"torch.einsum('ij->......', {A})",
    f"torch.einsum('ijk', {A})",
    f"torch.einsum('i', {A})",
    f"torch.einsum('...ijk', {A})",
    f"torch.einsum('ij,jk', {A}, {A})",
    f"torch.einsum('ii', {A})",
    "torch.einsum('iij', torch.ones(2, 3, 4))",
    "torch.einsum('i,i', torch.ones(3), torch.ones(2))",
    "torch.einsum('...ij,...jk', torch.ones(2, 3, 4), torch.ones(5, 4, 2))",
    "torch.einsum('i,j->ij', torch.tensor(2.), torch.ones(3))",
    f"torch.einsum({A}, [0, 60])",
])
def test_einsum_forms_and_errors(code):
    check(code)


# ---- nn.init.orthogonal_ and sparse_

ORTHOGONAL = """
torch.manual_seed({seed})
w = torch.empty({shape}, dtype={dtype})
r = torch.nn.init.orthogonal_(w, gain={gain})
flat = w.reshape(w.shape[0], -1)
small = min(flat.shape)
gram = flat @ flat.t() if flat.shape[0] <= flat.shape[1] else flat.t() @ flat
(r is w, w, (gram - torch.eye(small, dtype=w.dtype) * {gain} ** 2).abs().max() < 1e-4)
"""


@pytest.mark.parametrize("shape,dtype,gain,seed", [
    ("3, 5", "torch.float32", 1, 0),
    ("5, 3", "torch.float32", 1, 1),
    ("4, 4", "torch.float64", 2.0, 2),
    ("8, 2, 3", "torch.float32", 1, 3),
    ("2, 3, 2, 2", "torch.float32", 0.5, 4),
    ("16, 16", "torch.float32", 1, 5),
    ("30, 50", "torch.float64", 1, 6),
    ("1, 6", "torch.float32", 1, 7),
])
def test_orthogonal(shape, dtype, gain, seed):
    code = ORTHOGONAL.format(shape=shape, dtype=dtype, gain=gain, seed=seed)
    # PyTorch's LAPACK QR in float32 against ember's Householder QR in float64
    compare(run(code, "torch"), run(code, "ember"), tolerance={"float32": (1e-4, 1e-5)},
            label=shape)


@pytest.mark.parametrize("code", [
    "torch.nn.init.orthogonal_(torch.empty(3))",
    "torch.nn.init.orthogonal_(torch.empty(0, 3)).shape",
    "torch.manual_seed(0); w = torch.empty(3, 4); torch.nn.init.orthogonal_(w); torch.rand(2)",
    "torch.manual_seed(0); torch.nn.init.sparse_(torch.empty(6, 4), 0.5)",
    "torch.manual_seed(0); torch.nn.init.sparse_(torch.empty(5, 3), 0.3, std=2.0)",
    "torch.nn.init.sparse_(torch.empty(5), 0.3)",
])
def test_init_more(code):
    check(code)


def test_orthogonal_rnn_weights():
    # what the seq2seq-style code does: orthogonal recurrent weights, then a forward pass
    code = ("torch.manual_seed(0); m = torch.nn.Linear(6, 6, bias=False); "
            "torch.nn.init.orthogonal_(m.weight); x = torch.randn(2, 6); "
            "(m.weight.detach(), m(x).detach(), m.weight.requires_grad)")
    compare(run(code, "torch"), run(code, "ember"), tolerance={"float32": (1e-4, 1e-5)})
