# Card 8: a DATA tensor and a PARAMETER tensor, and how to tell one from the other.
#   Data needs no gradient; a parameter is created with requires_grad=True (and must be floating
#   point). The requires_grad attribute tells them apart.
import torch

data = torch.tensor([[1, 2], [3, 4]])
# This is a parameter, therefore we need gradients.
weights = torch.tensor([[1.0], [2.0]], requires_grad=True)

print(data.requires_grad)
print(weights.requires_grad)
print(data)
print(weights)

# Data flows through the parameters; the result is tracked because of the parameter.
out = data.float() @ weights
print(out)
out.sum().backward()
print(f"weights.grad={weights.grad}")
print(f"data.grad={data.grad}")
