"""torch.nn references for tests/nn (ember's torch::nn): default initializations after
manual_seed, module forward/backward results, training-mode state (BatchNorm running statistics,
Dropout masks), the functional ops and losses with their gradients, clip_grad_norm_, parameter
naming in nested models, and error messages. Writes tests/reference/nn.json."""
import json
import math
import os
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

from reflib import describe, error_of, grad_case

OUT = {"torch_version": torch.__version__}


def values(shape, seed, dtype=torch.float32, kind="normal"):
    """Input values drawn from their own generator: the global stream stays the modules'."""
    g = torch.Generator().manual_seed(seed)
    if kind == "uniform":
        return torch.rand(shape, generator=g, dtype=torch.float64).to(dtype)
    return torch.randn(shape, generator=g, dtype=torch.float64).to(dtype)


def state(module):
    return {
        "parameters": {k: describe(v.detach()) for k, v in module.named_parameters()},
        "buffers": {k: describe(v) for k, v in module.named_buffers()},
    }


# ---- default initializations ------------------------------------------------------------------
INIT = {
    "linear_3_2": lambda: nn.Linear(3, 2),
    "linear_5_4_nobias": lambda: nn.Linear(5, 4, bias=False),
    "linear_20_30": lambda: nn.Linear(20, 30),
    "conv2d_2_4_3": lambda: nn.Conv2d(2, 4, 3),
    "conv2d_1_8_3_pad1": lambda: nn.Conv2d(1, 8, 3, stride=1, padding=1),
    "conv2d_4_6_k2x3_groups2": lambda: nn.Conv2d(4, 6, (2, 3), groups=2, bias=False),
    "embedding_10_3": lambda: nn.Embedding(10, 3),
    "embedding_5_4_pad1": lambda: nn.Embedding(5, 4, padding_idx=1),
    "embedding_6_2_padneg": lambda: nn.Embedding(6, 2, padding_idx=-2),
    "batchnorm1d_3": lambda: nn.BatchNorm1d(3),
    "batchnorm2d_4_noaffine": lambda: nn.BatchNorm2d(4, affine=False),
    "layernorm_2_3": lambda: nn.LayerNorm([2, 3]),
    "mlp": lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)),
}
OUT["init"] = {}
for name, make in INIT.items():
    torch.manual_seed(0)
    OUT["init"][name] = state(make())

# nn.init functions, each after manual_seed(0) on a fresh tensor.
INIT_FNS = {
    "uniform_": lambda: nn.init.uniform_(torch.empty(3, 5), -2.0, 0.5),
    "normal_": lambda: nn.init.normal_(torch.empty(4, 5), 1.0, 0.5),
    "normal_small": lambda: nn.init.normal_(torch.empty(7), -1.0, 2.0),
    "kaiming_uniform_": lambda: nn.init.kaiming_uniform_(torch.empty(4, 6)),
    "kaiming_uniform_a_fanout_relu": lambda: nn.init.kaiming_uniform_(
        torch.empty(3, 2, 2, 2), a=0.2, mode="fan_out", nonlinearity="relu"),
    "kaiming_normal_": lambda: nn.init.kaiming_normal_(torch.empty(5, 4)),
    "kaiming_normal_fanout": lambda: nn.init.kaiming_normal_(torch.empty(2, 3, 3), mode="fan_out"),
    "xavier_uniform_": lambda: nn.init.xavier_uniform_(torch.empty(4, 6)),
    "xavier_uniform_gain": lambda: nn.init.xavier_uniform_(torch.empty(3, 2, 5), gain=2.0),
    "xavier_normal_": lambda: nn.init.xavier_normal_(torch.empty(6, 4)),
    "xavier_normal_double": lambda: nn.init.xavier_normal_(torch.empty(3, 3, dtype=torch.float64)),
    "uniform_double": lambda: nn.init.uniform_(torch.empty(2, 3, dtype=torch.float64), -1, 1),
    "constant_": lambda: nn.init.constant_(torch.empty(2, 2), 0.25),
    "ones_": lambda: nn.init.ones_(torch.empty(3)),
    "zeros_": lambda: nn.init.zeros_(torch.empty(3)),
    "eye_": lambda: nn.init.eye_(torch.empty(2, 3)),
}
OUT["init_fns"] = {}
for name, fn in INIT_FNS.items():
    torch.manual_seed(0)
    OUT["init_fns"][name] = describe(fn())
