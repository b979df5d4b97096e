"""ember.utils.dlpack: tensors shared without a copy through DLPack, as torch.utils.dlpack.

    a = numpy.from_dlpack(ember_tensor)      # NumPy sees ember's memory
    t = ember.from_dlpack(numpy_array)        # ember sees NumPy's (or PyTorch's) memory
"""
import enum

from .. import _C

__all__ = ["DLDeviceType", "to_dlpack", "from_dlpack"]


class DLDeviceType(enum.IntEnum):
    """DLPack's device codes."""
    kDLCPU = 1
    kDLGPU = 2
    kDLCPUPinned = 3
    kDLOpenCL = 4
    kDLVulkan = 7
    kDLMetal = 8
    kDLVPI = 9
    kDLROCM = 10
    kDLExtDev = 12
    kDLOneAPI = 14


def to_dlpack(tensor):
    """A DLPack capsule ("dltensor") viewing tensor's memory; the consumer keeps it alive."""
    return _C._to_dlpack(tensor)


def from_dlpack(ext_tensor):
    """A tensor sharing the memory of an object with __dlpack__ (a NumPy array, a PyTorch
    tensor...) or of a DLPack capsule (consumed: a capsule gives one tensor only)."""
    if hasattr(ext_tensor, "__dlpack__"):
        device = ext_tensor.__dlpack_device__()
        if device[0] != DLDeviceType.kDLCPU:
            raise RuntimeError(f"ember takes DLPack tensors on the CPU only (device {device})")
        capsule = ext_tensor.__dlpack__()
    else:
        capsule = ext_tensor
    return _C._from_dlpack(capsule)
