"""Notebook 11, exercise 2, played as a learner: pairwise features for a linear model.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def encode(seqs):
    x = encoding.one_hot_dna(seqs)
    n, _, length = x.shape
    pairs = [(x[:, :, i, None] * x[:, None, :, j]).reshape(n, 16)
             for i in range(length) for j in range(i + 1, length)]
    return np.concatenate([x.reshape(n, -1)] + pairs, axis=1)

answer = encode
"""

WRONG = """\
def encode(seqs):                    # one-hot only: no interactions
    return encoding.one_hot_dna(seqs).reshape(len(seqs), -1)

answer = encode
"""


def test_q2_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("11_regulatory_genomics.ipynb", "q2", HINT, WRONG, tmp_path, monkeypatch)
