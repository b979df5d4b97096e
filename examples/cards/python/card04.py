# Card 4: the three critical attributes of a tensor.
#   shape:  the size of each dimension; the first thing to check when an operation fails.
#   dtype:  the type of the numbers (float32 unless asked otherwise).
#   device: where the tensor lives (cpu, or cuda for a GPU).
import torch

torch.manual_seed(0)

tensor = torch.randn(2, 3)
print(f"Shape: {tensor.shape}")
print(f"Datatype: {tensor.dtype}")
print(f"Device: {tensor.device}")
