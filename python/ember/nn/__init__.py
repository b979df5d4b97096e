"""ember.nn: only the functional part (ember.nn.functional) of torch.nn."""
from . import functional  # noqa: F401
