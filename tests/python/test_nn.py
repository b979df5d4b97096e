"""ember.nn against PyTorch: modules' seeded initialisation, outputs and gradients, reprs,
state_dict and its errors, containers, hooks, the functional API, nn.init and nn.utils.

Each case runs the same code with `torch` bound to PyTorch and to ember (differential.check);
exact=True compares floats bit for bit.
"""
import pytest

from differential import check

# A seeded layer, its output on a seeded input and the gradient of every parameter (the output
# detached: the layers ember composes of other ops have other grad_fn names; test_grad_fn_names
# covers the others).
FORWARD_BACKWARD = """
torch.manual_seed(0)
m = {layer}
x = {input}
y = m(x)
y.sum().backward()
(y.detach(), [(n, p.grad) for n, p in m.named_parameters()],
 [(n, b) for n, b in m.named_buffers()])
"""

LAYERS = [
    ("torch.nn.Linear(4, 3)", "torch.randn(5, 4)"),
    ("torch.nn.Linear(4, 3, bias=False)", "torch.randn(2, 7, 4)"),
    ("torch.nn.Bilinear(3, 4, 2)", None),
    ("torch.nn.Conv2d(2, 3, 3)", "torch.randn(2, 2, 6, 5)"),
    ("torch.nn.Conv2d(2, 4, (3, 2), stride=2, padding=1, groups=2, bias=False)",
     "torch.randn(1, 2, 7, 6)"),
    ("torch.nn.Conv2d(1, 2, 3, padding='same', dilation=2)", "torch.randn(1, 1, 8, 8)"),
    ("torch.nn.Conv1d(3, 2, 3, stride=2, padding=1)", "torch.randn(2, 3, 9)"),
    ("torch.nn.ConvTranspose2d(3, 2, 3)", "torch.randn(2, 3, 4, 5)"),
    ("torch.nn.ConvTranspose2d(4, 2, (3, 2), stride=2, padding=1, output_padding=1, groups=2)",
     "torch.randn(1, 4, 3, 4)"),
    ("torch.nn.ConvTranspose2d(2, 3, 3, stride=(2, 1), dilation=2, bias=False)",
     "torch.randn(2, 2, 3, 3)"),
    ("torch.nn.ConvTranspose2d(2, 2, 4, stride=2, padding=1)", "torch.randn(2, 4, 4)"),
    ("torch.nn.MaxPool2d(2)", "torch.randn(2, 3, 6, 6)"),
    ("torch.nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)", "torch.randn(1, 2, 7, 7)"),
    ("torch.nn.MaxPool1d(2)", "torch.randn(2, 3, 8)"),
    ("torch.nn.AvgPool2d(2, stride=1)", "torch.randn(1, 2, 5, 5)"),
    ("torch.nn.AdaptiveAvgPool2d((1, 1))", "torch.randn(2, 3, 4, 5)"),
    ("torch.nn.AdaptiveAvgPool2d(2)", "torch.randn(2, 3, 4, 6)"),
    ("torch.nn.BatchNorm1d(3)", "torch.randn(4, 3)"),
    ("torch.nn.BatchNorm2d(2, momentum=None)", "torch.randn(3, 2, 4, 4)"),
    ("torch.nn.BatchNorm2d(2, affine=False, track_running_stats=False)",
     "torch.randn(3, 2, 2, 2)"),
    ("torch.nn.LayerNorm(5)", "torch.randn(3, 5)"),
    ("torch.nn.LayerNorm([2, 3], elementwise_affine=False)", "torch.randn(4, 2, 3)"),
    ("torch.nn.GroupNorm(2, 4)", "torch.randn(3, 4, 5)"),
    ("torch.nn.Embedding(10, 3)", "torch.tensor([[1, 2, 4], [4, 3, 9]])"),
    ("torch.nn.Embedding(10, 3, padding_idx=2)", "torch.tensor([1, 2, 2, 5])"),
    ("torch.nn.Dropout(0.3)", "torch.ones(4, 5)"),
    ("torch.nn.Dropout2d(0.5)", "torch.ones(2, 6, 2, 2)"),
    ("torch.nn.Flatten()", "torch.randn(2, 3, 4)"),
    ("torch.nn.Unflatten(1, (2, 2))", "torch.randn(3, 4)"),
    ("torch.nn.Identity(5, unused=1)", "torch.randn(3)"),
    ("torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2), "
     "torch.nn.Flatten(), torch.nn.Linear(8, 3), torch.nn.LogSoftmax(dim=1))",
     "torch.randn(2, 1, 6, 6)"),
]


@pytest.mark.parametrize("layer,input", LAYERS)
def test_layer_forward_backward(layer, input):
    if input is None:  # Bilinear takes two inputs
        check("torch.manual_seed(0); m = torch.nn.Bilinear(3, 4, 2); "
              "x1 = torch.randn(5, 3); x2 = torch.randn(5, 4); y = m(x1, x2); "
              "y.sum().backward(); (y, m.weight.grad, m.bias.grad)")
        return
    check(FORWARD_BACKWARD.format(layer=layer, input=input))


