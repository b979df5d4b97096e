# Card 7: how do you tell PyTorch a tensor is a learnable parameter, and what does that do?
#   Set requires_grad=True. From then on autograd records every operation on the tensor (each
#   result remembers the operation that made it, its grad_fn), so backward() can compute the
#   gradient of a result with respect to the parameter.
import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # a learnable parameter
x = torch.tensor([4.0, 5.0, 6.0])                       # data: no gradient needed
print(w)
print(f"w.requires_grad={w.requires_grad}, w.is_leaf={w.is_leaf}, w.grad_fn={w.grad_fn}")

# Every operation on w is tracked: the results carry the operation that produced them.
y = w * x
loss = y.sum()
print(y)
print(loss)
print(f"y.requires_grad={y.requires_grad}, y.is_leaf={y.is_leaf}, "
      f"y.grad_fn={type(y.grad_fn).__name__}")

# ...which is what lets autograd compute d(loss)/dw.
loss.backward()
print(f"w.grad={w.grad}")

# Without requires_grad nothing is tracked; under no_grad() tracking is switched off.
print(f"(x * x).requires_grad={(x * x).requires_grad}")
with torch.no_grad():
    z = w * x
print(f"under no_grad: z.requires_grad={z.requires_grad}, z.grad_fn={z.grad_fn}")
