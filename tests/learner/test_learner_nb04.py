"""Notebook 04, exercise 3, played as a learner: one convolution wide enough to hold both sites.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
train.set_seed(0)
my_cnn = PlainCNN(width=35)
train.fit(my_cnn, (X_train, y_train), (X_valid, y_valid), **budget, progress=False)
answer = my_cnn
"""

WRONG = """\
train.set_seed(0)
my_cnn = PlainCNN()
train.fit(my_cnn, (X_train, y_train), (X_valid, y_valid), **budget, progress=False)
answer = my_cnn
"""


def test_q3_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("04_rnn_and_hybrids.ipynb", "q3", HINT, WRONG, tmp_path, monkeypatch)
