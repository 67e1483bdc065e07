"""Evaluation metrics with input checks (thin wrappers over scikit-learn and scipy).

All functions take 1-D arrays of equal length ``N`` and return a float.
Classification scores may be probabilities or logits: only their order matters
for AUROC and AUPRC.

Every bootstrap of the course lives here: ``bootstrap_ci`` and ``paired_bootstrap``
resample test examples, ``ratio_bootstrap`` resamples whole groups (protein chains,
structures) of a pooled ratio, and ``difference`` (the course's test of a
difference) combines an example bootstrap with the spread over training seeds.
"""
import itertools

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import metrics as skm

from . import seeding, validate


def auroc(y_true, y_score):
    """Area under the ROC curve (0.5 = random, 1 = perfect ranking)."""
    return float(skm.roc_auc_score(*validate.labels_and_scores(y_true, y_score, binary=True)))


def auprc(y_true, y_score):
    """Area under the precision-recall curve (average precision).

    A random classifier scores the positive rate ``mean(y_true)``, not 0.5; see
    ``positive_rate``.
    """
    return float(skm.average_precision_score(*validate.labels_and_scores(y_true, y_score, binary=True)))


def positive_rate(y_true):
    """Fraction of positives, the AUPRC of a random classifier."""
    y_true = validate.numbers(y_true, "y_true")
    if y_true.size == 0 or not set(np.unique(y_true).tolist()) <= {0, 1}:
        raise ValueError("y_true must be a non-empty array of 0/1 labels")
    return float(y_true.mean())


def accuracy(y_true, y_pred):
    """Fraction of predictions equal to the labels.

    Pass class labels (0/1 or class indices), not scores: threshold
    probabilities first, ``(p > 0.5).astype(int)``, or take ``argmax`` of logits.
    """
    y_true, y_pred = validate.labels_and_scores(y_true, y_pred, binary=False)
    if y_pred.dtype.kind == "f" and not np.all(y_pred == np.round(y_pred)):
        raise ValueError("y_pred holds scores or probabilities, not class labels: threshold them first, "
                         "e.g. (p > 0.5).astype(int), or use argmax over classes")
    return float((y_true == y_pred).mean())


def pearson(x, y):
    """Pearson correlation coefficient of two 1-D arrays."""
    x, y = validate.labels_and_scores(x, y, binary=False)
    return float(stats.pearsonr(x, y)[0])


def spearman(x, y):
    """Spearman rank correlation of two 1-D arrays."""
    x, y = validate.labels_and_scores(x, y, binary=False)
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


def _average_precision_by_sorting(y_true, y_score):
    """Average precision as scikit-learn computes it (tied scores form one threshold), without its checks."""
    order = np.argsort(-y_score, kind="mergesort")
    y_sorted, s_sorted = y_true[order], y_score[order]
    last_of_tie = np.r_[np.flatnonzero(np.diff(s_sorted)), len(y_sorted) - 1]
    tps = np.cumsum(y_sorted)[last_of_tie]
    precision = tps / (last_of_tie + 1)
    recall_gain = np.diff(np.r_[0.0, tps / tps[-1]])
    return float(np.sum(recall_gain * precision))


def _resample_kernel(metric):
    """A fast version of ``metric`` for bootstrap resamples of already validated arrays, or ``metric``
    (AUROC has its own, over many resamples at once: ``_auroc_of_resamples``)."""
    if metric is auprc:
        return _average_precision_by_sorting
    if metric is accuracy:
        return lambda y, p: float(np.mean(y == p))
    return metric


def _resamples(y_true, metric, n_boot, seed):
    """Index arrays of ``n_boot`` bootstrap resamples (with replacement) of ``len(y_true)`` examples.

    Resamples holding one class only are skipped for AUROC and AUPRC, which need both.
    """
    n_boot = validate.count(n_boot, "n_boot", example=1000)
    rng = seeding.rng(seed)
    for _ in range(n_boot):
        idx = rng.integers(0, len(y_true), len(y_true))
        if metric in (auroc, auprc):
            drawn = y_true[idx]
            if drawn.min() == drawn.max():              # one class only
                continue
        yield idx


