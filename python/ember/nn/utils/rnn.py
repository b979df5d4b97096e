"""Variable-length sequences for the recurrent layers, as torch.nn.utils.rnn (PyTorch 1.13):
PackedSequence, pack_padded_sequence, pad_packed_sequence, pad_sequence, pack_sequence,
unpad_sequence, unpack_sequence and invert_permutation, with PyTorch's checks and messages.

A PackedSequence holds the time steps of a batch of sequences sorted by decreasing length, step
after step: `data` has the batch_sizes[0] first elements, then the batch_sizes[1] second
elements, ...; `batch_sizes` (an int64 CPU tensor) says how many sequences are still running at
each step. `sorted_indices` (when the batch was sorted here) gives, for each position of that
sorted order, the batch position the sequence came from; `unsorted_indices` is its inverse.

What ATen does in C++ (_pack_padded_sequence, _pad_packed_sequence, pad_sequence) is done here
with ember's tensor ops (slices, cat, full and copies into views), so gradients flow through
`data` as they do in PyTorch: packing's backward scatters the gradient back into the padded shape
(zeros at the padding). The grad_fn of packed data is CatBackward0 where PyTorch's is
PackPaddedSequenceBackward0; the values are the same.
"""
from collections import namedtuple
from collections.abc import Iterable

from ... import _C

_VF = _C._VariableFunctions

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence",
           "pad_sequence", "unpad_sequence", "pack_sequence", "unpack_sequence"]

PackedSequence_ = namedtuple("PackedSequence_",
                             ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])


def _map_optional(tensor, fn):
    return None if tensor is None else fn(tensor)


