"""ember.cuda: this build of ember has no GPU backend (is_available() is False)."""
from . import _C

__all__ = ["is_available", "device_count"]


def is_available():
    """Whether a CUDA GPU can be used (False: ember is built for the CPU)."""
    return _C._VariableFunctions._cuda_is_available()


def device_count():
    """The number of CUDA GPUs ember can use (0)."""
    return _C._VariableFunctions._cuda_device_count()
