"""Notebook 09, exercise 2, played as a learner: integrated gradients written with torch.

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
def my_attribution(model, X):
    X = torch.as_tensor(X, dtype=torch.float32)
    steps, total = 50, torch.zeros_like(X)
    for k in range(steps):
        point = ((k + 0.5) / steps * X).requires_grad_(True)
        model(point)[:, 0].sum().backward()
        total += point.grad
    return (X * total / steps).numpy()

answer = my_attribution
"""

WRONG = """\
def my_attribution(model, X):          # gradient x input: saturates
    X = torch.as_tensor(X, dtype=torch.float32).requires_grad_(True)
    model(X)[:, 0].sum().backward()
    return (X * X.grad).detach().numpy()

answer = my_attribution
"""


def test_q2_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("09_interpretation.ipynb", "q2", HINT, WRONG, tmp_path, monkeypatch)
