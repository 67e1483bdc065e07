"""Notebook 10, exercise 3, played as a learner: a two-view model (late fusion).

The answer is built the way the hint says, from the notebook's own code and state; the typical wrong
attempt is the first thing a learner tries.
"""
from play import hint_passes_wrong_fails

HINT = """\
class Fusion(nn.Module):
    def __init__(self, hidden=32, n_filters=16):
        super().__init__()
        self.composition = nn.Sequential(nn.Linear(21, hidden), nn.ReLU())
        self.conv = nn.Conv1d(20, n_filters, 9)
        self.head = nn.Linear(hidden + n_filters, 5)

    def forward(self, x):
        comp, nterm = transfer.unpack_views(x, shapes)
        h = torch.cat([self.composition(comp), torch.relu(self.conv(nterm)).amax(2)], dim=1)
        return self.head(h)

train.set_seed(0)
my_model = Fusion()
train.fit(my_model, views["train"], views["valid"], loss_fn=nn.CrossEntropyLoss(), **budget_b)
answer = my_model
"""

WRONG = """\
train.set_seed(0)
my_model = CompositionMLP()          # one view only
train.fit(my_model, views["train"], views["valid"], loss_fn=nn.CrossEntropyLoss(), **budget_b)
answer = my_model
"""


def test_q3_as_a_learner(tmp_path, monkeypatch):
    hint_passes_wrong_fails("10_transfer_and_multiview.ipynb", "q3", HINT, WRONG, tmp_path, monkeypatch)
