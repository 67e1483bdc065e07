"""Exercises of notebook 03: multitask learning and class imbalance."""
import numpy as np

from ..exercises import FunctionExercise, ThoughtExercise, ValueExercise

q1 = ValueExercise(
    "03.q1", expected=0.98, tolerance=0.002,
    hint="The lazy model is right on every negative and wrong on every positive. What fraction is negative?",
    solution="Always predicting 'not bound' is right on the 98% negatives: accuracy 0.98, although the model "
             "finds no binding site at all. At DeepSEA-like positive rates accuracy rewards doing nothing, "
             "which is why the course reports AUROC and AUPRC instead.",
    explain={0.02: "0.02 is the fraction the lazy model gets WRONG (the positives it misses); "
                   "accuracy counts what it gets right.",
             0.5: "0.5 is what a coin flip scores on BALANCED classes; here 98% of the answers are 'no'.",
             0.0: "the model never finds a positive, but it is right on every negative.",
             98: "give accuracy as a fraction between 0 and 1, not a percentage."},
    typical_wrong=[0.02, 0.5, 0.0, 98],
)

q2 = ValueExercise(
    "03.q2", expected=0.015, tolerance=0.001,
    hint="A random score gives the same precision at every recall: the fraction of positives in the set.",
    solution="45 / 3000 = 0.015. A random ranking puts positives evenly through the list, so precision is "
             "the positive rate at every recall and the area under the PR curve is 0.015. "
             "metrics.positive_rate(y) computes it; label_table reports it as auprc_random.",
    explain={0.5: "0.5 is the random baseline of AUROC, not of AUPRC: the PR baseline depends on the positive rate.",
             45: "that is the number of positives; the baseline is a fraction of the sequences.",
             1.5: "give the baseline as a fraction (0 to 1), not a percentage.",
             0.985: "that is the fraction of NEGATIVES; precision counts positives among the calls."},
    typical_wrong=[0.5, 45, 1.5, 0.985],
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

q4 = ThoughtExercise(
    "03.q4",
    hint="Which motifs does each rare label need, and which other labels already teach the shared filters "
         "those motifs? How much of the multitask loss does a 1% label contribute?",
    solution="A co-binding label (CEBPB+STAT1) needs detectors for two motifs that the common labels teach with "
             "thousands of positives, so the multitask model gets them for free and only has to learn the AND; "
             "a single-task model must find both motifs from about a hundred positives. NFKB1 has its own "
             "motif that no other label shares: in the multitask loss its few positives are a tiny fraction of "
             "all the terms, so within the epoch budget the shared filters never become an NFKB1 detector, "
             "while a single-task model spends its whole loss on it. Multitask learning helps when tasks share "
             "features; it can starve a rare task that shares nothing. pos_weight gives the rare positives as "
             "much weight as the negatives, which rescues the ranking but inflates the predicted probabilities.",
)
