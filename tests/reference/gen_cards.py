"""Expected output of the deck cards, produced by real PyTorch.

Runs each examples/cards/python/cardNN.py under this interpreter (Debian's /usr/bin/python3, which
has torch) and writes its stdout, unchanged, to tests/reference/cards/cardNN.txt. The C++ card
programs must print exactly this with `torch.` replaced by `ember.` (tests/cards/check_cards.sh).
"""
import pathlib
import subprocess
import sys

import torch

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CARDS = ROOT / "examples" / "cards" / "python"
OUT = HERE / "cards"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    scripts = sorted(CARDS.glob("card[0-9][0-9].py"))
    if not scripts:
        sys.exit(f"no card scripts in {CARDS}")
    for script in scripts:
        result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                                check=False, cwd=CARDS)
        if result.returncode != 0:
            sys.exit(f"{script.name} failed:\n{result.stderr}")
        (OUT / f"{script.stem}.txt").write_text(result.stdout)
        print(f"wrote {OUT.relative_to(ROOT) / (script.stem + '.txt')}")
    print(f"(torch {torch.__version__})")


if __name__ == "__main__":
    main()
