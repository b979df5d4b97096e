"""ember.cuda: the GPU, when ember's CUDA backend (libember_cuda.so) and a GPU are there."""
from . import _C

__all__ = ["is_available", "device_count", "synchronize", "manual_seed", "manual_seed_all"]


def is_available():
    """Whether a CUDA GPU can be used."""
    return _C._VariableFunctions._cuda_is_available()


def device_count():
    """The number of CUDA GPUs ember can use."""
    return _C._VariableFunctions._cuda_device_count()


def synchronize(device=None):
    """Waits for the work queued on a GPU (the current one by default)."""
    index = -1 if device is None else (device if isinstance(device, int) else device.index or 0)
    _C._VariableFunctions._cuda_synchronize(index)


def manual_seed(seed):
    """Seeds the GPU's numbers (ember draws them with the generator that ember.manual_seed seeds)."""
    from . import manual_seed as _seed
    _seed(seed)


manual_seed_all = manual_seed
