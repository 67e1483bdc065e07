"""k-mer spectra: the hand-made features of the classical baselines."""
from itertools import product

import numpy as np

from . import validate
from .encoding import DNA, letter_index


def kmer_names(k):
    """All ``4**k`` DNA k-mers in lexicographic order (the columns of ``kmer_counts``)."""
    k = validate.count(k, "k", 1, 8)
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
    return kmer_table(seqs, validate.count(k, "k", 1, 8), DNA, unknown="N", normalize=normalize)   # kmer_table validates seqs


def kmer_table(seqs, k, alphabet, unknown, normalize=True):
    """Overlapping k-mer counts over any alphabet (shared by DNA k-mers and protein composition).

    Parameters
    ----------
    seqs : str or list of str; letters of ``alphabet`` in any case, or ``unknown``.
    k : int, k-mer length.
    alphabet : str, e.g. ``DNA`` or ``PROTEIN``; column order is lexicographic in it.
    unknown : str, one letter whose k-mers are skipped (``N`` for DNA, ``X`` for protein).
    normalize : bool, divide each row by its number of counted k-mers.

    Returns
    -------
    np.ndarray of float32, shape ``(N, len(alphabet)**k)``; a row with no complete k-mer is all 0.
    """
    seqs = validate.sequences(seqs)
    if not isinstance(alphabet, str) or not alphabet or not isinstance(unknown, str) or len(unknown) != 1:
        raise TypeError("alphabet must be a non-empty string (e.g. DNA) and unknown one letter (e.g. 'N')")
    k = validate.count(k, "k")
    size = len(alphabet)
    lut = letter_index(alphabet, unknown, unknown_code=-2)       # -1: not allowed, -2: skipped
    out = np.zeros((len(seqs), size**k), dtype=np.float32)
    weights = size ** np.arange(k - 1, -1, -1)
    for i, s in enumerate(seqs):
        if len(s) < k:
            raise ValueError(f"sequence {i} has length {len(s)}, shorter than k={k}")
        codes = lut[np.frombuffer(s.encode("latin-1", errors="replace"), dtype=np.uint8)]
        if (codes == -1).any():
            pos = int(np.argmax(codes == -1))
            allowed = "A/C/G/T/N" if alphabet == DNA else f"the {size} letters {alphabet} and {unknown}"
            raise ValueError(f"sequence {i} has the letter {s[pos]!r} at position {pos}; allowed are {allowed}")
        windows = np.lib.stride_tricks.sliding_window_view(codes, k)
        ok = (windows >= 0).all(axis=1)
        if ok.any():
            out[i] = np.bincount(windows[ok] @ weights, minlength=size**k)
            if normalize:
                out[i] /= ok.sum()
    return out
