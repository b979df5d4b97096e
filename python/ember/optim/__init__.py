"""ember.optim: the optimizers of torch.optim (SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta,
Adamax, ASGD, NAdam, RAdam, Rprop, LBFGS), with PyTorch 1.13's arithmetic step by step, so that
the parameters follow the same trajectories bit for bit; ember.optim.lr_scheduler has the
learning-rate schedules.

    opt = ember.optim.Adam(params, lr=1e-3)
    opt.zero_grad(); loss.backward(); opt.step()
"""
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from . import lr_scheduler  # noqa: E402

__all__ = ["ASGD", "Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "LBFGS", "NAdam", "Optimizer",
           "RAdam", "RMSprop", "Rprop", "SGD", "lr_scheduler"]

# As torch.optim: the classes, not their modules (ember.optim.adam.adam stays importable).
for _module in ("adadelta", "adagrad", "adam", "adamax", "adamw", "asgd", "lbfgs", "nadam",
                "optimizer", "radam", "rmsprop", "rprop", "sgd"):
    del globals()[_module]
del _module
