"""Simulated DNA with planted motifs and known ground truth (DragoNN-style).

Use simulation only where no real data set fits, and say so in the notebook.
Every generator takes a ``seed`` and returns ``(seqs, y, truth)``:

* ``seqs``  -- list of ``N`` DNA strings of equal length ``L``,
* ``y``     -- labels, np.ndarray of shape ``(N,)`` or ``(N, K)``, dtype float32,
* ``truth`` -- pandas.DataFrame, one row per planted site, columns
  ``seq`` (row in ``seqs``), ``motif`` (name), ``start`` (0-based offset of
  the site's first base on the forward strand), ``end`` (exclusive) and
  ``strand`` (``+`` or ``-``), so interpretation methods can be scored.

Motifs are position probability matrices of shape ``(4, w)`` (rows A, C, G, T),
e.g. ``motifs.probabilities(jaspar[mid].counts)``.
"""
import numpy as np
import pandas as pd

from . import seeding
from . import validate
from .encoding import DNA, reverse_complement

TRUTH_COLUMNS = ["seq", "motif", "start", "end", "strand"]


def _check_motif(name, probs):
    return validate.position_matrix(probs, f"motif {name!r}", kind="probs")


def _check_length(length, widths):
    length = validate.count(length, "length")
    if max(widths) > length:
        raise ValueError(f"a motif of width {max(widths)} is longer than the sequences (length={length})")
    return length


def _check_rate(rate, k):
    r = np.asarray(rate, dtype=np.float64) if not isinstance(rate, (str, bytes)) else None
    if r is None or r.ndim > 1 or (r.ndim == 1 and len(r) != k):
        raise ValueError(f"rate must be one number or {k} numbers (one per motif), got {rate!r}")
    if not np.isfinite(r).all() or (r < 0).any() or (r > 1).any():
        raise ValueError(f"rate must lie in [0, 1] (a probability per sequence), got {rate!r}")
    return np.broadcast_to(r, (k,))


def _check_named(motif, what):
    if not (isinstance(motif, tuple) and len(motif) == 2 and isinstance(motif[0], str)):
        hint = " (a Motif: use (motif.name, motifs.probabilities(motif.counts)))" if hasattr(motif, "counts") else ""
        raise TypeError(f"{what} must be a tuple (name, (4, w) probability matrix), got {type(motif).__name__}{hint}")
    return motif