@pytest.mark.parametrize("layer,input", [
    ("torch.nn.Linear(4, 3)", "torch.randn(5, 4)"),
    ("torch.nn.Conv2d(2, 3, 3)", "torch.randn(2, 2, 6, 5)"),
    ("torch.nn.MaxPool2d(2)", "torch.randn(2, 3, 6, 6, requires_grad=True)"),
    ("torch.nn.Embedding(10, 3)", "torch.tensor([[1, 2, 4]])"),
    ("torch.nn.Sigmoid()", "torch.randn(3, requires_grad=True)"),
])
def test_grad_fn_names(layer, input):
    check(f"torch.manual_seed(0); m = {layer}; m({input}).grad_fn.name()")


@pytest.mark.parametrize("layer", [
    "torch.nn.Linear(7, 5)", "torch.nn.Conv2d(3, 4, (2, 3))", "torch.nn.Conv1d(2, 3, 4)",
    "torch.nn.Embedding(6, 4)", "torch.nn.Bilinear(2, 3, 4)", "torch.nn.BatchNorm2d(3)",
    "torch.nn.ConvTranspose2d(4, 6, 3, groups=2)",
])
def test_seeded_initialisation_is_bit_exact(layer):
    check(f"torch.manual_seed(3); m = {layer}; [p.tolist() for p in m.parameters()]")


ACTIVATIONS = [
    "ReLU()", "ReLU(inplace=True)", "ReLU6()", "LeakyReLU()", "LeakyReLU(0.2, inplace=True)",
    "ELU()", "ELU(alpha=0.5)", "SELU()", "CELU(2.0)", "GELU()", "GELU(approximate='tanh')",
    "SiLU()", "Mish()", "Sigmoid()", "Tanh()", "Hardtanh()", "Hardtanh(-2, 3)", "Hardsigmoid()",
    "Hardswish()", "Softplus()", "Softplus(beta=2, threshold=1)", "Softsign()", "LogSigmoid()",
    "Tanhshrink()", "Threshold(0.1, 20)", "GLU()", "Softmax(dim=1)", "LogSoftmax(dim=0)",
    "Softmin(dim=1)",
]


@pytest.mark.parametrize("act", ACTIVATIONS)
def test_activation(act):
    # Values and gradients (the grad_fn names of the composite ones differ: not compared).
    check(f"m = torch.nn.{act}; x = torch.linspace(-4, 4, 24).reshape(3, 8).requires_grad_(); "
          "y = m(x * 1); y.sum().backward(); (repr(m), y.detach(), x.grad)")


LOSSES = [
    ("MSELoss()", "torch.randn(3, 4)", "torch.randn(3, 4)"),
    ("MSELoss(reduction='sum')", "torch.randn(3, 4)", "torch.randn(3, 4)"),
    ("L1Loss(reduction='none')", "torch.randn(3, 4)", "torch.randn(3, 4)"),
    ("SmoothL1Loss(beta=0.5)", "torch.randn(3, 4)", "torch.randn(3, 4)"),
    ("HuberLoss(delta=0.7)", "torch.randn(3, 4)", "torch.randn(3, 4)"),
    ("CrossEntropyLoss()", "torch.randn(4, 5)", "torch.tensor([0, 4, 2, 1])"),
    ("CrossEntropyLoss(weight=torch.tensor([1., 2., 3.]), ignore_index=1)", "torch.randn(4, 3)",
     "torch.tensor([0, 1, 2, 2])"),
    ("CrossEntropyLoss(label_smoothing=0.1)", "torch.randn(4, 3)", "torch.tensor([0, 1, 2, 2])"),
    ("CrossEntropyLoss()", "torch.randn(2, 3, 4)", "torch.tensor([[0, 1, 2, 2], [1, 1, 0, 2]])"),
    ("CrossEntropyLoss()", "torch.randn(4, 3)", "torch.randn(4, 3).softmax(1)"),
    ("NLLLoss()", "torch.randn(4, 3).log_softmax(1)", "torch.tensor([0, 1, 2, 2])"),
    ("NLLLoss(reduction='sum')", "torch.randn(4, 3).log_softmax(1)", "torch.tensor([0, 1, 2, 2])"),
    ("BCELoss()", "torch.rand(3, 4)", "torch.rand(3, 4)"),
    ("BCELoss(weight=torch.tensor([1., 2., 3., 4.]))", "torch.rand(3, 4)", "torch.rand(3, 4)"),
    ("BCEWithLogitsLoss()", "torch.randn(3, 4)", "torch.rand(3, 4)"),
    ("BCEWithLogitsLoss(pos_weight=torch.tensor([1., 2., 3., 4.]))", "torch.randn(3, 4)",
     "torch.rand(3, 4)"),
    ("KLDivLoss(reduction='batchmean')", "torch.randn(3, 4).log_softmax(1)",
     "torch.rand(3, 4).softmax(1)"),
    ("KLDivLoss(reduction='sum', log_target=True)", "torch.randn(3, 4).log_softmax(1)",
     "torch.randn(3, 4).log_softmax(1)"),
]


