"""Notebook 14, exercise 3, played as a learner: mutual information with the average product correction.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def score(X):
    w = alignment.sequence_weights(X)
    return coevolution.apc(coevolution.mutual_information(X, w))

answer = score
"""

WRONG = """\
def score(X):                        # raw MI: ranks variable columns first
    return coevolution.mutual_information(X, alignment.sequence_weights(X))

answer = score
"""


def test_q3_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("14_contacts_and_structure.ipynb", "q3", HINT, WRONG, tmp_path, monkeypatch)
