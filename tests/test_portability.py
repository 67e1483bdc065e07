"""What `make test` compares exactly, what it only asserts, and why that is portable.

Trained numbers differ between instruction sets; tools/tag_training_outputs.py tags
the cells whose outputs do (``nbval-ignore-output``), and `make test-isa` reruns the
notebooks under another instruction set. These tests check that this machinery
means something: the other instruction set really changes trained numbers, the
tags are per cell (never a whole notebook skipped), and every notebook that
trains keeps checkpoint cells, which run (and must pass) everywhere.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
sys.path.insert(0, str(ROOT / "tools"))
import tag_training_outputs  # noqa: E402

TRAIN = """
import torch
from course_utils import train
train.set_seed(0)
X = torch.randn(256, 4, 50)
y = (X[:, 0].sum(1) > 0).float()[:, None]
model = torch.nn.Sequential(torch.nn.Conv1d(4, 8, 9), torch.nn.ReLU(), torch.nn.AdaptiveMaxPool1d(1),
                            torch.nn.Flatten(), torch.nn.Linear(8, 1))
h = train.fit(model, (X[:200], y[:200]), (X[200:], y[200:]), epochs=3, progress=False)
print(repr(h["train_loss"][-1]))
"""


def _other_isa():
    make = (ROOT / "Makefile").read_text()
    line = re.search(r"^OTHER_ISA := (.*)$", make, re.M).group(1)
    return dict(part.split("=", 1) for part in line.split())


def test_make_test_isa_uses_the_first_instruction_set_of_the_tagging_tool():
    assert _other_isa() == next(iter(tag_training_outputs.ISAS.values()))


@pytest.mark.slow
def test_the_other_instruction_set_really_changes_trained_numbers():
    def run(extra):
        env = {k: v for k, v in os.environ.items() if k not in ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA")}
        out = subprocess.run([sys.executable, "-c", TRAIN], env={**env, **extra}, capture_output=True, text=True,
                             cwd=ROOT, check=True)
        return float(out.stdout.strip().splitlines()[-1])
    native, same, other = run({}), run({}), run(_other_isa())
    assert native == same, "training must be deterministic on one machine"
    assert native != other, ("the other instruction set gave bit-identical training: make test-isa would not "
                             "test portability on this machine")
    assert abs(native - other) < 1e-3, "but only in the last digits"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_outputs_are_excluded_per_cell_and_checkpoints_always_run(path):
    nb = json.loads(path.read_text())
    assert not any(k.startswith("nbval") for k in nb.get("metadata", {})), "no notebook-wide nbval switches"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for c in nb["cells"]:
        tags = c.get("metadata", {}).get("tags", [])
        assert "nbval-skip" not in tags, "a skipped cell is never run: tag nbval-ignore-output instead"
        assert "nbval-ignore-output" not in tags or c["cell_type"] == "code"
        assert "# NBVAL_" not in "".join(c["source"]), "use cell tags (visible in JupyterLab), not comment markers"
    trains = any(re.search(r"train\.fit\(|fit_seeds\(|\.fit\(\"", "".join(c["source"])) for c in code)
    checkpoints = [c for c in code if "".join(c["source"]).lstrip().startswith("# Checkpoint")]
    if trains:
        assert checkpoints, f"{path.name} trains models but has no checkpoint cell asserting its lesson"
        assert any("assert" in "".join(c["source"]) for c in checkpoints)