@pytest.mark.parametrize("loss,input,target", LOSSES)
def test_loss(loss, input, target):
    check(f"torch.manual_seed(1); f = torch.nn.{loss}; x = ({input}).requires_grad_(); "
          f"t = {target}; l = f(x, t); l.sum().backward(); (repr(f), l.detach(), x.grad)")


@pytest.mark.parametrize("code", [
    # shapes and reductions that PyTorch refuses or warns about
    "torch.nn.functional.mse_loss(torch.ones(3), torch.ones(2, 3))",
    "torch.nn.functional.binary_cross_entropy(torch.rand(3), torch.rand(2, 3))",
    "torch.nn.functional.binary_cross_entropy_with_logits(torch.rand(3), torch.rand(2))",
    "torch.nn.functional.l1_loss(torch.ones(3), torch.ones(3), reduction='avg')",
    "torch.nn.MSELoss(size_average=False)(torch.ones(3), torch.zeros(3))",
    "torch.manual_seed(0); torch.nn.functional.softmax(torch.randn(2, 3))",
    "torch.nn.Dropout(1.5)",
    "torch.nn.BatchNorm1d(3)(torch.randn(2, 3, 4, 5))",
    "torch.nn.BatchNorm1d(3)(torch.randn(1, 3))",
    "torch.nn.Conv2d(3, 4, 3, groups=2)",
    "torch.nn.Conv2d(2, 4, 3, padding='same', stride=2)",
    "repr(torch.nn.ConvTranspose2d(2, 4, 3, stride=2, output_padding=1, bias=False))",
    "torch.nn.ConvTranspose2d(2, 4, 3, stride=2)(torch.randn(1, 2, 3, 3), output_size=(8, 8))"
    ".shape",
    "torch.nn.ConvTranspose2d(2, 4, 3, stride=2)(torch.randn(1, 2, 3, 3), output_size=(9, 9))",
    "torch.nn.ConvTranspose2d(2, 4, 3, output_padding=1)(torch.randn(1, 2, 3, 3))",
    "torch.nn.functional.dropout(torch.ones(2), p=-0.1)",
    "torch.nn.init.kaiming_uniform_(torch.empty(3))",
    "torch.nn.init.kaiming_uniform_(torch.empty(3, 2), mode='fan_avg')",
    "torch.nn.init.calculate_gain('leaky_relu', 0.2)",
    "torch.nn.init.calculate_gain('tanh')",
    "torch.nn.init.calculate_gain('softmax')",
])
def test_errors_and_warnings(code):
    check(code)


# ---- Module machinery

MODEL = """
class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.bn = torch.nn.BatchNorm2d(2)
        self.head = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(8, 3))
        self.register_buffer("steps", torch.zeros(()))
        self.register_buffer("scratch", torch.ones(2), persistent=False)
        self.scale = torch.nn.Parameter(torch.tensor(2.0))

    def forward(self, x):
        return self.head(self.bn(self.conv(x)).relu()) * self.scale

torch.manual_seed(0)
net = Net()
"""


@pytest.mark.parametrize("expr", [
    "repr(net)",
    "[n for n, _ in net.named_parameters()]",
    "[n for n, _ in net.named_buffers()]",
    "[n for n, _ in net.named_modules()]",
    "[n for n, _ in net.named_children()]",
    "list(net.state_dict().keys())",
    "net.state_dict()._metadata",
    "net.state_dict()['bn.running_var']",
    "[type(m).__name__ for m in net.modules()]",
    "len(list(net.parameters()))",
    "net(torch.randn(2, 1, 4, 4))",
    "net.train(False).training, net.bn.training, net.eval() is net, net.train().bn.training",
    "net.get_submodule('head.1').out_features, net.get_parameter('head.1.bias').shape",
    "net.get_submodule('head.7')",
    "net.get_buffer('bn.running_mean')",
    "net.double().conv.weight.dtype, net.steps.dtype, net.bn.num_batches_tracked.dtype",
    "net.to(torch.float64).scale.dtype",
    "net.to(torch.int32)",
    "net.requires_grad_(False).conv.weight.requires_grad",
    "[k in dir(net) for k in ('conv', 'scale', 'steps', 'forward', 'training')]",
    "net.nothing",
])
def test_module_walks(expr):
    check(MODEL + expr)


