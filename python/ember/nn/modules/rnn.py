"""Recurrent layers (RNN, LSTM, GRU) and their cells (RNNCell, LSTMCell, GRUCell), as torch.nn's
(PyTorch 1.13): the same constructor arguments, checks and messages, parameters, initialisation
draws and reprs.

The forward passes are made of ember's tensor ops in the order of ATen's CPU implementation
(aten/src/ATen/native/RNN.cpp), so that they round as PyTorch does: a layer projects its whole
input sequence at once (linear(input, w_ih, b_ih)), then each step adds the hidden projection
linear(h, w_hh, b_hh) to that step's slice; the reverse direction walks the steps backwards;
dropout (training only) follows every layer but the last.

A PackedSequence input runs as ATen's packed layers do: the steps are the packed data's blocks of
batch_sizes[t] rows; the forward direction sets aside the final state of the sequences that end
before each step, the reverse direction starts with the shortest sequences and lets the others
join as the batch grows. The output is a PackedSequence, and the final states are those of each
sequence's own last step, in the batch's original order.
"""
import math
import numbers
import warnings

from ... import _C
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_F = _C._VariableFunctions


def _empty(*shape, device=None, dtype=None):
    return _F.empty(shape, device=device, dtype=dtype)


def _zeros(*shape, like):
    return _F.zeros(shape, dtype=like.dtype, device=like.device)


def _apply_permutation(tensor, permutation, dim=1):
    return tensor.index_select(dim, permutation)


# ---- one step of each cell: ih is the input's projection linear(x, w_ih, b_ih) for this step;
# w is the (w_ih, w_hh, b_ih, b_hh, w_hr) of one layer and direction (None where absent).

def _tanh_step(ih, h, w):
    return (F.linear(h, w[1], w[3]) + ih).tanh()


def _relu_step(ih, h, w):
    return (F.linear(h, w[1], w[3]) + ih).relu()


def _lstm_step(ih, hidden, w):
    h, c = hidden
    ingate, forgetgate, cellgate, outgate = (F.linear(h, w[1], w[3]) + ih).chunk(4, 1)
    ingate = ingate.sigmoid()
    forgetgate = forgetgate.sigmoid()
    cellgate = cellgate.tanh()
    outgate = outgate.sigmoid()
    c = forgetgate * c + ingate * cellgate
    h = outgate * c.tanh()
    if w[4] is not None:
        h = h.matmul(w[4].t())
    return h, c


def _gru_step(ih, h, w):
    i_r, i_z, i_n = ih.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, w[1], w[3]).chunk(3, 1)
    resetgate = (h_r + i_r).sigmoid()
    inputgate = (h_z + i_z).sigmoid()
    newgate = (i_n + h_n * resetgate).tanh()
    return (h - newgate) * inputgate + newgate


_STEPS = {"RNN_TANH": _tanh_step, "RNN_RELU": _relu_step, "LSTM": _lstm_step, "GRU": _gru_step}


# ---- a hidden state is a tensor (batch, size), or LSTM's (h, c); its rows are the sequences,
# longest first when the input is packed, so the sequences running at a step are the first rows.

def _hidden_rows(hidden, start, end):
    if isinstance(hidden, tuple):
        return tuple(_hidden_rows(part, start, end) for part in hidden)
    return hidden.narrow(0, start, end - start)


def _hidden_cat(hiddens):
    if isinstance(hiddens[0], tuple):
        return tuple(_F.cat(parts, 0) for parts in zip(*hiddens))
    return _F.cat(hiddens, 0)


def _run_forward(step, steps, initial, w):
    """One direction's loop over the steps' input projections (running sequences, gates),
    first step to last: the hidden state after every step, and the final state of every
    sequence. With packed steps the batch shrinks: a sequence that has ended keeps the state of
    its own last step."""
    hidden, batch = initial, steps[0].size(0)
    step_hiddens, ended = [], []
    for ih in steps:
        running = ih.size(0)
        if running < batch:
            ended.append(_hidden_rows(hidden, running, batch))
            hidden = _hidden_rows(hidden, 0, running)
            batch = running
        hidden = step(ih, hidden, w)
        step_hiddens.append(hidden)
    final = _hidden_cat([hidden] + ended[::-1]) if ended else hidden
    return step_hiddens, final


