"""Imperfect labels: symmetric label noise, calibration (ECE, reliability curves) and negative sets.

Used by notebook 15 (the nature of the data: noisy labels, positives without confirmed negatives).
"""
import numpy as np
import pandas as pd

from . import seeding
from . import encoding, simulate, validate


def flip_labels(y, rate, seed=0):
    """Copy of 0/1 labels ``y`` with each label flipped independently with probability ``rate``.

    Symmetric (class-independent) label noise. ``y`` may be ``(N,)`` or ``(N, 1)``; the copy keeps
    the shape and dtype of ``y``.
    """
    rate = validate.fraction(rate, "rate")
    flat = validate.binary_labels(y)
    dtype = y.dtype if isinstance(y, np.ndarray) else np.float32
    flip = seeding.rng(seed).random(len(flat)) < rate
    out = np.where(flip, 1 - flat, flat).astype(dtype)
    return out.reshape(np.shape(y))


def _probabilities(y_true, p):
    y = validate.binary_labels(y_true, "y_true")
    p = validate.as_array(p, "p").astype(np.float64).reshape(-1)
    if len(p) != len(y):
        raise ValueError(f"y_true has {len(y)} labels but p has {len(p)} probabilities")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("p must be probabilities in [0, 1] (apply a sigmoid to logits first)")
    return y.astype(np.float64), p


def reliability_curve(y_true, p, n_bins=10):
    """Reliability table: predictions binned into ``n_bins`` equal-width bins of [0, 1].

    Returns a DataFrame with one row per non-empty bin: ``mean_predicted``, ``fraction_positive``
    and ``count``. A calibrated model has ``fraction_positive`` close to ``mean_predicted``.
    """
    y, p = _probabilities(y_true, p)
    n_bins = validate.count(n_bins, "n_bins")
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    rows = [{"bin": b, "mean_predicted": p[bins == b].mean(), "fraction_positive": y[bins == b].mean(),
             "count": int((bins == b).sum())} for b in range(n_bins) if (bins == b).any()]
    return pd.DataFrame(rows).set_index("bin")


def expected_calibration_error(y_true, p, n_bins=10):
    """Expected calibration error: the count-weighted mean |fraction positive - mean predicted| over bins.

    The bins are those of ``reliability_curve``; computed with ``np.bincount`` (the same number as
    summing over the reliability table, and fast enough for the bootstrap of ``metrics.difference``).
    """
    y, p = _probabilities(y_true, p)
    n_bins = validate.count(n_bins, "n_bins")
    bins = np.minimum((p * n_bins).astype(int), n_bins - 1)
    gap = np.abs(np.bincount(bins, weights=y, minlength=n_bins) - np.bincount(bins, weights=p, minlength=n_bins))
    return float(gap.sum() / len(p))       # sum over bins of count x |fraction positive - mean predicted|, / N


def dinucleotide_shuffled(seqs, seed=0):
    """One dinucleotide-shuffled copy of each DNA sequence (keeps every dinucleotide count).

    Uses ``tangermeme.ersatz.dinucleotide_shuffle`` (Altschul-Erickson Euler path); sequences must be
    of one length and contain only A, C, G, T.
    """
    import torch
    from tangermeme.ersatz import dinucleotide_shuffle

    seqs = validate.sequences(seqs)
    if len({len(s) for s in seqs}) != 1:
        raise ValueError("dinucleotide_shuffled needs sequences of one length")
    if any(set(s.upper()) - set("ACGT") for s in seqs):
        raise ValueError("dinucleotide_shuffled needs sequences of A, C, G, T only (no N)")
    x = torch.tensor(encoding.one_hot_dna(seqs))
    shuffled = dinucleotide_shuffle(x, n=1, random_state=seeding.shifted(seed))[:, 0].numpy().argmax(axis=1)
    letters = np.array(list("ACGT"))
    return ["".join(row) for row in letters[shuffled]]


def gc_matched_background(seqs, seed=0):
    """One random sequence per input sequence, of the same length and (expected) GC content."""
    seqs = validate.sequences(seqs)
    if len({len(s) for s in seqs}) != 1:
        raise ValueError("gc_matched_background needs sequences of one length")
    return simulate.background(len(seqs), len(seqs[0]), gc=encoding.gc_content(seqs), seed=seed)
