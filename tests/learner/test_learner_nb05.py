"""Notebook 05, exercise 2, played as a learner: 50 landmark genes chosen by clustering.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
answer = expression.select_landmarks(Z_train, 50, method="cluster", seed=0)
"""

WRONG = """\
answer = expression.select_landmarks(Z_train, 50, method="variance", seed=0)
"""


def test_q2_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("05_gene_expression_prediction.ipynb", "q2", HINT, WRONG, tmp_path, monkeypatch)