def _run_reverse(step, steps, initial, w):
    """The other direction: the same loop, last step to first. With packed steps it starts
    with the sequences running at the last step; each other one joins, from its initial state,
    at its own last step."""
    hidden, batch = initial, steps[0].size(0)
    if steps[-1].size(0) < batch:
        batch = steps[-1].size(0)
        hidden = _hidden_rows(initial, 0, batch)
    step_hiddens = []
    for ih in reversed(steps):
        running = ih.size(0)
        if running > batch:
            hidden = _hidden_cat([hidden, _hidden_rows(initial, batch, running)])
            batch = running
        hidden = step(ih, hidden, w)
        step_hiddens.append(hidden)
    step_hiddens.reverse()
    return step_hiddens, hidden


def _run_layers(mode, input, hiddens, weights, num_layers, dropout, train, bidirectional,
                batch_sizes=None):
    """The stacked layers over input (seq, batch, features), or over a PackedSequence's data
    (rows, features) when its batch_sizes (a list) are given: the last layer's output (of the
    same layout) and the final hidden state of every layer and direction, in that order."""
    step = _STEPS[mode]
    num_directions = 2 if bidirectional else 1
    layer_input = input
    finals = []
    for layer in range(num_layers):
        outputs = []
        for direction in range(num_directions):
            index = layer * num_directions + direction
            w = weights[index]
            ih = F.linear(layer_input, w[0], w[2])
            steps = ih.unbind(0) if batch_sizes is None else ih.split(batch_sizes, 0)
            if len(steps) == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
            run = _run_reverse if direction == 1 else _run_forward
            step_hiddens, hidden = run(step, steps, hiddens[index], w)
            step_outputs = [h[0] for h in step_hiddens] if mode == "LSTM" else step_hiddens
            if batch_sizes is None:
                outputs.append(_F.stack(step_outputs, 0))
            else:
                outputs.append(_F.cat(step_outputs, 0))
            finals.append(hidden)
        layer_input = outputs[0] if len(outputs) == 1 else _F.cat(outputs, outputs[0].dim() - 1)
        if dropout != 0 and train and layer < num_layers - 1:
            layer_input = F.dropout(layer_input, dropout, True)
    return layer_input, finals