@pytest.mark.parametrize("code", [
    # load_state_dict round trip and PyTorch's messages
    "sd = net.state_dict(); other = Net(); r = other.load_state_dict(sd); "
    "(repr(r), other.conv.weight.equal(net.conv.weight))",
    "sd = net.state_dict(); del sd['bn.bias']; sd['extra'] = torch.ones(1); "
    "net.load_state_dict(sd)",
    "sd = net.state_dict(); del sd['bn.bias']; sd['extra'] = torch.ones(1); "
    "r = net.load_state_dict(sd, strict=False); (r.missing_keys, r.unexpected_keys)",
    "sd = net.state_dict(); sd['conv.bias'] = torch.ones(3); net.load_state_dict(sd)",
    "sd = net.state_dict(); sd['scale'] = 1.0; net.load_state_dict(sd)",
    "net.load_state_dict([1, 2])",
    "sd = net.state_dict(keep_vars=True); sd['conv.weight'] is net.conv.weight",
    "sd = net.state_dict(); sd['conv.weight'].requires_grad, sd['conv.weight'] is net.conv.weight",
    # registration errors
    "net.register_buffer('conv', torch.ones(1))",
    "net.register_buffer('a.b', torch.ones(1))",
    "net.register_buffer('', torch.ones(1))",
    "net.register_buffer('b', 3)",
    "net.register_parameter('p', torch.ones(1))",
    "net.register_parameter('p', torch.nn.Parameter(torch.ones(1)) * 2)",
    "net.add_module('x', 3)",
    "net.add_module('a.b', torch.nn.ReLU())",
    "net.scale = torch.ones(1); net.scale",
    "net.head = 3; net.head",
    "net.steps = 'x'; net.steps",
    "net.steps = torch.ones(3); net.state_dict()['steps']",
    "net.conv = None; repr(net)",
    "del net.scale; [n for n, _ in net.named_parameters()]",
    # zero_grad both ways
    "net(torch.randn(2, 1, 4, 4)).sum().backward(); net.zero_grad(); net.conv.weight.grad",
    "net(torch.randn(2, 1, 4, 4)).sum().backward(); net.zero_grad(set_to_none=True); "
    "net.conv.weight.grad",
    # apply, hooks
    "names = []; net.apply(lambda m: names.append(type(m).__name__)); names",
    "log = []; h = net.conv.register_forward_hook(lambda m, i, o: log.append(o.shape)); "
    "net(torch.randn(1, 1, 4, 4)); h.remove(); net(torch.randn(1, 1, 4, 4)); log",
    "net.register_forward_pre_hook(lambda m, i: (i[0] * 0,)); net(torch.randn(1, 1, 4, 4))",
    "net.head.register_forward_hook(lambda m, i, o: o + 1); net(torch.randn(1, 1, 4, 4))",
])
def test_module_state(code):
    check(MODEL + code)


def test_module_without_init_and_forward():
    check("class M(torch.nn.Module):\n    def __init__(self):\n        self.w = "
          "torch.nn.Parameter(torch.ones(1))\nM()")
    check("torch.nn.Module()(torch.ones(1))")


@pytest.mark.parametrize("code", [
    "s = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1)); "
    "(repr(s[1:]), repr(s[-1]), len(s), repr(s[0:1] + s[2:]))",
    "s = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Tanh()); s.append(torch.nn.Sigmoid()); "
    "del s[0]; repr(s)",
    "s = torch.nn.Sequential(torch.nn.ReLU()); s[5]",
    "from collections import OrderedDict\n"
    "repr(torch.nn.Sequential(OrderedDict([('a', torch.nn.ReLU()), ('b', torch.nn.Tanh())])))",
    "l = torch.nn.ModuleList([torch.nn.Linear(2, 2) for _ in range(3)]); "
    "l.append(torch.nn.ReLU()); (repr(l), len(l), len(list(l.parameters())))",
    "l = torch.nn.ModuleList([torch.nn.ReLU(), torch.nn.Tanh()]); l.insert(1, torch.nn.ELU()); "
    "repr(l[::-1])",
    "d = torch.nn.ModuleDict({'b': torch.nn.ReLU(), 'a': torch.nn.Linear(1, 2)}); "
    "(repr(d), list(d.keys()), 'a' in d)",
    "p = torch.nn.ParameterList([torch.nn.Parameter(torch.ones(2)), torch.zeros(3, 1)]); "
    "(repr(p), [type(x).__name__ for x in p])",
    "p = torch.nn.ParameterDict({'w': torch.nn.Parameter(torch.ones(2, 2))}); "
    "p['b'] = torch.zeros(1); (repr(p), list(p.keys()))",
    "repr(torch.nn.Parameter(torch.ones(2)))",
    "p = torch.nn.Parameter(torch.ones(2), requires_grad=False); (p.requires_grad, type(p * 2))",
    "import copy\np = torch.nn.Parameter(torch.ones(2)); q = copy.deepcopy(p); "
    "(type(q).__name__, q.requires_grad, q is p)",
    "import copy\nm = torch.nn.Linear(2, 2); c = copy.deepcopy(m); "
    "(c.weight.equal(m.weight), c.weight is m.weight)",
    "import pickle\n[pickle.loads(pickle.dumps(t)) for t in (torch.zeros(0, 3), torch.arange(6).reshape(2, 3).t(), "
    "torch.tensor([1.5, -2], dtype=torch.bfloat16), torch.ones(2, requires_grad=True), torch.tensor(True))]",
    "import pickle\nm = torch.nn.Linear(2, 2); c = pickle.loads(pickle.dumps(m)); "
    "(repr(c), c.weight.equal(m.weight), type(c.weight).__name__)",
])
def test_containers_and_parameters(code):
    check(code)