OUT["gain"] = {
    "linear": nn.init.calculate_gain("linear"),
    "conv2d": nn.init.calculate_gain("conv2d"),
    "sigmoid": nn.init.calculate_gain("sigmoid"),
    "tanh": nn.init.calculate_gain("tanh"),
    "relu": nn.init.calculate_gain("relu"),
    "leaky_relu": nn.init.calculate_gain("leaky_relu"),
    "leaky_relu_0.2": nn.init.calculate_gain("leaky_relu", 0.2),
}
OUT["gain"] = {k: float(v).hex() for k, v in OUT["gain"].items()}

# In-place random fills (Tensor.uniform_ / normal_ / bernoulli_), after manual_seed(0).
FILLS = {
    "uniform_5": lambda: torch.empty(5).uniform_(-1, 1),
    "uniform_40": lambda: torch.empty(40).uniform_(-0.3, 0.7),
    "uniform_double": lambda: torch.empty(9, dtype=torch.float64).uniform_(-2, 3),
    "uniform_half": lambda: torch.empty(9, dtype=torch.float16).uniform_(-2, 3),
    "uniform_bfloat16": lambda: torch.empty(9, dtype=torch.bfloat16).uniform_(-2, 3),
    "uniform_transposed": lambda: torch.empty(4, 5).t().uniform_(0, 2),
    "normal_5": lambda: torch.empty(5).normal_(1, 2),
    "normal_20": lambda: torch.empty(20).normal_(1, 2),
    "normal_transposed": lambda: torch.empty(4, 5).t().normal_(),
    "normal_double": lambda: torch.empty(17, dtype=torch.float64).normal_(-1, 0.5),
    "bernoulli_float": lambda: torch.empty(20).bernoulli_(0.3),
    "bernoulli_long": lambda: torch.empty(3, 4, dtype=torch.long).bernoulli_(0.7),
    "bernoulli_bool": lambda: torch.empty(10, dtype=torch.bool).bernoulli_(0.5),
    "bernoulli_out_of_place": lambda: torch.empty(2, 5).bernoulli(0.25),
}
OUT["fills"] = {}
for name, fn in FILLS.items():
    torch.manual_seed(0)
    OUT["fills"][name] = describe(fn())

