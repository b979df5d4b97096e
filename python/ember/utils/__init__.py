"""ember.utils: as torch.utils (data loading: ember.utils.data; DLPack: ember.utils.dlpack)."""
from . import data, dlpack  # noqa: F401
