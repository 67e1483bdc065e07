"""The Colab setup cell, run for real: in a fresh virtual environment that has what Colab
brings (torch, numpy, pandas, scikit-learn, matplotlib, ...) but not the course, the cell
clones the course (here from a local clone, via COURSE_REPO), installs what is missing,
and afterwards the notebook's own imports and data loading work.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What Colab has preinstalled (versions from our pins; Colab's own are newer).
COLAB_BASE = ["torch", "numpy", "pandas", "scipy", "scikit-learn", "matplotlib", "seaborn", "tqdm", "psutil"]


def colab_cell_source():
    nb = json.loads((ROOT / "notebooks" / "00_welcome.ipynb").read_text())
    cells = [c for c in nb["cells"] if "colab-setup" in c["metadata"].get("tags", [])]
    assert cells, "notebook 00 has no colab-setup cell: run tools/launch_links.py"
    return "".join(cells[0]["source"])


@pytest.fixture(scope="module")
def colab_like_python(tmp_path_factory):
    venv = tmp_path_factory.mktemp("colab") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    req = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().splitlines()
               if "==" in line and not line.startswith("#"))
    subprocess.run([str(python), "-m", "pip", "install", "-q"] + [f"{p}=={req[p]}" for p in COLAB_BASE], check=True)
    # run outside the repository: from its root, `import course_utils` finds the source folder itself
    check = subprocess.run([str(python), "-c", "import course_utils"], capture_output=True, cwd=venv.parent)
    assert check.returncode != 0, "the fresh environment must not have the course"
    return python


def test_the_cell_installs_the_course_from_a_clone_and_the_notebook_imports_work(colab_like_python, course_clone,
                                                                                 tmp_path):
    script = colab_cell_source() + """
from course_utils import data, encoding, train, plots
peaks = data.load("oct4_mafk")
print("loaded", len(peaks), "peaks; one-hot", encoding.one_hot_dna(peaks.sequence.tolist()[:3]).shape)
import os; print("cwd", os.getcwd())
"""
    env = dict(os.environ, COURSE_REPO=f"file://{course_clone}")
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(colab_like_python), "-c", script], cwd=tmp_path, env=env, capture_output=True,
                         text=True, timeout=1200)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "loaded 7997 peaks; one-hot (3, 4, 200)" in run.stdout
    assert run.stdout.strip().endswith("dl-genomics-course/notebooks")


def test_the_cell_does_nothing_where_the_course_is_installed():
    run = subprocess.run([sys.executable, "-c", colab_cell_source() + "\nprint('untouched', os.getcwd())"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == f"untouched {ROOT}", run.stderr
