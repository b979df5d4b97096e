# Card 9: write z = x*y with y = a+b so that PyTorch builds a graph; show the proof.
#   What creates the graph is requires_grad=True on the inputs. (The card writes
#   `required_grad=True`: PyTorch rejects that keyword with a TypeError; the keyword is
#   requires_grad.)
#   The proof is grad_fn: a tensor created by an operation remembers it (MulBackward0 for z,
#   AddBackward0 for y); the inputs a, b and x were not created by an operation: grad_fn is None.
import torch

a = torch.tensor(2.0, requires_grad=True)
b = torch.tensor(3.0, requires_grad=True)
x = torch.tensor(4.0, requires_grad=True)

# First operation: a new node in the graph connects a and b to an addition.
y = a + b
# This connects x and y through a multiplication.
z = x * y

print(z)
print(z.grad_fn)  # <MulBackward0 ...>: z was made by a multiplication
print(y.grad_fn)  # <AddBackward0 ...>: y was made by an addition
print(a.grad_fn)  # None: a was not made by an operation

# The whole chain, from z back to the leaves (AccumulateGrad stores a leaf's gradient).
print(z.grad_fn.next_functions)
print(y.grad_fn.next_functions)


def walk(fn, depth=0):
    print("  " * depth + type(fn).__name__)
    for next_fn, _ in fn.next_functions:
        if next_fn is not None:
            walk(next_fn, depth + 1)


walk(z.grad_fn)

# The graph is what backward() follows: dz/da = x, dz/db = x, dz/dx = a + b.
z.backward()
print(f"a.grad={a.grad}, b.grad={b.grad}, x.grad={x.grad}")
