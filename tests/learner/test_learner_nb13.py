"""Notebook 13, exercise 4, played as a learner: features that see the middle of the protein too.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def features(seqs):
    return np.hstack([ends_composition(seqs), protein.composition(list(seqs), 1)])

answer = features
"""

WRONG = """\
answer = ends_composition            # the notebook's features, unchanged
"""


def test_q4_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("13_subcellular_localization.ipynb", "q4", HINT, WRONG, tmp_path, monkeypatch)
