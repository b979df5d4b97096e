"""The warnings PyTorch's Python API gives, ember gives (same category and message, with
"ember." for "torch.")."""
import json
import os
import subprocess
import sys

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


# Run in a fresh process: some warnings are given once per process (PyTorch's TORCH_WARN_ONCE,
# and ember's), so an earlier test could have used them up.
_RUNNER = """
import json, sys, warnings
import numpy as np
import {lib} as torch
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    exec(sys.argv[1], {{"torch": torch, "np": np}})
print(json.dumps([(w.category.__name__, str(w.message)) for w in caught]))
"""
_ENV = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(ember.__file__)))


def warnings_of(code, lib):
    p = subprocess.run([sys.executable, "-c", _RUNNER.format(lib=lib.__name__), code],
                       capture_output=True, text=True, timeout=120, env=_ENV, check=True)
    # PyTorch appends where in its C++ sources the warning was raised.
    return [(category, normalize(message).split(" (Triggered internally")[0])
            for category, message in json.loads(p.stdout.strip().splitlines()[-1])]


@pytest.mark.parametrize("code", CASES)
def test_warnings(code):
    expected = warnings_of(code, torch)
    assert expected, "PyTorch gave no warning"
    assert warnings_of(code, ember) == expected
