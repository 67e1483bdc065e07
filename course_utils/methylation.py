"""DNA methylation from neighbouring CpGs (notebook 19, DeepCpG's CpG module).

The data are CpG-level bisulfite counts along one chromosome
(``data.load("imr90_chr22_cpg")``): for each CpG its position (bp) and the
methylated and total reads. A CpG's **level** is methylated / total reads, in
[0, 1]. The features of a CpG are the levels of its ``k`` nearest observed
CpGs on each side and their distances to it (the CpG's own reads are never
among them), the input of DeepCpG's CpG module (Angermueller et al. 2017).

Arrays: ``pos`` is ``(N,)`` positions in bp, sorted ascending and unique;
``level`` is ``(N,)`` in [0, 1]; neighbour features are ``(N, 2, 2k)`` with
channel 0 the neighbours' levels and channel 1 ``log10`` of their distances in
bp, neighbours in genome order (the ``k`` upstream, farthest first, then the
``k`` downstream, nearest first).
"""
import numpy as np
import pandas as pd

from . import seeding, validate

MIN_COVERAGE = 10        # reads (both replicates pooled) for a CpG to count as observed
FAR_BP = 1e6             # distance given to a missing neighbour (past a chromosome end), bp
FILL_LEVEL = 0.5         # level given to a missing neighbour


def _positions(pos, what="pos"):
    p = validate.as_array(np.asarray(pos) if isinstance(pos, (list, tuple, pd.Series)) else pos, what)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{what} must be a non-empty 1-D array of positions in bp, got shape {p.shape}")
    if not np.isfinite(p).all():
        raise ValueError(f"{what} contains NaN or infinite values")
    if (np.diff(p) <= 0).any():
        raise ValueError(f"{what} must be sorted ascending with no duplicates (one row per CpG in genome order): "
                         "sort the table by position first")
    return p


def _levels(level, n, what="level"):
    a = validate.as_array(np.asarray(level) if isinstance(level, (list, tuple, pd.Series)) else level, what)
    if a.shape != (n,):
        raise ValueError(f"{what} must have one value per CpG, shape ({n},); got {a.shape}")
    if not np.isfinite(a).all() or (a < 0).any() or (a > 1).any():
        raise ValueError(f"{what} must be methylation levels in [0, 1] (methylated / total reads) with no NaN")
    return a


