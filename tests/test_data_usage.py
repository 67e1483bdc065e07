"""Every registered data set is used by a notebook: the registry holds nothing a learner never meets."""
import json
import re
from pathlib import Path

from course_utils.data import registry

ROOT = Path(__file__).resolve().parent.parent
LOAD = re.compile(r"""data\.load\(\s*["']([\w.-]+)["']""")
QUOTED = re.compile(r"""["']([\w.-]+)["']""")


def loaded_by_notebooks():
    """{data set name: sorted notebook stems that call data.load("name")}.

    A notebook loads a set itself (a code cell) or through its exercise module
    course_utils/questions/nbNN.py (e.g. notebook 16's ``bladder()``)."""
    used = {}
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        code = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        questions = ROOT / "course_utils" / "questions" / f"nb{path.name[:2]}.py"
        if questions.exists():
            code.append(questions.read_text())
        names = set(LOAD.findall("\n".join(code)))
        for cell in code:          # data.load(name) in a loop over quoted names (notebook 17's project list)
            if "data.load(" in cell:
                names |= set(QUOTED.findall(cell)) & set(registry())
        for name in names:
            used.setdefault(name, set()).add(path.stem)
    return {name: sorted(stems) for name, stems in used.items()}


def test_every_registered_data_set_is_loaded_by_a_notebook():
    used = loaded_by_notebooks()
    unused = sorted(set(registry()) - set(used))
    assert not unused, f"no notebook loads {unused}: use them (e.g. notebook 17's project list) or drop them"


def test_notebooks_load_only_registered_data_sets():
    unknown = {name: stems for name, stems in loaded_by_notebooks().items() if name not in registry()}
    assert not unknown, f"notebooks load data sets the registry does not have: {unknown}"
