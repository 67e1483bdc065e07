"""Notebook 04's exercise 3 trains its model answer with the notebook's own PlainCNN and budget.

The notebook writes the class out for the learner; the checker keeps a copy (a module cannot import a notebook).
This test keeps the two identical, so "the notebook's PlainCNN" in the checker is the notebook's.
"""
import ast
import inspect
import json
import pathlib

from course_utils.questions import nb04

NOTEBOOK = pathlib.Path(__file__).resolve().parents[1] / "notebooks" / "04_rnn_and_hybrids.ipynb"


def _code_cells():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def _top_level(name, kind):
    """Source of the notebook's top-level ``class name`` (kind ClassDef) or ``name = ...`` (kind Assign)."""
    found = []
    for source in _code_cells():
        try:
            tree = ast.parse(source)
        except SyntaxError:            # cells with IPython syntax hold neither
            continue
        for node in tree.body:
            if kind == "ClassDef" and isinstance(node, ast.ClassDef) and node.name == name:
                found.append("\n".join(source.splitlines()[node.lineno - 1:node.end_lineno]))   # with comments
            if kind == "Assign" and isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets):
                found.append(ast.get_source_segment(source, node.value))
    assert len(found) == 1, f"the notebook should define {name} exactly once, found {len(found)}"
    return found[0]


def test_checker_plaincnn_is_the_notebooks():
    assert _top_level("PlainCNN", "ClassDef") == inspect.getsource(nb04.PlainCNN).rstrip()


def test_checker_budget_is_the_notebooks():
    assert eval(_top_level("budget", "Assign"), {"dict": dict}) == nb04.BUDGET


def test_checker_scores_on_sequences_the_notebook_never_uses():
    X_fresh, _ = nb04._fresh_test_set()
    (X_train, _), (X_valid, _) = nb04._notebook_split()
    seen = {x.tobytes() for x in X_train} | {x.tobytes() for x in X_valid}
    assert not any(x.tobytes() in seen for x in X_fresh)
