"""pytest set-up for the Python module's tests: which ember to import, and real PyTorch.

EMBER_PYTHON_PATH (scripts/test.sh sets it to <build>/python) puts that build's package first on
sys.path; without it, `import ember` finds the build that scripts/setup.sh registered.
"""
import os
import sys

_path = os.environ.get("EMBER_PYTHON_PATH")
if _path:
    sys.path.insert(0, os.path.abspath(_path))

import ember  # noqa: E402,F401
import torch  # noqa: E402,F401  (Debian's python3-torch: the reference)

# ember follows PyTorch's defaults; no test may leak a change of them into another.
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _restore_global_state():
    yield
    for mod in (torch, ember):
        mod.set_default_dtype(mod.float32)
        mod.set_grad_enabled(True)


def pytest_terminal_summary(terminalreporter):
    """Lists the generated cases that hit a known difference of ember's C++ core (not compared;
    see test_properties.KNOWN_CORE_DIFFERENCES)."""
    import sys

    props = sys.modules.get("test_properties")
    if props is None or not props.known_hits:
        return
    terminalreporter.section("known differences of ember's C++ core (cases not compared)")
    for what, count in sorted(props.known_hits.items()):
        terminalreporter.write_line(f"{count:5d}  {what}")
