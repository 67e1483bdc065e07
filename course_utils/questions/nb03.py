"""Exercises of notebook 03: multitask learning and class imbalance."""
import functools

import numpy as np
import torch
from torch import nn

from .. import data, encoding, metrics, motifs, simulate, train
from ..exercises import ExperimentExercise, FunctionExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "03.q1", expected=0.015, tolerance=0.001,
    hint="A random score puts the positives evenly through the ranked list. What is the precision at every "
         "recall then?",
    solution="45 / 3000 = 0.015. A random ranking puts positives evenly through the list, so precision is "
             "the positive rate at every recall and the area under the PR curve is 0.015. "
             "metrics.positive_rate(y) computes it; label_table reports it as auprc_random.",
    explain={0.5: "0.5 is the random baseline of AUROC, not of AUPRC: the PR baseline depends on the positive rate.",
             45: "that is the number of positives; the baseline is a fraction of the sequences.",
             1.5: "give the baseline as a fraction (0 to 1), not a percentage.",
             0.985: "that is the fraction of NEGATIVES; precision counts positives among the calls."},
    typical_wrong=[0.5, 45, 1.5, 0.985],
)

q2 = ThoughtExercise(
    "03.q2",
    hint="Which motifs does each rare label need, and which other labels already teach the shared filters "
         "those motifs? How much of the multitask loss does a 1% label contribute?",
    solution="A co-binding label (HNF4A+SP1) needs detectors for two motifs that the common labels teach with "
             "thousands of positives, so the multitask model gets them for free and only has to learn the AND; "
             "a single-task model must find both motifs from about a hundred positives. NFKB1 has its own "
             "motif that no other label shares: in the multitask loss its few positives are a tiny fraction of "
             "all the terms, so before the validation loss stops improving the shared filters never become an "
             "NFKB1 detector, while a single-task model spends its whole loss on it. Multitask learning helps "
             "when tasks share features; it can starve a rare task that shares nothing.",
)


def _pos_weight(y):
    y = np.asarray(y, dtype=float)
    return (1 - y).sum(axis=0) / y.sum(axis=0)


_y_small = np.array([[1, 0, 1], [0, 0, 1], [0, 1, 1], [0, 0, 0]], dtype=np.float32)
_y_rare = np.zeros((100, 2), dtype=np.float32)
_y_rare[:2, 0] = 1
_y_rare[:25, 1] = 1

q3 = FunctionExercise(
    "03.q3",
    cases=[((_y_small,), np.array([3.0, 3.0, 1 / 3])), ((_y_rare,), np.array([49.0, 3.0]))],
    hint="For each column (label) divide the number of negatives by the number of positives; "
         "sum over axis=0 to count per label.",
    solution="def pos_weight(y):\n"
             "    y = np.asarray(y, dtype=float)\n"
             "    return (1 - y).sum(axis=0) / y.sum(axis=0)   # shape (K,): negatives / positives per label\n"
             "A label with 2% positives gets weight 49, so its positives weigh as much in the loss as its negatives.",
    solution_value=_pos_weight,
    typical_wrong=[lambda y: np.asarray(y).mean(axis=0),
                   lambda y: np.asarray(y).sum(axis=0) / (1 - np.asarray(y)).sum(axis=0),
                   lambda y: 1 / np.asarray(y).mean(axis=0),
                   lambda y: (1 - np.asarray(y)).sum() / np.asarray(y).sum()],
)

# ---- q4: a data step the learner changes (which training sequences), measured by a small model ----------------
# The simulated panel of notebook 03 (same JASPAR motifs, rates and seed), so the learner's row numbers index the
# notebook's training split; the check scores on sequences simulated with another seed, not the notebook's test split.
RATES = {"MA0139.2": 0.30, "MA0466.4": 0.25, "MA1494.2": 0.20, "MA0079.5": 0.10, "MA0137.4": 0.08,
         "MA0138.3": 0.03, "MA0106.3": 0.02, "MA0105.4": 0.01}
MAX_TRAIN = 500          # at most this many training sequences
GOAL_AUPRC = 0.5         # NFKB1 AUPRC (on the fresh sequences) the small model must reach
EPOCHS = 15              # the small model's fixed training budget


FRESH_N, FRESH_SEED = 3000, 303   # the check's own sequences, simulated like the notebook's (another seed)


def _panel():
    jaspar = data.load("jaspar2024_core_vertebrates")
    return {jaspar[mid].name: motifs.probabilities(jaspar[mid].counts) for mid in RATES}


def _nfkb1(n, seed):
    """One-hot sequences (n, 4, 120) and NFKB1 labels (n, 1) of the notebook's simulated panel."""
    panel = _panel()
    seqs, y_motif, _ = simulate.motif_presence(panel, n=n, length=120, rate=list(RATES.values()), seed=seed)
    return encoding.one_hot_dna(seqs), y_motif[:, [list(panel).index("NFKB1")]].astype(np.float32)


@functools.lru_cache(maxsize=1)
def _nfkb1_task():
    """The notebook's training split and a fresh scoring set ``(X, y)`` of the NFKB1 label (built once, ~2 s).

    The scoring set is simulated with another seed: the check never scores on the notebook's test split.
    """
    X, y = _nfkb1(10_000, seed=1)
    return (X[:6000], y[:6000]), _nfkb1(FRESH_N, seed=FRESH_SEED)