# ---- modules: forward and backward ------------------------------------------------------------
# name: (constructor, input shape, options). The module is built right after manual_seed(seed);
# its input comes from its own generator. options: train (default True), "int_input" values.
MODULES = {
    "linear": (lambda: nn.Linear(3, 2), [4, 3], {}),
    "linear_3d": (lambda: nn.Linear(3, 5), [2, 4, 3], {}),
    "linear_1d_nobias": (lambda: nn.Linear(4, 2, bias=False), [4], {}),
    "conv2d": (lambda: nn.Conv2d(2, 3, 3), [2, 2, 5, 5], {}),
    "conv2d_pad_stride": (lambda: nn.Conv2d(1, 4, 3, stride=2, padding=1), [1, 1, 6, 6], {}),
    "conv2d_groups_dilation": (lambda: nn.Conv2d(4, 4, (3, 2), dilation=(1, 2), groups=2), [1, 4, 6, 7], {}),
    "conv2d_same": (lambda: nn.Conv2d(2, 2, (3, 4), padding="same", bias=False), [1, 2, 5, 6], {}),
    "conv2d_reflect": (lambda: nn.Conv2d(1, 2, 3, padding=1, padding_mode="reflect"), [1, 1, 4, 4], {}),
    "conv2d_circular": (lambda: nn.Conv2d(1, 1, 3, padding=(1, 2), padding_mode="circular"), [2, 1, 4, 5], {}),
    "maxpool2d": (lambda: nn.MaxPool2d(2), [1, 2, 4, 6], {}),
    "maxpool2d_opts": (lambda: nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True), [1, 1, 6, 7], {}),
    "avgpool2d": (lambda: nn.AvgPool2d(2), [2, 1, 4, 4], {}),
    "avgpool2d_opts": (lambda: nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False), [1, 2, 5, 5], {}),
    "adaptive_avgpool2d": (lambda: nn.AdaptiveAvgPool2d((2, 3)), [1, 2, 5, 7], {}),
    "adaptive_avgpool2d_1": (lambda: nn.AdaptiveAvgPool2d(1), [2, 3, 4, 4], {}),
    "batchnorm1d_train": (lambda: nn.BatchNorm1d(3), [5, 3], {}),
    "batchnorm1d_3d_train": (lambda: nn.BatchNorm1d(2), [3, 2, 4], {}),
    "batchnorm1d_eval": (lambda: nn.BatchNorm1d(3), [4, 3], {"train": False}),
    "batchnorm2d_train": (lambda: nn.BatchNorm2d(2), [2, 2, 3, 3], {}),
    "batchnorm2d_noaffine": (lambda: nn.BatchNorm2d(2, affine=False, momentum=None), [3, 2, 2, 2], {}),
    "batchnorm2d_untracked_eval": (lambda: nn.BatchNorm2d(2, track_running_stats=False), [2, 2, 2, 3], {"train": False}),
    "layernorm": (lambda: nn.LayerNorm(4), [3, 4], {}),
    "layernorm_2d": (lambda: nn.LayerNorm([2, 3], eps=1e-3), [2, 2, 3], {}),
    "layernorm_noaffine": (lambda: nn.LayerNorm([5], elementwise_affine=False), [2, 5], {}),
    "dropout": (lambda: nn.Dropout(0.5), [4, 5], {}),
    "dropout_p02_large": (lambda: nn.Dropout(0.2), [40], {}),
    "dropout_eval": (lambda: nn.Dropout(0.5), [3, 3], {"train": False}),
    "dropout_p1": (lambda: nn.Dropout(1.0), [2, 3], {}),
    "embedding": (lambda: nn.Embedding(10, 3), [2, 4], {"int_input": [[1, 2, 4, 5], [4, 3, 2, 9]]}),
    "embedding_padding": (lambda: nn.Embedding(5, 2, padding_idx=0), [6], {"int_input": [0, 1, 0, 4, 4, 2]}),
    "embedding_scale_freq": (lambda: nn.Embedding(4, 3, scale_grad_by_freq=True), [5], {"int_input": [1, 1, 3, 1, 0]}),
    "embedding_max_norm": (lambda: nn.Embedding(6, 3, max_norm=1.0), [4], {"int_input": [2, 5, 2, 0]}),
    "flatten": (lambda: nn.Flatten(), [2, 3, 2], {}),
    "flatten_0_1": (lambda: nn.Flatten(0, 1), [2, 3, 2], {}),
    "relu": (lambda: nn.ReLU(), [3, 4], {}),
    "gelu": (lambda: nn.GELU(), [3, 4], {}),
    "gelu_tanh": (lambda: nn.GELU(approximate="tanh"), [3, 4], {}),
    "sigmoid": (lambda: nn.Sigmoid(), [3, 4], {}),
    "tanh": (lambda: nn.Tanh(), [3, 4], {}),
    "softmax": (lambda: nn.Softmax(dim=1), [3, 4], {}),
    "log_softmax": (lambda: nn.LogSoftmax(dim=0), [3, 4], {}),
    "identity": (lambda: nn.Identity(), [2, 2], {}),
    "mlp": (lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)), [5, 4], {}),
    "named_sequential": (lambda: nn.Sequential(OrderedDict([("fc", nn.Linear(3, 3)), ("act", nn.Tanh()),
                                                            ("out", nn.Linear(3, 1))])), [2, 3], {}),
    "cnn": (lambda: nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                                  nn.MaxPool2d(2), nn.Flatten(), nn.Dropout(0.3), nn.Linear(16, 3)),
            [2, 1, 4, 4], {}),
}
OUT["modules"] = {}
for seed_offset, (name, (make, shape, opts)) in enumerate(MODULES.items()):
    seed = 100 + seed_offset
    torch.manual_seed(seed)
    m = make()
    m.train(opts.get("train", True))
    case = {"seed": seed, "train": opts.get("train", True), "before": state(m)}
    if "int_input" in opts:
        x = torch.tensor(opts["int_input"], dtype=torch.long)
    else:
        x = values(shape, seed).requires_grad_()
    out = m(x)
    g = torch.Generator().manual_seed(seed + 1)
    grad_output = torch.randn(out.shape, generator=g, dtype=torch.float64).to(out.dtype)
    out.backward(grad_output)
    case.update({
        "input": describe(x.detach()),
        "output": describe(out.detach()),
        "grad_output": describe(grad_output),
        "input_grad": describe(x.grad) if x.grad is not None else None,
        "param_grads": {k: describe(p.grad) for k, p in m.named_parameters() if p.grad is not None},
        "after": state(m),
    })
    OUT["modules"][name] = case