class PackedSequence(PackedSequence_):
    """A batch of variable-length sequences packed step by step (see the module's docstring).
    Made by pack_padded_sequence and pack_sequence, taken and returned by RNN, LSTM and GRU.

    PackedSequence(data, batch_sizes, sorted_indices=None, unsorted_indices=None), or
    PackedSequence((data, batch_sizes), sorted_indices=...); unsorted_indices defaults to the
    inverse of sorted_indices. batch_sizes must be on the CPU.
    """

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        return super().__new__(cls, *_packed_sequence_init_args(
            data, batch_sizes, sorted_indices, unsorted_indices))

    # data may be of any dtype and on any device; the index tensors follow data's device;
    # batch_sizes always stays an int64 CPU tensor.

    def to(self, *args, **kwargs):
        """This sequence with data converted as Tensor.to(*args, **kwargs) converts it (the
        index tensors moved to data's new device); self when data does not change."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        index_kwargs = {k: v for k, v in kwargs.items() if k not in ("device", "dtype")}

        def move(indices):
            return indices.to(data.device, **index_kwargs)

        return type(self)(data, self.batch_sizes, _map_optional(self.sorted_indices, move),
                          _map_optional(self.unsorted_indices, move))

    def cuda(self, *args, **kwargs):
        probe = _VF.tensor((), dtype=self.data.dtype, device=self.data.device)
        if probe.to(*args, **kwargs).is_cuda:
            return self.to(*args, **kwargs)
        return self.to(*args, device="cuda", **kwargs)

    def cpu(self, *args, **kwargs):
        probe = _VF.tensor((), dtype=self.data.dtype, device=self.data.device)
        if probe.to(*args, **kwargs).device.type == "cpu":
            return self.to(*args, **kwargs)
        return self.to(*args, device="cpu", **kwargs)

    def double(self):
        return self.to(dtype=_C.float64)

    def float(self):
        return self.to(dtype=_C.float32)

    def half(self):
        return self.to(dtype=_C.float16)

    def long(self):
        return self.to(dtype=_C.int64)

    def int(self):
        return self.to(dtype=_C.int32)

    def short(self):
        return self.to(dtype=_C.int16)

    def char(self):
        return self.to(dtype=_C.int8)

    def byte(self):
        return self.to(dtype=_C.uint8)

    @property
    def is_cuda(self):
        """Whether data is on a GPU."""
        return self.data.is_cuda

    def is_pinned(self):
        """Whether data is in pinned memory: ember has no pinned host memory, so False."""
        return False


def _packed_sequence_init_args(data, batch_sizes=None, sorted_indices=None,
                               unsorted_indices=None):
    """The four fields of a PackedSequence from its constructor's arguments."""
    if unsorted_indices is None:
        unsorted_indices = invert_permutation(sorted_indices)
    if batch_sizes is None:
        # PackedSequence((data, batch_sizes), sorted_indices, unsorted_indices)
        assert isinstance(data, (list, tuple)) and len(data) == 2
        return data[0], data[1], sorted_indices, unsorted_indices
    if batch_sizes.device.type != "cpu":
        raise ValueError(
            "batch_sizes should always be on CPU. Instances of PackedSequence should never be "
            "created manually. They should be instantiated by functions like pack_sequence and "
            "pack_padded_sequences in nn.utils.rnn. "
            "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
    return data, batch_sizes, sorted_indices, unsorted_indices


def invert_permutation(permutation):
    """The inverse of a permutation tensor (None for None): output[permutation[i]] = i."""
    if permutation is None:
        return None
    output = _VF.empty_like(permutation)
    output.scatter_(0, permutation, _VF.arange(0, permutation.numel(), device=permutation.device))
    return output


# ATen's names of the dtypes, for the messages of _check_long_tensor.
_SCALAR_TYPE_NAMES = {
    "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long",
    "float16": "Half", "float32": "Float", "float64": "Double", "bool": "Bool",
    "bfloat16": "BFloat16", "complex64": "ComplexFloat", "complex128": "ComplexDouble",
}


def _check_long_tensor(tensor):
    """ATen's checkLongTensor (its message names 'lengths' whatever the tensor is)."""
    if tensor.dim() != 1 or tensor.device.type != "cpu" or tensor.dtype != _C.int64:
        dtype = str(tensor.dtype).split(".")[-1]
        raise RuntimeError(
            "'lengths' argument should be a 1D CPU int64 tensor, but got {}D {} {} tensor".format(
                tensor.dim(), tensor.device, _SCALAR_TYPE_NAMES.get(dtype, dtype)))


def _pack_padded(input, lengths, batch_first):
    """ATen's _pack_padded_sequence: (data, batch_sizes) of a padded input (seq, batch, *)
    whose columns have the given decreasing lengths."""
    if batch_first:
        input = input.transpose(0, 1)
    _check_long_tensor(lengths)
    batch_size = input.size(1)
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if lengths.size(0) != batch_size:
        raise RuntimeError("Expected `len(lengths)` to be equal to batch_size, but got {} "
                           "(batch_size={})".format(lengths.size(0), batch_size))
    lengths = lengths.tolist()
    if lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element "
                           "in 'lengths' that is <= 0")
    if any(earlier < later for earlier, later in zip(lengths, lengths[1:])):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when "
                           "`enforce_sorted` is True. You can pass `enforce_sorted=False` to "
                           "pack_padded_sequence and/or pack_sequence to sidestep this "
                           "requirement if you do not need ONNX exportability.")
    # From the shortest sequence to the longest: each time the length grows, the block of steps
    # [previous length, length) of the sequences that long or longer goes to the output, step by
    # step (the slices clamp, as ATen's, should a length exceed the input's).
    step_shape = (-1,) + tuple(input.shape[2:])
    blocks, batch_sizes = [], []
    done = 0
    for running in range(batch_size, 0, -1):
        length = lengths[running - 1]
        if length > done:
            blocks.append(input[done:length, :running].reshape(step_shape))
            batch_sizes += [running] * (length - done)
            done = length
    return _VF.cat(blocks, 0), _VF.tensor(batch_sizes, dtype=_C.int64)


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Packs a padded batch of sequences (seq, batch, *), or (batch, seq, *) with batch_first,
    whose lengths (a list or a CPU tensor) are given. With enforce_sorted (the default) the
    lengths must be decreasing; otherwise the batch is sorted here and the PackedSequence
    remembers the order (sorted_indices, unsorted_indices)."""
    lengths = _VF.as_tensor(lengths, dtype=_C.int64)
    if enforce_sorted:
        sorted_indices = None
    else:
        lengths, sorted_indices = _VF.sort(lengths, descending=True)
        sorted_indices = sorted_indices.to(input.device)
        input = input.index_select(0 if batch_first else 1, sorted_indices)
    data, batch_sizes = _pack_padded(input, lengths, batch_first)
    return PackedSequence(data, batch_sizes, sorted_indices, None)


def _pad_packed(data, batch_sizes, batch_first, padding_value, total_length):
    """ATen's _pad_packed_sequence: the padded (total_length, batch, *) tensor of packed data
    (in the packed, sorted order) and the length of each sequence."""
    _check_long_tensor(batch_sizes)
    batch_sizes = batch_sizes.tolist()
    max_batch_size = batch_sizes[0]
    trailing = tuple(data.shape[1:])
    output = _VF.full((total_length, max_batch_size) + trailing, padding_value,
                      dtype=data.dtype, device=data.device)
    # The steps that share a batch size form one block of data: copy each block at once.
    offset = 0
    start = 0
    for t in range(1, len(batch_sizes) + 1):
        if t < len(batch_sizes) and batch_sizes[t] == batch_sizes[start]:
            continue
        steps, running = t - start, batch_sizes[start]
        block = data[offset:offset + steps * running].view((steps, running) + trailing)
        output.narrow(0, start, steps).narrow(1, 0, running).copy_(block)
        offset += steps * running
        start = t
    lengths = [sum(1 for running in batch_sizes if running > b) for b in range(max_batch_size)]
    if batch_first:
        output = output.transpose(0, 1)
    return output, _VF.tensor(lengths, dtype=_C.int64)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """The inverse of pack_padded_sequence: (padded, lengths), padded of shape
    (seq, batch, *), or (batch, seq, *) with batch_first, filled with padding_value past each
    sequence's end, in the batch's original order; seq is the longest length, or total_length
    when given (which must not be shorter)."""
    max_seq_length = sequence.batch_sizes.size(0)
    if total_length is not None:
        if total_length < max_seq_length:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             "sequence in input, but got total_length={} and max sequence "
                             "length being {}".format(total_length, max_seq_length))
        max_seq_length = total_length
    padded, lengths = _pad_packed(sequence.data, sequence.batch_sizes, batch_first,
                                  padding_value, max_seq_length)
    unsorted_indices = sequence.unsorted_indices
    if unsorted_indices is None:
        return padded, lengths
    return (padded.index_select(0 if batch_first else 1, unsorted_indices),
            lengths.index_select(0, unsorted_indices.cpu()))


def pad_sequence(sequences, batch_first=False, padding_value=0.0):
    """Stacks sequences (L_i, *) along a new batch dimension, padding each with padding_value
    to the longest length: (max L, batch, *), or (batch, max L, *) with batch_first. The dtype,
    device and trailing shape are the first sequence's."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError("pad_sequence: Expected iterable for input sequences, but got arg of "
                           f"type: {type(sequences)}")
    sequences = tuple(sequences)
    if len(sequences) == 0:
        raise RuntimeError("received an empty list of sequences")
    max_len = max(sequence.size(0) for sequence in sequences)
    first = sequences[0]
    batch = (len(sequences), max_len) if batch_first else (max_len, len(sequences))
    output = _VF.full(batch + tuple(first.shape[1:]), padding_value, dtype=first.dtype,
                      device=first.device)
    for i, sequence in enumerate(sequences):
        if batch_first:
            output.select(0, i).narrow(0, 0, sequence.size(0)).copy_(sequence)
        else:
            output.narrow(0, 0, sequence.size(0)).select(1, i).copy_(sequence)
    return output


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The inverse of pad_sequence: the list of each sequence's first lengths[i] steps (copies).
    PyTorch's transposes padded_sequences in place when batch_first is False; this one leaves
    it as it is."""
    if not batch_first:
        padded_sequences = padded_sequences.transpose(0, 1)
    steps = _VF.arange(padded_sequences.shape[1])
    return [sequence[steps < length] for sequence, length in zip(padded_sequences, lengths)]


def pack_sequence(sequences, enforce_sorted=True):
    """Packs a list of sequences (L_i, *): pad_sequence, then pack_padded_sequence."""
    lengths = _VF.as_tensor([sequence.size(0) for sequence in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The inverse of pack_sequence: the list of sequences, in their original order."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
