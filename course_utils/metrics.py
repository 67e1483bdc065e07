"""Evaluation metrics with input checks (thin wrappers over scikit-learn and scipy).

All functions take 1-D arrays of equal length ``N`` and return a float.
Classification scores may be probabilities or logits: only their order matters
for AUROC and AUPRC.
"""
import numpy as np
import pandas as pd
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


def label_table(y_true, y_score, names=None, threshold=None):
    """One row of metrics per label of a multi-label classifier.

    Parameters
    ----------
    y_true : array, shape ``(N, K)`` (or ``(N,)`` for one label), 0/1 labels.
    y_score : array of the same shape, scores (logits or probabilities).
    names : list of K label names (default ``"label_0"``, ``"label_1"``, ...).
    threshold : float or None. If given, ``y_score`` must be probabilities in
        [0, 1], and the table also reports what a hard call ``y_score >= threshold``
        gives: ``precision``, ``recall`` and ``mean_score`` (the average predicted
        probability, which a calibrated model keeps close to ``positive_rate``).
        Precision is NaN for a label with no predicted positive.

    Returns
    -------
    pandas.DataFrame indexed by label name, columns ``positives`` (count),
    ``positive_rate``, ``auroc``, ``auprc`` and ``auprc_random`` (the AUPRC of a
    random classifier, equal to the positive rate), then the threshold columns.
    """
    y_true, y_score = np.asarray(y_true), np.asarray(y_score)
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_score.ndim == 1:
        y_score = y_score[:, None]
    if y_true.ndim != 2 or y_true.shape != y_score.shape:
        raise ValueError(f"y_true and y_score must both have shape (N, K); got {y_true.shape} and "
                         f"{y_score.shape} (pass the model's outputs for the same rows and labels)")
    k = y_true.shape[1]
    names = [f"label_{j}" for j in range(k)] if names is None else list(names)
    if len(names) != k:
        raise ValueError(f"got {len(names)} names for {k} labels: pass one name per column of y_true")
    if threshold is not None and (y_score.min() < 0 or y_score.max() > 1):
        raise ValueError("threshold needs probabilities in [0, 1], but y_score has values outside it: "
                         "apply a sigmoid to the logits first (torch.sigmoid or 1 / (1 + np.exp(-z)))")
    rows = []
    for j, name in enumerate(names):
        t, s = y_true[:, j], y_score[:, j]
        try:
            row = {"positives": int(t.sum()), "positive_rate": positive_rate(t),
                   "auroc": auroc(t, s), "auprc": auprc(t, s)}
        except ValueError as err:
            raise ValueError(f"label {name!r}: {err}") from None
        row["auprc_random"] = row["positive_rate"]
        if threshold is not None:
            called = s >= threshold
            hits = float((called & (t == 1)).sum())
            row["precision"] = hits / called.sum() if called.any() else float("nan")
            row["recall"] = hits / t.sum()
            row["mean_score"] = float(s.mean())
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(names, name="label"))
