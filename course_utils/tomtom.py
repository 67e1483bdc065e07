"""TOMTOM motif comparison with p- and q-values (``memelite.tomtom``), next to ``motifs.best_matches``.

``motifs.best_matches`` is the course's hand-written similarity: a cosine over
ungapped alignments, a score without a null model. TOMTOM (Gupta et al. 2007,
Genome Biology 8:R24, doi:10.1186/gb-2007-8-2-r24) is what practitioners use:
for every query column it builds the distribution of column scores against all
columns of the database, so each query-target alignment gets a p-value, and the
p-values of one query against the whole database give q-values (false discovery
rates). ``memelite`` (Schreiber) reimplements it in numba; its code compiles on
first use (about a minute, cached next to the package; ``tools/warmup.py`` does it
at setup).
"""
import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control

from . import validate
from .motifs import Motif, probabilities


def qvalues(p_values):
    """Benjamini-Hochberg q-values of a 1-D array of p-values (``scipy.stats.false_discovery_control``).

    The q-value of a test is the smallest false discovery rate at which it would
    be called significant: ``q_i = min_{j: p_j >= p_i} p_j * m / rank_j``.

    Parameters
    ----------
    p_values : array-like, shape ``(m,)``, values in [0, 1].

    Returns
    -------
    np.ndarray of float, shape ``(m,)``, each ``q >= p`` and ``q <= 1``, in the input order.
    """
    p = np.asarray(p_values, dtype=np.float64)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"p_values must be a non-empty 1-D array, got shape {p.shape}")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("p_values must be finite numbers in [0, 1]")
    return false_discovery_control(p, method="bh")        # scipy's Benjamini-Hochberg


def _as_probabilities(m, what, pseudocount):
    """A (4, w) count matrix -> probabilities (with ``pseudocount``); probability matrices pass unchanged."""
    m = validate.position_matrix(m, what)
    if not m.any():
        raise ValueError(f"{what} is all zeros (a filter that no site switched on): it has no motif to compare; "
                         "drop it (e.g. keep filters with n_sites > 0)")
    if np.allclose(m.sum(axis=0), 1.0, atol=1e-6):
        return m
    return probabilities(m, pseudocount)


def _as_queries(queries, pseudocount):
    """``(names, [probability matrices])`` from a dict, a list or an ``(F, 4, w)`` array of count matrices."""
    if isinstance(queries, dict):
        names, mats = list(queries), list(queries.values())
    elif isinstance(queries, np.ndarray) and queries.ndim == 3:
        names, mats = list(range(len(queries))), list(queries)
    elif isinstance(queries, (list, tuple)):
        names, mats = list(range(len(queries))), list(queries)
    else:
        raise TypeError("queries must be a dict {name: (4, w) matrix}, a list of (4, w) matrices or an "
                        f"(F, 4, w) array (e.g. the counts of interpret.filter_counts); got {type(queries).__name__}")
    if not mats:
        raise ValueError("queries is empty: pass at least one (4, w) matrix")
    probs = [np.asfortranarray(_as_probabilities(m, f"query {n!r}", pseudocount)) for n, m in zip(names, mats)]
    return names, probs


def best_matches(queries, database, top=1, pseudocount=0.5):
    """The ``top`` database motifs of each query by TOMTOM p-value, with q-values.

    Parameters
    ----------
    queries : dict ``{name: (4, w) counts or probabilities}``, a list of such
        matrices, or an array ``(F, 4, w)`` (names are then 0..F-1). Count
        matrices are turned into probabilities with ``pseudocount``; matrices
        whose columns already sum to 1 are used as they are. An all-zero matrix
        (a filter without sites) raises ``ValueError``: memelite scores columns by
        Euclidean distance, so an uninformative query would "match" the flattest
        database motifs with small p-values.
    database : dict ``{matrix_id: Motif}``, e.g. ``data.load("jaspar2024_core_vertebrates")``;
        at least 25 motifs (TOMTOM's null model is built from the database's columns).
    top : int, matches kept per query.

    Returns
    -------
    pandas.DataFrame with one row per (query, match), best first within a query:
    ``query``, ``rank`` (1 = best), ``matrix_id``, ``name``, ``p_value``,
    ``q_value`` (Benjamini-Hochberg over all database motifs, for that query),
    ``overlap`` (aligned columns) and ``strand`` (``+`` or ``-`` of the target).
    """
    from memelite import tomtom as _memelite_tomtom   # imported here: numba loads in a few seconds

    if not isinstance(database, dict) or not all(isinstance(m, Motif) for m in database.values()):
        raise TypeError("database must be a dict {matrix_id: Motif}, e.g. data.load('jaspar2024_core_vertebrates')")
    if len(database) < 25:
        raise ValueError(f"database has {len(database)} motifs; TOMTOM's p-values need a real database "
                         "(at least 25 motifs, e.g. all of JASPAR CORE)")
    top = min(validate.count(top, "top"), len(database))
    if isinstance(pseudocount, bool) or not isinstance(pseudocount, (int, float)) or pseudocount <= 0:
        raise ValueError(f"pseudocount must be a positive number, got {pseudocount!r}")
    names, qs = _as_queries(queries, pseudocount)
    ids = list(database)
    targets = [np.ascontiguousarray(probabilities(database[i].counts)) for i in ids]
    p, _, _, overlaps, strands = _memelite_tomtom(qs, targets, n_jobs=1)
    rows = []
    for qi, name in enumerate(names):
        q = qvalues(np.clip(p[qi], 0.0, 1.0))
        for rank, t in enumerate(np.argsort(p[qi], kind="stable")[:top], start=1):
            rows.append({"query": name, "rank": rank, "matrix_id": ids[t], "name": database[ids[t]].name,
                         "p_value": float(p[qi, t]), "q_value": float(q[t]),
                         "overlap": int(overlaps[qi, t]), "strand": "-" if strands[qi, t] else "+"})
    return pd.DataFrame(rows)
