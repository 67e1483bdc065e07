"""Helpers for multiplex assays of variant effect (MAVEs): regression scores, noise
ceilings, ridge on a validation split, sort-seq bins and additive weight matrices.

Notebook 11 uses them on the 5' splice-site assay (MPSA) and the lac promoter
sort-seq data. Weight matrices here are signed ``(4, L)`` arrays (rows A, C, G,
T): effects of each base at each position, not probabilities.
"""
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import r2_score

from . import validate


def r2(y_true, y_pred):
    """Variance explained, ``1 - sum((y - y_hat)^2) / sum((y - mean(y))^2)`` (``sklearn.metrics.r2_score``).

    Parameters
    ----------
    y_true, y_pred : 1-D arrays of length ``N`` (a column ``(N, 1)`` is accepted).

    Returns
    -------
    float, at most 1; 0 for predicting the mean, negative for worse than that.
    Unlike the squared Pearson correlation it penalises a wrong scale or offset.
    """
    y_true, y_pred = validate.paired_values(y_true, y_pred)
    total = ((y_true - y_true.mean()) ** 2).sum()
    if total == 0:
        raise ValueError("y_true is constant, so variance explained is undefined")
    return float(r2_score(y_true, y_pred))               # scikit-learn's, the call a learner uses next


def noise_ceiling(y_rep1, y_rep2):
    """How well any model can agree with one replicate, from two replicate measurements.

    If each replicate is the true activity ``f`` plus independent noise of equal
    variance, the replicates correlate at ``r_rep = var(f) / var(y)``, while the
    perfect model (it predicts ``f``) correlates with one replicate at
    ``sqrt(r_rep)``. So the ceiling on a model's Pearson r is ``sqrt(r_rep)``,
    not ``r_rep``, and its ceiling on R^2 (``r^2``) is ``r_rep``.

    Parameters
    ----------
    y_rep1, y_rep2 : 1-D arrays, the same sequences measured twice (same order).

    Returns
    -------
    dict with ``r_replicates`` (Pearson r between replicates), ``ceiling_r``
    (``sqrt(r_replicates)``) and ``ceiling_r2`` (``r_replicates``), floats.
    """
    y1, y2 = validate.values(y_rep1, "y_rep1"), validate.values(y_rep2, "y_rep2")
    if y1.shape != y2.shape:
        raise ValueError(f"the replicates have {y1.size} and {y2.size} values: join them on sequence first")
    if y1.size < 3:
        raise ValueError("need at least 3 sequences measured in both replicates")
    r = float(np.corrcoef(y1, y2)[0, 1])
    if not r > 0:
        raise ValueError(f"the replicates correlate at r = {r:.3f}; a noise ceiling needs r > 0 "
                         "(check that the join matched the same sequences)")
    return {"r_replicates": r, "ceiling_r": float(np.sqrt(r)), "ceiling_r2": r}


def mean_bin(counts):
    """Mean sort-seq bin of each sequence and its number of reads.

    Parameters
    ----------
    counts : array-like, shape ``(N, B)``: reads of each sequence in bins
        ``0 .. B-1`` (bin 0 = lowest fluorescence), non-negative.

    Returns
    -------
    (mean_bin, reads) : arrays of shape ``(N,)``; ``mean_bin = sum_b b * n_b / sum_b n_b``.
    Rows with no reads raise ``ValueError`` (drop them first).
    """
    if type(counts).__name__ == "DataFrame":
        counts = counts.to_numpy()
    c = validate.as_array(counts, "counts")
    if c.ndim != 2 or c.shape[1] < 2:
        raise ValueError(f"counts must have shape (N, bins) with at least 2 bins, got {c.shape}")
    if not np.isfinite(c).all() or (c < 0).any():
        raise ValueError("counts must be finite and non-negative read numbers")
    reads = c.sum(axis=1)
    if (reads == 0).any():
        raise ValueError(f"{int((reads == 0).sum())} rows have no reads, so no mean bin: drop them first")
    return c @ np.arange(c.shape[1]) / reads, reads


@dataclass
class RidgeFit:
    """A ridge regression chosen on a validation split (see ``fit_ridge``).

    ``coef`` has shape ``(F,)``, ``intercept`` is a float, ``alpha`` the chosen
    penalty and ``valid_r2`` maps every tried penalty to its validation R^2.
    """
    coef: np.ndarray
    intercept: float
    alpha: float
    valid_r2: dict = field(default_factory=dict)

    def predict(self, F):
        """Predictions for features ``F`` of shape ``(N, F)`` -> shape ``(N,)``."""
        F = _features(F, "F")
        if F.shape[1] != self.coef.size:
            raise ValueError(f"F has {F.shape[1]} features but the ridge was fitted on {self.coef.size}")
        return F @ self.coef + self.intercept


def _features(F, what):
    F = validate.as_array(F, what)
    if F.ndim == 3:
        F = F.reshape(len(F), -1)                       # one-hot (N, 4, L) -> (N, 4L)
    if F.ndim != 2 or F.shape[0] == 0:
        raise ValueError(f"{what} must be a (N, features) array (or one-hot (N, 4, L)), got shape {F.shape}")
    if not np.isfinite(F).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    return F


def _weighted_r2(y, y_hat, w):
    mean = np.average(y, weights=w)
    return float(1.0 - np.sum(w * (y - y_hat) ** 2) / np.sum(w * (y - mean) ** 2))


