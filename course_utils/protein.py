"""Protein sequences as fixed-length inputs and as composition features.

* ``composition``: amino-acid (k=1) or dipeptide (k=2) frequencies, the
  hand-made features of MultiLoc-style localization predictors.
* ``ends``: the N- and C-terminal residues of each protein as one string of a
  fixed length, padded with ``X`` in the middle, so that a sequence model sees
  the targeting signals (N-terminal signal and transit peptides, C-terminal
  retention and anchor signals) at fixed positions within a CPU budget.
"""
from itertools import product

from . import validate
from .encoding import PROTEIN
from .kmers import kmer_table

_K = {1: "amino acids", 2: "dipeptides", 3: "tripeptides"}


def composition_names(k=1):
    """The ``20**k`` amino-acid k-mers in the column order of ``composition`` ("AA", "AC", ...)."""
    k = validate.choice(k, _K, "k")
    return ["".join(p) for p in product(PROTEIN, repeat=k)]


def composition(seqs, k=1):
    """Frequencies of amino acids (k=1) or overlapping dipeptides (k=2) per protein.

    Parameters
    ----------
    seqs : str or list of str
        Protein sequences in one-letter code (any case, lengths may differ).
        k-mers that contain ``X`` (unknown residue or padding) are skipped.
    k : int, 1, 2 or 3.

    Returns
    -------
    np.ndarray of float32, shape ``(N, 20**k)``; each row sums to 1 (or is all 0
    for a protein with no complete k-mer). Columns follow ``composition_names(k)``.

    Raises
    ------
    ValueError
        For a letter other than the 20 amino acids and X, or a sequence shorter than k.
    """
    k = validate.choice(k, _K, "k")
    seqs = validate.sequences(seqs)
    if not seqs:
        raise ValueError("no sequences given: pass a non-empty list of protein strings")
    return kmer_table(seqs, k, PROTEIN, unknown="X")


def ends(seqs, n_term=100, c_term=100, pad="X"):
    """Each protein's N- and C-terminal residues as one string of length ``n_term + c_term``.

    A protein longer than ``n_term + c_term`` keeps its first ``n_term`` and last
    ``c_term`` residues (the middle is dropped). A shorter one is kept whole and
    padded in the middle, so that its first residue is always at position 0 and
    its last residue always at position ``n_term + c_term - 1``: the C-terminal
    part holds up to half the protein (at most ``c_term`` residues), the
    N-terminal part the rest.

    Parameters
    ----------
    seqs : str or list of str, protein sequences.
    n_term, c_term : int, residues kept from each end (n_term >= 1, c_term >= 0).
    pad : str, one letter for the gap (``X`` is all zeros in ``encoding.one_hot_protein``).

    Returns
    -------
    list of str, all of length ``n_term + c_term`` (a single str for a str input).
    """
    single = isinstance(seqs, str)
    seqs = validate.sequences(seqs)
    n_term = validate.count(n_term, "n_term", minimum=1)
    c_term = validate.count(c_term, "c_term", minimum=0)
    if not isinstance(pad, str) or len(pad) != 1:
        raise ValueError(f"pad must be a single letter such as 'X', got {pad!r}")
    out = []
    for i, s in enumerate(seqs):
        if not s:
            raise ValueError(f"sequence {i} is empty")
        if len(s) >= n_term + c_term:
            head, tail = s[:n_term], s[len(s) - c_term:]
        else:
            n_tail = max(min(c_term, len(s) // 2), len(s) - n_term)
            head, tail = s[:len(s) - n_tail], s[len(s) - n_tail:]
        out.append(head + pad * (n_term + c_term - len(head) - len(tail)) + tail)
    return out[0] if single else out
