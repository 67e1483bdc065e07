"""Exercises of notebook 10: transfer learning and multi-view learning."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, train, transfer, validate
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "10.q1", expected=25, types=(int,),
    hint="After transfer.freeze(model.conv) only the new head learns. How many weights and biases does "
         "nn.Linear(24, 1) have?",
    solution="24 weights + 1 bias = 25 trainable parameters. The 24 x 4 x 15 + 24 = 1,464 convolution "
             "parameters are frozen: train.count_parameters(model) counts only parameters with "
             "requires_grad=True, so it prints 25.",
    explain={1489: "that is every parameter of the model; the frozen convolution does not learn any more.",
             1464: "those are the convolution's parameters, exactly the ones that are frozen.",
             24: "the head also has a bias.",
             1440: "those are the convolution's weights, which are frozen."},
    typical_wrong=[1489, 1464, 24, 1440],
)


@functools.lru_cache(maxsize=1)
def _views():
    return transfer.localization_views(data.load("swissprot_localization"))


_GOAL_ACCURACY = 0.72
_GOAL_DROP = 0.03


def _evaluate_fusion(model):
    validate.model(model, example="answer = my_model")
    (X, y), shapes = _views()[0]["valid"], _views()[1]        # validation proteins: never the test split
    def acc(Xs):
        out = train.predict(model, Xs)
        if out.ndim != 2 or out.shape != (len(y), 5):
            raise ValueError(f"the model must return (N, 5) logits for the packed input (N, {X.shape[1]}), "
                             f"got shape {out.shape}")
        return float((out.argmax(1) == y).mean())
    base = acc(X)
    rng = np.random.default_rng(0)
    drops = []
    start = 0
    for s in shapes:                   # shuffle one view across proteins, keep the other
        k = int(np.prod(s))
        Xs = X.copy()
        Xs[:, start:start + k] = X[rng.permutation(len(X)), start:start + k]
        drops.append(base - acc(Xs))
        start += k
    ok = base >= _GOAL_ACCURACY and min(drops) >= _GOAL_DROP
    report = (f"validation accuracy {base:.2f} (goal: at least {_GOAL_ACCURACY}); shuffling the composition view "
              f"costs {drops[0]:.2f}, shuffling the N-terminal view costs {drops[1]:.2f} "
              f"(goal: both at least {_GOAL_DROP}, i.e. the model uses both views)")
    return ok, report


class _Composition(nn.Module):
    def __init__(self, shapes, hidden=32):
        super().__init__()
        self.shapes = shapes
        self.body = nn.Sequential(nn.Linear(21, hidden), nn.ReLU())
        self.head = nn.Linear(hidden, 5)

    def forward(self, x):
        comp, _ = transfer.unpack_views(x, self.shapes)
        return self.head(self.body(comp))


class _Fusion(nn.Module):
    def __init__(self, shapes, hidden=32, n_filters=16):
        super().__init__()
        self.shapes = shapes
        self.composition = nn.Sequential(nn.Linear(21, hidden), nn.ReLU())
        self.conv = nn.Conv1d(20, n_filters, 9)
        self.head = nn.Linear(hidden + n_filters, 5)

    def forward(self, x):
        comp, nterm = transfer.unpack_views(x, self.shapes)
        h = torch.cat([self.composition(comp), torch.relu(self.conv(nterm)).amax(2)], dim=1)
        return self.head(h)


def _trained(make):
    views, shapes, _ = _views()
    train.set_seed(0)
    model = make(shapes)
    train.fit(model, views["train"], views["valid"], loss_fn=nn.CrossEntropyLoss(), epochs=15, lr=1e-2,
              batch_size=128, patience=3, progress=False)          # the notebook's budget_b
    return model


q3 = ExperimentExercise(
    "10.q3", evaluate=_evaluate_fusion,
    hint="Give the model two towers: an MLP on the composition view (the first 21 columns) and a "
         "convolution with global max pooling on the N-terminal view (the (20, 50) one-hot). Split the "
         "packed input with transfer.unpack_views(x, shapes), concatenate the two towers' outputs "
         "(torch.cat(..., dim=1)) and put ONE linear head with 5 outputs on top. Train it with "
         "train.fit(..., loss_fn=nn.CrossEntropyLoss()) like the single-view models, then pass the model.",
    solution="class Fusion(nn.Module):\n"
             "    def __init__(self, hidden=32, n_filters=16):\n"
             "        super().__init__()\n"
             "        self.composition = nn.Sequential(nn.Linear(21, hidden), nn.ReLU())\n"
             "        self.conv = nn.Conv1d(20, n_filters, 9)\n"
             "        self.head = nn.Linear(hidden + n_filters, 5)\n"
             "    def forward(self, x):\n"
             "        comp, nterm = transfer.unpack_views(x, shapes)\n"
             "        h = torch.cat([self.composition(comp), torch.relu(self.conv(nterm)).amax(2)], dim=1)\n"
             "        return self.head(h)\n"
             "train.set_seed(0); model = Fusion()\n"
             "train.fit(model, views['train'], views['valid'], loss_fn=nn.CrossEntropyLoss(), **budget_b)\n"
             "answer = model\n"
             "Late fusion: each view gets the layer that suits it, and the head learns how to weigh them.",
    solution_value=lambda: _trained(_Fusion),
    typical_wrong=[lambda: _trained(_Composition),             # one view only: the N-terminus is ignored
                   lambda: (train.set_seed(0), _Fusion(_views()[1]))[1],   # built but never trained
                   "a fusion model"],
)

q2 = ThoughtExercise(
    "10.q2",
    hint="What do the frozen filters know about, and what else separates Oct4 from MafK peaks in this data "
         "(notebook 02)? How many labelled examples does the from-scratch model need to find that by itself?",
    solution="The frozen filters were shaped on simulated sequences: they detect the motifs of the pretraining "
             "panel (including MAFK and Oct4-Sox2) and nothing else. With 20-50 labelled peaks that prior "
             "knowledge is worth something, because the from-scratch CNN cannot learn 24 filters from so few "
             "examples; with 3 seeds the lead is on average, not beyond chance. With a few hundred peaks the "
             "from-scratch CNN learns what the real task rewards, including what the simulation never contained "
             "(the GC-content difference between the classes, cofactor motifs, repeats), while the frozen features "
             "cannot change: the gap closes and then reverses, beyond chance. Fine-tuning can adapt, and by 200 "
             "peaks it meets the from-scratch CNN; with 20 peaks it is unstable (a run can stop on its first-epoch "
             "weights, a random head on pretrained filters). To keep the benefit at 200 peaks: fine-tune instead of "
             "freezing (a smaller learning rate or a linear-probe warm-up of the head first), or add new trainable "
             "filters next to the frozen ones. Transfer helps most when labels are scarce and the source task is "
             "close to the target task (Yosinski et al. 2014).",
)
