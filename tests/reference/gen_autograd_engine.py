"""The engine's behaviour and error messages in real PyTorch (tests/autograd/engine_test.cpp
rebuilds each scenario by name)."""
import json
import os

import torch

from reflib import describe, error_of


def leaf(*values):
    return torch.tensor(list(values), requires_grad=True)


def scenario_errors():
    e = {}
    a = leaf(1.0, 2.0, 3.0)
    e["nonscalar"] = error_of(lambda: (a * a).backward())
    e["no_grad_output"] = error_of(lambda: torch.ones(2).sum().backward())

    def second():
        y = (a * a).sum()
        y.backward()
        y.backward()
    e["second_backward"] = error_of(second)
    e["leaf_inplace"] = error_of(lambda: a.mul_(a))
    e["view_of_leaf_inplace"] = error_of(lambda: a[0:2].mul_(a[1:3]))
    e["int_requires_grad"] = error_of(lambda: torch.tensor([1, 2]).requires_grad_())
    e["nonleaf_requires_grad_false"] = error_of(lambda: (a * a).requires_grad_(False))

    def unused():
        b = leaf(1.0)
        torch.autograd.grad((a * a).sum(), [a, b])
    e["grad_unused"] = error_of(unused)
    e["grad_shape_mismatch"] = error_of(lambda: (a * a).backward(torch.ones(2)))

    def modified_input():
        x = a.clone()
        y = x * a
        x.mul_(a)
        y.sum().backward()
    e["modified_saved_input"] = error_of(modified_input)

    def modified_leaf():
        w = leaf(1.0, 2.0, 3.0)
        y = w * w
        with torch.no_grad():
            w.mul_(w)
        y.sum().backward()
    e["modified_saved_leaf"] = error_of(modified_leaf)

    def retain_grad_no_grad():
        torch.ones(2).retain_grad()
    e["retain_grad_without_grad"] = error_of(retain_grad_no_grad)
    e["hook_without_grad"] = error_of(lambda: torch.ones(2).register_hook(lambda g: g))
    return e


def scenario_values():
    v = {}
    a = leaf(1.0, 2.0, 3.0)
    b = leaf(4.0, 5.0, 6.0)
    # accumulation over two backward calls
    (a * b).sum().backward()
    (a * a).sum().backward()
    v["accumulated"] = describe(a.grad)
    # retain_graph: twice through the same graph
    c = leaf(1.0, 2.0, 3.0)
    y = (c * c).sum()
    y.backward(retain_graph=True)
    y.backward()
    v["retained_twice"] = describe(c.grad)
    # a hook doubling the gradient of an intermediate
    d = leaf(1.0, 2.0, 3.0)
    m = d * d
    m.register_hook(lambda g: g * 2)
    m.sum().backward()
    v["hooked"] = describe(d.grad)
    # retain_grad on an intermediate
    e = leaf(1.0, 2.0, 3.0)
    n = e * e
    n.retain_grad()
    (n * n).sum().backward()
    v["retained_intermediate"] = describe(n.grad)
    # autograd.grad with create_graph: second derivative of sum(x^3) is 6x
    f = leaf(1.0, 2.0, 3.0)
    (g,) = torch.autograd.grad((f * f * f).sum(), [f], create_graph=True)
    (gg,) = torch.autograd.grad(g.sum(), [f])
    v["first_derivative"] = describe(g.detach())
    v["second_derivative"] = describe(gg)
    # gradients meeting at a node from several paths
    h = leaf(1.0, 2.0, 3.0)
    p = h * h
    q = (p * h + p * p + p).sum()
    q.backward()
    v["diamond"] = describe(h.grad)
    # versions: each in-place op counts once
    t = torch.zeros(3)
    t.add_(1)
    t.mul_(2)
    t[0:2].fill_(3)
    v["version_after_three_inplace"] = t._version
    return v


out = {"torch_version": torch.__version__, "errors": scenario_errors(), "values": scenario_values()}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "autograd_engine.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print(f"wrote {path}")
