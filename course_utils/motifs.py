"""Motifs and position weight matrices: letter heights of logos, scanning, comparing motifs.

Position matrices (counts, probabilities, log-odds) have shape ``(4, w)``: one
row per base in the order A, C, G, T, one column per motif position, the same
layout as JASPAR files and as the weights of a first-layer filter.
"""
from dataclasses import dataclass

import numpy as np

from . import validate
from .encoding import DNA


@dataclass(frozen=True, eq=False)
class Motif:
    """A named position frequency matrix.

    Attributes
    ----------
    matrix_id : str, e.g. ``"MA0142.1"`` (JASPAR id with version)
    name : str, e.g. ``"Pou5f1::Sox2"``
    counts : np.ndarray, shape ``(4, w)``, site counts per base (rows A, C, G, T)

    Two motifs are equal when id, name and counts are equal; motifs can be set
    members and dict keys.
    """

    matrix_id: str
    name: str
    counts: np.ndarray

    def __post_init__(self):
        if not isinstance(self.matrix_id, str) or not isinstance(self.name, str):
            raise TypeError("Motif(matrix_id, name, counts): matrix_id and name must be str")
        object.__setattr__(self, "counts", validate.position_matrix(self.counts, "counts"))

    @property
    def width(self):
        return self.counts.shape[1]

    def __eq__(self, other):
        if not isinstance(other, Motif):
            return NotImplemented
        return (self.matrix_id, self.name) == (other.matrix_id, other.name) and np.array_equal(self.counts, other.counts)

    def __hash__(self):
        return hash((self.matrix_id, self.name, self.counts.shape, self.counts.tobytes()))

    def __repr__(self):
        return f"Motif({self.matrix_id} {self.name}, width {self.width})"


def probabilities(counts, pseudocount=0.5):
    """Position probability matrix from counts.

    Parameters
    ----------
    counts : array-like, shape ``(4, w)``, non-negative counts (or probabilities).
    pseudocount : float >= 0, added to every count before normalising (avoids log(0)).

    Returns
    -------
    np.ndarray, shape ``(4, w)``; every column sums to 1.
    """
    counts = validate.position_matrix(counts, "counts")
    if isinstance(pseudocount, bool) or not isinstance(pseudocount, (int, float, np.number)) or not pseudocount >= 0:
        raise ValueError(f"pseudocount must be a number >= 0, got {pseudocount!r}")
    c = counts + pseudocount
    total = c.sum(axis=0, keepdims=True)
    if (total == 0).any():
        raise ValueError("a column has no counts and pseudocount is 0: use pseudocount > 0")
    return c / total


def log_odds(probs, background=(0.25, 0.25, 0.25, 0.25)):
    """Log-odds (bits) of a position probability matrix against a background.

    Parameters
    ----------
    probs : array-like, shape ``(4, w)``, columns sum to 1 and are > 0.
    background : 4 positive floats summing to 1, base frequencies A, C, G, T.

    Returns
    -------
    np.ndarray, shape ``(4, w)``, ``log2(p / background)`` in bits: the position
    weight matrix (PWM) used for scanning.
    """
    probs = validate.position_matrix(probs, "probs", kind="probs")
    bg = validate.background(background)
    if (probs <= 0).any():
        raise ValueError("probs has zeros, so log-odds would be -inf: use probabilities(counts, pseudocount>0)")
    return np.log2(probs / bg)


def information_content(probs):
    """Letter heights of a sequence logo, in bits.

    Parameters
    ----------
    probs : array-like, shape ``(4, w)``, columns sum to 1 (use ``probabilities``
        on counts first).

    Returns
    -------
    np.ndarray, shape ``(4, w)``: ``p * IC`` where ``IC = 2 + sum(p log2 p)`` is
    the column's information content (0 to 2 bits).
    """
    probs = validate.position_matrix(probs, "probs", kind="probs")
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(probs > 0, probs * np.log2(probs), 0.0)
    ic = 2.0 + plogp.sum(axis=0, keepdims=True)
    return probs * ic