def _auroc_of_resamples(y_true, rows, idx):
    """AUROC of each row of ``rows`` (R, N) on each resample in ``idx`` (B index arrays of length N): (R, B).

    The Mann-Whitney statistic U / (positives x negatives) for B resamples at once, without sorting each
    resample: a resample is a count of draws per example, so with the examples sorted by score once,
    U = sum over groups of tied scores of (positives drawn in the group) x (negatives drawn below the
    group + half those in it), read off cumulative sums. Every term is a whole or half number, exact in
    float64, so the values equal scipy's ``mannwhitneyu`` U / (n_pos n_neg) on each resample, exactly (tested).
    """
    n = len(y_true)
    counts = np.stack([np.bincount(i, minlength=n) for i in idx], axis=1).astype(float)   # (N, B) draws per example
    pos = counts * (y_true == 1)[:, None]
    neg = counts - pos
    n_pos, n_neg = pos.sum(axis=0), neg.sum(axis=0)
    out = np.empty((len(rows), len(idx)))
    zero = np.zeros((1, len(idx)))
    for r, row in enumerate(rows):
        order = np.argsort(row, kind="mergesort")
        starts = np.r_[0, np.flatnonzero(np.diff(row[order])) + 1]        # first example of each group of tied scores
        ends = np.r_[starts[1:], n]                                         # one past the last
        pos_drawn = np.vstack([zero, np.cumsum(pos[order], axis=0)])        # (N + 1, B) positives drawn below
        neg_drawn = np.vstack([zero, np.cumsum(neg[order], axis=0)])
        pos_g = pos_drawn[ends] - pos_drawn[starts]                         # (groups, B) positives per tie group
        neg_below_or_half_tied = (neg_drawn[starts] + neg_drawn[ends]) / 2
        out[r] = (pos_g * neg_below_or_half_tied).sum(axis=0) / (n_pos * n_neg)
    return out


_RESAMPLE_BLOCK_VALUES = 1_000_000       # resampled values held at once by _resampled (8 MB per array)


