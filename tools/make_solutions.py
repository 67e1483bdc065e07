#!/usr/bin/env python
"""Make instructor (solution) copies of the notebooks from the single source.

The notebooks in notebooks/ are the learner versions (answers are ``____``).
This writes build/solutions/NN_name.ipynb where every exercise cell holds its
reference answer, taken from course_utils/questions/nbNN.py, so one source
serves both audiences. Run: python tools/make_solutions.py  (or make solutions)
"""
import importlib
import inspect
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course_utils.exercises import ExperimentExercise, FunctionExercise, ThoughtExercise  # noqa: E402

CHECK = re.compile(r"^(q\d+)\.check\((\w+)\)\s*$", re.M)


def _imports_for(func):
    """Import lines for the module-level names a reference solution uses (e.g. np, _GAPS)."""
    lines = []
    names, stack = set(), [func.__code__]
    while stack:                       # also the code of comprehensions and nested functions
        code = stack.pop()
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if inspect.iscode(c))
    used = {n: func.__globals__[n] for n in names if n in func.__globals__}
    for name, value in sorted(used.items()):
        if inspect.ismodule(value):
            alias = "" if value.__name__ == name else f" as {name}"
            lines.append(f"import {value.__name__}{alias}")
        else:
            lines.append(f"from {func.__module__} import {name}")
    return "".join(line + "\n" for line in lines) + ("\n" if lines else "")


def solve_cell(source, exercise, variable):
    """Return the cell source with the learner's blank replaced by the reference answer."""
    check_line = f"{exercise.name.split('.')[-1]}.check({variable})"
    if isinstance(exercise, FunctionExercise):
        code = textwrap.dedent(inspect.getsource(exercise.solution_value)).strip()
        code = re.sub(r"^def \w+\(", f"def {variable}(", code, count=1)
        return f"{_imports_for(exercise.solution_value)}{code}\n\n{check_line}"
    if isinstance(exercise, ExperimentExercise):
        # The learner's cell is a scaffold (a function to fill in, a data step to change) that
        # uses the notebook's variables; the solution copy replaces all of it by the reference.
        name = check_line.split(".")[0]
        return (f"# The reference experiment; {name}.solution() shows the code that produced it.\n"
                f"{variable} = {name}.reference()\n\n{check_line}")
    if isinstance(exercise, ThoughtExercise):
        value = repr(exercise._solution)
    else:
        value = repr(exercise.solution_value)
    return re.sub(rf"^{variable} = ____.*$", f"{variable} = {value}", source, flags=re.M)


def solve_notebook(path, out_dir):
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    try:
        questions = importlib.import_module(f"course_utils.questions.nb{number}")
    except ModuleNotFoundError:
        return 0
    solved = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        m = CHECK.search(cell.source)
        if m and "____" in cell.source:
            cell.source = solve_cell(cell.source, getattr(questions, m.group(1)), m.group(2))
            cell.outputs, cell.execution_count = [], None
            solved += 1
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / path.name)
    return solved


def main(argv=None):
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "solutions",
                        help="folder for the solution copies (default: build/solutions)")
    out_dir = parser.parse_args(argv).out.resolve()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        print(f"{path.name}: {solve_notebook(path, out_dir)} exercise cells solved")
    print(f"solution copies written to {out_dir}/ (not committed; regenerate any time)")


if __name__ == "__main__":
    main()