# BatchNorm over several training batches, then eval.
OUT["batchnorm_sequence"] = {}
for name, make, shape in [
    ("bn1d", lambda: nn.BatchNorm1d(3), [6, 3]),
    ("bn1d_cumulative", lambda: nn.BatchNorm1d(3, momentum=None), [4, 3]),
    ("bn2d_momentum", lambda: nn.BatchNorm2d(2, momentum=0.3), [2, 2, 3, 3]),
]:
    torch.manual_seed(0)
    m = make()
    steps = []
    for i in range(3):
        x = values(shape, 10 + i)
        y = m(x)
        steps.append({"input": describe(x), "output": describe(y.detach()), "buffers": state(m)["buffers"]})
    m.eval()
    x = values(shape, 20)
    OUT["batchnorm_sequence"][name] = {"steps": steps, "eval_input": describe(x),
                                       "eval_output": describe(m(x).detach())}

# Parameter naming in a nested model.


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.seq = nn.Sequential(nn.Linear(4, 4), nn.ReLU(), nn.Dropout(0.2))
        self.bn = nn.BatchNorm1d(4)
        self.w = nn.Parameter(torch.ones(2))
        self.register_buffer("b", torch.zeros(2))

    def forward(self, x):
        return self.bn(self.seq(self.fc1(x))).sum() * self.w.sum()


torch.manual_seed(0)
net = Net()
OUT["nested"] = {
    "parameters": {k: describe(v.detach()) for k, v in net.named_parameters()},
    "parameter_names": [k for k, _ in net.named_parameters()],
    "buffer_names": [k for k, _ in net.named_buffers()],
    "module_names": [k for k, _ in net.named_modules()],
    "children": [k for k, _ in net.named_children()],
}
x = values([5, 3], 7)
y = net(x)
y.backward()
OUT["nested"].update({"input": describe(x), "output": describe(y.detach()),
                      "grads": {k: describe(v.grad) for k, v in net.named_parameters()}})

# ---- functional ops and losses (gradients; the C++ test also runs gradcheck in float64) -------


def lt(data):
    return {"shape": list(torch.tensor(data).shape), "dtype": "int64", "data": data}


def ft(data, grad=False):
    return {"shape": list(torch.tensor(data).shape), "dtype": "float32", "data": data, "grad": grad}


T3 = [1, 0, 4]
T5 = [2, 0, 1, 3, 3]
W4 = [0.5, 2.0, 1.0, 0.25]
W5 = [0.5, 2.0, 1.0, 0.25, 1.5]
P34 = [[0.1, 0.2, 0.3, 0.4], [0.7, 0.1, 0.1, 0.1], [0.25, 0.25, 0.25, 0.25]]
BT = [[0.0, 1.0, 0.3], [1.0, 0.5, 0.0]]


def bce_in(x):
    return (x + 1) / 2


