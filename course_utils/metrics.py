"""Evaluation metrics with input checks (thin wrappers over scikit-learn and scipy).

All functions take 1-D arrays of equal length ``N`` and return a float.
Classification scores may be probabilities or logits: only their order matters
for AUROC and AUPRC.
"""
import numpy as np
from scipy import stats
from sklearn import metrics as skm


def _pair(y_true, y_score, binary):
    y_true = np.asarray(y_true).ravel() if np.ndim(y_true) > 1 and 1 in np.shape(y_true) else np.asarray(y_true)
    y_score = np.asarray(y_score).ravel() if np.ndim(y_score) > 1 and 1 in np.shape(y_score) else np.asarray(y_score)
    if y_true.ndim != 1 or y_score.ndim != 1:
        raise ValueError(f"expected 1-D arrays, got shapes {y_true.shape} and {y_score.shape}; "
                         "for multi-label outputs evaluate one column at a time")
    if len(y_true) != len(y_score):
        raise ValueError(f"y_true has {len(y_true)} values but y_score has {len(y_score)}")
    if len(y_true) == 0:
        raise ValueError("empty input")
    if binary:
        labels = set(np.unique(y_true).tolist())
        if not labels <= {0, 1}:
            raise ValueError(f"y_true must hold 0/1 labels, got values {sorted(labels)[:5]}")
        if len(labels) < 2:
            raise ValueError("y_true holds only one class, so the metric is undefined: "
                             "use a larger or stratified evaluation set")
    return y_true, y_score


def auroc(y_true, y_score):
    """Area under the ROC curve (0.5 = random, 1 = perfect ranking)."""
    return float(skm.roc_auc_score(*_pair(y_true, y_score, binary=True)))


def auprc(y_true, y_score):
    """Area under the precision-recall curve (average precision).

    A random classifier scores the positive rate ``mean(y_true)``, not 0.5; see
    ``positive_rate``.
    """
    return float(skm.average_precision_score(*_pair(y_true, y_score, binary=True)))


def positive_rate(y_true):
    """Fraction of positives, the AUPRC of a random classifier."""
    y_true = np.asarray(y_true)
    return float(y_true.mean())


def accuracy(y_true, y_pred):
    """Fraction of predictions equal to the labels (pass class labels, not scores)."""
    y_true, y_pred = _pair(y_true, y_pred, binary=False)
    return float((y_true == y_pred).mean())


def pearson(x, y):
    """Pearson correlation coefficient of two 1-D arrays."""
    x, y = _pair(x, y, binary=False)
    return float(stats.pearsonr(x, y)[0])


def spearman(x, y):
    """Spearman rank correlation of two 1-D arrays."""
    x, y = _pair(x, y, binary=False)
    return float(stats.spearmanr(x, y)[0])
