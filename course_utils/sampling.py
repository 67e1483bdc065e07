"""Subsampling that removes a known shortcut from a labelled set."""
import numpy as np

from . import seeding
from . import validate
from .encoding import gc_content


def gc_matched(seqs, labels, bin_width=0.025, seed=0):
    """Indices of a subset in which both classes have the same GC-content distribution.

    Sequences are binned by GC fraction; in every bin the larger class is
    subsampled (without replacement, seeded) to the size of the smaller one, so
    GC content alone can no longer tell the classes apart.

    Parameters
    ----------
    seqs : list of N DNA strings.
    labels : array of shape ``(N,)``, 0/1 labels.
    bin_width : float, width of the GC bins (fraction, e.g. 0.025 = 2.5 %).
    seed : int.

    Returns
    -------
    np.ndarray of int, sorted row indices into ``seqs`` (equal numbers of 0s and 1s).
    """
    seqs = validate.sequences(seqs)
    if labels is None or isinstance(labels, (str, bytes)):
        raise TypeError(f"labels must be an array of 0/1 labels, got {type(labels).__name__}")
    labels = np.asarray(labels).ravel()
    if len(labels) != len(seqs):
        raise ValueError(f"got {len(seqs)} sequences but {len(labels)} labels")
    if not set(np.unique(labels).tolist()) <= {0, 1}:
        raise ValueError("labels must be 0/1")
    if not 0 < bin_width <= 0.5:
        raise ValueError(f"bin_width must be a fraction in (0, 0.5], got {bin_width}")
    bins = np.floor(gc_content(seqs) / bin_width).astype(int)
    rng = seeding.rng(seed)
    keep = []
    for b in np.unique(bins):
        pos = np.flatnonzero((bins == b) & (labels == 1))
        neg = np.flatnonzero((bins == b) & (labels == 0))
        k = min(len(pos), len(neg))
        keep += [rng.choice(pos, k, replace=False), rng.choice(neg, k, replace=False)]
    return np.sort(np.concatenate(keep)) if keep else np.array([], dtype=int)
