"""ember.nn: layers, models and their building blocks, as torch.nn (Module, Parameter, the
layers and losses, nn.functional, nn.init, nn.utils)."""
from . import functional, init, utils  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module  # noqa: F401
from .parameter import Parameter  # noqa: F401
