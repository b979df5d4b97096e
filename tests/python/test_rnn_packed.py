"""ember.nn.utils.rnn (PackedSequence, pack_padded_sequence, pad_packed_sequence, pad_sequence,
pack_sequence, unpad_sequence, unpack_sequence, invert_permutation) and the recurrent layers
(RNN, LSTM, GRU) on PackedSequence inputs, against PyTorch.

Each case runs the same code with `torch` bound to PyTorch and to ember (differential.check).
A PackedSequence is compared as its tuple of fields (the two libraries' classes differ) and by
its repr. Tensors from packing are compared detached where they carry a grad_fn, as ember's
packed data come from CatBackward0 where PyTorch's come from PackPaddedSequenceBackward0; the
gradients themselves are compared. The layers' outputs are compared within float tolerance
(ember's tanh and sigmoid are not PyTorch's vectorised ones bit for bit).
"""
import pytest
import torch

from differential import check, run

R = "R = torch.nn.utils.rnn\n"


def check_returns(code, **kwargs):
    """check(code), first making sure that PyTorch runs it without an error (statements are
    separated by '; ' or newlines; the last one is the result)."""
    code = R + code.replace("; ", "\n")
    expected = run(code, torch)
    assert expected.error is None, f"PyTorch raised {expected.error!r}"
    check(code, **kwargs)


def check_raises(code):
    """check(code), first making sure that PyTorch raises an error other than a SyntaxError."""
    code = R + code
    expected = run(code, torch)
    assert expected.error is not None and not isinstance(expected.error, SyntaxError), \
        f"PyTorch {expected!r}"
    check(code)


# ---- packing and padding: values, batch sizes, orders

@pytest.mark.parametrize("code", [
    # pad_sequence: time-major and batch-first, padding values, trailing dimensions, dtypes
    "R.pad_sequence([torch.arange(3.), torch.arange(5.), torch.arange(1.)])",
    "R.pad_sequence([torch.arange(3), torch.arange(5), torch.arange(1)], batch_first=True, "
    "padding_value=-1)",
    "R.pad_sequence([torch.ones(2, 3), torch.ones(4, 3) * 2], padding_value=0.5)",
    "R.pad_sequence((torch.ones(2, 3, dtype=torch.int64), torch.ones(3, 3)), padding_value=0.5)",
    "R.pad_sequence([torch.ones(2, 2, 2, dtype=torch.float64), torch.zeros(1, 2, 2, "
    "dtype=torch.float64)], True, 7)",
    "R.pad_sequence([torch.tensor([True]), torch.tensor([False, True])])",
    "R.pad_sequence(torch.arange(6.).view(2, 3))",
    "R.pad_sequence(iter([torch.arange(2.), torch.arange(3.)]), batch_first=True)",
    "R.pad_sequence([torch.ones(0, 3), torch.ones(0, 3)], batch_first=True)",
    "R.pad_sequence([torch.ones(0, 3), torch.ones(2, 3)])",
    # pack_sequence: sorted, and unsorted with enforce_sorted=False
    "tuple(R.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]))",
    "tuple(R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3, 4, 5]), torch.tensor([6]), "
    "torch.tensor([7, 8, 9])], enforce_sorted=False))",
    "tuple(R.pack_sequence([torch.arange(6.).view(3, 2), torch.arange(4.).view(2, 2)]))",
    "tuple(R.pack_sequence([torch.ones(2, 1, 2), torch.ones(2, 1, 2)]))",
    # pack_padded_sequence: lengths as a list, a tuple or a tensor; batch_first; ties
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), [4, 2, 1]))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), (4, 4, 4)))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), torch.tensor([3, 3, 1])))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(3, 4, 2), [4, 2, 1], batch_first=True))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), [2, 4, 1], "
    "enforce_sorted=False))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(3, 4, 2), torch.tensor([2, 4, 2]), "
    "batch_first=True, enforce_sorted=False))",
    "tuple(R.pack_padded_sequence(torch.arange(12).view(6, 2), [1, 6], enforce_sorted=False))",
    "tuple(R.pack_padded_sequence(torch.arange(60).view(10, 3, 2), [3, 1, 3, 2, 3, 1, 2, 2, 3, "
    "1], batch_first=True, enforce_sorted=False))",
    "tuple(R.pack_padded_sequence(torch.arange(8.).view(4, 2), [3.7, 1.2]))",
    # lengths past the padded length: the slices clamp, as ATen's
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), [5, 2, 1]))",
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), [6, 5, 5]))",
    # fewer lengths than sequences when the batch is sorted here: index_select drops the rest
    "tuple(R.pack_padded_sequence(torch.arange(24.).view(4, 3, 2), [4, 2], "
    "enforce_sorted=False))",
])
def test_pack_and_pad_values(code):
    check_returns(code)


