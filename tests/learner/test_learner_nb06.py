"""Notebook 06, exercise 3, played as a learner: an autoencoder with an L2 penalty.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
model_8, history_8 = train_autoencoder(Autoencoder, 8, X_train, X_valid, weight_decay=1e-3)
answer = model_8
"""

WRONG = """\
model_8, history_8 = train_autoencoder(Autoencoder, 8, X_train, X_valid)
answer = model_8
"""


def test_q3_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("06_autoencoders_expression.ipynb", "q3", HINT, WRONG, tmp_path, monkeypatch)