class _SmallCNN(nn.Module):
    """The notebook's ChromatinCNN with 16 filters and one output: (N, 4, L) one-hot DNA -> (N, 1) logits."""

    def __init__(self, n_filters=16, width=15):
        super().__init__()
        self.conv1 = nn.Sequential(nn.Conv1d(4, n_filters, width, padding=width // 2),
                                   nn.BatchNorm1d(n_filters), nn.ReLU(), nn.MaxPool1d(4))
        self.conv2 = nn.Sequential(nn.Conv1d(n_filters, n_filters, 5, padding=2),
                                   nn.BatchNorm1d(n_filters), nn.ReLU())
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(n_filters, 1))

    def forward(self, x):
        return self.head(self.conv2(self.conv1(x)).amax(dim=2))


def _evaluate_training_rows(rows):
    if isinstance(rows, (str, bytes, dict)) or isinstance(rows, torch.nn.Module):
        raise TypeError("pass the row numbers of the training sequences you keep: a list or array of ints "
                        "between 0 and 5999, e.g. np.concatenate([positives, some_negatives])")
    rows = np.asarray(rows)
    if rows.ndim != 1 or rows.size == 0 or rows.dtype.kind not in "iu":
        raise TypeError(f"pass a 1-D list or array of integer row numbers; got dtype {rows.dtype}, shape {rows.shape}")
    (X_tr, y_tr), (X_te, y_te) = _nfkb1_task()
    if rows.min() < 0 or rows.max() >= len(X_tr):
        raise ValueError(f"row numbers must index the training split (0 to {len(X_tr) - 1}); validation and "
                         "test sequences must not be trained on")
    if len(np.unique(rows)) != len(rows):
        raise ValueError("some rows appear more than once: keep each training sequence at most once here")
    n_pos = int(y_tr[rows].sum())
    if len(rows) > MAX_TRAIN:
        return False, f"your set has {len(rows)} sequences; the budget is at most {MAX_TRAIN}"
    if n_pos == 0 or n_pos == len(rows):
        return False, f"your {len(rows)} sequences hold {n_pos} NFKB1 positives: a classifier needs both classes"
    train.set_seed(0)
    model = _SmallCNN()
    # A fixed budget, no early stopping: the validation split has 1% positives, so its loss would stop a model
    # trained on a rebalanced set too early (its probabilities are shifted up while its ranking improves).
    train.fit(model, (X_tr[rows], y_tr[rows]), (X_tr[rows], y_tr[rows]), epochs=EPOCHS, lr=1e-2, batch_size=64,
              patience=EPOCHS, seed=0, progress=False)
    score = metrics.auprc(y_te[:, 0], train.predict(model, X_te)[:, 0])
    report = (f"NFKB1 AUPRC {score:.2f} (random: {y_te.mean():.2f}) on {FRESH_N} new simulated sequences, from a 16-filter "
              f"ChromatinCNN trained for {EPOCHS} epochs on your {len(rows)} sequences, {n_pos} of them NFKB1-positive "
              f"(goal: at least {GOAL_AUPRC})")
    return score >= GOAL_AUPRC, report


def _balanced_rows():
    (_, y_tr), _ = _nfkb1_task()
    positives = np.flatnonzero(y_tr[:, 0] == 1)
    negatives = np.random.default_rng(0).choice(np.flatnonzero(y_tr[:, 0] == 0), MAX_TRAIN - len(positives),
                                                replace=False)
    return np.sort(np.concatenate([positives, negatives]))


q4 = ExperimentExercise(
    "03.q4", evaluate=_evaluate_training_rows,
    hint="A random set of 500 of the 6000 training sequences holds about 5 NFKB1 positives. Which rows would "
         "you keep so that NFKB1 gets as much of the loss as its negatives? np.flatnonzero(y_train[:, k] == 1) "
         "finds the positives; np.random.default_rng(0).choice(..., replace=False) draws negatives.",
    solution="Keep every NFKB1 positive of the training split and fill the rest of the budget with randomly "
             "drawn negatives:\n"
             "    k = labels.index('NFKB1')\n"
             "    positives = np.flatnonzero(y_train[:, k] == 1)\n"
             "    negatives = np.random.default_rng(0).choice(np.flatnonzero(y_train[:, k] == 0), 500 - len(positives), replace=False)\n"
             "    answer = np.concatenate([positives, negatives])\n"
             "With 62 positives in 500 sequences (12% instead of 1%) a small model finds the NFKB1 motif; a random "
             "500 holds about 5 positives and does not. Undersampling the negatives is the data-side twin of "
             "pos_weight: both give the rare positives a larger share of the loss, and both shift the predicted "
             "probabilities upwards (the model now sees 12% positives), so recalibrate before reading them.",
    solution_value=_balanced_rows,
    typical_wrong=[lambda: np.random.default_rng(0).choice(6000, MAX_TRAIN, replace=False),
                   lambda: np.arange(MAX_TRAIN),
                   lambda: np.arange(6000),
                   lambda: np.arange(7000, 7500)],
)