@pytest.mark.parametrize("code", [
    "torch.manual_seed(0); w = torch.empty(3, 5); torch.nn.init.xavier_uniform_(w, gain=2.0)",
    "torch.manual_seed(0); w = torch.empty(3, 5); torch.nn.init.xavier_normal_(w)",
    "torch.manual_seed(0); w = torch.empty(4, 2, 3); "
    "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')",
    "torch.manual_seed(0); w = torch.empty(4, 2); torch.nn.init.kaiming_uniform_(w, a=0.1)",
    "torch.manual_seed(0); torch.nn.init.uniform_(torch.empty(3), -2, 2)",
    "torch.manual_seed(0); torch.nn.init.normal_(torch.empty(20), 1, 3)",
    "torch.nn.init.constant_(torch.empty(2, 2), 0.5)",
    "torch.nn.init.ones_(torch.empty(2)), torch.nn.init.zeros_(torch.empty(2))",
    "torch.nn.init.eye_(torch.empty(2, 3))",
    "torch.nn.init.dirac_(torch.empty(2, 2, 3))",
])
def test_init(code):
    check(code, exact=True)


@pytest.mark.parametrize("code", [
    "torch.manual_seed(0); m = torch.nn.Linear(4, 3); m(torch.randn(2, 4)).sum().backward(); "
    "n = torch.nn.utils.clip_grad_norm_(m.parameters(), 0.5); (n, m.weight.grad, m.bias.grad)",
    "torch.manual_seed(0); m = torch.nn.Linear(4, 3); m(torch.randn(2, 4)).sum().backward(); "
    "n = torch.nn.utils.clip_grad_norm_(m.parameters(), 1, norm_type=float('inf')); "
    "(n, m.weight.grad)",
    "torch.manual_seed(0); m = torch.nn.Linear(4, 3); m(torch.randn(2, 4)).sum().backward(); "
    "torch.nn.utils.clip_grad_value_(m.parameters(), 0.3); m.weight.grad",
    "torch.nn.utils.clip_grad_norm_([], 1.0)",
    "torch.manual_seed(0); m = torch.nn.Linear(3, 2); v = torch.nn.utils.parameters_to_vector("
    "m.parameters()); torch.nn.utils.vector_to_parameters(v * 2, m.parameters()); (v, m.bias)",
])
def test_utils(code):
    check(code, exact=True)


@pytest.mark.parametrize("code", [
    "torch.nn.functional.linear(torch.ones(2, 3), torch.ones(4, 3), torch.ones(4))",
    "torch.nn.functional.one_hot(torch.tensor([0, 3, 1]))",
    "torch.nn.functional.one_hot(torch.tensor([0, 3, 1]), 5)",
    "torch.nn.functional.pad(torch.ones(2, 2), (1, 2, 0, 1), value=3.0)",
    "torch.nn.functional.max_pool2d(torch.arange(16.).reshape(1, 1, 4, 4), 2, return_indices=True)",
    "torch.nn.functional.max_pool1d(torch.arange(8.).reshape(1, 1, 8), 3, 2, return_indices=True)",
    "torch.nn.functional.avg_pool1d(torch.arange(8.).reshape(1, 1, 8), 2)",
    "torch.nn.functional.adaptive_avg_pool2d(torch.arange(24.).reshape(1, 2, 3, 4), (None, 2))",
    "torch.nn.functional.normalize(torch.tensor([[3., 4.], [0., 0.]]))",
    "torch.nn.functional.cosine_similarity(torch.tensor([[1., 2.]]), torch.tensor([[2., 1.]]))",
    "torch.nn.functional.pairwise_distance(torch.tensor([[1., 2.]]), torch.tensor([[2., 1.]]))",
    "torch.manual_seed(0); torch.nn.functional.dropout(torch.ones(10), 0.5)",
    "torch.manual_seed(0); torch.nn.functional.dropout(torch.ones(10), 0.5, training=False)",
    "torch.manual_seed(0); x = torch.ones(10); torch.nn.functional.dropout(x, 0.2, inplace=True); x",
    "torch.manual_seed(0); torch.nn.functional.dropout2d(torch.ones(2, 4, 1, 1), 0.5)",
    "torch.nn.functional.batch_norm(torch.randn(4, 3), torch.zeros(3), torch.ones(3))",
    "torch.nn.functional.layer_norm(torch.arange(6.).reshape(2, 3), (3,))",
    "torch.nn.functional.embedding(torch.tensor([1, 0]), torch.arange(6.).reshape(3, 2))",
    "torch.nn.functional.relu(torch.tensor([-1., 2.]), inplace=True)",
    "torch.nn.functional.cross_entropy(torch.randn(3, 4), torch.tensor([0, 1, 7]))",
    "torch.broadcast_shapes((2, 1), (3,)), torch.broadcast_shapes(5, (1, 1))",
    "torch.broadcast_shapes((2, 3), (3, 2))",
    "[t.shape for t in torch.broadcast_tensors(torch.ones(2, 1), torch.ones(3))]",
    "x = torch.ones(2, 3); [t is x for t in torch.broadcast_tensors(x, torch.ones(3))]",
    "torch.broadcast_tensors(torch.ones(2, 3), torch.ones(4, 1, 2))",
    "torch.broadcast_tensors(torch.ones(2, 3), torch.ones(3), torch.ones(2, 2))",
])
def test_functional(code):
    check(code)


