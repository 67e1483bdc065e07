"""Notebook 12, exercise 3, played as a learner: a CNN that sees its neighbours, built by a function.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
answer = lambda: CNN(width=11, layers=1)
"""

WRONG = """\
answer = lambda: CNN(width=1, layers=1)      # the starting point, unchanged
"""


def test_q3_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("12_protein_secondary_structure.ipynb", "q3", HINT, WRONG, tmp_path, monkeypatch)
