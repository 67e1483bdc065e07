"""The slice the learner tests run: what an exercise needs of its notebook, and nothing of the lesson's comparisons."""
import pathlib

import nbformat

from slicing import analyse, needed_statements, statements

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[2] / "notebooks"


def kept(cells, final):
    return [s for _, s in needed_statements(cells, final)]


def test_statements_keeps_decorators_and_replaces_magics():
    cell = "%matplotlib inline\n@staticmethod\ndef f(x):\n    return x\n\ny = f(1)\n"
    assert statements(cell) == ["pass", "@staticmethod\ndef f(x):\n    return x", "y = f(1)"]


def test_analyse_sorts_binds_changes_and_reads():
    binds, changes, reads, imports, deferred = analyse("for seed in seeds:\n    results[seed] = fit(model, seed)\n    last = seed")
    assert binds == {"seed"}
    assert changes == {"results", "last"}
    assert reads >= {"seeds", "results", "fit", "model", "seed"}
    assert imports == set() and deferred == set()
    assert analyse("make = lambda: Net(width)")[4] == {"Net", "width"}
    assert analyse("from torch import nn as tnn")[3] == {"tnn"}
    assert analyse("model.load_state_dict(state)")[1] == {"model"}
    assert analyse("x.mul_(2)")[1] == {"x"}
    assert analyse("n = labels.index('SP1')")[1] == set()        # a method that only reads


def test_only_what_the_answer_reads_is_run():
    cells = ["import numpy as np\nX = np.ones(3)\nunused = np.zeros(2)",
             "for seed in range(3):\n    slow_comparison(seed)",           # the lesson's comparison
             "budget = 5\nprint(budget)"]
    assert kept(cells, "answer = X.sum() * budget") == ["import numpy as np", "X = np.ones(3)", "budget = 5"]


def test_a_later_binding_hides_the_earlier_one_but_changes_do_not():
    cells = ["x = 1", "x = 2", "rows = []", "rows.append(x)", "table = {}", "table['a'] = 1", "np_sorted = sorted(rows)"]
    assert kept(cells, "answer = x") == ["x = 2"]
    assert kept(cells, "answer = rows") == ["x = 2", "rows = []", "rows.append(x)"]
    assert kept(cells, "answer = table") == ["table = {}", "table['a'] = 1"]


def test_globals_read_inside_functions_and_classes_are_needed():
    cells = ["width = 7", "depth = 2", "def build():\n    return Net(width)", "class Net:\n    layers = depth"]
    assert kept(cells, "answer = build()") == ["width = 7", "depth = 2", "def build():\n    return Net(width)",
                                                "class Net:\n    layers = depth"]


def test_the_answer_cells_own_setup_counts():
    cells = ["k = 0", "labels = ['a', 'b']"]
    assert kept(cells, "k = labels.index('b')\nanswer = k") == ["labels = ['a', 'b']"]


def test_notebook_02s_exercise_skips_the_lessons_training():
    nb = nbformat.read(NOTEBOOKS / "02_cnn_tf_binding.ipynb", as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "q4.check(" in c.source)
    above = [c.source for c in nb.cells[:index] if c.cell_type == "code"]
    final = ("my_model = DeepBindCNN(n_filters=8, width=15)\n"
             "train.fit(my_model, (X_train[subset], y_train[subset]), (X_valid, y_valid), **recipe)\n"
             "answer = my_model\nq4.check(answer)")
    code = "\n".join(kept(above, final))
    assert "class DeepBindCNN" in code and "recipe = dict(" in code and "subset = " in code
    assert "from course_utils.questions.nb02 import" in code
    assert "sweep.fit" not in code and "train.fit(model" not in code      # the lesson's models are not retrained