def scan(x, pwm, both_strands=True):
    """Slide a PWM along one-hot DNA and return the log-odds score at every offset.

    Parameters
    ----------
    x : np.ndarray or torch.Tensor, shape ``(N, 4, L)`` or ``(4, L)``, one-hot DNA.
    pwm : array-like, shape ``(4, w)``, log-odds weights (see ``log_odds``).
    both_strands : bool
        If True, also score the reverse complement and keep the better strand
        at each offset.

    Returns
    -------
    np.ndarray of float64, shape ``(N, L - w + 1)`` (or ``(L - w + 1,)`` for a single
    sequence): the score of the site starting at each offset, in bits.
    """
    x, single = validate.one_hot(x, 4, "x")
    if hasattr(pwm, "matrix_id"):
        raise TypeError("pwm is a Motif: scan with log_odds(probabilities(motif.counts))")
    pwm = np.asarray(pwm, dtype=np.float64)
    if pwm.ndim != 2 or pwm.shape[0] != 4:
        hint = " (it looks transposed: use pwm.T)" if pwm.ndim == 2 and pwm.shape[1] == 4 else ""
        raise ValueError(f"pwm must have shape (4, w); got {pwm.shape}{hint}")
    if not np.isfinite(pwm).all():
        raise ValueError("pwm contains NaN or infinite values: build it with log_odds(probabilities(counts))")
    w = pwm.shape[1]
    if w > x.shape[2]:
        raise ValueError(f"motif width {w} is longer than the sequences ({x.shape[2]})")
    windows = np.lib.stride_tricks.sliding_window_view(x, w, axis=2)  # (N, 4, L-w+1, w)
    scores = np.einsum("nclw,cw->nl", windows, pwm)
    if both_strands:
        rc = pwm[::-1, ::-1]
        scores = np.maximum(scores, np.einsum("nclw,cw->nl", windows, rc))
    return scores[0] if single else scores


def consensus(matrix):
    """Consensus string of a ``(4, w)`` count or probability matrix (most frequent base per column)."""
    m = validate.position_matrix(matrix, "matrix")
    return "".join(DNA[i] for i in m.argmax(axis=0))


def motif_similarity(a, b, min_overlap=5):
    """Similarity of two motifs over all ungapped alignments and both strands.

    Both motifs are turned into probabilities, centred on the uniform background
    (p - 0.25) and, for each alignment, padded with background where they do
    not overlap. The score is the cosine similarity of the padded matrices, so a
    short motif that matches only part of a longer one scores lower than a
    motif that explains the whole of it (a simple stand-in for Tomtom).

    Parameters
    ----------
    a, b : array-like, shape ``(4, wa)`` and ``(4, wb)``, counts or probabilities.
    min_overlap : int, the fewest aligned columns to consider.

    Returns
    -------
    float in [-1, 1]; 1 means identical motifs.
    """
    min_overlap = validate.count(min_overlap, "min_overlap")
    pa, pb = probabilities(a) - 0.25, probabilities(b) - 0.25
    norm = np.sqrt((pa * pa).sum() * (pb * pb).sum())
    if norm == 0:
        return 0.0
    best = -1.0
    wa = pa.shape[1]
    for q in (pb, pb[::-1, ::-1]):
        wq = q.shape[1]
        need = min(min_overlap, wa, wq)
        for shift in range(-(wq - need), wa - need + 1):
            lo, hi = max(0, shift), min(wa, shift + wq)
            best = max(best, float((pa[:, lo:hi] * q[:, lo - shift:hi - shift]).sum() / norm))
    return best


def best_matches(counts, motifs, top=3, min_overlap=5):
    """Rank database motifs by similarity to one learned count matrix.

    Parameters
    ----------
    counts : array-like, shape ``(4, w)``.
    motifs : dict ``{matrix_id: Motif}``, e.g. ``data.load("jaspar2024_core_vertebrates")``.

    Returns
    -------
    list of ``(matrix_id, name, similarity)`` tuples, best first, length ``top``.
    """
    if not isinstance(motifs, dict) or not all(isinstance(m, Motif) for m in motifs.values()):
        raise TypeError("motifs must be a dict {matrix_id: Motif}, e.g. data.load('jaspar2024_core_vertebrates')")
    top = validate.count(top, "top")
    counts = validate.position_matrix(counts, "counts")
    scored = [(mid, m.name, motif_similarity(counts, m.counts, min_overlap)) for mid, m in motifs.items()]
    scored.sort(key=lambda t: -t[2])
    return scored[:top]
