"""Recurrent layer references for tests/nn (ember's torch::nn::RNN/LSTM/GRU and their cells):
parameters after manual_seed(0) (names, shapes, PyTorch's initial draws), outputs and final states
for inputs drawn from their own generator, with and without initial states, and the gradients of
a weighted sum of the outputs with respect to the input, the initial states and every parameter.
Writes tests/reference/rnn.json."""
import json
import os

import torch
import torch.nn as nn

from reflib import describe

OUT = {"torch_version": torch.__version__}


def values(shape, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(shape, generator=g, dtype=torch.float64).to(torch.float32)


# name: (class, constructor kwargs, input shape, whether initial states are given)
LAYERS = {
    "rnn_tanh": (nn.RNN, dict(input_size=3, hidden_size=4), (5, 2, 3), False),
    "rnn_relu_2layers_h0": (nn.RNN, dict(input_size=3, hidden_size=4, num_layers=2,
                                         nonlinearity="relu"), (4, 3, 3), True),
    "rnn_bidirectional_batch_first": (nn.RNN, dict(input_size=2, hidden_size=3, batch_first=True,
                                                   bidirectional=True), (2, 5, 2), True),
    "lstm": (nn.LSTM, dict(input_size=3, hidden_size=4), (5, 2, 3), False),
    "lstm_2layers_bidirectional_h0": (nn.LSTM, dict(input_size=3, hidden_size=4, num_layers=2,
                                                    bidirectional=True), (4, 2, 3), True),
    "lstm_proj_batch_first": (nn.LSTM, dict(input_size=3, hidden_size=5, proj_size=2,
                                            batch_first=True), (2, 4, 3), True),
    "lstm_nobias": (nn.LSTM, dict(input_size=2, hidden_size=3, bias=False), (3, 1, 2), False),
    "gru": (nn.GRU, dict(input_size=3, hidden_size=4), (5, 2, 3), False),
    "gru_2layers_bidirectional_batch_first_h0": (nn.GRU, dict(
        input_size=3, hidden_size=2, num_layers=2, bidirectional=True, batch_first=True),
        (2, 4, 3), True),
}

CELLS = {
    "rnn_cell": (nn.RNNCell, dict(input_size=3, hidden_size=4), (2, 3), True),
    "rnn_cell_relu_nobias": (nn.RNNCell, dict(input_size=3, hidden_size=4, bias=False,
                                              nonlinearity="relu"), (2, 3), False),
    "lstm_cell": (nn.LSTMCell, dict(input_size=3, hidden_size=4), (2, 3), True),
    "lstm_cell_zero_state": (nn.LSTMCell, dict(input_size=2, hidden_size=3), (3, 2), False),
    "gru_cell": (nn.GRUCell, dict(input_size=3, hidden_size=4), (2, 3), True),
    "gru_cell_zero_state": (nn.GRUCell, dict(input_size=2, hidden_size=3), (1, 2), False),
}


def parameters(module):
    return [[name, describe(p.detach())] for name, p in module.named_parameters()]


def run(make, kwargs, shape, given, cell):
    torch.manual_seed(0)
    module = make(**kwargs)
    x = values(shape, 1).requires_grad_()
    is_lstm = make in (nn.LSTM, nn.LSTMCell)
    states = []
    if given:
        if cell:
            state_shape = (shape[0], kwargs["hidden_size"])
            cell_shape = state_shape
        else:
            directions = 2 if kwargs.get("bidirectional") else 1
            layers = kwargs.get("num_layers", 1) * directions
            batch = shape[0] if kwargs.get("batch_first") else shape[1]
            state_shape = (layers, batch, kwargs.get("proj_size") or kwargs["hidden_size"])
            cell_shape = (layers, batch, kwargs["hidden_size"])
        states = [values(state_shape, 2).requires_grad_()]
        if is_lstm:
            states.append(values(cell_shape, 3).requires_grad_())
    hidden = (tuple(states) if is_lstm else states[0]) if states else None
    out = module(x, hidden)
    if cell:
        outputs = list(out) if is_lstm else [out]
    else:
        output, final = out
        outputs = [output] + (list(final) if is_lstm else [final])
    loss = sum((o * values(o.shape, 10 + i)).sum() for i, o in enumerate(outputs))
    loss.backward()
    return {
        "parameters": parameters(module),
        "input": describe(x.detach()),
        "states": [describe(s.detach()) for s in states],
        "outputs": [describe(o.detach()) for o in outputs],
        "output_weights": [describe(values(o.shape, 10 + i)) for i, o in enumerate(outputs)],
        "grad_input": describe(x.grad),
        "grad_states": [describe(s.grad) for s in states],
        "grad_parameters": [[n, describe(p.grad)] for n, p in module.named_parameters()],
    }


OUT["layers"] = {name: run(*spec, cell=False) for name, spec in LAYERS.items()}
OUT["cells"] = {name: run(*spec, cell=True) for name, spec in CELLS.items()}

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "rnn.json"), "w") as f:
    json.dump(OUT, f)
