# Card 11: matrix multiplication in PyTorch.
#   Q1: the symbol for matrix multiplication is `@` (the function is torch.matmul).
#   Q2: the rule: the number of columns of the first matrix must equal the number of rows of the
#       second; an (n x m) matrix times an (m x p) matrix gives an (n x p) matrix.
import torch

# Shape (2, 3): 2 rows, 3 columns.
m1 = torch.tensor([[1, 2, 3], [4, 5, 6]])
# Shape (3, 2): 3 rows, 2 columns.
m2 = torch.tensor([[7, 8], [9, 10], [11, 12]])
print(f"m1 = {m1}")
print(f"m1.shape = {m1.shape}")
print(f"m2 = {m2}")
print(f"m2.shape = {m2.shape}")

# Columns of m1 (3) = rows of m2 (3): the product has m1's rows and m2's columns, (2, 2).
product = m1 @ m2
print(f"m1 @ m2 = {product}")
print(f"(m1 @ m2).shape = {product.shape}")
print(f"torch.matmul(m1, m2) = {torch.matmul(m1, m2)}")

# The order matters: (3, 2) @ (2, 3) is a (3, 3) matrix.
print(f"(m2 @ m1).shape = {(m2 @ m1).shape}")

# Columns of m1 (3) != rows of m1 (2): the rule is broken.
try:
    m1 @ m1
except RuntimeError as e:
    print(f"m1 @ m1 -> RuntimeError: {e}")
