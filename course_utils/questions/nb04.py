"""Exercises of notebook 04: recurrent networks and CNN-RNN hybrids."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, encoding, metrics, motifs, simulate, train, validate
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise
from ._models import forbidden_layer, model_scores

q1 = ValueExercise(
    "04.q1", expected=9728, types=(int,),
    hint="An LSTM has 4 gates (input, forget, cell, output). Each gate has a weight matrix for the input "
         "(hidden x input), one for the previous hidden state (hidden x hidden) and, in PyTorch, TWO bias "
         "vectors (b_ih and b_hh). A bidirectional layer has two independent LSTMs.",
    solution="Per direction: 4 gates x (32 x 4 input weights + 32 x 32 recurrent weights + 32 + 32 biases) "
             "= 4 x (128 + 1024 + 64) = 4,864. Two directions: 9,728. "
             "Check with train.count_parameters(nn.LSTM(4, 32, bidirectional=True)).",
    explain={4864: "that is one direction; bidirectional=True adds a second LSTM that reads the sequence backwards.",
             9472: "close: PyTorch keeps two bias vectors per gate (b_ih and b_hh), you counted one.",
             9216: "you left out the biases: each gate has two bias vectors of length 32 in PyTorch.",
             2432: "an LSTM has FOUR gates, each with its own weights; you counted one per direction."},
    typical_wrong=[4864, 9472, 9216, 2432, 9728.5],
)

q2 = ValueExercise(
    "04.q2", expected=13, types=(int,),
    hint="A convolution without padding gives L - w + 1 positions; nn.MaxPool1d(k) then keeps one value per "
         "block of k positions and drops an incomplete last block (it rounds down).",
    solution="64 - 11 + 1 = 54 positions after the convolution; 54 // 4 = 13 after pooling. "
             "So the BiLSTM of the hybrid (and the second convolution of the local-pooling CNN) reads 13 steps "
             "instead of 64 bases: the pooling is what makes DanQ-style models fast. "
             "Check with model.pool(model.conv(X[:1])).shape.",
    explain={14: "nn.MaxPool1d rounds DOWN: 54 / 4 = 13.5, and the incomplete last block is dropped.",
             16: "you pooled the input (64 / 4); the convolution first shortens it to 64 - 11 + 1 = 54.",
             54: "that is the length after the convolution; the max pooling divides it by 4.",
             13.5: "a sequence has a whole number of steps: nn.MaxPool1d rounds down."},
    typical_wrong=[14, 16, 54, 13.5],
)


# --- q3: an experiment. One convolution layer, no recurrence: make the CNN see motif order. ---------------

@functools.lru_cache(maxsize=1)
def _panel():
    """The notebook's two motifs, Spi1 and Irf1, as (name, probability matrix) pairs."""
    jaspar = data.load("jaspar2024_core_vertebrates")
    return [(m.name, motifs.probabilities(m.counts)) for m in (jaspar["MA0080.7"], jaspar["MA0050.4"])]


def _order_task(n, seed):
    """One-hot sequences (n, 4, 64) and labels of the notebook's order task (Spi1 before Irf1 = 1)."""
    seqs, y, _ = simulate.motif_grammar(*_panel(), n=n, length=64, spacing=(10, 20), seed=seed)
    return encoding.one_hot_dna(seqs), y


@functools.lru_cache(maxsize=1)
def _fresh_test_set():
    """400 new order-task sequences (a simulation seed the notebook does not use): never the notebook's test split."""
    return _order_task(400, seed=404)


def _evaluate_one_convolution(model):
    validate.model(model, example="q3.check(model)")
    other = forbidden_layer(model)
    if other:
        return False, (f"your model contains an {other} layer; this exercise asks for a CNN without recurrent "
                       "or attention layers")
    convs = [m for m in model.modules() if isinstance(m, nn.Conv1d)]
    if len(convs) != 1:
        return False, (f"your model has {len(convs)} convolution layers; use exactly one (as the plain CNN) and "
                       "change its width or what follows it")
    X, y = _fresh_test_set()
    scores = model_scores(model, X, len(y), "one-hot DNA of shape (N, 4, 64)",
                          "shape (N,) (end forward with .squeeze(1))")
    if not np.isfinite(scores).all():
        return False, "your model returns NaN or infinite scores"
    auroc = metrics.auroc(y, scores)
    return auroc >= 0.9, (f"AUROC {auroc:.2f} on 400 new order-task sequences (goal: at least 0.90) with one "
                          f"convolution of width {convs[0].kernel_size[0]} and "
                          f"{train.count_parameters(model):,} parameters")