class RNNBase(Module):
    """What RNN, LSTM and GRU share: their parameters (weight_ih_l{k}, weight_hh_l{k},
    bias_ih_l{k}, bias_hh_l{k}, weight_hr_l{k} for LSTM projections, then the same with
    '_reverse', layer by layer), initialisation, input and hidden-state checks and repr."""

    __constants__ = ["mode", "input_size", "hidden_size", "num_layers", "bias",
                     "batch_first", "dropout", "bidirectional", "proj_size"]

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1

        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or \
                isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          "dropout={} and num_layers={}".format(dropout, num_layers))
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")

        gate_sizes = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}
        if mode not in gate_sizes:
            raise ValueError("Unrecognized RNN mode: " + mode)
        gate_size = gate_sizes[mode] * hidden_size

        factory = {"device": device, "dtype": dtype}
        self._flat_weights_names = []
        self._all_weights = []
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input_size = input_size if layer == 0 else real_hidden_size * num_directions
                params = [_empty(gate_size, layer_input_size, **factory),
                          _empty(gate_size, real_hidden_size, **factory)]
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if bias:
                    params += [_empty(gate_size, **factory), _empty(gate_size, **factory)]
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if proj_size > 0:
                    params.append(_empty(proj_size, hidden_size, **factory))
                    names.append("weight_hr_l{}{}")
                suffix = "_reverse" if direction == 1 else ""
                names = [n.format(layer, suffix) for n in names]
                for name, param in zip(names, params):
                    setattr(self, name, Parameter(param))
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)

        self._init_flat_weights()
        self.reset_parameters()

    def _init_flat_weights(self):
        self._flat_weights = [getattr(self, n) if hasattr(self, n) else None
                              for n in self._flat_weights_names]
        self.flatten_parameters()

    def __setattr__(self, attr, value):
        if hasattr(self, "_flat_weights_names") and attr in self._flat_weights_names:
            # keeps _flat_weights up to date after `self.weight_ih_l0 = ...`
            self._flat_weights[self._flat_weights_names.index(attr)] = value
        super().__setattr__(attr, value)

    def flatten_parameters(self):
        """PyTorch packs the weights for cuDNN here; ember has no cuDNN: a no-op."""

    def _apply(self, fn):
        result = super()._apply(fn)
        self._init_flat_weights()
        return result

    def reset_parameters(self):
        """Every parameter uniform in [-1/sqrt(hidden_size), 1/sqrt(hidden_size)], in order."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def check_input(self, input, batch_sizes):
        expected_input_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_input_dim:
            raise RuntimeError("input must have {} dimensions, got {}".format(
                expected_input_dim, input.dim()))
        if self.input_size != input.size(-1):
            raise RuntimeError("input.size(-1) must be equal to input_size. Expected {}, "
                               "got {}".format(self.input_size, input.size(-1)))

    def get_expected_hidden_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        num_directions = 2 if self.bidirectional else 1
        size = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (self.num_layers * num_directions, mini_batch, size)

    def check_hidden_size(self, hx, expected_hidden_size,
                          msg="Expected hidden size {}, got {}"):
        if tuple(hx.size()) != tuple(expected_hidden_size):
            raise RuntimeError(msg.format(expected_hidden_size, list(hx.size())))

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden, self.get_expected_hidden_size(input, batch_sizes))

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return _apply_permutation(hx, permutation)

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    def __setstate__(self, d):
        super().__setstate__(d)
        if "all_weights" in d:
            self._all_weights = d["all_weights"]
        if "proj_size" not in d:
            self.proj_size = 0
        if isinstance(self._all_weights[0][0], str):
            return
        # modules pickled before weights were kept by name: rebuild the name lists
        num_directions = 2 if self.bidirectional else 1
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(self.num_layers):
            for direction in range(num_directions):
                suffix = "_reverse" if direction == 1 else ""
                names = ["weight_ih_l{}{}", "weight_hh_l{}{}"]
                if self.bias:
                    names += ["bias_ih_l{}{}", "bias_hh_l{}{}"]
                if self.proj_size > 0:
                    names += ["weight_hr_l{}{}"]
                names = [n.format(layer, suffix) for n in names]
                self._all_weights.append(names)
                self._flat_weights_names.extend(names)
        self._flat_weights = [getattr(self, n) if hasattr(self, n) else None
                              for n in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, weight) for weight in weights] for weights in self._all_weights]

    def _replicate_for_data_parallel(self):
        replica = super()._replicate_for_data_parallel()
        replica._flat_weights = replica._flat_weights[:]
        replica._flat_weights_names = replica._flat_weights_names[:]
        return replica

    # ---- the computation shared by the three layers

    def _layer_weights(self):
        """(w_ih, w_hh, b_ih, b_hh, w_hr) for each layer and direction, None where absent."""
        weights = []
        per_layer = len(self._flat_weights) // len(self._all_weights)
        for k in range(len(self._all_weights)):
            w = self._flat_weights[k * per_layer:(k + 1) * per_layer]
            b_ih, b_hh = (w[2], w[3]) if self.bias else (None, None)
            w_hr = w[-1] if self.proj_size > 0 else None
            weights.append((w[0], w[1], b_ih, b_hh, w_hr))
        return weights

    def _run(self, input, hiddens, batch_sizes=None):
        """The layers over a batched input (batch_first as set), or over a PackedSequence's data
        and batch_sizes: output (of the input's layout), final hidden states."""
        if batch_sizes is not None:
            return _run_layers(self.mode, input, hiddens, self._layer_weights(),
                               self.num_layers, self.dropout, self.training,
                               self.bidirectional, batch_sizes.tolist())
        if self.batch_first:
            input = input.transpose(0, 1)
        output, finals = _run_layers(self.mode, input, hiddens, self._layer_weights(),
                                     self.num_layers, self.dropout, self.training,
                                     self.bidirectional)
        if self.batch_first:
            output = output.transpose(0, 1)
        return output, finals

    def _forward_single_state(self, input, hx):
        """RNN's and GRU's forward: one hidden state tensor."""
        if isinstance(input, PackedSequence):
            packed = input
            input, batch_sizes = packed.data, packed.batch_sizes
            max_batch_size = int(batch_sizes[0])
        else:
            packed = batch_sizes = None
            is_batched = input.dim() == 3
            batch_dim = 0 if self.batch_first else 1
            if not is_batched:
                input = input.unsqueeze(batch_dim)
                if hx is not None:
                    if hx.dim() != 2:
                        raise RuntimeError("For unbatched 2-D input, hx should also be 2-D but "
                                           f"got {hx.dim()}-D tensor")
                    hx = hx.unsqueeze(1)
            elif hx is not None and hx.dim() != 3:
                raise RuntimeError("For batched 3-D input, hx should also be 3-D but got "
                                   f"{hx.dim()}-D tensor")
            max_batch_size = input.size(0) if self.batch_first else input.size(1)
        if hx is None:
            num_directions = 2 if self.bidirectional else 1
            hx = _zeros(self.num_layers * num_directions, max_batch_size, self.hidden_size,
                        like=input)
        elif packed is not None:
            # hx is given in the batch's original order; the packed rows are sorted
            hx = self.permute_hidden(hx, packed.sorted_indices)
        self.check_forward_args(input, hx, batch_sizes)
        output, finals = self._run(input, hx.unbind(0), batch_sizes)
        hidden = _F.stack(finals, 0)
        if packed is not None:
            return (PackedSequence(output, batch_sizes, packed.sorted_indices,
                                   packed.unsorted_indices),
                    self.permute_hidden(hidden, packed.unsorted_indices))
        if not is_batched:
            output = output.squeeze(batch_dim)
            hidden = hidden.squeeze(1)
        return output, hidden


class RNN(RNNBase):
    """A multi-layer Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh), or relu
    with nonlinearity='relu'. Returns (output, h_n)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        self.nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if self.nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif self.nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError("Unknown nonlinearity '{}'".format(self.nonlinearity))
        super().__init__(mode, *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward_single_state(input, hx)


class LSTM(RNNBase):
    """A multi-layer long short-term memory RNN (with proj_size > 0, h is projected by
    weight_hr). Returns (output, (h_n, c_n))."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)

    def get_expected_cell_size(self, input, batch_sizes):
        if batch_sizes is not None:
            mini_batch = int(batch_sizes[0])
        else:
            mini_batch = input.size(0) if self.batch_first else input.size(1)
        num_directions = 2 if self.bidirectional else 1
        return (self.num_layers * num_directions, mini_batch, self.hidden_size)

    def check_forward_args(self, input, hidden, batch_sizes):
        self.check_input(input, batch_sizes)
        self.check_hidden_size(hidden[0], self.get_expected_hidden_size(input, batch_sizes),
                               "Expected hidden[0] size {}, got {}")
        self.check_hidden_size(hidden[1], self.get_expected_cell_size(input, batch_sizes),
                               "Expected hidden[1] size {}, got {}")

    def permute_hidden(self, hx, permutation):
        if permutation is None:
            return hx
        return _apply_permutation(hx[0], permutation), _apply_permutation(hx[1], permutation)

    def forward(self, input, hx=None):
        if isinstance(input, PackedSequence):
            packed = input
            input, batch_sizes = packed.data, packed.batch_sizes
            max_batch_size = int(batch_sizes[0])
        else:
            packed = batch_sizes = None
            is_batched = input.dim() == 3
            batch_dim = 0 if self.batch_first else 1
            if not is_batched:
                input = input.unsqueeze(batch_dim)
            max_batch_size = input.size(0) if self.batch_first else input.size(1)
        if hx is None:
            num_directions = 2 if self.bidirectional else 1
            real_hidden_size = self.proj_size if self.proj_size > 0 else self.hidden_size
            h_zeros = _zeros(self.num_layers * num_directions, max_batch_size, real_hidden_size,
                             like=input)
            c_zeros = _zeros(self.num_layers * num_directions, max_batch_size, self.hidden_size,
                             like=input)
            hx = (h_zeros, c_zeros)
        elif packed is not None:
            # hx is given in the batch's original order; the packed rows are sorted
            hx = self.permute_hidden(hx, packed.sorted_indices)
        elif is_batched:
            if hx[0].dim() != 3 or hx[1].dim() != 3:
                raise RuntimeError("For batched 3-D input, hx and cx should also be 3-D but got "
                                   f"({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
        else:
            if hx[0].dim() != 2 or hx[1].dim() != 2:
                raise RuntimeError("For unbatched 2-D input, hx and cx should also be 2-D but "
                                   f"got ({hx[0].dim()}-D, {hx[1].dim()}-D) tensors")
            hx = (hx[0].unsqueeze(1), hx[1].unsqueeze(1))
        self.check_forward_args(input, hx, batch_sizes)
        output, finals = self._run(input, list(zip(hx[0].unbind(0), hx[1].unbind(0))),
                                   batch_sizes)
        h_n = _F.stack([h for h, _ in finals], 0)
        c_n = _F.stack([c for _, c in finals], 0)
        if packed is not None:
            return (PackedSequence(output, batch_sizes, packed.sorted_indices,
                                   packed.unsorted_indices),
                    self.permute_hidden((h_n, c_n), packed.unsorted_indices))
        if not is_batched:
            output = output.squeeze(batch_dim)
            h_n, c_n = h_n.squeeze(1), c_n.squeeze(1)
        return output, (h_n, c_n)


class GRU(RNNBase):
    """A multi-layer gated recurrent unit RNN. Returns (output, h_n)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx=None):
        return self._forward_single_state(input, hx)


# ---- cells

def _check_cell(input, hiddens, w_ih, w_hh):
    """ATen's checks of a cell's input and hidden states (labelled hidden0, as PyTorch's)."""
    if input.size(1) != w_ih.size(1):
        raise RuntimeError("input has inconsistent input_size: got {} expected {}".format(
            input.size(1), w_ih.size(1)))
    for hx in hiddens:
        if input.size(0) != hx.size(0):
            raise RuntimeError("Input batch size {} doesn't match hidden0 batch size {}".format(
                input.size(0), hx.size(0)))
        if hx.size(1) != w_hh.size(1):
            raise RuntimeError("hidden0 has inconsistent hidden_size: got {}, expected {}".format(
                hx.size(1), w_hh.size(1)))


class RNNCellBase(Module):
    """What the cells share: weight_ih, weight_hh, bias_ih, bias_hh, initialisation, repr."""

    __constants__ = ["input_size", "hidden_size", "bias"]

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(_empty(num_chunks * hidden_size, input_size, **factory))
        self.weight_hh = Parameter(_empty(num_chunks * hidden_size, hidden_size, **factory))
        if bias:
            self.bias_ih = Parameter(_empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(_empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self):
        """Every parameter uniform in [-1/sqrt(hidden_size), 1/sqrt(hidden_size)], in order."""
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _weights(self):
        return (self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh, None)

    def _prepare(self, input, name):
        """input as a batch (is_batched tells whether it was one)."""
        assert input.dim() in (1, 2), \
            f"{name}: Expected input to be 1-D or 2-D but received {input.dim()}-D tensor"
        is_batched = input.dim() == 2
        return (input if is_batched else input.unsqueeze(0)), is_batched


class RNNCell(RNNCellBase):
    """One Elman RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu)."""

    __constants__ = ["input_size", "hidden_size", "bias", "nonlinearity"]

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        input, is_batched = self._prepare(input, "RNNCell")
        if hx is None:
            hx = _zeros(input.size(0), self.hidden_size, like=input)
        elif not is_batched:
            hx = hx.unsqueeze(0)
        if self.nonlinearity == "tanh":
            step = _tanh_step
        elif self.nonlinearity == "relu":
            step = _relu_step
        else:
            raise RuntimeError("Unknown nonlinearity: {}".format(self.nonlinearity))
        _check_cell(input, [hx], self.weight_ih, self.weight_hh)
        ret = step(F.linear(input, self.weight_ih, self.bias_ih), hx, self._weights())
        return ret if is_batched else ret.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step: (h, c) -> (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        input, is_batched = self._prepare(input, "LSTMCell")
        if hx is None:
            zeros = _zeros(input.size(0), self.hidden_size, like=input)
            hx = (zeros, zeros)
        elif not is_batched:
            hx = (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
        _check_cell(input, hx, self.weight_ih, self.weight_hh)
        h, c = _lstm_step(F.linear(input, self.weight_ih, self.bias_ih), hx, self._weights())
        return (h, c) if is_batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step: h -> h'."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        input, is_batched = self._prepare(input, "GRUCell")
        if hx is None:
            hx = _zeros(input.size(0), self.hidden_size, like=input)
        elif not is_batched:
            hx = hx.unsqueeze(0)
        _check_cell(input, [hx], self.weight_ih, self.weight_hh)
        ret = _gru_step(F.linear(input, self.weight_ih, self.bias_ih), hx, self._weights())
        return ret if is_batched else ret.squeeze(0)