# ---- custom autograd functions

EXP = """
class Exp(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return grad * y
"""

SCALE = """
class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, factor, y):
        ctx.factor = factor
        ctx.seen = ctx.needs_input_grad
        idx = x.argmax()
        ctx.mark_non_differentiable(idx)
        return x * factor + y, idx

    @staticmethod
    def backward(ctx, grad, grad_idx):
        return grad * ctx.factor, None, grad.sum(0)
"""


@pytest.mark.parametrize("code", [
    EXP + "x = torch.tensor([0., 1., 2.], requires_grad=True); y = Exp.apply(x); "
    "y.sum().backward(); (y, x.grad, y.grad_fn.name(), y.requires_grad)",
    EXP + "x = torch.tensor([0., 1.], requires_grad=True); y = Exp.apply(x * 2); "
    "(y * y).sum().backward(); x.grad",
    EXP + "x = torch.tensor([0., 1.]); y = Exp.apply(x); (y.requires_grad, y.grad_fn)",
    EXP + "x = torch.tensor([0., 1.], requires_grad=True)\nwith torch.no_grad():\n"
    "    y = Exp.apply(x)\n(y.requires_grad, y.grad_fn)",
    SCALE + "x = torch.tensor([1., 3., 2.], requires_grad=True); "
    "y = torch.ones(2, 3, requires_grad=True); out, idx = Scale.apply(x, 3.0, y); "
    "out.sum().backward(); (out, idx, idx.requires_grad, x.grad, y.grad)",
    # the node has an edge per tensor argument only (none for the number)
    SCALE + "x = torch.tensor([1., 3., 2.], requires_grad=True); out, idx = Scale.apply(x, 3.0, "
    "torch.ones(3)); ([(type(f).__name__, n) for f, n in out.grad_fn.next_functions], out)",
    "class Bad(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, y):\n"
    "        return x + y\n    @staticmethod\n    def backward(ctx, g):\n        return g\n"
    "x = torch.ones(2, requires_grad=True); Bad.apply(x, x).sum().backward()",
    "class Bad(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x, k):\n"
    "        return x * k\n    @staticmethod\n    def backward(ctx, g):\n        return g, g\n"
    "x = torch.ones(2, requires_grad=True); Bad.apply(x, 2).sum().backward()",
    "class Same(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
    "        return x\n    @staticmethod\n    def backward(ctx, g):\n        return g * 2\n"
    "x = torch.ones(2, requires_grad=True); y = Same.apply(x); y.sum().backward(); "
    "(x.grad, y is x, x.grad_fn)",
    "class Raise(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
    "        return x * 1\n    @staticmethod\n    def backward(ctx, g):\n"
    "        raise ValueError('no gradient here')\n"
    "x = torch.ones(2, requires_grad=True); Raise.apply(x).sum().backward()",
    "class Save(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, x):\n"
    "        ctx.save_for_backward(x, 3)\n        return x\n"
    "Save.apply(torch.ones(1, requires_grad=True))",
])
def test_custom_function(code):
    check(code)


# ---- the tensor functions the layers and optimizers use

@pytest.mark.parametrize("n", [1, 7, 15, 16, 17, 31, 33, 100])
def test_addcmul_addcdiv_bits(n):
    setup = (f"torch.manual_seed(0); a = torch.randn({n}); b = torch.randn({n}); "
             f"c = torch.rand({n}) + 0.5; ")
    check(setup + "(torch.addcmul(a, b, c, value=0.37).tolist(), "
          "a.clone().addcmul_(b, c, value=-1.7).tolist(), "
          "torch.addcdiv(a, b, c, value=0.01).tolist(), a.clone().addcdiv_(b, c).tolist(), "
          "a.double().addcmul(b.double(), c.double(), value=0.3).tolist())")


@pytest.mark.parametrize("code", [
    "torch.addcmul(torch.ones(3), torch.ones(2, 1), torch.arange(3.), value=2)",
    "torch.addcmul(torch.arange(3), torch.arange(3), torch.arange(3), value=0.5)",
    "torch.addcmul(torch.ones(3, dtype=torch.float64), torch.ones(3), torch.ones(3) * 3, value=0.1)",
    "torch.addcmul(torch.ones(3, dtype=torch.bool), torch.ones(3, dtype=torch.bool), "
    "torch.ones(3, dtype=torch.bool))",
    "torch.addcdiv(torch.arange(3), torch.arange(3), torch.arange(3))",
    "torch.ones(1).addcmul_(torch.ones(3), torch.ones(3))",
    "torch.ones(3, dtype=torch.int64).addcmul_(torch.ones(3), torch.ones(3))",
    "torch.addcmul(torch.ones(2), 0.5, torch.ones(2), torch.ones(2))",
    "o = torch.empty(2); torch.addcdiv(torch.ones(2), torch.ones(2), torch.ones(2), out=o); o",
    "a = torch.tensor([1., 2.], requires_grad=True); b = torch.tensor([3., 4.], requires_grad=True); "
    "c = torch.tensor([5., 6.], requires_grad=True); y = torch.addcmul(a, b, c, value=2); "
    "y.sum().backward(); (y, a.grad, b.grad, c.grad)",
    "a = torch.tensor([1., 2.], requires_grad=True); b = torch.tensor([3., 4.], requires_grad=True); "
    "c = torch.tensor([5., 6.], requires_grad=True); y = a * 1; y.addcdiv_(b, c, value=2); "
    "y.sum().backward(); (y, a.grad, b.grad, c.grad)",
])
def test_addcmul_addcdiv_rules(code):
    check(code)


