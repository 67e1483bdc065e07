"""Coevolution: contacts of a protein family from its alignment (notebook 14).

* ``planted_contacts`` and ``potts_family``: simulated families with KNOWN contacts
  (a Potts model: site fields plus couplings only between contacting positions),
  sampled by Gibbs sampling, for when no structure is at hand.
* ``mutual_information`` and ``apc``: the classic contact score and its average
  product correction.
* ``mean_field_dca``: direct-coupling analysis (mean-field, Frobenius norm, APC), the
  field's standard baseline: it separates direct couplings from chains of indirect ones.
* ``contact_precision``: precision of the top-scored pairs, the field's standard metric.

Alignments are one-hot arrays of shape ``(N, q, L)`` (``alignment.one_hot_alignment``
gives q = 21: 20 amino acids and the gap); maps are ``(L, L)`` symmetric arrays.
"""
import numpy as np

from . import seeding
from . import validate


def planted_contacts(length, strands, min_separation=6):
    """Contact map of a simple beta-sheet fold.

    Parameters
    ----------
    length : int, number of positions L.
    strands : list of ``(start_a, start_b, width, orientation)``: strand a (positions
        start_a .. start_a+width-1) pairs with strand b, ``"anti"`` (i pairs with the
        mirrored j, as in a hairpin) or ``"parallel"``.
    min_separation : int, pairs closer than this along the chain are not contacts here.

    Returns
    -------
    np.ndarray of bool, shape ``(L, L)``, symmetric, False on the diagonal.
    """
    length = validate.count(length, "length", minimum=2)
    c = np.zeros((length, length), dtype=bool)
    for a, b, w, orientation in strands:
        if orientation not in ("anti", "parallel"):
            raise ValueError(f"orientation must be 'anti' or 'parallel', got {orientation!r}")
        if min(a, b) < 0 or max(a, b) + w > length:
            raise ValueError(f"strand pair ({a}, {b}, width {w}) does not fit in length {length}")
        for k in range(w):
            i, j = a + k, (b + w - 1 - k) if orientation == "anti" else b + k
            for di in (-1, 0, 1):             # each pair and its two neighbours across the sheet
                jj = j - di if orientation == "anti" else j + di
                if 0 <= jj < length and abs(i + di - jj) >= min_separation and 0 <= i + di < length:
                    c[i + di, jj] = c[jj, i + di] = True
    return c


def random_fold(length, seed=0, n_strands=4, width=(4, 6)):
    """A random beta-sheet topology for ``planted_contacts``: strands along the chain,
    neighbours paired as hairpins (antiparallel) plus one long-range pairing.

    Returns a list of ``(start_a, start_b, width, orientation)``.
    """
    length = validate.count(length, "length", minimum=n_strands * (width[1] + 3))
    rng = seeding.rng(seed)
    slot = length // n_strands
    starts = [k * slot + int(rng.integers(1, slot - width[1])) for k in range(n_strands)]
    w = [int(rng.integers(width[0], width[1] + 1)) for _ in range(n_strands)]
    pairs = [(starts[k], starts[k + 1], min(w[k], w[k + 1]), "anti") for k in range(n_strands - 1)]
    pairs.append((starts[0], starts[-1], min(w[0], w[-1]), "anti" if rng.random() < 0.5 else "parallel"))
    return pairs


