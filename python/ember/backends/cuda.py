"""ember.backends.cuda: whether the CUDA backend is built, and its matmul switch."""
from .. import _C

__all__ = ["is_built", "matmul"]


def is_built():
    """Whether ember's CUDA backend (libember_cuda.so) is there, whether or not a GPU is."""
    return _C._VariableFunctions._cuda_is_built()


class _Matmul:
    """matmul.allow_tf32: float32 matrix products on the GPU may use TF32 (off by default)."""

    @property
    def allow_tf32(self):
        return _C._VariableFunctions._cuda_allow_tf32()

    @allow_tf32.setter
    def allow_tf32(self, value):
        _C._VariableFunctions._cuda_allow_tf32(bool(value))


matmul = _Matmul()