@pytest.mark.parametrize("code", [
    "torch.manual_seed(0); [torch.empty(3, dtype=d).random_() for d in (torch.int64, torch.int32, "
    "torch.int16, torch.int8, torch.uint8, torch.bool, torch.float32, torch.float64, "
    "torch.float16, torch.bfloat16)]",
    "torch.manual_seed(1); [torch.empty(4, dtype=d).random_(7) for d in (torch.int64, "
    "torch.float32, torch.uint8)]",
    "torch.manual_seed(2); [torch.empty(4, dtype=d).random_(-3, 40) for d in (torch.int64, "
    "torch.float32, torch.int8)]",
    "torch.manual_seed(3); [torch.empty(3, dtype=d).random_(5, None) for d in (torch.int64, "
    "torch.float32, torch.int16, torch.float16)]",
    "torch.manual_seed(4); torch.empty(5, dtype=torch.int64).random_(-2 ** 63, None)",
    "torch.manual_seed(5); torch.empty(3, dtype=torch.int64).random_(0, 2 ** 40)",
    "torch.manual_seed(6); g = torch.Generator().manual_seed(9); "
    "torch.empty(3, dtype=torch.int64).random_(generator=g)",
    "torch.empty(3, dtype=torch.int8).random_(0, 300)",
    "torch.empty(3).random_(5, 5)",
    "torch.empty(3, dtype=torch.int32).random_(-2 ** 63, None)",
    "torch.empty(2, dtype=torch.float16).random_(70000, None)",
    "x = torch.zeros(3, requires_grad=True).clone(); x.random_(); x.grad_fn.name()",
    "x = torch.zeros(3, requires_grad=True).clone(); x.random_(2, 3); x.grad_fn.name()",
    "torch.manual_seed(0); (torch.empty(2, 3).uniform_(-2, 5), torch.empty(20).normal_(1, 2), "
    "torch.empty(5).normal_(), torch.empty(8).bernoulli_(0.3), torch.bernoulli(torch.empty(4), 0.7))",
    "torch.manual_seed(0); p = torch.rand(3, 4); (torch.bernoulli(p), torch.bernoulli(p.double()), "
    "torch.zeros(2, 3, 4, dtype=torch.int64).bernoulli_(p), torch.zeros(4, 3).t().bernoulli_(p), "
    "torch.zeros(3, 4).bernoulli_(p.half()), torch.zeros(3, 4).bernoulli_(torch.tensor(0.5)))",
    "torch.bernoulli(torch.rand(3).half())",
    "p = torch.tensor([0.3, 0.6], requires_grad=True); (torch.bernoulli(p).grad_fn.name(), "
    "torch.zeros(2, requires_grad=True).clone().bernoulli_(p).grad_fn.name(), "
    "torch.zeros(2, requires_grad=True).clone().bernoulli_(0.4).grad_fn.name())",
    "torch.zeros(2).bernoulli_(torch.tensor([1, 0]))",
    "g = torch.Generator().manual_seed(3); (torch.empty(3).uniform_(generator=g), "
    "torch.empty(3).normal_(generator=g), torch.empty(3).bernoulli_(0.5, generator=g))",
])
def test_random_inplace(code):
    check(code, exact=True)


