"""The deck: each card's Python (examples/cards/python/cardNN.py), run verbatim under real
PyTorch and with `import torch` giving ember, prints the same thing (object addresses aside, and
"ember." where PyTorch prints "torch.")."""
import os
import pathlib
import subprocess
import sys

import pytest

from differential import normalize

ROOT = pathlib.Path(__file__).resolve().parents[2]
CARDS = sorted((ROOT / "examples" / "cards" / "python").glob("card*.py"))

# Runs a file with `torch` being ember: `import torch` finds ember in sys.modules.
SHIM = (
    "import runpy, sys\n"
    "import ember\n"
    "sys.modules['torch'] = ember\n"
    "sys.argv = [sys.argv[1]]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def _run(args):
    env = dict(os.environ)
    path = os.environ.get("EMBER_PYTHON_PATH")
    if path:
        env["PYTHONPATH"] = os.path.abspath(path) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          timeout=300)


def test_deck_has_cards():
    assert len(CARDS) >= 9


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
def test_card_prints_what_pytorch_prints(card):
    expected = _run([str(card)])
    assert expected.returncode == 0, f"under PyTorch:\n{expected.stderr}"
    actual = _run(["-c", SHIM, str(card)])
    assert actual.returncode == 0, f"under ember:\n{actual.stderr}"
    assert normalize(actual.stdout) == normalize(expected.stdout)
