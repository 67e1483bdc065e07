"""Every notebook follows docs/AUTHORING.md: header, objectives, 2-4 checked exercises
with hints, a checkpoint, key points, further reading, outputs from one in-order run."""
import importlib
import re
from pathlib import Path

import nbformat
import pytest

from course_utils.exercises import Exercise

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def nb(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_header(nb):
    path, book = nb
    header = book.cells[0].source
    assert header.startswith(f"# {path.name[:2]} · "), "first cell must start with '# NN · Title'"
    for field in ("**Paper:**", "**Time:**", "**Prerequisites:**", "## Learning objectives"):
        assert field in header, f"header lacks {field}"
    assert re.search(r"\*\*Time:\*\* *\d+ min teaching \+ \d+ min exercises", header)
    objectives = re.findall(r"^(?:\d\.|-) \*\*", header.split("## Learning objectives")[1], flags=re.M)
    assert 3 <= len(objectives) <= 5, f"{len(objectives)} objectives; want 3-5, each starting with a bold verb"


def test_closing_sections(nb):
    _, book = nb
    markdown = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
    assert "## Key points" in markdown
    reading = markdown.split("## Further reading")[-1]
    assert "## Further reading" in markdown and len(re.findall(r"doi:|arXiv:|doi\.org", reading, re.I)) >= 2


def test_exercises_are_checked_hinted_and_registered(nb):
    path, book = nb
    code = [c.source for c in book.cells if c.cell_type == "code"]
    checked = sorted(set(re.findall(r"^(q\d+)\.check\(", "\n".join(code), flags=re.M)))
    assert 2 <= len(checked) <= 4, f"{len(checked)} checked exercises; want 2-4"
    module = importlib.import_module(f"course_utils.questions.nb{path.name[:2]}")
    for q in checked:
        assert isinstance(getattr(module, q, None), Exercise), f"{q} is not defined in {module.__name__}"
        assert any(f"{q}.hint()" in c for c in code), f"no {q}.hint() cell"
    for source, cell in ((c.source, c) for c in book.cells if c.cell_type == "code"):
        if re.search(r"^q\d+\.check\(", source, flags=re.M):
            text = str(cell.outputs)
            assert "Not attempted" in text, "a stored exercise output must be the blank 'Not attempted'"


def test_checkpoint_asserts(nb):
    _, book = nb
    checkpoints = [c.source for c in book.cells if c.cell_type == "code" and c.source.startswith("# Checkpoint")]
    assert checkpoints, "no '# Checkpoint: ...' cell"
    assert all("assert " in c for c in checkpoints), "every checkpoint cell must assert its outcome"


def test_outputs_come_from_one_in_order_run(nb):
    _, book = nb
    counts = [c.execution_count for c in book.cells if c.cell_type == "code" and c.source.strip()]
    assert None not in counts, "unexecuted code cell: re-run the notebook and save it"
    assert counts == list(range(1, len(counts) + 1)), "cells were run out of order or partly: restart and run all"
    for c in book.cells:
        for out in c.get("outputs", []):
            assert out.output_type != "error", f"stored error output: {out.get('ename')}"
    assert len(nbformat.writes(book)) < 3_000_000, "stored outputs too large: lower figure dpi, print fewer rows"


def test_modelling_notebooks_have_an_experiment_exercise(nb):
    """A notebook that trains a network lets the learner change a model or data step and checks the result."""
    path, book = nb
    code = "\n".join(c.source for c in book.cells if c.cell_type == "code")
    if not re.search(r"\b(train\.fit|train\.fit_seeds)\(", code):
        return
    from course_utils.exercises import ExperimentExercise
    module = importlib.import_module(f"course_utils.questions.nb{path.name[:2]}")
    checked = set(re.findall(r"^(q\d+)\.check\(", code, flags=re.M))
    experiments = [q for q in checked if isinstance(getattr(module, q, None), ExperimentExercise)]
    assert experiments, ("this notebook trains networks but none of its checked exercises is an ExperimentExercise "
                         "(the learner changes a model or a data step, trains it, and the checker scores the result)")


def test_every_figure_is_followed_by_what_to_see(nb):
    """A figure is read with the learner: the cell after a plot is prose saying what to see in it."""
    _, book = nb
    for i, cell in enumerate(book.cells):
        has_figure = cell.cell_type == "code" and any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
        if has_figure:
            following = book.cells[i + 1] if i + 1 < len(book.cells) else None
            assert following is not None and following.cell_type == "markdown", (
                f"code cell {i} draws a figure but the next cell is not markdown: add a sentence saying what to see")


def test_no_placeholder_text(nb):
    _, book = nb
    for i, cell in enumerate(book.cells):
        if cell.cell_type == "markdown":
            found = re.search(r"\bOPEN_[A-Z]+|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b", cell.source)
            assert not found, f"markdown cell {i} still holds the placeholder {found.group(0)!r}"