def fit_ridge(train, valid, alphas=(0.1, 1.0, 10.0, 100.0, 1000.0), weights=None):
    """Ridge regression with the penalty chosen by R^2 on the validation split.

    Minimises ``sum_i w_i (y_i - b - F_i . beta)^2 + alpha |beta|^2`` in closed form
    (the intercept ``b`` is not penalised). The weighted Gram matrix is built once,
    so trying many penalties costs little.

    Parameters
    ----------
    train, valid : tuples ``(F, y)``; ``F`` of shape ``(N, F)`` (a one-hot
        ``(N, 4, L)`` array is flattened), ``y`` of shape ``(N,)``.
    alphas : penalties to try (positive numbers).
    weights : None, or a tuple ``(w_train, w_valid)`` of non-negative sample
        weights (e.g. read counts); the validation R^2 is weighted the same way.

    Returns
    -------
    RidgeFit, refitted on ``train`` with the best penalty.
    """
    if not (isinstance(train, tuple) and len(train) == 2 and isinstance(valid, tuple) and len(valid) == 2):
        raise TypeError("train and valid must be tuples (F, y)")
    F_tr, F_va = _features(train[0], "train F"), _features(valid[0], "valid F")
    y_tr, y_va = validate.values(train[1], "train y"), validate.values(valid[1], "valid y")
    if len(F_tr) != len(y_tr) or len(F_va) != len(y_va):
        raise ValueError("F and y must have the same number of rows in train and in valid")
    if F_tr.shape[1] != F_va.shape[1]:
        raise ValueError(f"train has {F_tr.shape[1]} features but valid has {F_va.shape[1]}: "
                         "encode both splits with the same function")
    alphas = [float(a) for a in np.atleast_1d(alphas)]
    if not alphas or any(not np.isfinite(a) or a <= 0 for a in alphas):
        raise ValueError(f"alphas must be positive numbers, got {alphas}")
    if weights is None:
        w_tr, w_va = np.ones(len(y_tr)), np.ones(len(y_va))
    else:
        if not (isinstance(weights, tuple) and len(weights) == 2):
            raise TypeError("weights must be None or a tuple (w_train, w_valid)")
        w_tr, w_va = validate.values(weights[0], "w_train"), validate.values(weights[1], "w_valid")
        if len(w_tr) != len(y_tr) or len(w_va) != len(y_va) or (w_tr < 0).any() or (w_va < 0).any():
            raise ValueError("weights must be non-negative, one per row of train and of valid")
    f_mean = np.average(F_tr, axis=0, weights=w_tr)
    y_mean = np.average(y_tr, weights=w_tr)
    Fc = F_tr - f_mean
    gram = Fc.T @ (Fc * w_tr[:, None])
    rhs = Fc.T @ (w_tr * (y_tr - y_mean))
    eye = np.eye(gram.shape[0])
    scores, best = {}, None
    for a in alphas:
        coef = np.linalg.solve(gram + a * eye, rhs)
        fit = RidgeFit(coef, float(y_mean - f_mean @ coef), a)
        scores[a] = _weighted_r2(y_va, fit.predict(F_va), w_va)
        if best is None or scores[a] > scores[best.alpha]:
            best = fit
    best.valid_r2 = scores
    return best


def _weight_matrix(m, what):
    if type(m).__name__ == "DataFrame":
        m = m.to_numpy().T if m.shape[1] == 4 and m.shape[0] != 4 else m.to_numpy()
    try:
        a = np.asarray(m, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a numeric (4, L) array, got {type(m).__name__}") from None
    if a.ndim != 2 or a.shape[0] != 4:
        hint = f" (it looks transposed: use {what}.T)" if a.ndim == 2 and a.shape[1] == 4 else ""
        raise ValueError(f"{what} must have shape (4, L), rows A, C, G, T; got {a.shape}{hint}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    return a


def gauge_fix(weights, observed=None):
    """Put an additive weight matrix in the zero-mean gauge (the way logos show it).

    Adding a constant to every base at one position and subtracting it from the
    intercept changes no prediction, so only differences within a position mean
    anything. This subtracts each position's mean.

    Parameters
    ----------
    weights : array-like, shape ``(4, L)``, rows A, C, G, T.
    observed : optional bool array ``(4, L)``: which bases occur in the training
        data. Unobserved bases were never trained; they are set to 0 and left out
        of the mean.

    Returns
    -------
    array of shape ``(4, L)`` whose observed entries sum to 0 in each column.
    """
    w = _weight_matrix(weights, "weights")
    mask = np.ones_like(w, dtype=bool) if observed is None else np.asarray(observed, dtype=bool)
    if mask.shape != w.shape:
        raise ValueError(f"observed must have the shape of weights {w.shape}, got {mask.shape}")
    if not mask.any(axis=0).all():
        raise ValueError("every position needs at least one observed base")
    mean = (w * mask).sum(axis=0) / mask.sum(axis=0)
    return np.where(mask, w - mean, 0.0)


def matrix_correlation(a, b):
    """Pearson correlation of two ``(4, L)`` weight matrices after gauge fixing.

    Returns a float in [-1, 1]. An energy matrix (low = binds better) and an
    activity matrix (high = more expression) of the same site correlate
    negatively.
    """
    a, b = gauge_fix(a), gauge_fix(b)
    if a.shape != b.shape:
        raise ValueError(f"the matrices have shapes {a.shape} and {b.shape}: cut the same window from both")
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def window_correlations(weights, reference):
    """Correlation of ``reference`` (4, w) with every window of ``weights`` (4, L).

    Returns
    -------
    array of shape ``(L - w + 1,)``: ``matrix_correlation(weights[:, k:k+w], reference)``
    for every offset ``k``; the extreme value says where the site sits.
    """
    w = _weight_matrix(weights, "weights")
    ref = _weight_matrix(reference, "reference")
    width = ref.shape[1]
    if width > w.shape[1]:
        raise ValueError(f"reference ({width} positions) is longer than weights ({w.shape[1]})")
    return np.array([matrix_correlation(w[:, k:k + width], ref) for k in range(w.shape[1] - width + 1)])
