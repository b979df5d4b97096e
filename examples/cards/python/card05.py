# Card 5: the default dtype is float32.
import torch

print(f"Default dtype: {torch.get_default_dtype()}")

# Python floats become the default dtype...
weights = torch.tensor([0.5, -1.25, 2.0])
print(f"weights: {weights}")
print(f"weights.dtype: {weights.dtype}")
# ...and so do tensors created from a shape.
print(f"zeros(2, 3).dtype: {torch.zeros(2, 3).dtype}")
# Python ints, by contrast, become int64.
counts = torch.tensor([1, 2, 3])
print(f"counts.dtype: {counts.dtype}")

print("Why float32: training makes tiny, continuous adjustments to the weights")
print("along their gradients. Integers cannot move by 0.001; float32 is precise")
print("enough for that, at half the memory and bandwidth of float64.")
