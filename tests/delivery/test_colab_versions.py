"""Notebooks on Colab's own package versions, not the course's pins.

Colab brings its own numpy, pandas, scipy, scikit-learn, matplotlib, seaborn, numba and torch, at versions other
than ours. This test builds a virtual environment with the versions of a recent Colab runtime (Python 3.12 where
pyenv or the PATH has it; COLAB_VERSIONS below), runs the Colab setup cell in it exactly as a learner would (it
clones the course and installs only what Colab lacks), then executes notebook 00 and two modelling notebooks
top to bottom with their checkpoints, and checks that the setup cell left Colab's own packages as they were.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

from test_colab_cell import colab_cell_source

# A Colab runtime of 2025 (the versions its release notes list); torch stays at the course's cap.
COLAB_VERSIONS = {"numpy": "2.0.2", "pandas": "2.2.2", "scipy": "1.14.1", "scikit-learn": "1.6.1",
                  "matplotlib": "3.10.0", "seaborn": "0.13.2", "numba": "0.60.0", "torch": "2.13.0",
                  "tqdm": "4.67.1", "psutil": "5.9.5", "ipykernel": "6.17.1", "nbclient": "0.10.2",
                  "nbformat": "5.10.4"}
NOTEBOOKS = ["00_welcome.ipynb", "02_cnn_tf_binding.ipynb", "13_subcellular_localization.ipynb"]


def _python312():
    found = shutil.which("python3.12")
    if found and subprocess.run([found, "--version"], capture_output=True).returncode == 0:
        return found
    pyenv = shutil.which("pyenv")
    if pyenv:
        out = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates = sorted((p for p in os.scandir(os.path.join(out, "versions")) if p.name.startswith("3.12")),
                            key=lambda p: p.name) if out and os.path.isdir(os.path.join(out, "versions")) else []
        if candidates:
            return os.path.join(candidates[-1].path, "bin", "python3.12")
    return sys.executable          # fall back to this Python; the package versions are what matter most


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory):
    venv = tmp_path_factory.mktemp("colab-versions") / "venv"
    subprocess.run([_python312(), "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q"] + [f"{p}=={v}" for p, v in COLAB_VERSIONS.items()],
                   check=True)
    return python


def _installed(python):
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True)
    return {p["name"].lower(): p["version"] for p in json.loads(out.stdout)}


def test_notebooks_run_on_colab_versions(colab_python, course_clone, tmp_path):
    before = _installed(colab_python)
    env = dict(os.environ, COURSE_REPO=f"file://{course_clone}", COURSE_ENV="colab", COURSE_DEVICE="cpu",
               COURSE_PROGRESS_FILE=str(tmp_path / "progress.json"))
    env.pop("PYTHONPATH", None)
    script = colab_cell_source() + f"""
import nbformat
from nbclient import NotebookClient
for name in {NOTEBOOKS!r}:
    nb = nbformat.read(name, as_version=4)
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={{"metadata": {{"path": os.getcwd()}}}}).execute()
    print("ran", name)
"""
    run = subprocess.run([str(colab_python), "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=3000)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    for name in NOTEBOOKS:
        assert f"ran {name}" in run.stdout
    after = _installed(colab_python)
    changed = {p: (before[p], after.get(p)) for p in ("numpy", "pandas", "scipy", "scikit-learn", "matplotlib",
                                                     "numba", "torch") if before[p] != after.get(p)}
    assert not changed, f"the setup cell changed Colab's own packages: {changed}"
