"""examples/python/fashion_mnist.py runs unchanged on both libraries: a short run on a slice of
the data with each, the same loss and accuracy (the same seed, the same arithmetic to within
rounding), and the saved weights reload (the script checks the reloaded accuracy itself)."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "python" / "fashion_mnist.py"
DATA = pathlib.Path("/usr/share/datasets/fashion-mnist")


@pytest.mark.skipif(not DATA.is_dir(), reason="dataset-fashion-mnist is not installed")
def test_fashion_mnist_example_runs_on_both(tmp_path):
    results = {}
    env = dict(os.environ)
    for lib in ("torch", "ember"):
        out = tmp_path / f"{lib}.pt"
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), "--lib", lib, "--epochs", "1", "--limit", "1024",
             "--threads", "1", "--out", str(out)],
            capture_output=True, text=True, timeout=600, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert out.exists()
        results[lib] = [float(x) for x in re.findall(r"accuracy[^0-9]*([0-9.]+)", proc.stdout)]
    assert results["ember"] and results["ember"] == results["torch"]
