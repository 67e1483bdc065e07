"""Notebook 16, exercise 1, played as a learner: leave one batch out.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def my_split(batch):
    return [(np.flatnonzero(batch != b), np.flatnonzero(batch == b)) for b in np.unique(batch)]

answer = my_split
"""

WRONG = """\
def my_split(batch):                 # five folds that ignore the batch
    fold = np.arange(len(batch)) % 5
    return [(np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(5)]

answer = my_split
"""


def test_q1_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("16_challenge_heterogeneity_confounding.ipynb", "q1", HINT, WRONG, tmp_path, monkeypatch)
