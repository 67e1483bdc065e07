"""k-mer spectra: the hand-made features of the classical baselines."""
from itertools import product

import numpy as np

from . import validate
from .encoding import DNA


def _check_k(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= 8:
        raise ValueError(f"k must be an integer from 1 to 8, got {k!r}")
    return int(k)


def kmer_names(k):
    """All ``4**k`` DNA k-mers in lexicographic order (the columns of ``kmer_counts``)."""
    k = _check_k(k)
    return ["".join(p) for p in product(DNA, repeat=k)]


def kmer_counts(seqs, k, normalize=True):
    """Count overlapping k-mers in each sequence.

    Parameters
    ----------
    seqs : str or list of str
        DNA sequences (lengths may differ). k-mers containing N are skipped.
    k : int
        k-mer length, 1 to 8.
    normalize : bool
        If True, divide each row by its number of counted k-mers (frequencies).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 4**k)``; columns follow ``kmer_names(k)``.
    """
    k = _check_k(k)
    seqs = validate.sequences(seqs)
    lut = np.full(256, -1, dtype=np.int64)
    for j, letter in enumerate(DNA):
        lut[ord(letter)] = j
        lut[ord(letter.lower())] = j
    lut[ord("N")] = lut[ord("n")] = -2
    out = np.zeros((len(seqs), 4**k), dtype=np.float32)
    weights = 4 ** np.arange(k - 1, -1, -1)
    for i, s in enumerate(seqs):
        if len(s) < k:
            raise ValueError(f"sequence {i} has length {len(s)}, shorter than k={k}")
        codes = lut[np.frombuffer(s.encode("latin-1", errors="replace"), dtype=np.uint8)]
        if (codes == -1).any():
            pos = int(np.argmax(codes == -1))
            raise ValueError(f"sequence {i} has the letter {s[pos]!r} at position {pos}; allowed are A/C/G/T/N")
        windows = np.lib.stride_tricks.sliding_window_view(codes, k)
        ok = (windows >= 0).all(axis=1)
        idx = windows[ok] @ weights
        np.add.at(out[i], idx, 1.0)
        if normalize and ok.any():
            out[i] /= ok.sum()
    return out
