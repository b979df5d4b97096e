"""ember.optim: the optimizers of torch.optim (SGD, Adam, AdamW, RMSprop, Adagrad, LBFGS), with
PyTorch 1.13's arithmetic step by step, so that the parameters follow the same trajectories bit
for bit; ember.optim.lr_scheduler has the learning-rate schedules.

    opt = ember.optim.Adam(params, lr=1e-3)
    opt.zero_grad(); loss.backward(); opt.step()
"""
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .lbfgs import LBFGS
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD
from . import lr_scheduler  # noqa: E402

__all__ = ["Adagrad", "Adam", "AdamW", "LBFGS", "Optimizer", "RMSprop", "SGD", "lr_scheduler"]

# As torch.optim: the classes, not their modules (ember.optim.adam.adam stays importable).
del adagrad, adam, adamw, lbfgs, optimizer, rmsprop, sgd  # noqa: F821