def background(n, length, gc=0.5, seed=0):
    """``n`` random DNA strings of ``length`` bases with expected GC fraction ``gc``.

    ``gc`` may be a float or an array of shape ``(n,)`` (one GC fraction per sequence).
    """
    n, length = validate.count(n, "n"), validate.count(length, "length")
    try:
        gc = np.broadcast_to(np.asarray(gc, dtype=np.float64), (n,))
    except (TypeError, ValueError):
        raise ValueError(f"gc must be one fraction or {n} fractions (one per sequence), got {gc!r}") from None
    if not np.isfinite(gc).all() or ((gc < 0) | (gc > 1)).any():
        raise ValueError(f"gc must lie between 0 and 1, got {gc.min() if np.isfinite(gc).all() else 'NaN'}")
    rng = seeding.rng(seed)          # checks the seed: a whole number >= 0
    p = np.stack([(1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2], axis=1)  # A, C, G, T
    u = rng.random((n, length))
    codes = (u[:, :, None] > np.cumsum(p, axis=1)[:, None, :]).sum(axis=2)
    letters = np.array(list(DNA))
    return ["".join(row) for row in letters[np.minimum(codes, 3)]]


def sample_site(probs, rng):
    """Draw one site (a string of length ``w``) from a ``(4, w)`` probability matrix.

    ``rng`` is a ``numpy.random.Generator``, e.g. ``np.random.default_rng(0)``.
    """
    probs = validate.position_matrix(probs, "probs", kind="probs")
    validate.generator(rng)
    u = rng.random(probs.shape[1])
    idx = (u[None, :] > np.cumsum(probs, axis=0)).sum(axis=0)
    return "".join(DNA[i] for i in np.minimum(idx, 3))


def plant(seq, site, start, strand="+"):
    """Return ``seq`` with ``site`` written at ``start`` (reverse-complemented if ``strand == '-'``)."""
    if not isinstance(seq, str) or not isinstance(site, str):
        raise TypeError(f"seq and site must be DNA strings, got {type(seq).__name__} and {type(site).__name__}")
    start = validate.count(start, "start", minimum=0)
    if start < 0 or start + len(site) > len(seq):
        raise ValueError(f"a site of width {len(site)} at {start} does not fit in a sequence of length {len(seq)}")
    if strand not in "+-" or len(strand) != 1:
        raise ValueError(f"strand must be '+' or '-', got {strand!r}")
    if strand == "-":
        site = reverse_complement(site)
    return seq[:start] + site + seq[start + len(site):]


def _free_start(rng, length, width, taken, lo=0, hi=None):
    """A start in [lo, hi - width] whose site does not overlap the intervals in ``taken``."""
    hi = length if hi is None else hi
    for _ in range(1000):
        start = int(rng.integers(lo, hi - width + 1))
        if all(start + width <= a or start >= b for a, b in taken):
            return start
    raise ValueError("could not place a motif without overlap: use longer sequences or fewer motifs")


def motif_presence(motifs, n, length=200, rate=0.5, gc=0.5, seed=0, both_strands=True, gc_confounder=None):
    """Multi-label task: label ``k`` is 1 when motif ``k`` is planted in the sequence.

    Parameters
    ----------
    motifs : dict ``{name: (4, w) probability matrix}``, K motifs.
    n, length : number of sequences and their length in bases.
    rate : float or sequence of K floats, probability that each motif is planted
        (e.g. 0.02 for DeepSEA-like rare positives).
    gc : float, or array of shape ``(n,)``, background GC fraction.
    both_strands : plant on a random strand (else always ``+``).
    gc_confounder : None, or a pair ``(gc_if_positive, gc_if_negative)``: the
        background GC fraction then follows the FIRST label instead of ``gc``,
        a shortcut a model can learn without ever finding the motif (the
        confounding of notebook 16). The labels and sites are the same as
        without it for the same seed; only the background letters change.

    Returns
    -------
    seqs, y of shape ``(n, K)``, truth (see module docstring).
    """
    if not isinstance(motifs, dict) or not motifs:
        raise TypeError("motifs must be a non-empty dict {name: (4, w) probability matrix}, e.g. "
                        "{m.name: motifs.probabilities(m.counts) for m in chosen}")
    names = list(motifs)
    probs = {k: _check_motif(k, motifs[k]) for k in names}
    n = validate.count(n, "n")
    length = _check_length(length, [p.shape[1] for p in probs.values()])
    rate = _check_rate(rate, len(names))
    rng = seeding.rng(seed)          # checks the seed: a whole number >= 0
    background_seed = int(rng.integers(2**31))
    y = (rng.random((n, len(names))) < rate).astype(np.float32)
    if gc_confounder is not None:
        if len(gc_confounder) != 2:
            raise ValueError(f"gc_confounder must be (gc_if_positive, gc_if_negative), got {gc_confounder!r}")
        gc = np.where(y[:, 0] == 1, gc_confounder[0], gc_confounder[1])
    seqs = background(n, length, gc, seed=background_seed)
    rows = []
    for i in range(n):
        taken = []
        for k, name in enumerate(names):
            if y[i, k]:
                w = probs[name].shape[1]
                start = _free_start(rng, length, w, taken)
                strand = "-" if both_strands and rng.random() < 0.5 else "+"
                seqs[i] = plant(seqs[i], sample_site(probs[name], rng), start, strand)
                taken.append((start, start + w))
                rows.append((i, name, start, start + w, strand))
    return seqs, y, pd.DataFrame(rows, columns=TRUTH_COLUMNS)


def motif_grammar(motif_a, motif_b, n, length=200, spacing=(5, 20), gc=0.5, seed=0):
    """Binary task where the label depends on motif ORDER, not presence.

    Every sequence contains one site of A and one of B, ``spacing`` bases apart
    (gap between the two sites, drawn uniformly from the inclusive range).
    Label 1: A comes before B (A upstream of B on the + strand). Label 0: B
    before A. A model that only detects which motifs are present scores 0.5.

    Parameters
    ----------
    motif_a, motif_b : tuple ``(name, (4, w) probability matrix)``.

    Returns
    -------
    seqs, y of shape ``(n,)``, truth with two rows per sequence.
    """
    (name_a, pa), (name_b, pb) = _check_named(motif_a, "motif_a"), _check_named(motif_b, "motif_b")
    if name_a == name_b:
        raise ValueError(f"motif_a and motif_b are both called {name_a!r}: the order task needs two different motifs")
    pa, pb = _check_motif(name_a, pa), _check_motif(name_b, pb)
    n = validate.count(n, "n")
    length = _check_length(length, [pa.shape[1], pb.shape[1]])
    lo, hi = spacing
    if not 0 <= lo <= hi:
        raise ValueError(f"spacing must be (min, max) with 0 <= min <= max, got {spacing}")
    total = pa.shape[1] + pb.shape[1] + hi
    if total > length:
        raise ValueError(f"two sites plus a gap of up to {hi} need {total} bases, more than length={length}")
    rng = seeding.rng(seed)          # checks the seed: a whole number >= 0
    seqs = background(n, length, gc, seed=int(rng.integers(2**31)))
    y = (rng.random(n) < 0.5).astype(np.float32)
    rows = []
    for i in range(n):
        first, second = ((name_a, pa), (name_b, pb)) if y[i] else ((name_b, pb), (name_a, pa))
        gap = int(rng.integers(lo, hi + 1))
        w1, w2 = first[1].shape[1], second[1].shape[1]
        start1 = int(rng.integers(0, length - (w1 + gap + w2) + 1))
        start2 = start1 + w1 + gap
        seqs[i] = plant(seqs[i], sample_site(first[1], rng), start1)
        seqs[i] = plant(seqs[i], sample_site(second[1], rng), start2)
        rows += [(i, first[0], start1, start1 + w1, "+"), (i, second[0], start2, start2 + w2, "+")]
    return seqs, y, pd.DataFrame(rows, columns=TRUTH_COLUMNS)


def long_range_pair(motif_a, motif_b, n, length=200, flank=20, sites_per_motif=(2, 3), rule="match",
                    gc=0.5, seed=0):
    """Binary task whose label needs two sites far apart: the start site and the end site.

    Every sequence has one site in its first ``flank`` bases (role ``"start"``)
    and one in its last ``flank`` bases (role ``"end"``), each a site of motif A
    or of motif B. With ``rule="match"`` label 1 means both are the same motif
    (AA or BB) and label 0 that they differ (AB or BA): an XOR, where neither
    end alone says anything. With ``rule="pair"`` label 1 means A at the start
    and B at the end, label 0 one of AA, BB, BA (equally likely): one end alone
    gives at most 5/6 accuracy, both ends give 100%. Distractor sites of both
    motifs are planted in between (role ``"distractor"``). The number of sites
    of each motif in the whole sequence is drawn from ``sites_per_motif``
    independently of the label, so neither the presence nor the count of either
    motif says anything about the label: a model must know where the sites are.
    All sites are on the ``+`` strand.

    Parameters
    ----------
    motif_a, motif_b : tuple ``(name, (4, w) probability matrix)``; the names must differ.
    n : int, number of sequences.
    length : int, sequence length in bases.
    flank : int, the start site lies in ``[0, flank)`` and the end site in
        ``[length - flank, length)``; at least the wider motif's width.
    sites_per_motif : tuple ``(min, max)``, inclusive range of the number of
        sites of each motif per sequence; ``min >= 2`` so both labels are possible.
    rule : ``"match"`` or ``"pair"`` (see above).
    gc : float, background GC fraction.
    seed : int

    Returns
    -------
    seqs : list of ``n`` strings of length ``length``.
    y : np.ndarray of float32, shape ``(n,)``, the label under ``rule``.
    truth : pandas.DataFrame, the usual columns (``seq, motif, start, end,
        strand``) plus ``role`` (``"start"``, ``"end"`` or ``"distractor"``),
        2 + distractors rows per sequence.
    """
    (name_a, pa), (name_b, pb) = _check_named(motif_a, "motif_a"), _check_named(motif_b, "motif_b")
    if name_a == name_b:
        raise ValueError(f"the two motifs need different names, both are called {name_a!r}")
    probs = {name_a: _check_motif(name_a, pa), name_b: _check_motif(name_b, pb)}
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    lo, hi = sites_per_motif
    if not 2 <= lo <= hi:
        raise ValueError(f"sites_per_motif must be (min, max) with 2 <= min <= max, got {sites_per_motif}; "
                         "with fewer than 2 sites of a motif one label would be impossible")
    if rule not in ("match", "pair"):
        raise ValueError(f"rule must be 'match' or 'pair', got {rule!r}")
    width = max(p.shape[1] for p in probs.values())
    if not width <= flank <= length // 2:
        raise ValueError(f"flank must lie between the wider motif's width ({width}) and length // 2 "
                         f"({length // 2}), got flank={flank}")
    middle = length - 2 * flank
    if 3 * (2 * hi - 2) * width > 2 * middle:
        raise ValueError(f"up to {2 * hi - 2} distractors of width {width} do not fit comfortably in the "
                         f"{middle} bases between the flanks: use a longer sequence, a smaller flank or fewer sites")
    rng = seeding.rng(seed)          # checks the seed: a whole number >= 0
    seqs = background(n, length, gc, seed=int(rng.integers(2**31)))
    y = (rng.random(n) < 0.5).astype(np.float32)
    rows = []
    for i in range(n):
        count = {name_a: int(rng.integers(lo, hi + 1)), name_b: int(rng.integers(lo, hi + 1))}
        if rule == "pair":
            pairs = [(name_a, name_b)] if y[i] else [(name_a, name_a), (name_b, name_b), (name_b, name_a)]
        else:
            pairs = [(name_a, name_a), (name_b, name_b)] if y[i] else [(name_a, name_b), (name_b, name_a)]
        first, second = pairs[int(rng.integers(len(pairs)))]
        count[first] -= 1
        count[second] -= 1
        w1, w2 = probs[first].shape[1], probs[second].shape[1]
        placed = [(first, int(rng.integers(0, flank - w1 + 1)), "start"),
                  (second, int(rng.integers(length - flank, length - w2 + 1)), "end")]
        taken = []
        distractors = [name for name in (name_a, name_b) for _ in range(count[name])]
        for name in rng.permutation(distractors):
            w = probs[name].shape[1]
            start = _free_start(rng, length, w, taken, lo=flank, hi=length - flank)
            taken.append((start, start + w))
            placed.append((str(name), start, "distractor"))
        for name, start, role in placed:
            w = probs[name].shape[1]
            seqs[i] = plant(seqs[i], sample_site(probs[name], rng), start)
            rows.append((i, name, start, start + w, "+", role))
    truth = pd.DataFrame(rows, columns=TRUTH_COLUMNS + ["role"])
    return seqs, y, truth.sort_values(["seq", "start"], kind="stable").reset_index(drop=True)
