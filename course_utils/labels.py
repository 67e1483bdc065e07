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


def _bins(p, n_bins):
    """Bin index of each probability for ``n_bins`` equal-width bins of [0, 1], as scikit-learn bins them.

    ``sklearn.calibration.calibration_curve(strategy="uniform")``'s rule: a probability on an inner edge
    goes to the lower bin, 1.0 to the last.
    """
    return np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], p)


def reliability_curve(y_true, p, n_bins=10):
    """Reliability table: predictions binned into ``n_bins`` equal-width bins of [0, 1].

    The points are ``sklearn.calibration.calibration_curve(y_true, p, n_bins=n_bins)``, the call to use
    outside the course; this adds each bin's count.

    Returns a DataFrame with one row per non-empty bin (indexed by bin number): ``mean_predicted``,
    ``fraction_positive`` and ``count``. A calibrated model has ``fraction_positive`` close to
    ``mean_predicted``.
    """
    from sklearn.calibration import calibration_curve

    y, p = validate.labels_and_probabilities(y_true, p)
    n_bins = validate.count(n_bins, "n_bins")
    fraction_positive, mean_predicted = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
    counts = np.bincount(_bins(p, n_bins), minlength=n_bins)
    return pd.DataFrame({"mean_predicted": mean_predicted, "fraction_positive": fraction_positive,
                         "count": counts[counts > 0]},
                        index=pd.Index(np.flatnonzero(counts > 0), name="bin"))


def expected_calibration_error(y_true, p, n_bins=10):
    """Expected calibration error: the count-weighted mean |fraction positive - mean predicted| over bins.

    The bins are those of ``reliability_curve`` (scikit-learn's); computed with ``np.bincount`` (the
    same number as summing over the reliability table, and fast enough for the bootstrap of
    ``metrics.difference``).
    """
    y, p = validate.labels_and_probabilities(y_true, p)
    n_bins = validate.count(n_bins, "n_bins")
    bins = _bins(p, n_bins)
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
