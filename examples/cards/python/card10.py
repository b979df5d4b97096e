# Card 10: element-wise multiplication.
#   Q1: the symbol for element-wise multiplication is `*` (torch.mul).
#   Q2: the card says element-wise operations "will not work with different size tensors".
#   Correction: the shapes need not be equal, they must *broadcast*: compared from the last
#   dimension, each pair of sizes is equal or one of them is 1 (a missing dimension counts as 1),
#   and the size-1 operand is repeated along that dimension. Only shapes that do not broadcast fail.
import torch

a = torch.tensor([[1, 2], [3, 4]])
b = torch.tensor([[10, 20], [30, 40]])

# Same shape: each element multiplies the element at the same position.
element_wise_product = a * b
print(element_wise_product)

# Different sizes that broadcast: the row [10, 100] multiplies every row of a,
# the column [[2], [3]] every column, and a plain number every element.
row = torch.tensor([10, 100])
col = torch.tensor([[2], [3]])
print(f"a * row: {a * row}")
print(f"a * col: {a * col}")
print(f"a * 3: {a * 3}")

# Different sizes that do not broadcast: 2 and 3 differ and neither is 1.
c = torch.tensor([1, 2, 3])
try:
    a * c
except RuntimeError as e:
    print(f"a * c -> RuntimeError: {e}")
