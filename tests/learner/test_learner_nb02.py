"""Notebook 02, exercise 4, played as a learner: a small CNN within 500 parameters: few wide filters, not many narrow ones.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
train.set_seed(0)
my_model = DeepBindCNN(n_filters=8, width=15)
train.fit(my_model, (X_train[subset], y_train[subset]), (X_valid, y_valid), seed=0, progress=False, **recipe)
answer = my_model
"""

WRONG = """\
train.set_seed(0)
my_model = DeepBindCNN(n_filters=16, width=7)
train.fit(my_model, (X_train[subset], y_train[subset]), (X_valid, y_valid), seed=0, progress=False, **recipe)
answer = my_model
"""


def test_q4_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("02_cnn_tf_binding.ipynb", "q4", HINT, WRONG, tmp_path, monkeypatch)
