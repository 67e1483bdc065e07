"""Read a notebook's own code from its .ipynb, for tests that compare a checker with its notebook."""
import ast
import json
import pathlib

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"


def code_cells(notebook):
    """Sources of the code cells of ``notebooks/<notebook>`` (a file name such as "04_rnn_and_hybrids.ipynb")."""
    cells = json.loads((NOTEBOOKS / notebook).read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def top_level(notebook, name, kind):
    """Source of the notebook's one top-level ``class name`` (kind "ClassDef") or ``name = ...`` (kind "Assign",
    the right-hand side only). Fails unless the notebook defines it exactly once."""
    found = []
    for source in code_cells(notebook):
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
    assert len(found) == 1, f"{notebook} should define {name} exactly once, found {len(found)}"
    return found[0]


def same_code(source_a, source_b):
    """True when two class definitions compute the same thing: equal ASTs once docstrings are dropped and
    leading underscores of names are ignored (the checker's private ``_SmallCNN`` is the notebook's ``SmallCNN``)."""
    return _normalised(source_a) == _normalised(source_b)


def _normalised(source):
    import textwrap

    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
        if isinstance(node, ast.ClassDef):
            node.name = node.name.lstrip("_")
        if isinstance(node, ast.Name):
            node.id = node.id.lstrip("_")
    return ast.dump(tree, include_attributes=False)