def pooled_levels(table, min_coverage=MIN_COVERAGE):
    """The observed CpGs of a bisulfite table, both replicates pooled.

    Parameters
    ----------
    table : DataFrame with columns ``pos``, ``m1``, ``cov1``, ``m2``, ``cov2``
        (and optionally ``split``), one row per CpG in genome order, as
        ``data.load("imr90_chr22_cpg")`` returns it.
    min_coverage : int, reads (replicates summed) for a CpG to count as observed.

    Returns
    -------
    DataFrame with one row per observed CpG: ``pos`` (bp), ``methylated`` and
    ``coverage`` (reads), ``level`` (= methylated / coverage, in [0, 1]) and
    ``split`` when the table has one.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be the DataFrame from data.load('imr90_chr22_cpg'), got {type(table).__name__}")
    missing = [c for c in ("pos", "m1", "cov1", "m2", "cov2") if c not in table.columns]
    if missing:
        raise ValueError(f"table has no column(s) {missing}; expected pos, m1, cov1, m2, cov2")
    min_coverage = validate.count(min_coverage, "min_coverage")
    coverage = (table["cov1"] + table["cov2"]).to_numpy()
    keep = coverage >= min_coverage
    out = pd.DataFrame({"pos": table["pos"].to_numpy()[keep],
                        "methylated": (table["m1"] + table["m2"]).to_numpy()[keep],
                        "coverage": coverage[keep]})
    out["level"] = out["methylated"] / out["coverage"]
    if "split" in table.columns:
        out["split"] = table["split"].to_numpy()[keep]
    _positions(out["pos"].to_numpy())
    return out


def cpg_density(pos, at, window=500):
    """How many of the CpGs at ``pos`` lie within ``window`` bp of each position in ``at``.

    A CpG at exactly a position of ``at`` is not counted (a CpG is not its own
    neighbour). With ``pos`` all CpGs of a region this is the local CpG density,
    a feature read from the DNA sequence alone: CpG islands hold a CpG every
    10-20 bp, the rest of the genome about one per 100 bp.

    Parameters
    ----------
    pos : (M,) sorted positions of CpGs, bp.  at : (N,) positions to count around, bp.
    window : int, bp on each side.

    Returns
    -------
    (N,) int array of counts.
    """
    p = _positions(pos)
    a = validate.as_array(np.asarray(at) if isinstance(at, (list, tuple, pd.Series)) else at, "at")
    if a.ndim != 1:
        raise ValueError(f"at must be a 1-D array of positions, got shape {a.shape}")
    window = validate.count(window, "window")
    inside = np.searchsorted(p, a + window, side="right") - np.searchsorted(p, a - window, side="left")
    self_hit = np.isin(a, p)
    return (inside - self_hit).astype(int)


def neighbour_features(pos, level, k=10):
    """Levels and distances of the ``k`` nearest observed CpGs on each side.

    Parameters
    ----------
    pos : (N,) sorted positions of the observed CpGs, bp.
    level : (N,) their methylation levels in [0, 1].
    k : int, neighbours per side.

    Returns
    -------
    float32 array ``(N, 2, 2k)``: channel 0 the neighbours' levels, channel 1
    ``log10`` of their distance in bp. Columns ``0..k-1`` are the upstream
    neighbours (farthest first), ``k..2k-1`` the downstream ones (nearest
    first). Past a chromosome end a neighbour is missing: level ``FILL_LEVEL``,
    distance ``FAR_BP``. The CpG's own level is never used.
    """
    p = _positions(pos)
    lev = _levels(level, len(p))
    k = validate.count(k, "k")
    n = len(p)
    offsets = np.r_[np.arange(-k, 0), np.arange(1, k + 1)]            # (2k,) genome order
    j = np.arange(n)[:, None] + offsets[None, :]                       # (N, 2k) neighbour rows
    present = (j >= 0) & (j < n)
    jj = np.clip(j, 0, n - 1)
    levels = np.where(present, lev[jj], FILL_LEVEL)
    distance = np.where(present, np.abs(p[jj] - p[:, None]), FAR_BP)
    return np.stack([levels, np.log10(distance)], axis=1).astype(np.float32)


def _features(features, what="features"):
    f = validate.as_array(features, what)
    if f.ndim != 3 or f.shape[1] != 2 or f.shape[2] % 2:
        raise ValueError(f"{what} must be neighbour features of shape (N, 2, 2k) from neighbour_features, "
                         f"got {f.shape}")
    return f


def knn_predict(features, k, power):
    """The distance-weighted mean level of the ``k`` nearest neighbours (either side).

    Weights are ``distance ** -power`` (power 0: plain mean; 1 or 2: near
    neighbours count more).

    Parameters
    ----------
    features : (N, 2, 2K) from ``neighbour_features``; ``k`` must be at most 2K.
    k : int, neighbours averaged.  power : float >= 0.

    Returns
    -------
    (N,) predicted levels in [0, 1].
    """
    f = _features(features)
    k = validate.count(k, "k")
    if k > f.shape[2]:
        raise ValueError(f"k = {k} is more than the {f.shape[2]} neighbours in the features")
    if isinstance(power, bool) or not isinstance(power, (int, float)) or power < 0:
        raise ValueError(f"power must be a number >= 0, got {power!r}")
    log_d = f[:, 1]
    nearest = np.argsort(log_d, axis=1, kind="stable")[:, :k]          # (N, k)
    lev = np.take_along_axis(f[:, 0], nearest, axis=1)
    w = 10.0 ** (-power * np.take_along_axis(log_d, nearest, axis=1))
    return (w * lev).sum(axis=1) / w.sum(axis=1)


def correlation_by_distance(pos, level, edges=(2, 50, 100, 200, 500, 1000, 2000, 5000, 20000, 100000),
                            offsets=(1, 2, 3, 5, 8, 13, 20, 30, 50, 80, 130, 200, 300, 500, 800, 1300)):
    """Pearson correlation of the levels of CpG pairs, by the distance between them.

    The pairs are each CpG with the CpG ``offset`` rows downstream, for every
    offset in ``offsets`` (a spread of offsets reaches far without taking all
    pairs); each pair falls in the distance bin of its distance.

    Parameters
    ----------
    pos, level : (N,) sorted positions (bp) and levels.
    edges : increasing bin edges in bp; a pair at distance d falls in bin [edges[i], edges[i+1]).
    offsets : positive whole numbers, rows between the two CpGs of a pair.

    Returns
    -------
    DataFrame with one row per bin: ``low``, ``high`` (bp), ``mid`` (geometric
    middle, bp), ``pairs`` and ``r`` (NaN for a bin without pairs).
    """
    p = _positions(pos)
    lev = _levels(level, len(p))
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or (np.diff(edges) <= 0).any():
        raise ValueError("edges must be at least two increasing distances in bp")
    nbins = len(edges) - 1
    sums = np.zeros((nbins, 6))            # n, sum a, sum b, sum a^2, sum b^2, sum ab per bin
    for off in offsets:
        off = validate.count(off, "each offset")
        if off >= len(p):
            continue
        d = p[off:] - p[:-off]
        a, b = lev[:-off], lev[off:]
        bins = np.searchsorted(edges, d, side="right") - 1
        ok = (bins >= 0) & (bins < nbins)
        for col, v in enumerate((np.ones_like(a), a, b, a * a, b * b, a * b)):
            sums[:, col] += np.bincount(bins[ok], weights=v[ok], minlength=nbins)
    n, sa, sb, saa, sbb, sab = sums.T
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = sab / n - sa * sb / n ** 2
        r = cov / np.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2))
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "mid": np.sqrt(edges[:-1] * edges[1:]),
                         "pairs": n.astype(int), "r": r})


def random_split(n, valid_fraction, seed=0):
    """A random split of ``n`` CpGs: True for the ``valid_fraction`` held out (the wrong way, for comparison).

    ``seed`` is shifted by ``COURSE_SEED_OFFSET``. Returns an (n,) bool array.
    """
    n = validate.count(n, "n")
    valid_fraction = validate.fraction(valid_fraction, "valid_fraction", low_open=True)
    held = np.zeros(n, dtype=bool)
    held[seeding.rng(seed).permutation(n)[:int(round(valid_fraction * n))]] = True
    return held
