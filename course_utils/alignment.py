"""Protein family alignments: one-hot with a gap channel, and sequence weights (notebooks 07 and 14)."""
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
