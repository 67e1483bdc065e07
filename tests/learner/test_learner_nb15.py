"""Notebook 15, exercise 2, played as a learner: a loss that models the label noise.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
answer = ForwardCorrectedBCE(0.4)
"""

WRONG = """\
answer = nn.BCEWithLogitsLoss()      # no remedy
"""


def test_q2_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("15_challenge_nature_of_data.ipynb", "q2", HINT, WRONG, tmp_path, monkeypatch)