@pytest.mark.parametrize("code", [
    "x = torch.zeros(2, 3, 4); (torch.movedim(x, (0, 2), (2, 0)).shape, x.movedim(-1, 0).shape, "
    "torch.moveaxis(x, 1, 2).shape, torch.movedim(x, [], []).shape)",
    "torch.movedim(torch.zeros(2, 3, 4), (0, 1), (1,))",
    "torch.movedim(torch.zeros(2, 3, 4), 5, 0)",
    "torch.movedim(torch.zeros(2, 3, 4), (0, 0), (1, 2))",
    "torch.movedim(torch.zeros(2, 3, 4), (0, 1), (1, 1))",
    "torch.isclose(torch.tensor([1., float('nan'), float('inf'), 2.]), "
    "torch.tensor([1. + 1e-9, float('nan'), float('inf'), 2.1]))",
    "torch.isclose(torch.tensor([float('nan')]), torch.tensor([float('nan')]), equal_nan=True)",
    "torch.isclose(torch.tensor([1, 2]), torch.tensor([1, 3]))",
    "torch.isclose(torch.ones(2), torch.ones(2, dtype=torch.float64))",
    "torch.isclose(torch.ones(2), torch.ones(2), rtol=-1)",
    "torch.tensor([1, -8, 5]) << 2, torch.tensor([1, -8, 5]) >> 2, 2 << torch.tensor([1, 2])",
    "(torch.tensor([1, 2], dtype=torch.int8) << 7, torch.tensor([1, 2], dtype=torch.int8) << 9, "
    "torch.tensor([-100], dtype=torch.int8) >> 9, torch.tensor([200], dtype=torch.uint8) >> 3)",
    "torch.tensor([3, 5]) << torch.tensor([1, 60]), torch.tensor([-3, 5]) >> torch.tensor([1, 63])",
    "torch.tensor([1.5]) << 2",
    "x = torch.tensor([1, 2]); x <<= 3; x >>= 1; x",
    "torch.ones(2, dtype=torch.bool) << 1",
    "x = torch.tensor(3.); y = x[()]; (y, y._base is x)",
    "x = torch.zeros(5); x.index_put_((torch.tensor([0, 2, 0, 4]),), torch.tensor([1., 2., 3., 4.]), "
    "accumulate=True)",
    "x = torch.zeros(3, 4, dtype=torch.int64); x.index_put_((torch.tensor([0, 2, 0]), "
    "torch.tensor([1, 1, 1])), torch.tensor(5), accumulate=True)",
    "x = torch.zeros(3, 2); x.index_put_((torch.tensor([2, 2]),), torch.ones(2, 2), True)",
    "x = torch.zeros(3); x.index_put_((torch.tensor([True, False, True]),), torch.tensor(2.), "
    "accumulate=True)",
    "w = torch.ones(4, requires_grad=True); x = w * 1; "
    "x.index_put_((torch.tensor([1, 1]),), torch.tensor([2., 3.], requires_grad=True), "
    "accumulate=True); x.sum().backward(); (x, w.grad, x.grad_fn.name())",
    "torch.zeros(3).index_put_((torch.tensor([5]),), torch.tensor(1.), accumulate=True)",
    "x = torch.ones(2, 3); y = x[()]; x[()] = 5; (y, x)",
    "(torch.ones(2).new(3).shape, torch.ones(2, dtype=torch.int64).new([1, 2]), "
    "torch.ones(2).new().shape, torch.ones(2).conj(), torch.ones(1).share_memory_())",
])
def test_tensor_extras(code):
    check(code)


@pytest.mark.parametrize("code", [
    # the state's bytes are PyTorch's, so states move between the libraries
    "torch.manual_seed(7); torch.rand(3); torch.randn(1); s = torch.get_rng_state(); "
    "a = torch.rand(700); torch.randn(3); torch.set_rng_state(s); b = torch.rand(700); "
    "(s.dtype, s.shape, bool((a == b).all()), s[:32].tolist(), s[5016:5056].tolist())",
    "g = torch.Generator().manual_seed(3); s = g.get_state(); x = torch.randn(5, generator=g); "
    "g.set_state(s); (x, torch.randn(5, generator=g), g.initial_seed())",
    "torch.Generator().set_state(torch.zeros(10, dtype=torch.uint8))",
    "torch.Generator().set_state(torch.zeros(5056))",
    "torch.Generator().set_state([1, 2])",
    "torch.Generator().set_state(torch.zeros(5056, dtype=torch.uint8))",
])
def test_generator_state(code):
    check(code)


def test_generator_state_moves_between_libraries():
    import ember
    import torch

    torch.manual_seed(11)
    torch.rand(100)
    torch.randn(1)
    state = torch.get_rng_state()
    expected = (torch.rand(5).tolist(), torch.randn(3).tolist())
    ember.set_rng_state(ember.tensor(state.tolist(), dtype=ember.uint8))
    assert (ember.rand(5).tolist(), ember.randn(3).tolist()) == expected
    assert ember.get_rng_state().tolist() == torch.get_rng_state().tolist()


def test_full_backward_hook():
    check("seen = []\nm = torch.nn.Linear(3, 2)\n"
          "h = m.register_full_backward_hook(lambda mod, gi, go: seen.append("
          "([None if g is None else tuple(g.shape) for g in gi], [tuple(g.shape) for g in go])))\n"
          "x = torch.ones(4, 3, requires_grad=True); m(x).sum().backward(); h.remove(); "
          "m(x).sum().backward(); seen")
    check("m = torch.nn.Linear(3, 2)\n"
          "m.register_full_backward_hook(lambda mod, gi, go: (gi[0] * 0,))\n"
          "x = torch.ones(4, 3, requires_grad=True); m(x).sum().backward(); x.grad")


def test_full_backward_hook_with_tuple_outputs():
    check("seen = []\nclass Two(torch.nn.Module):\n    def forward(self, x, k):\n"
          "        return x * k, x + 1\n"
          "m = Two(); m.register_full_backward_hook(lambda mod, gi, go: seen.append(len(go)))\n"
          "x = torch.ones(3, requires_grad=True); a, b = m(x, 2.0); (a + b).sum().backward(); "
          "(seen, x.grad)")