GRAD = {
    # cross_entropy with class indices
    "ce_mean": (lambda x, t: F.cross_entropy(x, t), [{"shape": [3, 5]}, lt(T3)]),
    "ce_sum": (lambda x, t: F.cross_entropy(x, t, reduction="sum"), [{"shape": [3, 5]}, lt(T3)]),
    "ce_none": (lambda x, t: F.cross_entropy(x, t, reduction="none"), [{"shape": [3, 5]}, lt(T3)]),
    "ce_weight_mean": (lambda x, t, w: F.cross_entropy(x, t, weight=w),
                       [{"shape": [5, 4]}, lt([0, 1, 3, 3, 2]), ft(W4)]),
    "ce_weight_none": (lambda x, t, w: F.cross_entropy(x, t, weight=w, reduction="none"),
                       [{"shape": [5, 4]}, lt([0, 1, 3, 3, 2]), ft(W4)]),
    "ce_ignore_mean": (lambda x, t: F.cross_entropy(x, t, ignore_index=3),
                       [{"shape": [5, 4]}, lt([0, 3, 1, 3, 2])]),
    "ce_ignore_none": (lambda x, t: F.cross_entropy(x, t, ignore_index=-1, reduction="none"),
                       [{"shape": [4, 3]}, lt([0, -1, 2, 1])]),
    "ce_ignore_weight_sum": (lambda x, t, w: F.cross_entropy(x, t, weight=w, ignore_index=0, reduction="sum"),
                             [{"shape": [5, 4]}, lt([0, 1, 3, 0, 2]), ft(W4)]),
    "ce_smoothing_mean": (lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), [{"shape": [3, 5]}, lt(T3)]),
    "ce_smoothing_none": (lambda x, t: F.cross_entropy(x, t, label_smoothing=0.25, reduction="none"),
                          [{"shape": [3, 5]}, lt(T3)]),
    "ce_smoothing_sum": (lambda x, t: F.cross_entropy(x, t, label_smoothing=0.3, reduction="sum"),
                         [{"shape": [3, 5]}, lt(T3)]),
    "ce_smoothing_weight_ignore": (lambda x, t, w: F.cross_entropy(x, t, weight=w, ignore_index=2, label_smoothing=0.2),
                                   [{"shape": [5, 5]}, lt([2, 0, 4, 1, 2]), ft(W5)]),
    "ce_smoothing_ignore_none": (lambda x, t: F.cross_entropy(x, t, ignore_index=1, label_smoothing=0.2, reduction="none"),
                                 [{"shape": [4, 3]}, lt([0, 1, 2, 1])]),
    "ce_spatial": (lambda x, t: F.cross_entropy(x, t), [{"shape": [2, 3, 2, 2]}, lt([[[0, 1], [2, 2]], [[1, 1], [0, 2]]])]),
    "ce_spatial_none": (lambda x, t: F.cross_entropy(x, t, reduction="none"),
                        [{"shape": [2, 3, 4]}, lt([[0, 1, 2, 2], [1, 1, 0, 2]])]),
    "ce_spatial_smoothing": (lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1, ignore_index=0),
                             [{"shape": [2, 3, 2, 2]}, lt([[[0, 1], [2, 2]], [[1, 1], [0, 2]]])]),
    "ce_unbatched": (lambda x, t: F.cross_entropy(x, t), [{"shape": [5]}, lt(3)]),
    "ce_probs_mean": (lambda x, p: F.cross_entropy(x, p), [{"shape": [3, 4]}, ft(P34, grad=True)]),
    "ce_probs_none": (lambda x, p: F.cross_entropy(x, p, reduction="none"), [{"shape": [3, 4]}, ft(P34, grad=True)]),
    "ce_probs_sum_weight": (lambda x, p, w: F.cross_entropy(x, p, weight=w, reduction="sum"),
                            [{"shape": [3, 4]}, ft(P34), ft(W4)]),
    "ce_probs_smoothing": (lambda x, p: F.cross_entropy(x, p, label_smoothing=0.2), [{"shape": [3, 4]}, ft(P34)]),
    "ce_probs_spatial": (lambda x, p: F.cross_entropy(x, p.softmax(1)), [{"shape": [2, 3, 2]}, {"shape": [2, 3, 2]}]),
    # nll_loss
    "nll_mean": (lambda x, t: F.nll_loss(x.log_softmax(1), t), [{"shape": [3, 5]}, lt(T3)]),
    "nll_raw_sum": (lambda x, t: F.nll_loss(x, t, reduction="sum"), [{"shape": [5, 4]}, lt(T5[:4] + [0])]),
    "nll_weight_ignore": (lambda x, t, w: F.nll_loss(x, t, weight=w, ignore_index=1),
                          [{"shape": [5, 4]}, lt([1, 0, 3, 1, 2]), ft(W4)]),
    "nll_none": (lambda x, t: F.nll_loss(x, t, reduction="none"), [{"shape": [4, 3]}, lt([2, 0, 1, 1])]),
    "nll_spatial": (lambda x, t: F.nll_loss(x, t, reduction="none"), [{"shape": [2, 3, 2, 2]}, lt([[[0, 1], [2, 2]], [[1, 1], [0, 2]]])]),
    "nll_all_ignored": (lambda x, t: F.nll_loss(x, t, ignore_index=1), [{"shape": [2, 3]}, lt([1, 1])], {"gradcheck": False}),
    # regression losses
    "mse_mean": (lambda x, y: F.mse_loss(x, y), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    "mse_sum": (lambda x, y: F.mse_loss(x, y, reduction="sum"), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    "mse_none": (lambda x, y: F.mse_loss(x, y, reduction="none"), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    "l1_mean": (lambda x, y: F.l1_loss(x, y), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    "l1_sum": (lambda x, y: F.l1_loss(x, y, reduction="sum"), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    "l1_none": (lambda x, y: F.l1_loss(x, y, reduction="none"), [{"shape": [3, 4]}, {"shape": [3, 4]}]),
    # binary cross entropy
    "bce_mean": (lambda x, t: F.binary_cross_entropy(bce_in(x), t), [{"shape": [2, 3], "domain": "unit"}, ft(BT)]),
    "bce_sum": (lambda x, t: F.binary_cross_entropy(bce_in(x), t, reduction="sum"), [{"shape": [2, 3], "domain": "unit"}, ft(BT)]),
    "bce_none_weight": (lambda x, t, w: F.binary_cross_entropy(bce_in(x), t, weight=w, reduction="none"),
                        [{"shape": [2, 3], "domain": "unit"}, ft(BT), ft([0.5, 1.0, 2.0])]),
    "bce_logits_mean": (lambda x, t: F.binary_cross_entropy_with_logits(x, t), [{"shape": [2, 3]}, ft(BT)]),
    "bce_logits_none": (lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction="none"), [{"shape": [2, 3]}, ft(BT)]),
    "bce_logits_weight_pos_weight": (lambda x, t, w, pw: F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw, reduction="sum"),
                                     [{"shape": [2, 3]}, ft(BT), ft([[0.5, 1.0, 2.0]]), ft([1.0, 3.0, 0.5])]),
    # other functional ops
    "linear_2d": (lambda x, w, b: F.linear(x, w, b), [{"shape": [4, 3]}, {"shape": [2, 3]}, {"shape": [2]}]),
    "linear_3d": (lambda x, w, b: F.linear(x, w, b), [{"shape": [2, 4, 3]}, {"shape": [5, 3]}, {"shape": [5]}]),
    "linear_3d_t": (lambda x, w, b: F.linear(x, w, b), [{"shape": [2, 4, 3], "layout": "t"}, {"shape": [5, 3]}, {"shape": [5]}]),
    "linear_1d_nobias": (lambda x, w: F.linear(x, w), [{"shape": [3]}, {"shape": [2, 3]}]),
    "relu": (lambda x: F.relu(x), [{"shape": [3, 4]}]),
    "gelu": (lambda x: F.gelu(x), [{"shape": [3, 4]}]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [{"shape": [3, 4]}]),
    "softmax": (lambda x: F.softmax(x, 1), [{"shape": [3, 4]}]),
    "softmax_double": (lambda x: F.softmax(x, 0, dtype=torch.float64), [{"shape": [3, 4]}]),
    "log_softmax": (lambda x: F.log_softmax(x, -1), [{"shape": [3, 4]}]),
    "pad_constant": (lambda x: F.pad(x, (1, 2)), [{"shape": [2, 3]}]),
    "pad_constant_value_2d": (lambda x: F.pad(x, (1, 0, 2, 1), value=-1.5), [{"shape": [2, 3]}]),
    "pad_negative": (lambda x: F.pad(x, (-1, 2, 0, -1)), [{"shape": [3, 4]}]),
    "pad_reflect": (lambda x: F.pad(x, (2, 1), mode="reflect"), [{"shape": [1, 2, 4]}]),
    "pad_replicate_2d": (lambda x: F.pad(x, (1, 2, 2, 0), mode="replicate"), [{"shape": [1, 1, 3, 3]}]),
    "pad_circular_2d": (lambda x: F.pad(x, (1, 1, 2, 1), mode="circular"), [{"shape": [1, 2, 3, 3]}]),
    "layer_norm": (lambda x, w, b: F.layer_norm(x, [4], w, b), [{"shape": [3, 4]}, {"shape": [4]}, {"shape": [4]}]),
    "layer_norm_2d_noaffine": (lambda x: F.layer_norm(x, [2, 3], eps=1e-2), [{"shape": [2, 2, 3]}]),
    "batch_norm_train": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                         [{"shape": [4, 3]}, {"shape": [3]}, {"shape": [3]}]),
    "batch_norm_train_4d": (lambda x: F.batch_norm(x, None, None, training=True, eps=1e-3), [{"shape": [2, 3, 2, 2]}]),
    "batch_norm_eval": (lambda x, rm, rv, w, b: F.batch_norm(x, rm, rv, w, b, training=False),
                        [{"shape": [4, 3]}, {"shape": [3], "grad": False}, {"shape": [3], "domain": "positive", "grad": False},
                         {"shape": [3]}, {"shape": [3]}]),
    "embedding": (lambda w, i: F.embedding(i, w), [{"shape": [5, 3]}, lt([[0, 2], [4, 2]])]),
    # The padding row's and the frequency-scaled gradients are not derivatives: no gradcheck.
    "embedding_padding": (lambda w, i: F.embedding(i, w, padding_idx=2), [{"shape": [5, 3]}, lt([0, 2, 4, 2])],
                          {"gradcheck": False}),
    "embedding_scale_freq": (lambda w, i: F.embedding(i, w, scale_grad_by_freq=True), [{"shape": [5, 3]}, lt([1, 2, 1, 1, 4])],
                             {"gradcheck": False}),
    "one_hot_sum": (lambda x, i: (F.one_hot(i, 4) * x).sum(), [{"shape": [3, 4]}, lt([1, 3, 0])]),
}
OUT["grad_cases"] = {}
for key, entry in GRAD.items():
    case = grad_case(entry[0], entry[1])
    if len(entry) > 2:
        case.update(entry[2])
    OUT["grad_cases"][key] = case

# Functional results compared as values only (no gradient).
OUT["values"] = {
    "one_hot": describe(F.one_hot(torch.tensor([[0, 2], [1, 4]]))),
    "one_hot_classes": describe(F.one_hot(torch.tensor([1, 0]), 3)),
    "one_hot_empty": describe(F.one_hot(torch.empty(0, dtype=torch.long), 2)),
}

# Batch norm running statistics updated by F.batch_norm in training mode.
rm, rv = torch.zeros(3), torch.ones(3)
xb = values([4, 3], 3)
F.batch_norm(xb, rm, rv, training=True, momentum=0.2)
OUT["functional_batch_norm_running"] = {"input": describe(xb), "running_mean": describe(rm), "running_var": describe(rv)}

# Functional dropout after manual_seed(0).
torch.manual_seed(0)
xd = values([3, 7], 4)
OUT["functional_dropout"] = {"input": describe(xd), "output": describe(F.dropout(xd, 0.4)),
                             "output2": describe(F.dropout(xd, 0.1, training=True))}

# ---- clip_grad_norm_ --------------------------------------------------------------------------
OUT["clip"] = {}
for name, max_norm, norm_type in [("l2", 1.0, 2.0), ("l2_noclip", 100.0, 2.0), ("inf", 0.5, math.inf),
                                  ("l1", 2.0, 1.0), ("l3", 0.1, 3.0)]:
    grads = [values([2, 3], 30), values([4], 31), values([1], 32)]
    params = [torch.zeros_like(g, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = g.clone()
    total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type)
    OUT["clip"][name] = {"max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type,
                         "grads": [describe(g) for g in grads], "clipped": [describe(p.grad) for p in params],
                         "total_norm": float(total).hex()}

# ---- error messages (those libtorch shares with Python) ---------------------------------------
OUT["errors"] = {
    "linear_in_features": error_of(lambda: nn.Linear(3, 2)(torch.ones(2, 4))),
    "linear_3d_in_features": error_of(lambda: nn.Linear(3, 2)(torch.ones(2, 2, 4))),
    "ce_target_out_of_bounds": error_of(lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([0, 1, 5]))),
    "ce_batch_mismatch": error_of(lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([0, 1]))),
    "ce_probs_ignore_index": error_of(lambda: F.cross_entropy(torch.randn(3, 4), torch.rand(3, 4), ignore_index=1)),
    "ce_smoothing_range": error_of(lambda: F.cross_entropy(torch.randn(3, 4), torch.tensor([0, 1, 2]), label_smoothing=1.5)),
    "nll_target_dtype": error_of(lambda: F.nll_loss(torch.randn(3, 4), torch.tensor([0.5, 1.0, 2.0]))),
    "nll_weight_size": error_of(lambda: F.nll_loss(torch.randn(3, 4), torch.tensor([0, 1, 2]), weight=torch.ones(3))),
    "bce_input_range": error_of(lambda: F.binary_cross_entropy(torch.rand(3) + 1, torch.rand(3))),
    "one_hot_dtype": error_of(lambda: F.one_hot(torch.tensor([1.0]))),
    "one_hot_negative": error_of(lambda: F.one_hot(torch.tensor([-1]))),
    "one_hot_too_small": error_of(lambda: F.one_hot(torch.tensor([3]), 3)),
    "one_hot_empty": error_of(lambda: F.one_hot(torch.empty(0, dtype=torch.long))),
    "layer_norm_shape": error_of(lambda: nn.LayerNorm([3])(torch.ones(1, 4))),
    "layer_norm_weight": error_of(lambda: F.layer_norm(torch.rand(2, 3), [3], weight=torch.ones(4))),
    "batch_norm_features": error_of(lambda: F.batch_norm(torch.rand(2, 4), torch.zeros(3), torch.ones(3))),
    "batch_norm_weight": error_of(lambda: F.batch_norm(torch.rand(2, 3), torch.zeros(3), torch.ones(3), weight=torch.ones(2))),
    "batch_norm_eval_no_stats": error_of(lambda: F.batch_norm(torch.rand(2, 3), None, torch.ones(3))),
    "embedding_index": error_of(lambda: nn.Embedding(3, 2)(torch.tensor([3]))),
    "embedding_dtype": error_of(lambda: nn.Embedding(3, 2)(torch.tensor([1.0]))),
    "dropout_p": error_of(lambda: F.dropout(torch.ones(2), -1.0)),
    "uniform_bounds": error_of(lambda: torch.empty(2).uniform_(1, 0)),
    "uniform_long": error_of(lambda: torch.empty(2, dtype=torch.long).uniform_()),
    "normal_std": error_of(lambda: torch.empty(2).normal_(0, -1)),
    "bernoulli_p": error_of(lambda: torch.empty(2).bernoulli_(1.5)),
    "fan_1d": error_of(lambda: nn.init.kaiming_uniform_(torch.empty(3))),
    "inplace_leaf": error_of(lambda: torch.ones(2, requires_grad=True).uniform_()),
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nn.json")
with open(path, "w") as fh:
    json.dump(OUT, fh, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {path}: {len(OUT['modules'])} module cases, {len(OUT['grad_cases'])} gradient cases, "
      f"{len(OUT['errors'])} errors")