def potts_family(contacts, n, q=21, coupling=1.2, field=1.0, sweeps=40, ancestors=None, divergence=0.3, seed=0):
    """Sample ``n`` sequences from a Potts model whose couplings sit only on ``contacts``.

    Each position gets random fields (conservation); each contacting pair gets a random
    coupling matrix (which residue combinations fit together). Sequences are drawn by
    Gibbs sampling from independent random starts.

    Parameters
    ----------
    contacts : bool array, shape ``(L, L)``, symmetric (see ``planted_contacts``).
    n : int, number of sequences. q : int, states per position (21 = 20 amino acids + gap).
    coupling, field : float, standard deviations of the couplings and fields (strength).
    sweeps : int, Gibbs sweeps over all positions. seed : int.
    ancestors : None, or the number of ancestral sequences: then each sequence starts
        from a random ancestor and resamples only a fraction ``divergence`` of its
        positions (one Gibbs sweep at that rate), so relatives share
        residues at every position (phylogeny), which inflates the score of every pair
        of variable columns: the background that APC removes.

    Returns
    -------
    np.ndarray of float32, shape ``(n, q, L)``: one-hot sequences.
    """
    contacts = np.asarray(contacts, dtype=bool)
    if contacts.ndim != 2 or contacts.shape[0] != contacts.shape[1] or not (contacts == contacts.T).all():
        raise ValueError(f"contacts must be a symmetric (L, L) bool array, got shape {contacts.shape}")
    n, q, sweeps = validate.count(n, "n"), validate.count(q, "q", 2), validate.count(sweeps, "sweeps")
    rng = seeding.rng(seed)
    length = contacts.shape[0]
    h = rng.normal(0, field, (length, q))
    J = {}
    for i, j in zip(*np.nonzero(np.triu(contacts))):
        m = rng.normal(0, coupling, (q, q))
        J[(i, j)], J[(j, i)] = m, m.T
    partners = [[j for j in range(length) if contacts[i, j]] for i in range(length)]

    def gibbs(s, n_sweeps, rate=1.0):
        for _ in range(n_sweeps):
            for i in range(length):
                move = rng.random(len(s)) < rate              # which sequences update position i
                energy = np.tile(h[i], (len(s), 1))             # (n, q)
                for j in partners[i]:
                    energy += J[(i, j)][:, s[:, j]].T
                p = np.exp(energy - energy.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                new = (rng.random((len(s), 1)) > np.cumsum(p, axis=1)).sum(axis=1).clip(0, q - 1)
                s[move, i] = new[move]
        return s

    if ancestors is None:
        s = gibbs(rng.integers(0, q, (n, length)), sweeps)
    else:
        roots = gibbs(rng.integers(0, q, (validate.count(ancestors, "ancestors"), length)), sweeps)
        rate = validate.fraction(divergence, "divergence", low_open=True)
        s = gibbs(roots[rng.integers(0, len(roots), n)].copy(), 1, rate)
    X = np.zeros((n, q, length), dtype=np.float32)
    X[np.arange(n)[:, None], s, np.arange(length)[None, :]] = 1.0
    return X


def _alignment(X, weights):
    arr = validate.as_array(X, "X")
    if arr.ndim != 3:
        raise ValueError(f"X must be a one-hot alignment of shape (N, q, L); got {arr.shape}")
    X, _ = validate.one_hot(arr, arr.shape[1], "X")
    n = X.shape[0]
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"weights must be {n} non-negative numbers, one per sequence, not all zero")
    return np.asarray(X, dtype=np.float64), w


def _frequencies(X, w, lam):
    """Single-site ``(q, L)`` and pair ``(q, L, q, L)`` frequencies, mixed with a fraction ``lam`` of uniform."""
    n, q, length = X.shape
    flat = X.reshape(n, q * length)
    fi = (w @ flat) / w.sum()                                     # (q*L,)
    fij = (flat * w[:, None]).T @ flat / w.sum()                  # (qL, qL)
    fi = (1 - lam) * fi + lam / q
    fij = (1 - lam) * fij + lam / q**2
    fi, fij = fi.reshape(q, length), fij.reshape(q, length, q, length)
    for i in range(length):                                       # the diagonal block is the single-site marginal
        fij[:, i, :, i] = np.diag(fi[:, i])
    return fi, fij


def mutual_information(X, weights=None, pseudocount=0.5):
    """Mutual information (nats) between every pair of alignment columns.

    Parameters
    ----------
    X : one-hot alignment, shape ``(N, q, L)``.
    weights : optional array ``(N,)`` of sequence weights (``alignment.sequence_weights``).
    pseudocount : float, added to the weighted counts ``N_eff * pseudocount / q**2``-style
        (as a fraction of the effective number of sequences) to tame rare pairs.

    Returns
    -------
    np.ndarray of float64, shape ``(L, L)``, symmetric, zero diagonal.
    """
    X, w = _alignment(X, weights)
    length = X.shape[2]
    fi, fij = _frequencies(X, w, validate.fraction(pseudocount, "pseudocount"))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = fij / (fi[:, :, None, None] * fi[None, None, :, :])
        terms = np.where(fij > 0, fij * np.log(np.where(fij > 0, ratio, 1.0)), 0.0)
    mi = terms.sum(axis=(0, 2))
    np.fill_diagonal(mi, 0.0)
    return mi


