# Card 3: creation by mimicking another tensor. The *_like functions take the shape (and, unless
# told otherwise, the dtype and device) of an existing tensor.
# Correction: the card writes `same_tensor_rand_num = same_tensor_rand_num = torch.randint_like(...)`,
# which overwrites the float tensor; the random ints get their own name here.
import torch

torch.manual_seed(0)  # so the random tensors are the same on every run

current_tensor = torch.tensor([[1, 2], [3, 4]])

# Same shape, but float: randn_like needs a floating dtype (current_tensor is int64).
same_tensor_rand_num = torch.randn_like(current_tensor, dtype=torch.float)

# Random ints in [0, 10): same shape AND same dtype (int64) as current_tensor.
same_tensor_rand_int = torch.randint_like(current_tensor, high=10)

print(current_tensor)
print(same_tensor_rand_num)
print(same_tensor_rand_int)
print(f"dtypes: {current_tensor.dtype}, {same_tensor_rand_num.dtype}, {same_tensor_rand_int.dtype}")
