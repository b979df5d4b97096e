# Card 1: direct creation from data. torch.tensor copies a (nested) Python list into a tensor; its
# dtype is inferred from the values (Python ints -> int64).
import torch

python_list = [[1, 2, 3], [4, 5, 6]]
my_tensor = torch.tensor(python_list)
print(my_tensor)
