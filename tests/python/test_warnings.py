"""The warnings PyTorch's Python API gives, ember gives (same category and message, with
"ember." for "torch.")."""
import warnings

import numpy as np
import pytest
import torch

import ember
from differential import normalize

CASES = [
    "x = torch.ones(2, requires_grad=True); (x * 2).grad",
    "torch.tensor(torch.ones(2))",
    "torch.ones(2, 3, 4).T",
    "a = np.ones(2); a.flags.writeable = False; torch.from_numpy(a)",
    "torch.tensor([np.ones(2), np.ones(2)])",
]


def warnings_of(code, lib):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(code, {"torch": lib, "np": np})
    # PyTorch appends where in its C++ sources the warning was raised.
    return [(w.category.__name__, normalize(str(w.message)).split(" (Triggered internally")[0])
            for w in caught]


@pytest.mark.parametrize("code", CASES)
def test_warnings(code):
    expected = warnings_of(code, torch)
    assert expected, "PyTorch gave no warning"
    assert warnings_of(code, ember) == expected