# The notebook's PlainCNN and training budget, character for character (tests/test_nb04_exercise_model.py compares
# this class's source and BUDGET with the notebook's cells), so the model answer is trained as the notebook trains.
class PlainCNN(nn.Module):
    def __init__(self, n_filters=64, width=11, hidden=32):
        super().__init__()
        self.conv = nn.Conv1d(4, n_filters, kernel_size=width)
        self.head = nn.Sequential(nn.Linear(n_filters, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):                                  # x: (N, 4, L)
        h = torch.relu(self.conv(x)).amax(dim=2)           # (N, n_filters): best match anywhere
        return self.head(h).squeeze(1)                     # (N,) logits


BUDGET = dict(epochs=60, lr=5e-3, batch_size=128, patience=6)


@functools.lru_cache(maxsize=1)
def _notebook_split():
    """The notebook's training and validation sequences (the first 2,400 and the next 800 of its order task)."""
    X, y = _order_task(4000, seed=1)
    return (X[:2400], y[:2400]), (X[2400:3200], y[2400:3200])


def _trained(width):
    """A PlainCNN of the given filter width trained as in the notebook: its split, its budget, seed 0."""
    train_set, valid_set = _notebook_split()
    train.set_seed(0)
    model = PlainCNN(width=width)
    train.fit(model, train_set, valid_set, seed=0, progress=False, **BUDGET)
    return model


class _TwoConvCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv, self.conv2 = nn.Conv1d(4, 8, 11), nn.Conv1d(8, 8, 7)

    def forward(self, x):
        return self.conv2(torch.relu(self.conv(x))).amax(dim=(1, 2))


q3 = ExperimentExercise(
    "04.q3",
    evaluate=_evaluate_one_convolution,
    hint="A filter can compare the order of the two motifs only if it covers at least one base of EACH site. "
         "The sites are 10 to 20 bases apart: one base + the gap + one base. A filter that holds both whole "
         "sites even at the largest gap needs 13 + 20 + 11 = 44 positions. Try PlainCNN(width=...) "
         "with a width between those two numbers, train it with the same budget, and pass the trained model. "
         "(Keeping the width and replacing the global max pooling by nn.MaxPool1d plus nn.Flatten() works too.)",
    solution="train.set_seed(0); model = PlainCNN(width=35); "
             "train.fit(model, (X_train, y_train), (X_valid, y_valid), **budget); q3.check(model). "
             "The smallest window that touches both sites at the smallest gap is 1 + 10 + 1 = 12 bases, but a "
             "filter that wide sees only one base of each site and only at that gap; a filter of 30-45 bases "
             "holds most of both sites at most gaps, so the 'Spi1 left, Irf1 right' pattern becomes one motif "
             "that global max pooling can keep. It costs parameters (4 x width per filter) and still has to "
             "learn every gap separately: local pooling plus a second layer (the notebook's ablation) or a "
             "recurrent layer generalise over the gap more cheaply.",
    solution_value=lambda: _trained(width=35),
    typical_wrong=[lambda: _trained(width=11), lambda: _TwoConvCNN(), lambda: nn.LSTM(4, 8), np.zeros(400)],
)

q4 = ThoughtExercise(
    "04.q4",
    hint="Think about what a nanopore read looks like (a long current signal where each base depends on "
         "its neighbours on both sides) and what a bidirectional RNN sees at each time step.",
    solution="DeepNano (Boza et al. 2017) reads the raw nanopore current events with a bidirectional RNN: "
             "the current at each moment depends on several bases in the pore, so the base called at step t "
             "needs context from both earlier and later events, which a BiRNN provides; reads have variable "
             "length, which an RNN handles naturally. A plain CNN with global max pooling would throw away "
             "where in the read each event occurred, exactly the order information base calling needs.",
)
