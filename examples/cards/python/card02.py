# Card 2: creation from a desired shape.
# Correction: the card prints `ones` under all three labels; each label prints its own tensor here.
import torch

torch.manual_seed(0)  # so the random tensor is the same on every run

shape: tuple = (2, 3)
# tensor of ones with the shape=(2,3)
ones = torch.ones(shape)
# tensor of zeros with the shape=(2,3)
zeros = torch.zeros(shape)
# tensor of random numbers (standard normal) with the shape=(2,3)
random = torch.randn(shape)

print(f"ones Tensor: \n{ones}")
print(f"ZerosTensor: \n{zeros}")
print(f"Random Tensor: \n{random}")
