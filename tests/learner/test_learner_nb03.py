"""Notebook 03, exercise 4, played as a learner: 500 training rows that keep every NFKB1 positive.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
positives = np.flatnonzero(y_train[:, k] == 1)
negatives = seeding.rng(0).choice(np.flatnonzero(y_train[:, k] == 0), 500 - len(positives), replace=False)
answer = np.concatenate([positives, negatives])
"""

WRONG = """\
answer = seeding.rng(0).choice(len(X_train), 500, replace=False)   # the cell's first try
"""


def test_q4_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("03_multitask_and_imbalance.ipynb", "q4", HINT, WRONG, tmp_path, monkeypatch)
