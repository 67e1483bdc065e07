"""Play the learner: run a notebook up to an exercise, type an answer the way its hint says, and check it.

Kaggle Learn's notebooks run their real solution through ``check()`` in their own tests; these tests go one
step further and build the answer from the NOTEBOOK's code and state (its model classes, data, budget), in a
fresh kernel, exactly as a learner would, so that a checker cannot drift from its notebook unnoticed.
"""
import json
import os
import pathlib

import nbformat
from nbclient import NotebookClient

from slicing import needed_statements

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"


def play(notebook, exercise, attempts, tmp_path, monkeypatch, timeout=900):
    """Results of ``exercise.check(answer)`` for each attempt, after running what the exercise needs.

    What runs first is the slice of the notebook above the exercise that the answer cell and the attempts
    need (``slicing.needed_statements``: data, classes, budgets; not the lesson's comparisons), as a learner
    who jumps to the exercise would run it. ``COURSE_PLAY_FULL=1`` runs every code cell above it instead.

    Parameters
    ----------
    notebook : str, a file name in ``notebooks/`` such as ``"02_cnn_tf_binding.ipynb"``.
    exercise : str, the exercise's variable in the notebook, e.g. ``"q4"``.
    attempts : dict ``{label: code}``; each code is what a learner types in the answer cell and must set
        ``answer`` (it runs after every cell above the exercise's answer cell, in the same kernel).
    tmp_path, monkeypatch : the pytest fixtures (progress is recorded in a temporary file).

    Returns
    -------
    dict ``{label: (status, message)}`` with status "correct", "incorrect", ...
    """
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    answer_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f"{exercise}.check(" in c.source]
    assert len(answer_cells) == 1, f"{notebook} should have one cell that calls {exercise}.check, found {answer_cells}"
    above = [c.source for c in nb.cells[:answer_cells[0]] if c.cell_type == "code"]
    # the answer cell as the learner finds it (it may set things up, e.g. k = labels.index("NFKB1")), without
    # its check line; then the learner's code and the check
    kept = "\n".join(line for line in nb.cells[answer_cells[0]].source.splitlines()
                     if f"{exercise}.check(" not in line)
    if os.environ.get("COURSE_PLAY_FULL") == "1":
        cells = [nbformat.v4.new_code_cell(source) for source in above]
    else:
        final = "\n".join([kept, *attempts.values(), f"{exercise}.check(answer)"])
        cells = [nbformat.v4.new_code_cell(s) for _, s in needed_statements(above, final)]
    for label, code in attempts.items():
        cells.append(nbformat.v4.new_code_cell(
            f"{kept}\n{code}\n_result = {exercise}.check(answer)\n"
            f"print('RESULT ' + __import__('json').dumps([{label!r}, _result.status, _result.message]))"))
    nb.cells = cells
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    results = {}
    for cell in cells[-len(attempts):]:
        text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        line = [x for x in text.splitlines() if x.startswith("RESULT ")]
        assert line, f"the attempt printed no result: {text[-500:]}"
        label, status, message = json.loads(line[-1][len("RESULT "):])
        results[label] = (status, message)
    return results


def hint_passes_wrong_fails(notebook, exercise, hint, wrong, tmp_path, monkeypatch):
    """Assert that the answer built the way the hint says passes and the typical wrong attempt does not."""
    results = play(notebook, exercise, {"hint": hint, "wrong": wrong}, tmp_path, monkeypatch)
    assert results["hint"][0] == "correct", f"the hint's answer should pass: {results['hint'][1]}"
    assert results["wrong"][0] == "incorrect", f"the typical wrong attempt should fail: {results['wrong'][1]}"
    return results
