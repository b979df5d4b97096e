"""ember.return_types: the structured results (values, indices) of max, min, sort, topk, ..."""
from ._C import _return_types as _rt

max = _rt.max
min = _rt.min
sort = _rt.sort
topk = _rt.topk
kthvalue = _rt.kthvalue
mode = _rt.mode
median = _rt.median
aminmax = _rt.aminmax
cummax = _rt.cummax
cummin = _rt.cummin

__all__ = ["max", "min", "sort", "topk", "kthvalue", "mode", "median", "aminmax", "cummax",
           "cummin"]
