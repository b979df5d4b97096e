# Card 6: what must be a float and what may be an integer.
#   Model parameters (weights, biases) MUST be floating point (float32 is the standard): gradients
#   only exist for floating point tensors.
#   Data that represents categories or counts (class labels, indices) can be integers.
import torch

torch.manual_seed(0)

# Parameters: float32, learnable.
weights = torch.randn(3, 2, requires_grad=True)
bias = torch.zeros(2, requires_grad=True)
# Data: class labels are integers (int64).
labels = torch.tensor([0, 2, 1, 1])

print(f"weights: {weights}")
print(f"weights: dtype={weights.dtype}, is_floating_point={weights.is_floating_point()}, "
      f"requires_grad={weights.requires_grad}")
print(f"bias: dtype={bias.dtype}, is_floating_point={bias.is_floating_point()}, "
      f"requires_grad={bias.requires_grad}")
print(f"labels: {labels}")
print(f"labels: dtype={labels.dtype}, is_floating_point={labels.is_floating_point()}, "
      f"requires_grad={labels.requires_grad}")

# An integer tensor cannot be a learnable parameter.
try:
    labels.requires_grad_()
except RuntimeError as e:
    print(f"labels.requires_grad_() -> RuntimeError: {e}")
