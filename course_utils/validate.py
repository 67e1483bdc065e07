"""One validator per kind of input, used by every function that takes it.

Each function either returns the input in a canonical form or raises an error
whose message names what was wrong and how to fix it. Numpy, torch and pandas
never get to raise their own, less helpful, errors on a learner's input.

* ``sequences``: a string or a list-like of strings.
* ``one_hot``: a one-hot array ``(N, C, L)`` or ``(C, L)`` (numpy or torch).
* ``position_matrix``: a ``(4, w)`` count or probability matrix.
* ``background``: 4 base frequencies that sum to 1.
* ``fraction``, ``count``: scalar settings such as rates and sizes.
"""
import numbers

import numpy as np


def sequences(seqs, what="seqs"):
    """Return ``seqs`` as a list of str; a single string becomes a list of one.

    Accepts a str, or a list, tuple, numpy array or pandas Series of str.
    A DataFrame, bytes, a number or None raise ``TypeError`` naming the fix.
    """
    if isinstance(seqs, str):
        return [seqs]
    kind = type(seqs).__name__
    if kind == "DataFrame":
        raise TypeError(f"{what} is a pandas DataFrame; pass one column of sequences, e.g. df['sequence']")
    if isinstance(seqs, (bytes, bytearray)):
        raise TypeError(f"{what} is bytes; decode it first: {what}.decode()")
    if seqs is None or isinstance(seqs, (numbers.Number, dict)):
        raise TypeError(f"{what} must be a str or a list of str, got {kind}")
    try:
        out = list(seqs)
    except TypeError:
        raise TypeError(f"{what} must be a str or a list of str, got {kind}") from None
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sequence {i} is a {type(s).__name__}, expected a str (in {what})")
    return out


def as_array(x, what):
    """numpy float64 copy of a numpy array or torch tensor; other types raise TypeError."""
    if isinstance(x, np.ndarray):
        return np.asarray(x, dtype=np.float64)
    if type(x).__module__.startswith("torch"):
        return x.detach().cpu().numpy().astype(np.float64)
    if isinstance(x, (list, tuple)) and x and not isinstance(x[0], str):
        return np.asarray(x, dtype=np.float64)
    hint = " (encode strings first with encoding.one_hot_dna)" if isinstance(x, (str, list, tuple)) else ""
    raise TypeError(f"{what} must be a numpy array or torch tensor, got {type(x).__name__}{hint}")


def one_hot(x, channels=4, what="x"):
    """Check a one-hot array and return it as numpy float64 with shape ``(N, C, L)``.

    Parameters
    ----------
    x : np.ndarray or torch.Tensor, shape ``(N, C, L)`` or ``(C, L)``.
    channels : int, expected C (4 for DNA, 20 for protein, 21 for alignments).

    Returns
    -------
    (array of shape ``(N, C, L)``, single) where ``single`` says a ``(C, L)`` input
    was given. Entries must be finite, in [0, 1], and sum to at most 1 per position
    (an ``N`` may be all 0 or all 1/C).
    """
    a = as_array(x, what)
    single = a.ndim == 2
    if single:
        a = a[None]
    if a.ndim != 3 or a.shape[1] != channels:
        hint = ""
        if a.ndim == 3 and a.shape[2] == channels:
            hint = " (it looks channels-last: use x.transpose(0, 2, 1) or x.permute(0, 2, 1))"
        raise ValueError(f"{what} must be one-hot with {channels} channels, shape (N, {channels}, L) or ({channels}, L); "
                         f"got {tuple(np.shape(x))}{hint}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    if (a < 0).any() or (a > 1).any() or (a.sum(axis=1) > 1 + 1e-6).any():
        raise ValueError(f"{what} is not one-hot: entries must be in [0, 1] and sum to at most 1 "
                         "at each position (encode sequences with encoding.one_hot_dna)")
    return a, single


def position_matrix(m, what="matrix", kind="counts", rows=4):
    """Check a position matrix and return it as numpy float64 of shape ``(rows, w)``.

    Parameters
    ----------
    m : array-like, shape ``(4, w)``, rows A, C, G, T.
    kind : "counts" (non-negative) or "probs" (non-negative, columns sum to 1).
    """
    if isinstance(m, (str, bytes)) or m is None or isinstance(m, numbers.Number):
        raise TypeError(f"{what} must be a ({rows}, w) array, got {type(m).__name__}")
    if hasattr(m, "counts") and hasattr(m, "matrix_id"):
        fix = "motifs.probabilities(motif.counts)" if kind == "probs" else "motif.counts"
        raise TypeError(f"{what} is a Motif; pass its matrix: {fix}")
    try:
        a = np.asarray(m, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a numeric ({rows}, w) array, got {type(m).__name__}") from None
    if a.ndim != 2 or a.shape[0] != rows or a.shape[1] == 0:
        hint = f" (it looks transposed: use {what}.T)" if a.ndim == 2 and a.shape[1] == rows else ""
        raise ValueError(f"{what} must have shape ({rows}, w) with rows A, C, G, T; got {a.shape}{hint}")
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    if (a < 0).any():
        raise ValueError(f"{what} has negative entries: a {kind} matrix cannot (log-odds are not {kind})")
    if kind == "probs" and not np.allclose(a.sum(axis=0), 1.0, atol=1e-4):
        raise ValueError(f"{what} columns must sum to 1 (they sum to {a.sum(axis=0).min():.3g}-"
                         f"{a.sum(axis=0).max():.3g}): convert counts with motifs.probabilities() first")
    return a


def background(bg, what="background"):
    """Check 4 base frequencies (A, C, G, T): positive and summing to 1. Returns shape ``(4, 1)``."""
    try:
        b = np.asarray(bg, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be 4 numbers (A, C, G, T), got {type(bg).__name__}") from None
    if b.shape != (4,):
        raise ValueError(f"{what} must have 4 frequencies (A, C, G, T), got {b.size}")
    if not np.isfinite(b).all() or (b <= 0).any():
        raise ValueError(f"{what} frequencies must be positive and finite, got {b.tolist()}")
    if abs(b.sum() - 1) > 1e-4:
        raise ValueError(f"{what} must sum to 1, got {b.sum():.4g}: divide by its sum")
    return b.reshape(4, 1)


def fraction(x, what, low_open=False):
    """Check a number in [0, 1] (or (0, 1] with ``low_open``) and return it as float."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{what} must be a number in [0, 1], got {type(x).__name__}")
    x = float(x)
    if not np.isfinite(x) or x < 0 or x > 1 or (low_open and x == 0):
        interval = "(0, 1]" if low_open else "[0, 1]"
        raise ValueError(f"{what} must be in {interval}, got {x!r}")
    return x


def count(n, what, minimum=1):
    """Check a whole number >= ``minimum`` and return it as int."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"{what} must be a whole number, got {type(n).__name__} {n!r}")
    if n < minimum:
        raise ValueError(f"{what} must be at least {minimum}, got {n}")
    return int(n)