def apc(M):
    """Average product correction: ``M_ij - mean_i * mean_j / mean`` over off-diagonal entries.

    Removes the part of a coupling score that every pair involving a variable or gappy
    column shares (phylogeny, entropy), leaving the pair-specific signal.
    ``M`` : array ``(L, L)``, symmetric. Returns an array of the same shape, zero diagonal.
    """
    M = np.asarray(validate.as_array(M, "M"), dtype=np.float64).copy()
    if M.ndim != 2 or M.shape[0] != M.shape[1] or M.shape[0] < 3:
        raise ValueError(f"M must be a square (L, L) matrix with L >= 3, got shape {M.shape}")
    np.fill_diagonal(M, 0.0)
    length = M.shape[0]
    row = M.sum(axis=1) / (length - 1)
    total = M.sum() / (length * (length - 1))
    out = M - np.outer(row, row) / total
    np.fill_diagonal(out, 0.0)
    return out


def mean_field_dca(X, weights=None, pseudocount=0.5, correct=True):
    """Direct-coupling analysis in the mean-field approximation (Morcos et al. 2011).

    MI scores a pair high when the two columns are linked by a chain of contacts
    (i-k and k-j touch, i-j do not). A Potts model explains the whole alignment at
    once; in the mean-field approximation its couplings are minus the inverse of the
    covariance matrix of the one-hot columns, and the inverse keeps the direct part of
    each correlation only. Steps: covariance ``C = f_ij(a, b) - f_i(a) f_j(b)`` of the
    (pseudocount-regularised) frequencies, one state per column left out (the one-hot
    columns of a position sum to one, so the full matrix is singular), ``e = -C^-1``,
    zero-sum gauge, the Frobenius norm of each ``(q, q)`` coupling block, then APC.

    Parameters
    ----------
    X : one-hot alignment, shape ``(N, q, L)``. weights : optional ``(N,)`` sequence weights.
    pseudocount : float in [0, 1), the fraction of uniform frequencies mixed in; it is the
        regulariser that makes the covariance invertible (0.5 is the usual choice for
        alignments of a few hundred sequences; tune it on families with known contacts).
    correct : bool, apply the average product correction (``apc``) to the norms.

    Returns
    -------
    np.ndarray of float64, shape ``(L, L)``, symmetric, zero diagonal.
    """
    X, w = _alignment(X, weights)
    lam = validate.fraction(pseudocount, "pseudocount")
    if lam >= 1:
        raise ValueError("pseudocount must be below 1: at 1 the frequencies carry no data")
    n, q, length = X.shape
    fi, fij = _frequencies(X, w, lam)
    keep = slice(0, q - 1)                                        # leave the last state out
    cov = fij[keep, :, keep, :] - fi[keep, :, None, None] * fi[None, None, keep, :]
    cov = cov.transpose(1, 0, 3, 2).reshape(length * (q - 1), length * (q - 1))
    from threadpoolctl import threadpool_limits    # scikit-learn's dependency
    with threadpool_limits(1):                     # one BLAS thread: faster for this size, no busy-waiting
        inverse = np.linalg.inv(cov)
    e = np.zeros((length, q, length, q))
    e[:, keep, :, keep] = -inverse.reshape(length, q - 1, length, q - 1)
    e = e - e.mean(axis=1, keepdims=True) - e.mean(axis=3, keepdims=True) + e.mean(axis=(1, 3), keepdims=True)
    norm = np.sqrt((e ** 2).sum(axis=(1, 3)))
    norm = (norm + norm.T) / 2
    np.fill_diagonal(norm, 0.0)
    return apc(norm) if correct else norm


def contact_precision(scores, contacts, top=None, min_separation=6):
    """Fraction of true contacts among the ``top`` highest-scoring pairs with ``|i - j| >= min_separation``.

    ``top`` defaults to L // 5 (the field's "top L/5"). Returns a float in [0, 1].
    """
    scores = np.asarray(validate.as_array(scores, "scores"))
    contacts = np.asarray(contacts, dtype=bool)
    if scores.ndim != 2 or scores.shape != contacts.shape or scores.shape[0] != scores.shape[1]:
        raise ValueError(f"scores and contacts must be (L, L) arrays of the same shape, got {scores.shape} and "
                         f"{contacts.shape}")
    length = scores.shape[0]
    top = length // 5 if top is None else validate.count(top, "top")
    i, j = np.triu_indices(length, k=validate.count(min_separation, "min_separation"))
    if len(i) == 0:
        raise ValueError("no pairs are that far apart: lower min_separation")
    order = np.argsort(-scores[i, j], kind="stable")[:top]
    return float(contacts[i[order], j[order]].mean())
