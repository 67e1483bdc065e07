"""Protein family alignments: one-hot with a gap channel, sequence weights, identity (notebooks 07 and 14).

* ``one_hot_alignment``: ``(N, 21, L)`` with the gap as the 21st state.
* ``sequence_weights``: DeepSequence/EVmutation weights (1 / neighbours within an identity).
* ``max_identity``: each query's identity to its closest reference sequence, the
  nearest-neighbour baseline a family model must beat on held-out sequences.
* ``identity_clusters``: groups of sequences linked by an identity at or above a
  threshold, so that a split by cluster keeps close relatives on one side.
"""
import numpy as np

from . import validate
from .encoding import PROTEIN, one_hot

ALIGNMENT = PROTEIN + "-"


def one_hot_alignment(seqs):
    """One-hot encode aligned protein sequences with a gap channel.

    Parameters
    ----------
    seqs : str or list of str
        Rows of a multiple sequence alignment, all the same length, over the 20
        amino acids (any case), the gaps ``-`` and ``.``, and ``X`` (unknown).

    Returns
    -------
    np.ndarray of float32, shape ``(N, 21, L)`` or ``(21, L)`` for one string.
    Channels follow ``ALIGNMENT`` (ACDEFGHIKLMNPQRSTVWY then ``-``): both gap
    symbols go to channel 20; ``X`` is all zeros.

    Raises
    ------
    ValueError
        For an empty input, ragged rows, or any other letter (the message names
        the sequence and position).
    """
    single = isinstance(seqs, str)
    rows = [s.replace(".", "-") for s in validate.sequences(seqs)]
    out = one_hot(rows, ALIGNMENT, 0.0, allowed_unknown="X")
    return out[0] if single else out


def sequence_weights(x, identity=0.8, block=1024):
    """DeepSequence/EVmutation sequence weights: 1 / size of each sequence's neighbourhood.

    A sequence's neighbours are the sequences (itself included) that share at
    least ``identity`` of its non-gap positions. Clusters of near-duplicates
    then count about once, so the weights add up to the effective number of
    sequences ``N_eff``.

    Parameters
    ----------
    x : np.ndarray, shape ``(N, 20, L)`` or ``(N, 21, L)``, one-hot alignment
        (``one_hot_alignment``); only the 20 amino-acid channels are compared, so
        shared gaps do not count as identity.
    identity : float in (0, 1], fraction of sequence ``i``'s residues that
        sequence ``j`` must match to count as its neighbour.
    block : int, rows compared at a time (bounds memory to ``block * N`` floats).

    Returns
    -------
    np.ndarray of float64, shape ``(N,)``, each weight in ``(0, 1]``.
    """
    arr = validate.as_array(x, "x")
    if arr.ndim != 3 or arr.shape[1] not in (20, 21):
        raise ValueError(f"x must be a one-hot alignment of shape (N, 21, L) or (N, 20, L); got {arr.shape}")
    x, _ = validate.one_hot(arr, arr.shape[1], "x")
    identity = validate.fraction(identity, "identity (80 % is 0.8)", low_open=True)
    block = validate.count(block, "block")
    flat = x[:, :20, :].reshape(len(x), -1).astype(np.float32)
    length = np.maximum(flat.sum(axis=1), 1.0)          # residues (non-gap positions) per sequence
    neighbours = np.empty(len(x))
    for start in range(0, len(x), block):
        shared = flat[start:start + block] @ flat.T      # (block, N) identical residues
        frac = shared / length[start:start + block, None]
        neighbours[start:start + block] = (frac >= identity - 1e-6).sum(axis=1)
    return 1.0 / np.maximum(neighbours, 1.0)


def _residues(x, name):
    arr = validate.as_array(x, name)
    if arr.ndim != 3 or arr.shape[1] not in (20, 21):
        raise ValueError(f"{name} must be a one-hot alignment of shape (N, 21, L) or (N, 20, L); got {arr.shape}")
    arr, _ = validate.one_hot(arr, arr.shape[1], name)
    return arr[:, :20, :].reshape(len(arr), -1).astype(np.float32)


def max_identity(query, reference, block=1024):
    """Each query sequence's identity to its closest sequence in ``reference``.

    Identity is defined as in ``sequence_weights``: the fraction of the query's
    residues (gaps excluded) that the reference sequence matches. Scoring a
    held-out sequence by this number is the nearest-neighbour baseline: it
    needs no model, only a memory of the training sequences.

    Parameters
    ----------
    query, reference : one-hot alignments ``(N, 21, L)`` and ``(M, 21, L)`` with the same ``L``.
    block : int, query rows compared at a time.

    Returns
    -------
    np.ndarray of float64, shape ``(N,)``, values in ``[0, 1]`` (0 for a query with no residue).
    """
    q, r = _residues(query, "query"), _residues(reference, "reference")
    if q.shape[1] != r.shape[1]:
        raise ValueError(f"query and reference must have the same alignment length; got {query.shape[-1]} and "
                         f"{reference.shape[-1]} columns")
    block = validate.count(block, "block")
    length = np.maximum(q.sum(axis=1), 1.0)
    out = np.empty(len(q))
    for start in range(0, len(q), block):
        out[start:start + block] = (q[start:start + block] @ r.T).max(axis=1) / length[start:start + block]
    return out


def identity_clusters(x, identity, block=1024):
    """Cluster label of each sequence: the connected groups of the "at least ``identity``" graph.

    Two sequences are linked when either matches at least ``identity`` of the
    other's residues (the definition of ``max_identity``); a cluster is a
    connected group (single linkage). Splitting whole clusters between training
    and test guarantees that no test sequence has ``identity`` or more to any
    training sequence.

    Parameters
    ----------
    x : one-hot alignment ``(N, 21, L)``. identity : float in (0, 1]. block : int.

    Returns
    -------
    np.ndarray of int, shape ``(N,)``: cluster labels 0, 1, ... numbered by decreasing
    cluster size (0 is the largest cluster).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    flat = _residues(x, "x")
    identity = validate.fraction(identity, "identity (70 % is 0.7)", low_open=True)
    block = validate.count(block, "block")
    length = np.maximum(flat.sum(axis=1), 1.0)
    rows, cols = [], []
    for start in range(0, len(flat), block):
        shared = flat[start:start + block] @ flat.T
        i, j = np.nonzero(shared / length[start:start + block, None] >= identity - 1e-6)
        rows.append(i + start)
        cols.append(j)
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(flat), len(flat)))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    rank = np.empty(len(sizes), dtype=int)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(len(sizes))
    return rank[labels]
