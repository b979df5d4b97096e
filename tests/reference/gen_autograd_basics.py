"""Gradients of a few composite functions, as real PyTorch computes them (the C++ side is
tests/autograd/basics_test.cpp)."""
import torch
import torch.nn.functional as F

from reflib import write_grad_reference

M = {"shape": [2, 3]}


def mlp_loss(x, w1, b1, w2, b2):
    h = (x.mm(w1) + b1).relu()
    logits = h.mm(w2) + b2
    return (logits - logits.exp().sum(1, keepdim=True).log()).mean().neg()


CASES = {
    "card9": (lambda a, b, x: x * (a + b), [{"shape": []}, {"shape": []}, {"shape": []}]),
    "mul_broadcast": (lambda a, b: a * b, [M, {"shape": [3]}]),
    "add_sub_div": (lambda a, b: (a + b * 2 - 1) / b, [M, {"shape": [2, 3], "domain": "positive"}]),
    "views": (lambda a: a.t() * a.t(), [{"shape": [2, 3], "layout": "t"}]),
    "strided": (lambda a, b: a * b, [{"shape": [2, 3], "layout": "step"}, {"shape": [2, 3], "layout": "expand"}]),
    "reused": (lambda a: a * a * a + a, [M]),
    "sum_dims": (lambda a: a.sum(1) * a.sum(0, keepdim=True).sum(), [{"shape": [3, 4]}]),
    "scalar_ops": (lambda a: ((2 - a) * 3 + a / 4 - 1) * a, [M]),
    "mlp_loss": (mlp_loss, [{"shape": [4, 5]}, {"shape": [5, 6]}, {"shape": [6]}, {"shape": [6, 3]}, {"shape": [3]}]),
}

write_grad_reference("autograd_basics", CASES)