@pytest.mark.parametrize("lengths", ["[4, 2, 1]", "[2, 4, 1]", "[1, 1, 4]", "[3, 3, 3]"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_pad_packed_round_trip(lengths, batch_first):
    # pack -> pad gives back the padded input with its padding replaced, in the original order
    check_returns(f"""
x = torch.arange(1., 25.).view(4, 3, 2)
if {batch_first}:
    x = x.transpose(0, 1).contiguous()
p = R.pack_padded_sequence(x, {lengths}, batch_first={batch_first}, enforce_sorted=False)
result = (R.pad_packed_sequence(p, batch_first={batch_first}),
          R.pad_packed_sequence(p, batch_first={batch_first}, padding_value=-1.5,
                                total_length=6),
          [t.is_contiguous() for t in R.pad_packed_sequence(p, batch_first={batch_first})])
result
""")


@pytest.mark.parametrize("code", [
    "R.pad_packed_sequence(R.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])]), "
    "padding_value=0.5)",
    "R.pad_packed_sequence(R.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])]), "
    "total_length=3)",
    "R.pad_packed_sequence(R.PackedSequence(torch.arange(5.), torch.tensor([2, 2, 1])))",
    "R.unpack_sequence(R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3, 4, 5]), "
    "torch.tensor([6])], enforce_sorted=False))",
    "R.unpad_sequence(R.pad_sequence([torch.ones(2, 2), torch.ones(3, 2) * 2]), "
    "torch.tensor([2, 3]))",
    "R.unpad_sequence(R.pad_sequence([torch.ones(2), torch.ones(3) * 2], batch_first=True), "
    "torch.tensor([2, 3]), batch_first=True)",
    "R.invert_permutation(torch.tensor([3, 0, 2, 1])), R.invert_permutation(None)",
    "R.invert_permutation(torch.tensor([], dtype=torch.int64))",
])
def test_unpack_and_permutations(code):
    check_returns(code)


# ---- PackedSequence itself

@pytest.mark.parametrize("code", [
    "p = R.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]); "
    "repr(p), str(p)",
    "p = R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([4., 5., 6.])], "
    "enforce_sorted=False); repr(p)",
    "p = R.pack_sequence([torch.tensor([1., 2.])]); "
    "isinstance(p, tuple), type(p).__name__, p._fields, len(p), p[1], p.data is p[0]",
    # constructors: fields, the inverse permutation by default, the (data, batch_sizes) form
    "tuple(R.PackedSequence(torch.ones(3), torch.tensor([2, 1])))",
    "tuple(R.PackedSequence(torch.ones(3), torch.tensor([2, 1]), torch.tensor([1, 0])))",
    "tuple(R.PackedSequence(torch.ones(3), torch.tensor([2, 1]), torch.tensor([1, 0]), "
    "torch.tensor([0, 1])))",
    "tuple(R.PackedSequence((torch.ones(3), torch.tensor([2, 1])), torch.tensor([1, 0])))",
    # conversions: dtype of data only; self when nothing changes
    "p = R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3])]); "
    "[repr(q) for q in (p.double(), p.float(), p.long(), p.int(), p.short(), p.char(), "
    "p.byte())]",
    "p = R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3])]); p.half().data.dtype",
    "p = R.pack_sequence([torch.tensor([1, 2]), torch.tensor([3])], enforce_sorted=False); "
    "q = p.to(torch.float64); type(q).__name__, tuple(q), q.batch_sizes is p.batch_sizes",
    "p = R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])]); "
    "p.to(torch.float32) is p, p.to('cpu') is p, p.cpu() is p, p.float() is p, "
    "p.to(dtype=torch.float32, device='cpu') is p",
    "p = R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])]); "
    "p.is_cuda, p.is_pinned()",
    "p = R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])]); "
    "tuple(p.cpu(torch.float64))",
])
def test_packed_sequence(code):
    check_returns(code)


# ---- the checks' messages

@pytest.mark.parametrize("code", [
    "R.pack_padded_sequence(torch.randn(4, 3, 2), [4, 2, 3])",
    "R.pack_sequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5, 6, 7])])",
    "R.pack_padded_sequence(torch.randn(4, 3, 2), [4, 2])",
    "R.pack_padded_sequence(torch.randn(4, 3, 2), [4, 2, 1, 1])",
    "R.pack_padded_sequence(torch.randn(4, 3, 2), [4, 2, 0])",
    "R.pack_padded_sequence(torch.randn(4, 3, 2), [4, -2, 1], enforce_sorted=False)",
    "R.pack_padded_sequence(torch.randn(4, 2), torch.tensor([[4, 1]]))",
    "R.pack_padded_sequence(torch.randn(4, 2), torch.tensor(4))",
    "R.pack_padded_sequence(torch.randn(0, 3, 2), [4, 2, 1])",
    "R.pack_padded_sequence(torch.randn(4, 0, 2), [])",
    "R.pack_padded_sequence(torch.randn(4), [4])",
    "R.pack_padded_sequence(torch.randn(4), [4], batch_first=True)",
    "R.pad_packed_sequence(R.pack_sequence([torch.tensor([1, 2, 3])]), total_length=2)",
    "R.pad_packed_sequence(R.pack_sequence([torch.tensor([1, 2, 3])]), total_length=0)",
    "R.pad_packed_sequence(R.PackedSequence(torch.ones(3), torch.tensor([2, 1], "
    "dtype=torch.int32)))",
    "R.pad_sequence([])",
    "R.pad_sequence(5)",
    "R.pad_sequence([torch.tensor(1.)])",
    "R.pad_sequence([torch.ones(2, 3), torch.ones(3, 2)])",
    "R.pack_sequence([])",
    "R.PackedSequence(torch.ones(3))",
])
def test_errors(code):
    check_raises(code)


# ---- gradients through packing and padding

@pytest.mark.parametrize("code", [
    # pack -> pad: the gradient of the padding is zero; the order is the original one
    "x = torch.randn(4, 3, 2, requires_grad=True)\n"
    "p = R.pack_padded_sequence(x, [3, 4, 1], enforce_sorted=False)\n"
    "y, lengths = R.pad_packed_sequence(p)\n"
    "(y * torch.arange(24.).view(4, 3, 2)).sum().backward()\n"
    "x.grad, lengths, y.grad_fn.name()",
    "x = torch.randn(3, 4, 2, requires_grad=True)\n"
    "p = R.pack_padded_sequence(x, [4, 2, 2], batch_first=True)\n"
    "(p.data * torch.arange(16.).view(8, 2)).sum().backward()\n"
    "x.grad, p.data.requires_grad, p.batch_sizes.requires_grad",
    "x = torch.randn(3, 4, 2, dtype=torch.float64, requires_grad=True)\n"
    "p = R.pack_padded_sequence(x, [2, 4, 3], batch_first=True, enforce_sorted=False)\n"
    "y, _ = R.pad_packed_sequence(p, batch_first=True, total_length=5, padding_value=3.0)\n"
    "(y ** 2).sum().backward()\n"
    "x.grad, y.grad_fn.name()",
    # pad_sequence copies each sequence into the padded tensor (grad_fn CopySlices, as ATen's)
    "a = torch.randn(3, 2, requires_grad=True)\n"
    "b = torch.randn(1, 2, requires_grad=True)\n"
    "y = R.pad_sequence([a, b], padding_value=1.0)\n"
    "(y * torch.arange(12.).view(3, 2, 2)).sum().backward()\n"
    "a.grad, b.grad, y.grad_fn.name()",
    "a = torch.randn(3, 2, requires_grad=True)\n"
    "b = torch.randn(1, 2)\n"
    "y = R.pad_sequence([b, a], batch_first=True)\n"
    "(y * torch.arange(12.).view(2, 3, 2)).sum().backward()\n"
    "a.grad, y.grad_fn.name()",
    "a = torch.randn(3, 2, requires_grad=True)\n"
    "p = R.pack_sequence([torch.randn(4, 2), a, torch.randn(3, 2)], enforce_sorted=False)\n"
    "(p.data * torch.arange(20.).view(10, 2)).sum().backward()\n"
    "a.grad",
])
def test_gradients_through_packing(code):
    check_returns("torch.manual_seed(0)\n" + code)


# ---- recurrent layers on packed input

# A seeded layer on a seeded padded batch packed with the given lengths (and initial state),
# then backward through the packed output's data and the final states: output fields, final
# states, every parameter's gradient, and the gradients of the padded input and initial states.
PACKED_FORWARD_BACKWARD = """
torch.manual_seed(0)
m = {layer}
dtype = m.weight_ih_l0.dtype
x = torch.randn({shape}, dtype=dtype).requires_grad_()
hx = {hx}
hx_leaves = [] if hx is None else [h.requires_grad_() for h in
                                   (hx if isinstance(hx, tuple) else (hx,))]
p = R.pack_padded_sequence(x, {lengths}, batch_first=m.batch_first,
                           enforce_sorted={enforce_sorted})
y, h = m(p) if hx is None else m(p, hx)
states = list(h) if isinstance(h, tuple) else [h]
weight = torch.arange(y.data.numel(), dtype=dtype).view(y.data.shape).cos()
((y.data * weight).sum() + sum((s * s).sum() for s in states)).backward()
result = (type(y).__name__, type(h).__name__, y.data.detach(), y.batch_sizes,
          y.sorted_indices, y.unsorted_indices, y.batch_sizes is p.batch_sizes,
          [s.detach() for s in states], [(n, q.grad) for n, q in m.named_parameters()],
          x.grad, [h.grad for h in hx_leaves])
result
"""

F64 = ", dtype=torch.float64"
LAYERS = [
    # (layer, padded shape, lengths, enforce_sorted, hx)
    ("torch.nn.RNN(3, 4)", "5, 4, 3", "[5, 3, 2, 2]", True, None),
    ("torch.nn.RNN(3, 4)", "5, 4, 3", "[2, 5, 1, 3]", False, "torch.randn(1, 4, 4)"),
    ("torch.nn.RNN(3, 4, nonlinearity='relu', bias=False)", "4, 3, 3", "[4, 1, 2]", False,
     None),
    ("torch.nn.RNN(3, 4, 2, bidirectional=True)", "5, 4, 3", "[3, 5, 1, 3]", False,
     "torch.randn(4, 4, 4)"),
    ("torch.nn.RNN(3, 4, 2, batch_first=True" + F64 + ")", "4, 5, 3", "[5, 5, 2, 1]", True,
     None),
    ("torch.nn.RNN(3, 4, 2, nonlinearity='relu', bidirectional=True, batch_first=True)",
     "3, 6, 3", "[6, 2, 4]", False, None),
    ("torch.nn.LSTM(3, 5)", "5, 4, 3", "[5, 4, 4, 1]", True, None),
    ("torch.nn.LSTM(3, 5)", "5, 4, 3", "[1, 5, 4, 4]", False,
     "(torch.randn(1, 4, 5), torch.randn(1, 4, 5))"),
    ("torch.nn.LSTM(3, 5, 2, bidirectional=True)", "5, 4, 3", "[2, 3, 5, 1]", False,
     "(torch.randn(4, 4, 5), torch.randn(4, 4, 5))"),
    ("torch.nn.LSTM(3, 5, 2, bidirectional=True, batch_first=True, bias=False)", "4, 5, 3",
     "[5, 4, 2, 2]", True, None),
    ("torch.nn.LSTM(3, 5, proj_size=2)", "5, 3, 3", "[3, 5, 4]", False, None),
    ("torch.nn.LSTM(3, 6, 2, proj_size=3, bidirectional=True)", "5, 4, 3", "[2, 5, 1, 4]",
     False, "(torch.randn(4, 4, 3), torch.randn(4, 4, 6))"),
    ("torch.nn.LSTM(3, 6, 2, proj_size=3, bidirectional=True, batch_first=True" + F64 + ")",
     "4, 5, 3", "[5, 3, 3, 1]", True, "(torch.randn(4, 4, 3" + F64 + "), torch.randn(4, 4, 6"
     + F64 + "))"),
    ("torch.nn.GRU(3, 4)", "5, 4, 3", "[5, 2, 2, 1]", True, "torch.randn(1, 4, 4)"),
    ("torch.nn.GRU(3, 4, 2, bidirectional=True)", "5, 4, 3", "[4, 5, 1, 1]", False, None),
    ("torch.nn.GRU(3, 4, 3, batch_first=True, bidirectional=True" + F64 + ")", "4, 5, 3",
     "[3, 5, 2, 4]", False, "torch.randn(6, 4, 4" + F64 + ")"),
    # every sequence as long as the batch, and a batch of one
    ("torch.nn.GRU(3, 4, bidirectional=True)", "5, 3, 3", "[5, 5, 5]", True, None),
    ("torch.nn.LSTM(3, 5, bidirectional=True)", "4, 1, 3", "[3]", True, None),
    # inter-layer dropout in training mode: the masks follow the seed (drawn on the packed data)
    ("torch.nn.GRU(3, 4, 3, dropout=0.4, bidirectional=True)", "5, 4, 3", "[4, 5, 1, 1]", False,
     None),
    ("torch.nn.LSTM(3, 5, 2, dropout=0.5)", "5, 4, 3", "[5, 4, 2, 2]", True, None),
    ("torch.nn.LSTM(3, 5, 2, dropout=0.5).eval()", "5, 4, 3", "[5, 4, 2, 2]", True, None),
]


@pytest.mark.parametrize("layer,shape,lengths,enforce_sorted,hx", LAYERS)
def test_layer_packed_forward_backward(layer, shape, lengths, enforce_sorted, hx):
    check_returns(PACKED_FORWARD_BACKWARD.format(layer=layer, shape=shape, lengths=lengths,
                                         enforce_sorted=enforce_sorted, hx=hx))


@pytest.mark.parametrize("layer", [
    "torch.nn.RNN(3, 4, 2, bidirectional=True)",
    "torch.nn.LSTM(3, 5, proj_size=2, bidirectional=True)",
    "torch.nn.GRU(3, 4, batch_first=True)",
])
def test_packed_matches_each_sequence_alone(layer):
    # each sequence run alone (unpadded) gives its rows of the packed output and its final state
    check_returns(f"""
torch.manual_seed(0)
m = {layer}
seqs = [torch.randn(n, 3) for n in (2, 5, 3)]
y, h = m(R.pack_sequence(seqs, enforce_sorted=False))
padded, lengths = R.pad_packed_sequence(y, batch_first=True)
h = h[0] if isinstance(h, tuple) else h
ok = []
for i, s in enumerate(seqs):
    yi, hi = m(s)
    hi = hi[0] if isinstance(hi, tuple) else hi
    ok.append(bool((padded[i, :len(s)] - yi).abs().max() < 1e-5))
    ok.append(bool((h[:, i] - hi).abs().max() < 1e-5))
    ok.append(bool((padded[i, len(s):] == 0).all()))
ok, lengths
""")


def test_relu_packed_output_bit_exact():
    # relu, linear and addition round as PyTorch's: bit for bit, as in test_rnn.py
    check_returns("""
torch.manual_seed(0)
m = torch.nn.RNN(3, 4, 2, nonlinearity='relu', bidirectional=True)
p = R.pack_padded_sequence(torch.randn(5, 4, 3), [2, 5, 1, 3], enforce_sorted=False)
with torch.no_grad():
    y, h = m(p)
y.data, h
""", exact=True)


def test_pack_rnn_pad_pipeline():
    # the usual pipeline: pad, pack, run, unpad with total_length; gradients to the sequences
    check_returns("""
torch.manual_seed(0)
m = torch.nn.LSTM(3, 4, batch_first=True, bidirectional=True)
seqs = [torch.randn(n, 3, requires_grad=True) for n in (4, 2, 5)]
padded = R.pad_sequence(seqs, batch_first=True)
lengths = torch.tensor([len(s) for s in seqs])
p = R.pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
y, (h, c) = m(p)
out, out_lengths = R.pad_packed_sequence(y, batch_first=True, total_length=6)
(out.sum() + h.sum()).backward()
out.detach(), out_lengths, h.detach(), c.detach(), [s.grad for s in seqs]
""")


@pytest.mark.parametrize("code", [
    # packed data must be 2-d, of input_size features
    "torch.nn.RNN(3, 4)(R.PackedSequence(torch.randn(5, 2, 3), torch.tensor([3, 2])))",
    "torch.nn.GRU(3, 4)(R.pack_sequence([torch.randn(3, 5), torch.randn(2, 5)]))",
    "torch.nn.LSTM(3, 4)(R.pack_sequence([torch.randn(3, 5), torch.randn(2, 5)]))",
    # initial states sized for the packed batch (batch_sizes[0] sequences)
    "torch.nn.RNN(3, 4)(R.pack_sequence([torch.randn(3, 3), torch.randn(2, 3)]), "
    "torch.randn(1, 3, 4))",
    "torch.nn.GRU(3, 4, bidirectional=True)(R.pack_sequence([torch.randn(3, 3)]), "
    "torch.randn(1, 1, 4))",
    "torch.nn.LSTM(3, 4)(R.pack_sequence([torch.randn(3, 3), torch.randn(2, 3)]), "
    "(torch.randn(1, 2, 4), torch.randn(1, 3, 4)))",
    "torch.nn.LSTM(3, 4, proj_size=2)(R.pack_sequence([torch.randn(3, 3)]), "
    "(torch.randn(1, 1, 4), torch.randn(1, 1, 4)))",
])
def test_packed_errors(code):
    check_raises(code)


def test_packed_grad_fn_names():
    # the layers' packed output and final states come from the same ops as ATen's
    check_returns("""
torch.manual_seed(0)
names = []
for m in (torch.nn.RNN(3, 4), torch.nn.LSTM(3, 4, bidirectional=True), torch.nn.GRU(3, 4, 2)):
    for lengths, enforce_sorted in (([4, 3, 2], True), ([4, 2, 3], False)):
        p = R.pack_padded_sequence(torch.randn(4, 3, 3), lengths, enforce_sorted=enforce_sorted)
        y, h = m(p)
        names.append((y.data.grad_fn.name(), (h[0] if isinstance(h, tuple) else h).grad_fn.name()))
names
""")


def test_packed_sequence_pickle_and_copy():
    check_returns("""
import copy, pickle
p = R.pack_sequence([torch.tensor([1., 2.]), torch.tensor([3.])], enforce_sorted=False)
q = pickle.loads(pickle.dumps(p))
type(q).__name__, tuple(q), tuple(copy.deepcopy(p)), repr(copy.copy(p))
""")
