"""Tools for confounded data: batch centring, group-held-out splits, out-of-fold scores.

Notebook 16 uses them to show how a random split hides a batch (or chromosome)
shortcut and what a batch correction can and cannot repair.

* ``chromosomes(regions)``: ``'chr8:100-300'`` -> ``'chr8'``.
* ``centre_by_batch(X, batch, scale=False)``: per-batch mean (and variance) removal,
  a bare-bones ComBat without the empirical-Bayes shrinkage.
* ``check_held_out(folds, groups)``: raise if a group is shared by train and test.
* ``out_of_fold(make_model, X, y, folds)``: pooled held-out scores of a classifier.
"""
import numpy as np

from . import validate


def chromosomes(regions):
    """Chromosome names of regions written ``chrN:start-end`` (a list or pandas Series of str)."""
    regions = validate.sequences(regions, what="regions")
    out = []
    for r in regions:
        if ":" not in r:
            raise ValueError(f"region {r!r} is not written chrN:start-end")
        out.append(r.split(":", 1)[0])
    return np.array(out)


def centre_by_batch(X, batch, scale=False):
    """Subtract each batch's per-feature mean (and divide by its SD if ``scale``) from ``X``.

    ``X`` has shape ``(n_samples, n_features)``; the overall feature means are added back so
    the values stay on the original scale. A batch that holds only one class loses its class
    difference too: the correction cannot tell batch from biology.
    """
    X = validate.as_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be (n_samples, n_features), got shape {X.shape}")
    b = validate.groups(batch, len(X))
    out = X.copy()
    grand_mean, grand_sd = X.mean(0), X.std(0)
    for level in np.unique(b):
        rows = b == level
        out[rows] -= X[rows].mean(0)
        if scale:
            sd = X[rows].std(0)
            out[rows] /= np.where(sd > 0, sd, 1.0)
    return out * (grand_sd if scale else 1.0) + grand_mean


def check_held_out(folds, groups):
    """Check that ``folds`` (list of ``(train_idx, test_idx)``) never share a group between train and test
    and test every sample exactly once. Returns the number of folds; raises ``ValueError`` otherwise."""
    g = validate.groups(groups, what="groups")
    try:
        folds = [(np.asarray(tr, dtype=int), np.asarray(te, dtype=int)) for tr, te in folds]
    except (TypeError, ValueError):
        raise TypeError("folds must be a list of (train_indices, test_indices) pairs") from None
    if not folds:
        raise ValueError("folds is empty")
    tested = np.zeros(len(g), int)
    for i, (tr, te) in enumerate(folds):
        if len(tr) == 0 or len(te) == 0:
            raise ValueError(f"fold {i} has an empty train or test part")
        if tr.max() >= len(g) or te.max() >= len(g) or min(tr.min(), te.min()) < 0:
            raise ValueError(f"fold {i} has indices outside 0..{len(g) - 1}")
        shared = sorted(set(g[tr].tolist()) & set(g[te].tolist()))
        if shared:
            raise ValueError(f"fold {i}: group(s) {shared} are in both train and test")
        tested[te] += 1
    if not np.all(tested == 1):
        raise ValueError(f"every sample should be tested exactly once; {np.sum(tested == 0)} never, "
                         f"{np.sum(tested > 1)} more than once")
    return len(folds)


def out_of_fold(make_model, X, y, folds):
    """Pooled held-out scores: for each fold fit ``make_model()`` on train, score test (``predict_proba[:, 1]``).

    This is ``sklearn.model_selection.cross_val_predict(make_model(), X, y, cv=folds,
    method="predict_proba")[:, 1]``, the call to use outside the course (each fold fits a fresh clone).

    ``make_model`` builds a fresh scikit-learn classifier; ``X`` is ``(N, features)``, ``y`` ``(N,)``;
    ``folds`` is a list of ``(train_indices, test_indices)`` whose test parts hold every sample exactly
    once. Returns an array ``(N,)`` of scores.
    """
    from sklearn.model_selection import cross_val_predict

    if not callable(make_model):
        raise TypeError("make_model must be a function that returns a new classifier, e.g. lambda: LogisticRegression()")
    if X is None or y is None or folds is None:
        raise TypeError("X, y and folds are required: arrays (N, features), (N,) and a list of (train, test) indices")
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(f"X must be (N, features) and y (N,), got shapes {X.shape} and {y.shape}")
    folds = list(folds)
    tested = np.concatenate([np.asarray(te) for _, te in folds]) if folds else np.array([], dtype=int)
    if len(tested) != len(y) or len(np.unique(tested)) != len(y):
        raise ValueError("the folds' test parts must hold every sample exactly once (some samples were never in "
                         "a test fold, or in two): use e.g. LeaveOneGroupOut().split(X, y, groups)")
    return cross_val_predict(make_model(), X, y, cv=folds, method="predict_proba")[:, 1]
