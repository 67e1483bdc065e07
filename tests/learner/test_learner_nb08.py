"""Notebook 08, exercise 4, played as a learner: a CNN that keeps coarse position (a few pooling bins).

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
train.set_seed(0)
my_cnn = SmallCNN(16, bins=6)
train.fit(my_cnn, (X_train, y_train), (X_valid, y_valid), **budget, progress=False)
answer = my_cnn
"""

WRONG = """\
train.set_seed(0)
my_cnn = SmallCNN(16, bins=1)
train.fit(my_cnn, (X_train, y_train), (X_valid, y_valid), **budget, progress=False)
answer = my_cnn
"""


def test_q4_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("08_transformers_dna_lm.ipynb", "q4", HINT, WRONG, tmp_path, monkeypatch)