def _resampled(metric, y_true, rows, n_boot, seed):
    """``metric`` of each row of ``rows`` (R, N) on the bootstrap resamples of ``_resamples``: an array (R, B).

    AUROC is computed for many resamples at once (same numbers as one at a time, in a fraction of the time),
    in blocks of about a million values to bound the memory; other metrics resample one at a time.
    """
    resamples = _resamples(y_true, metric, n_boot, seed)
    if metric is auroc:
        block = max(1, _RESAMPLE_BLOCK_VALUES // len(y_true))
        parts = [np.empty((len(rows), 0))]
        while chunk := list(itertools.islice(resamples, block)):
            parts.append(_auroc_of_resamples(y_true, rows, chunk))
        return np.concatenate(parts, axis=1)
    fast = _resample_kernel(metric)
    per_resample = [[fast(y_true[idx], row[idx]) for row in rows] for idx in resamples]
    return np.array(per_resample, dtype=float).reshape(-1, len(rows)).T


def bootstrap_ci(metric, y_true, y_score, n_boot=1000, level=0.95, seed=0):
    """Point estimate and percentile bootstrap interval of ``metric`` over test examples.

    Parameters
    ----------
    metric : callable ``metric(y_true, y_score) -> float``, e.g. ``metrics.auroc``.
    y_true, y_score : arrays of length ``N`` (resampled together, with replacement).
    n_boot : int, number of resamples. level : float, e.g. 0.95.

    Returns
    -------
    (estimate, low, high) : floats; ``estimate`` is the metric on all examples.
    """
    y_true, y_score = validate.numbers(y_true, "y_true"), validate.numbers(y_score, "y_score")
    if len(y_true) != len(y_score):
        raise ValueError(f"y_true has {len(y_true)} values but y_score has {len(y_score)}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), e.g. 0.95; got {level!r}")
    estimate = float(metric(y_true, y_score))          # also validates the inputs once
    stats_ = _resampled(metric, y_true, y_score[None, :], n_boot, seed)[0]
    lo, hi = np.quantile(stats_, [(1 - level) / 2, (1 + level) / 2])
    return estimate, float(lo), float(hi)


def paired_bootstrap(metric, y_true, score_a, score_b, n_boot=1000, level=0.95, seed=0):
    """Difference ``metric(a) - metric(b)`` on the same test examples, with a bootstrap interval.

    Resamples examples once per replicate and scores both models on the same
    resample, so the interval reflects the difference, not each model's noise.

    Returns
    -------
    (difference, low, high) : floats. If the interval contains 0, call it no difference.
    """
    y_true = validate.numbers(y_true, "y_true")
    score_a, score_b = validate.numbers(score_a, "score_a"), validate.numbers(score_b, "score_b")
    if not len(y_true) == len(score_a) == len(score_b):
        raise ValueError("y_true, score_a and score_b must have the same length")
    difference = float(metric(y_true, score_a) - metric(y_true, score_b))   # also validates the inputs once
    per_resample = _resampled(metric, y_true, np.stack([score_a, score_b]), n_boot, seed)
    diffs = per_resample[0] - per_resample[1]          # both models scored on the same resample
    lo, hi = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    return difference, float(lo), float(hi)


def ratio_bootstrap(numerator, denominator, n_boot=1000, level=0.95, seed=0):
    """A pooled ratio ``sum(numerator) / sum(denominator)`` with a bootstrap interval over whole groups.

    Each entry is one group that enters or leaves a resample whole: a protein chain (numerator: correct
    residues, denominator: residues) or all chains of one structure. A resample draws as many groups as
    there are, with replacement (multinomial weights ``w``, one row per resample), and pools them:
    ``(w @ numerator) / (w @ denominator)``. For a paired comparison pass the difference of two
    numerators (both models scored on the same resample). ``structure.chain_bootstrap`` uses it.

    Parameters
    ----------
    numerator, denominator : arrays of shape ``(G,)``, one entry per group; denominators > 0 in sum.
    n_boot : int, number of resamples. level : float in (0, 1), e.g. 0.95. seed : int.

    Returns
    -------
    (estimate, low, high) : floats; ``estimate`` is the ratio over all groups.
    """
    numerator, denominator = validate.paired_values(numerator, denominator, ("numerator", "denominator"))
    level = validate.fraction(level, "level", low_open=True)
    n_boot = validate.count(n_boot, "n_boot", example=1000)
    if denominator.sum() <= 0:
        raise ValueError("denominator must sum to more than 0 (e.g. residues per chain)")
    groups = len(numerator)
    w = seeding.rng(seed).multinomial(groups, np.full(groups, 1.0 / groups), size=n_boot)    # (n_boot, G)
    boot = (w @ numerator) / (w @ denominator)
    lo, hi = np.quantile(boot, [(1 - level) / 2, (1 + level) / 2])
    return float(numerator.sum() / denominator.sum()), float(lo), float(hi)


class Difference(tuple):
    """Result of ``difference``: ``(estimate, low, high)`` plus ``differs`` and ``df``.

    Unpacks like ``paired_bootstrap``'s triple; ``str()`` gives "+0.016 [+0.007, +0.024]".
    """

    def __new__(cls, estimate, low, high, df, level):
        self = super().__new__(cls, (estimate, low, high))
        self.df, self.level = df, level
        return self

    estimate = property(lambda self: self[0])
    low = property(lambda self: self[1])
    high = property(lambda self: self[2])

    @property
    def differs(self):
        """True when the interval excludes 0: the course calls that a difference."""
        return bool(self.low > 0 or self.high < 0)

    @property
    def verdict(self):
        """"A better", "B better" or "no difference" (for a metric where higher is better)."""
        if not self.differs:
            return "no difference"
        return "A better" if self.estimate > 0 else "B better"

    def __str__(self):
        return f"{self.estimate:+.3f} [{self.low:+.3f}, {self.high:+.3f}]"

    def __repr__(self):
        return f"Difference({self}, {'differs' if self.differs else 'no difference'})"


def _seed_rows(scores, n, name):
    a = validate.numbers(scores, name) if np.ndim(scores) == 1 else np.asarray(scores, dtype=float)
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2 or a.shape[1] != n or a.shape[0] < 1:
        raise ValueError(f"{name} must have shape (N,) or (seeds, N) with N = len(y_true) = {n}, got "
                         f"{np.shape(scores)}: stack one row of test scores per seed, e.g. np.stack([...])")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite scores: check the model's predictions")
    return a


def difference(metric, y_true, scores_a, scores_b, n_boot=1000, level=0.95, seed=0):
    """The course's test of difference: does model A score differently from model B?

    It combines the two sources of chance in a comparison: which test examples
    were drawn, and which training seeds were run.

    * Test sampling: the test examples are resampled with replacement (the same
      resample for both models and every seed: a paired bootstrap), giving the
      variance ``v_test`` of the seed-averaged difference.
    * Training seeds: the metric's sample variance over seeds, ``s_a^2 / S_a +
      s_b^2 / S_b`` (0 for a deterministic model given as one row).

    The interval is ``estimate +- t * sqrt(v_test + v_seeds)`` with Student's t
    on Welch-Satterthwaite degrees of freedom (from the seed terms; a normal
    quantile when both models are deterministic). With 3 seeds each and a large
    seed spread, t has about 4 degrees of freedom, so 3 seeds can only call a
    difference that is large against their spread. ``tests/test_metrics.py``
    measures by simulation that two models of equal quality come out "no
    difference" at least 95 % of the time.

    Parameters
    ----------
    metric : callable ``metric(y_true, y_score) -> float`` (``auroc``, ``accuracy``,
        ``mave.r2``, ...); higher or lower may be better, the sign is A minus B.
    y_true : array of shape ``(N,)``, the test labels or values.
    scores_a, scores_b : arrays of shape ``(N,)`` (one run) or ``(S, N)``
        (one row of test predictions per seed; the two models may have
        different numbers of seeds).
    n_boot : int, resamples of the test examples. level : float, e.g. 0.95.
    seed : int, seeds the resampling (shifted by ``COURSE_SEED_OFFSET``).

    Returns
    -------
    Difference ``(estimate, low, high)`` with ``.differs`` (the interval
    excludes 0), ``.verdict`` and ``.df``; ``estimate`` is the mean over seeds
    of metric(A) minus the mean over seeds of metric(B).
    """
    y_true = validate.numbers(y_true, "y_true")
    n = len(y_true)
    a, b = _seed_rows(scores_a, n, "scores_a"), _seed_rows(scores_b, n, "scores_b")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), e.g. 0.95; got {level!r}")
    per_a = np.array([metric(y_true, row) for row in a], dtype=float)   # also validates every row
    per_b = np.array([metric(y_true, row) for row in b], dtype=float)
    estimate = float(per_a.mean() - per_b.mean())
    per_resample = _resampled(metric, y_true, np.concatenate([a, b]), n_boot, seed)     # (S_a + S_b, B)
    diffs = per_resample[:len(a)].mean(axis=0) - per_resample[len(a):].mean(axis=0)
    v_test = float(np.var(diffs, ddof=1))
    parts = [(per.var(ddof=1) / len(per), len(per) - 1) for per in (per_a, per_b) if len(per) > 1]
    v_seeds = sum(v for v, _ in parts)
    total = v_test + v_seeds
    denominator = sum(v ** 2 / dof for v, dof in parts)
    df = total ** 2 / denominator if denominator > 0 else np.inf
    q = stats.t.ppf((1 + level) / 2, df) if np.isfinite(df) else stats.norm.ppf((1 + level) / 2)
    half = q * np.sqrt(total)
    return Difference(estimate, float(estimate - half), float(estimate + half), float(df), level)
