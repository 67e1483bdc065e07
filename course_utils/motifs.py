"""Motifs and position weight matrices: letter heights of logos, scanning, comparing motifs.

Position matrices (counts, probabilities, log-odds) have shape ``(4, w)``: one
row per base in the order A, C, G, T, one column per motif position, the same
layout as JASPAR files and as the weights of a first-layer filter.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

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


def _as_probabilities(m, what, pseudocount):
    """A (4, w) count matrix -> probabilities (with ``pseudocount``); probability matrices pass unchanged."""
    m = validate.position_matrix(m, what)
    if not m.any():
        raise ValueError(f"{what} is all zeros (a filter that no site switched on): it has no motif to compare; "
                         "drop it (e.g. keep filters with n_sites > 0)")
    if np.allclose(m.sum(axis=0), 1.0, atol=1e-6):
        return m
    return probabilities(m, pseudocount)


def _named_queries(queries):
    """``(names, matrices)`` from a dict, a list, an ``(F, 4, w)`` array or one ``(4, w)`` matrix."""
    if isinstance(queries, dict):
        names, mats = list(queries), list(queries.values())
    elif isinstance(queries, np.ndarray) and queries.ndim == 2:
        names, mats = [0], [queries]
    elif isinstance(queries, np.ndarray) and queries.ndim == 3:
        names, mats = list(range(len(queries))), list(queries)
    elif isinstance(queries, (list, tuple)):
        names, mats = list(range(len(queries))), list(queries)
    else:
        raise TypeError("queries must be a dict {name: (4, w) matrix}, a list of (4, w) matrices, an (F, 4, w) "
                        "array (e.g. the counts of interpret.filter_counts) or one (4, w) matrix; got "
                        f"{type(queries).__name__}")
    if not mats:
        raise ValueError("queries is empty: pass at least one (4, w) matrix")
    return names, mats


def _tomtom_rows(names, mats, database, top, pseudocount):
    """TOMTOM p-values (memelite) of every query against every database motif, q-values per query."""
    from memelite import tomtom as _memelite_tomtom   # imported here: numba loads in a few seconds

    if len(database) < 25:
        raise ValueError(f"database has {len(database)} motifs; TOMTOM's p-values need a real database "
                         "(at least 25 motifs, e.g. all of JASPAR CORE)")
    if isinstance(pseudocount, bool) or not isinstance(pseudocount, (int, float)) or pseudocount <= 0:
        raise ValueError(f"pseudocount must be a positive number, got {pseudocount!r}")
    qs = [np.asfortranarray(_as_probabilities(m, f"query {n!r}", pseudocount)) for n, m in zip(names, mats)]
    ids = list(database)
    targets = [np.ascontiguousarray(probabilities(database[i].counts)) for i in ids]
    p, _, _, overlaps, strands = _memelite_tomtom(qs, targets, n_jobs=1)
    rows = []
    for qi, name in enumerate(names):
        q = false_discovery_control(np.clip(p[qi], 0.0, 1.0), method="bh")     # Benjamini-Hochberg
        for rank, t in enumerate(np.argsort(p[qi], kind="stable")[:top], start=1):
            rows.append({"query": name, "rank": rank, "matrix_id": ids[t], "name": database[ids[t]].name,
                         "p_value": float(p[qi, t]), "q_value": float(q[t]),
                         "overlap": int(overlaps[qi, t]), "strand": "-" if strands[qi, t] else "+"})
    return rows


def _similarity_rows(names, mats, database, top, min_overlap):
    """The course's ``motif_similarity`` of every query against every database motif, best first."""
    rows = []
    for name, m in zip(names, mats):
        m = validate.position_matrix(m, f"query {name!r}")
        scored = sorted(((motif_similarity(m, d.counts, min_overlap), mid) for mid, d in database.items()),
                        key=lambda t: -t[0])                                   # stable: database order on ties
        for rank, (similarity, mid) in enumerate(scored[:top], start=1):
            rows.append({"query": name, "rank": rank, "matrix_id": mid, "name": database[mid].name,
                         "similarity": similarity})
    return rows


def matches(queries, database, top=1, method="tomtom", pseudocount=0.5, min_overlap=5):
    """The ``top`` database motifs of each query, by TOMTOM's p-value or by the course's similarity.

    ``method="similarity"`` is the course's hand-written score (``motif_similarity``: a cosine over
    ungapped alignments and both strands), a score without a null model. ``method="tomtom"`` is what
    practitioners use: TOMTOM (Gupta et al. 2007, Genome Biology 8:R24, doi:10.1186/gb-2007-8-2-r24)
    builds, for every query column, the distribution of column scores against all columns of the
    database, so each query-target alignment gets a p-value, and the p-values of one query against the
    whole database give q-values (Benjamini-Hochberg false discovery rates). ``memelite`` (Schreiber)
    reimplements it in numba; its code compiles on first use (about a minute, cached next to the
    package; ``tools/warmup.py`` does it at setup).

    Parameters
    ----------
    queries : dict ``{name: (4, w) counts or probabilities}``, a list of such matrices, an array
        ``(F, 4, w)`` (names are then 0..F-1) or one ``(4, w)`` matrix (name 0). For TOMTOM, count
        matrices become probabilities with ``pseudocount`` (matrices whose columns sum to 1 are used as
        they are) and an all-zero matrix (a filter without sites) raises ``ValueError``: memelite scores
        columns by Euclidean distance, so an uninformative query would "match" the flattest database
        motifs with small p-values. (Its similarity is 0 with every motif.)
    database : dict ``{matrix_id: Motif}``, e.g. ``data.load("jaspar2024_core_vertebrates")``; TOMTOM
        needs at least 25 motifs (its null model is built from the database's columns).
    top : int, matches kept per query.
    method : ``"tomtom"`` or ``"similarity"``.
    pseudocount : float > 0, TOMTOM only.
    min_overlap : int, the fewest aligned columns, similarity only.

    Returns
    -------
    pandas.DataFrame, one row per (query, match), best first within a query: ``query``, ``rank``
    (1 = best), ``matrix_id``, ``name``, then for TOMTOM ``p_value``, ``q_value`` (over all database
    motifs, for that query), ``overlap`` (aligned columns) and ``strand`` (``+`` or ``-`` of the target),
    for the similarity ``similarity`` (in [-1, 1], 1 = identical).
    """
    if not isinstance(database, dict) or not all(isinstance(m, Motif) for m in database.values()):
        raise TypeError("database must be a dict {matrix_id: Motif}, e.g. data.load('jaspar2024_core_vertebrates')")
    method = validate.choice(method, ("tomtom", "similarity"), "method")
    top = min(validate.count(top, "top"), len(database))
    names, mats = _named_queries(queries)
    if method == "tomtom":
        return pd.DataFrame(_tomtom_rows(names, mats, database, top, pseudocount))
    min_overlap = validate.count(min_overlap, "min_overlap")
    return pd.DataFrame(_similarity_rows(names, mats, database, top, min_overlap))
