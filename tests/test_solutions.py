"""tools/make_solutions.py turns every learner notebook into a solution copy whose exercise cells pass."""
import importlib
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_utils.exercises import ANSWERED, CORRECT

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
pytestmark = pytest.mark.slow          # every solution cell runs its checker (experiments train models)


@pytest.fixture(scope="module")
def solutions(tmp_path_factory):
    out = tmp_path_factory.mktemp("solutions")          # never into the repository
    subprocess.run([sys.executable, "tools/make_solutions.py", "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_solved_exercise_cell_is_correct(path, solutions):
    nb = nbformat.read(solutions / path.name, as_version=4)
    questions = importlib.import_module(f"course_utils.questions.nb{path.name[:2]}")
    cells = [c.source for c in nb.cells if c.cell_type == "code" and ".check(" in c.source]
    assert cells, f"{path.name} has no exercise cells"
    # A fresh namespace holding only what the notebook itself imports, so a solution that
    # needs an import the notebook lacks fails here as it would for the learner.
    imports = [line for c in nb.cells if c.cell_type == "code" for line in c.source.splitlines()
               if line.startswith(("import ", "from ")) and "____" not in line]
    for source in cells:
        assert "____" not in source, f"a blank is left in {path.name}:\n{source}"
        *body, last = source.strip().splitlines()
        namespace = {}
        exec("\n".join(imports), namespace)
        exec("\n".join(body), namespace)
        result = eval(last, namespace)
        assert result.status in (CORRECT, ANSWERED), f"{path.name}: {last} -> {result}"
