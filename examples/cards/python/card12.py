# Card 12: matrix multiplication written out symbolically.
#   M1 = [[a, b, c], [d, e, f]] (2 x 3),  M2 = [[g, h], [i, j], [k, l]] (3 x 2)
#   M1 @ M2 = [[a*g + b*i + c*k, a*h + b*j + c*l],
#              [d*g + e*i + f*k, d*h + e*j + f*l]]
# Entry [r][c] is the sum of products of row r of M1 with column c of M2. The letters get numbers
# here, each entry is expanded and summed by hand, and the sums are checked against matmul.
# Corrections to the card's answer: it asks for `M1 @ M1` where it means `M1 @ M2` (M1 @ M1 is
# (2 x 3) @ (2 x 3), which cannot be multiplied: shown at the end), and its last entry reads
# "(dh)+(ej)+(cfl)" where it means "(dh)+(ej)+(fl)".
import torch

a, b, c, d, e, f = 2, 3, 5, 7, 11, 13
g, h, i, j, k, l = 17, 19, 23, 29, 31, 37
M1 = torch.tensor([[a, b, c], [d, e, f]])
M2 = torch.tensor([[g, h], [i, j], [k, l]])
names1 = [["a", "b", "c"], ["d", "e", "f"]]
names2 = [["g", "h"], ["i", "j"], ["k", "l"]]
print(f"M1 = {M1}")
print(f"M2 = {M2}")

sums = []
for r in range(2):
    row = []
    for col in range(2):
        symbolic = " + ".join(f"{names1[r][t]}*{names2[t][col]}" for t in range(3))
        numbers = " + ".join(f"{M1[r][t].item()}*{M2[t][col].item()}" for t in range(3))
        value = sum(M1[r][t].item() * M2[t][col].item() for t in range(3))
        print(f"[{r}][{col}] = {symbolic} = {numbers} = {value}")
        row.append(value)
    sums.append(row)

product = M1 @ M2
print(f"M1 @ M2 = {product}")
matches = all(product[r][col].item() == sums[r][col] for r in range(2) for col in range(2))
print(f"every entry matches torch.matmul: {matches}")

# What the card literally wrote:
try:
    M1 @ M1
except RuntimeError as err:
    print(f"M1 @ M1 -> RuntimeError: {err}")
