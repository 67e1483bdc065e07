"""Exercises of notebook 02: a CNN for transcription factor binding."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, encoding, metrics, sampling, train
from ..exercises import ExperimentExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "02.q1", expected=976, types=(int,),
    hint="Each filter has one weight per input channel per position (4 x width) plus one bias.",
    solution="16 filters x (4 channels x 15 positions) weights + 16 biases = 960 + 16 = 976. "
             "Check with train.count_parameters(nn.Conv1d(4, 16, 15)).",
    explain={960: "you counted the weights; each filter also has a bias.",
             240: "that is 16 x 15: each position of a filter has one weight per CHANNEL (A, C, G, T).",
             64: "4 x 16 ignores the filter width."},
    typical_wrong=[960, 240, 64, 976.5],
)

q2 = ValueExercise(
    "02.q2", expected=186, types=(int,),
    hint="Without padding, a filter of width w fits at L - w + 1 offsets.",
    solution="200 - 15 + 1 = 186 positions, so each filter gives 186 activations per strand "
             "before the global max pooling keeps only the largest.",
    explain={185: "off by one: a width-15 filter fits at offsets 0 to 185, that is 186 offsets.",
             200: "that would need padding; nn.Conv1d pads nothing by default.",
             214: "a convolution without padding makes the output SHORTER than the input."},
    typical_wrong=[185, 200, 214],
)

q3 = ThoughtExercise(
    "02.q3",
    hint="Look at the ablation (which filters can be silenced without loss?), at the GC content of the two "
         "classes, and at what the network needs to separate THESE training peaks.",
    solution="The MafK peaks carry a strong, frequent motif, so 'MARE present' separates most peaks on its own: "
             "'no MARE' already means Oct4 (the ablation shows the decision rests on the MARE filters). What is left "
             "to separate is helped by GC content, because in this data Oct4 peaks are more GC-rich than MafK "
             "peaks, so the Oct4-voting filters became GC detectors. Nothing in the training loss asks for an "
             "octamer detector once the peaks are already separated: the network learns whatever separates the "
             "labels, not the biology we expect. Its score survives the GC-matched test because 'MARE or not' "
             "does not depend on GC, but its Oct4 evidence is a shortcut, and it would fail on Oct4 peaks that "
             "happen to contain a MARE. Notebook 16 returns to such confounders.",
)


# ---- q4: the learner changes the CNN, the check measures it on GC-matched test peaks ---------------------------
MAX_PARAMETERS = 500      # the learner's model may have at most this many trainable parameters
GOAL_AUROC = 0.93         # AUROC on the GC-matched test peaks (GC content alone scores 0.50 there)


@functools.lru_cache(maxsize=1)
def _peaks():
    """One-hot arrays of notebook 02: training, validation and GC-matched test peaks, ``(X, y)`` each."""
    peaks = data.load("oct4_mafk")
    parts = {s: peaks[peaks.split == s] for s in ("train", "valid", "test")}
    test = parts["test"]
    test = test.iloc[sampling.gc_matched(test.sequence.tolist(), test.label.to_numpy(), seed=0)]
    return [(encoding.one_hot_dna(d.sequence.tolist()), d.label.to_numpy(np.float32)[:, None])
            for d in (parts["train"], parts["valid"], test)]


class _DeepBindCNN(nn.Module):
    """The notebook's DeepBindCNN: filters on both strands, global max pool, dropout, one logit."""

    def __init__(self, n_filters=16, width=15, dropout=0.2):
        super().__init__()
        self.conv = nn.Conv1d(4, n_filters, kernel_size=width)
        self.dropout = nn.Dropout(dropout)
        self.dense = nn.Linear(n_filters, 1)

    def forward(self, x):
        h = torch.relu(torch.maximum(self.conv(x).amax(dim=2), self.conv(x.flip(1, 2)).amax(dim=2)))
        return self.dense(self.dropout(h))


def _evaluate_model(model):
    if not isinstance(model, nn.Module):
        raise TypeError(f"pass your trained model (a torch nn.Module), not a {type(model).__name__}")
    n_params = train.count_parameters(model)
    if n_params > MAX_PARAMETERS:
        return False, f"your model has {n_params} trainable parameters; the budget is at most {MAX_PARAMETERS}"
    _, _, (X_test, y_test) = _peaks()
    scores = train.predict(model, X_test)
    if scores.shape[0] != len(y_test) or scores.size != len(y_test):
        raise ValueError(f"the model should return one logit per sequence, shape (N, 1); got {scores.shape}")
    auroc = metrics.auroc(y_test[:, 0], scores.ravel())
    report = (f"AUROC {auroc:.2f} on the {len(y_test)} GC-matched test peaks with {n_params} parameters "
              f"(goal: at least {GOAL_AUROC} with at most {MAX_PARAMETERS})")
    return auroc >= GOAL_AUROC, report


def _train_reference():
    (X_train, y_train), valid, _ = _peaks()
    subset = np.random.default_rng(0).permutation(len(X_train))[:2000]
    train.set_seed(0)
    model = _DeepBindCNN(n_filters=8, width=15)
    train.fit(model, (X_train[subset], y_train[subset]), valid, epochs=100, lr=1e-2, batch_size=128, patience=5,
              seed=0, progress=False)          # the notebook's recipe
    return model


def _untrained(n_filters, width):
    train.set_seed(0)
    return _DeepBindCNN(n_filters, width)


q4 = ExperimentExercise(
    "02.q4", evaluate=_evaluate_model,
    hint="The sweep above says which of width and number of filters matters on this task. A width-w filter on "
         "4 channels has 4*w + 1 parameters, the dense layer n_filters + 1: with 500 parameters you can afford "
         "8 filters of width 15 (497), but not 32.",
    solution="Keep the filters few but wide enough to hold a whole motif (the octamer and the MARE are 8-15 bp):\n"
             "    train.set_seed(0)\n"
             "    my_model = DeepBindCNN(n_filters=8, width=15)          # 497 parameters\n"
             "    train.fit(my_model, (X_train[subset], y_train[subset]), (X_valid, y_valid), progress=False, **recipe)\n"
             "    answer = my_model\n"
             "Width-7 filters see only half a motif and lean on composition (k-mer-like) evidence, which the "
             "GC-matched test set takes away; width-15 filters find the octamer and the MARE themselves.",
    solution_value=_train_reference,
    typical_wrong=[lambda: _untrained(8, 15), lambda: _untrained(32, 15), np.zeros((490, 1))],
)
